"""What a run shows of the figures China published after its statistics (a helper for the window tests)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def published_years(root: Path) -> set[int]:
    """The years of the figures China published after the statistics that a run shows, labelled "published": GACC's
    latest release (its months and its release date)."""
    table = root / "tables" / "02_gacc_latest.csv"
    release = pd.read_csv(table, dtype=str) if table.exists() else pd.DataFrame()
    return {int(y) for y in release.get("year", [])} | {int(d[:4]) for d in release.get("release_date", [])}
