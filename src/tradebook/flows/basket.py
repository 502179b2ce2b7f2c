"""Product baskets (data/reference/ai_goods_basket.csv) applied at the finest level a table carries.

The basket lists HS4/HS6 codes with their HS2 chapter and SITC 2-digit group. On HS6 or HS4
data (UN Comtrade, BACI bulk) the exact codes are selected; on HS2 or SITC2 data only the
chapters or groups that contain them can be, which over-counts (HS 85 is far wider than chips):
``level_used`` says which.
"""

from __future__ import annotations

import pandas as pd

from tradebook import indicators, language, reference
from tradebook.flows import series

LEVEL_ORDER = ["HS6", "HS4", "HS2", "SITC2"]


OWN_LINE = "own line"  # a theme marked so is reported on its own, outside the basket (innovative pharmaceuticals)


def load(name: str = "ai_goods_basket.csv") -> pd.DataFrame:
    """The basket: code, level, description, theme, hs2, sitc2, source_url, note; rows whose theme is an own line left out."""
    table = reference.read_table(
        name,
        ["code", "level", "description", "theme", "hs2", "sitc2", "source_url"],
        key=["code", "level"],
        dtype=str,
        keep_default_na=False,
    )
    return table[~table["theme"].str.contains(OWN_LINE)].reset_index(drop=True)


def references(name: str = "ai_goods_references.csv") -> pd.DataFrame:
    """Where the basket's lines come from and the wider list to adopt: reference, publisher, source_url, released, use, note."""
    return reference.read_table(
        name,
        ["reference", "publisher", "source_url", "released", "use"],
        key=["reference"],
        dtype=str,
        keep_default_na=False,
    )


def references_note(refs: pd.DataFrame) -> str:
    """One sentence naming the publications the basket's lines are taken from and the ones still to adopt (``''`` if none)."""
    taken = [f"{r.publisher}, {r.reference} ({r.released})" for r in refs.itertuples() if r.use == "lines taken"]
    to_adopt = [
        f"{r.publisher}, {r.reference} ({r.released})" for r in refs.itertuples() if r.use == "reference to adopt"
    ]
    named = {"taken": language.text("; ").join(taken), "to_adopt": language.text("; ").join(to_adopt)}
    if taken and to_adopt:
        return language.text(
            "The basket's lines follow {taken}, and the reference to adopt when its list is published is {to_adopt}.",
            **named,
        ) + ("" if language.chinese() else " ")
    if taken:
        return language.text("The basket's lines follow {taken}.", **named) + ("" if language.chinese() else " ")
    if to_adopt:
        return language.text("The reference to adopt when its list is published is {to_adopt}.", **named) + (
            "" if language.chinese() else " "
        )
    return ""


def codes_for(basket: pd.DataFrame, classification: str) -> set[str]:
    """Product codes of ``classification`` that the basket selects (exact at HS6/HS4, containing groups above)."""
    if classification == "HS2":
        return set(basket["hs2"])
    if classification == "SITC2":
        return set(basket["sitc2"])
    if classification in ("HS4", "HS6"):
        digits = int(classification[2])
        return {c[:digits] for c in basket["code"] if len(c) >= digits} | {
            c for c in basket["code"] if len(c) == digits
        }
    raise ValueError(f"no basket mapping for classification {classification!r}")


def select(flows: pd.DataFrame, basket: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Rows of ``flows`` in the basket at the finest classification present, and that classification."""
    present = [level for level in LEVEL_ORDER if (flows["classification"] == level).any()]
    if not present:
        return flows.iloc[0:0], ""
    level = present[0]
    rows = flows[flows["classification"] == level]
    if level == "HS6":
        # an HS4 entry selects all its HS6 lines; an HS6 entry selects itself
        wanted4 = {c for c in basket["code"] if len(c) == 4}
        wanted6 = {c for c in basket["code"] if len(c) == 6}
        mask = rows["product"].str[:4].isin(wanted4) | rows["product"].isin(wanted6)
    else:
        mask = rows["product"].isin(codes_for(basket, level))
    return rows[mask], level


# The shipped bilateral product sources: (source id, member, does it cover every product?). The
# Singapore Comtrade extract holds ten chapters only, so its total comes from IMF DOTS instead.
BILATERAL_SOURCES = [
    ("dosm_sitc2", "MYS", True),
    ("singapore_comtrade_hs2", "SGP", False),
    ("singapore_wits_hs2", "SGP", True),
]


def bilateral_series(
    flows: pd.DataFrame, goods: pd.DataFrame, reporter: str, members: list[str], years: range
) -> pd.DataFrame:
    """AI-basket and total trade (USD) by year in each shipped bilateral product source, member-recorded.

    The basket is applied at the finest level the source carries (``select``); at HS2/SITC2 it
    is an upper bound. Columns: source, member, level_used, year, basket_usd, total_usd,
    basket_share_pct (percent of total).
    """
    rows = []
    for source, member, complete_products in BILATERAL_SOURCES:
        table = flows[(flows["source"] == source) & (flows["reporter"] == member) & (flows["partner"] == reporter)]
        if member not in members or table.empty:
            continue
        chosen, level = select(table, goods)
        if complete_products:
            total = table.groupby("year")["value_usd"].sum()
        else:
            dots_total = series.partner_recorded(flows, reporter, [member])
            total = dots_total[dots_total["complete"]].set_index("year")["total_usd"]
            total = total[total.index.isin(table["year"].unique())]
        in_basket = chosen.groupby("year")["value_usd"].sum()
        rows += [
            {
                "source": source,
                "member": member,
                "level_used": level,
                "year": int(year),
                "basket_usd": in_basket.get(year, 0.0),
                "total_usd": total[year],
            }
            for year in total.index
        ]
    out = pd.DataFrame(rows, columns=["source", "member", "level_used", "year", "basket_usd", "total_usd"])
    out = out[out["year"].between(years.start, years.stop - 1)].reset_index(drop=True)
    out["basket_share_pct"] = indicators.share(out["basket_usd"], out["total_usd"]) if len(out) else []
    return out


def growth(series_rows: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Compound annual growth (percent a year, WITS/UNCTAD CAGR) of the basket and of total trade
    over the years each source holds, one row per source and member (``bilateral_series`` rows)."""
    rows = []
    for (source, member), table in series_rows.groupby(["source", "member"]):
        table = table.set_index("year")
        first, last = int(table.index.min()), int(table.index.max())
        if last > first:
            rows.append(
                {
                    "source": source,
                    "member": names.get(member, member),
                    "level_used": table["level_used"].iloc[0],
                    "from": first,
                    "to": last,
                    "basket_cagr_pct": indicators.cagr(table["basket_usd"], first, last),
                    "total_cagr_pct": indicators.cagr(table["total_usd"], first, last),
                }
            )
    return pd.DataFrame(
        rows, columns=["source", "member", "level_used", "from", "to", "basket_cagr_pct", "total_cagr_pct"]
    )
