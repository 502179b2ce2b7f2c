"""A full-year projection from a January-to-month total, with an interval and a backtest.

Method (a seasonal-share projection): in a past year y, the first m months made up the share
s_y(m) = C_y(m) / C_y(12) of the year, where C_y(m) is the January-to-m cumulative total. Given a
published January-to-m figure Y for the target year, the projection is

    point = Y / mean_y s_y(m),   interval = [Y / max_y s_y(m),  Y / min_y s_y(m)],

i.e. the full year the figure implies if this year's seasonal pattern is like the average past
year, and like the most front- and back-loaded past years. The interval covers the spread of
seasonal patterns seen, not revisions or shocks after month m. ``backtest`` measures how well
the method did: each past year projected from its own C_y(m) with the shares of the other years.
"""

from __future__ import annotations

import calendar

import pandas as pd

from tradebook.indicators._safe import divide

MIN_PAST_YEARS = 3  # fewer complete past years give no spread to take an interval from, nor a backtest


def cumulate(monthly: pd.DataFrame) -> pd.DataFrame:
    """January-to-month cumulative totals C_y(m) from monthly values, for years with all twelve months.

    ``monthly``: columns series, year, month (1–12), value. Returns series, year, month, cumulative.
    """
    months = monthly.groupby(["series", "year"])["month"].transform("nunique")
    rows = monthly[months == 12].sort_values(["series", "year", "month"]).copy()
    rows["cumulative"] = rows.groupby(["series", "year"])["value"].cumsum()
    return rows[["series", "year", "month", "cumulative"]].reset_index(drop=True)


def cumulative_shares(cumulative: pd.DataFrame) -> pd.DataFrame:
    """s_y(m) = C_y(m) / C_y(12) for every year (and series) with all twelve cumulative months.

    ``cumulative``: columns series, year, month, cumulative (one currency per series), e.g. from
    ``cumulate`` or a published January-to-month table. Returns the same columns plus share (0–1).
    """
    months = cumulative.groupby(["series", "year"])["month"].transform("nunique")
    rows = cumulative[months == 12].sort_values(["series", "year", "month"]).copy()
    rows["share"] = divide(rows["cumulative"], rows.groupby(["series", "year"])["cumulative"].transform("last"), what="cumulative share")
    return rows[["series", "year", "month", "cumulative", "share"]].reset_index(drop=True)


def project(ytd: float, month: int, shares: pd.DataFrame) -> dict:
    """Full-year projection from the January-to-``month`` total ``ytd`` (see the module formula).

    ``shares``: output of ``cumulative_shares``. Returns point, low, high (same currency as
    ``ytd``), the share mean/min/max and the number of past years used.
    """
    at_month = shares.loc[shares["month"] == month, "share"]
    if at_month.empty:
        raise ValueError(f"no past year has a complete January–month {month} share to project from")
    return {
        "month": month,
        "ytd": ytd,
        "share_mean": at_month.mean(),
        "share_min": at_month.min(),
        "share_max": at_month.max(),
        "years_used": int(at_month.size),
        "point": ytd / at_month.mean(),
        "low": ytd / at_month.max(),
        "high": ytd / at_month.min(),
    }


def backtest(shares: pd.DataFrame, month: int) -> pd.DataFrame:
    """Project every past year from its own January-to-``month`` total with the other years' shares.

    Columns: series, year, actual (C_y(12)), projected, low, high, error_pct
    (100 · (projected − actual) / actual), inside (actual within [low, high]).
    """
    at_month = shares[shares["month"] == month].set_index(["series", "year"])
    totals = shares[shares["month"] == 12].set_index(["series", "year"])["cumulative"]
    rows = []
    for key, row in at_month.iterrows():
        others = shares[(shares[["series", "year"]].apply(tuple, axis=1) != key)]
        result = project(row["cumulative"], month, others)
        actual = totals[key]
        rows.append(
            {
                "series": key[0],
                "year": key[1],
                "actual": actual,
                "projected": result["point"],
                "low": result["low"],
                "high": result["high"],
                "error_pct": 100 * (result["point"] - actual) / actual,
                "inside": result["low"] <= actual <= result["high"],
            }
        )
    return pd.DataFrame(rows)


def past_years(shares: pd.DataFrame) -> int:
    """How many complete past years (all series) ``shares`` holds."""
    return int(shares[["series", "year"]].drop_duplicates().shape[0])


def backtest_summary(backtest_rows: pd.DataFrame) -> dict:
    """Mean absolute percentage error, the worst year and how often the interval held the actual."""
    errors = backtest_rows["error_pct"].abs()
    worst = backtest_rows.loc[errors.idxmax()]
    return {
        "years": int(len(backtest_rows)),
        "mape_pct": float(errors.mean()),
        "worst_year": int(worst["year"]),
        "worst_series": worst["series"],
        "worst_error_pct": float(worst["error_pct"]),
        "coverage_pct": float(100 * backtest_rows["inside"].mean()),
    }


def months_label(month: int) -> str:
    """'January–October' for ``month`` 10 ('January' for 1)."""
    return "January" if month == 1 else f"January–{calendar.month_name[month]}"
