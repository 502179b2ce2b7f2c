"""Trade intensity index."""

from __future__ import annotations

from tradebook.indicators._safe import divide


def trade_intensity(x_ij, x_i, x_wj, x_w):
    """Trade intensity index of i's exports to j, unitless (1 = as expected from j's weight).

    TII_ij = (x_ij / X_i) / (x_wj / X_w)
    x_ij: i's exports to j; X_i: i's total exports; x_wj: world exports to j (j's imports from
    the world); X_w: world exports. Same currency throughout. Source: WITS "Trade Intensity";
    Brown (1949), Kojima (1964). Works elementwise on aligned Series.
    """
    return divide(
        divide(x_ij, x_i, what="trade intensity (i's share)"),
        divide(x_wj, x_w, what="trade intensity (j's world share)"),
        what="trade intensity",
    )
