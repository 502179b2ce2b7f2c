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


def symmetric_panel(effect: float, *, pair_shock_sd: float = 0.0, domestic: bool = False, seed: int = 1) -> pd.DataFrame:
    """A synthetic panel (generated here) with symmetric pair costs; ``pair_shock_sd`` gives i→j and j→i the same
    multiplicative shock each year (errors correlated within a symmetric pair); ``domestic`` adds intra-national rows."""
    rng = np.random.default_rng(seed)
    n, years = 24, range(2011, 2023)
    size = rng.normal(0, 1, n)
    upper = rng.normal(0, 0.5, (n, n))
    cost = np.triu(upper, 1) + np.triu(upper, 1).T
    rows = []
    for year in years:
        shock = np.exp(rng.normal(0, pair_shock_sd, (n, n)) if pair_shock_sd else np.zeros((n, n)))
        shock = np.triu(shock, 1) + np.triu(shock, 1).T + np.eye(n)
        for i in range(n):
            for j in range(n):
                if i == j and not domestic:
                    continue
                treated = int(i != j and i < 8 and j < 8 and year >= 2016)
                mean = np.exp(5 + size[i] + size[j] - cost[i, j] + (2.0 if i == j else 0.0) + effect * treated) * shock[i, j]
                rows.append((f"S{i:02d}", f"S{j:02d}", year, treated, float(rng.poisson(mean))))
    return pd.DataFrame(rows, columns=["exporter", "importer", "year", "agreement", "value_usd"])


@pytest.mark.parametrize("pairs", ["symmetric", "directional"])
def test_the_public_estimator_recovers_a_known_effect_with_either_pair_effects(pairs):
    estimate = gravity.ppml(symmetric_panel(0.3), ["agreement"], pairs=pairs)
    row = estimate.coefficients.set_index("term").loc["agreement"]
    assert row["coef"] == pytest.approx(0.3, abs=0.05) and row["ci_low"] < 0.3 < row["ci_high"]
    assert estimate.n_pairs == (24 * 23 // 2 if pairs == "symmetric" else 24 * 23)


def test_clustering_by_symmetric_pair_widens_the_interval_when_both_directions_share_a_shock():
    panel = symmetric_panel(0.3, pair_shock_sd=0.4)
    symmetric = gravity.ppml(panel, ["agreement"]).coefficients.set_index("term").at["agreement", "se"]
    directional = gravity.ppml(panel, ["agreement"], pairs="directional").coefficients.set_index("term").at["agreement", "se"]
    assert symmetric > 1.2 * directional  # i→j and j→i are one draw: counting them as two clusters understates the error


def test_intra_national_rows_are_kept_and_the_effect_recovered():
    panel = symmetric_panel(0.3, domestic=True)
    estimate = gravity.ppml(panel, ["agreement"])
    assert estimate.n_obs == len(panel) and estimate.n_pairs == 24 * 23 // 2 + 24
    assert estimate.coefficients.set_index("term").at["agreement", "coef"] == pytest.approx(0.3, abs=0.05)


def test_a_panel_without_a_term_column_stops_with_one_line():
    from tradebook.errors import SchemaError

    with pytest.raises(SchemaError, match="lacks columns \\['RTA'\\]"):
        gravity.ppml(symmetric_panel(0.3), ["RTA"])


def test_the_tariff_shock_hits_china_us_flows_both_ways_from_its_first_year():
    pairs = pd.DataFrame(
        {"exporter": ["CHN", "USA", "CHN", "CHN", "VNM"], "importer": ["USA", "CHN", "USA", "VNM", "USA"], "year": [2018, 2019, 2022, 2019, 2019]}
    )
    coded, names = gravity.with_shocks(pairs)
    assert names == ["US_CHINA_TARIFFS"] and coded["US_CHINA_TARIFFS"].tolist() == [0, 1, 1, 0, 0]  # 6 July 2018: counts from 2019


def test_leads_and_lags_mark_the_years_before_entry_and_from_the_kth_year_in_force():
    pairs = pd.DataFrame({"exporter": ["CHN"] * 8, "importer": ["VNM"] * 8, "year": list(range(2012, 2020))})
    coded = gravity.with_agreements(pairs, ["ACFTA_UPGRADE"], leads=(1, 4), lags=(4,))  # China–Viet Nam from 1 July 2016
    assert coded["ACFTA_UPGRADE"].tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    assert coded["ACFTA_UPGRADE_lead"].tolist() == [0, 0, 0, 1, 0, 0, 0, 0]
    assert coded["ACFTA_UPGRADE_lead4"].tolist() == [1, 1, 1, 1, 0, 0, 0, 0]
    assert coded["ACFTA_UPGRADE_lag4"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0]
    assert gravity.lead_years(range(2011, 2023)) == (1, 4) and gravity.lead_years(range(2020, 2023)) == (1,)


def test_identification_counts_the_pairs_that_change_status():
    pairs = pd.DataFrame(
        {"exporter": ["CHN", "CHN", "VNM", "VNM", "THA", "THA"], "importer": ["VNM", "VNM", "CHN", "CHN", "VNM", "VNM"], "year": [2015, 2017] * 3}
    )
    coded = gravity.with_agreements(pairs, ["ACFTA_UPGRADE"])
    table = gravity.identification(coded, ["ACFTA_UPGRADE"]).set_index("term").loc["ACFTA_UPGRADE"]
    assert (table["treated_obs"], table["treated_pairs"], table["asean_pairs"], table["first_year"], table["last_year"]) == (2, 1, 0, 2017, 2017)


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


def test_the_minimum_years_come_from_the_ledger():
    assert gravity.min_years_in_force() == int(claims.ledger().set_index("claim_id").at["C09", "threshold"]) == gravity.GUIDE_INTERVAL


@pytest.mark.parametrize(
    "pct, low, high, years, verdict, early",
    [
        (8.0, 2.0, 14.0, 5, "supported", False),
        (-8.0, -15.0, -1.0, 5, "not supported", False),
        (-7.6, -15.5, 0.9, 1, "inconclusive", True),
        (8.0, 2.0, 14.0, 3, "inconclusive", True),  # three years in force: fewer than the Guide's four
        (float("nan"), float("nan"), float("nan"), 0, "not testable with the shipped data", False),
    ],
)
def test_c09_rule_matches_the_ledger(pct, low, high, years, verdict, early):
    got, clause = claims.c09_rcep(pct, low, high, years, min_years=gravity.min_years_in_force())
    assert got == verdict
    assert ("early, uninformative" in clause) == early


@pytest.mark.workbook
@pytest.mark.parametrize(
    "parameters, verdict, says",
    [
        ("{partner: VNM, year_start: 2015, year_end: 2020}", "not testable with the shipped data", "no estimation year has RCEP in force"),
        ("{partner: THA, year_start: 2016, year_end: 2022}", "inconclusive", "Pre-existing trend, effect not identified"),
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
