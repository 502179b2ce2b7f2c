"""Checksums and provenance of the raw files: every loader verifies its file before reading it.

``data/raw/MANIFEST.csv`` has one row per file: path (relative to data/raw), sha256, source id,
then the provenance a reader checks, publisher first: ``publisher``, ``publication`` (the
primary publication's title), ``publication_url`` (the publisher's own page or database),
``released`` (the publisher's release or the retrieval date, where known), and, separately,
``copy_obtained_from`` (the repository, commit and path the file was copied from); then
``units``, ``coverage``, and the publisher's ``terms`` of use as published with ``terms_url``.
A row without its publisher, publication or publication URL stops the run.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

import pandas as pd

from tradebook import config, language
from tradebook.errors import RawDataError

UNLISTED = {"MANIFEST.csv", "README.md", ".gitattributes"}  # files of data/raw that are not data
MANIFEST_COLUMNS = [
    "path", "sha256", "source", "publisher", "publication", "publication_url", "released", "copy_obtained_from", "units", "coverage", "terms", "terms_url",
]  # fmt: skip
PRIMARY = ["publisher", "publication", "publication_url", "terms", "terms_url"]  # what every row must name


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
        raise RawDataError(
            f"data/raw/MANIFEST.csv cannot be read as a table ({' '.join(str(error).split())[:100]}): {restore}"
        ) from None
    missing = [c for c in MANIFEST_COLUMNS if c not in manifest.columns]
    if missing:
        raise RawDataError(f"{path} lacks columns {missing}: restore it from git")
    for relative in manifest["path"]:
        config.inside(raw_dir, relative, listed_in="data/raw/MANIFEST.csv")
    for column in PRIMARY:
        blank = manifest.loc[manifest[column].str.strip() == "", "path"]
        if len(blank):
            raise RawDataError(
                f"data/raw/MANIFEST.csv: the row of {blank.iloc[0]} names no {column}: every source names its publisher and primary "
                "publication (title and the publisher's own URL) and the publisher's terms of use, before the copy it came from"
            )
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
        raise RawDataError(
            f"data/raw/{relative} is not listed in data/raw/MANIFEST.csv: add a row with its sha256 and source"
        )
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
    present = {
        path.relative_to(raw_dir).as_posix()
        for path in raw_dir.rglob("*")
        if path.is_file() and path.name not in UNLISTED
    }
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
        raise RawDataError(
            f"{relative}: the file name does not follow its source's pattern {pattern!r}; see data/raw/MANIFEST.csv"
        )
    return found.groups()


def provenance(raw_dir: Path | None = None) -> pd.DataFrame:
    """One row per shipped source: its publisher, primary publication and URL, release or retrieval date,
    the copy it was obtained from, and the publisher's terms, from the manifest's first row of the source
    (a source's files share them; ``released`` joins the distinct dates of its files)."""
    table = read_manifest(raw_dir).reset_index()
    columns = ["publisher", "publication", "publication_url", "copy_obtained_from", "terms", "terms_url"]
    first = table.groupby("source", sort=False)[columns].first()
    first["released"] = table.groupby("source", sort=False)["released"].agg(_dates)
    return first.reset_index()


def _dates(dates: pd.Series) -> str:
    """A source's files' dates in one phrase: 'released 2025-03-11, 2026-04-08' (the verb said once)."""
    held = [d for d in dict.fromkeys(dates) if d]
    verbs = {d.split(" ")[0] for d in held}
    if len(held) > 1 and len(verbs) == 1 and all(" " in d for d in held):
        return f"{verbs.pop()} {', '.join(d.split(' ', 1)[1] for d in held)}"
    return "; ".join(held)


def release_words(released: str) -> str:
    """The raw manifest's ``released`` ("released 2018-03-08, 2025-03-11", "retrieved 2024-07-16") in the edition's
    words; "per row" and "" as they are (the cover says what they mean)."""
    found = re.fullmatch(r"(released|retrieved) (.+)", released)
    if not found:
        return released
    if found.group(1) == "released":
        return language.text("released {dates}", dates=found.group(2))
    return language.text("retrieved {day}", day=found.group(2))
