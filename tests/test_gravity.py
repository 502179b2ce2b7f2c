"""Structural gravity (tradebook.gravity): the estimator on a simulated panel, the agreements table, the coding rules."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tradebook import reference
from tradebook.themes import claims, gravity


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


def symmetric_panel(
    effect: float, *, pair_shock_sd: float = 0.0, domestic: bool = False, seed: int = 1
) -> pd.DataFrame:
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
                mean = (
                    np.exp(5 + size[i] + size[j] - cost[i, j] + (2.0 if i == j else 0.0) + effect * treated)
                    * shock[i, j]
                )
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
    directional = (
        gravity.ppml(panel, ["agreement"], pairs="directional").coefficients.set_index("term").at["agreement", "se"]
    )
    assert (
        symmetric > 1.2 * directional
    )  # i→j and j→i are one draw: counting them as two clusters understates the error


def test_intra_national_rows_are_kept_and_the_effect_recovered():
    panel = symmetric_panel(0.3, domestic=True)
    estimate = gravity.ppml(panel, ["agreement"])
    assert estimate.n_obs == len(panel) and estimate.n_pairs == 24 * 23 // 2 + 24
    assert estimate.coefficients.set_index("term").at["agreement", "coef"] == pytest.approx(0.3, abs=0.05)


def test_a_panel_without_a_term_column_stops_with_one_line():
    from tradebook.errors import SchemaError

    with pytest.raises(SchemaError, match="lacks columns \\['RTA'\\]"):
        gravity.ppml(symmetric_panel(0.3), ["RTA"])


def test_the_tariffs_hit_each_direction_apart_and_the_diversion_hits_asean_us_trade_from_their_first_year():
    pairs = pd.DataFrame(
        {"exporter": ["CHN", "USA", "CHN", "CHN", "VNM", "USA", "VNM"], "importer": ["USA", "CHN", "USA", "VNM", "USA", "THA", "THA"],
         "year": [2018, 2019, 2022, 2019, 2019, 2020, 2020]}
    )  # fmt: skip
    coded, names = gravity.with_shocks(pairs)
    assert sorted(names) == ["ASEAN_US_DIVERSION", "CHINA_TARIFFS_ON_US", "US_TARIFFS_ON_CHINA"]
    assert coded["US_TARIFFS_ON_CHINA"].tolist() == [
        0,
        0,
        1,
        0,
        0,
        0,
        0,
    ]  # China → US only, from 2019 (6 July 2018 counts from 2019)
    assert coded["CHINA_TARIFFS_ON_US"].tolist() == [0, 1, 0, 0, 0, 0, 0]  # US → China only
    assert coded["ASEAN_US_DIVERSION"].tolist() == [0, 0, 0, 0, 1, 1, 0]  # ASEAN–US either way, never ASEAN–ASEAN
    assert gravity.with_shocks(pairs, leave_out=("ASEAN_US_DIVERSION",))[1] == [
        "CHINA_TARIFFS_ON_US",
        "US_TARIFFS_ON_CHINA",
    ]


def test_leads_and_lags_mark_the_years_before_entry_and_from_the_kth_year_in_force():
    pairs = pd.DataFrame({"exporter": ["CHN"] * 8, "importer": ["VNM"] * 8, "year": list(range(2012, 2020))})
    coded = gravity.with_agreements(
        pairs, ["ACFTA_UPGRADE"], leads=((1, 1), (2, 4)), lags=(4,)
    )  # China–Viet Nam from 1 July 2016
    assert coded["ACFTA_UPGRADE"].tolist() == [0, 0, 0, 0, 1, 1, 1, 1]
    assert coded["ACFTA_UPGRADE_lead1"].tolist() == [0, 0, 0, 1, 0, 0, 0, 0]
    assert coded["ACFTA_UPGRADE_lead2to4"].tolist() == [1, 1, 1, 0, 0, 0, 0, 0]  # never overlapping the year before
    assert coded["ACFTA_UPGRADE_lag4"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0]
    assert gravity.lead_years(range(2011, 2023)) == ((1, 1), (2, 4)) and gravity.lead_years(range(2020, 2023)) == (
        (1, 1),
    )
    assert (
        gravity.lead_label("RCEP_lead1") == "the year before entry"
        and gravity.lead_label("RCEP_lead2to4") == "years 2–4 before entry"
    )


def test_identification_counts_the_pairs_that_change_status():
    pairs = pd.DataFrame(
        {
            "exporter": ["CHN", "CHN", "VNM", "VNM", "THA", "THA"],
            "importer": ["VNM", "VNM", "CHN", "CHN", "VNM", "VNM"],
            "year": [2015, 2017] * 3,
        }
    )
    coded = gravity.with_agreements(pairs, ["ACFTA_UPGRADE"])
    table = gravity.identification(coded, ["ACFTA_UPGRADE"]).set_index("term").loc["ACFTA_UPGRADE"]
    assert (
        table["treated_obs"],
        table["treated_pairs"],
        table["asean_pairs"],
        table["first_year"],
        table["last_year"],
    ) == (2, 1, 0, 2017, 2017)


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
        "ACFTA_UPGRADE_EARLY": (date(2016, 7, 1), date(2016, 7, 2)),  # the bound of the robustness check
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
    assert sorted(reference.members("ASEAN-10")) == [
        "BRN",
        "IDN",
        "KHM",
        "LAO",
        "MMR",
        "MYS",
        "PHL",
        "SGP",
        "THA",
        "VNM",
    ]


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
    assert exporter_side[["exporter", "importer", "value_usd", "recorded_by"]].values.tolist() == [
        ["CHN", "VNM", 120.0, "exporter"]
    ]
    mirror = gravity.panel(flows, range(2020, 2021), record="importer")
    assert mirror[["exporter", "importer", "value_usd", "recorded_by"]].values.tolist() == [
        ["CHN", "VNM", 132.0, "importer"]
    ]


def test_reported_flows_only_leave_out_imf_estimates_and_allocations():
    trade = pd.DataFrame({"flag": ["", "imf_estimate", "imf_allocated", "converted_from_myr", None]})
    assert gravity.reported_only(trade).index.tolist() == [0, 3, 4]


def test_tariff_windows_stay_inside_the_run():
    assert gravity.tariff_windows(2011, 2022) == ([2016, 2017], [2020, 2021, 2022])
    assert gravity.tariff_windows(2011, 2014) == ([], [])
    assert gravity.tariff_windows(2017, 2020) == ([2017], [2020])


def test_the_minimum_years_come_from_the_ledger():
    assert (
        gravity.min_years_in_force()
        == int(claims.ledger().set_index("claim_id").at["C09", "threshold"])
        == gravity.GUIDE_INTERVAL
    )


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
        (
            "{partner: VNM, year_start: 2015, year_end: 2020}",
            "not testable with the shipped data",
            "no estimation year has RCEP in force",
        ),
        ("{partner: THA, year_start: 2016, year_end: 2022}", "inconclusive", "a pre-existing trend"),
    ],
)
def test_gravity_notebook_runs_for_one_member_and_a_short_window(project_copy, parameters, verdict, says):
    from tradebook.runner import pipeline

    params_file = project_copy / "gravity.yaml"
    params_file.write_text(
        f"extends: notebooks/params/default.yaml\nnotebooks: [06_gravity.ipynb]\nparameters: {parameters}\n"
    )
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
    trade = pd.DataFrame(
        {"exporter": ["CHN", "CHN"], "importer": ["VNM", "USA"], "year": [2020, 2020], "value_usd": [1.0, 1.0]}
    )
    geo = gravity.with_geography(trade).set_index("importer")
    assert geo.at["VNM", "contiguous"] == 1 and geo.at["USA", "contiguous"] == 0
    assert geo.at["VNM", "ln_distance"] == pytest.approx(np.log(2664.6995))  # distw, km (CEPII GeoDist)


def trending_panel(pretrend: float, effect: float, *, seed: int = 5) -> pd.DataFrame:
    """A synthetic panel (generated here) whose treated pairs drift by ``pretrend`` a year before and after entry (2018),
    and jump by ``effect`` at entry: what an event study must show as a slope, not a break."""
    rng = np.random.default_rng(seed)
    n, years = 20, range(2012, 2023)
    size = rng.normal(0, 1, n)
    cost = rng.normal(0, 0.4, (n, n))
    rows = []
    for year in years:
        for i in range(n):
            for j in range(n):
                if i == j:
                    continue
                treated_pair = i < 8 and j < 8
                drift = pretrend * (year - 2017) if treated_pair else 0.0
                member = int(treated_pair and year >= 2018)
                mean = np.exp(4 + size[i] + size[j] - cost[i, j] + drift + effect * member)
                rows.append((f"E{i:02d}", f"E{j:02d}", year, member, float(rng.poisson(mean))))
    return pd.DataFrame(rows, columns=["exporter", "importer", "year", "deal", "value_usd"])


def test_the_event_study_shows_a_known_pre_trend_as_a_slope_against_the_base_year():
    table, base = gravity.event_study(trending_panel(-0.05, 0.0), "deal", [])
    assert base == 2017 and table.set_index("year").at[2017, "coef"] == 0.0
    coefs = table.set_index("year")["coef"]
    # a steady slope through the base year, no break (the exporter-year and importer-year effects of the treated
    # countries take part of a drift of their pairs, so the slope is not recovered whole)
    assert coefs[2012] > 0.15 and coefs[2022] < -0.15
    assert (np.diff(coefs.to_numpy()) < 0).mean() > 0.8
    flat, _ = gravity.event_study(trending_panel(0.0, 0.3), "deal", [])
    before, after = flat[flat["year"] < 2017]["coef"], flat[flat["year"] >= 2018]["coef"]
    assert before.abs().max() < 0.06 and after.mean() == pytest.approx(0.3, abs=0.05)  # flat before, a break at entry


def hand_clustered_se(panel: pd.DataFrame, term: str, coef: pd.Series) -> float:
    """The Guide's clustered standard error of ``term`` computed by hand: the Poisson sandwich with every fixed effect
    as a dummy column, H⁻¹ (Σ_g s_g s_gᵀ) H⁻¹ · G/(G−1), no adjustment for the number of parameters."""
    data = panel.assign(pair=gravity.pair_id(panel))
    dummies = pd.get_dummies(data["exporter"] + data["year"].astype(str), prefix="ex", drop_first=True)
    dummies = dummies.join(pd.get_dummies(data["importer"] + data["year"].astype(str), prefix="im", drop_first=True))
    dummies = dummies.join(pd.get_dummies(data["pair"], prefix="pr", drop_first=True))
    x = np.column_stack([data[term].to_numpy(float), np.ones(len(data)), dummies.to_numpy(float)])
    y = data["value_usd"].to_numpy(float)
    beta = np.zeros(x.shape[1])
    beta[1] = np.log(y.mean())
    for _ in range(100):  # Newton's method on the Poisson likelihood
        mu = np.exp(x @ beta)
        step = np.linalg.lstsq((x * mu[:, None]).T @ x, x.T @ (y - mu), rcond=None)[0]
        beta += step
        if np.abs(step).max() < 1e-12:
            break
    assert beta[0] == pytest.approx(coef[term], abs=1e-6)  # the same estimate as pyfixest's
    mu = np.exp(x @ beta)
    bread = np.linalg.pinv((x * mu[:, None]).T @ x)
    scores = pd.DataFrame(x * (y - mu)[:, None]).groupby(data["pair"].to_numpy()).sum().to_numpy()
    groups = scores.shape[0]
    meat = scores.T @ scores * groups / (groups - 1)
    return float(np.sqrt((bread @ meat @ bread)[0, 0]))


def test_the_guides_small_sample_convention_matches_a_hand_computation_and_totals_use_the_covariance():
    rng = np.random.default_rng(3)
    rows = []
    for year in range(2014, 2019):
        for i in range(6):
            for j in range(6):
                if i != j:
                    member = int(i < 3 and j < 3 and year >= 2016)
                    rows.append(
                        (
                            f"H{i}",
                            f"H{j}",
                            year,
                            member,
                            float(rng.poisson(np.exp(3 + 0.1 * i - 0.1 * j + 0.4 * member))),
                        )
                    )
    panel = pd.DataFrame(rows, columns=["exporter", "importer", "year", "deal", "value_usd"])
    guide = gravity.ppml(panel, ["deal"], small_sample="guide")
    by_hand = hand_clustered_se(panel, "deal", guide.coefficients.set_index("term")["coef"])
    assert guide.coefficients.set_index("term").at["deal", "se"] == pytest.approx(by_hand, rel=1e-4)
    wider = gravity.ppml(panel, ["deal"], small_sample="pyfixest").coefficients.set_index("term").at["deal", "se"]
    assert wider > by_hand  # pyfixest's default also scales by (N − 1)/(N − k)
    assert guide.vcov.at["deal", "deal"] == pytest.approx(by_hand**2, rel=1e-4)
    assert guide.total(["deal"])["se"] == pytest.approx(by_hand, rel=1e-4)
