"""Structural gravity (tradebook.gravity): the estimator on a simulated panel, the agreements table, the coding rules."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradebook import claims, gravity, reference


def simulated_panel(effect: float, *, seed: int = 0) -> pd.DataFrame:
    """A synthetic gravity panel (labelled synthetic: generated here, never shipped).

    30 countries × 12 years; trade = exp(size_i + size_j + pair cost + year trend + effect · agreement) with
    Poisson noise; countries 0–9 form an agreement from 2016; 'placebo' marks an unrelated random pair set.
    """
    rng = np.random.default_rng(seed)
    n, years = 30, range(2011, 2023)
    size = rng.normal(0, 1, n)
    cost = rng.normal(0, 0.5, (n, n))
    placebo_pairs = rng.random((n, n)) < 0.2
    rows = []
    for year in years:
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                member = i < 10 and j < 10 and year >= 2016
                placebo = bool(placebo_pairs[i, j]) and year >= 2017
                mean = np.exp(3 + size[i] + size[j] - cost[i, j] + 0.03 * (year - 2011) + effect * member)
                rows.append((f"S{i:02d}", f"S{j:02d}", year, int(member), int(placebo), float(rng.poisson(mean))))
    return pd.DataFrame(rows, columns=["exporter", "importer", "year", "agreement", "placebo", "value_usd"])


def test_ppml_recovers_a_known_agreement_effect_and_a_placebo_covers_zero():
    estimate = gravity.ppml(simulated_panel(0.3), ["agreement", "placebo"]).coefficients.set_index("term")
    assert estimate.at["agreement", "coef"] == pytest.approx(0.3, abs=0.05)
    assert estimate.at["agreement", "ci_low"] < 0.3 < estimate.at["agreement", "ci_high"]
    assert estimate.at["agreement", "pct"] == pytest.approx(100 * np.expm1(estimate.at["agreement", "coef"]))
    assert estimate.at["placebo", "ci_low"] < 0 < estimate.at["placebo", "ci_high"]


def test_a_term_constant_within_every_pair_is_left_to_the_pair_effects():
    panel = simulated_panel(0.3).assign(always=1)
    terms = gravity.ppml(panel, ["agreement", "always"]).coefficients["term"].tolist()
    assert terms == ["agreement"]


def test_first_year_in_force_counts_agreements_in_force_for_half_the_year():
    assert gravity.first_year_in_force(date(2022, 1, 1)) == 2022
    assert gravity.first_year_in_force(date(2016, 7, 1)) == 2016
    assert gravity.first_year_in_force(date(2022, 11, 29)) == 2023  # CPTPP for Malaysia
    assert gravity.first_year_in_force(date(2019, 10, 22)) == 2020


def test_agreement_coding_by_pair_and_year():
    pairs = pd.DataFrame(
        [
            ("CHN", "IDN", 2022),
            ("CHN", "IDN", 2023),
            ("MYS", "JPN", 2022),
            ("CHN", "VNM", 2016),
            ("VNM", "THA", 2020),
            ("CHN", "VNM", 2015),
            ("CHN", "USA", 2022),
        ],
        columns=["exporter", "importer", "year"],
    )
    # RCEP: Indonesia from 2 Jan 2023; Malaysia from 18 Mar 2022 (so 2022); the US is no member
    assert gravity.in_force(pairs, "RCEP").tolist() == [0, 1, 1, 0, 0, 0, 0]
    # the upgrade covers China with members (Indonesia from 2020, Viet Nam from 1 Jul 2016), not trade among ASEAN members
    assert gravity.in_force(pairs, "ACFTA_UPGRADE").tolist() == [1, 1, 0, 1, 0, 0, 0]
    # the one-year lead is 1 only in the last year before the agreement applies to the pair
    assert gravity.in_force(pairs, "ACFTA_UPGRADE", lead=1).tolist() == [0, 0, 0, 0, 0, 1, 0]


def test_agreements_table_dates_parse_lie_in_each_agreement_span_and_have_sources():
    table = gravity.agreements()
    spans = {
        "ACFTA": (date(2010, 1, 1), date(2010, 1, 1)),
        "ACFTA_UPGRADE": (date(2016, 7, 1), date(2019, 10, 22)),
        "RCEP": (date(2022, 1, 1), date(2023, 6, 2)),
        "CPTPP": (date(2018, 12, 30), date(2024, 12, 31)),
        "AANZFTA": (date(2010, 1, 1), date(2012, 1, 10)),
        "ChAFTA": (date(2015, 12, 20), date(2015, 12, 20)),
        "CKFTA": (date(2015, 12, 20), date(2015, 12, 20)),
    }
    assert set(table["agreement"]) == set(spans)
    for row in table.itertuples():
        first, last = spans[row.agreement]
        assert first <= row.entry_into_force <= last, (row.agreement, row.member)
        assert row.source_url.startswith(("http://", "https://"))
    assert set(table.loc[table["agreement"] == "RCEP", "member"]) == set(reference.members("RCEP-15"))


def test_agreements_agree_with_the_group_table_and_leave_asean_10_as_it_was():
    rcep = gravity.agreements().query("agreement == 'RCEP'").set_index("member")["entry_into_force"].astype(str)
    groups = reference.groups().query("group == 'RCEP-15'").set_index("iso3")["joined"].astype(str).str[:10]
    assert rcep.sort_index().to_dict() == groups.sort_index().to_dict()
    assert sorted(reference.members("ASEAN-10")) == ["BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "VNM"]


def dots_rows(rows):
    return pd.DataFrame(
        [
            {
                "source": "imf_dots",
                "reporter": r,
                "partner": p,
                "flow": f,
                "year": y,
                "month": m,
                "classification": "TOTAL",
                "product": "TOTAL",
                "value_usd": v,
                "flag": "",
            }
            for r, p, f, y, months, v in rows
            for m in months
        ]
    )


def test_panel_takes_each_flow_from_one_record_and_only_complete_years():
    flows = dots_rows(
        [
            ("CHN", "VNM", "export", 2020, range(1, 13), 10.0),  # China's record of its exports to Viet Nam
            ("VNM", "CHN", "import", 2020, range(1, 13), 11.0),  # Viet Nam's record of the same flow
            ("VNM", "CHN", "export", 2020, range(1, 12), 4.0),
        ]
    )  # 11 months only: left out
    exporter_side = gravity.panel(flows, range(2020, 2021))
    assert exporter_side[["exporter", "importer", "value_usd", "recorded_by"]].values.tolist() == [["CHN", "VNM", 120.0, "exporter"]]
    mirror = gravity.panel(flows, range(2020, 2021), record="importer")
    assert mirror[["exporter", "importer", "value_usd", "recorded_by"]].values.tolist() == [["CHN", "VNM", 132.0, "importer"]]


def test_tariff_windows_stay_inside_the_run():
    assert gravity.tariff_windows(2011, 2022) == ([2016, 2017], [2020, 2021, 2022])
    assert gravity.tariff_windows(2011, 2014) == ([], [])
    assert gravity.tariff_windows(2017, 2020) == ([2017], [2020])


@pytest.mark.parametrize(
    "pct, low, high, years, verdict, early",
    [
        (8.0, 2.0, 14.0, 3, "supported", False),
        (-8.0, -15.0, -1.0, 3, "not supported", False),
        (-7.6, -15.5, 0.9, 1, "inconclusive", True),
        (float("nan"), float("nan"), float("nan"), 0, "not testable with the shipped data", False),
    ],
)
def test_c09_rule_matches_the_ledger(pct, low, high, years, verdict, early):
    got, clause = claims.c09_rcep(pct, low, high, years, min_years=gravity.MIN_YEARS_IN_FORCE)
    assert got == verdict
    assert ("early, uninformative" in clause) == early


@pytest.mark.workbook
@pytest.mark.parametrize(
    "parameters, verdict, says",
    [
        ("{partner: VNM, year_start: 2015, year_end: 2020}", "not testable with the shipped data", "no estimation year has RCEP in force"),
        ("{partner: THA, year_start: 2016, year_end: 2022}", "inconclusive", "an early, uninformative estimate"),
    ],
)
def test_gravity_notebook_runs_for_one_member_and_a_short_window(project_copy, parameters, verdict, says):
    from tradebook import pipeline

    params_file = project_copy / "gravity.yaml"
    params_file.write_text(f"extends: notebooks/params/default.yaml\nnotebooks: [06_gravity.ipynb]\nparameters: {parameters}\n")
    root = project_copy / "runs" / "gravity"
    pipeline.run(params_file, output_root=root, progress=False)
    result = pd.read_csv(root / "tables" / "claims_results.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    assert result.at["C09", "verdict"] == verdict
    assert says in result.at["C09", "evidence"]
    rerouting = pd.read_csv(root / "tables" / "06_rerouting.csv")
    assert rerouting["member"].tolist() == [parameters.split("partner: ")[1][:3]]


def test_years_after_the_panel_are_named_by_what_they_hold():
    flows = dots_rows(
        [
            ("USA", "WLD", "export", 2023, range(1, 13), 1.0),
            ("USA", "WLD", "import", 2023, range(1, 13), 1.0),
            ("CHN", "WLD", "export", 2023, range(1, 13), 1.0),
        ]
    )  # China: exports only
    assert gravity.complete_after(flows, 2022) == ["USA"]


def test_geography_comes_from_the_shipped_geodist_table():
    trade = pd.DataFrame({"exporter": ["CHN", "CHN"], "importer": ["VNM", "USA"], "year": [2020, 2020], "value_usd": [1.0, 1.0]})
    geo = gravity.with_geography(trade).set_index("importer")
    assert geo.at["VNM", "contiguous"] == 1 and geo.at["USA", "contiguous"] == 0
    assert geo.at["VNM", "ln_distance"] == pytest.approx(np.log(2664.6995))  # distw, km (CEPII GeoDist)
