"""Keep committed notebooks free of outputs, except the cells nbval checks.

A code cell whose source contains ``# NBVAL_CHECK_OUTPUT`` keeps its outputs and execution
count: they are the reference nbval compares a fresh run against. ``record`` copies those outputs from an executed
copy (outputs/notebooks/<name>) after the source cells are matched one to one. ``last_seconds`` reads how
long an executed copy took, which orders the next run.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from tradebook import atomic, config
from tradebook.errors import TradebookError

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"


def is_checked(cell) -> bool:
    """True for a code cell whose outputs nbval compares."""
    return cell.cell_type == "code" and CHECK_MARK in cell.source


def strip(path: Path, *, record_from: Path | None = None) -> bool:
    """Clear outputs and counts of ``path`` (checked cells excepted); return True if it changed.

    With ``record_from`` (an executed copy of the same notebook), the checked cells take the
    outputs of the matching cells of that copy.
    """
    original = Path(path).read_text(encoding="utf-8")
    notebook = nbformat.reads(original, as_version=4)
    executed = None
    if record_from is not None:
        executed = nbformat.read(record_from, as_version=4)
        executed.cells = [c for c in executed.cells if "injected-parameters" not in c.metadata.get("tags", [])]
        if [c.source for c in executed.cells] != [c.source for c in notebook.cells]:
            raise TradebookError(f"{record_from} was executed from a different version of {path}: run `make run` again")
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        if not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
        elif executed is not None:
            # nbval compares only cells that were run, so a checked cell keeps its count
            cell.outputs = executed.cells[index].outputs
            cell.execution_count = executed.cells[index].execution_count
    notebook.metadata.pop("papermill", None)
    text = nbformat.writes(notebook) + "\n"
    if text == original:
        return False
    atomic.write_text(text, Path(path))
    return True


def strip_all(*, record: bool = False) -> list[Path]:
    """Strip every notebook in notebooks/; with ``record``, take checked outputs from outputs/notebooks."""
    changed = []
    for path in sorted(config.paths().notebooks.glob("*.ipynb")):
        source = config.paths().executed / path.name if record else None
        if source is not None and not source.exists():
            raise TradebookError(f"{source} does not exist: run `make run` before recording checked outputs")
        if strip(path, record_from=source):
            changed.append(path)
    return changed


def declarations(notebook: Path) -> dict:
    """What a notebook declares to the runner: its metadata's ``"tradebook"`` mapping (``reads``, ``expected_seconds``)."""
    return read_json(notebook).get("metadata", {}).get("tradebook", {})


CONFLICT_MARKERS = ("<<<<<<< ", "=======\n", ">>>>>>> ")


def read_json(notebook: Path) -> dict:
    """A notebook file as JSON, or one line naming what is wrong with it (merge-conflict markers, cut short, not a notebook)."""
    shown = f"notebooks/{notebook.name}"
    try:
        text = notebook.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TradebookError(f"{shown} is not a text file: restore it with `git checkout -- {shown}`") from None
    lines = text.splitlines(keepends=True)
    conflict = next((n for n, line in enumerate(lines, 1) if line.startswith(CONFLICT_MARKERS)), None)
    if conflict is not None:
        raise TradebookError(
            f"{shown} holds merge-conflict markers (line {conflict}): resolve the conflict (`nbdime mergetool`) or restore it"
        )
    try:
        notebook_json = json.loads(text)
    except json.JSONDecodeError as error:
        raise TradebookError(
            f"{shown} is not valid notebook JSON ({error.msg} at line {error.lineno}; cut short?): restore it with `git checkout -- {shown}`"
        ) from None
    if not isinstance(notebook_json, dict) or not isinstance(notebook_json.get("cells"), list):
        raise TradebookError(f"{shown} is not a notebook (no list of cells): restore it with `git checkout -- {shown}`")
    return notebook_json


def check_runnable(notebook: Path) -> None:
    """Stop with one line before a run if ``notebook`` cannot be run as the runner runs it.

    It must be a readable notebook, have a cell tagged ``parameters`` (without it papermill
    records and injects nothing, and the notebook runs with its own defaults whatever the
    run's parameters), and agree with its MyST Markdown twin where one exists (``paired_text_differs``).
    """
    cells = read_json(notebook)["cells"]
    if not any("parameters" in (cell.get("metadata", {}).get("tags") or []) for cell in cells):
        raise TradebookError(
            f"notebooks/{notebook.name} has no cell tagged 'parameters': it would run with its own defaults whatever the run's parameters; "
            "tag the cell that sets reporter, partner and the years (JupyterLab: the cell's property inspector → Cell Tags)"
        )
    newer = paired_text_differs(notebook)
    if newer:
        raise TradebookError(
            f"notebooks/{notebook.name} and its paired notebooks/{notebook.stem}.md hold different cells (the .md was edited last): "
            f"sync them with `jupytext --sync notebooks/{newer}` (the newer file wins), then run again"
        )


SYNC_SECONDS = 2.0


def paired_text_differs(notebook: Path) -> str | None:
    """The Markdown twin's name when it was edited after ``notebook`` (jupytext's ``.md``) and holds other cells, else None.

    The cells are compared only when the Markdown file was changed after the notebook (by more
    than ``SYNC_SECONDS``, the time a sync or a checkout takes to write both): a notebook newer
    than its twin is what JupyterLab saves and the runner runs. Without jupytext installed (a
    runtime-only environment) the pair cannot be read and is not checked.
    """
    twin = notebook.with_suffix(".md")
    if not twin.exists() or twin.stat().st_mtime <= notebook.stat().st_mtime + SYNC_SECONDS:
        return None
    try:
        import jupytext
    except ImportError:
        return None
    try:
        text_cells = [(cell.cell_type, cell.source.strip()) for cell in jupytext.read(twin).cells]
    except Exception:  # noqa: BLE001 - a Markdown twin jupytext cannot parse differs by definition
        text_cells = None
    notebook_cells = [(cell["cell_type"], "".join(cell["source"]).strip()) for cell in read_json(notebook)["cells"]]
    return None if text_cells == notebook_cells else twin.name


def declared_seconds(notebooks: list[Path]) -> dict[str, float]:
    """Each notebook's expected time as it declares it (``"tradebook": {"expected_seconds": ...}``, seconds).

    A cold run's time on the two-core development machine (`make bench`), kept in the notebook so
    that a first run, with no earlier run to time, still starts the long notebooks first; it only
    orders the start (``scheduler.critical_path``) and changes no output. Notebooks that declare
    nothing are left out.
    """
    found: dict[str, float] = {}
    for notebook in notebooks:
        seconds = declarations(notebook).get("expected_seconds")
        if isinstance(seconds, int | float):
            found[notebook.name] = float(seconds)
    return found


def last_seconds(folders: list[Path], names: list[str]) -> dict[str, float]:
    """How long each notebook took when it last ran (papermill's ``metadata.papermill.duration``, seconds),
    from the first of ``folders`` (executed-notebook folders) that holds it; notebooks never run are left out."""
    found: dict[str, float] = {}
    for name in names:
        for folder in folders:
            try:
                seconds = json.loads((Path(folder) / name).read_text())["metadata"]["papermill"]["duration"]
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not run there, half-written, or not executed by papermill
            if isinstance(seconds, int | float):
                found[name] = float(seconds)
                break
    return found
