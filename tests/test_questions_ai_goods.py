"""Notebook 05's question (``questions.ai_goods``) on tables built here by hand, then on the shipped data."""

import pandas as pd

from tradebook.flows import basket
from tradebook.questions import ai_goods
from tradebook.themes import claims


def flows_of(rows):
    return pd.DataFrame(rows, columns=["source", "reporter", "product", "year", "value_usd"])


def test_world_exports_of_the_chapters_by_economy_and_year_indexed_to_the_first_year():
    flows = flows_of([("baci_hs2", "CHN", "84", 2019, 100.0), ("baci_hs2", "CHN", "85", 2019, 100.0), ("baci_hs2", "CHN", "84", 2021, 242.0),
                      ("baci_hs2", "VNM", "85", 2019, 10.0), ("baci_hs2", "VNM", "85", 2021, 40.0), ("baci_hs2", "CHN", "27", 2019, 999.0),
                      ("oec_sections", "CHN", "84", 2019, 5.0), ("baci_hs2", "CHN", "84", 2018, 7.0)])  # fmt: skip
    by_year = ai_goods.world_exports(flows, ["84", "85"], ["CHN", "VNM"], range(2019, 2022))
    assert by_year.to_dict("index") == {
        "CHN": {2019: 200.0, 2021: 242.0},
        "VNM": {2019: 10.0, 2021: 40.0},
    }  # chapter 27, OEC and 2018 left out
    long = ai_goods.indexed(by_year).set_index(["reporter", "year"])["index"]
    assert long.round(6).to_dict() == {
        ("CHN", 2019): 100.0,
        ("CHN", 2021): 121.0,
        ("VNM", 2019): 100.0,
        ("VNM", 2021): 400.0,
    }
    summary = ai_goods.first_and_last(by_year)
    assert (
        summary.index.tolist() == ["Vietnam", "China"] and round(summary.loc["China", "CAGR, %"], 6) == 10.0
    )  # 200 → 242 in two years


def test_c08_evidence_names_each_series_the_level_caveat_and_the_chip_figure():
    growth = pd.DataFrame(
        {
            "member": ["Malaysia"],
            "from": [2013],
            "to": [2019],
            "level_used": ["SITC2"],
            "basket_cagr_pct": [0.2],
            "total_cagr_pct": [2.7],
        }
    )
    chips = pd.DataFrame(
        {
            "flow": ["exports", "exports"],
            "commodity": ["integrated circuits", "robots"],
            "period": ["2025-01..08", "2025"],
            "value_yoy_pct": ["23.3", ""],
        }
    )
    sentence = claims.c08_evidence(growth, 0, 1.0, "shipped bilateral product data", chips, pair="China and ASEAN-10")
    assert (
        "in 0 of 1 series (shipped bilateral product data: Malaysia 2013–2019 (SITC2): +0.2% vs +2.7% a year)"
        in sentence
    )
    assert (
        "Only whole chapters or groups are held" in sentence
        and "China's IC exports grew +23.3% in Jan–Aug 2025 (GACC)." in sentence
    )
    empty = claims.c08_evidence(growth.iloc[:0], 0, 1.0, "", chips.iloc[:0], pair="China and Vietnam")
    assert (
        empty
        == "No bilateral product data between China and Vietnam are held (shipped or refreshed). Data services, models and applications are services and are not measured here."
    )


def test_the_basket_names_where_its_lines_come_from_and_the_list_to_adopt():
    refs = pd.DataFrame(
        {
            "reference": ["Note A", "Report B"],
            "publisher": ["Bank", "Organisation"],
            "source_url": ["https://a", "https://b"],
            "released": ["2026-02-13", "2025-09-17"],
            "use": ["lines taken", "reference to adopt"],
        }
    )
    assert basket.references_note(refs) == (
        "The basket's lines follow Bank, Note A (2026-02-13), and the reference to adopt when its list is published is Organisation, Report B (2025-09-17). "
    )
    assert basket.references_note(refs.iloc[:0]) == ""
    shipped = basket.references()
    assert (
        set(shipped["use"]) == {"lines taken", "reference to adopt"}
        and shipped["source_url"].str.startswith("https://").all()
    )


def test_the_answer_on_the_shipped_data_is_inconclusive_on_whole_chapters(project_copy):
    from tradebook.context import workbook

    answer = ai_goods.answer(workbook("CHN", "ASEAN-10", 2011, 2024, notebook="05_ai_drivers"), "ai_goods_basket.csv")
    assert answer.product_source is None and answer.series == len(answer.growth) > 0
    assert answer.verdict == claims.Verdict.INCONCLUSIVE and set(answer.values["levels"]) <= {"HS2", "SITC2"}
    assert answer.chapters == ["84", "85"] and "CHN" in answer.world_exports.index
