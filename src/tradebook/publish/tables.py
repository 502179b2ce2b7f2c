"""Tables a notebook writes for the briefing and the annex: ``<outputs>/tables/<name>.csv``.

A notebook saves through its workbook's sink (``wb.save``, ``publish.sink``). A table saved with ``sheet=…`` also gets ``<name>.json`` (sheet name, what it holds, units,
sources, and the order it was written in), and the Excel annex (``annex.write``) includes every
such table: a new indicator reaches the annex from the one notebook cell that saves it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tradebook import atomic, config


def write(
    table: pd.DataFrame, folder: Path, name: str, *, sheet: str | None = None, about: str = "", units: str = "", sources: str = "", order: int = 0
) -> pd.DataFrame:
    """Write ``table`` to ``<folder>/<name>.csv`` (atomic) and return it, for display.

    ``sheet`` (at most 31 characters, Excel's limit) puts the table in the annex, described by
    ``about``, ``units`` and ``sources``, at position ``order`` among its notebook's sheets.
    """
    if sheet is not None and (len(sheet) > 31 or not about):
        raise ValueError(f"save({name!r}): an annex sheet needs a name of at most 31 characters and an 'about' text")
    atomic.write_csv(table, Path(folder) / f"{name}.csv")
    if sheet is not None:
        meta = {"sheet": sheet, "about": about, "units": units, "sources": sources, "order": order}
        atomic.write_text(json.dumps(meta), Path(folder) / f"{name}.json")
    return table


def annex_tables() -> list[tuple[str, dict]]:
    """(table name, metadata) of every table saved for the annex, in notebook and saving order."""
    found = []
    for meta_path in config.paths().tables.glob("*.json"):
        if meta_path.with_suffix(".csv").exists():
            found.append((meta_path.stem, json.loads(meta_path.read_text())))
    return sorted(found, key=lambda item: (item[0][:2], item[1]["order"]))


def in_years(table: pd.DataFrame, years: range, column: str = "year") -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` lies in the run's ``years``."""
    return table[table[column].between(years.start, years.stop - 1)]
