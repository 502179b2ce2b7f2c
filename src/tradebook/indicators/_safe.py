"""Division that returns NaN with a stated reason instead of inf, a silent 0 or a numpy warning."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd


class IndicatorWarning(UserWarning):
    """An indicator value is NaN because its inputs do not allow it (zero or missing denominator)."""


def divide(numerator, denominator, *, what: str):
    """numerator / denominator, NaN where the denominator is 0 or missing (with one warning).

    Scalars give a float; a Series on either side gives a Series (aligned as pandas aligns).
    """
    if np.ndim(numerator) == 0 and np.ndim(denominator) == 0:
        bad = bool(pd.isna(denominator) or denominator == 0)
        result = float("nan") if bad else float(numerator) / float(denominator)
        count = int(bad)
    else:
        den = denominator if np.ndim(denominator) else pd.Series(denominator, index=numerator.index)
        den = den.astype(float).where(den != 0)  # 0 → NaN so nothing divides by zero
        result = numerator / den
        count = int(den.isna().sum())
    if count:
        warnings.warn(
            f"{what}: {count} value(s) set to NaN because the denominator is zero or missing",
            IndicatorWarning,
            stacklevel=3,
        )
    return result
