"""An outputs folder that never mixes two runs: one writer at a time, staged, switched all or nothing.

A run holds the folder's lock (``locks.exclusive``: ``flock`` on the folder itself, released by
the kernel if the process dies, no lock file left behind), copies the folder's current contents
to ``<outputs>/.staging-<id>/``, writes there, and only when everything succeeded switches each
entry into place (``promote``). The switch is all or nothing: a journal names what it is about to
move, every old entry is moved aside before any new one goes in, and a failure puts the old ones
back; a switch cut short (the process killed) is undone by the next run into the folder
(``recover``) before anything else. A run that fails or is killed leaves the previous outputs
whole; the next run removes its stray staging folder. A run never writes into a folder inside
another run's notebooks, figures or tables (the other run would replace it), nor holds one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tradebook import atomic, config, language, locks
from tradebook.errors import ParameterError, TradebookError

STAGING_PREFIX = locks.STAGING_PREFIX
JOURNAL = ".promotion.json"  # present only while a run switches its entries into place
# what a run writes; anything else in the folder (batch/, bench/ …) is left alone
PRODUCTS = ("briefing.html", "briefing.pdf", "annex.xlsx")  # the reader's files, English names (``products``)
RUN_FOLDERS = ("notebooks", "figures", "tables")
RUN_ENTRIES = RUN_FOLDERS + tuple(
    language.suffixed(name, code) for code in language.LANGUAGES for name in PRODUCTS
)  # a run writes one edition's products; the other edition's names are cleared with them (a folder holds one run)


def products(code: str) -> dict[str, str]:
    """The file names of edition ``code``'s briefing, PDF and annex: {"html": "briefing.zh-Hans.html", …}."""
    return {kind: language.suffixed(name, code) for kind, name in zip(("html", "pdf", "annex"), PRODUCTS, strict=True)}


# the project's own files and folders: an outputs folder may be none of them and hold none of them
PROJECT_ENTRIES = (
    ".git", ".ci", "src", "notebooks", "tests", "benchmarks", "data/raw", "data/reference",
    "Makefile", "README.md", "pyproject.toml", "environment.yml", "requirements.txt", "requirements.lock",
)  # fmt: skip


def _tracked_inside(root: Path, project: Path) -> str | None:
    """A file or folder of the project that is ``root``, lies inside it or holds it (git's tracked files where git knows them)."""
    for entry in PROJECT_ENTRIES:
        path = (project / entry).resolve()
        if path == root or root in path.parents or path in root.parents:
            return entry
    if (project / ".git").exists() and (root == project or project in root.parents):
        listed = subprocess.run(
            ["git", "-C", str(project), "ls-files", "--", str(root.relative_to(project))],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        if listed:
            return listed[0]
    return None


def checked_root(root: Path) -> Path:
    """``root`` resolved, created if needed; one line if it is a file, not writable, holds the project's own files,
    or lies inside (or holds) another run's notebooks, figures or tables.

    Writing a run's ``notebooks/``, ``figures/`` and ``tables/`` into the project root (or any
    folder holding a tracked file) would overwrite the project's notebooks, so it is refused. A
    run folder inside another's ``notebooks/`` would be deleted when that one switches its
    outputs into place, so that is refused too, from either side.
    """
    root = Path(root).resolve()
    tracked = _tracked_inside(root, config.paths().root.resolve())
    if tracked:
        raise ParameterError(
            f"--output-dir {root} is or holds the project's own {tracked}: a run would overwrite it; give an empty or new folder, e.g. outputs/mine"
        )
    if root.exists() and not root.is_dir():
        raise ParameterError(f"--output-dir {root} is a file, not a folder: give a folder path")
    enclosing = _enclosing_run(root)
    if enclosing:
        raise ParameterError(
            f"--output-dir {root} lies inside {enclosing}, which every run into that folder replaces: give a folder beside it, e.g. outputs/mine"
        )
    nested = _nested_runs(root)
    if nested:
        raise ParameterError(
            f"--output-dir {root} holds another run's outputs in {nested[0]}, which this run would replace: move them out first"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ParameterError(
            f"--output-dir {root} cannot be created ({error.strerror}): choose a folder you can write to"
        ) from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ParameterError(f"--output-dir {root} is not writable: choose a folder you can write to")
    return root


def _enclosing_run(root: Path) -> Path | None:
    """The run entry (``<run folder>/notebooks`` …, or its staging folder) that ``root`` lies inside, if any."""
    for folder in root.parents:
        inside = root.relative_to(folder).parts[0]
        if (inside in RUN_FOLDERS or inside.startswith(STAGING_PREFIX)) and locks.is_run_folder(folder):
            return folder / inside
    return None


def _nested_runs(root: Path) -> list[Path]:
    """Run folders inside ``root``'s own notebooks, figures or tables (each would be replaced with them)."""
    found = []
    for name in RUN_FOLDERS:
        entry = root / name
        if entry.is_dir() and not entry.is_symlink():
            found += [path.parent.parent for path in entry.rglob("notebooks/.*.stamp")]
            found += (
                [path for path in entry.rglob("*") if path.is_dir() and locks.held(path)] if locks.any_held() else []
            )
    return sorted(set(found))


class BusyError(TradebookError):
    """Another run is writing to the same outputs folder (or to one nested in it)."""


@contextmanager
def lock(root: Path) -> Iterator[None]:
    """Hold the folder's lock for the duration, or stop at once naming the run that holds it (or a run nested with it).

    On taking the lock, a switch that a killed run left unfinished is undone (``recover``) and
    stray staging folders are removed.
    """
    root = Path(root)
    try:
        with locks.exclusive(root):
            enclosing, nested = _enclosing_run(root.resolve()), _nested_runs(root.resolve())
            if enclosing or nested:
                other = enclosing or nested[0]
                raise BusyError(
                    f"another run is writing to {other}, which holds or lies inside {root}: wait for it to finish, or choose a folder beside it"
                )
            recover(root)
            for stray in root.glob(f"{STAGING_PREFIX}*"):  # left by a run that was killed
                shutil.rmtree(stray, ignore_errors=True)
            for stray in (root / "notebooks").glob(".*.running.ipynb"):
                stray.unlink(missing_ok=True)
            yield
    except locks.FolderBusy as busy:
        raise BusyError(
            f"another run is writing to {root} ({busy}): wait for it to finish, or give this run its own --output-dir"
        ) from None


@contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A private copy of ``root``'s outputs to write into; removed afterwards whatever happens."""
    stage = Path(root) / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    try:
        try:
            for entry in _entries(root):
                target = stage / entry.name
                shutil.copytree(entry, target) if entry.is_dir() else shutil.copy2(entry, target)
        except (OSError, shutil.Error) as error:
            reason = (
                error.args[0][0][2]
                if isinstance(error, shutil.Error) and error.args and error.args[0]
                else getattr(error, "strerror", None) or error
            )
            raise TradebookError(
                f"cannot copy the outputs of {root} to work on ({reason}): free space or fix the folder's permissions and run again; the outputs there are unchanged"
            ) from None
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def clear_products(stage: Path, notebook: str) -> None:
    """Remove what ``notebook`` wrote in an earlier run (``figures/NN_*``, ``tables/NN_*``) before it runs again.

    A figure that does not apply to this run (a member-share chart for one partner) must not
    survive from a run with other parameters.
    """
    prefix = notebook[:3]  # "02_"
    for folder in ("figures", "tables"):
        for path in (Path(stage) / folder).glob(f"{prefix}*"):
            path.unlink()


def promote(stage: Path, root: Path) -> None:
    """Make ``root``'s run entries exactly ``stage``'s, all or nothing.

    The journal (``.promotion.json``) is written first; then every old entry is moved into a
    backup folder, then every new one into place. A failure at any step puts everything back
    and stops with one line (the previous outputs whole); a process killed meanwhile leaves the
    journal, and the next run's ``recover`` puts everything back. An entry the run removed (a
    PDF that could not be printed) is removed from ``root`` too, so the briefing, its PDF and
    its annex always come from the same run.
    """
    root, stage = Path(root), Path(stage)
    backup = root / f"{STAGING_PREFIX}old-{uuid.uuid4().hex[:6]}"
    before = [entry.name for entry in _entries(root)]
    atomic.write_text(json.dumps({"backup": backup.name, "before": before}), root / JOURNAL)
    backup.mkdir()
    try:
        for name in before:
            os.replace(root / name, backup / name)
        for entry in _entries(stage):
            os.replace(entry, root / entry.name)
    except OSError as error:
        recover(root)
        raise TradebookError(
            f"cannot replace {error.filename or root} ({error.strerror}): the previous outputs in {root} are kept whole; "
            "make the folder and its entries writable (chmod u+w, chattr -i) and run again"
        ) from None
    (root / JOURNAL).unlink()
    shutil.rmtree(backup, ignore_errors=True)


def recover(root: Path) -> bool:
    """Undo a switch of entries that did not finish (a journal is left): the previous entries back, the new ones removed.

    Returns True if there was something to undo. Called by ``lock`` before a run starts and by
    ``promote`` when a move fails.
    """
    journal = Path(root) / JOURNAL
    if not journal.exists():
        return False
    recorded = json.loads(journal.read_text())
    backup = Path(root) / recorded["backup"]
    for name in RUN_ENTRIES:
        current, saved = Path(root) / name, backup / name
        if saved.exists() or name not in recorded["before"]:
            if current.is_dir() and not current.is_symlink():
                shutil.rmtree(current)
            else:
                current.unlink(missing_ok=True)
        if saved.exists():
            os.replace(saved, current)
    journal.unlink()
    shutil.rmtree(backup, ignore_errors=True)
    return True


def _entries(folder: Path) -> list[Path]:
    """The run entries present in ``folder``; one line if one is a symbolic link (a run replaces them, and never writes through a link)."""
    found = []
    for name in RUN_ENTRIES:
        path = Path(folder) / name
        if path.is_symlink():
            raise TradebookError(
                f"{path} is a symbolic link: a run replaces this entry and never writes through a link; remove the link and run again"
            )
        if path.exists():
            found.append(path)
    return found
