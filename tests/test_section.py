"""A notebook step as one ``Section`` (``publish.section``) shown by ``wb.show``: tables saved under their declared names,
the figure published with the annexed tables it is drawn from, the sentences and table displayed."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from tradebook import shared_tables
from tradebook.publish.section import Section


def test_a_section_names_its_figure_data_from_its_annexed_tables_and_checks_its_place():
    tables = {shared_tables.BASKET_BILATERAL: pd.DataFrame(), shared_tables.BASKET_GROWTH: pd.DataFrame()}
    assert Section("05_basket_share", tables=tables).data == ["05_basket_bilateral"]  # growth has no annex sheet
    fig = plt.figure()
    with pytest.raises(ValueError, match="needs both its caption and its section"):
        Section("05_basket_share", figure=fig, caption="A caption.")
    with pytest.raises(ValueError, match="is not one of"):
        Section("05_basket_share", figure=fig, caption="A caption.", briefing="nowhere")


def test_show_saves_publishes_and_says_in_one_call(tmp_path, monkeypatch):
    from tradebook import config
    from tradebook.context import Workbook
    from tradebook.publish.sink import Sink

    monkeypatch.setenv("TRADEBOOK_OUTPUTS", str(tmp_path))
    with config.outputs_at(tmp_path):
        wb = Workbook("CHN", "ASEAN-10", 2011, 2024, Sink(tmp_path, "05_ai_drivers", scratch=False))
        frame = pd.DataFrame({"year": [2020], "basket_share_pct": [40.0]})
        fig, ax = plt.subplots()
        ax.plot([2020, 2021], [40.0, 41.0])
        section = Section(
            "05_basket_share",
            tables={shared_tables.BASKET_BILATERAL: frame},
            figure=fig,
            caption="AI-related goods in bilateral trade.",
            briefing="themes",
            said=("A sentence.",),
        )
        assert wb.show(section) is section
    assert (tmp_path / "tables" / "05_basket_bilateral.csv").exists()
    meta = (tmp_path / "figures" / "05_basket_share.json").read_text()
    assert '"data": ["05_basket_bilateral"]' in meta and '"section": "themes"' in meta


def test_the_rerouting_step_draws_a_scatter_only_with_three_members_or_more():
    from tradebook.questions import agreements

    rows = pd.DataFrame(
        {
            "member": ["VNM", "THA"],
            **{column: [1.0, 2.0] for column in agreements.REROUTING_SHOWN},
        }
    )

    class Answer:  # the fields rerouting_section reads
        rerouting, rerouting_note, rerouting_caption, before, after = rows, "Two members.", None, [2016], [2020]

    section = agreements.rerouting_section(Answer())  # type: ignore[arg-type]
    assert section.figure is None and section.said == ("Two members.",) and len(section.shown) == 2
    assert list(section.tables) == [shared_tables.REROUTING]
