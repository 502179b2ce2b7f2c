"""An outputs folder that never mixes two runs: one writer at a time, staged, switched at the end.

A run takes ``<outputs>/outputs.lock`` (``fcntl.flock``; released by the kernel if the process
dies), copies the folder's current contents to ``<outputs>/.staging-<id>/``, writes there, and
only when everything succeeded moves each entry into place (``promote``). A run that fails or
is killed leaves the previous outputs untouched; the next run removes its stray staging folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from tradebook import config
from tradebook.errors import ParameterError, TradebookError

LOCK_NAME = "outputs.lock"
STAGING_PREFIX = ".staging-"
# what a run writes; anything else in the folder (batch/, bench/ …) is left alone
RUN_ENTRIES = ("notebooks", "figures", "tables", "briefing.html", "briefing.pdf", "annex.xlsx")


class BusyError(TradebookError):
    """Another run is writing to the same outputs folder."""


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
            ["git", "-C", str(project), "ls-files", "--", str(root.relative_to(project))], capture_output=True, text=True, check=False
        ).stdout.split()
        if listed:
            return listed[0]
    return None


def checked_root(root: Path) -> Path:
    """``root`` resolved, created if needed; one line if it is a file, not writable, or holds the project's own files.

    Writing a run's ``notebooks/``, ``figures/`` and ``tables/`` into the project root (or any
    folder holding a tracked file) would overwrite the project's notebooks, so it is refused.
    """
    root = Path(root).resolve()
    tracked = _tracked_inside(root, config.paths().root.resolve())
    if tracked:
        raise ParameterError(
            f"--output-dir {root} is or holds the project's own {tracked}: a run would overwrite it; give an empty or new folder, e.g. outputs/mine"
        )
    if root.exists() and not root.is_dir():
        raise ParameterError(f"--output-dir {root} is a file, not a folder: give a folder path")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ParameterError(f"--output-dir {root} cannot be created ({error.strerror}): choose a folder you can write to") from None
    if not os.access(root, os.W_OK | os.X_OK):
        raise ParameterError(f"--output-dir {root} is not writable: choose a folder you can write to")
    return root


@contextmanager
def lock(root: Path, what: str) -> Iterator[None]:
    """Hold the folder's lock for the duration, or stop at once naming the run that holds it."""
    path = Path(root) / LOCK_NAME
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BusyError(f"another run is writing to {root} ({holder}): wait for it to finish, or give this run its own --output-dir") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, {what}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC")
        handle.flush()
        for stray in Path(root).glob(f"{STAGING_PREFIX}*"):  # left by a run that was killed
            shutil.rmtree(stray, ignore_errors=True)
        for stray in (Path(root) / "notebooks").glob(".*.running.ipynb"):
            stray.unlink(missing_ok=True)
        yield
    finally:
        handle.truncate(0)
        handle.close()  # closing releases the lock


@contextmanager
def staging(root: Path) -> Iterator[Path]:
    """A private copy of ``root``'s outputs to write into; removed afterwards whatever happens."""
    stage = Path(root) / f"{STAGING_PREFIX}{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    try:
        for entry in _entries(root):
            target = stage / entry.name
            shutil.copytree(entry, target) if entry.is_dir() else shutil.copy2(entry, target)
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
    """Make ``root``'s run entries exactly ``stage``'s: each moved into place, the old one removed.

    An entry the run removed (a PDF that could not be printed) is removed from ``root`` too, so
    the briefing, its PDF and its annex always come from the same run.
    """
    staged = {entry.name for entry in _entries(stage)}
    for name in RUN_ENTRIES:
        source, target = Path(stage) / name, Path(root) / name
        if name not in staged:
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        elif source.is_dir() and target.exists():
            old = Path(root) / f"{STAGING_PREFIX}old-{name}-{uuid.uuid4().hex[:6]}"
            os.replace(target, old)
            os.replace(source, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(source, target)


def _entries(folder: Path) -> list[Path]:
    return [Path(folder) / name for name in RUN_ENTRIES if (Path(folder) / name).exists()]
