"""Complementarity, similarity and intra-industry trade between two economies."""

from __future__ import annotations

import pandas as pd

from tradebook.indicators._safe import divide


def _shares(values: pd.Series, what: str) -> pd.Series:
    values = pd.Series(values).fillna(0)
    return divide(values, values.sum(), what=what)


def trade_complementarity(exports_i: pd.Series, imports_j: pd.Series) -> float:
    """Trade complementarity index of i's exports with j's imports, 0–100.

    TC_ij = 100 · (1 − Σ_k |m_jk − x_ik| / 2)
    x_ik: share of product k in i's exports to the world; m_jk: share of k in j's imports from
    the world. 100 = i exports exactly what j imports. Both Series indexed by product in the same
    classification; a product absent on one side counts as a zero share.
    Source: Michaely (1996); WITS "Trade Complementarity Index".
    """
    x, m = _shares(exports_i, "TCI exports"), _shares(imports_j, "TCI imports")
    x, m = x.align(m, fill_value=0)
    return float(100 * (1 - (m - x).abs().sum() / 2))


def export_similarity(exports_i: pd.Series, exports_j: pd.Series) -> float:
    """Export similarity index (Finger–Kreinin 1979), 0–100.

    S_ij = 100 · Σ_k min(x_ik, x_jk), x: each exporter's product shares (to the world or to a
    common market). 100 = identical export structures (competition), 0 = no overlap.
    """
    x, y = _shares(exports_i, "similarity i"), _shares(exports_j, "similarity j")
    x, y = x.align(y, fill_value=0)
    return float(100 * pd.concat([x, y], axis=1).min(axis=1).sum())


def grubel_lloyd(exports: pd.Series, imports: pd.Series) -> pd.Series:
    """Grubel–Lloyd intra-industry trade index per product, 0–1.

    GL_k = 1 − |X_k − M_k| / (X_k + M_k); 1 = all trade in k is two-way, 0 = one-way.
    NaN where X_k + M_k = 0. Source: Grubel & Lloyd (1975); WITS "Intra-industry trade".
    """
    x, m = pd.Series(exports).fillna(0).align(pd.Series(imports).fillna(0), fill_value=0)
    return (1 - divide((x - m).abs(), x + m, what="Grubel–Lloyd")).rename("grubel_lloyd")


def grubel_lloyd_aggregate(exports: pd.Series, imports: pd.Series) -> float:
    """Trade-weighted aggregate Grubel–Lloyd index, 0–1.

    GL = Σ_k (X_k + M_k) · GL_k / Σ_k (X_k + M_k) = 1 − Σ_k |X_k − M_k| / Σ_k (X_k + M_k).
    Depends on the product level: finer classifications give lower values.
    """
    x, m = pd.Series(exports).fillna(0).align(pd.Series(imports).fillna(0), fill_value=0)
    return float(1 - divide((x - m).abs().sum(), (x + m).sum(), what="Grubel–Lloyd aggregate"))
