"""Notebook 03's question (``questions.complementarity``) on tables built here by hand."""

import pandas as pd

from tradebook.questions import complementarity
from tradebook.themes import claims

NAMES = {"VNM": "Vietnam", "THA": "Thailand"}


def test_the_latest_index_sits_beside_the_benchmarks_median_and_the_gap_to_it():
    tci = pd.DataFrame({"exporter": ["CHN", "JPN", "KOR", "CHN", "JPN", "KOR", "CHN"], "importer": ["VNM", "VNM", "VNM", "THA", "THA", "THA", "VNM"],
                        "year": [2018] * 6 + [2017], "tci": [60.0, 50.0, 56.0, 40.0, 45.0, 47.0, 99.0]})  # fmt: skip
    latest = complementarity.tci_latest(tci, "CHN", ["JPN", "KOR", "AUS"], NAMES).set_index("importer")
    assert (
        latest.loc["Vietnam", "benchmark median"] == 53.0 and latest.loc["Vietnam", "CHN − median"] == 7.0
    )  # 2017 is not the latest year
    assert latest.loc["Thailand", "CHN − median"] == -6.0


def test_chapters_where_both_specialise_compete_and_where_one_does_they_complement():
    rca = pd.DataFrame({"reporter": ["CHN", "VNM"] * 3, "product": ["84", "84", "61", "61", "27", "27"], "year": 2020,
                        "rca": [1.5, 2.0, 1.2, 0.4, 0.2, 3.0]})  # fmt: skip
    overlap, latest, _ = complementarity.rca_overlap(rca, "CHN", ["VNM"], NAMES)
    assert latest == 2020 and overlap.iloc[0].to_dict() == {
        "member": "Vietnam", "compete (both RCA>1)": 1, "complement (CHN RCA>1, member not)": 1, "complement (member RCA>1, CHN not)": 1,
    }  # fmt: skip


def test_c02_on_aggregates_counts_the_largest_supplier_and_the_median_shares_direction():
    suppliers = pd.DataFrame(
        {
            "importer": ["VNM", "THA", "VNM", "THA"],
            "year": [2011, 2011, 2022, 2022],
            "share_pct": [20.0, 10.0, 34.0, 24.0],
            "rank": [2, 3, 1, 1],
        }
    )
    ranks = suppliers[suppliers["year"] == 2022].set_index("importer")[["share_pct", "rank"]]
    judged, change, sentence = complementarity.c02_on_aggregates(
        suppliers, ranks, dominant=5, last_baci=2020, reporter_name="China"
    )
    assert change == "rose" and judged.verdict == claims.c02_hard_to_substitute(2, 2, "rose")
    assert sentence == ("China was the largest import source of 2 of 2 members in 2022; its median share of their imports moved from 15.0% (2011) to 29.0% (2022): "
                        "rose (threshold 1 percentage point). It supplied over half of world exports in 5 HS chapters (2020).")  # fmt: skip
    assert judged.evidence == sentence + " " + claims.AGGREGATE_ONLY_NOTE and judged.values["median_share_by_year"] == {
        2011: 15.0,
        2022: 29.0,
    }
    empty, no_change, _ = complementarity.c02_on_aggregates(
        suppliers.iloc[:0], ranks.iloc[:0], dominant=0, last_baci=None, reporter_name="China"
    )
    assert empty.verdict == claims.Verdict.NOT_TESTABLE and no_change == "no data"
    vietnam = suppliers[suppliers["importer"] == "VNM"]
    _, _, one = complementarity.c02_on_aggregates(
        vietnam, ranks.loc[["VNM"]], dominant=5, last_baci=None, reporter_name="China"
    )
    assert one.startswith(
        "China was Vietnam's largest import source in 2022; its share of Vietnam's imports moved from 20.0% (2011) to 34.0% (2022)"
    )


def test_the_supply_chain_caption_names_the_panel_left_out():
    from tradebook.roles import Roles

    gl = pd.DataFrame({"reporter": ["MYS"], "year": [2020], "grubel_lloyd": [0.4]})
    stages = pd.DataFrame({"reporter": ["IDN"], "year": [2020], "share_pct": [40.0]})
    none = gl.iloc[0:0]
    group, one = Roles.of("CHN", "ASEAN-10", 2024), Roles.of("CHN", "IDN", 2024)
    assert complementarity.supply_chain_caption(gl, stages, group) == (
        "Intra-industry trade (Grubel–Lloyd) where product data exist; intermediate goods in the members' imports."
    )
    assert complementarity.supply_chain_caption(none, stages, one) == (
        "Intermediate goods in Indonesia's imports. Intra-industry trade is not drawn: the shipped data hold no bilateral "
        "product detail for this run's pairs (Appendix D lists what is held)."
    )
    assert complementarity.supply_chain_caption(none, stages.iloc[0:0], one) is None  # nothing to draw: no figure


def test_the_supply_chain_figure_draws_only_panels_with_data():
    import matplotlib

    matplotlib.use("Agg")
    from tradebook.publish import figures

    stages = pd.DataFrame({"reporter": ["IDN", "IDN"], "year": [2019, 2020], "share_pct": [40.0, 41.0]})
    no_gl = pd.DataFrame(columns=["reporter", "source", "year", "grubel_lloyd"])
    fig = figures.supply_chain(no_gl, stages, names={"IDN": "Indonesia"}, reporter_name="China")
    assert len(fig.axes) == 1 and fig.axes[0].get_ylabel() == "intermediate goods, % of imports"
    assert not any("no bilateral" in text.get_text() for text in fig.findobj(matplotlib.text.Text))
