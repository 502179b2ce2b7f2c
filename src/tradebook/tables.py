"""Tables a notebook writes for the briefing and the annex: ``<outputs>/tables/<name>.csv``."""

from __future__ import annotations

import pandas as pd

from . import atomic, config


def save(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Write ``table`` to ``<outputs>/tables/<name>.csv`` (atomic) and return it, for display."""
    atomic.write_csv(table, config.TABLES_DIR / f"{name}.csv")
    return table


def in_years(table: pd.DataFrame, years: range, column: str = "year") -> pd.DataFrame:
    """The rows of ``table`` whose ``column`` lies in the run's ``years``."""
    return table[table[column].between(years.start, years.stop - 1)]
