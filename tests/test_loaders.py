"""Each loader against figures the sources publish themselves."""

import pandas as pd
import pytest

from tradebook import reference
from tradebook.flows import dataset, reconcile
from tradebook.sources import curated, dosm, dots, oec, wits


@pytest.fixture(scope="module")
def flows():
    return dataset.load_flows()


def annual_total(flows, source, reporter, partner, flow, year, classification="TOTAL"):
    rows = flows[
        (flows.source == source)
        & (flows.reporter == reporter)
        & (flows.partner == partner)
        & (flows.flow == flow)
        & (flows.year == year)
        & (flows.classification == classification)
    ]
    return rows["value_usd"].sum(), rows["month"].nunique()


@pytest.mark.parametrize(
    "cell, expected",
    [
        (1234.5, (1234.5, "")),
        ("0.10 e", (0.10, "imf_estimate")),
        ("3,124.20 r", (3124.2, "imf_allocated")),
    ],
)
def test_dots_cells_keep_value_and_marker(cell, expected):
    assert dots.parse_cell(cell) == expected


def test_china_asean_total_matches_official_within_2_percent(flows):
    """Acceptance: China-reported DOTS X+M with ASEAN-10 vs the official totals (curated, GACC/MOFCOM)."""
    check = reconcile.against_official(reconcile.group_two_way(flows, "CHN", "ASEAN-10"), curated.official_totals())
    check = check.set_index("year")
    for year in (2012, 2014, 2015, 2019, 2022):
        assert abs(check.at[year, "diff_pct"]) <= 2.0, year
        assert check.at[year, "status"] == "within ±2%"
    # China published Jan+Feb 2020 together; the IMF allocated them, and the flag says so
    assert check.at[2020, "status"] == "within ±2%" and "imf_allocated" in check.at[2020, "computed_flag"]


def test_2023_china_asean_is_incomplete_not_summed_as_zero_imports(flows):
    two_way = reconcile.group_two_way(flows, "CHN", "ASEAN-10").set_index("year")
    assert not two_way.at[2023, "complete"]
    assert pd.isna(two_way.at[2023, "total_usd"]) and "no import data" in two_way.at[2023, "note"]


def test_china_world_exports_2019_match_gacc_table(flows):
    """GACC table (5), Dec 2019 cumulative: exports US$ 2,499,028,927 thousand (curated, with URL)."""
    gacc = curated.load_table("gacc_total_trade_by_customs_regime_totals.csv")
    row = gacc[gacc["period_month"].str.startswith("2019-12")].iloc[0]
    published = float(row["exports_cumulative"]) * 1e3
    value, months = annual_total(flows, "imf_dots", "CHN", "WLD", "export", 2019)
    assert months == 12
    assert value == pytest.approx(published, rel=0.005)


def test_dosm_published_china_figures_in_ringgit():
    """DOSM: Malaysia's exports to China 2019 RM 140.93 bn, imports from China RM 175.67 bn."""
    myr = dosm.load_myr()
    china = myr[(myr.partner == "CHN") & (myr.year == 2019)].groupby("flow")["value_myr"].sum()
    assert china["export"] / 1e9 == pytest.approx(140.93, abs=0.005)
    assert china["import"] / 1e9 == pytest.approx(175.67, abs=0.005)


def test_ringgit_rates_from_exports_and_imports_agree(flows):
    rates = dataset.load_myr_rates()
    assert list(rates["year"]) == list(range(2013, 2020))
    assert rates["gap_pct"].abs().max() < 1.5  # two independent routes agree
    assert (
        rates.set_index("year").at[2015, "rate"] > rates.set_index("year").at[2014, "rate"] * 1.1
    )  # 2015 ringgit fall


def test_dosm_in_usd_matches_malaysia_dots_with_china(flows):
    value, _ = annual_total(flows, "dosm_sitc2", "MYS", "CHN", "export", 2019, "SITC2")
    dots_value, months = annual_total(flows, "imf_dots", "MYS", "CHN", "export", 2019)
    assert months == 12
    assert value == pytest.approx(dots_value, rel=0.03)


def test_oec_drops_trailing_rows_and_flags_rounded_values():
    table = oec.read_file("oec_hs_sections/MYS_exports.csv")
    assert table.groupby("year").size().eq(21).all() and set(table.year) == set(range(2010, 2019))
    china = oec.read_file("oec_hs_sections/CHN_exports.csv")
    textiles_2010 = china[(china.year == 2010) & (china["product"] == "11")].iloc[0]
    assert textiles_2010.value_usd == 2.10e11 and textiles_2010.flag == "rounded_3sf"
    assert (oec.read_file("oec_hs_sections/VNM_exports.csv")["flag"] == "").all()


def test_oec_missing_section_is_absent_not_zero():
    brunei = oec.read_file("oec_hs_sections/BRN_exports.csv")
    assert (brunei.year == 2010).sum() == 19 and (brunei.value_usd > 0).all()


def test_wits_groups_and_stages(flows):
    table = flows[(flows.source == "wits_summary") & (flows.reporter == "CHN") & (flows.year == 2019)]
    assert table[table.classification == "WITS-group"]["product"].nunique() == 16
    assert set(table[table.classification == "stage"]["product"]) == {
        "Raw materials",
        "Intermediate goods",
        "Consumer goods",
        "Capital goods",
    }
    published_share = wits.load_published()
    share = published_share[
        (published_share.reporter == "CHN")
        & (published_share.year == 2019)
        & (published_share["product"] == "Mach and Elec")
    ]["value"].iloc[0]
    mach = table[(table.classification == "WITS-group") & (table["product"] == "Mach and Elec")]["value_usd"].iloc[0]
    total = table[(table.classification == "TOTAL") & (table.flow == "export")]["value_usd"].iloc[0]
    assert 100 * mach / total == pytest.approx(share, abs=0.01)


def test_singapore_wits_and_comtrade_extracts_agree_where_they_overlap(flows):
    def value(source):
        rows = flows[
            (flows.source == source)
            & (flows.partner == "CHN")
            & (flows.year == 2022)
            & (flows.flow == "export")
            & (flows["product"] == "85")
        ]
        return rows["value_usd"].iloc[0]

    assert value("singapore_wits_hs2") == pytest.approx(value("singapore_comtrade_hs2"), rel=0.01)


def test_imf_annual_china_imports_agree_with_dots(flows):
    annual, _ = annual_total(flows, "imf_china_imports", "CHN", "MYS", "import", 2019)
    monthly, months = annual_total(flows, "imf_dots", "CHN", "MYS", "import", 2019)
    assert months == 12 and annual == pytest.approx(monthly, rel=0.01)


def test_baci_hs2_world_exports_of_china(flows):
    chapters = flows[(flows.source == "baci_hs2") & (flows.reporter == "CHN") & (flows.year == 2019)]
    assert chapters["product"].nunique() >= 95
    dots_value, _ = annual_total(flows, "imf_dots", "CHN", "WLD", "export", 2019)
    assert chapters["value_usd"].sum() == pytest.approx(dots_value, rel=0.06)


def test_curated_rows_without_source_url_are_refused(project_copy):
    from tradebook.errors import SchemaError
    from tradebook.sources import manifest

    path = project_copy / "data" / "raw" / "curated_news_and_official" / "china_total_trade_news.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("source_url")] = ""
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    table = pd.read_csv(manifest.config.paths().raw / "MANIFEST.csv", dtype=str)
    table.loc[table.path.str.endswith("china_total_trade_news.csv"), "sha256"] = manifest.sha256(path)
    table.to_csv(manifest.config.paths().raw / "MANIFEST.csv", index=False)
    with pytest.raises(SchemaError, match=r"rows \[2\] have no source_url"):
        curated.load_table("china_total_trade_news.csv")


def test_unknown_partner_spelling_is_named():
    from tradebook.errors import SchemaError

    with pytest.raises(SchemaError, match="Atlantis"):
        reference.to_iso3(pd.Series(["Malaysia", "Atlantis"]), "imf")
