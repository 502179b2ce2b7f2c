"""The year-by-year tables the notebooks read (flows.panels, flows.coverage, series.intensity), on small
tables built here whose answers are computed by hand (values SYNTHETIC)."""

import numpy as np
import pandas as pd
import pytest

from tradebook import schema
from tradebook.flows import coverage, panels, series


def monthly(reporter, partner, flow, year, per_month, *, months=range(1, 13), source="imf_dots"):
    """DOTS-like monthly rows: ``per_month`` USD in each of ``months``."""
    return [
        {"source": source, "reporter": reporter, "partner": partner, "flow": flow, "year": year, "month": m,
         "classification": "TOTAL", "product": "TOTAL", "value_usd": per_month, "flag": ""}
        for m in months
    ]  # fmt: skip


def table(records) -> pd.DataFrame:
    return schema.coerce(pd.DataFrame(records))


def test_complementarity_by_hand():
    rows = [
        {"source": "oec_sections", "reporter": r, "partner": "WLD", "flow": f, "year": 2018, "month": pd.NA, "classification": "HS-section",
         "product": p, "value_usd": v, "flag": ""}
        for r, f, p, v in [("CHN", "export", "16", 60.0), ("CHN", "export", "11", 40.0), ("VNM", "import", "16", 50.0), ("VNM", "import", "5", 50.0)]
    ]  # fmt: skip
    tci = panels.tci(table(rows), ["CHN"], ["VNM"]).set_index(["exporter", "importer", "year"])["tci"]
    # shares x = (16: .6, 11: .4), m = (16: .5, 5: .5): Σ|m − x| = .1 + .4 + .5 = 1.0 → TC = 100 (1 − 0.5) = 50
    assert tci[("CHN", "VNM", 2018)] == pytest.approx(50.0)


def test_supplier_shares_rank_each_importers_sources_in_complete_years():
    records = (
        monthly("VNM", "WLD", "import", 2022, 100.0)
        + monthly("VNM", "CHN", "import", 2022, 30.0)
        + monthly("VNM", "KOR", "import", 2022, 20.0)
    )
    records += monthly("VNM", "CHN", "import", 2023, 30.0, months=range(1, 7)) + monthly(
        "VNM", "WLD", "import", 2023, 100.0, months=range(1, 7)
    )
    shares = panels.supplier_shares(table(records), ["VNM"]).set_index(["partner", "year"])
    assert shares.at[("CHN", 2022), "share_pct"] == pytest.approx(30.0) and shares.at[("CHN", 2022), "rank"] == 1
    assert shares.at[("KOR", 2022), "share_pct"] == pytest.approx(20.0) and shares.at[("KOR", 2022), "rank"] == 2
    assert 2023 not in shares.index.get_level_values("year")  # six months: not a year to rank


def test_coverage_marks_complete_partial_and_missing_cells():
    records = monthly("CHN", "VNM", "export", 2020, 1.0) + monthly("CHN", "VNM", "import", 2020, 1.0)
    records += monthly("CHN", "VNM", "export", 2021, 1.0)  # one flow only
    records += monthly("CHN", "VNM", "export", 2022, 1.0, months=range(1, 12)) + monthly(
        "CHN", "VNM", "import", 2022, 1.0
    )
    grid = coverage.matrix(table(records), ["CHN"], ["VNM"], range(2020, 2024))
    assert grid.loc[("imf_dots", "CHN", "VNM")].tolist() == ["✓", "½", "½", "·"]
    notes = grid.attrs["details"].set_index("year")["note"]
    assert notes[2021] == "only export" and notes[2022] == "11 of 12 months"


def test_trade_intensity_by_hand():
    records = monthly("CHN", "VNM", "export", 2020, 10.0) + monthly("CHN", "WLD", "export", 2020, 100.0)
    records += (
        monthly("VNM", "WLD", "import", 2020, 50.0)
        + monthly("VNM", "CHN", "export", 2020, 2.0)
        + monthly("VNM", "WLD", "export", 2020, 40.0)
    )
    records += monthly("CHN", "WLD", "import", 2020, 80.0)
    world = pd.DataFrame({"year": [2020], "value_usd": [12 * 1000.0]})
    tii = panels.intensity(table(records), "CHN", ["VNM"], world).set_index(["exporter", "importer"])["intensity"]
    # China → Viet Nam: (120 / 1200) / (600 / 12000) = 0.1 / 0.05 = 2; Viet Nam → China: (24 / 480) / (960 / 12000) = 0.05 / 0.08
    assert tii[("CHN", "VNM")] == pytest.approx(2.0) and tii[("VNM", "CHN")] == pytest.approx(0.625)


def test_cagr_by_policy_period_by_hand_and_partial_periods_said():
    values = pd.Series([100.0, 110.0, 121.0, 133.1, 200.0], index=[2016, 2017, 2018, 2019, 2022])
    periods = pd.DataFrame({"period": ["A", "B"], "first_year": [2016, 2020], "last_year": [2019, pd.NA]})
    table_ = series.cagr_by_period(values, "test", policy_periods=periods).set_index("period")
    assert table_.at["A", "cagr_pct"] == pytest.approx(10.0) and table_.at["A", "note"] == ""
    assert (
        pd.isna(table_.at["B", "cagr_pct"])
        and table_.at["B", "note"] == "fewer than two years of one source in the period"
    )


def test_headline_keeps_each_source_its_own_series_and_leaves_incomplete_years_out():
    records = monthly("CHN", "VNM", "export", 2021, 10.0) + monthly("CHN", "VNM", "import", 2021, 5.0)
    records += monthly("CHN", "VNM", "export", 2022, 10.0) + monthly(
        "CHN", "VNM", "import", 2022, 5.0, months=range(1, 12)
    )
    records += monthly("VNM", "CHN", "import", 2021, 9.0) + monthly("VNM", "CHN", "export", 2021, 4.0)
    official = pd.DataFrame(columns=["year", "flow", "value_usd", "flag", "source_url"])
    headline = series.headline(table(records), official, "CHN", "VNM", ["VNM"])
    own = headline[headline["side"] == "reporter"].set_index("year")
    assert (
        own.at[2021, "value_usd"] == pytest.approx(12 * 15.0) and own.at[2021, "series"] == "China-recorded (IMF DOTS)"
    )
    assert (
        pd.isna(own.at[2022, "value_usd"]) and not own.at[2022, "complete"]
    )  # eleven months of imports: no total, never drawn low
    mirror = headline[headline["side"] == "partner"].set_index("year")
    assert (
        mirror.at[2021, "value_usd"] == pytest.approx(12 * 13.0)
        and mirror.at[2021, "series"] == "Vietnam-recorded (IMF DOTS)"
    )


def test_growth_by_period_keeps_one_source_and_fits_a_trend_beside_the_endpoints():
    values = pd.Series([100.0, 80.0, 120.0, 130.0, 160.0, 200.0], index=range(2016, 2022))  # a trough, then a peak
    sources = pd.Series(["imf_dots"] * 5 + ["gacc_2024"], index=range(2016, 2022))
    periods = pd.DataFrame([{"period": "upgrade", "first_year": 2016, "last_year": 2021}])
    row = series.cagr_by_period(values, "test", sources, policy_periods=periods).iloc[0]
    assert (row.from_year, row.to_year, row.years, row.source) == (
        2016,
        2020,
        5,
        "IMF DOTS",
    )  # the GACC year left out, not joined
    assert row.cagr_pct == pytest.approx(100 * ((160 / 100) ** (1 / 4) - 1))
    slope = np.polyfit(np.arange(2016, 2021), np.log([100.0, 80.0, 120.0, 130.0, 160.0]), 1)[0]
    assert row.fitted_pct == pytest.approx(100 * np.expm1(slope))
    assert "GACC left out: one source per period" in row.note
