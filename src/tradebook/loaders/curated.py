"""Figures transcribed from official tables (GACC), ministries and news reports.

Every row of every curated CSV must carry a non-empty ``source_url`` (a URL, or for two rows
of the annual series the outlet named by the transcriber): a row without one stops the load.
Values keep the unit the source printed (USD billion, CNY trillion, US$ thousand …); only
``official_totals`` converts, and only rows printed in US dollars.
"""

from __future__ import annotations

import pandas as pd

from .. import manifest
from ..errors import SchemaError

SOURCE = "curated"
_FOLDER = "curated_news_and_official"
ANNUAL_SERIES = "china_asean_annual_totals_news_series.csv"
_SERIES_FLOWS = {"total_trade": "total", "china_exports_to_asean": "export", "china_imports_from_asean": "import"}


def load_table(name: str) -> pd.DataFrame:
    """One curated CSV, checked for a source_url on every row."""
    relative = f"{_FOLDER}/{name}"
    table = pd.read_csv(manifest.verified(relative), dtype=str, keep_default_na=False)
    if "source_url" not in table.columns:
        raise SchemaError(f"data/raw/{relative} has no source_url column: every curated figure needs its source")
    blank = table.index[table["source_url"].str.strip() == ""]
    if len(blank):
        raise SchemaError(f"data/raw/{relative}: rows {[int(i) + 2 for i in blank[:5]]} have no source_url")
    return table


def official_totals() -> pd.DataFrame:
    """China–ASEAN annual trade as published (China-side, GACC/MOFCOM), in USD.

    Columns: year, flow (total/export/import), value_usd, flag (approximate, lower_bound or ''),
    source_agency, notes, source_url. Rows without a US-dollar figure (2023 is published only
    in yuan) are left out.
    """
    table = load_table(ANNUAL_SERIES)
    long = table.melt(id_vars=["year", "unit", "source_agency_cited", "notes", "source_url"],
                      value_vars=list(_SERIES_FLOWS), var_name="column", value_name="value")
    long = long[(long["value"].str.strip() != "") & long["unit"].str.startswith("USD billion")]
    unit_note = long["unit"].str.lower() + " " + long["notes"].str.lower()
    flag = pd.Series("", index=long.index)
    flag[unit_note.str.contains("approx")] = "approximate"
    flag[long["unit"].str.contains("exceeded")] = "lower_bound"
    return pd.DataFrame({
        "year": long["year"].astype(int), "flow": long["column"].map(_SERIES_FLOWS),
        "value_usd": long["value"].astype(float) * 1e9, "flag": flag,
        "source_agency": long["source_agency_cited"], "notes": long["notes"], "source_url": long["source_url"],
    }).sort_values(["year", "flow"]).reset_index(drop=True)
