"""The notebooks read like lectures: short cells, no helpers or claim rules defined in them, no numbers typed in prose."""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
MAX_CELL_LINES = 25
MAX_LINE_CHARS = 100
CODE_LINE_BUDGET = 450  # all notebooks together; the logic lives in tradebook.questions, tested there


def code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [("".join(c["source"]), c.get("metadata", {}).get("tags", [])) for c in cells if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short(path):
    long = [
        source.splitlines()[0]
        for source, tags in code_cells(path)
        if "parameters" not in tags and len(source.splitlines()) > MAX_CELL_LINES
    ]
    assert not long, f"{path.name}: cells over {MAX_CELL_LINES} lines start with {long}"


def code_lines(path):
    """The lines of a notebook's code cells that are code: neither blank nor a comment (the parameters cell included)."""
    return [
        line
        for source, _ in code_cells(path)
        for line in source.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_notebook_code_stays_within_its_budget_and_its_lines_stay_short():
    per_notebook = {path.name: len(code_lines(path)) for path in NOTEBOOKS}
    assert sum(per_notebook.values()) < CODE_LINE_BUDGET, (
        f"notebook code over {CODE_LINE_BUDGET} lines: move the steps into tradebook.questions ({per_notebook})"
    )
    long = [
        (path.name, line)
        for path in NOTEBOOKS
        for source, _ in code_cells(path)
        for line in source.splitlines()
        if len(line) > MAX_LINE_CHARS
    ]
    assert not long, f"code lines over {MAX_LINE_CHARS} characters: {long[:3]}"


SCOPE_TEST = re.compile(
    r"^\s*(if|elif)\b.*(china_with_asean|\breporter\s*[=!]=|\bpartner\s*[=!]=|\"[A-Z]{3}\"\s+(not\s+)?in\b|in\s+(wb\.)?members\b)",
    re.M,
)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_branches_on_the_runs_scope(path):
    """Whether the run is China with ASEAN, one member or another reporter is decided in the question modules; a notebook shows what they say."""
    branches = [match.group(0).strip() for source, _ in code_cells(path) for match in SCOPE_TEST.finditer(source)]
    assert not branches, f"{path.name} branches on the run's scope: {branches}"
    assert SCOPE_TEST.search("if wb.china_with_asean:\n") and SCOPE_TEST.search(
        'if "MYS" in members:\n'
    )  # the pattern catches both forms


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_function_or_rule_is_defined_in_a_notebook(path):
    for source, _ in code_cells(path):
        # helpers belong in the package: no function defined here, none bound to a name (an inline lambda in .assign is fine)
        assert not re.search(r"^\s*def |^\s*\w+ = lambda", source, flags=re.M), source.splitlines()[0]
        # a verdict comes from the claim's rule in tradebook.claims, or is a stated "not testable/evaluated"
        for verdict in re.findall(r"claims\.Verdict\.(\w+)", source):
            assert verdict in {"NOT_TESTABLE", "NOT_EVALUATED"}, (path.name, verdict)


def test_every_ledger_claim_is_recorded_by_the_notebook_the_ledger_names():
    from tradebook.themes import claims

    questions = Path(__file__).resolve().parents[1] / "src" / "tradebook" / "questions"
    for row in claims.ledger().itertuples():
        source = "\n".join(s for s, _ in code_cells(NOTEBOOKS[0].with_name(f"{row.notebook}.ipynb")))
        assert f'wb.record("{row.claim_id}"' in source, row.claim_id
        answered_by = re.findall(
            r"from tradebook\.questions import (\w+)", source
        )  # the notebook's question module, if it has one
        judged = source + "".join((questions / f"{module}.py").read_text() for module in answered_by)
        assert f"claims.c{row.claim_id[1:]}_" in judged, f"{row.claim_id}'s verdict must come from its rule function"


CITATION_YEAR = re.compile(
    r"\b[A-Z][a-z]+,? (?:et al\.,? )?(?:19|20)\d\d\)"
)  # "(… and Larch, 2016)": a reference, not data


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_year_is_typed_in_prose(path):
    """A year in a Markdown cell is data typed by hand (it goes stale with the next refresh): prose names sources, the code prints years."""
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = CITATION_YEAR.sub("", "".join(cell["source"]))
        years = re.findall(r"\b(?:19|20)\d\d\b", text)
        assert not years, f"{path.name}: year(s) {years} typed in: {text[:80]!r}"


def test_parameter_defaults_have_one_source():
    """Every notebook's parameters cell agrees with notebooks/params/default.yaml on the parameters both name."""
    import papermill
    import yaml

    defaults = yaml.safe_load((NOTEBOOKS[0].parent / "params" / "default.yaml").read_text())["parameters"]
    for path in NOTEBOOKS:
        declared = {
            name: ast.literal_eval(spec["default"]) for name, spec in papermill.inspect_notebook(str(path)).items()
        }
        differs = {
            name: (declared[name], value)
            for name, value in defaults.items()
            if name in declared and declared[name] != value
        }
        assert not differs, f"{path.name}: parameters cell and default.yaml differ on {differs}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_each_notebook_is_paired_with_its_myst_markdown_in_step(path):
    """The .md (MyST, jupytext) is what a reviewer diffs: it must hold the notebook's cells, in order, unchanged."""
    import jupytext

    assert json.loads(path.read_text())["metadata"]["jupytext"]["formats"] == "ipynb,md:myst"
    paired = jupytext.read(path.with_suffix(".md"))
    notebook = json.loads(path.read_text())
    assert [(c.cell_type, c.source.rstrip()) for c in paired.cells] == [
        (c["cell_type"], "".join(c["source"]).rstrip()) for c in notebook["cells"]
    ], f"{path.with_suffix('.md').name} is out of step: run .venv/bin/jupytext --sync {path}"


def test_every_declared_table_is_saved_by_the_notebook_it_names():
    """A table renamed in its notebook fails here, not in the briefing (``shared_tables``); readers never type a table's name."""
    from tradebook import shared_tables

    root = Path(__file__).resolve().parents[1]
    constants = {
        table.name: constant
        for constant, table in vars(shared_tables).items()
        if isinstance(table, shared_tables.Table)
    }
    for table in shared_tables.DECLARED.values():
        source = "\n".join(cell for cell, _ in code_cells(root / "notebooks" / f"{table.notebook}.ipynb"))
        # saved by the notebook by name, or by a section its question module builds (keyed by the declaration)
        modules = re.findall(r"from tradebook\.questions import (\w+)", source)  # one module per import line
        built = "\n".join((root / "src" / "tradebook" / "questions" / f"{module}.py").read_text() for module in modules)
        in_section = f"shared_tables.{constants[table.name]}:" in built and re.search(r"wb\.show\(", source)
        assert re.search(rf'wb\.save\([^\n]*"{table.name}"', source) or in_section, (
            f"{table.notebook} saves no table {table.name!r}"
        )
    typed = re.compile(r'"0[1-6]_[a-z0-9_]+"')
    briefing_code = "\n".join(cell for cell, _ in code_cells(root / "notebooks" / "07_briefing.ipynb"))
    assert not typed.findall(briefing_code) and not typed.findall(
        (root / "src" / "tradebook" / "themes" / "findings.py").read_text()
    )
