"""Herfindahl–Hirschman concentration over products or partners."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tradebook.indicators._safe import divide


def hhi(values: pd.Series) -> float:
    """Herfindahl–Hirschman index: HHI = Σ s_k², s_k = v_k / Σ v, unitless in (0, 1].

    ``values``: trade by product or by partner (any currency). Zero values count as lines with no
    trade and do not change HHI; missing values are dropped. NaN if total trade is zero.

    Note: WITS's "HH Market concentration index" in its trade-summary files is computed over
    HS6 lines (and normalised), which those files do not carry, so it cannot be reproduced from
    them with this function.
    """
    values = pd.Series(values).dropna()
    shares = divide(values, values.sum(), what="HHI shares")
    return float((shares**2).sum()) if shares.notna().all() and len(shares) else float("nan")


def hhi_normalized(values: pd.Series) -> float:
    """UNCTAD normalised concentration index, unitless in [0, 1].

    H = (√(Σ s_k²) − √(1/n)) / (1 − √(1/n)), n = number of products (or partners) with positive
    trade. 0 = trade spread evenly, 1 = one line only (UNCTADstat, "Concentration index").
    NaN if there is no positive trade; a single line gives 1.
    """
    values = pd.Series(values).dropna()
    n = int((values > 0).sum())
    if n == 0:
        return float("nan")
    if n == 1:
        return 1.0
    root = np.sqrt(1 / n)
    return float((np.sqrt(hhi(values)) - root) / (1 - root))
