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
    return json.loads(notebook.read_text()).get("metadata", {}).get("tradebook", {})


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
