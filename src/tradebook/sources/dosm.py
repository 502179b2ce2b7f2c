"""Department of Statistics Malaysia: Malaysia's trade by partner and SITC 2-digit, 2013–2019.

``trade.csv`` columns: YEAR, COUNTRY (upper-case DOSM spelling), SITC 1 DIGIT, SITC 2 DIGIT
(integer, so "4" is SITC 04), IMPORT (RM), EXPORT (RM). Values are Malaysian ringgit.

Conversion to USD uses annual ringgit-per-dollar rates *implied by the data we ship*:
Malaysia's total exports to all partners in DOSM (RM) divided by Malaysia's exports to the
World in IMF DOTS (USD), the same trade measured in both currencies. ``implied_myr_rates``
returns that rate and the one implied by imports, so the notebook can show that they agree.
Published DOSM checks: exports to China 2019 RM 140.93 bn, imports from China RM 175.67 bn.
"""

from __future__ import annotations

import pandas as pd

from tradebook import reference, schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "dosm_sitc2"
FLOWS = {"EXPORT (RM)": "export", "IMPORT (RM)": "import"}


def load_myr() -> pd.DataFrame:
    """DOSM rows in ringgit: partner (ISO3), flow, year, product (SITC2), value_myr."""
    relative = next(r for r in manifest.files_of(SOURCE) if r.endswith("trade.csv"))
    table = pd.read_csv(manifest.verified(relative))
    expected = ["YEAR", "COUNTRY", "SITC 1 DIGIT", "SITC 2 DIGIT", "IMPORT (RM)", "EXPORT (RM)"]
    if list(table.columns) != expected:
        raise SchemaError(f"data/raw/{relative}: columns must be {expected}")
    table["partner"] = reference.to_iso3(table["COUNTRY"], "dosm")
    table = table[table["partner"] != ""]
    long = table.melt(
        id_vars=["YEAR", "partner", "SITC 2 DIGIT"], value_vars=list(FLOWS), var_name="column", value_name="value_myr"
    )
    return pd.DataFrame(
        {
            "partner": long["partner"],
            "flow": long["column"].map(FLOWS),
            "year": long["YEAR"],
            "product": long["SITC 2 DIGIT"].astype(int).astype(str).str.zfill(2),
            "value_myr": long["value_myr"].astype(float),
        }
    )


def implied_myr_rates(dosm_myr: pd.DataFrame, dots: pd.DataFrame) -> pd.DataFrame:
    """Ringgit per US dollar by year, implied by Malaysia's world trade in DOSM (RM) and DOTS (USD).

    rate_export = Σ DOSM exports (RM, all partners) / DOTS MYS exports to WLD (USD, 12 months)
    rate_import likewise with imports; ``rate`` is the export-implied one (exports are FOB in
    both sources; imports are CIF in both but cover slightly different goods).
    Returns columns year, rate_export, rate_import, gap_pct = 100·(import/export − 1).
    """
    myr = dosm_myr.groupby(["year", "flow"])["value_myr"].sum().unstack()
    world = dots[(dots["reporter"] == "MYS") & (dots["partner"] == schema.WORLD)]
    months = world.groupby(["year", "flow"])["month"].nunique().unstack()
    usd = world.groupby(["year", "flow"])["value_usd"].sum().unstack().where(months == 12)
    rates = (myr / usd).dropna()
    out = pd.DataFrame(
        {"year": rates.index, "rate_export": rates["export"].to_numpy(), "rate_import": rates["import"].to_numpy()}
    )
    out["rate"] = out["rate_export"]
    out["gap_pct"] = 100 * (out["rate_import"] / out["rate_export"] - 1)
    return out.reset_index(drop=True)


def load(rates: pd.DataFrame) -> pd.DataFrame:
    """DOSM rows converted to USD with ``rates`` (from implied_myr_rates) as canonical rows."""
    myr = load_myr()
    rate = myr["year"].map(rates.set_index("year")["rate"])
    if rate.isna().any():
        years = sorted(myr.loc[rate.isna(), "year"].unique())
        raise SchemaError(
            f"no ringgit rate for DOSM years {years}: DOTS must cover Malaysia's world trade in those years"
        )
    return schema.coerce(
        myr.assign(
            source=SOURCE,
            reporter="MYS",
            classification="SITC2",
            value_usd=myr["value_myr"] / rate,
            flag="converted_from_myr",
        ).drop(columns="value_myr")
    )
