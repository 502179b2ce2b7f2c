"""Figures transcribed from official tables (GACC), ministries and news reports.

Every row of every curated CSV must carry a non-empty ``source_url`` (a URL, or for two rows
of the annual series the outlet named by the transcriber): a row without one stops the load.
Values keep the unit the source printed (USD billion, CNY trillion, US$ thousand …); only
``official_totals`` converts, and only rows printed in US dollars.
"""

from __future__ import annotations

import re

import pandas as pd

from tradebook import language, reference
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "curated"
_FOLDER = "curated_news_and_official"
ANNUAL_SERIES = "china_asean_annual_totals_news_series.csv"
AGGREGATES = "china_asean_trade_aggregates_news.csv"
# January-to-month periods as the aggregates table writes them: 2025-01..08, 2025-Q1, 2025-H1
_YTD_PERIOD = re.compile(r"^(?P<year>\d{4})-(?:01\.\.(?P<month>\d{2})|(?P<q1>Q1)|(?P<h1>H1))$")
_UNITS = {"USD billion": ("USD", 1e9), "USD trillion": ("USD", 1e12), "CNY trillion": ("CNY", 1e12)}
PUBLISHED = "published_figures.csv"
PUBLISHED_COLUMNS = [
    "figure", "reporter", "partner", "partner_definition", "partner_definition_zh_hans", "flow", "year", "first_month",
    "last_month", "value", "unit", "yoy_pct", "released_on", "publisher", "source_title", "source_url", "source_kind",
    "source_kind_zh_hans", "note",
]  # fmt: skip
_SERIES_FLOWS = {"total_trade": "total", "china_exports_to_asean": "export", "china_imports_from_asean": "import"}


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_label(period: str) -> str:
    """A period as the curated tables write it, for a reader: "2024-01..11" → "Jan–Nov 2024", "2023-01" → "Jan 2023",
    "2024 full year" as it is (Chinese: 2024年1—11月, 2023年1月, 2024年全年); others unchanged."""
    whole = re.fullmatch(r"(\d{4}) full year", period)
    if whole:
        return language.text("{year} full year", year=whole.group(1))
    one = re.fullmatch(r"(\d{4})-(\d\d)", period)
    if one:
        return language.period(int(one.group(1)), int(one.group(2)), int(one.group(2)))
    months = re.fullmatch(r"(\d{4})-(\d\d)\.\.(\d\d)(.*)", period)
    if not months:
        return period
    year, first, last, rest = months.groups()
    if language.chinese():
        return language.period(int(year), int(first), int(last)) + rest
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
    """China–ASEAN annual trade as published (China-side, GACC/MOFCOM), in USD, with the kind of page each figure rests on.

    Columns: year, flow (total/export/import), value_usd, flag (approximate, lower_bound,
    converted_from_cny or ''), source_agency, notes, source_url, source_kind. The transcribed
    annual series gives the years printed in US dollars (2023 is published only in yuan, so it
    is left out); a full year GACC published in yuan (``published_figures``, 2025: CNY 7.55 trn)
    is converted at GACC's own rate for that year (``gacc_rate``) and replaces a row of that
    year that was only approximate or a lower bound ("exceeded USD 1 trillion").
    """
    table = load_table(ANNUAL_SERIES)
    long = table.melt(
        id_vars=["year", "unit", "source_agency_cited", "notes", "source_url"],
        value_vars=list(_SERIES_FLOWS),
        var_name="column",
        value_name="value",
    )
    long = long[(long["value"].str.strip() != "") & long["unit"].str.startswith("USD billion")]
    long["value"] = numbers(long["value"], f"{_FOLDER}/{ANNUAL_SERIES}", "value")
    unit_note = long["unit"].str.lower() + " " + long["notes"].str.lower()
    flag = pd.Series("", index=long.index)
    flag[unit_note.str.contains("approx")] = "approximate"
    flag[long["unit"].str.contains("exceeded")] = "lower_bound"
    series = pd.DataFrame(
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
    exact = published_in_usd()
    superseded = series.set_index(["year", "flow"]).index.isin(exact.set_index(["year", "flow"]).index) & series[
        "flag"
    ].isin(["approximate", "lower_bound"])
    table = pd.concat([series[~superseded], exact], ignore_index=True)
    table["source_kind"] = table["source_url"].map(source_kind)
    return table.sort_values(["year", "flow"]).reset_index(drop=True)


def published_in_usd(partner: str = "ASEAN-10") -> pd.DataFrame:
    """China's published full-year totals with ``partner`` (``published_figures``) in US dollars: dollar figures as
    published, yuan figures at GACC's own rate for the year (flag ``converted_from_cny``); a year without that rate is left out."""
    table = published_figures()
    rows = []
    for row in table[
        (table["partner"] == partner) & (table["first_month"] == 1) & (table["last_month"] == 12)
    ].itertuples():
        rate = gacc_rate(row.year) if row.currency == "CNY" else None
        if row.currency == "CNY" and rate is None:
            continue
        converted = row.currency == "CNY" and rate is not None
        value = row.value_native / rate["cny_per_usd"] if converted and rate else row.value_native
        note = (
            f"CNY {row.value:,.2f} trn at GACC's {row.year} rate of {rate['cny_per_usd']:.2f} yuan per dollar"
            if converted and rate
            else ""
        )
        rows.append(
            {
                "year": row.year,
                "flow": row.flow,
                "value_usd": value,
                "flag": "converted_from_cny" if converted else "",
                "source_agency": row.publisher,
                "notes": note,
                "source_url": row.source_url,
            }
        )
    return pd.DataFrame(rows, columns=["year", "flow", "value_usd", "flag", "source_agency", "notes", "source_url"])


KINDS = "source_kinds.csv"
PRIMARY_KINDS = {"official", "state media"}  # a page of the publisher, or state media reporting the publisher's release


def source_kind(url: str) -> str:
    """What kind of page ``url`` is, by its domain (data/reference/source_kinds.csv): official, state media, news or
    aggregator, with " (secondary)" for news and aggregators, and "not classified (secondary)" for a domain not listed."""
    domain = re.sub(r"^https?://", "", str(url)).split("/")[0].split(" ")[0].lower()
    kinds = _kinds()
    kind = kinds.get(domain) or kinds.get(domain.removeprefix("www."))
    if kind is None:
        return "not classified (secondary)"
    return kind if kind in PRIMARY_KINDS else f"{kind} (secondary)"


KIND_NAMES = (  # the kinds ``source_kind`` returns, as messages (``kind_name``)
    language.marked("official"),
    language.marked("state media"),
    language.marked("news (secondary)"),
    language.marked("aggregator (secondary)"),
    language.marked("not classified (secondary)"),
)


def kind_name(kind: str) -> str:
    """A page's kind (``source_kind``) in the edition's language."""
    return language.text(kind) if kind in KIND_NAMES else kind


@reference.per_folder
def _kinds() -> dict[str, str]:
    table = reference.read_table(
        KINDS, ["domain", "kind", "owner", "source_url"], key=["domain"], dtype=str, keep_default_na=False
    )
    return dict(zip(table["domain"], table["kind"]))


def year_to_date(year: int) -> pd.DataFrame:
    """Published China–ASEAN January-to-month total trade for ``year``, in whole USD or CNY.

    From the curated aggregates table (periods ``YYYY-01..MM``, ``YYYY-Q1``, ``YYYY-H1`` with a
    value in USD billion or CNY trillion) and data/reference/published_figures.csv (figures
    the curated tables hold only in a notes cell, and those published since). Columns: year, last_month, currency, value,
    source_agency, source_url; sorted by last_month.
    """
    table = load_table(AGGREGATES)
    table["value"] = numbers(table["value"], f"{_FOLDER}/{AGGREGATES}", "value")
    rows = []
    for row in table.itertuples():
        match = _YTD_PERIOD.match(row.period)
        if (
            not match
            or int(match["year"]) != year
            or row.flow != "total trade"
            or row.unit not in _UNITS
            or pd.isna(row.value)
        ):
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
    for row in published_figures().itertuples():
        if row.year == year and row.partner == "ASEAN-10" and row.flow == "total" and row.last_month < 12:
            rows.append(
                {
                    "year": year,
                    "last_month": int(row.last_month),
                    "currency": row.currency,
                    "value": row.value_native,
                    "source_agency": row.publisher,
                    "source_url": row.source_url,
                }
            )
    columns = ["year", "last_month", "currency", "value", "source_agency", "source_url"]
    return pd.DataFrame(rows, columns=columns).sort_values(["last_month", "currency"]).reset_index(drop=True)


def published_figures() -> pd.DataFrame:
    """China's published figures after its statistics end (data/reference/published_figures.csv), one per row with its source.

    Each row is a figure as the publisher released it (GACC, at the State Council Information
    Office or in its releases), with the most primary page that carries it and ``source_kind``
    saying what that page is (``official briefing``, ``official release``, ``state media quoting
    GACC``, or a ``(secondary)`` page where nothing more primary was found). Adds ``currency``,
    ``value_native`` (whole yuan or dollars) and ``rounding`` (half a unit of the last digit
    printed, in the same money), so a figure's precision travels with it.
    """
    table = reference.read_table(
        PUBLISHED,
        PUBLISHED_COLUMNS,
        key=["figure", "flow", "year", "first_month", "last_month", "unit"],
        dtype=str,
        keep_default_na=False,
    )
    bad = sorted(set(table["unit"]) - set(_UNITS))
    if bad:
        raise SchemaError(f"data/reference/{PUBLISHED}: unit {bad[0]!r} must be one of {sorted(_UNITS)}")
    digits = table["value"].str.split(".").str[1].str.len().fillna(0)
    scale = table["unit"].map(lambda unit: _UNITS[unit][1])
    table["value"] = numbers(table["value"], f"../reference/{PUBLISHED}", "value")
    for column in ("year", "first_month", "last_month"):
        table[column] = table[column].astype(int)
    table["yoy_pct"] = pd.to_numeric(table["yoy_pct"].replace("", None))
    table["currency"] = table["unit"].map(lambda unit: _UNITS[unit][0])
    table["value_native"] = table["value"] * scale
    table["rounding"] = 0.5 * 10.0 ** (-digits.astype(int)) * scale
    return table


def full_year(year: int, partner: str = "ASEAN-10", flow: str = "total") -> pd.Series | None:
    """China's published full-year figure with ``partner`` for ``year`` (in yuan where GACC released it so), or None."""
    table = published_figures()
    rows = table[
        (table["year"] == year)
        & (table["partner"] == partner)
        & (table["flow"] == flow)
        & (table["first_month"] == 1)
        & (table["last_month"] == 12)
    ]
    return None if rows.empty else rows.sort_values("currency").iloc[0]


def gacc_rate(year: int) -> dict | None:
    """GACC's own yuan-per-dollar rate for ``year``: China's total trade with the world in yuan over the same in dollars
    (exports plus imports, as GACC released both), with the range its rounding allows; None where GACC's figures in both
    currencies are not held.

    Example (2025): CNY (26.99 + 18.48) trn ÷ USD (3.77 + 2.58) trn = 7.16 yuan per dollar.
    """
    table = published_figures()
    world = table[
        (table["year"] == year)
        & (table["partner"] == "WLD")
        & table["flow"].isin(["export", "import"])
        & (table["last_month"] == 12)
    ]
    sides = {currency: rows for currency, rows in world.groupby("currency")}
    if set(sides) != {"CNY", "USD"} or any(len(rows) != 2 for rows in sides.values()):
        return None
    cny, usd = sides["CNY"]["value_native"].sum(), sides["USD"]["value_native"].sum()
    cny_error, usd_error = sides["CNY"]["rounding"].sum(), sides["USD"]["rounding"].sum()
    sources = sorted(set(world["source_url"]))
    return {
        "cny_per_usd": cny / usd,
        "low": (cny - cny_error) / (usd + usd_error),
        "high": (cny + cny_error) / (usd - usd_error),
        "cny": cny,
        "usd": usd,
        "source_urls": sources,
        "method": language.text(
            "China's trade with the world in {year}, exports plus imports: {cny} ÷ {usd} (GACC)",
            year=year,
            cny=language.amount(cny, language.YUAN, "trn"),
            usd=language.amount(usd, language.DOLLAR, "trn"),
        ),
    }
