"""Shares and growth: annual, year-on-year monthly, 12-month rolling, compound annual rate."""

from __future__ import annotations

import pandas as pd

from tradebook.indicators._safe import divide


def share(part, whole):
    """Share of ``part`` in ``whole``, percent: 100 · part / whole.

    WITS "Partner share" / "Product share". Works elementwise on numbers or aligned Series.
    """
    return 100 * divide(part, whole, what="share")


def growth_rate(values: pd.Series) -> pd.Series:
    """Annual growth, percent: g_t = 100 · (V_t / V_{t−1} − 1).

    ``values`` is indexed by consecutive integer years; a missing year makes the next growth
    NaN rather than spanning the gap (the index is reindexed to every year first).
    """
    values = values.sort_index()
    if values.empty:
        return values.astype(float)
    full = values.reindex(range(int(values.index.min()), int(values.index.max()) + 1))
    # the first year has no predecessor by construction: only later gaps are worth a warning
    growth = 100 * (divide(full.iloc[1:], full.shift(1).iloc[1:], what="growth rate") - 1)
    return growth.reindex(values.index)


def cagr(values: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate between years ``start`` and ``end``, percent.

    CAGR = 100 · ((V_end / V_start)^(1 / (end − start)) − 1). NaN if either endpoint is missing
    or V_start is zero. ``values`` is indexed by year.
    """
    if end <= start:
        raise ValueError(f"cagr needs end > start, got {start}–{end}")
    first, last = values.get(start), values.get(end)
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return float("nan")
    ratio = divide(last, first, what="CAGR")
    return float(100 * (ratio ** (1 / (end - start)) - 1))


def yoy_monthly(values: pd.Series) -> pd.Series:
    """Year-on-year growth of monthly values, percent: 100 · (V_{y,m} / V_{y−1,m} − 1).

    ``values`` is indexed by a monthly PeriodIndex (or Timestamps); a missing month gives NaN.
    """
    monthly = values.copy()
    monthly.index = pd.PeriodIndex(monthly.index, freq="M")
    monthly = monthly.sort_index()
    full = monthly.reindex(pd.period_range(monthly.index.min(), monthly.index.max(), freq="M"))
    # the first twelve months have no year-earlier value by construction: only later gaps warn
    growth = 100 * (divide(full.iloc[12:], full.shift(12).iloc[12:], what="year-on-year growth") - 1)
    return growth.reindex(monthly.index)


def rolling_12m(values: pd.Series) -> pd.Series:
    """Sum over the 12 months ending in each month; NaN unless all 12 months are present."""
    monthly = values.copy()
    monthly.index = pd.PeriodIndex(monthly.index, freq="M")
    full = monthly.sort_index().reindex(pd.period_range(monthly.index.min(), monthly.index.max(), freq="M"))
    return full.rolling(12, min_periods=12).sum()
