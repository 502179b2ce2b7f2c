"""China Customs (GACC) monthly table "(2) trade by country/region", 2024, China-reported.

File: ``gacc_2024_asean_rows_mapped.csv``, the curators' extract of ``gac_regions_2024.csv``
(whose partner names were lost to '?') with names attached by position: the World total,
Asia, each ASEAN-10 member and GACC's own ASEAN aggregate row, for every month delivered.

Quirks handled here:
- Units: CNY 10,000 (万元) in every month except September, which is the US-dollar version of
  the table (US$1,000). ``read_native`` scales both to whole yuan / dollars and keeps the
  currency beside each value.
- March is absent. With C(m) the January-to-m cumulative and v(m) the month's value,
  March = C(Apr) − v(Apr) − C(Feb). September in yuan is derived the same way,
  Sep = C(Oct) − v(Oct) − C(Aug). Derived months carry the flag ``derived``.
- The ``*_yoy`` columns are corrupt (decimal points stripped) and are never read.
- The ten member rows must sum to GACC's ASEAN row (within 3 units, rounding) every month and
  cumulative, or the load stops: a misplaced name would break that identity.

GACC revises its cumulative columns but not the months first published, so the months of a
partner sum to slightly more or less than its December cumulative (ASEAN 2024: +0.13%). The
annual rows (``load``) are the December cumulative, the figure GACC publishes for the year,
converted to US dollars at the yuan-per-dollar rate the table itself implies for
January–September (``implied_cny_rate``: world total trade Jan–Sep in yuan over the same in
dollars from the September USD table).
"""

from __future__ import annotations

import pandas as pd

from tradebook import language, schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "gacc_2024"
MAPPED = "gacc_country_table_2024_monthly/gacc_2024_asean_rows_mapped.csv"
YEAR = 2024
UNITS = {"CNY 10,000": ("CNY", 1e4), "USD 1,000": ("USD", 1e3)}
_FLOWS = {"trade_total": "total", "exports": "export", "imports": "import"}
_PARTNERS = ["WLD", "ASEAN", "BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]
_MEMBER_SUM_TOLERANCE = 3  # units of the table; GACC rounds each row separately


def read_native(path=None) -> pd.DataFrame:
    """The mapped extract in its own currencies, long: one row per partner, flow and month.

    Columns: year, month, partner (ISO3, WLD or ASEAN), flow (total/export/import), currency
    (CNY or USD), value (the month, whole currency units), cumulative (January to month).
    """
    table = pd.read_csv(path or manifest.verified(MAPPED), dtype={"iso3": str}, keep_default_na=False)
    unknown = sorted(set(table["unit"]) - set(UNITS))
    if unknown:
        raise SchemaError(f"data/raw/{MAPPED}: unknown unit(s) {unknown}; expected {sorted(UNITS)}")
    table = table[table["iso3"].isin(_PARTNERS)]
    frames = []
    for column, flow in _FLOWS.items():
        currency = table["unit"].map(lambda u: UNITS[u][0])
        scale = table["unit"].map(lambda u: UNITS[u][1])
        frames.append(
            pd.DataFrame(
                {
                    "year": table["year"].astype(int),
                    "month": table["month"].astype(int),
                    "partner": table["iso3"],
                    "flow": flow,
                    "currency": currency,
                    "value": pd.to_numeric(table[f"{column}_month"]) * scale,
                    "cumulative": pd.to_numeric(table[f"{column}_cum"]) * scale,
                }
            )
        )
    native = pd.concat(frames, ignore_index=True)
    check_members_sum(native)
    return native.sort_values(["partner", "flow", "month"]).reset_index(drop=True)


def check_members_sum(native: pd.DataFrame) -> None:
    """Stop if the ten member rows do not add up to GACC's ASEAN row in some month."""
    members = native[~native["partner"].isin(["WLD", "ASEAN"])]
    summed = members.groupby(["month", "flow", "currency"])[["value", "cumulative"]].sum()
    aggregate = native[native["partner"] == "ASEAN"].set_index(["month", "flow", "currency"])[["value", "cumulative"]]
    scale = native["currency"].map({"CNY": 1e4, "USD": 1e3}).max()
    off = (summed - aggregate.reindex(summed.index)).abs() > _MEMBER_SUM_TOLERANCE * scale
    if off.any().any():
        bad = off[off.any(axis=1)].index.tolist()[:3]
        raise SchemaError(
            f"data/raw/{MAPPED}: the ten ASEAN member rows do not sum to GACC's ASEAN row in {bad}: a partner name is attached to the wrong row"
        )


def monthly_cny(native: pd.DataFrame) -> pd.DataFrame:
    """All twelve months of 2024 in yuan: as published, or derived from cumulative columns.

    A missing or US-dollar month m is C(m+1) − v(m+1) − C(m−1), all in yuan (March and
    September). Columns: partner, flow, month, value_cny, flag ('' or 'derived').
    """
    cny = native[native["currency"] == "CNY"]
    value = cny.pivot_table(index=["partner", "flow"], columns="month", values="value", aggfunc="sum")
    cumulative = cny.pivot_table(index=["partner", "flow"], columns="month", values="cumulative", aggfunc="sum")
    rows = []
    for month in range(1, 13):
        if month in value.columns:
            rows.append(value[month].rename("value_cny").reset_index().assign(month=month, flag=""))
            continue
        if not {month - 1, month + 1} <= set(value.columns):
            raise SchemaError(
                f"data/raw/{MAPPED}: month {month} is missing and cannot be derived (months {month - 1} and {month + 1} are both needed)"
            )
        derived = cumulative[month + 1] - value[month + 1] - cumulative[month - 1]
        rows.append(derived.rename("value_cny").reset_index().assign(month=month, flag="derived"))
    out = pd.concat(rows, ignore_index=True)
    return (
        out[["partner", "flow", "month", "value_cny", "flag"]]
        .sort_values(["partner", "flow", "month"])
        .reset_index(drop=True)
    )


def cumulative_cny(native: pd.DataFrame, partner: str = "ASEAN", flow: str = "total") -> pd.DataFrame:
    """January-to-month cumulative in yuan for every month of 2024, as GACC published it.

    March (no file) and September (published in dollars) are C(m+1) − v(m+1), flag ``derived``.
    Columns: year, month, cumulative, flag.
    """
    cny = native[(native["currency"] == "CNY") & (native["partner"] == partner) & (native["flow"] == flow)].set_index(
        "month"
    )
    rows = []
    for month in range(1, 13):
        if month in cny.index:
            rows.append({"year": YEAR, "month": month, "cumulative": cny.at[month, "cumulative"], "flag": ""})
        elif month + 1 in cny.index:
            rows.append(
                {
                    "year": YEAR,
                    "month": month,
                    "flag": "derived",
                    "cumulative": cny.at[month + 1, "cumulative"] - cny.at[month + 1, "value"],
                }
            )
    return pd.DataFrame(rows)


def implied_cny_rate(native: pd.DataFrame) -> pd.DataFrame:
    """Yuan per US dollar implied by the table itself, January–September 2024.

    rate = world total trade Jan–Sep in yuan (C_CNY(Oct) − v_CNY(Oct)) / the same in dollars
    (C_USD(Sep), from the September USD table). Also the September-only rate
    (v_CNY(Sep) derived / v_USD(Sep)) as a check. Columns: year, period, cny_per_usd, method.
    """
    world = native[(native["partner"] == "WLD") & (native["flow"] == "total")].set_index(["currency", "month"])
    jan_sep_cny = world.at[("CNY", 10), "cumulative"] - world.at[("CNY", 10), "value"]
    jan_sep_usd = world.at[("USD", 9), "cumulative"]
    sep_cny = jan_sep_cny - world.at[("CNY", 8), "cumulative"]
    sep_usd = world.at[("USD", 9), "value"]
    method = language.text(
        "GACC table (2), world total trade: January–September in yuan (the January–October total less October) ÷ "
        "January–September in dollars (GACC's September table in dollars)"
    )
    september = language.text(
        "GACC table (2), world total trade: September in yuan (the January–September total less January–August) ÷ "
        "September in dollars"
    )
    return pd.DataFrame(
        [
            {
                "year": YEAR,
                "period": language.text("Jan–Sep"),
                "cny_per_usd": jan_sep_cny / jan_sep_usd,
                "method": method,
            },
            {"year": YEAR, "period": language.text("Sep"), "cny_per_usd": sep_cny / sep_usd, "method": september},
        ]
    )


def usd_check(native: pd.DataFrame, rate: float) -> pd.DataFrame:
    """September as published in dollars beside September in yuan (derived) converted at ``rate``.

    One row per partner (and flow total): usd_published, usd_converted, diff_pct.
    """
    september_usd = native[(native["currency"] == "USD") & (native["month"] == 9) & (native["flow"] == "total")]
    cny = monthly_cny(native)
    september_cny = cny[(cny["month"] == 9) & (cny["flow"] == "total")].set_index("partner")["value_cny"]
    out = september_usd.set_index("partner")[["value"]].rename(columns={"value": "usd_published"})
    out["usd_converted"] = september_cny.reindex(out.index) / rate
    out["diff_pct"] = 100 * (out["usd_converted"] - out["usd_published"]) / out["usd_published"]
    return out.reset_index()


def load() -> pd.DataFrame:
    """China-reported 2024 exports and imports with the World and each ASEAN-10 member, in USD.

    Annual rows from the December January-to-month cumulative (GACC revises cumulative figures,
    so they, not the sum of the months as first published, give the year's total), converted at
    the Jan–Sep rate the table implies (flag ``converted_from_cny``).
    """
    native = read_native()
    rate = implied_cny_rate(native)["cny_per_usd"].iat[0]  # January–September, the first row
    december = native[
        (native["currency"] == "CNY")
        & (native["month"] == 12)
        & (native["flow"] != "total")
        & (native["partner"] != "ASEAN")
    ]
    return schema.coerce(
        pd.DataFrame(
            {
                "source": SOURCE,
                "reporter": "CHN",
                "partner": december["partner"],
                "flow": december["flow"],
                "year": YEAR,
                "classification": "TOTAL",
                "product": "TOTAL",
                "value_usd": december["cumulative"] / rate,
                "flag": "converted_from_cny",
            }
        )
    )
