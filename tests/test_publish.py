"""Briefing export, Excel annex and batch runs."""

import json

import pytest

from tradebook import atomic
from tradebook.errors import ParameterError
from tradebook.runner import batch, export, pipeline


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "briefing.html"
    target.write_text("good")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "good" and list(tmp_path.iterdir()) == [target]


def test_extends_merges_parameters(tmp_path):
    (tmp_path / "base.yaml").write_text(
        "notebooks: [01_load_data.ipynb]\nparameters: {partner: ASEAN-10, year_end: 2022}\n"
    )
    (tmp_path / "vnm.yaml").write_text("extends: base.yaml\nparameters: {partner: VNM}\n")
    spec = pipeline.read_params(tmp_path / "vnm.yaml")
    assert spec == {
        "notebooks": ["01_load_data.ipynb"],
        "parameters": {"partner": "VNM", "year_end": 2022},
        "refresh": {},
    }


@pytest.mark.workbook
def test_batch_isolates_a_broken_parameter_file(project_copy):
    """Acceptance (issue 5): a broken parameter file fails alone with a clear message."""
    folder = project_copy / "batch_params"
    folder.mkdir()
    # the file's name says Cambodia, its parameters Viet Nam: the index follows what ran
    (folder / "KHM.yaml").write_text(
        "notebooks: [01_load_data.ipynb]\nparameters: {partner: VNM, year_start: 2019, year_end: 2020}\n"
    )
    (folder / "BROKEN.yaml").write_text("notebooks: [01_load_data.ipynb]\nparameters: {partner: ATLANTIS}\n")
    results = {r["name"]: r for r in batch.run(folder, output_root=project_copy / "batch", jobs=2)}
    assert (
        results["KHM"]["status"] == "ok"
        and (project_copy / "batch" / "KHM" / "notebooks" / "01_load_data.ipynb").exists()
    )
    assert results["BROKEN"]["status"] == "failed" and "unknown partner code 'ATLANTIS'" in results["BROKEN"]["error"]
    index = (project_copy / "batch" / "index.html").read_text()
    assert "China–Vietnam, 2019–2020" in index and "Cambodia" not in index and "failed: unknown partner code" in index
    assert "statistics to 2020" in index  # the data vintage of what ran


@pytest.mark.workbook
def test_a_batch_in_chinese_runs_every_set_in_that_edition_beside_the_english_batch(project_copy):
    """`make batch LANG=zh-Hans`: each set in Chinese, in outputs/batch/zh-Hans/, so both batches sit side by side."""
    folder = project_copy / "batch_params"
    folder.mkdir()
    (folder / "VNM.yaml").write_text(
        "notebooks: [01_load_data.ipynb]\nparameters: {partner: VNM, year_start: 2019, year_end: 2020}\n"
    )
    assert batch.default_root("zh-Hans") == batch.default_root() / "zh-Hans"
    root = project_copy / "batch" / "zh-Hans"
    results = batch.run(folder, output_root=root, jobs=1, language="zh-Hans")
    assert results[0]["status"] == "ok" and results[0]["products"]["html"] == "briefing.zh-Hans.html"
    ran = json.loads((root / "VNM" / "notebooks" / "01_load_data.ipynb").read_text())
    assert 'language = "zh-Hans"' in "".join("".join(cell["source"]) for cell in ran["cells"])  # papermill injected
    index = (root / "index.html").read_text()
    assert '<html lang="zh-Hans">' in index and "中国—越南，2019—2020年" in index  # the index speaks the edition too
    with pytest.raises(ParameterError, match="zh-Hant"):
        batch.run(folder, output_root=root, jobs=1, language="zh-Hant")


def test_publish_needs_an_executed_briefing(project_copy):
    from tradebook.errors import TradebookError

    with pytest.raises(TradebookError, match="run the notebooks first"):
        export.publish({"partner": "VNM"}, title="t")


def test_pdf_is_skipped_with_one_line_without_chromium(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(export, "find_chromium", lambda: None)
    page = tmp_path / "b.html"
    page.write_text("<html><body>x</body></html>")
    assert export.to_pdf(page, tmp_path / "b.pdf") is None
    assert not (tmp_path / "b.pdf").exists()
    out = capsys.readouterr().out.strip()
    assert out.startswith("PDF skipped: Chromium is not installed") and "\n" not in out


def test_heatmap_numbers_are_legible_or_left_to_the_data():
    """Fourteen years of two-decimal balances across the balance figure's panel ran into each other at 8 pt, then shrank to 5.5 pt
    (3.7 pt on paper). Numbers are now drawn at the figure's smallest type where they fit their cells, else left out."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from tradebook.publish import plots

    plots.house_style()
    years = range(2011, 2025)
    table = pd.DataFrame(
        np.linspace(-0.99, 0.35, 10 * len(years)).reshape(10, -1),
        columns=years,
        index=[f"member {n}" for n in range(10)],
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 6.6), gridspec_kw={"width_ratios": [2.2, 1], "wspace": 0.5})
    plots.heatmap(left, table, fmt=".2f")  # 14 columns of "-0.99": too narrow
    plots.heatmap(right, table.iloc[:, :3], fmt=".1f")  # 3 columns: wide enough
    assert len(left.texts) == 0 and len(right.texts) == 30
    renderer = fig.canvas.get_renderer()
    first_row = sorted((t for t in right.texts if t.get_position()[1] == 0.5), key=lambda t: t.get_position()[0])
    boxes = [t.get_window_extent(renderer) for t in first_row]
    assert all(this.x1 < following.x0 for this, following in zip(boxes, boxes[1:]))
    assert {t.get_fontsize() for t in right.texts} == {plots.SMALLEST_PT}
    fig.canvas.draw()  # as saving does before publication measures it
    assert plots.smallest_text_pt(fig) == plots.SMALLEST_PT
    plt.close(fig)


def test_annex_sheets_and_briefing_figures_are_discovered_from_what_notebooks_saved(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import openpyxl
    import pandas as pd

    from tradebook import config
    from tradebook.publish import page
    from tradebook.publish.sink import Sink
    from tradebook.runner import annex
    from tradebook.shared_tables import Table

    with config.outputs_at(tmp_path):
        sink = Sink.for_notebook("02_trade_structure")
        assert sink.root == tmp_path and not sink.scratch and sink.announcement() is None
        sink.save(pd.DataFrame({"year": [2020], "value_usd": [1.0]}), "02_new_indicator")
        sink.save(pd.DataFrame({"x": [1]}), "02_working_table")  # no sheet: stays out of the annex
        for name in ("02_second", "02_first"):
            fig, ax = plt.subplots()
            ax.plot([0, 1])
            returned = sink.publish(fig, name, caption=f"caption of {name}", section="structure", data=["02_headline"])
            assert returned is fig  # the figure comes back for restyling
        declared = [Table("02_new_indicator", "02_trade_structure", "a new indicator", sheet="new", units="USD"),
                    Table("02_not_made", "02_trade_structure", "a table this run did not make", sheet="absent")]  # fmt: skip
        workbook = openpyxl.load_workbook(annex.write({"partner": "VNM"}, declared=declared))
        assert "absent" not in workbook.sheetnames
        assert "new" in workbook.sheetnames and "02_working_table" not in workbook.sheetnames
        assert page.published("structure") == ["02_second", "02_first"]  # publication order, not name order
        assert page.published("themes") == []
    with pytest.raises(ValueError, match="caption and section"):
        sink.publish(plt.figure(), "02_x", caption="only a caption")
    with (
        config.outputs_at(tmp_path),
        pytest.raises(ValueError, match=r"needs its data in the annex.*no sheet for \['02_working_table'\]"),
    ):
        sink.publish(plt.figure(), "02_x", caption="a figure", section="structure", data=["02_working_table"])
    with config.outputs_at(tmp_path), pytest.raises(ValueError, match="needs its data in the annex"):
        sink.publish(
            plt.figure(), "02_undeclared_figure", caption="a figure", section="structure"
        )  # no table of its name, no data given


def test_under_each_figure_its_data_travels_inside_the_page(tmp_path):
    import base64
    import re

    import pandas as pd

    from tradebook import config
    from tradebook.publish import page

    with config.outputs_at(tmp_path):
        (tmp_path / "tables").mkdir()
        frame = pd.DataFrame(
            {"year": range(2000, 2030), "series": ["<b>China-recorded</b>"] * 30, "value_usd": range(30)}
        )
        frame.to_csv(tmp_path / "tables" / "02_headline.csv", index=False)
        block = page.figure_data(["02_headline"])
    link = re.search(r'<a download="02_headline.csv" href="data:text/csv;base64,([^"]+)">', block)
    assert (
        link and base64.b64decode(link.group(1)) == (tmp_path / "tables" / "02_headline.csv").read_bytes()
    )  # every row, byte for byte
    assert "first 25 of 30 rows" in block and block.count("<tr") == 26  # header and 25 rows shown
    assert "&lt;b&gt;China-recorded&lt;/b&gt;" in block and "<b>China" not in block
    assert page.figure_data([]) == ""


def test_figures_are_png_and_svg_unless_the_run_asks_for_more(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradebook import config
    from tradebook.publish import plots

    with config.outputs_at(tmp_path):
        fig, ax = plt.subplots()
        ax.plot([2011, 2012], [1.0, 2.0], label="Viet Nam")
        ax.legend()
        assert [p.suffix for p in plots.save(fig, tmp_path, "02_a")] == [".png", ".svg"]
        first = (tmp_path / "02_a.svg").read_bytes()
        plots.save(fig, tmp_path, "02_a")
        assert (
            tmp_path / "02_a.svg"
        ).read_bytes() == first  # no date, no random ids: an unchanged figure, unchanged bytes
        assert b"Viet Nam</text>" in first  # text stays text (searchable in the page)
        with config.figure_formats(["png", "pdf"]):
            assert [p.suffix for p in plots.save(fig, tmp_path, "02_b")] == [".png", ".svg", ".pdf"]


def test_figure_formats_in_a_parameter_file_are_checked(tmp_path):
    from tradebook.errors import ParameterError

    (tmp_path / "p.yaml").write_text("notebooks: [01_load_data.ipynb]\nfigure_formats: [gif]\n")
    with pytest.raises(ParameterError, match="figure_formats must be a list from"):
        pipeline.read_params(tmp_path / "p.yaml")
    (tmp_path / "base.yaml").write_text("notebooks: [01_load_data.ipynb]\n")
    (tmp_path / "q.yaml").write_text("extends: base.yaml\nfigure_formats: [png, svg]\n")
    assert pipeline.read_params(tmp_path / "q.yaml")["figure_formats"] == ["png", "svg"]


def test_the_billions_formatter_reads_sensibly_for_small_values_and_log_scales():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradebook.publish import plots

    assert [plots.billions_label(v) for v in (0, 2.5e8, 2.5e9, 1.2e10, 1_067_400_000_000)] == [
        "0",
        "0.25",
        "2.5",
        "12",
        "1,067",
    ]
    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1e8, 1e9, 1e10])
    ax.set_yscale("log")
    plots.usd_billions(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert {"0.1", "1", "10"} <= set(labels) and not any(t.get_text() for t in ax.yaxis.get_minorticklabels())


def test_annex_formats_follow_each_columns_unit(tmp_path):
    """Read back with openpyxl: rates as rates, small dollars in millions, estimates with their digits, readable
    headers with units, an autofilter on every sheet, heights on rows of wrapped text (values SYNTHETIC)."""
    import openpyxl
    import pandas as pd

    from tradebook import config
    from tradebook.publish.sink import Sink
    from tradebook.runner import annex
    from tradebook.shared_tables import Table

    sheets = {
        "rates": pd.DataFrame({"year": [2024], "cny_per_usd": [7.1105], "method": ["yuan over dollars"]}),
        "money": pd.DataFrame({"partner": ["BRN", "VNM"], "value_usd": [2.5e8, 2.6e11], "total_usd": [9.8e11, 2.6e11]}),
        "estimates": pd.DataFrame(
            {"term": ["RCEP"], "coef": [-0.1206712345678901], "pct": [-11.36967], "p_value": [0.0049], "n_obs": [31947]}
        ),
        "words": pd.DataFrame({"claim_id": ["C01"], "evidence": ["a sentence " * 40]}),
    }
    with config.outputs_at(tmp_path):
        sink = Sink.for_notebook("02_trade_structure")
        for sheet, frame in sheets.items():
            sink.save(frame, f"02_{sheet}")
        declared = [
            Table(f"02_{sheet}", "02_trade_structure", f"the {sheet}", sheet=sheet, units="mixed") for sheet in sheets
        ]
        workbook = openpyxl.load_workbook(annex.write({"partner": "ASEAN-10"}, declared=declared))

    def formats(sheet):
        ws = workbook[sheet]
        return {ws.cell(1, col).value: ws.cell(2, col).number_format for col in range(1, ws.max_column + 1)}

    assert formats("rates") == {"Year": "General", "CNY per USD": "0.00", "Method": "General"}
    money = formats("money")
    assert (
        money["Value (USD)"] == '#,##0.0,," m"' and money["Total (USD)"] == '#,##0.0,,," bn"'
    )  # Brunei's millions are not "0.0 bn"
    assert (
        workbook["money"]["B3"].number_format == '#,##0.0,,," bn"'
    )  # cell by cell: Viet Nam's billions in the same column
    estimates = formats("estimates")
    assert (
        estimates["Coef"] == "0.000"
        and estimates["Pct"] == "0.0"
        and estimates["P value"] == "0.000"
        and estimates["N obs"] == "General"
    )
    for name in workbook.sheetnames:
        ws = workbook[name]
        if name != "README":
            assert ws.auto_filter.ref == ws.dimensions, name
            assert all("_" not in str(cell.value) for cell in ws[1]), name
    assert workbook["words"].row_dimensions[2].height > 15  # a wrapped sentence gets the height of its lines
    assert workbook["money"]["B2"].value == 2.5e8  # the cell holds the exact value


def scroll_width_at(page, width: int) -> tuple[int, int, dict]:
    """The page's scroll width and viewport width in headless Chromium at ``width`` pixels, and the first figure once tapped: its
    position, its image's width on screen and whether it pans (read back through the DOM)."""
    import re
    import subprocess

    from tradebook.runner import export

    probe = (
        '<script>addEventListener("load", () => { document.body.dataset.scroll = document.documentElement.scrollWidth;'
        " document.body.dataset.client = document.documentElement.clientWidth;"
        ' const figure = document.querySelector("figure.briefing-figure"); figure.querySelector("svg").dispatchEvent(new MouseEvent("click", { bubbles: true }));'
        " document.body.dataset.tapped = getComputedStyle(figure).position;"
        ' document.body.dataset.image = Math.round(figure.querySelector("svg").getBoundingClientRect().width);'
        " document.body.dataset.pans = figure.scrollWidth > figure.clientWidth; });</script>"
    )
    page.write_text(page.read_text().replace("</body>", probe + "</body>"))
    command = [
        export.find_chromium(),
        *export.CHROMIUM_FLAGS,
        f"--window-size={width},900",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=120).stdout
    tapped = {
        "position": re.search(r'data-tapped="(\w+)"', dom).group(1),
        "image": int(re.search(r'data-image="(\d+)"', dom).group(1)),
        "pans": re.search(r'data-pans="(\w+)"', dom).group(1) == "true",
    }
    return (
        int(re.search(r'data-scroll="(\d+)"', dom).group(1)),
        int(re.search(r'data-client="(\d+)"', dom).group(1)),
        tapped,
    )


def test_on_a_phone_the_page_is_as_wide_as_the_screen(tmp_path):
    """A 400 px screen: wide tables scroll inside their own box and the claims table reflows, so nothing widens the page."""
    import nbformat

    from tradebook.runner import export

    if export.find_chromium() is None:
        pytest.skip("Chromium is not installed (make setup installs it)")
    wide = (
        "<table class='dataframe'><tr>"
        + "".join(f"<td>column {n} with a long header</td>" for n in range(30))
        + "</tr></table>"
    )
    claims = (
        "<table class='claims'><tbody><tr><td>C01</td><td><b>a claim</b></td><td>verdict</td><td>"
        + "evidence " * 80
        + "</td></tr></tbody></table>"
    )
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradebook.publish import page as briefing_page

    fig, ax = plt.subplots(figsize=(10, 4))  # a figure as wide as the workbook's widest: 720 pt, 960 CSS px
    ax.plot([2011, 2024], [1, 2])
    svg = io.StringIO()
    fig.savefig(svg, format="svg")
    chart = briefing_page.inline_svg(svg.getvalue(), width_pct=95, label="a chart")
    figure = f'<figure class="briefing-figure">{chart}<img class="on-paper" alt="a chart" src="data:,"/><figcaption>A chart.</figcaption></figure>'
    cell = nbformat.v4.new_code_cell(
        "", outputs=[nbformat.v4.new_output("display_data", data={"text/html": figure + wide + claims})]
    )
    notebook = tmp_path / "07_briefing.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A briefing\n\n## First section"), cell]),
        notebook,
    )
    page = export.to_html(notebook, tmp_path / "briefing.html", title="phone", parameters={"partner": "VNM"})
    scroll, client, tapped = scroll_width_at(page, 400)
    assert scroll <= client, f"the page is {scroll} px wide on a {client} px screen"
    assert tapped["position"] == "fixed"  # a tap opens the figure over the whole screen
    assert tapped["image"] == 960 and tapped["pans"]  # at its own size, wider than the screen: the reader pans it


def test_an_index_one_economy_dominates_goes_to_a_log_scale():
    """Cambodia's HS 84+85 exports reached about 4,100 (2011 = 100) and flattened every other line against the axis."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from tradebook.publish import figures, plots

    plots.house_style()
    index = pd.DataFrame(
        {
            "year": [2011, 2020] * 3,
            "index": [100, 4100, 100, 150, 100, 300],
            "name": ["Cambodia"] * 2 + ["China"] * 2 + ["Laos"] * 2,
        }
    )
    dominated = figures.chapter_index(index, reporter_name="China", chapters=["84", "85"], base_year=2011)
    assert dominated.axes[0].get_yscale() == "log" and dominated.axes[0].get_ylabel().endswith("(log scale)")
    even = figures.chapter_index(
        index.assign(index=[100, 200, 100, 150, 100, 300]), reporter_name="China", chapters=["84", "85"], base_year=2011
    )
    assert even.axes[0].get_yscale() == "linear" and "log" not in even.axes[0].get_ylabel()
    plt.close("all")


def test_an_economy_a_figure_cannot_draw_is_named_in_its_note():
    """Myanmar had no point in the rerouting scatter (no complete US-recorded imports before the tariffs) and no word said so."""
    import matplotlib

    matplotlib.use("Agg")
    import pandas as pd

    from tradebook.publish import figures, plots

    assert plots.not_drawn(["VNM"], ["VNM", "MMR", "LAO"], why="no data") == " Not drawn (no data): Myanmar, Laos."
    assert plots.not_drawn(["VNM"], {"VNM": "Vietnam"}, why="no data") == ""
    table = pd.DataFrame(
        {"member": ["VNM", "MMR"], "china_exports_change_pct": [98.3, 41.3], "us_import_share_change_pp": [1.72, None]}
    )
    fig = figures.rerouting(table, before=[2016, 2017], after=[2020, 2022])
    texts = [text.get_text() for text in fig.findobj(matplotlib.text.Text)]
    assert "Myanmar" not in texts  # no label without its point
    assert any(
        "Not drawn (no complete US-recorded imports in a window): Myanmar." in text.replace("\n", " ") for text in texts
    )


def test_a_legend_over_data_is_measured():
    """The check behind "a legend never covers data": a legend over a line is found, one beside the axes or over empty
    space is not, and a reference line across the axes is not data."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradebook.publish import plots

    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [0, 1, 2], label="rising")
    ax.plot([0, 2], [2, 2], label="flat at the top")
    ax.axhline(1.0, label="reference")
    ax.legend(loc="upper left")
    fig.canvas.draw()
    assert plots.legend_covers_data(fig) == [": flat at the top"]
    ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
    fig.canvas.draw()
    assert plots.legend_covers_data(fig) == []


def test_a_level_axis_starts_at_zero_and_a_change_axis_is_left_alone():
    """Indonesia's intermediate-goods share moved between 32.8% and 33.6%: on an axis from 32.7 it looked like a swing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from tradebook.publish import plots

    fig, (share, growth, totals, logged) = plt.subplots(1, 4)
    share.plot([2015, 2016, 2017], [33.0, 33.56, 32.76])
    growth.plot([2015, 2016], [-5.0, 10.0])
    totals.bar([2015, 2016], [400.0, 500.0])
    totals.set_ylim(300, 550)
    logged.plot([2015, 2016], [100.0, 4100.0])
    logged.set_yscale("log")
    fig.canvas.draw()
    assert plots.levels_from_zero(fig) == [share, totals]
    assert share.get_ylim()[0] == 0 and totals.get_ylim() == (0, 550) and growth.get_ylim()[0] < -5


def test_an_empty_table_is_not_named_as_a_figures_data(tmp_path):
    """China–Indonesia: the supply-chain caption named the empty Grubel–Lloyd sheet as its data."""
    from tradebook.publish import page

    (tmp_path / "empty.csv").write_text("reporter,year,grubel_lloyd\n")
    (tmp_path / "held.csv").write_text("reporter,year,grubel_lloyd\nMYS,2020,0.4\n")
    assert [page._has_rows(tmp_path / f"{name}.csv") for name in ("empty", "held", "absent")] == [False, True, False]
