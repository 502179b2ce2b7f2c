"""Tables a notebook writes for the briefing and the annex: ``<outputs>/tables/<name>.csv``.

A notebook saves through its workbook's sink (``wb.save``, ``publish.sink``). The Excel annex
(``runner.annex``) shows every table declared with a sheet in ``tradebook.shared_tables``: a new
indicator reaches the annex from its one declaration there and the notebook cell that saves it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebook import atomic


def write(table: pd.DataFrame, folder: Path, name: str) -> pd.DataFrame:
    """Write ``table`` to ``<folder>/<name>.csv`` (atomic) and return it, for display."""
    atomic.write_csv(table, Path(folder) / f"{name}.csv")
    return table


def in_years(table: pd.DataFrame, years: range, column: str = "year") -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` lies in the run's ``years``."""
    return table[table[column].between(years.start, years.stop - 1)]
