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

from tradebook import atomic, config
from tradebook.errors import RawDataError
from tradebook.flows import schema

SOURCES = ("comtrade", "baci")


def manifest_path() -> Path:
    """Where the external manifest lives (read at call time: the project root can move)."""
    return config.paths().external / "MANIFEST.csv"


def rows() -> pd.DataFrame:
    """The external manifest (empty with its columns when nothing was fetched)."""
    path = manifest_path()
    columns = ["path", "sha256", "source", "query", "fetched_at"]
    return pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else pd.DataFrame(columns=columns)


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


def _verified(row) -> Path:
    path = config.paths().external / row.path
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
        raise RawDataError(
            f"data/external/{row.path} is missing or differs from data/external/MANIFEST.csv: "
            "run `make refresh` again to fetch it anew (or `make clean` to drop the external data)"
        )
    return path


def load() -> pd.DataFrame:
    """Every external file as canonical flows, under source ``comtrade`` or ``baci``."""
    from tradebook.sources.live import comtrade  # comtrade writes through this module; imported here to keep the two independent

    frames = []
    for row in rows().itertuples():
        path = _verified(row)
        if row.source == "comtrade":
            records = pd.read_csv(path, dtype={"cmdCode": str})
            if len(records):
                frames.append(comtrade.normalise(records, source="comtrade"))
        elif row.source == "baci":
            frames.append(schema.coerce(pd.read_parquet(path)))
    return schema.coerce(pd.concat(frames, ignore_index=True)) if frames else schema.empty_flows()
