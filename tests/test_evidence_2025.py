"""Evidence after 2022: GACC's 2024 table, UN Comtrade mirror records, the 2025 projection."""

import numpy as np
import pandas as pd
import pytest
import yaml

from tradebook import config, reference
from tradebook.errors import SchemaError
from tradebook.flows import dataset, reconcile, series
from tradebook.sources import comtrade_mirror, curated, gacc
from tradebook.themes import claims, nowcast

ASEAN = reference.members("ASEAN-10")


@pytest.fixture(scope="module")
def native():
    return gacc.read_native()


@pytest.fixture(scope="module")
def flows():
    return dataset.load_flows()


def december(native, partner, flow):
    rows = native[(native["partner"] == partner) & (native["flow"] == flow) & (native["month"] == 12)]
    return rows["cumulative"].iat[0]


def test_gacc_2024_matches_the_published_china_asean_figures(native):
    """GACC 2024: China–ASEAN CNY 6.99 trn (exports 4.17, imports 2.82); China–Vietnam CNY 1.85 trn."""
    assert december(native, "ASEAN", "total") / 1e12 == pytest.approx(6.99, abs=0.005)
    assert december(native, "ASEAN", "export") / 1e12 == pytest.approx(4.17, abs=0.005)
    assert december(native, "ASEAN", "import") / 1e12 == pytest.approx(2.82, abs=0.005)
    assert december(native, "VNM", "total") / 1e12 == pytest.approx(1.85, abs=0.005)
    assert december(native, "WLD", "total") == 4_384_679_258 * 1e4  # SOURCES.md check, to the unit


def test_gacc_september_is_the_usd_table(native):
    september = native[(native["month"] == 9) & (native["partner"] == "WLD") & (native["flow"] == "total")]
    assert list(september["currency"]) == ["USD"]
    assert september["cumulative"].iat[0] / 1e12 == pytest.approx(4.546, abs=0.0005)  # US$4.546 trn Jan–Sep


def test_march_is_derived_from_the_cumulative_columns(native):
    """March = C(Apr) − v(Apr) − C(Feb), by hand from the file's Viet Nam export row."""
    table = pd.read_csv(config.paths().raw / gacc.MAPPED)
    vnm = table[table["iso3"] == "VNM"].set_index("month")
    by_hand = (vnm.at[4, "exports_cum"] - vnm.at[4, "exports_month"] - vnm.at[2, "exports_cum"]) * 1e4
    months = gacc.monthly_cny(native).set_index(["partner", "flow", "month"])
    assert months.at[("VNM", "export", 3), "value_cny"] == by_hand
    assert months.at[("VNM", "export", 3), "flag"] == "derived"
    cumulative = gacc.cumulative_cny(native, "VNM", "export").set_index("month")
    assert cumulative.at[3, "cumulative"] == (vnm.at[4, "exports_cum"] - vnm.at[4, "exports_month"]) * 1e4
    assert list(cumulative.index) == list(range(1, 13))


def test_implied_rate_checks_against_september_and_the_full_year(native):
    rates = gacc.implied_cny_rate(native).set_index("period")["cny_per_usd"]
    assert 7.0 < rates["Jan–Sep"] < 7.3
    assert rates["Sep"] == pytest.approx(rates["Jan–Sep"], rel=0.005)
    check = gacc.usd_check(native, rates["Jan–Sep"]).set_index("partner")
    assert abs(check.at["ASEAN", "diff_pct"]) < 0.5 and abs(check.at["WLD", "diff_pct"]) < 0.1


def test_member_rows_must_sum_to_the_asean_row(native):
    broken = native.copy()
    broken.loc[(broken["partner"] == "VNM") & (broken["month"] == 5), "value"] += 1e9
    with pytest.raises(SchemaError, match="do not sum to GACC's ASEAN row"):
        gacc.check_members_sum(broken)


def test_gacc_2024_in_usd_agrees_with_the_published_usd_total(flows):
    """China-recorded 2024 (GACC, yuan converted) against MOFCOM's USD 982.3 bn (curated)."""
    two_way = reconcile.group_two_way(flows, "CHN", "ASEAN-10", source=gacc.SOURCE)
    check = reconcile.against_official(two_way, curated.official_totals()).set_index("year")
    assert check.at[2024, "status"] == "within ±2%" and abs(check.at[2024, "diff_pct"]) < 0.5


def test_comtrade_mirror_matches_published_checks(flows):
    mirror = flows[flows["source"] == comtrade_mirror.SOURCE]

    def value(reporter, partner, flow, year):
        rows = mirror[
            (mirror["reporter"] == reporter)
            & (mirror["partner"] == partner)
            & (mirror["flow"] == flow)
            & (mirror["year"] == year)
            & (mirror["classification"] == "TOTAL")
        ]
        return rows["value_usd"].sum()

    assert value("MYS", "CHN", "import", 2023) / 1e9 == pytest.approx(56.71, abs=0.005)
    assert value("VNM", "CHN", "import", 2022) / 1e9 == pytest.approx(117.65, abs=0.005)
    assert value("CHN", "WLD", "export", 2024) / 1e9 == pytest.approx(3576.5, abs=0.05)
    assert value("CHN", "WLD", "import", 2024) / 1e9 == pytest.approx(2585.1, abs=0.05)
    in_2024 = set(mirror.loc[(mirror["year"] == 2024) & (mirror["partner"] == "CHN"), "reporter"])
    assert {"VNM", "LAO"}.isdisjoint(in_2024) and {"MYS", "THA", "IDN"} <= in_2024
    assert not ((mirror["reporter"] == "CHN") & (mirror["year"] == 2025)).any()  # stored as 0: missing, not zero


def test_one_source_per_year_follows_the_precedence(flows):
    own = series.reporter_recorded(flows, "CHN", ASEAN)
    assert own.groupby("year")["source"].nunique().max() == 1
    by_year = own.groupby("year")["source"].first()
    assert by_year[2022] == "imf_dots" and by_year[2024] == "gacc_2024"
    mirror = series.partners_recorded(flows, "CHN", ASEAN).groupby("year")["source"].first()
    assert mirror[2021] == "imf_dots" and mirror[2023] == "comtrade_mirror"


def test_default_year_end_is_the_last_complete_year():
    """The default parameter set ends where China's record of trade with every member ends."""
    default = yaml.safe_load(config.paths().default_params.read_text())["parameters"]
    own = series.reporter_recorded(dataset.load_flows(), default["reporter"], ASEAN)
    complete = own.groupby("year").agg(ok=("complete", "all"), n=("partner", "nunique"))
    assert default["year_end"] == int(complete[complete["ok"] & (complete["n"] == len(ASEAN))].index.max())


def test_published_year_to_date_figures():
    ytd = curated.year_to_date(2025).set_index(["last_month", "currency"])["value"]
    assert ytd[(10, "USD")] == 862.7e9 and ytd[(11, "CNY")] == 6.82e12 and ytd[(3, "CNY")] == 1.71e12
    assert (curated.year_to_date(2025)["source_url"] != "").all()


# --- the projection method, on numbers small enough to check by hand (synthetic, generated here) ---


def synthetic_cumulative():
    """Two synthetic years: monthly values 1..12 (total 78) and 12..1 (total 78)."""
    rows = [{"series": "synthetic", "year": 2001, "month": m, "value": float(m)} for m in range(1, 13)]
    rows += [{"series": "synthetic", "year": 2002, "month": m, "value": float(13 - m)} for m in range(1, 13)]
    return nowcast.cumulate(pd.DataFrame(rows))


def test_projection_by_hand():
    shares = nowcast.cumulative_shares(synthetic_cumulative())
    # Jan–Mar share: 2001 (1+2+3)/78 = 6/78; 2002 (12+11+10)/78 = 33/78
    result = nowcast.project(39.0, 3, shares)
    assert result["share_min"] == pytest.approx(6 / 78) and result["share_max"] == pytest.approx(33 / 78)
    point = 39.0 / ((6 / 78 + 33 / 78) / 2)
    assert result["point"] == pytest.approx(point)
    # the backtest's ratios actual/projected: 2001 78 / (6 / (33/78)) = 5.5; 2002 78 / (33 / (6/78)) = 2/11
    low_ratio, high_ratio = (
        2 / 11 + 0.05 * (5.5 - 2 / 11),
        2 / 11 + 0.95 * (5.5 - 2 / 11),
    )  # 5% and 95% quantiles, interpolated
    assert result["low"] == pytest.approx(point * low_ratio) and result["high"] == pytest.approx(point * high_ratio)
    assert result["coverage_pct"] == 90.0


def test_backtest_projects_each_year_with_the_other_years_shares():
    shares = nowcast.cumulative_shares(synthetic_cumulative())
    rows = nowcast.backtest(shares, 3).set_index("year")
    # 2001 from its own Jan–Mar (6) with 2002's share 33/78: 6 / (33/78) = 14.18…, actual 78
    assert rows.at[2001, "projected"] == pytest.approx(6 / (33 / 78))
    assert rows.at[2001, "error_pct"] == pytest.approx(100 * (6 / (33 / 78) - 78) / 78)
    assert rows.at[2001, "ratio"] == pytest.approx(5.5)
    assert not rows.at[2001, "inside"]  # two years leave one ratio each: no interval to hold it
    summary = nowcast.backtest_summary(rows.reset_index())
    assert summary["worst_year"] == 2002 and summary["years"] == 2


def simulated_shares(years: int, spread: float, *, seed: int = 7) -> pd.DataFrame:
    """SYNTHETIC cumulative totals: every year's January–October share is 0.83 plus normal noise of sd ``spread``."""
    rng = np.random.default_rng(seed)
    rows = []
    for year in range(1000, 1000 + years):
        total = float(rng.uniform(500, 1500))
        october = 0.83 + rng.normal(0, spread)
        for month in range(1, 13):
            share = october * month / 10 if month <= 10 else october + (1 - october) * (month - 10) / 2
            rows.append({"series": "simulated", "year": year, "month": month, "cumulative": total * share})
    return nowcast.cumulative_shares(pd.DataFrame(rows))


@pytest.mark.parametrize("spread", [0.005, 0.02])
def test_the_prediction_interval_holds_its_stated_coverage_on_a_simulated_series(spread):
    shares = simulated_shares(300, spread)
    checked = nowcast.backtest(shares, 10)
    assert checked["inside"].mean() == pytest.approx(0.90, abs=0.04)  # one year left out at a time
    result = nowcast.project(830.0, 10, shares)
    # the interval's relative width follows the spread: about ±1.645 sd of the share, relative to 0.83
    assert (result["high"] - result["low"]) / result["point"] == pytest.approx(2 * 1.645 * spread / 0.83, rel=0.2)
    assert result["backtest_coverage_pct"] == pytest.approx(100 * checked["inside"].mean())


def test_yuan_figures_are_converted_at_the_stated_rate():
    published = pd.DataFrame(
        {"year": [2025, 2025], "last_month": [10, 11], "currency": ["USD", "CNY"], "value": [862.7e9, 6.82e12]}
    )
    converted = nowcast.in_usd(published, 7.1, "GACC 2024 table, Jan–Sep").set_index("last_month")
    assert (
        converted.at[11, "value"] == pytest.approx(6.82e12 / 7.1)
        and converted.at[11, "rate_source"] == "GACC 2024 table, Jan–Sep"
    )
    assert (
        converted.at[10, "value"] == 862.7e9
        and converted.at[10, "rate_source"] == ""
        and set(converted["currency"]) == {"USD"}
    )


def test_backtest_on_real_years_is_reproducible_by_hand(flows):
    """2019 projected from its own January–October DOTS total with the other years' shares."""
    shares = nowcast.cumulative_shares(nowcast.seasonal_cumulative(flows, ASEAN))
    row = nowcast.backtest(shares, 10).set_index(["series", "year"]).loc[("IMF DOTS (USD)", 2019)]
    at10 = shares[shares["month"] == 10]
    others = at10[~((at10["series"] == "IMF DOTS (USD)") & (at10["year"] == 2019))]["share"]
    own = at10[(at10["series"] == "IMF DOTS (USD)") & (at10["year"] == 2019)]["cumulative"].iat[0]
    assert row["projected"] == pytest.approx(own / others.mean())
    assert row["actual"] == pytest.approx(
        shares[(shares["year"] == 2019) & (shares["month"] == 12) & (shares["series"] == "IMF DOTS (USD)")][
            "cumulative"
        ].iat[0]
    )


@pytest.mark.parametrize(
    "low, high, verdict",
    [
        (1.05e12, 1.09e12, "supported"),
        (0.90e12, 0.99e12, "not supported"),
        (0.98e12, 1.02e12, "inconclusive"),
        (float("nan"), float("nan"), "not testable with the shipped data"),
    ],
)
def test_c01_rule_follows_the_interval(low, high, verdict):
    assert claims.interval_against(low, high, 1e12) == verdict


def test_shortfall_note_names_the_gap():
    assert (
        claims.shortfall_note(2024, 2025)
        == " The statistics end in 2024, 1 year before 2025, the year the claim is about."
    )
    assert claims.shortfall_note(2025, 2025) == ""


def test_headline_sources_name_what_the_run_draws_on():
    rows = pd.DataFrame(
        {
            "side": ["reporter", "reporter", "partner", "official"],
            "source": ["imf_dots", "gacc_2024", "comtrade_mirror", "http://example.org/a"],
        }
    )
    assert series.headline_sources(rows) == "IMF DOTS; GACC; UN Comtrade; GACC/MOFCOM figures as reported (curated)"
    assert series.headline_sources(rows.iloc[:1]) == "IMF DOTS"
