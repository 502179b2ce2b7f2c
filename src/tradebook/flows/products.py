"""Product-level tables for every partner member, from refreshed data (``make refresh``) when present.

The shipped snapshot holds bilateral product detail for two members only; a refresh adds UN
Comtrade (both sides' records by HS chapter, or finer with a key) or a reduced CEPII BACI
release. ``PRODUCT_SOURCES`` is the precedence: the first source holding product rows between
the reporter and a member is used, and every table says which (``source``, ``level``).
Values in current USD.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from tradebook import indicators, schema
from tradebook.flows import basket, panels
from tradebook.sources import baci_hs2
from tradebook.sources.live import external

PRODUCT_SOURCES = ("comtrade", "baci")  # Comtrade first: the reporter's and members' own records
LEVELS = ("HS6", "HS4", "HS2")  # finest first


def product_names(level: str) -> dict[str, str]:
    """Product code → name at ``level``: HS chapters from the shipped BACI HS2 names, HS6 from the refreshed
    BACI release's product table (empty for HS4, and for HS6 without a BACI refresh: codes stand alone)."""
    if level == "HS2":
        return baci_hs2.chapter_names().to_dict()
    return external.product_names() if level == "HS6" else {}


def describe(source: str, level: str) -> str:
    """How a table names its refreshed product data, e.g. 'CEPII BACI HS92 V202501 (refreshed 2026-12-01), HS6'."""
    return f"{external.describe().get(source, source)}, {level}"


def refreshed_source(flows: pd.DataFrame, reporter: str, members: list[str]) -> tuple[str | None, str | None]:
    """The first of PRODUCT_SOURCES with product rows between ``reporter`` and a member, and its finest level."""
    for source in PRODUCT_SOURCES:
        rows = flows[
            (flows["source"] == source)
            & flows["classification"].isin(LEVELS)
            & (
                ((flows["reporter"] == reporter) & flows["partner"].isin(members))
                | (flows["reporter"].isin(members) & (flows["partner"] == reporter))
            )
        ]
        if len(rows):
            return source, next(level for level in LEVELS if (rows["classification"] == level).any())
    return None, None


def bilateral(flows: pd.DataFrame, source: str, level: str, reporter: str, members: list[str]) -> pd.DataFrame:
    """The reporter's exports to and imports from each member by product, as one table.

    Comtrade: the reporter's own record. BACI (one reconciled record of exports): the reporter's
    exports to the member, and the member's exports to the reporter as the reporter's imports.
    Columns: partner, flow, year, product, value_usd.
    """
    rows = flows[(flows["source"] == source) & (flows["classification"] == level)]
    if source == "baci":
        rows = rows[rows["flow"] == "export"]
        out = pd.concat(
            [
                rows[(rows["reporter"] == reporter) & rows["partner"].isin(members)].assign(flow="export"),
                rows[rows["reporter"].isin(members) & (rows["partner"] == reporter)]
                .assign(flow="import")
                .rename(columns={"reporter": "partner", "partner": "reporter"}),
            ]
        )
    else:
        out = rows[(rows["reporter"] == reporter) & rows["partner"].isin(members)]
    return out[["partner", "flow", "year", "product", "value_usd"]].reset_index(drop=True)


def top_products(table: pd.DataFrame, *, n: int = 10) -> pd.DataFrame:
    """The ``n`` largest products each way with each member in the latest year held for that member.

    ``table``: output of ``bilateral``. Columns: partner, flow, year, rank, product, value_usd,
    share_pct (of that flow's total with the member).
    """
    frames = []
    for _, rows in table.groupby(["partner", "flow"]):
        latest = rows[rows["year"] == rows["year"].max()]
        top = latest.nlargest(n, "value_usd")
        top = top.assign(share_pct=indicators.share(top["value_usd"], latest["value_usd"].sum()))
        frames.append(top.assign(rank=range(1, len(top) + 1)))
    columns = ["partner", "flow", "year", "rank", "product", "value_usd", "share_pct"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


def import_share(flows: pd.DataFrame, source: str, level: str, reporter: str, members: list[str]) -> pd.DataFrame:
    """The reporter's share of each member's imports of each product, member-recorded, every year held.

    share = 100 · M_m,reporter,k / M_m,World,k (WITS "partner share" at product level). Needs
    the member's imports from the World by product: Comtrade refreshes fetch them; BACI reduced
    to a few economies cannot give them. Columns: member, year, product, value_usd, world_usd, share_pct.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["classification"] == level)
        & (flows["flow"] == "import")
        & flows["reporter"].isin(members)
    ]
    mine = rows[rows["partner"] == reporter].set_index(["reporter", "year", "product"])["value_usd"]
    world = rows[rows["partner"] == schema.WORLD].set_index(["reporter", "year", "product"])["value_usd"]
    table = pd.DataFrame({"value_usd": mine, "world_usd": world.reindex(mine.index)}).dropna()
    table["share_pct"] = indicators.share(table["value_usd"], table["world_usd"])
    return table.reset_index().rename(columns={"reporter": "member"})


def complementarity(
    flows: pd.DataFrame,
    source: str,
    level: str,
    reporter: str,
    members: list[str],
    benchmarks: Sequence[str] = (),
    *,
    reverse: bool = False,
) -> pd.DataFrame:
    """Trade complementarity of the reporter's (and benchmark exporters') world exports with each member's world imports;
    with ``reverse``, of each member's world exports with the reporter's world imports (the other direction of trade).

    As ``panels.tci`` (WITS definition) on the refreshed rows at their product level; an
    exporter without world exports in the refreshed data gives no rows. Columns: exporter,
    importer, year, tci.
    """
    if reverse:
        return panels.tci(flows, members, [reporter], source=source, classification=level)
    return panels.tci(flows, [reporter, *benchmarks], members, source=source, classification=level)


def _latest_year(shares: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``import_share`` output in each member's latest year held."""
    return shares[shares["year"] == shares.groupby("member")["year"].transform("max")]


def dominant_products(shares: pd.DataFrame, *, above_pct: float = 50.0) -> pd.DataFrame:
    """Per member, in its latest year held: in how many products the reporter supplies more than ``above_pct``
    of the member's imports, and what part of the member's imports from the reporter those products carry.

    ``shares``: output of ``import_share``. Columns: member, year, products, over_half,
    over_half_value_pct (percent of imports from the reporter, by value), median_share_pct.
    """
    columns = ["member", "year", "products", "over_half", "over_half_value_pct", "median_share_pct"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    latest = _latest_year(shares)
    rows = []
    for (member, year), group in latest.groupby(["member", "year"]):
        dominant = group["share_pct"] > above_pct
        rows.append(
            {
                "member": member,
                "year": int(year),
                "products": int(len(group)),
                "over_half": int(dominant.sum()),
                "over_half_value_pct": indicators.share(
                    group.loc[dominant, "value_usd"].sum(), group["value_usd"].sum()
                ),
                "median_share_pct": float(group["share_pct"].median()),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def top_import_by_member(shares: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Each member's largest import from the reporter in its latest year, with the reporter's share of the member's imports of it.

    ``shares``: output of ``import_share``; ``names``: product code → name (the release's
    product table; a code without a name keeps the code alone). Columns: member, year,
    product, name, value_usd, share_pct.
    """
    columns = ["member", "year", "product", "name", "value_usd", "share_pct"]
    if shares.empty:
        return pd.DataFrame(columns=columns)
    latest = _latest_year(shares)
    top = latest.loc[latest.groupby("member")["value_usd"].idxmax()]
    return top.assign(name=top["product"].map(names).fillna(""))[columns].reset_index(drop=True)


def basket_series(basket_by_member: pd.DataFrame, source: str) -> pd.DataFrame:
    """``basket_share`` rows in the layout of ``basket.bilateral_series`` (source, member, level_used, year, …), for ``basket.growth``."""
    return basket_by_member.rename(columns={"partner": "member"}).assign(source=source)[
        ["source", "member", "level_used", "year", "basket_usd", "total_usd", "basket_share_pct"]
    ]


def intra_industry(table: pd.DataFrame, level: str) -> pd.DataFrame:
    """Aggregate Grubel–Lloyd index of the reporter's trade with each member, by year (``bilateral`` rows).

    Columns: partner, year, products, grubel_lloyd (0–1).
    """
    rows = []
    for (partner, year), group in table.groupby(["partner", "year"]):
        wide = group.pivot_table(index="product", columns="flow", values="value_usd", aggfunc="sum")
        if {"export", "import"} <= set(wide.columns):
            rows.append(
                {
                    "partner": partner,
                    "year": int(year),
                    "level": level,
                    "products": int(len(wide)),
                    "grubel_lloyd": indicators.grubel_lloyd_aggregate(
                        wide["export"].fillna(0), wide["import"].fillna(0)
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["partner", "year", "level", "products", "grubel_lloyd"])


def basket_share(table: pd.DataFrame, level: str, goods: pd.DataFrame) -> pd.DataFrame:
    """A product basket's share of the reporter's trade with each member, by year (``bilateral`` rows).

    Exact at HS6/HS4; at HS2 the chapters that hold the basket (an upper bound). Columns:
    partner, year, level_used, basket_usd, total_usd, basket_share_pct.
    """
    rows = []
    for (partner, year), group in table.groupby(["partner", "year"]):
        chosen, used = basket.select(group.assign(classification=level), goods)
        total = group["value_usd"].sum()
        rows.append(
            {
                "partner": partner,
                "year": int(year),
                "level_used": used,
                "basket_usd": chosen["value_usd"].sum(),
                "total_usd": total,
                "basket_share_pct": indicators.share(chosen["value_usd"].sum(), total),
            }
        )
    return pd.DataFrame(rows, columns=["partner", "year", "level_used", "basket_usd", "total_usd", "basket_share_pct"])


def top_shipped(
    flows: pd.DataFrame,
    source: str,
    member: str,
    partner: str,
    flow: str,
    classification: str,
    names: dict[str, str],
    *,
    n: int = 10,
) -> tuple[pd.DataFrame | None, int | None]:
    """The ``n`` largest products of ``member``'s own record of its ``flow`` with ``partner``, latest year held.

    For the shipped bilateral extracts (DOSM SITC2, Singapore HS2). Returns (table indexed by
    "code name" with usd_bn and share_pct of the year's total, year), or (None, None) if none held.
    """
    rows = flows[
        (flows["source"] == source)
        & (flows["reporter"] == member)
        & (flows["partner"] == partner)
        & (flows["flow"] == flow)
        & (flows["classification"] == classification)
    ]
    if rows.empty:
        return None, None
    year = int(rows["year"].max())
    values = rows[rows["year"] == year].set_index("product")["value_usd"]
    table = pd.DataFrame({"usd_bn": values / 1e9, "share_pct": indicators.share(values, values.sum())})
    table.index = [f"{code} {names.get(code, '')}"[:48] for code in table.index]
    return table.sort_values("usd_bn", ascending=False).head(n), year
