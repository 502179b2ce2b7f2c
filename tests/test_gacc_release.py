"""China Customs' monthly release by country, read from the page (issue 33), and the 2025 figures China published.

The three pages are real (GACC's English statistics site, as committed in hoyla/meridian); every
value asserted here is printed on the page.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tradebook import config
from tradebook.errors import RawDataError
from tradebook.flows import dataset
from tradebook.questions import structure
from tradebook.sources import curated, gacc_release, manifest
from tradebook.sources.live import refresh
from tradebook.themes import claims

PAGES = config.paths().raw / "gacc_release_pages"
MARCH_2026 = PAGES / "release_section4_by_country_mar2026_cny.html"
JANFEB_2025 = PAGES / "release_section4_by_country_janfeb2025_cny.html"
JANUARY_2018 = PAGES / "release_section4_by_country_jan2018_cny.html"


def value(table: pd.DataFrame, partner: str, flow: str, period: str = "year_to_date") -> float:
    """A value as the page prints it, in CNY 100 million."""
    row = table[(table["partner"] == partner) & (table["flow"] == flow) & (table["period"] == period)]
    assert len(row) == 1, (partner, flow, period)
    return round(row["value_cny"].iat[0] / 1e8, 1)


def test_march_2026_every_asean_row_and_the_totals_equal_the_page():
    table = gacc_release.read_page(MARCH_2026)
    printed = {  # partner: (month total, year to date: total, exports, imports), from the page
        "WLD": (41046.4, 118380.0, 68466.7, 49913.3),
        "ASEAN-10": (7240.5, 19666.6, 12300.2, 7366.4),
        "VNM": (2003.0, 5374.3, 3569.5, 1804.8),
        "MYS": (1286.7, 3376.8, 2040.6, 1336.2),
        "THA": (1084.3, 2936.6, 2068.9, 867.6),
        "SGP": (800.9, 2266.4, 1454.9, 811.5),
        "IDN": (1195.9, 3331.5, 1489.0, 1842.5),
        "PHL": (509.1, 1331.2, 1029.0, 302.3),
    }
    for partner, (month, total, exports, imports) in printed.items():
        assert value(table, partner, "total", "month") == month
        assert (value(table, partner, "total"), value(table, partner, "export"), value(table, partner, "import")) == (
            total,
            exports,
            imports,
        )
    asean = table[(table["partner"] == "ASEAN-10") & (table["period"] == "year_to_date")].set_index("flow")["yoy_pct"]
    assert (asean["total"], asean["export"], asean["import"]) == (15.4, 17.5, 12.1)
    assert set(table["release_date"]) == {"2026-04-08"} and set(table["asean_members_listed"]) == {10}
    assert not {"BRN", "KHM", "LAO", "MMR"} & set(table["partner"])  # the page does not list them


def test_january_february_2025_has_no_month_column_and_its_sums_hold():
    table = gacc_release.read_page(JANFEB_2025)
    assert (
        set(table["period"]) == {"year_to_date"}
        and set(table["first_month"]) == {1}
        and set(table["last_month"]) == {2}
    )
    assert (
        value(table, "ASEAN-10", "total"),
        value(table, "ASEAN-10", "export"),
        value(table, "ASEAN-10", "import"),
    ) == (10333.3, 6266.8, 4066.5)
    assert value(table, "VNM", "total") == 2709.6 and value(table, "WLD", "total") == 65363.6
    wide = table.pivot_table(index="label", columns="flow", values="value_cny") / 1e8
    assert ((wide["export"] + wide["import"] - wide["total"]).abs() <= gacc_release.ROUNDING).all()


def test_the_image_only_page_is_refused_by_name():
    with pytest.raises(gacc_release.ImageOnlyPage) as error:
        gacc_release.read_page(JANUARY_2018)
    said = str(error.value)
    assert (
        said.startswith("release_section4_by_country_jan2018_cny.html holds the table only as an image")
        and "\n" not in said
    )


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda t: t.replace("(in CNY)", "(in USD)"), "is the release in another currency"),
        (lambda t: t.replace("Unit: CNY 100 Million", "Unit: CNY 10,000"), "the table's unit is 'Unit: CNY 10,000'"),
        (lambda t: t.replace("12,300.2", "12,400.2", 1), "exports + imports differ from the total by 100.0"),
        (
            lambda t: t.replace("China's Total Export", "China's Imports and Exports by Customs Regime"),
            "is not GACC's release",
        ),
    ],
)
def test_a_page_in_another_currency_unit_or_with_broken_sums_is_refused_by_name(tmp_path, change, words):
    page = tmp_path / "page.html"
    page.write_text(change(MARCH_2026.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(RawDataError) as error:
        gacc_release.read_page(page)
    assert words in str(error.value) and str(error.value).startswith("page.html")


def test_a_saved_page_goes_in_through_the_refresh_and_reaches_the_run(project_copy, tmp_path):
    saved = tmp_path / "downloads"
    saved.mkdir()
    shutil.copy(MARCH_2026, saved / "my_saved_release.html")
    (saved / "broken.html").write_text(
        MARCH_2026.read_text(encoding="utf-8").replace("(in CNY)", "(in USD)"), encoding="utf-8"
    )
    with pytest.raises(RawDataError, match="broken.html is the release in another currency"):
        refresh.add_gacc_pages(saved)
    assert not (config.paths().external / gacc_release.SOURCE).exists()  # nothing copied when one page fails
    (saved / "broken.html").unlink()
    said = refresh.add_gacc_pages(saved)
    assert said == [
        "my_saved_release.html: GACC release for Jan–Mar 2026 (released 2026-04-08), 30 partners and groups"
    ]
    releases = dataset.load_gacc_releases()
    assert set(releases["page"]) >= {"my_saved_release.html", MARCH_2026.name, JANFEB_2025.name}
    assert dataset.gacc_releases_unread()[0].startswith(JANUARY_2018.name)


@pytest.mark.parametrize(
    "partner, says",
    [
        ("VNM", "China's trade with Vietnam was CNY 0.54 trn, +18.3% on a year earlier"),
        ("MMR", "does not list Myanmar: GACC lists only"),
        ("ASEAN-10", "without Timor-Leste, which joined on 26 October 2025."),
    ],
)
def test_the_latest_release_speaks_of_one_member_or_of_asean(project_copy, partner, says):
    from tradebook.context import workbook

    table, sentences = structure.after_trillion(workbook("CHN", partner, 2011, 2024, notebook="02_trade_structure"))
    assert says in " ".join(sentences)
    assert list(table.columns) == structure.GACC_LATEST_COLUMNS  # even empty, the saved table has its header


def test_a_run_without_china_saves_the_release_table_with_its_header(project_copy):
    from tradebook.context import workbook

    table, sentences = structure.after_trillion(workbook("USA", "VNM", 2011, 2024, notebook="02_trade_structure"))
    assert table.empty and list(table.columns) == structure.GACC_LATEST_COLUMNS and sentences == []


def test_gacc_2025_rate_and_the_published_total_in_dollars():
    rate = curated.gacc_rate(2025)
    assert rate["cny_per_usd"] == pytest.approx((26.99 + 18.48) / (3.77 + 2.58))
    assert rate["low"] < rate["cny_per_usd"] < rate["high"]
    published = curated.full_year(2025)
    assert published["value_native"] == 7.55e12 and published["rounding"] == 0.005e12
    totals = curated.official_totals().set_index(["year", "flow"])
    assert totals.at[(2025, "total"), "value_usd"] == pytest.approx(7.55e12 / rate["cny_per_usd"])
    assert totals.at[(2025, "total"), "flag"] == "converted_from_cny"  # the 'exceeded USD 1 trillion' row is replaced
    assert totals.at[(2025, "total"), "source_kind"] == "official"


EMPTY_HEADLINE = pd.DataFrame(columns=["year", "series", "side", "value_usd"])


def projection_of(point: float, low: float, high: float) -> structure.Projection:
    primary = pd.Series(
        {
            "point": point,
            "low": low,
            "high": high,
            "coverage_pct": 90.0,
            "month": 11,
            "source_agency": "GACC",
            "cny_per_usd": 7.16,
        }
    )
    return structure.Projection(
        2025, 2025, pd.DataFrame([primary]), primary, None, {"inside": 10, "years": 12}, "", None, None
    )


@pytest.mark.parametrize(
    "published_cny, verdict",
    [(7.55, claims.Verdict.SUPPORTED), (7.0, claims.Verdict.NOT_SUPPORTED), (7.16, claims.Verdict.INCONCLUSIVE)],
)
def test_c01_is_judged_on_the_published_total_with_its_rounding(published_cny, verdict):
    rate = {"cny_per_usd": 7.16, "low": 7.15, "high": 7.17, "method": "by hand"}
    published = pd.Series(
        {"value": published_cny, "value_native": published_cny * 1e12, "rounding": 0.005e12, "year": 2025, "yoy_pct": 8.0, "publisher": "GACC",
         "source_title": "t", "source_kind": "official briefing", "partner_definition": "the ten"}
    )  # fmt: skip
    judged = structure.c01_published(published, rate, projection_of(1.056e12, 1.044e12, 1.068e12), EMPTY_HEADLINE, "")
    assert judged.verdict == verdict and judged.values["basis"] == "published"
    # 7.16 trn at 7.15–7.17 yuan per dollar spans USD 0.998–1.002 trn: the line lies inside the rounding
    assert judged.values["error_usd_pct"] == pytest.approx(100 * (1.056e12 / (published_cny * 1e12 / 7.16) - 1))
    assert ("inside the interval" in judged.evidence) == (1.044e12 <= published_cny * 1e12 / 7.16 <= 1.068e12)


def test_c01_falls_back_to_the_projection_before_publication(monkeypatch):
    monkeypatch.setattr(curated, "full_year", lambda year, partner="ASEAN-10", flow="total": None)
    official = pd.DataFrame(
        {"year": [2025], "flow": ["total"], "flag": ["lower_bound"], "value_usd": [1e12], "source_agency": ["GACC"]}
    )
    found = projection_of(1.06e12, 1.04e12, 1.07e12)
    primary = found.primary.copy()
    primary["native_currency"], primary["ytd"] = "USD", 0.95e12
    found = structure.Projection(
        2025,
        2025,
        pd.DataFrame([primary]),
        primary,
        None,
        {"inside": 10, "years": 12, "mape_pct": 0.6, "worst_error_pct": 1.7, "worst_year": 2018},
        "",
        None,
        None,
    )
    judged = structure.c01(official, EMPTY_HEADLINE, found)
    assert judged.verdict == claims.Verdict.SUPPORTED and judged.values["basis"] == "projected"
    assert "is the claim itself, not evidence" in judged.evidence


def test_a_manifest_row_without_its_publisher_or_publication_fails(project_copy):
    path = project_copy / "data" / "raw" / "MANIFEST.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("publisher", "publication_url"):
        broken = table.copy()
        broken.loc[0, column] = ""
        broken.to_csv(path, index=False)
        with pytest.raises(RawDataError, match=f"names no {column}"):
            manifest.read_manifest()
    table.to_csv(path, index=False)
    assert (
        manifest.provenance().set_index("source").at["gacc_release", "released"]
        == "released 2018-03-08, 2025-03-11, 2026-04-08"
    )
