"""Claims ledger and verdict rules."""

import pandas as pd
import pytest

from tradebook import claims
from tradebook.errors import SchemaError


def test_ledger_covers_the_article_claims():
    table = claims.ledger()
    assert len(table) >= 9 and table["claim_id"].is_unique
    assert set(table["theme"]) >= {"headline", "complementarity", "balance", "upgrading", "SMEs", "eastward shift", "AI", "RCEP"}
    assert (table["rule"] != "").all() and (table["source_url"] != "").all()


@pytest.mark.parametrize("hits, total, also, verdict", [
    (7, 10, None, "supported"), (7, 10, False, "partly supported"), (3, 10, None, "partly supported"),
    (0, 10, None, "not supported"), (0, 10, True, "partly supported"), (0, 0, None, "not testable with the shipped data"),
])
def test_majority_rule(hits, total, also, verdict):
    assert claims.by_majority(hits, total, also=also) == verdict


@pytest.mark.parametrize("largest_for, members, share_change, verdict", [
    (8, 10, "rose", "supported"), (8, 10, "fell", "partly supported"), (2, 10, "rose", "partly supported"),
    (2, 10, "fell", "not supported"), (2, 10, "no clear change", "not supported"),
])
def test_c02_rule_matches_the_ledger(largest_for, members, share_change, verdict):
    """C02: supported if both hold, partly if one, not supported if neither (2 of 10 with a falling share)."""
    assert claims.both_or_one(largest_for > members / 2, share_change == "rose") == verdict


def test_trend_towards_zero():
    assert claims.trend_towards_zero(pd.Series([0.3, 0.2, 0.1])) == "supported"
    assert claims.trend_towards_zero(pd.Series([-0.06, 0.17])) == "not supported"
    assert claims.trend_towards_zero(pd.Series([0.1])) == "not testable with the shipped data"


def test_record_replaces_and_validates(project_copy):
    run = {"reporter": "CHN", "partner": "ASEAN-10", "year_start": 2011, "year_end": 2022}
    claims.record("C03", "not supported", "first", {"x": 1}, run=run)
    table = claims.record("C03", "supported", "second", {"x": 2}, run=run)
    assert len(table) == 1 and table.iloc[0]["evidence"] == "second"
    joined = claims.results().set_index("claim_id")
    assert joined.at["C03", "verdict"] == "supported" and joined.at["C01", "verdict"] == ""
    with pytest.raises(SchemaError, match="verdict"):
        claims.record("C03", "probably", "", {}, run=run)
    with pytest.raises(SchemaError, match="not in data/reference/claims.csv"):
        claims.record("C99", "supported", "", {}, run=run)
