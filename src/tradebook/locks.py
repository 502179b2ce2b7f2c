"""Folder locks that leave no file behind: ``flock`` on the folder itself.

A run holds an exclusive lock on its outputs folder (``runner.outputs.lock``) and a notebook
that records a claim holds one on its tables folder (``themes.claims.record``). The lock is taken
on the folder's own descriptor, so there is no lock file to leave in a folder readers receive, to
follow through a symbolic link, or to find replaced by a folder. The kernel releases it when
the process ends, however it ends.

``holder`` names the process that holds a folder's lock and ``held`` tells whether one does,
both from the kernel's table of locks (``/proc/locks``), without taking the lock: a check never
makes a starting run fail.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tradebook.errors import TradebookError

PROC_LOCKS = Path("/proc/locks")
STAGING_PREFIX = ".staging-"  # a run's private copy of its outputs folder, inside it


class FolderBusy(TradebookError):
    """Another process holds the folder's lock."""


def _open_folder(folder: Path) -> int:
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        what = "is a symbolic link" if Path(folder).is_symlink() else f"cannot be opened as a folder ({error.strerror})"
        raise TradebookError(f"{folder} {what}: a run writes only into a real folder; give another one") from None


@contextmanager
def exclusive(folder: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (a real folder, not a link) for the duration.

    Without ``wait``, a folder locked by another process stops at once with ``FolderBusy``
    naming the holder; with ``wait``, the call blocks until the lock is free.
    """
    descriptor = _open_folder(Path(folder))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise FolderBusy(holder(Path(folder)) or "another process") from None
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _locked_inodes() -> dict[tuple[int, int], int]:
    """(device, inode) → pid of every FLOCK lock the kernel lists; empty where /proc/locks is absent."""
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return {}
    found = {}
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or fields[1] != "FLOCK":
            continue  # a waiting process is listed as '-> FLOCK …': it does not hold the lock
        major, minor, inode = fields[5].split(":")
        found[(os.makedev(int(major, 16), int(minor, 16)), int(inode))] = int(fields[4])
    return found


def any_held() -> bool:
    """True if any process holds a folder or file lock (a quick test before looking at many folders)."""
    return bool(_locked_inodes())


def holder_pid(folder: Path) -> int | None:
    """The pid of the process holding ``folder``'s lock, or None."""
    try:
        stat = Path(folder).stat()
    except OSError:
        return None
    return _locked_inodes().get((stat.st_dev, stat.st_ino))


def held(folder: Path) -> bool:
    """True if some process holds ``folder``'s lock."""
    return holder_pid(folder) is not None


def holder(folder: Path) -> str:
    """'pid 1234, python -m tradebook run --params …' for the process holding ``folder``'s lock ('' if none)."""
    pid = holder_pid(folder)
    if pid is None:
        return ""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        command = ""
    command = " ".join(command.split())
    return f"pid {pid}, {command[:160]}" if command else f"pid {pid}"


def is_run_folder(folder: Path) -> bool:
    """True if a run wrote into ``folder`` (its executed notebooks carry stamps) or writes there now (its lock is held)."""
    return any((Path(folder) / "notebooks").glob(".*.stamp")) or held(folder)


def is_run_stage(folder: Path) -> bool:
    """True if ``folder`` is the staging copy of a run in progress (``.staging-*`` inside a folder whose lock is held)."""
    folder = Path(folder)
    return folder.name.startswith(STAGING_PREFIX) and held(folder.parent)
