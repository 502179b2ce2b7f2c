"""A full-year projection from a January-to-month total, with an interval and a backtest.

Method (a seasonal-share projection): in a past year y, the first m months made up the share
s_y(m) = C_y(m) / C_y(12) of the year, where C_y(m) is the January-to-m cumulative total. Given a
published January-to-m figure Y for the target year, the point projection is

    point = Y / mean_y s_y(m),

the full year the figure implies if this year's seasonal pattern is like the average past year.
The interval is a **prediction interval with a stated coverage** (``COVERAGE``, 90%) taken from the
method's own errors: ``backtest`` projects each past year from its own C_y(m) with the other years'
shares (leave one out) and records r_y = actual / projected; the interval is

    [point · q_(1−c)/2(r),  point · q_(1+c)/2(r)]     (empirical quantiles of r, linear interpolation),

so it covers the errors the method has made, seasonal patterns and shocks after month m alike.
How often such an interval held the actual total is checked the same way, one year left out at a
time (``backtest``'s ``inside``), and reported beside the nominal coverage. Shares and figures are
matched by currency: a figure in yuan is converted at a stated rate before it is projected with
dollar shares, or projected with yuan shares where enough yuan years are held.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from tradebook import language, reference
from tradebook.flows import series
from tradebook.indicators._safe import divide
from tradebook.sources import curated, gacc

MIN_PAST_YEARS = 3  # fewer complete past years give no spread to take an interval from, nor a backtest
COVERAGE = 0.90  # nominal coverage of the prediction interval


def cumulate(monthly: pd.DataFrame) -> pd.DataFrame:
    """January-to-month cumulative totals C_y(m) from monthly values, for years with all twelve months.

    ``monthly``: columns series, year, month (1–12), value. Returns series, year, month, cumulative.
    """
    months = monthly.groupby(["series", "year"])["month"].transform("nunique")
    rows = monthly[months == 12].sort_values(["series", "year", "month"]).copy()
    rows["cumulative"] = rows.groupby(["series", "year"])["value"].cumsum()
    return rows[["series", "year", "month", "cumulative"]].reset_index(drop=True)


def seasonal_cumulative(flows: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """China-recorded January-to-month totals with ``members`` for every complete year held.

    Two series, each in its own currency: IMF DOTS (USD, months summed; years with every
    member and flow in all twelve months) and GACC 2024 (CNY, the published cumulative
    columns, March and September derived; only when ``members`` is the whole ASEAN-10, since
    the table's ASEAN row is what the published year-to-date figures refer to).
    Columns: series, year, month, cumulative (see ``cumulative_shares``).
    """
    monthly = series.monthly_total(flows, "CHN", members)
    frames = [
        cumulate(
            pd.DataFrame(
                {
                    "series": f"{series.SOURCE_LABELS[series.DOTS]} (USD)",
                    "year": monthly["period"].dt.year,
                    "month": monthly["period"].dt.month,
                    "value": monthly["value_usd"],
                }
            )
        )
    ]
    if sorted(members) == reference.members("ASEAN-10"):
        table = gacc.cumulative_cny(gacc.read_native(), partner="ASEAN")
        frames.append(
            table.assign(series=f"{series.SOURCE_LABELS[series.GACC]} (CNY)")[["series", "year", "month", "cumulative"]]
        )
    return pd.concat(frames, ignore_index=True)


def cumulative_shares(cumulative: pd.DataFrame) -> pd.DataFrame:
    """s_y(m) = C_y(m) / C_y(12) for every year (and series) with all twelve cumulative months.

    ``cumulative``: columns series, year, month, cumulative (one currency per series), e.g. from
    ``cumulate`` or a published January-to-month table. Returns the same columns plus share (0–1).
    """
    months = cumulative.groupby(["series", "year"])["month"].transform("nunique")
    rows = cumulative[months == 12].sort_values(["series", "year", "month"]).copy()
    rows["share"] = divide(
        rows["cumulative"], rows.groupby(["series", "year"])["cumulative"].transform("last"), what="cumulative share"
    )
    return rows[["series", "year", "month", "cumulative", "share"]].reset_index(drop=True)


def _point(ytd: float, month: int, shares: pd.DataFrame) -> tuple[float, pd.Series]:
    at_month = shares.loc[shares["month"] == month, "share"]
    if at_month.empty:
        raise ValueError(f"no past year has a complete January–month {month} share to project from")
    return ytd / at_month.mean(), at_month


def error_quantiles(ratios: pd.Series, coverage: float = COVERAGE) -> tuple[float, float]:
    """The (1 − c)/2 and (1 + c)/2 empirical quantiles of actual/projected ratios (linear interpolation)."""
    tail = (1 - coverage) / 2
    return float(np.quantile(ratios, tail)), float(np.quantile(ratios, 1 - tail))


def backtest(shares: pd.DataFrame, month: int, *, coverage: float = COVERAGE) -> pd.DataFrame:
    """Project every past year from its own January-to-``month`` total with the other years' shares (leave one out).

    Columns: series, year, actual (C_y(12)), projected, ratio (actual / projected), error_pct
    (100 · (projected − actual) / actual), low, high (the ``coverage`` prediction interval built
    from the other years' ratios) and inside (actual within it): the interval's own out-of-sample check.
    """
    at_month = shares[shares["month"] == month].set_index(["series", "year"])
    totals = shares[shares["month"] == 12].set_index(["series", "year"])["cumulative"]
    rows = []
    keys = shares[["series", "year"]].apply(tuple, axis=1)
    for key, row in at_month.iterrows():
        projected, _ = _point(row["cumulative"], month, shares[keys != key])
        actual = totals[key]
        rows.append(
            {
                "series": key[0],
                "year": key[1],
                "actual": actual,
                "projected": projected,
                "ratio": actual / projected,
                "error_pct": 100 * (projected - actual) / actual,
            }
        )
    out = pd.DataFrame(rows, columns=["series", "year", "actual", "projected", "ratio", "error_pct"])
    bounds = []
    for index in out.index:
        low, high = error_quantiles(out["ratio"].drop(index), coverage) if len(out) > 2 else (np.nan, np.nan)
        bounds.append((out.at[index, "projected"] * low, out.at[index, "projected"] * high))
    out["low"], out["high"] = [b[0] for b in bounds], [b[1] for b in bounds]
    out["inside"] = (out["low"] <= out["actual"]) & (out["actual"] <= out["high"])
    return out


def rolling_backtest(shares: pd.DataFrame, month: int, *, coverage: float = COVERAGE) -> pd.DataFrame:
    """Project each past year in real time: from its own January-to-``month`` total with the shares of the years
    *before* it only, and its interval from the ratios those earlier years' own real-time projections gave (a
    rolling origin, as a forecaster standing in that year would have had them).

    The first ``MIN_PAST_YEARS`` years of each series only start the record; later years are projected. Columns
    as ``backtest``; ``years_used`` (how many earlier years each projection rests on).
    """
    rows = []
    for series_name, own in shares.groupby("series"):
        years = sorted(own["year"].unique())
        ratios: list[float] = []
        for position, year in enumerate(years):
            earlier = own[own["year"] < year]
            if position < MIN_PAST_YEARS:
                continue
            at_month = own[(own["year"] == year) & (own["month"] == month)]
            actual = own[(own["year"] == year) & (own["month"] == 12)]["cumulative"]
            if at_month.empty or actual.empty:
                continue
            projected, _ = _point(float(at_month["cumulative"].iat[0]), month, earlier)
            low, high = error_quantiles(pd.Series(ratios), coverage) if len(ratios) >= 2 else (np.nan, np.nan)
            truth = float(actual.iat[0])
            rows.append(
                {
                    "series": series_name,
                    "year": int(year),
                    "actual": truth,
                    "projected": projected,
                    "ratio": truth / projected,
                    "error_pct": 100 * (projected - truth) / truth,
                    "low": projected * low,
                    "high": projected * high,
                    "years_used": int(earlier["year"].nunique()),
                }
            )
            ratios.append(truth / projected)
    out = pd.DataFrame(
        rows, columns=["series", "year", "actual", "projected", "ratio", "error_pct", "low", "high", "years_used"]
    )
    out["inside"] = (out["low"] <= out["actual"]) & (out["actual"] <= out["high"])
    return out


def with_rate_range(projection: dict, rate: float, low_rate: float, high_rate: float) -> dict:
    """A dollar projection converted from yuan at ``rate``, its prediction interval widened by the rate's range:
    the low end at the highest rate, the high end at the lowest (``low_rate``–``high_rate`` yuan per dollar)."""
    return projection | {
        "low": projection["low"] * rate / high_rate,
        "high": projection["high"] * rate / low_rate,
        "rate_low": low_rate,
        "rate_high": high_rate,
    }


def project(ytd: float, month: int, shares: pd.DataFrame, *, coverage: float = COVERAGE) -> dict:
    """Full-year projection from the January-to-``month`` total ``ytd`` with its prediction interval (module formula).

    ``shares``: output of ``cumulative_shares`` in the currency of ``ytd``. Returns month, ytd,
    point, low, high (same currency), coverage_pct (nominal), backtest_coverage_pct (how often
    the interval held the actual, one year left out at a time), the share mean/min/max and the
    number of past years used.
    """
    point, at_month = _point(ytd, month, shares)
    checked = backtest(shares, month, coverage=coverage)
    low, high = error_quantiles(checked["ratio"], coverage)
    return {
        "month": month,
        "ytd": ytd,
        "share_mean": at_month.mean(),
        "share_min": at_month.min(),
        "share_max": at_month.max(),
        "years_used": int(at_month.size),
        "point": point,
        "low": point * low,
        "high": point * high,
        "coverage_pct": 100 * coverage,
        "backtest_coverage_pct": 100 * float(checked["inside"].mean()),
    }


def in_usd(published: pd.DataFrame, rate: float, rate_source: str) -> pd.DataFrame:
    """Published year-to-date figures in US dollars: yuan figures divided by ``rate`` (yuan per dollar), named with its source.

    ``published``: curated.year_to_date rows (currency, value, …). Adds native_currency,
    native_value, cny_per_usd and rate_source (empty for figures published in dollars).
    """
    cny = published["currency"] == "CNY"
    return published.assign(
        native_currency=published["currency"],
        native_value=published["value"],
        value=published["value"].where(~cny, published["value"] / rate),
        currency="USD",
        cny_per_usd=np.where(cny, rate, np.nan),
        rate_source=np.where(cny, rate_source, ""),
    )


def in_currency(shares: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The rows of series recorded in ``currency`` (series named '… (USD)'): figures are projected with shares of their own currency."""
    return shares[shares["series"].str.endswith(f"({currency})")]


def stated_cny_rate(year: int | None = None) -> pd.Series:
    """The yuan-per-dollar rate yuan figures of ``year`` are converted at, with its source.

    GACC's own rate for that year where GACC published its totals in both currencies
    (``curated.gacc_rate``: 2025, CNY 45.47 trn ÷ USD 6.35 trn = 7.16); otherwise the rate of
    GACC's 2024 table, January–September (``gacc.implied_cny_rate``), the latest one held.
    Fields: year, period, cny_per_usd, method, source (one line naming them), low and high (the
    range the published figures' rounding allows; NaN for a rate not of the year itself).
    """
    published = curated.gacc_rate(year) if year is not None else None
    if published is not None:
        return pd.Series(
            {
                "year": year,
                "period": language.text("full year"),
                "cny_per_usd": published["cny_per_usd"],
                "method": published["method"],
                "source": published["method"],
                "low": published["low"],
                "high": published["high"],
            }
        )
    row = gacc.implied_cny_rate(gacc.read_native()).iloc[0]
    return pd.concat(
        [
            row,
            pd.Series(
                {
                    "source": language.text(
                        "{method}, {period} {year}", method=row["method"], period=row["period"], year=row["year"]
                    ),
                    "low": np.nan,
                    "high": np.nan,
                }
            ),
        ]
    )


def interval_label(coverage_pct: float) -> str:
    """'90% prediction interval' (90%预测区间)."""
    return language.text("{coverage:.0f}% prediction interval", coverage=coverage_pct)


def past_years(shares: pd.DataFrame) -> int:
    """How many complete past years (all series) ``shares`` holds."""
    return int(shares[["series", "year"]].drop_duplicates().shape[0])


def backtest_summary(backtest_rows: pd.DataFrame) -> dict:
    """Mean absolute percentage error, the worst year and how often the prediction interval held the actual."""
    errors = backtest_rows["error_pct"].abs()
    worst = backtest_rows.loc[errors.idxmax()]
    return {
        "years": int(len(backtest_rows)),
        "mape_pct": float(errors.mean()),
        "worst_year": int(worst["year"]),
        "worst_series": worst["series"],
        "worst_error_pct": float(worst["error_pct"]),
        "coverage_pct": float(100 * backtest_rows["inside"].mean()),
        "inside": int(backtest_rows["inside"].sum()),
    }


def months_label(month: int) -> str:
    """'January–October' for ``month`` 10 ('January' for 1); in Chinese '1—10月' ('1月')."""
    if language.chinese():
        return "1月" if month == 1 else f"1—{month}月"
    return "January" if month == 1 else f"January–{calendar.month_name[month]}"
