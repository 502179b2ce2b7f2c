"""Export unit values relative to the world's: the usual proxy for export quality (Schott 2004; Hallak 2006)."""

from __future__ import annotations

import pandas as pd

from tradebook.indicators._safe import divide


def relative_unit_value(exports: pd.DataFrame, *, exporter: str = "reporter", product: str = "product") -> pd.Series:
    """Relative unit value of each exporter's exports of each product, one year.

    RUV_cp = (V_cp / Q_cp) / (V_p / Q_p)
    V_cp, Q_cp: c's export value (USD) and quantity (tonnes) of p; V_p, Q_p: the same summed over
    every exporter in ``exports`` that reports a quantity. Above 1: c sells p dearer per tonne
    than the world does, read as higher quality or a richer product mix within p. Rows without
    a quantity (NaN tonnes) are left out of both sides.

    exports: one row per (exporter, product) with value_usd and tonnes.
    Returns: Series on (exporter, product); unitless, 1 = the world's unit value.
    Caveat: at HS 2-digit a unit value mixes products (composition, not only quality), and
    tonnes are a crude quantity for electronics.
    """
    held = exports.dropna(subset=["tonnes"])
    own = held.groupby([exporter, product], observed=True)[["value_usd", "tonnes"]].sum()
    world = held.groupby(product, observed=True)[["value_usd", "tonnes"]].sum()
    unit = divide(own["value_usd"], own["tonnes"], what="unit value")
    world_unit = divide(world["value_usd"], world["tonnes"], what="world unit value")
    aligned = pd.Series(world_unit.reindex(unit.index.get_level_values(product)).to_numpy(), index=unit.index)
    return divide(unit, aligned, what="relative unit value").rename("ruv")
