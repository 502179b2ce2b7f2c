"""The reader's labels (``publish.labels``) and each claim's plain line (``themes.claim_lines``), on hand-built values."""

import json

import pandas as pd

from tradebook.publish import labels
from tradebook.themes import claim_lines, claims


def test_internal_names_become_labels_and_a_timing_suffix_is_said_in_words():
    assert labels.label("source_agency") == "source"
    assert labels.label("ACFTA_UPGRADE_lead2to4") == "ACFTA upgrade (2.0), 2–4 years before entry"
    assert labels.label("RCEP_lead1") == "RCEP, a year before entry"
    assert labels.label("some_new_column") == "some new column"
    renamed = labels.columns(pd.DataFrame(columns=["figure", "source_agency", "US_TARIFFS_ON_CHINA"]))
    assert list(renamed.columns) == ["figure", "source", "US tariffs on China"]


def test_internal_names_are_found_in_prose_but_not_in_addresses_or_file_names():
    text = "Table: figure published source_agency; ACFTA_UPGRADE lead; see https://example.org/a_b/c_d and annex_tables.csv; data/raw/gac_regions_2024.csv"
    assert labels.internal_names(text) == ["ACFTA_UPGRADE", "source_agency"]
    assert labels.internal_names("China's trade with ASEAN-10, 2011–2024 (RCEP, HS 84)") == []


def row(claim_id: str, verdict: str, values: dict, evidence: str = "First sentence. Second one.", **more) -> pd.Series:
    run = {"reporter": "CHN", "partner": "ASEAN-10", "year_end": "2024"}
    return pd.Series(
        {"claim_id": claim_id, "verdict": verdict, "values": json.dumps(values), "evidence": evidence, **run, **more}
    )


def test_the_balance_line_says_widened_narrowed_or_barely_changed_against_the_ledger_threshold():
    widened = row("C03", "not supported", {"normalized_balance": {"2019": 0.122, "2024": 0.194}}, threshold="0.02")
    assert claim_lines.line(widened).endswith("went from +0.122 (2019) to +0.194 (2024): the imbalance widened.")
    narrowed = row("C03", "supported", {"normalized_balance": {"2019": -0.30, "2024": -0.10}}, threshold="0.02")
    assert claim_lines.line(narrowed).endswith("the imbalance narrowed.")  # a deficit shrinking towards zero
    flat = row("C03", "inconclusive", {"normalized_balance": {"2019": 0.100, "2024": 0.110}}, threshold="0.02")
    assert claim_lines.line(flat).endswith("the imbalance barely changed.")


def test_a_pre_trend_is_named_and_the_estimate_not_called_an_effect():
    said = claim_lines.line(
        row("C09", "inconclusive", {"pct": -9.39, "pct_low": -16.35, "pct_high": -1.84, "pretrend": True})
    )
    assert "-9.4% (95% confidence interval -16.4% to -1.8%)" in said and "a pre-existing trend, not an effect" in said


def test_the_published_total_line_and_the_fallback_to_the_evidence():
    published = row(
        "C01",
        "supported",
        {
            "basis": "published",
            "value_usd": 1.0544e12,
            "value_cny": 7.55e12,
            "low_usd": 1.0518e12,
            "high_usd": 1.057e12,
        },
        about_year="2025",
    )
    assert claim_lines.line(published).startswith("China's customs published USD 1,054.4 bn for 2025 (CNY 7.55 trn")
    assert (
        claim_lines.line(row("C02", "partly supported", {"members": 10})) == "First sentence."
    )  # no composer: the evidence's first sentence
    assert (
        claim_lines.line(row("C03", "not evaluated for this run", {}, evidence="Not evaluated: not about this pair."))
        == "Not evaluated: not about this pair."
    )


def test_the_complementarity_line_counts_members_only_for_a_group():
    values = {"year": 2018, "forward_median": 62.4, "backward_median": 60.7, "members_at_or_above": 3, "members": 10}
    group = claim_lines.line(row("C05", "partly supported", values, floor="50"))
    assert group.endswith(
        "members' exports fit China's imports at 61, at or above the floor of 50 in both directions; "
        "China matched or beat the benchmark suppliers' median in 3 of 10 members' imports."
    )
    one = claim_lines.line(
        row("C05", "partly supported", values | {"members_at_or_above": 0, "members": 1}, floor="50", partner="IDN")
    )
    assert "China's exports fit Indonesia's imports at 62 and Indonesia's exports" in one
    assert one.endswith("China fell short of the benchmark suppliers' median in Indonesia's imports.")
    assert "of 1" not in one and "member" not in one
    low = claim_lines.line(row("C05", "partly supported", values | {"backward_median": 45.0}, floor="50"))
    assert "not at or above the floor of 50" in low


def test_the_quality_line_for_one_partner_names_its_change():
    values = {"members": 1, "members_counted": 1, "members_quality_rising": 1, "quality_change_pct": {"IDN": 31.46}}
    one = claim_lines.line(
        row("C04", "inconclusive", values, partner="IDN", evidence=f"Counted. {claims.HS2_CAUTION} Other.")
    )
    assert one == f"Indonesia's export unit value relative to the world's changed by +31.5%. {claims.HS2_CAUTION}"
    plain = claim_lines.line(row("C04", "inconclusive", values, partner="IDN", evidence="Counted. Other."))
    assert plain == "Indonesia's export unit value relative to the world's changed by +31.5%."


def test_a_line_whose_values_lack_what_it_needs_is_the_evidences_first_sentence():
    assert (
        claim_lines.line(
            row("C04", "inconclusive", {"members_quality_rising": 0}, evidence="No quantities held. More.")
        )
        == "No quantities held."
    )
    nan_back = {
        "year": 2018,
        "forward_median": 62.0,
        "backward_median": float("nan"),
        "members_at_or_above": 1,
        "members": 2,
    }
    assert (
        claim_lines.line(row("C05", "partly supported", nan_back, floor="50", evidence="No import record. More."))
        == "No import record."
    )
