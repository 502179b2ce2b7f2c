"""What a run shows of the figures China published after its statistics (a helper for the window tests)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def published_years(root: Path) -> set[int]:
    """The years of the figures China published after the statistics that a run shows, labelled "published": the last
    year of each published source in the data vintage (China's full-year total) and GACC's latest release (its months
    and its release date)."""
    table = root / "tables" / "02_gacc_latest.csv"
    release = pd.read_csv(table, dtype=str) if table.exists() else pd.DataFrame()
    vintage = pd.read_csv(root / "tables" / "01_data_vintage.csv")
    last_published = {int(y) for y in vintage.loc[vintage["kind"] == "published", "last_year"].dropna()}
    return (
        last_published
        | {int(y) for y in release.get("year", [])}
        | {int(d[:4]) for d in release.get("release_date", [])}
    )
