"""Notebook 06's question (``questions.agreements``) on tables built here by hand, then on the shipped data."""

import pandas as pd
import pytest

from tradebook.questions import agreements
from tradebook.themes import claims, gravity


def effects_of(rows):
    """An effects table (``gravity.EFFECT_COLUMNS``) from (specification, term, pct, pct_low, pct_high, years_in_force) rows; SYNTHETIC values."""
    table = pd.DataFrame(rows, columns=["specification", "term", "pct", "pct_low", "pct_high", "years_in_force"])
    return table.assign(
        coef=0.0, se=0.0, ci_low=0.0, ci_high=0.0, p_value=0.5, n_obs=31_947, n_pairs=1_500, n_dropped=0, n_separated=0
    )[gravity.EFFECT_COLUMNS]


def test_the_panel_summary_counts_what_the_estimates_rest_on():
    trade = pd.DataFrame({"exporter": ["CHN", "CHN", "VNM", "VNM"], "importer": ["VNM", "USA", "CHN", "USA"],
                          "recorded_by": ["exporter", "exporter", "importer", "exporter"], "flag": ["", "imf_estimate", "", ""]})  # fmt: skip
    summary = agreements.panel_summary(trade, "2011–2022").iloc[0].to_dict()
    assert summary == {
        "observations": 4,
        "exporters": 2,
        "importers": 3,
        "years": "2011–2022",
        "exporter-recorded %": 75.0,
        "IMF estimates or allocations %": 25.0,
    }


def test_the_figure_draws_the_policy_terms_and_their_leads_not_the_controls():
    effects = effects_of(
        [
            ("main", "RCEP", -11.4, -18.5, -3.6, 1),
            ("with leads (placebo)", "RCEP_lead2to4", -12.4, -18.2, -6.3, 1),
            ("main", "AANZFTA", 5.0, 1.0, 9.0, 10),
        ]
    )
    assert agreements.drawn_labels(effects) == {"RCEP": "RCEP", "RCEP_lead2to4": "RCEP, years 2–4 before entry"}


@pytest.mark.parametrize(
    "lead_low, lead_high, expected",
    [
        (-18.2, -6.3, claims.Verdict.INCONCLUSIVE),
        (-4.0, 9.4, claims.Verdict.INCONCLUSIVE),
    ],  # a pre-trend; then, without one, one year in force is too few
)
def test_c09_is_judged_on_the_main_rcep_estimate_with_its_checks(lead_low, lead_high, expected):
    effects = effects_of(
        [
            ("main", "RCEP", -11.4, -18.5, -3.6, 1),
            ("with leads (placebo)", "RCEP_lead2to4", (lead_low + lead_high) / 2, lead_low, lead_high, 1),
        ]
    )
    verdict, evidence, values, years = agreements.c09(
        effects,
        {"RCEP": "RCEP: -11.4% (95% confidence interval …)."},
        held="2011–2022",
        partner="ASEAN-10",
        last_year=2022,
    )
    assert verdict == expected and years == 1 and values["pretrend"] == (lead_high < 0)
    assert (
        evidence.startswith("PPML structural gravity, IMF DOTS 2011–2022, 31,947 observations. RCEP: -11.4%")
        and "3 years before 2025" in evidence
    )
    assert (
        "28 October 2025 and is not in force: it cannot be tested yet" in evidence
        and "preference utilisation" in evidence
    )


def test_c09_without_an_rcep_estimate_is_not_testable_and_says_on_which_years():
    verdict, evidence, values, years = agreements.c09(
        effects_of([]), {}, held="2011–2019", partner="VNM", last_year=2019
    )
    assert (
        verdict == claims.Verdict.NOT_TESTABLE
        and evidence.startswith("Not testable on these years (2011–2019): ")
        and values == {}
        and years == 0
    )


def test_the_rerouting_comparison_is_left_out_of_a_run_that_is_not_china_with_asean(project_copy):
    from tradebook.context import workbook

    before, after, table, note = agreements.rerouting_comparison(
        workbook("THA", "CHN", 2011, 2022, notebook="06_gravity"), range(2011, 2023)
    )
    assert (
        table.empty
        and note
        == "Left out: the comparison is about China's exports to the ASEAN members, and this run is Thailand with China."
    )
