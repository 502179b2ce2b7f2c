"""Checksums of the raw files: every loader verifies its file before reading it.

``data/raw/MANIFEST.csv`` has one row per file: path (relative to data/raw), sha256, source,
publisher, origin, units, coverage, licence.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import pandas as pd

from tradebook import config
from tradebook.errors import RawDataError

UNLISTED = {"MANIFEST.csv", "README.md", ".gitattributes"}  # files of data/raw that are not data
MANIFEST_COLUMNS = ["path", "sha256", "source", "publisher", "origin", "units", "coverage", "licence"]


def read_manifest(raw_dir: Path | None = None) -> pd.DataFrame:
    """The raw-data manifest as a DataFrame indexed by relative path."""
    raw_dir = Path(raw_dir or config.paths().raw)
    path = raw_dir / "MANIFEST.csv"
    if not path.exists():
        raise RawDataError(f"{path} is missing: restore it with `git checkout -- {path.name}` in data/raw")
    restore = "restore it with `git checkout -- data/raw/MANIFEST.csv`"
    try:
        manifest = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise RawDataError(
            f"data/raw/MANIFEST.csv is not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start}): save it as UTF-8 or {restore}"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise RawDataError(f"data/raw/MANIFEST.csv cannot be read as a table ({' '.join(str(error).split())[:100]}): {restore}") from None
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise RawDataError(f"{path} lacks columns {missing}: restore it from git")
    for relative in manifest["path"]:
        config.inside(raw_dir, relative, listed_in="data/raw/MANIFEST.csv")
    twice = manifest.loc[manifest["path"].duplicated(), "path"]
    if len(twice):
        raise RawDataError(f"data/raw/MANIFEST.csv lists {twice.iloc[0]} twice: keep one row per file")
    return manifest.set_index("path")


@cache
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key so an edited file is hashed again
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    stat = Path(path).stat()
    return _sha256(Path(path), stat.st_size, stat.st_mtime_ns)


def verified(relative: str, raw_dir: Path | None = None) -> Path:
    """Return the absolute path of raw file ``relative`` after checking its sha256.

    Raises RawDataError (one line, naming the file and the fix) if the file is not in the
    manifest, is missing, or its checksum differs.
    """
    raw_dir = Path(raw_dir or config.paths().raw)
    manifest = read_manifest(raw_dir)
    if relative not in manifest.index:
        raise RawDataError(f"data/raw/{relative} is not listed in data/raw/MANIFEST.csv: add a row with its sha256 and source")
    path = raw_dir / relative
    if not path.exists():
        raise RawDataError(f"data/raw/{relative} is missing: restore it with `git checkout -- data/raw/{relative}`")
    expected = manifest.at[relative, "sha256"]
    actual = sha256(path)
    if actual != expected:
        raise RawDataError(
            f"data/raw/{relative} differs from its manifest checksum (file sha256 {actual[:12]}…, manifest {expected[:12]}…): "
            f"raw files are read-only — if the file was edited, restore it with `git checkout -- data/raw/{relative}`; "
            f"if the manifest row was, restore it with `git checkout -- data/raw/MANIFEST.csv`; "
            f"for a new release of the file, put its sha256 in the manifest"
        )
    return path


def verify_all(raw_dir: Path | None = None) -> pd.DataFrame:
    """Check every manifest row, and that every file in data/raw has one; raise on the first bad file, else return the manifest.

    A file without a row would be left out of the flows table without a word (a deleted row of
    ``dots_VNM.xlsx`` drops Viet Nam's whole record), so it stops the build instead.
    """
    raw_dir = Path(raw_dir or config.paths().raw)
    manifest = read_manifest(raw_dir)
    for relative in manifest.index:
        verified(relative, raw_dir)
    present = {path.relative_to(raw_dir).as_posix() for path in raw_dir.rglob("*") if path.is_file() and path.name not in UNLISTED}
    unlisted = sorted(present - set(manifest.index))
    if unlisted:
        raise RawDataError(
            f"data/raw/{unlisted[0]} has no row in data/raw/MANIFEST.csv ({len(unlisted)} file(s) without one), so no loader would read it: "
            "restore the row with `git checkout -- data/raw/MANIFEST.csv`, or add one with the file's sha256 and source"
        )
    return manifest


def files_of(source: str, raw_dir: Path | None = None) -> list[str]:
    """Relative paths of the manifest rows belonging to ``source`` (sorted)."""
    manifest = read_manifest(raw_dir)
    return sorted(manifest.index[manifest["source"] == source])


def name_parts(pattern: str, relative: str) -> tuple[str, ...]:
    """The groups of ``pattern`` in a shipped file's name (e.g. the reporter in ``dots_CHN.xlsx``); one line if it does not match."""
    found = re.search(pattern, relative)
    if found is None:
        raise RawDataError(f"{relative}: the file name does not follow its source's pattern {pattern!r}; see data/raw/MANIFEST.csv")
    return found.groups()


def retrieval(origin: str) -> str:
    """How a shipped source was obtained, in a few words, from its manifest ``origin`` text.

    "retrieved 2024-07-16" where the origin states the date; else the repository commit the files
    were copied from ("copied at commit ffc9bd5"); else "transcribed, a URL per row" for curated
    tables; else "no retrieval date recorded". The manifest records no other date, so none is invented.
    """
    dated = re.search(r"retrieved (\d{4}-\d{2}-\d{2})", origin)
    if dated:
        return f"retrieved {dated.group(1)}"
    committed = re.search(r"commit ([0-9a-f]{7,40})", origin)
    if committed:
        return f"copied at commit {committed.group(1)} (no retrieval date recorded)"
    return "transcribed, a source URL per row" if "source_url" in origin else "no retrieval date recorded"


def retrievals(raw_dir: Path | None = None) -> dict[str, tuple[str, str]]:
    """Source id → (its publisher, ``retrieval`` of its origin), from the manifest's first row of the source."""
    first = read_manifest(raw_dir).groupby("source")[["publisher", "origin"]].first()
    return {source: (str(row.publisher), retrieval(str(row.origin))) for source, row in first.iterrows()}
