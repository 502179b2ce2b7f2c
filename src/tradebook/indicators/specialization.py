"""Revealed comparative advantage (Balassa) and its symmetric form."""

from __future__ import annotations

import pandas as pd

from tradebook.indicators._safe import divide


def rca(
    flows: pd.DataFrame, *, exporter: str = "reporter", product: str = "product", value: str = "value_usd"
) -> pd.Series:
    """Balassa revealed comparative advantage, one year.

    RCA_cp = (X_cp / X_c) / (X_p / X_w)
    X_cp: c's exports of p; X_c: c's total exports; X_p: world exports of p; X_w: world total,
    where the world is every exporter in ``flows``.

    flows: one row per (exporter, product), value in any currency.
    Returns: Series on (exporter, product); unitless, ≥ 0, 1 = world average.
    Reference: Balassa (1965); WITS "Revealed comparative advantage".
    """
    table = flows.groupby([exporter, product], observed=True)[value].sum()
    by_exporter = table.groupby(level=0).transform("sum")
    by_product = table.groupby(level=1).transform("sum")
    world = table.sum()
    return divide(
        divide(table, by_exporter, what="RCA (exporter share)"),
        divide(by_product, world, what="RCA (world share)"),
        what="RCA",
    ).rename("rca")


def rsca(rca_values):
    """Revealed symmetric comparative advantage: RSCA = (RCA − 1) / (RCA + 1), in [−1, 1).

    Dalum, Laursen & Villumsen (1998); > 0 = specialised, < 0 = not.
    """
    return (rca_values - 1) / (rca_values + 1)
