"""The README's map of the briefing ("Where each part of the briefing comes from") matches the notebooks and the package:
every cell it cites is at that place with that id, every function it names exists, every section it lists is a heading."""

import importlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELLS = re.compile(r"(\d\d) · ([\d, ]+) \(([^)]*)\)")


def map_rows() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    table = text[text.index("### Where each part of the briefing comes from") :].split("\n\n")[2]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]


def resolves(dotted: str) -> bool:
    """``questions.evidence.answer`` names ``answer`` in ``tradebook.questions.evidence`` (or a module of that name)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module("tradebook." + ".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_the_readme_map_cites_cells_and_functions_that_exist():
    rows = map_rows()
    assert len(rows) >= 10
    cited = 0
    for section, _, where, functions in rows:
        for notebook, numbers, ids in CELLS.findall(where):
            path = next((ROOT / "notebooks").glob(f"{notebook}_*.ipynb"))
            cells = json.loads(path.read_text())["cells"]
            for number, cell_id in zip(numbers.split(","), re.findall(r"`([0-9a-f]{8})`", ids), strict=True):
                assert cells[int(number)]["id"] == cell_id, (section, path.name, number, cell_id)
                cited += 1
        for dotted in re.findall(
            r"`((?:questions|themes|flows|publish|sources|indicators|runner)\.[\w.]+)`", functions
        ):
            assert resolves(dotted), (section, dotted)
    assert cited >= 20


def test_every_section_in_the_map_is_a_heading_of_the_briefing():
    briefing = (ROOT / "notebooks" / "07_briefing.md").read_text()
    page = (ROOT / "src" / "tradebook" / "publish" / "page.py").read_text()
    # the chapters' headings: those the notebook passes to page.heading and page.section, and the appendix helpers' own
    headings = set(re.findall(r'(?:heading\(|section\()"([^"]+)"', briefing)) | set(
        re.findall(r'marked\("(Appendix [^"]+)"\)', page)
    )
    for section, *_ in map_rows():
        if section.startswith("Sources;"):
            continue  # the parameters section is added by the export (front_matter.parameters_section)
        assert any(heading.startswith(section) for heading in headings), section
