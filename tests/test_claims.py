"""Claims ledger and verdict rules."""

import re

import pandas as pd
import pytest

from tradebook.errors import SchemaError
from tradebook.themes import claims


def test_ledger_covers_the_article_claims():
    table = claims.ledger()
    assert len(table) >= 9 and table["claim_id"].is_unique
    assert set(table["theme"]) >= {
        "headline",
        "complementarity",
        "balance",
        "upgrading",
        "SMEs",
        "eastward shift",
        "AI",
        "RCEP",
    }
    assert (table["rule"] != "").all() and (table["source_url"] != "").all()


V = claims.Verdict
NAN = float("nan")

# One table per ledger rule (data/reference/claims.csv, column "rule"): every branch of its wording.
RULES = {
    "C01": (
        claims.c01_trillion,
        [
            ((1.01e12, 1.10e12), V.SUPPORTED),
            ((0.90e12, 0.99e12), V.NOT_SUPPORTED),
            ((0.98e12, 1.02e12), V.INCONCLUSIVE),
            ((NAN, NAN), V.NOT_TESTABLE),
        ],
    ),
    "C02": (
        claims.c02_hard_to_substitute,
        [
            ((8, 10, "rose"), V.PARTLY),  # aggregate data only: importance, not substitutability
            ((8, 10, "fell"), V.PARTLY),
            ((2, 10, "rose"), V.PARTLY),
            ((2, 10, "fell"), V.NOT_SUPPORTED),
            ((2, 10, "no clear change"), V.NOT_SUPPORTED),
            ((8, 10, "rose", 6), V.SUPPORTED),  # with product data
            ((8, 10, "rose", 2), V.PARTLY),
            ((2, 10, "rose", 6), V.PARTLY),
            ((2, 10, "rose", 2), V.NOT_SUPPORTED),
            ((0, 0, "rose"), V.NOT_TESTABLE),
        ],
    ),
    "C03": (  # (last five years, threshold[, whole window])
        lambda recent, threshold, whole=None: claims.c03_imbalances_ease(recent, threshold, whole=whole),
        [
            ((pd.Series([0.30, 0.20, 0.10]), 0.02), V.SUPPORTED),
            ((pd.Series([-0.06, 0.17]), 0.02), V.NOT_SUPPORTED),
            ((pd.Series([0.20, 0.19]), 0.02), V.NOT_SUPPORTED),  # inside the threshold
            ((pd.Series([0.20, 0.18]), 0.02), V.SUPPORTED),  # boundary: a fall of the threshold counts
            (
                (pd.Series([0.12, 0.19]), 0.02, pd.Series([-0.06, 0.12, 0.19])),
                V.NOT_SUPPORTED,
            ),  # China–ASEAN: both windows agree
            (
                (pd.Series([0.22, 0.24]), 0.02, pd.Series([0.447, 0.30, 0.22, 0.24])),
                V.INCONCLUSIVE,
            ),  # China–Viet Nam: the window decides
            ((pd.Series([0.10]), 0.02), V.NOT_TESTABLE),
        ],
    ),
    "C04": (  # (members rising, members counted, product level[, quantity held])
        lambda rising, counted, products, quantity=True: claims.c04_upgrading(
            rising, counted, product_level=products, quantity_held=quantity
        ),
        [
            ((7, 10, False), V.INCONCLUSIVE),  # HS 2 digits: composition and quality mixed, whatever the count
            ((6, 10, True), V.PARTLY),  # unit values within HS 6 lines, a majority
            ((5, 10, True), V.NOT_SUPPORTED),  # boundary: half is no majority
            ((0, 0, True), V.INCONCLUSIVE),  # no member reaches the floor
            ((0, 10, True, False), V.INCONCLUSIVE),  # no usable quantity
            ((0, -1, True), V.NOT_TESTABLE),
        ],
    ),
    "C05": (  # (hits of members, members, forward median, backward median, product level); floor 50
        lambda hits, members, forward, back, products: claims.c05_complementarity(
            hits, members, forward, back, floor=50, product_level=products
        ),
        [
            ((6, 10, 60, 55, True), V.SUPPORTED),  # relative and absolute, product data
            ((6, 10, 60, 49, True), V.PARTLY),  # one direction below the floor: absolute fails (boundary: 49 < 50)
            ((6, 10, 60, 50, True), V.SUPPORTED),  # ... at the floor it holds
            ((5, 10, 60, 55, True), V.PARTLY),  # half the members is no majority: relative fails
            ((5, 10, 40, 55, True), V.NOT_SUPPORTED),
            ((6, 10, 60, 55, False), V.PARTLY),  # HS sections: partly at most
            (
                (4, 10, 68, 52, False),
                V.PARTLY,
            ),  # the default run's reading: high levels both ways, below the median of rivals
            ((4, 10, 45, 52, False), V.NOT_SUPPORTED),
            ((0, 0, 0, 0, True), V.NOT_TESTABLE),
        ],
    ),
    "C06": (claims.c06_smes, [((), V.NOT_TESTABLE)]),
    "C07": (
        claims.c07_eastward_shift,
        [
            ((True, True, 7, 10), V.SUPPORTED),
            ((True, True, 3, 10), V.PARTLY),
            ((False, False, 7, 10), V.PARTLY),
            ((False, True, 0, 10), V.PARTLY),
            ((False, False, 3, 10), V.NOT_SUPPORTED),
            ((False, False, 0, 0), V.NOT_SUPPORTED),
        ],
    ),
    "C08": (
        claims.c08_ai_goods,
        [
            ((2, 3, {"HS6"}), V.PARTLY),
            ((1, 3, {"HS6", "HS4"}), V.NOT_SUPPORTED),
            ((2, 3, {"HS2", "SITC2"}), V.INCONCLUSIVE),  # whole chapters: an upper bound decides nothing
            ((0, 3, {"HS2"}), V.INCONCLUSIVE),
            ((0, 0, {"HS6"}), V.NOT_TESTABLE),
        ],
    ),
    "C09": (
        lambda *a, **k: claims.c09_rcep(*a, min_years=4, **k)[0],
        [
            ((8.0, 2.0, 14.0, 5), V.SUPPORTED),
            ((-8.0, -15.0, -1.0, 5), V.NOT_SUPPORTED),
            ((2.0, -5.0, 9.0, 5), V.INCONCLUSIVE),
            ((-8.0, -15.0, -1.0, 1), V.INCONCLUSIVE),  # early: fewer years in force than the Guide's phase-in
            ((8.0, 2.0, 14.0, 5, True), V.INCONCLUSIVE),  # a significant lead: a pre-trend, not an effect
            ((NAN, NAN, NAN, 0), V.NOT_TESTABLE),
        ],
    ),
}
CASES = [
    pytest.param(rule, args, verdict, id=f"{claim}-{verdict}-{k}")
    for claim, (rule, rows) in RULES.items()
    for k, (args, verdict) in enumerate(rows)
]


def test_every_ledger_claim_has_a_rule_table():
    assert set(RULES) == set(claims.ledger()["claim_id"])


@pytest.mark.parametrize("rule, args, verdict", CASES)
def test_rule_branches_follow_the_ledger(rule, args, verdict):
    if rule is RULES["C09"][0] and len(args) == 5:
        assert rule(*args[:4], pretrend=args[4]) == verdict
    else:
        assert rule(*args) == verdict


def test_each_rule_names_every_verdict_its_ledger_wording_allows():
    """The table covers each verdict the rule text names (e.g. C02's 'not supported if neither')."""
    words = {
        r"(?<!partly )(?<!not )\bsupported if": V.SUPPORTED,
        r"partly supported": V.PARTLY,
        r"not supported": V.NOT_SUPPORTED,
        r"inconclusive": V.INCONCLUSIVE,
        r"not testable": V.NOT_TESTABLE,
    }
    for claim, rule_text in claims.ledger().set_index("claim_id")["rule"].items():
        named = {verdict for word, verdict in words.items() if re.search(word, rule_text)}
        tested = {verdict for _, verdict in RULES[claim][1]}
        assert named <= tested, (claim, named - tested)


def test_c02_with_two_of_ten_members_and_a_falling_share_is_not_supported():
    assert claims.c02_hard_to_substitute(2, 10, "fell") == "not supported"


def test_c02_on_aggregate_shares_is_never_fully_supported():
    assert claims.c02_hard_to_substitute(10, 10, "rose") == "partly supported"


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


@pytest.mark.parametrize(
    "values, direction, slope",
    [
        ([10.0, 11.0, 12.0, 13.0], "rose", 1.0),
        (
            [10.0, 12.0, 14.0, 11.0],
            "rose, then fell",
            0.5,
        ),  # fitted +1.5 over the window, 3 points down from the 2013 peak
        ([13.0, 12.0, 11.0, 10.0], "fell", -1.0),
        ([10.0, 10.2, 9.9, 10.1], "no clear change", 0.0),
    ],
)
def test_trend_reads_the_whole_window_not_two_endpoints(values, direction, slope):
    found = claims.trend(pd.Series(values, index=[2011, 2012, 2013, 2014]), 1.0)
    assert found["direction"] == direction and found["slope"] == pytest.approx(slope, abs=1e-9)


def test_a_year_with_a_member_missing_is_left_out_of_the_share_trend():
    table = pd.DataFrame(
        {
            "year": [2011, 2012, 2013],
            "share_pct": [10.0, 11.0, 30.0],
            "reporting": [15, 15, 14],
            "expected": [15, 15, 15],
        }
    )
    found, gap = claims.share_trend(table, 2011, 2013, 0.5)
    assert found["slope"] == pytest.approx(1.0) and gap == "; 2013 left out (a member missing)"


def test_an_index_across_members_reads_as_one_value_or_a_range_with_its_median():
    assert claims.spread(pd.Series([77.2])) == "77"
    assert claims.spread(pd.Series([45.0, 62.4, 77.0])) == "45–77 (median 62)"
