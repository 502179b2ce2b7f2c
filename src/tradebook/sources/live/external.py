"""data/external/: what the live sources fetched, each file with a manifest row, read into canonical flows.

``data/external/MANIFEST.csv`` has one row per file: path (relative to data/external), sha256,
source (``comtrade`` or ``baci``), query (JSON; never the key), fetched_at. ``load`` verifies each
file against its row and returns the canonical flows under the file's own source id, so the
dataset layer can add them beside the shipped sources without overwriting any.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tradebook import atomic, config, schema
from tradebook.errors import RawDataError
from tradebook.sources import comtrade_records

SOURCES = ("comtrade", "baci")
COLUMNS = ["path", "sha256", "source", "query", "fetched_at"]
BACI_NAMES = "baci_names"  # the product names of a reduced BACI release (a table beside its parquet, not flows)


def manifest_path() -> Path:
    """Where the external manifest lives (read at call time: the project root can move)."""
    return config.paths().external / "MANIFEST.csv"


def rows() -> pd.DataFrame:
    """The external manifest (empty with its columns when nothing was fetched)."""
    path = manifest_path()
    if not path.exists():
        return pd.DataFrame(columns=COLUMNS)
    fix = "run `make clean` to drop the refreshed data (then `make refresh` to fetch it anew)"
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError):
        raise RawDataError(f"data/external/MANIFEST.csv cannot be read as a table: {fix}") from None
    missing = [column for column in COLUMNS if column not in table.columns]
    if missing:
        raise RawDataError(f"data/external/MANIFEST.csv lacks columns {missing}: {fix}")
    for relative in table["path"]:
        config.inside(config.paths().external, relative, listed_in="data/external/MANIFEST.csv")
    return table


def record(path: Path, source: str, query: dict) -> None:
    """Add or replace the manifest row of ``path`` (the query as JSON, already free of any key)."""
    table = rows()
    row = {
        "path": str(Path(path).relative_to(config.paths().external)),
        "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        "source": source,
        "query": json.dumps(query, sort_keys=True, default=str),
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    table = table[table["path"] != row["path"]]
    atomic.write_csv(pd.concat([table, pd.DataFrame([row])], ignore_index=True), manifest_path())


def files_of(source: str) -> list[Path]:
    """The files recorded under ``source`` (e.g. ``gacc_release``), each verified against its row."""
    return [_verified(row) for row in rows().itertuples() if row.source == source]


def has_row(path: Path) -> bool:
    """True if ``path`` (a file under data/external) has a manifest row."""
    return str(Path(path).relative_to(config.paths().external)) in set(rows()["path"])


def _verified(row) -> Path:
    path = config.inside(config.paths().external, row.path, listed_in="data/external/MANIFEST.csv")
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
        raise RawDataError(
            f"data/external/{row.path} is missing or differs from data/external/MANIFEST.csv: "
            "run `make refresh` again to fetch it anew (or `make clean` to drop the external data)"
        )
    return path


def _query(row) -> dict:
    return json.loads(row["query"]) if row["query"] else {}


def drop_superseded_baci(release: str, content: str) -> list[str]:
    """Remove the reductions of a release file of the same name but other content (a new download replaces the old).

    Returns the paths removed (files and manifest rows), relative to data/external.
    """
    table = rows()
    stale = [
        index
        for index, row in table.iterrows()
        if row["source"] in ("baci", BACI_NAMES)
        and _query(row).get("release") == release
        and _query(row).get("content_sha256") != content
    ]
    for index in stale:
        config.inside(config.paths().external, table.at[index, "path"], listed_in="data/external/MANIFEST.csv").unlink(
            missing_ok=True
        )
    if stale:
        atomic.write_csv(table.drop(index=stale), manifest_path())
    return [table.at[index, "path"] for index in stale]


def _versions(table: pd.DataFrame) -> list[str]:
    return sorted(
        {_query(row).get("version", "") for _, row in table.iterrows() if row["source"] == "baci"}, reverse=True
    )


def baci_releases() -> list[str]:
    """The BACI release versions reduced into data/external, newest first (e.g. ['V202501', 'V202401b'])."""
    return _versions(rows())


def _active(table: pd.DataFrame) -> pd.DataFrame:
    """The manifest rows the workbook reads: every Comtrade file, and the BACI files of the newest release only.

    Two releases hold the same flows revised: summing both would double them, so the newest
    (by CEPII's version tag, V202501 after V202401b) is used, and ``baci_releases`` tells which.
    """
    newest = (_versions(table) or [""])[0]
    keep = [
        row["source"] not in ("baci", BACI_NAMES) or _query(row).get("version", "") == newest
        for _, row in table.iterrows()
    ]
    return table[pd.Series(keep, index=table.index, dtype=bool)]


def retrieved() -> dict[str, str]:
    """Source id → the date (YYYY-MM-DD) of the latest file the workbook reads from it (``_active`` rows)."""
    table = _active(rows())
    return {
        source: max(group["fetched_at"]).split("T")[0]
        for source, group in table[table["source"].isin(SOURCES)].groupby("source")
    }


def describe() -> dict[str, str]:
    """Source id → how the briefing names the refreshed data, e.g. 'CEPII BACI HS92 V202501 (refreshed 2026-12-01)'."""
    table = _active(rows())
    dates = retrieved()
    labels = {}
    for source, name in (("comtrade", "UN Comtrade"), ("baci", "CEPII BACI")):
        chosen = table[table["source"] == source]
        if chosen.empty:
            continue
        fetched = dates[source]
        if source == "baci":
            query = _query(chosen.iloc[-1])
            release = query.get("release", "")
            nomenclature = release.split("_")[1] if release.count("_") >= 2 else ""
            labels[source] = f"{name} {nomenclature} {query.get('version', '')} (refreshed {fetched})".replace(
                "  ", " "
            )
        else:
            levels = sorted({_query(row).get("cmdCode", "").replace("AG", "HS") for _, row in chosen.iterrows()} - {""})
            labels[source] = (
                f"{name} ({', '.join(levels)}; refreshed {fetched})" if levels else f"{name} (refreshed {fetched})"
            )
    return labels


def product_names() -> dict[str, str]:
    """HS6 code → name from the active BACI release's product table (empty without a BACI refresh)."""
    table = _active(rows())
    names: dict[str, str] = {}
    for row in table[table["source"] == BACI_NAMES].itertuples():
        found = pd.read_csv(_verified(row), dtype=str, keep_default_na=False)
        names.update(zip(found["product"], found["name"]))
    return names


def load() -> pd.DataFrame:
    """Every external file as canonical flows, under source ``comtrade`` or ``baci`` (the newest BACI release only)."""
    frames = []
    for row in _active(rows()).itertuples():
        if row.source == BACI_NAMES:
            continue
        path = _verified(row)
        if row.source == "comtrade":
            records = pd.read_csv(path, dtype={"cmdCode": str})
            if len(records):
                frames.append(comtrade_records.normalise(records, source="comtrade"))
        elif row.source == "baci":
            frames.append(schema.coerce(pd.read_parquet(path)))
    if not frames:
        return schema.empty_flows()
    flows = schema.coerce(pd.concat(frames, ignore_index=True))
    # one release reduced for two parameter sets holds the same flows twice where their economies overlap
    return flows.drop_duplicates(schema.KEY).reset_index(drop=True)
