"""Indicators on hand-computed examples, invariants, and WITS's own published shares."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from tradebook import indicators as ind
from tradebook.indicators import IndicatorWarning
from tradebook.sources import wits


def test_share_and_zero_denominator():
    assert ind.share(25.0, 200.0) == 12.5
    with pytest.warns(IndicatorWarning, match="share: 1 value"):
        assert math.isnan(ind.share(5.0, 0.0))


def test_growth_rate_does_not_span_a_missing_year():
    values = pd.Series({2018: 100.0, 2019: 110.0, 2021: 121.0})
    with pytest.warns(IndicatorWarning, match="growth rate: 1 value"):  # only the 2020 gap, not the first year
        growth = ind.growth_rate(values)
    assert growth[2019] == pytest.approx(10.0)
    assert math.isnan(growth[2018]) and math.isnan(growth[2021])  # 2020 missing: no growth over two years


def test_cagr_hand_example():
    values = pd.Series({2010: 100.0, 2015: 161.051})
    assert ind.cagr(values, 2010, 2015) == pytest.approx(10.0)  # 1.1^5 = 1.61051
    assert math.isnan(ind.cagr(values, 2010, 2014))  # endpoint missing


def test_yoy_and_rolling_12m():
    months = pd.period_range("2020-01", "2021-12", freq="M")
    values = pd.Series(np.r_[np.full(12, 10.0), np.full(12, 12.0)], index=months)
    assert ind.yoy_monthly(values)[pd.Period("2021-03", "M")] == pytest.approx(20.0)
    assert math.isnan(ind.yoy_monthly(values)[pd.Period("2020-12", "M")])
    rolling = ind.rolling_12m(values)
    assert math.isnan(rolling[pd.Period("2020-11", "M")])
    assert rolling[pd.Period("2020-12", "M")] == 120.0 and rolling[pd.Period("2021-06", "M")] == 6 * 10 + 6 * 12


def test_rolling_12m_needs_all_twelve_months():
    months = pd.period_range("2020-01", "2020-12", freq="M").delete(1)  # February missing
    rolling = ind.rolling_12m(pd.Series(1.0, index=months))
    assert rolling.isna().all()


def test_balance():
    assert ind.trade_balance(30.0, 10.0) == 20.0
    assert ind.normalized_balance(30.0, 10.0) == pytest.approx(0.5)
    assert ind.normalized_balance(0.0, 10.0) == -1.0
    with pytest.warns(IndicatorWarning):
        assert math.isnan(ind.normalized_balance(0.0, 0.0))


def test_hhi_hand_example_and_bounds():
    values = pd.Series({"a": 50.0, "b": 30.0, "c": 20.0})
    assert ind.hhi(values) == pytest.approx(0.25 + 0.09 + 0.04)
    assert ind.hhi(values * 1000) == pytest.approx(ind.hhi(values))  # units do not matter
    n = 3
    expected = (math.sqrt(0.38) - math.sqrt(1 / n)) / (1 - math.sqrt(1 / n))
    assert ind.hhi_normalized(values) == pytest.approx(expected)
    assert ind.hhi_normalized(pd.Series([5.0, 5.0, 5.0, 5.0])) == pytest.approx(0.0)
    assert ind.hhi_normalized(pd.Series([7.0])) == 1.0


def test_trade_intensity_hand_example():
    # i sends 20 of its 100 to j; j takes 50 of the world's 1000 → (0.2)/(0.05) = 4
    assert ind.trade_intensity(20.0, 100.0, 50.0, 1000.0) == pytest.approx(4.0)


def test_rca_two_by_two():
    flows = pd.DataFrame(
        {
            "reporter": ["CHN", "CHN", "VNM", "VNM"],
            "product": ["a", "b", "a", "b"],
            "value_usd": [30.0, 10.0, 10.0, 50.0],
        }
    )
    result = ind.rca(flows)
    assert result[("CHN", "a")] == pytest.approx((30 / 40) / (40 / 100))
    assert result[("VNM", "b")] == pytest.approx((50 / 60) / (60 / 100))
    assert ind.rca(flows.assign(value_usd=flows.value_usd * 1000))[("CHN", "a")] == pytest.approx(result[("CHN", "a")])
    assert ind.rsca(result)[("CHN", "a")] == pytest.approx((1.875 - 1) / (1.875 + 1))


def test_trade_complementarity_hand_example():
    exports_i = pd.Series({"a": 60.0, "b": 40.0})
    imports_j = pd.Series({"a": 20.0, "b": 50.0, "c": 30.0})
    # shares x = (.6, .4, 0), m = (.2, .5, .3); Σ|m−x| = .4 + .1 + .3 = .8 → 100·(1 − .4) = 60
    assert ind.trade_complementarity(exports_i, imports_j) == pytest.approx(60.0)
    assert ind.trade_complementarity(imports_j, imports_j) == pytest.approx(100.0)


def test_export_similarity_hand_example():
    assert ind.export_similarity(
        pd.Series({"a": 60.0, "b": 40.0}), pd.Series({"a": 20.0, "b": 50.0, "c": 30.0})
    ) == pytest.approx(100 * (0.2 + 0.4))
    assert ind.export_similarity(pd.Series({"a": 1.0}), pd.Series({"b": 1.0})) == 0.0


def test_grubel_lloyd_per_product_and_aggregate():
    exports = pd.Series({"84": 80.0, "85": 50.0, "27": 0.0})
    imports = pd.Series({"84": 20.0, "85": 50.0, "27": 40.0})
    gl = ind.grubel_lloyd(exports, imports)
    assert gl["84"] == pytest.approx(1 - 60 / 100) and gl["85"] == 1.0 and gl["27"] == 0.0
    # trade-weighted: 1 − (60 + 0 + 40) / (100 + 100 + 40)
    assert ind.grubel_lloyd_aggregate(exports, imports) == pytest.approx(1 - 100 / 240)
    weights = exports + imports
    assert ind.grubel_lloyd_aggregate(exports, imports) == pytest.approx((gl * weights).sum() / weights.sum())


def test_no_numpy_division_warning_leaks():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.warns(IndicatorWarning):
            ind.grubel_lloyd(pd.Series({"x": 0.0}), pd.Series({"x": 0.0}))


# --- against figures WITS publishes in the same files ---------------------------------------

MEMBERS = ["IDN", "MYS", "PHL", "SGP", "THA", "VNM"]
YEARS = [2010, 2015, 2019]


@pytest.fixture(scope="module")
def wits_values():
    from tradebook.sources import wits as loader

    return loader.load()


@pytest.mark.parametrize("reporter", ["CHN", *MEMBERS])
def test_recomputed_wits_product_shares_match_published(wits_values, reporter):
    """WITS publishes "Export Product share(%)" (2 decimals) beside "Export(US$ Mil)"."""
    published = wits.load_published()
    for year in YEARS:
        rows = wits_values[
            (wits_values.reporter == reporter) & (wits_values.year == year) & (wits_values.flow == "export")
        ]
        total = rows[rows.classification == "TOTAL"]["value_usd"].iloc[0]
        groups = rows[rows.classification.isin(["WITS-group", "stage"])].set_index("product")["value_usd"]
        ours = ind.share(groups, total)
        theirs = published[(published.reporter == reporter) & (published.year == year)].set_index("product")["value"]
        theirs = theirs[theirs.index.isin(ours.index)]
        assert len(theirs) == 20, (reporter, year)
        # half the last published digit (0.005 pp), plus up to 1e-4 pp from the values themselves
        # being published rounded to US$ 0.01 million
        assert (ours[theirs.index] - theirs).abs().max() <= 0.0051, (reporter, year)


def test_relative_unit_value_by_hand():
    from tradebook import indicators

    exports = pd.DataFrame(
        {
            "reporter": ["A", "B", "A", "B", "C"],
            "product": ["84", "84", "85", "85", "85"],
            "value_usd": [100.0, 300.0, 50.0, 50.0, 10.0],
            "tonnes": [10.0, 10.0, 5.0, 20.0, float("nan")],  # C holds no quantity: left out of both sides
        }
    )
    ruv = indicators.relative_unit_value(exports)
    # world 84: 400 / 20 = 20 a tonne; A 10 → 0.5, B 30 → 1.5. World 85: 100 / 25 = 4; A 10 → 2.5, B 2.5 → 0.625
    assert ruv[("A", "84")] == pytest.approx(0.5) and ruv[("B", "84")] == pytest.approx(1.5)
    assert ruv[("A", "85")] == pytest.approx(2.5) and ruv[("B", "85")] == pytest.approx(0.625)
    assert ("C", "85") not in ruv.index


def test_unit_value_change_weights_chapters_by_the_members_exports():
    from tradebook.flows import panels

    rows = []
    for year, a_price in ((2011, 10.0), (2020, 20.0)):  # A's price per tonne in 84 doubles, the world's stays 20 in 84
        rows += [
            {"reporter": "A", "year": year, "product": "84", "value_usd": a_price * 10, "tonnes": 10.0},
            {"reporter": "W", "year": year, "product": "84", "value_usd": 40 * 10 - a_price * 10, "tonnes": 10.0},
            {"reporter": "A", "year": year, "product": "85", "value_usd": 100.0, "tonnes": 10.0},
            {"reporter": "W", "year": year, "product": "85", "value_usd": 100.0, "tonnes": 10.0},
        ]
    table = panels.unit_value_change(pd.DataFrame(rows), ["A", "Z"], ["84", "85"], 2011, 2020).set_index("member")
    # 2011: RUV 84 = 10/20 = 0.5 (weight 100), RUV 85 = 1 (weight 100) → 0.75; 2020: RUV 84 = 20/20 = 1 (weight 200), 85 = 1 → 1.0
    assert table.at["A", "ruv_first"] == pytest.approx(0.75) and table.at["A", "ruv_last"] == pytest.approx(1.0)
    assert table.at["A", "change_pct"] == pytest.approx(100 * (1.0 / 0.75 - 1))
    assert math.isnan(table.at["Z", "change_pct"])  # no quantity held: no value, not a zero
