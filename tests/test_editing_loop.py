"""The researcher's editing loop: a run outside the runner never mixes into outputs/, and the runner notices every change.

One full run of the shipped notebooks into a project copy, then each way a researcher works on
it: a plain papermill call from notebooks/, JupyterLab's in-place execution, an output edited
by hand, ``python -m tradebook run 02``, ``make briefing`` after an input changed, and a
parameter file that lists one notebook.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tradebook import __main__ as cli
from tradebook.runner import pipeline

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = pipeline.read_params(ROOT / "notebooks" / "params" / "default.yaml")["notebooks"]

pytestmark = pytest.mark.workbook


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project copy after one full `make run` (runner's default folder: <copy>/outputs)."""
    copy = tmp_path_factory.mktemp("loop")
    for folder in ("data/raw", "data/reference", "notebooks"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRADEBOOK_ROOT", str(copy))
        patch.delenv("TRADEBOOK_OUTPUTS", raising=False)
        pipeline.run(copy / "notebooks" / "params" / "default.yaml", progress=False)
        yield copy


def kernel_environment(project: Path) -> dict:
    """The environment of a researcher's shell in the copy: no outputs folder named by a runner."""
    environment = {k: v for k, v in os.environ.items() if k != "TRADEBOOK_OUTPUTS"}
    return {**environment, "TRADEBOOK_ROOT": str(project)}


def run_lines(capsys, *argv: str) -> list[str]:
    """The runner's per-notebook lines ("[ran] 02_… (12.3 s; why)") of one CLI call that must succeed."""
    assert cli.main(list(argv)) == 0
    return [line for line in capsys.readouterr().err.splitlines() if line.startswith(("[ran]", "[reused]"))]


def outcome(lines: list[str]) -> dict[str, str]:
    return {line.split()[1]: line.split()[0].strip("[]") for line in lines}


def ran(lines: list[str]) -> set[str]:
    """The notebooks a call executed (the others it checked are reported as reused)."""
    return {name for name, said in outcome(lines).items() if said == "ran"}


def key_numbers(page: str) -> str:
    """The briefing's key-numbers block as text (from its heading to the next section's)."""
    import html
    import re

    start = page.rindex("<", 0, page.index('id="Key-numbers"'))  # the heading's own tag
    block = page[start : page.index("<h2 ", start + 10)]
    block = re.sub(
        r"<img[^>]*>|<svg.*?</svg>|<details.*?</details>", "", block, flags=re.S
    )  # the figures and their data tables (the tables are checked apart)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block))).strip()


def test_the_default_run_gives_the_recorded_claims_and_key_numbers(project):
    """Moving code must not move a number: the claims table and the key numbers equal tests/golden/ (update them only for a fixed bug, named in the CHANGELOG)."""
    import pandas as pd

    golden = ROOT / "tests" / "golden"
    claims = pd.read_csv(project / "outputs" / "tables" / "claims_results.csv", dtype=str, keep_default_na=False)[
        ["claim_id", "verdict", "evidence"]
    ]
    pd.testing.assert_frame_equal(
        claims.reset_index(drop=True), pd.read_csv(golden / "default_claims.csv", dtype=str, keep_default_na=False)
    )
    assert (
        key_numbers((project / "outputs" / "briefing.html").read_text())
        == (golden / "default_key_numbers.txt").read_text().strip()
    )


@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftoppm")),
    reason="needs Chromium and poppler (make setup installs both)",
)
def test_the_pdf_has_a_contents_page_the_chinese_name_and_no_page_more_than_a_third_blank(project):
    """Pages rendered to PNG (pdftoppm): ink must reach the lower third of every page but the last (footer left out)."""
    import numpy as np
    from PIL import Image

    pdf = project / "outputs" / "briefing.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Contents" in text.split("Executive summary")[0] and "Cite this briefing" in text
    assert "进出口商品国别" in text  # the GACC table's Chinese name is printed, in the CJK font setup installs
    assert "Noto Sans CJK" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(project / "page")], check=True)
    pages = sorted(project.glob("page-*.png"))
    blank = {}
    for page in pages[:-1]:
        ink = (np.asarray(Image.open(page)) < 200).any(axis=1)
        body = ink[: int(len(ink) * 0.9)]  # above the page-number footer
        blank[page.name] = 1 - np.nonzero(body)[0].max() / len(body)
    appendix = next(
        n for n, page in enumerate(text.split("\f"), start=1) if "Appendix A. The claims in full" in page and n > 1
    )
    blank.pop(
        f"page-{appendix - 1:02d}.png", None
    )  # the main body ends where it ends: the appendix starts a page of its own
    assert max(blank.values()) < 1 / 3, blank
    assert appendix - 1 <= 10, f"the main body takes {appendix - 1} A4 pages (at most 10)"


def test_no_legend_covers_data_in_any_figure(project):
    """Measured on each published figure as saved (``plots.legend_covers_data``, recorded at publication)."""
    covers = {
        meta.stem: json.loads(meta.read_text())["legend_covers"]
        for meta in (project / "outputs" / "figures").glob("*.json")
    }
    assert len(covers) >= 15 and {name: found for name, found in covers.items() if found} == {}


@pytest.mark.skipif(not shutil.which("pdfimages"), reason="needs poppler (make setup installs it)")
def test_every_figures_smallest_type_prints_at_7_pt_or_more(project):
    """Measured in the PDF: each figure's image as placed (pdfimages: pixels per inch on the page) scales the smallest type
    drawn in it (recorded at publication); at most one image per figure file, matched by its pixel size."""
    from PIL import Image

    from tradebook.publish import plots

    figures = project / "outputs" / "figures"
    smallest = {}
    for meta in figures.glob("*.json"):
        with Image.open(meta.with_suffix(".png")) as image:
            smallest[image.size] = (meta.stem, json.loads(meta.read_text())["smallest_pt"])
    listed = subprocess.run(
        ["pdfimages", "-list", str(project / "outputs" / "briefing.pdf")], capture_output=True, text=True, check=True
    ).stdout
    printed = {}
    for line in listed.splitlines()[2:]:
        fields = line.split()
        size, x_ppi = (int(fields[3]), int(fields[4])), float(fields[12])
        if size in smallest:
            name, pt = smallest[size]
            printed[name] = round(pt * plots.SAVE_DPI / x_ppi, 2)
    assert len(printed) == len(smallest), sorted(set(n for n, _ in smallest.values()) - set(printed))
    assert min(printed.values()) >= 7, {name: pt for name, pt in printed.items() if pt < 7}


def test_no_internal_name_reaches_the_reader_and_the_answer_comes_first(project):
    """The briefing's text outside web addresses and file names holds no snake_case or model-term name; the claims come before the key numbers."""
    import html
    import re

    from tradebook.publish import labels

    page = (project / "outputs" / "briefing.html").read_text()
    # left out: figures, code-set parameter names, and each figure's data (its tables' codes and the annex's sheet names are the data's own)
    page = re.sub(
        r"<img[^>]*>|<svg.*?</svg>|<style.*?</style>|<script.*?</script>|<code>.*?</code>|<details.*?</details>|<span class=\"data-note\">.*?</span>",
        " ",
        page,
        flags=re.S,
    )
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    assert labels.internal_names(text) == []
    assert not re.search(r"make refresh|seed article|cumulative Oct|\w+ = \[", text)
    body = text[: text.rindex("Appendix A. The claims in full")]
    assert "Rule:" not in body and body.rindex("What the article claims and what the data say") < body.rindex(
        "Key numbers"
    )


def test_a_plain_papermill_call_writes_its_own_scratch_folder_and_the_next_run_reuses_nothing_it_wrote(project, capsys):
    """The issue's command: papermill 02 with partner VNM from notebooks/ left China–Viet Nam totals in outputs/tables."""
    headline = project / "outputs" / "tables" / "02_headline.csv"
    before = headline.read_bytes()
    subprocess.run(
        [sys.executable, "-m", "papermill", "02_trade_structure.ipynb", str(project / "vnm.ipynb"), "-k", "tradebook", "-p", "partner", "VNM"],
        cwd=project / "notebooks", env=kernel_environment(project), check=True, capture_output=True,
    )  # fmt: skip
    assert headline.read_bytes() == before
    scratch = project / "outputs" / "scratch" / "02_trade_structure"
    assert (
        "VNM" in (scratch / "tables" / "02_balance.csv").read_text()
        and (scratch / "figures" / "02_headline.png").exists()
    )
    executed = json.loads((project / "vnm.ipynb").read_text())
    first_output = next(
        cell["outputs"][0] for cell in executed["cells"] if cell["cell_type"] == "code" and cell.get("outputs")
    )
    assert "".join(first_output["text"]).startswith("Scratch run: this kernel was not started by the workbook's runner")
    assert set(outcome(run_lines(capsys, "run", "--no-progress")).values()) == {"reused"}  # nothing in outputs/ changed


def test_jupyterlabs_in_place_execution_with_the_project_kernel_writes_scratch(project):
    tables = project / "outputs" / "tables"
    before = {path.name: path.read_bytes() for path in tables.glob("04_*")}
    subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", "--ExecutePreprocessor.kernel_name=tradebook",
         "04_smes.ipynb"],
        cwd=project / "notebooks", env=kernel_environment(project), check=True, capture_output=True,
    )  # fmt: skip
    assert {path.name: path.read_bytes() for path in tables.glob("04_*")} == before
    assert sorted(p.name for p in (project / "outputs" / "scratch" / "04_smes" / "tables").glob("04_*.csv")) == sorted(
        n for n in before if n.endswith(".csv")
    )


def test_an_output_changed_by_hand_is_not_reused_and_the_briefing_reruns_only_if_what_it_read_changed(project, capsys):
    table = project / "outputs" / "tables" / "03_tci.csv"
    good = table.read_bytes()
    table.write_text("edited by hand\n")
    lines = run_lines(capsys, "run", "--no-progress")
    assert "[ran] 03_complementarity.ipynb (" in "\n".join(
        lines
    ) and "its tables or figures were changed since it ran" in "\n".join(lines)
    # the rerun writes back, byte for byte, the table the briefing read before the edit: the briefing stands
    assert (
        "03_complementarity.ipynb" in ran(lines)
        and "07_briefing.ipynb" not in ran(lines)
        and table.read_bytes() == good
    )


HEADLINE_STEP = "wb.show(sections.headline(wb, answer))"  # notebook 02's headline figure; a caption edited there


def test_run_02_reruns_that_notebook_and_the_briefing_that_reads_it(project, capsys):
    notebook = project / "notebooks" / "02_trade_structure.ipynb"
    content = json.loads(notebook.read_text())
    assert any(HEADLINE_STEP in line for cell in content["cells"] for line in cell["source"])  # the edit lands
    for cell in content["cells"]:
        cell["source"] = [
            line.replace(HEADLINE_STEP, HEADLINE_STEP[:-1] + ', caption="EDITED Total trade.")')
            for line in cell["source"]
        ]
    notebook.write_text(json.dumps(content))
    assert ran(run_lines(capsys, "run", "02", "--no-progress")) == {"02_trade_structure.ipynb", "07_briefing.ipynb"}
    assert "EDITED Total trade" in (project / "outputs" / "briefing.html").read_text()


def test_make_briefing_rebuilds_when_any_input_of_the_briefing_changed(project, capsys):
    run_lines(capsys, "run", "--no-progress")  # whatever the tests before left stale
    assert ran(run_lines(capsys, "briefing")) == set()
    caption = project / "outputs" / "figures" / "02_headline.json"
    meta = json.loads(caption.read_text())
    caption.write_text(json.dumps({**meta, "caption": "A caption changed by hand"}))
    lines = run_lines(capsys, "briefing")  # as `make run` does: the notebook that wrote it writes it again
    assert ran(lines) == {
        "02_trade_structure.ipynb"
    } and "its tables or figures were changed since it ran" in "\n".join(lines)
    assert "A caption changed by hand" not in caption.read_text()
    notebook = project / "notebooks" / "02_trade_structure.ipynb"
    content = json.loads(notebook.read_text())
    # the step as this module's tests leave it (an earlier test may have edited its caption)
    assert any(HEADLINE_STEP[:-1] in line for cell in content["cells"] for line in cell["source"])  # the edit lands
    for cell in content["cells"]:
        cell["source"] = [
            re.sub(
                r"wb\.show\(sections\.headline\(wb, answer\).*\)",
                f'{HEADLINE_STEP[:-1]}, caption="CHANGED Total trade.")',
                line,
            )
            for line in cell["source"]
        ]
    notebook.write_text(json.dumps(content))
    assert ran(run_lines(capsys, "briefing")) == {"02_trade_structure.ipynb", "07_briefing.ipynb"}
    assert "CHANGED Total trade" in (project / "outputs" / "briefing.html").read_text()


def test_a_parameter_file_of_one_notebook_runs_into_its_own_folder(project, capsys):
    """The README's example set (01 alone, China–Viet Nam) replaced 01's tables under an ASEAN-10 briefing."""
    before = (project / "outputs" / "tables" / "01_data_vintage.csv").read_bytes()
    params = project / "vietnam.yaml"
    params.write_text(
        "notebooks: [01_load_data.ipynb]\nparameters: {reporter: CHN, partner: VNM, year_start: 2015, year_end: 2024}\n"
    )
    assert cli.main(["run", "--params", str(params), "--no-progress"]) == 0
    said = capsys.readouterr()
    own = project / "outputs" / "vietnam"
    assert f"this run writes into {own}" in said.err and said.out.strip() == str(
        own / "notebooks" / "01_load_data.ipynb"
    )  # no briefing it did not make
    assert (own / "tables" / "01_data_vintage.csv").exists() and not (own / "briefing.html").exists()
    assert (project / "outputs" / "tables" / "01_data_vintage.csv").read_bytes() == before


def test_run_stops_on_a_notebook_it_does_not_know(project, capsys):
    assert cli.main(["run", "09"]) == 1
    assert capsys.readouterr().err.startswith(
        "error: '09' names no notebook: give a number such as 02 or a file name from ['01_load_data.ipynb'"
    )
