"""World Development Indicators (the Atlas reference's ``wdi_data.parquet``): world totals and shares of a fixed set of economies."""

from __future__ import annotations

import pandas as pd

from tradebook import indicators
from tradebook.sources import manifest


def share(economies: list[str], column: str) -> pd.DataFrame:
    """A fixed set of economies' share of the world total of a WDI column, percent.

    ``column``: ``gdp`` (current USD), ``exports_goods_bop`` … World = sum over every country
    WDI reports that year (``n_countries``); ``reporting`` = how many of ``economies`` have a
    value, so a year with a member missing is visible. Columns: year, share_pct, n_countries,
    reporting, expected.
    """
    wdi = pd.read_parquet(
        manifest.verified("atlas_reference/wdi_data.parquet"), columns=["iso3_code", "year", column]
    ).dropna()
    inside = (
        wdi[wdi["iso3_code"].isin(economies)]
        .groupby("year")
        .agg(value=(column, "sum"), reporting=("iso3_code", "nunique"))
    )
    world = wdi.groupby("year").agg(total=(column, "sum"), n_countries=("iso3_code", "nunique"))
    table = world.join(inside, how="left").fillna({"value": 0, "reporting": 0})
    table["share_pct"] = indicators.share(table["value"], table["total"])
    table["expected"] = len(economies)
    return table.reset_index()[["year", "share_pct", "n_countries", "reporting", "expected"]].astype({"reporting": int})


def world_exports() -> pd.DataFrame:
    """World goods exports by year: the sum of WDI goods exports (BoP, current USD) over reporting countries.

    Columns: year, value_usd, n_countries (so a reader sees how many countries the sum covers).
    """
    wdi = pd.read_parquet(
        manifest.verified("atlas_reference/wdi_data.parquet"), columns=["iso3_code", "year", "exports_goods_bop"]
    )
    wdi = wdi.dropna(subset=["exports_goods_bop"])
    return (
        wdi.groupby("year")
        .agg(value_usd=("exports_goods_bop", "sum"), n_countries=("iso3_code", "nunique"))
        .reset_index()
    )
