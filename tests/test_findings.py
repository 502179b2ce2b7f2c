"""The executive summary: each finding from hand-made tables, and silence where the tables cannot support it."""

import json

import pandas as pd

from tradebook.roles import Roles
from tradebook.themes import findings

HEADLINE = pd.DataFrame(
    {
        "year": [2022, 2024, 2022],
        "series": ["China-recorded (IMF DOTS)", "China-recorded (GACC)", "ASEAN-10-recorded (IMF DOTS)"],
        "side": ["reporter", "reporter", "partner"],
        "value_usd": [980e9, 990e9, 735e9],
    }
)


def test_latest_total_names_its_source_and_compares_only_within_it():
    sentence = findings.latest_total(
        HEADLINE, "ASEAN-10"
    )  # 2024 is GACC, 2022 IMF DOTS: two sources two years apart, no change given
    assert sentence == "China-recorded (GACC) trade with ASEAN-10 was **USD 990.0 bn** in 2024 (statistical)."
    same_source = pd.concat(
        [
            HEADLINE,
            pd.DataFrame(
                {"year": [2023], "series": ["China-recorded (GACC)"], "side": ["reporter"], "value_usd": [900e9]}
            ),
        ]
    )
    assert (
        findings.latest_total(same_source, "ASEAN-10")
        == "China-recorded (GACC) trade with ASEAN-10 was **USD 990.0 bn** in 2024, +10.0% on 2023 (statistical)."
    )


def test_the_summary_names_only_years_inside_the_run():
    tables = {"02_headline": HEADLINE, "02_balance_group": pd.DataFrame(columns=["year", "balance_usd", "normalized_balance", "source"]),
              "02_member_shares": pd.DataFrame(columns=["partner", "year", "share_pct"])}  # fmt: skip
    results = pd.DataFrame({"verdict": []})
    summary = " ".join(
        findings.executive_summary(tables, results, roles=Roles.of("CHN", "ASEAN-10", 2022), years=range(2015, 2023))
    )
    assert "2024" not in summary and "USD 980.0 bn** in 2022" in summary


def test_mirror_gap_uses_the_latest_year_both_sides_hold():
    assert findings.mirror_gap(HEADLINE, Roles.of("CHN", "ASEAN-10", 2022)).startswith(
        "The members' own statistics record **25% less** of this trade than China's in 2022"
    )
    assert findings.mirror_gap(HEADLINE, Roles.of("VNM", "CHN", 2022)).startswith(
        "China's own statistics record **25% less** of this trade than Vietnam's"
    )


def test_balance_says_deficit_when_negative():
    table = pd.DataFrame(
        {
            "year": [2019, 2024],
            "balance_usd": [10e9, -5e9],
            "normalized_balance": [0.05, -0.02],
            "source": ["imf_dots", "gacc_2024"],
        }
    )
    assert findings.balance(table, "Thailand", "China") == (
        "Thailand's deficit with China was **USD 5.0 bn** in 2024 (normalised -0.02, against +0.05 in 2019; GACC)."
    )


def test_findings_stay_silent_without_support():
    assert findings.projection(None, None) is None
    assert (
        findings.largest_member(
            pd.DataFrame({"partner": ["VNM"], "year": [2024], "share_pct": [100.0]}), "China", "Vietnam"
        )
        is None
    )
    assert (
        findings.balance(
            pd.DataFrame({"year": [2024], "balance_usd": [1.0], "normalized_balance": [0.1], "source": ["gacc_2024"]}),
            "China",
            "Vietnam",
        )
        is None
    )


def test_largest_supplier_for_one_member_names_it():
    table = pd.DataFrame({"importer": ["VNM"], "partner": ["CHN"], "year": [2022], "share_pct": [33.46], "rank": [1]})
    assert findings.largest_supplier(table, Roles.of("CHN", "VNM", 2022)) == (
        "China was Vietnam's **largest** import source in 2022, 33.5% of its imports (Vietnam-recorded, IMF DOTS)."
    )


def test_section_leads_are_computed_from_the_tables():
    from tradebook.themes import findings

    cagr = pd.DataFrame(
        {
            "period": ["ACFTA", "upgrade", "RCEP"],
            "series": ["China-recorded", "China-recorded", "official (GACC/MOFCOM)"],
            "cagr_pct": [6.5, 13.8, 20.0],
            "from_year": [2011, 2016, 2022],
            "to_year": [2015, 2021, 2024],
        }
    )
    assert findings.fastest_period(cagr) == (
        "Trade grew fastest in the upgrade period: **+13.8%** a year between the endpoints (2016–2021, China-recorded, current dollars)."
    )
    fitted = cagr.assign(fitted_pct=[7.1, 12.6, 25.0])  # a fitted trend ranks first where it exists
    assert findings.fastest_period(fitted) == (
        "Trade grew fastest in the upgrade period: **+12.6%** a year on the fitted trend, +13.8% between the endpoints "
        "(2016–2021, China-recorded, current dollars)."
    )
    assert findings.fastest_period(fitted.assign(fitted_pct=[15.0, 12.6, 25.0])).startswith(
        "Trade grew fastest in the ACFTA period: **+15.0%**"
    )
    two_years = cagr.assign(series="China-recorded", cagr_pct=[6.5, 13.8, 30.0], fitted_pct=[7.1, 12.6, None])
    assert findings.fastest_period(two_years).startswith(
        "Trade grew fastest in the upgrade period"
    )  # RCEP's endpoints not ranked
    assert (
        findings.fastest_period(two_years.assign(fitted_pct=[7.1, None, None])) is None
    )  # one trend: nothing to rank it against
    shares = pd.DataFrame(
        {
            "partner": ["VNM", "VNM", "THA", "THA"],
            "year": [2011, 2024, 2011, 2024],
            "share_pct": [11.1, 26.5, 18.0, 14.0],
        }
    )
    assert findings.share_shift(shares, "China").startswith(
        "Vietnam gained most: its share of China's trade with the group moved from 11.1% (2011) to **26.5%** (2024)"
    )
    assert findings.share_shift(shares[shares["partner"] == "VNM"], "China") is None  # one member: nothing to compare
    results = pd.DataFrame(
        {
            "claim_id": ["C05", "C09"],
            "verdict": ["supported", "not evaluated for this run"],
            "evidence": ["In 2018, the index was 77.0. It matched the median.", "Not evaluated: other roles."],
        }
    )
    assert findings.first_sentence(results, "C05") == "In 2018, the index was 77.0."
    assert findings.first_sentence(results, "C09") is None


def test_world_unit_value_is_value_over_tonnes_where_a_quantity_is_held():
    from tradebook.themes import context_notes

    quantities = pd.DataFrame(
        {
            "year": [2011, 2011, 2011, 2020],
            "value_usd": [100.0, 300.0, 50.0, 900.0],
            "tonnes": [10.0, 10.0, float("nan"), 30.0],
        }
    )
    unit = context_notes.world_unit_value(quantities)
    assert unit[2011] == 20.0 and unit[2020] == 30.0  # the row without tonnes counts in neither sum


def test_context_block_names_each_yuan_rate_with_its_year():
    from tradebook.themes import context_notes

    flows = pd.DataFrame(
        columns=[
            "source",
            "reporter",
            "partner",
            "flow",
            "year",
            "month",
            "classification",
            "product",
            "value_usd",
            "flag",
        ]
    )
    rates = [pd.Series({"year": 2024, "period": "Jan–Sep", "cny_per_usd": 7.1, "method": "yuan over dollars"}),
             pd.Series({"year": 2025, "period": "full year", "cny_per_usd": 7.16, "method": "world trade in both"})]  # fmt: skip
    table = context_notes.block(flows, rates, roles=Roles.of("CHN", "VNM", 2024)).set_index("topic")["sentence"]
    assert (
        "7.10 for 2024 (Jan–Sep: yuan over dollars); 7.16 for 2025 (full year: world trade in both)"
        in table["yuan rate"]
    )
    assert "the two records" not in table.index  # no year both records hold


def directions(rows):
    """Rows of ``reconcile.mirror_by_direction`` built by hand, values in USD bn."""
    table = pd.DataFrame(rows, columns=["partner", "year", "direction", "exporter_usd", "importer_usd", "gap_pct"])
    table[["exporter_usd", "importer_usd"]] *= 1e9
    return table.assign(gap_pct=100 * (table["importer_usd"] - table["exporter_usd"]) / table["exporter_usd"])


def test_the_mirror_note_gives_each_cause_its_direction():
    from tradebook.themes import context_notes

    shortfall = directions(
        [("PHL", 2022, "to partner", 64.0, 29.0, 0), ("MMR", 2022, "to partner", 13.0, 5.3, 0), ("THA", 2022, "to partner", 78.0, 76.0, 0),
         ("SGP", 2022, "from partner", 64.0, 34.0, 0), ("SGP", 2022, "to partner", 81.0, 80.0, 0)]
    )  # fmt: skip
    said = context_notes.mirror_sentence(shortfall, roles=Roles.of("CHN", "ASEAN-10", 2022))
    assert said.startswith(
        "In 2022 the members recorded USD 190.3 bn of imports from China (CIF) against China's USD 236.0 bn of exports to them (FOB): 19.4% less."
    )
    assert (
        "would both make the members' record larger, not smaller; the shortfall sits in Myanmar (-59%), Philippines (-55%)"
        in said
    )
    assert "Thailand" not in said.split("sits in")[1].split(":")[0]  # a small gap is not named
    assert "Singapore records 88% more exports to China than China records imports from it" in said
    # where CIF does raise the partners' record, no shortfall is explained away
    surplus = directions([("THA", 2022, "to partner", 78.0, 82.0, 0), ("VNM", 2022, "to partner", 100.0, 104.0, 0)])
    said = context_notes.mirror_sentence(surplus, roles=Roles.of("CHN", "ASEAN-10", 2022))
    assert said.endswith("4.5% more.") and "under-declaration" not in said
    one = context_notes.mirror_sentence(surplus[surplus["partner"] == "THA"], roles=Roles.of("CHN", "THA", 2022))
    assert one.startswith(
        "In 2022 Thailand recorded USD 82.0 bn of imports from China (CIF) against China's USD 78.0 bn of exports to it (FOB)"
    )


def test_the_published_total_leads_once_c01_is_judged_on_it():
    values = {"basis": "published", "value_cny": 7.55e12, "value_usd": 1054.4e9, "low_usd": 1051.8e9, "high_usd": 1057.0e9,
              "projected_usd": 1056.9e9, "error_usd_pct": 0.24, "inside": True}  # fmt: skip
    results = pd.DataFrame(
        {"claim_id": ["C01"], "about_year": ["2025"], "verdict": ["supported"], "values": [json.dumps(values)]}
    )
    assert findings.published_total(results) == (
        "China's customs (GACC) published China–ASEAN trade of **CNY 7.55 trn** for 2025, **USD 1,054.4 bn** at GACC's own rate for the year "
        "(published; USD 1,051.8 bn–USD 1,057.0 bn at the ends of the figures' rounding). The workbook's projection from the year-to-date figure, "
        "made before, said USD 1,056.9 bn: +0.2% off, inside its prediction interval."
    )
    assert findings.published_total(results.assign(values=[json.dumps({"basis": "projected"})])) is None


def test_the_latest_release_says_rose_or_fell_with_its_date():
    table = pd.DataFrame({"partner": ["ASEAN-10"] * 3, "flow": ["total", "export", "import"], "yoy_pct": [-2.5, 1.0, -7.0],
                          "year": [2026] * 3, "last_month": [3] * 3, "release_date": ["2026-04-08"] * 3})  # fmt: skip
    assert findings.latest_release(table) == (
        "In January–March 2026 China's trade with ASEAN fell **2.5%** on a year earlier (exports +1.0%, imports -7.0%; GACC release of 2026-04-08, published)."
    )


def test_the_tally_counts_verdicts_and_is_silent_when_no_claim_was_weighed():
    weighed = pd.DataFrame({"verdict": ["supported", "inconclusive", "supported"]})
    assert (
        findings.verdict_tally(weighed)
        == "Of the article's 3 claims: 2 supported, 1 inconclusive (the table above; each in full in Appendix A)."
    )
    assert findings.verdict_tally(pd.DataFrame({"verdict": ["not evaluated for this run"] * 9})) is None
