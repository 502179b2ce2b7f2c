"""Sensitivity: each verdict re-judged by its own rule with the threshold halved and doubled and on recent years."""

import json

import pandas as pd

from tradebook.themes import claims, sensitivity


def results(claim_id: str, verdict: str, values: dict) -> pd.DataFrame:
    return pd.DataFrame([{"claim_id": claim_id, "verdict": verdict, "values": json.dumps(values)}])


def test_a_verdict_that_a_doubled_threshold_changes_is_sensitive():
    # C03: |balance| 0.20 → 0.17 moved towards zero by 0.03: supported at the ledger's 0.02, not at 0.04
    values = {"normalized_balance": {"2018": 0.20, "2019": 0.19, "2020": 0.18, "2021": 0.175, "2022": 0.17}}
    assert (
        claims.c03_imbalances_ease(pd.Series([0.20, 0.19, 0.18, 0.175, 0.17]), claims.threshold("C03")) == "supported"
    )
    table = sensitivity.table(results("C03", "supported", values)).set_index("variant")
    assert (
        table.at["threshold halved (0.01)", "verdict"] == "supported"
        and not table.at["threshold halved (0.01)", "changed"]
    )
    assert (
        table.at["threshold doubled (0.04)", "verdict"] == "not supported"
        and table.at["threshold doubled (0.04)", "changed"]
    )
    assert sensitivity.note(table.reset_index(), "C03") == 'sensitive: threshold doubled (0.04) gives "not supported"'


def test_the_recent_window_reads_only_the_last_five_years():
    # C02's median share rose 13 → 25 over 2011–2022 but is flat over the last five years
    medians = {str(y): 13.0 + (12.0 if y >= 2018 else (y - 2011) * 1.5) for y in range(2011, 2023)}
    values = {"largest_supplier_of": 2, "members": 10, "median_share_by_year": medians}
    table = sensitivity.table(results("C02", "partly supported", values)).set_index("variant")
    assert (
        table.at["the last 5 complete years only", "verdict"] == "not supported"
    )  # 25 → 25: no clear change, a minority largest


def test_the_gravity_rule_under_half_and_double_the_years_it_asks():
    values = {"pct": 8.0, "pct_low": 2.0, "pct_high": 14.0, "years_in_force": 5, "pretrend": False}
    table = sensitivity.table(results("C09", "supported", values)).set_index("variant")
    assert (
        table.at["threshold halved (2)", "verdict"] == "supported"
        and table.at["threshold doubled (8)", "verdict"] == "inconclusive"
    )


def test_claims_without_a_threshold_have_no_variant():
    assert sensitivity.table(results("C05", "not supported", {"members_at_or_above": 3, "members": 10})).empty
    assert sensitivity.note(sensitivity.table(results("C05", "x", {})), "C05") == ""
