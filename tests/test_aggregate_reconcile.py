"""Annual sums, group sums and mirror gaps on small hand-made tables (synthetic, built here)."""

import pandas as pd
import pytest

from tradebook import schema
from tradebook.flows import aggregate, reconcile


def monthly(reporter, partner, flow, year, months, value=1.0, flag=""):
    return [
        dict(
            source="imf_dots",
            reporter=reporter,
            partner=partner,
            flow=flow,
            year=year,
            month=m,
            classification="TOTAL",
            product="TOTAL",
            value_usd=value,
            flag=flag,
        )
        for m in months
    ]


def table(*row_lists):
    return schema.coerce(pd.DataFrame([r for rows in row_lists for r in rows]))


def test_annual_counts_months_and_never_fills_gaps():
    flows = table(
        monthly("CHN", "VNM", "export", 2020, range(1, 13), 2.0),
        monthly("CHN", "VNM", "import", 2020, range(3, 13), 1.0),
    )
    yearly = aggregate.annual(flows).set_index("flow")
    assert yearly.at["export", "value_usd"] == 24.0 and yearly.at["export", "complete"]
    assert yearly.at["import", "value_usd"] == 10.0 and not yearly.at["import", "complete"]
    assert yearly.at["import", "note"] == "10 of 12 months"


def test_group_total_names_missing_members():
    flows = table(
        monthly("CHN", "VNM", "export", 2020, range(1, 13), 1.0),
        monthly("CHN", "THA", "export", 2020, range(1, 13), 3.0, flag="imf_estimate"),
    )
    total = aggregate.group_total(aggregate.annual(flows), "ASEAN-10").iloc[0]
    assert total.value_usd == 48.0 and total.n_members == 2 and total.members_expected == 10
    assert not total.complete and "no data for BRN" in total.note and total.flag == "imf_estimate"


def test_mirror_gap_hand_example():
    flows = table(
        monthly("CHN", "VNM", "export", 2020, range(1, 13), 10.0),  # 120
        monthly("CHN", "VNM", "import", 2020, range(1, 13), 5.0),  # 60  → China-reported 180
        monthly("VNM", "CHN", "import", 2020, range(1, 13), 12.0),  # 144
        monthly("VNM", "CHN", "export", 2020, range(1, 13), 6.0),
    )  # 72  → Vietnam-reported 216
    row = reconcile.mirror_totals(flows, "CHN", ["VNM"]).iloc[0]
    assert row.reported_usd == 180 and row.mirror_usd == 216
    assert row.gap_pct == pytest.approx(100 * (216 - 180) / 180)


def test_mirror_gap_blank_when_a_side_is_incomplete():
    flows = table(
        monthly("CHN", "VNM", "export", 2020, range(1, 13)),
        monthly("CHN", "VNM", "import", 2020, range(1, 13)),
        monthly("VNM", "CHN", "import", 2020, range(1, 12)),
        monthly("VNM", "CHN", "export", 2020, range(1, 13)),
    )
    row = reconcile.mirror_totals(flows, "CHN", ["VNM"]).iloc[0]
    assert pd.isna(row.gap_pct) and "11 of 12 months" in row.note


def test_against_official_marks_incomplete_years():
    two_way = pd.DataFrame(
        {
            "year": [2021, 2022],
            "export_usd": [60.0, 50.0],
            "import_usd": [40.0, None],
            "total_usd": [100.0, None],
            "complete": [True, False],
            "note": ["", "no import data"],
            "flag": ["", ""],
        }
    )
    official = pd.DataFrame(
        {
            "year": [2021, 2022],
            "flow": ["total", "total"],
            "value_usd": [101.0, 120.0],
            "flag": ["", ""],
            "source_url": ["u1", "u2"],
        }
    )
    check = reconcile.against_official(two_way, official).set_index("year")
    assert check.at[2021, "diff_pct"] == pytest.approx(-100 / 101) and check.at[2021, "status"] == "within ±2%"
    assert check.at[2022, "status"] == "incomplete: no import data"
