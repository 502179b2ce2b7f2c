"""Product baskets (data/reference/ai_goods_basket.csv) applied at the finest level a table carries.

The basket lists HS4/HS6 codes with their HS2 chapter and SITC 2-digit group. On HS6 or HS4
data (UN Comtrade, BACI bulk) the exact codes are selected; on HS2 or SITC2 data only the
chapters or groups that contain them can be, which over-counts (HS 85 is far wider than chips):
``level_used`` says which.
"""

from __future__ import annotations

import pandas as pd

from . import reference

LEVEL_ORDER = ["HS6", "HS4", "HS2", "SITC2"]


def load(name: str = "ai_goods_basket.csv") -> pd.DataFrame:
    """The basket: code, level, description, theme, hs2, sitc2, source_url, note."""
    return reference.read_table(name, ["code", "level", "description", "theme", "hs2", "sitc2", "source_url"],
                                dtype=str, keep_default_na=False)


def codes_for(basket: pd.DataFrame, classification: str) -> set[str]:
    """Product codes of ``classification`` that the basket selects (exact at HS6/HS4, containing groups above)."""
    if classification == "HS2":
        return set(basket["hs2"])
    if classification == "SITC2":
        return set(basket["sitc2"])
    if classification in ("HS4", "HS6"):
        digits = int(classification[2])
        return {c[:digits] for c in basket["code"] if len(c) >= digits} | {c for c in basket["code"] if len(c) == digits}
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
