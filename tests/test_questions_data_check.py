"""Notebook 01's question (``questions.data_check``): the vintage, the official check, the yuan rate, the mirror gap."""

import pandas as pd
import pytest

from tradebook.questions import data_check


def test_the_partner_records_sentence_quotes_the_median_and_largest_difference():
    both = pd.DataFrame({"diff_pct": [0.5, -1.5, 3.25]})  # SYNTHETIC differences
    assert (
        data_check.partner_records_sentence(both)
        == "3 partner-years held by both: median difference 1.50%, largest 3.2%."
    )
    assert data_check.partner_records_sentence(both.iloc[:0]) == "No partner-year is held complete by both."


@pytest.mark.parametrize(
    "reporter, partner, published", [("CHN", "ASEAN-10", True), ("CHN", "VNM", False), ("THA", "CHN", False)]
)
def test_published_totals_are_listed_and_checked_only_for_china_with_asean(project_copy, reporter, partner, published):
    from tradebook.context import workbook
    from tradebook.flows import dataset

    wb = workbook(reporter, partner, 2019, 2024, notebook="01_load_data")
    flows = dataset.load_flows()
    vintage = data_check.vintage(wb, flows, dataset.check_sources(None))
    assert ("published" in set(vintage["kind"])) == published
    check, not_compared = data_check.official_check(wb, flows)
    assert (not_compared is None) == published and (len(check) > 0) == published
    if published:  # the years compared lie in the run's window, each with a status
        assert check["year"].between(2019, 2024).all() and check["status"].str.match(r"within|outside|incomplete").all()


def test_the_yuan_rate_the_gacc_table_implies_and_the_derived_march(project_copy):
    from tradebook.flows import dataset

    rates, september = data_check.yuan_rates(dataset.load_flows())
    assert (
        rates["period"].tolist()[-1] == "Jan–Dec" and 6.5 < rates.set_index("period").at["Jan–Sep", "cny_per_usd"] < 7.5
    )
    assert "Vietnam" in set(september["partner"])
    assert data_check.march_sentence().startswith("March 2024, derived from the cumulative columns (yuan bn): ")
