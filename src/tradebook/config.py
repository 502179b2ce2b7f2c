"""Every path the project uses, as one value: ``paths()``. Nothing else spells a path.

The project root can be moved with the ``TRADEBOOK_ROOT`` environment variable (tests), and
the outputs folder with ``TRADEBOOK_OUTPUTS`` (the runner sets it so that a run's figures and
tables land beside its executed notebooks, e.g. one folder per member in a batch). Both are
read on every call, so a kernel started by the runner and the runner itself agree, and a test
isolates itself by setting the two variables and nothing else. A kernel without
``TRADEBOOK_OUTPUTS`` (JupyterLab, a plain papermill call) reads the last run's outputs but
writes into a scratch folder of its own (``Paths.scratch``, ``publish.sink``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tradebook.errors import TradebookError

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
BRIEFING_NOTEBOOK = "07_briefing.ipynb"  # the notebook that reads every other one and writes the briefing


@dataclass(frozen=True)
class Paths:
    """The project's folders and files, from its root and its outputs folder."""

    root: Path
    outputs: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        """Real source files, read-only."""
        return self.data / "raw"

    @property
    def raw_manifest(self) -> Path:
        """One row per raw file, with sha256."""
        return self.raw / "MANIFEST.csv"

    @property
    def reference(self) -> Path:
        """Small hand-kept tables with sources."""
        return self.data / "reference"

    @property
    def processed(self) -> Path:
        """Rebuilt by the pipeline; safe to delete."""
        return self.data / "processed"

    @property
    def flows_parquet(self) -> Path:
        return self.processed / "flows.parquet"

    @property
    def external(self) -> Path:
        """Live downloads (Comtrade, BACI), cached."""
        return self.data / "external"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def params(self) -> Path:
        return self.notebooks / "params"

    @property
    def default_params(self) -> Path:
        return self.params / "default.yaml"

    @property
    def figures(self) -> Path:
        return self.outputs / "figures"

    @property
    def tables(self) -> Path:
        return self.outputs / "tables"

    @property
    def executed(self) -> Path:
        """Executed notebooks of the run."""
        return self.outputs / "notebooks"

    def scratch(self, notebook: str) -> Path:
        """Where a kernel the runner did not start writes ``notebook``'s outputs (``publish.sink``)."""
        return self.outputs / "scratch" / notebook


def paths() -> Paths:
    """The paths in force now (``TRADEBOOK_ROOT``, ``TRADEBOOK_OUTPUTS``, else the checkout and its outputs/)."""
    root = Path(os.environ.get("TRADEBOOK_ROOT", _PACKAGE_ROOT))
    return Paths(root=root, outputs=Path(os.environ.get("TRADEBOOK_OUTPUTS", root / "outputs")))


def inside(folder: Path, relative: str, *, listed_in: str) -> Path:
    """``folder / relative``, or one line if the path read from ``listed_in`` (a manifest) leads outside ``folder``.

    A manifest row names a file by a path relative to its folder; ``../../README.md`` or an
    absolute path would make a loader read, or a refresh delete, a file that is not the folder's.
    """
    path = Path(folder) / relative
    if not relative or Path(relative).is_absolute() or not path.resolve().is_relative_to(Path(folder).resolve()):
        raise TradebookError(
            f"{listed_in} names {relative!r}, which lies outside {folder}: a manifest path must be relative and inside its folder; fix that row"
        )
    return path


def code_root() -> Path:
    """The checkout the package runs from (its CITATION.cff and git commit), whatever ``TRADEBOOK_ROOT`` points the data at."""
    return _PACKAGE_ROOT


def run_outputs() -> Path | None:
    """The outputs folder a runner (or a test) named for this process and its kernels, or None (a kernel on its own)."""
    named = os.environ.get("TRADEBOOK_OUTPUTS")
    return Path(named) if named else None


@contextmanager
def _environment(name: str, value: str) -> Iterator[str]:
    """Set the environment variable ``name`` for a while (kernels started meanwhile inherit it), then restore it."""
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield value
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


@contextmanager
def outputs_at(root: Path) -> Iterator[Path]:
    """Send this process's outputs (and those of kernels it starts) to ``root`` for a while."""
    root = Path(root).resolve()
    with _environment("TRADEBOOK_OUTPUTS", str(root)):
        yield root


def formats() -> list[str]:
    """The figure formats a run writes (``TRADEBOOK_FIGURE_FORMATS``, e.g. "png,svg,pdf"); PNG and SVG by default, which the
    briefing embeds (SVG on screen, PNG on paper)."""
    return [f for f in os.environ.get("TRADEBOOK_FIGURE_FORMATS", "png,svg").split(",") if f]


@contextmanager
def figure_formats(names: list[str]) -> Iterator[list[str]]:
    """Write figures in ``names`` (PNG and SVG always among them) in this process and the kernels it starts, for a while."""
    with _environment("TRADEBOOK_FIGURE_FORMATS", ",".join(names)):
        yield names
