"""Notebook 04's question (``questions.smes``) on tables built here by hand, then on the shipped data."""

import pandas as pd
import pytest

from tradebook.questions import smes
from tradebook.themes import claims


def test_private_enterprise_shares_are_part_over_total_in_chronological_order():
    by_type = pd.DataFrame(
        {
            "flow": ["exports", "exports"],
            "period": ["2024 full year (preliminary)", "2024-01..11"],
            "total": ["200", "100"],
            "soe": ["20", "10"],
            "fie": ["60", "30"],
            "poe": ["120", "55"],
            "other": ["0", "5"],
            "source_url": ["https://a", "https://b"],
        }
    )
    shares = smes.private_enterprise_shares(by_type)
    assert shares["period"].tolist() == [
        "2024-01..11",
        "2024 full year (preliminary)",
    ]  # the full year after its months
    assert shares["private_share_pct"].round(9).tolist() == [55.0, 60.0] and shares["foreign_invested_share_pct"].round(
        9
    ).tolist() == [30.0, 30.0]


def test_annual_values_keep_whole_years_in_the_unit_asked_and_growth_is_compound():
    published = pd.DataFrame({"period": ["2022", "2024", "2025-01..06", "2023"], "unit": ["CNY trillion", "CNY trillion", "CNY trillion", "USD bn"],
                              "value": ["1.0", "1.21", "0.7", "150"]})  # fmt: skip
    annual = smes.annual_values(published, "CNY trillion")
    assert annual.to_dict() == {2022: 1.0, 2024: 1.21}
    assert (
        smes.cbec_growth(annual)
        == "China's cross-border e-commerce trade grew +10.0% a year between 2022 and 2024 (CNY, as published)."
    )
    assert smes.cbec_growth(annual.iloc[:1]) is None  # one year: no growth, no sentence


def test_groups_traded_counts_positive_product_groups_by_flow_and_year():
    flows = pd.DataFrame(
        {
            "source": ["dosm_sitc2"] * 4 + ["imf_dots"],
            "partner": ["CHN", "CHN", "CHN", "USA", "CHN"],
            "flow": ["export", "export", "import", "export", "export"],
            "year": [2019] * 5,
            "product": ["71", "77", "77", "71", "TOTAL"],
            "value_usd": [5.0, 0.0, 3.0, 9.0, 1.0],
        }
    )
    assert smes.groups_traded(flows, "dosm_sitc2", "CHN").to_dict("list") == {
        "export": [1],
        "import": [1],
    }  # 77's zero export is not trade


def test_c06_says_why_it_cannot_be_tested_and_quotes_the_closest_evidence():
    msme = pd.DataFrame({"indicator": ["share of enterprises", "share of exports"], "value_low": ["88.8", "10"], "value_high": ["99.9", "29.9"],
                         "source_agency": ["ESCAP", "ASEAN Secretariat"]})  # fmt: skip
    sentence = claims.c06_evidence(
        pd.Series({"period": "2024-01..05 (GACC)", "private_share_pct": 63.64}),
        pd.Series({"period": "2025-01..07", "value": "570000"}),
        msme,
    )
    assert sentence.startswith("No public source counts the firms in China–ASEAN trade by size")
    assert "63.6% of China's exports in Jan–May 2024 (GACC); 570,000 private firms traded in Jan–Jul 2025" in sentence
    assert "SMEs account for 10–29.9% of exports (ASEAN Secretariat)" in sentence


@pytest.mark.parametrize("partner, with_malaysia", [("ASEAN-10", True), ("VNM", False)])
def test_the_answer_on_the_shipped_data(project_copy, partner, with_malaysia):
    from tradebook.context import workbook

    answer = smes.answer(workbook("CHN", partner, 2013, 2022, notebook="04_smes"))
    assert answer.verdict == claims.Verdict.NOT_TESTABLE and answer.evidence.startswith(
        "No public source counts the firms"
    )
    assert (
        set(answer.margin["measure"]) == {"export partners", "export products (HS6)"}
        and answer.margin["year"].between(2013, 2022).all()
    )
    assert (answer.mys_groups is not None) == with_malaysia and (answer.mys_sentence or "").endswith(
        "(DOSM Malaysia SITC2)."
    ) == with_malaysia
