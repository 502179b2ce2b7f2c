"""Notebook 02's question (``questions.structure``) on tables built here by hand, then on the shipped data."""

import pandas as pd
import pytest

from tradebook.questions import structure
from tradebook.themes import claims


def own_records() -> pd.DataFrame:
    """Reporter-recorded trade with two members: 2020 complete for both, 2021 complete for one only, 2022 complete."""
    return pd.DataFrame(
        {
            "partner": ["AAA", "BBB", "AAA", "BBB", "AAA", "BBB"],
            "year": [2020, 2020, 2021, 2021, 2022, 2022],
            "export_usd": [20.0, 10.0, 25.0, 5.0, 30.0, 30.0],
            "import_usd": [5.0, 5.0, 5.0, 5.0, 20.0, 20.0],
            "total_usd": [25.0, 15.0, 30.0, 10.0, 50.0, 50.0],
            "complete": [True, True, True, False, True, True],
            "source": ["imf_dots"] * 4 + ["gacc_2024"] * 2,
        }
    )


def test_complete_years_keep_only_years_every_member_completes_and_growth_is_year_on_year():
    by_year = structure.complete_years(own_records(), range(2020, 2023), 2)
    assert by_year.index.tolist() == [2020, 2022] and by_year["total_usd"].tolist() == [40.0, 100.0]
    growth = structure.growth_table(by_year)
    assert growth["year"].tolist() == [2020, 2022] and growth["source"].tolist() == ["imf_dots", "gacc_2024"]
    assert growth["growth_pct"].isna().iloc[0]  # the first year has no year before it


def test_group_balance_sums_complete_years_and_normalises():
    group = structure.group_balance(own_records(), 2)
    assert group.index.tolist() == [2020, 2022]  # 2021: one member incomplete, left out rather than drawn low
    assert group.loc[2020, "balance_usd"] == 20.0 and group.loc[2020, "normalized_balance"] == pytest.approx(
        20 / 40
    )  # (30 − 10)/(30 + 10)
    assert group.loc[2022, "normalized_balance"] == pytest.approx(20 / 100)


def test_concentration_of_two_equal_members_is_one_half_and_normalised_zero():
    shares = pd.DataFrame(
        {"year": [2020, 2020, 2021, 2021], "partner": ["AAA", "BBB"] * 2, "share_pct": [50.0, 50.0, 90.0, 10.0]}
    )
    table = structure.concentration(shares)
    assert table["hhi"].round(9).tolist() == [0.5, 0.82]  # 0.5² + 0.5²; 0.9² + 0.1²
    assert table.loc[0, "hhi_normalized"] == pytest.approx(0.0) and table["members"].tolist() == [2, 2]


def test_members_ahead_counts_members_where_the_reporter_outweighs_the_rival_in_the_latest_year():
    eastward = pd.DataFrame(
        {
            "reporter": ["AAA", "AAA", "BBB", "BBB", "CCC", "AAA", "AAA"],
            "partner": ["CHN", "USA", "CHN", "USA", "CHN", "CHN", "USA"],
            "year": [2022, 2022, 2022, 2022, 2022, 2021, 2021],
            "share_pct": [20.0, 10.0, 8.0, 12.0, 30.0, 5.0, 50.0],
        }
    )
    assert structure.members_ahead(eastward, "CHN", "USA") == (1, 2, 2022)  # CCC has no rival share: not counted
    assert structure.members_ahead(eastward.iloc[:0], "CHN", "USA") == (0, 0, None)


def test_machines_check_reports_the_median_and_largest_gap_between_the_two_sources():
    oec = pd.DataFrame(
        {"reporter": ["CHN", "VNM"], "year": [2020, 2020], "product": ["16", "16"], "share_pct": [40.0, 50.0]}
    )
    baci = pd.DataFrame(
        {"reporter": ["CHN", "VNM"], "year": [2020, 2020], "product": ["16", "16"], "share_pct": [42.0, 47.0]}
    )
    check, sentence = structure.machines_check(oec, baci)
    assert check["BACI"].tolist() == [42.0, 47.0]
    assert (
        sentence
        == "Over 2 economy-years held by both, the machinery share differs by 2.5 percentage points at the median (largest 3.0)."
    )
    _, none = structure.machines_check(oec, baci.iloc[:0])
    assert none is None  # one source only: no comparison


def test_momentum_keeps_every_month_and_flags_a_missing_one_empty():
    periods = pd.period_range("2019-01", "2020-12", freq="M").delete(15)  # April 2020 not recorded
    monthly = pd.DataFrame(
        {"period": periods, "value_usd": [100.0] * 23, "flag": pd.array([pd.NA] * 23, dtype="string")}
    )
    momentum = structure.momentum_table(monthly, range(2020, 2021))
    assert (
        len(momentum) == 12 and momentum.loc[pd.Period("2020-04", "M"), "flag"] == ""
    )  # a gap, not a missing flag that breaks a chart
    assert momentum["value_usd"].isna().sum() == 1


def test_momentum_reads_the_year_before_for_year_on_year_growth():
    periods = pd.period_range("2019-01", "2020-12", freq="M")
    monthly = pd.DataFrame(
        {"period": periods, "value_usd": [100.0] * 12 + [110.0] * 12, "flag": [None] * 23 + ["imf_allocated"]}
    )
    momentum = structure.momentum_table(monthly, range(2020, 2021))
    assert len(momentum) == 12 and momentum.index[0] == pd.Period("2020-01", "M")
    assert momentum["yoy_pct"].round(9).unique().tolist() == [10.0]
    assert momentum["rolling_12m_usd"].iloc[-1] == 1320.0 and momentum["flag"].tolist()[-2:] == ["", "imf_allocated"]


def test_c03_says_which_way_the_balance_moved_and_judges_by_the_threshold():
    group = pd.DataFrame(
        {
            "normalized_balance": [0.30, 0.20, 0.10],
            "balance_usd": [30e9, 20e9, 10e9],
            "source": ["imf_dots", "imf_dots", "gacc_2024"],
        },
        index=pd.Index([2022, 2023, 2024], name="year"),
    )
    mirror = pd.Series([0.25, 0.20], index=[2022, 2023])
    judged = structure.c03(group, mirror, reporter_name="China", partner_label="ASEAN-10", years=range(2022, 2025))
    assert (
        judged.verdict
        == claims.c03_imbalances_ease(group["normalized_balance"], claims.threshold("C03"))
        == claims.Verdict.SUPPORTED
    )
    assert judged.evidence.startswith(
        "A forecast (“will ease”): the data test the trend so far. China's normalised balance with ASEAN-10, last five complete years: "
        "+0.300 (2022) → +0.100 (2024): moved towards zero (balance USD 30.0 bn → USD 10.0 bn"
    )
    assert "years held: 2022 (IMF DOTS), 2023 (IMF DOTS), 2024 (GACC)" in judged.evidence
    assert (
        "The partners' own record of the same trade (the mirror, IMF DOTS): +0.250 (2022) → +0.200 (2023): moved towards zero."
        in judged.evidence
    )
    longer = pd.DataFrame(  # the last five years moved towards zero, the whole window away from it
        {
            "normalized_balance": [0.05, 0.10, 0.20, 0.30, 0.25, 0.20, 0.15, 0.10],
            "balance_usd": [1e9] * 8,
            "source": ["imf_dots"] * 8,
        },
        index=pd.Index(range(2017, 2025), name="year"),
    )
    flipped = structure.c03(longer, mirror, reporter_name="China", partner_label="ASEAN-10", years=range(2017, 2025))
    assert flipped.verdict == claims.Verdict.INCONCLUSIVE and "sensitive to the years chosen" in flipped.evidence
    few = structure.c03(
        group.iloc[:1], mirror, reporter_name="China", partner_label="ASEAN-10", years=range(2022, 2025)
    )
    assert (
        few.verdict == claims.Verdict.NOT_TESTABLE
        and few.evidence == "Fewer than two complete years of China–ASEAN-10 trade in 2022–2024."
    )


def test_headline_lines_name_the_last_complete_year_and_qualify_the_published_total():
    headline = pd.DataFrame(
        {
            "year": [2023, 2024],
            "series": ["China-recorded (IMF DOTS)"] * 2,
            "side": ["reporter"] * 2,
            "value_usd": [900e9, 950.04e9],
        }
    )
    official = pd.DataFrame(
        {"year": [2024, 2025], "flow": ["total", "total"], "value_usd": [980e9, 1000e9], "flag": ["", "lower_bound"]}
    )
    lines = structure.headline_lines(headline, official, range(2011, 2025), published_applies=True)
    assert lines == [
        "China-recorded (IMF DOTS), 2024: USD 950.0 bn",
        "latest official total: 2025, USD 1,000 bn (published as 'exceeded')",
    ]
    assert structure.headline_lines(headline, official, range(2011, 2024), published_applies=False) == [
        "China-recorded (IMF DOTS), 2023: USD 900.0 bn"
    ]


def test_snapshots_held_names_each_shipped_pair_with_its_years():
    flows = pd.DataFrame(
        {
            "source": ["dosm_sitc2", "dosm_sitc2", "singapore_wits_hs2", "imf_dots"],
            "reporter": ["MYS", "MYS", "SGP", "VNM"],
            "partner": ["CHN", "CHN", "CHN", "CHN"],
            "year": [2013, 2019, 2022, 2020],
        }  # fmt: skip
    )
    assert structure.snapshots_held(flows) == "Malaysia–China (SITC2, 2013–2019) and Singapore–China (HS2, 2022)"


@pytest.mark.parametrize(("partner", "members_shown"), [("ASEAN-10", 10), ("VNM", 1)])
def test_answer_on_the_shipped_data(partner, members_shown):
    from tradebook.context import workbook

    wb = workbook("CHN", partner, 2011, 2024, notebook="02_trade_structure")
    answer = structure.answer(wb)
    assert answer.balance["partner"].nunique() == members_shown
    assert answer.c01.verdict == (claims.Verdict.SUPPORTED if partner == "ASEAN-10" else claims.Verdict.NOT_EVALUATED)
    if partner == "VNM":
        assert answer.shares_note == "A single partner (Vietnam): there is no member structure to show."
        assert answer.snapshots == [] and "Malaysia–China (SITC2, " in (answer.snapshots_note or "")
        assert answer.c01.evidence.startswith(
            "Not evaluated: the published year-to-date figures cover China with ASEAN as a whole"
        )
    else:
        assert [name for name, _title, _table in answer.snapshots][:2] == [
            "02_bilateral_malaysia_exports_to_china",
            "02_bilateral_malaysia_imports_from_china",
        ]
        assert answer.projection.primary is not None and answer.projection.sentence.startswith("Backtest from January–")
