"""Figures transcribed from official tables (GACC), ministries and news reports.

Every row of every curated CSV must carry a non-empty ``source_url`` (a URL, or for two rows
of the annual series the outlet named by the transcriber): a row without one stops the load.
Values keep the unit the source printed (USD billion, CNY trillion, US$ thousand …); only
``official_totals`` converts, and only rows printed in US dollars.
"""

from __future__ import annotations

import re

import pandas as pd

from tradebook import reference
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "curated"
_FOLDER = "curated_news_and_official"
ANNUAL_SERIES = "china_asean_annual_totals_news_series.csv"
AGGREGATES = "china_asean_trade_aggregates_news.csv"
# January-to-month periods as the aggregates table writes them: 2025-01..08, 2025-Q1, 2025-H1
_YTD_PERIOD = re.compile(r"^(?P<year>\d{4})-(?:01\.\.(?P<month>\d{2})|(?P<q1>Q1)|(?P<h1>H1))$")
_UNITS = {"USD billion": ("USD", 1e9), "CNY trillion": ("CNY", 1e12)}
_SERIES_FLOWS = {"total_trade": "total", "china_exports_to_asean": "export", "china_imports_from_asean": "import"}


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_label(period: str) -> str:
    """A period as the curated tables write it, for a reader: "2024-01..11" → "Jan–Nov 2024"; others unchanged."""
    months = re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d\d)(.*)", period)
    if not months:
        return period
    year, first, last, rest = months.groups()
    return f"{MONTHS[int(first) - 1]}–{MONTHS[int(last) - 1]} {year}{rest}"


def load_table(name: str) -> pd.DataFrame:
    """One curated CSV, checked for a source_url on every row."""
    relative = f"{_FOLDER}/{name}"
    table = pd.read_csv(manifest.verified(relative), dtype=str, keep_default_na=False)
    if "source_url" not in table.columns:
        raise SchemaError(f"data/raw/{relative} has no source_url column: every curated figure needs its source")
    blank = table.index[table["source_url"].str.strip() == ""]
    if len(blank):
        raise SchemaError(f"data/raw/{relative}: rows {[int(i) + 2 for i in blank[:5]]} have no source_url")
    return table


def numbers(values: pd.Series, relative: str, column: str) -> pd.Series:
    """``values`` (text from a curated CSV) as numbers, or one line naming the first that is not one and its row."""
    parsed = pd.to_numeric(values.str.replace(",", "", regex=False).str.strip(), errors="coerce")
    bad = values[parsed.isna() & (values.str.strip() != "")]
    if len(bad):
        raise SchemaError(
            f"data/raw/{relative}: {column}={bad.iloc[0]!r} in row {int(bad.index[0]) + 2} is not a number: write the figure as published, e.g. 982.3"
        )
    return parsed


def official_totals() -> pd.DataFrame:
    """China–ASEAN annual trade as published (China-side, GACC/MOFCOM), in USD.

    Columns: year, flow (total/export/import), value_usd, flag (approximate, lower_bound or ''),
    source_agency, notes, source_url. Rows without a US-dollar figure (2023 is published only
    in yuan) are left out.
    """
    table = load_table(ANNUAL_SERIES)
    long = table.melt(
        id_vars=["year", "unit", "source_agency_cited", "notes", "source_url"], value_vars=list(_SERIES_FLOWS), var_name="column", value_name="value"
    )
    long = long[(long["value"].str.strip() != "") & long["unit"].str.startswith("USD billion")]
    long["value"] = numbers(long["value"], f"{_FOLDER}/{ANNUAL_SERIES}", "value")
    unit_note = long["unit"].str.lower() + " " + long["notes"].str.lower()
    flag = pd.Series("", index=long.index)
    flag[unit_note.str.contains("approx")] = "approximate"
    flag[long["unit"].str.contains("exceeded")] = "lower_bound"
    return (
        pd.DataFrame(
            {
                "year": long["year"].astype(int),
                "flow": long["column"].map(_SERIES_FLOWS),
                "value_usd": long["value"] * 1e9,
                "flag": flag,
                "source_agency": long["source_agency_cited"],
                "notes": long["notes"],
                "source_url": long["source_url"],
            }
        )
        .sort_values(["year", "flow"])
        .reset_index(drop=True)
    )


def year_to_date(year: int) -> pd.DataFrame:
    """Published China–ASEAN January-to-month total trade for ``year``, in whole USD or CNY.

    From the curated aggregates table (periods ``YYYY-01..MM``, ``YYYY-Q1``, ``YYYY-H1`` with a
    value in USD billion or CNY trillion) and data/reference/published_year_to_date.csv (figures
    the curated tables hold only in a notes cell). Columns: year, last_month, currency, value,
    source_agency, source_url; sorted by last_month.
    """
    table = load_table(AGGREGATES)
    table["value"] = numbers(table["value"], f"{_FOLDER}/{AGGREGATES}", "value")
    rows = []
    for row in table.itertuples():
        match = _YTD_PERIOD.match(row.period)
        if not match or int(match["year"]) != year or row.flow != "total trade" or row.unit not in _UNITS or pd.isna(row.value):
            continue
        last_month = 3 if match["q1"] else 6 if match["h1"] else int(match["month"])
        currency, scale = _UNITS[row.unit]
        rows.append(
            {
                "year": year,
                "last_month": last_month,
                "currency": currency,
                "value": float(row.value) * scale,
                "source_agency": row.source_agency_cited,
                "source_url": row.source_url,
            }
        )
    transcribed = reference.read_table("published_year_to_date.csv", ["year", "last_month", "flow", "value", "unit", "source_url"], dtype={"value": float})
    for row in transcribed[(transcribed["year"] == year) & (transcribed["flow"] == "total")].itertuples():
        if row.unit not in _UNITS:
            raise SchemaError(f"data/reference/published_year_to_date.csv: unit {row.unit!r} must be one of {sorted(_UNITS)}")
        currency, scale = _UNITS[row.unit]
        rows.append(
            {
                "year": year,
                "last_month": int(row.last_month),
                "currency": currency,
                "value": row.value * scale,
                "source_agency": row.source_agency,
                "source_url": row.source_url,
            }
        )
    columns = ["year", "last_month", "currency", "value", "source_agency", "source_url"]
    return pd.DataFrame(rows, columns=columns).sort_values(["last_month", "currency"]).reset_index(drop=True)
