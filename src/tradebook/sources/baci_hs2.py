"""CEPII BACI (HS92) aggregated to HS 2-digit exports to the World, 2011–2020.

Columns: t (year), i (BACI numeric exporter code), i_iso3c, i_name, i_region, k (HS2),
k_name, k_sector, v (value, USD millions, current), q (tonnes), pop, gdp, gdpcap.
BACI reconciles exporter and importer declarations, so "exports" here are CEPII's harmonised
values (FOB), not a reporter's own customs figure. Units: v in USD millions → value_usd in USD.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from tradebook import schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "baci_hs2"
COLUMNS = ["t", "i", "i_iso3c", "i_name", "i_region", "k", "k_name", "k_sector", "v", "q"]


def load() -> pd.DataFrame:
    """BACI HS2 exports to the World as canonical rows."""
    (relative,) = manifest.files_of(SOURCE)
    table = pd.read_csv(manifest.verified(relative), dtype={"k": str, "i_iso3c": str})
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise SchemaError(f"data/raw/{relative}: columns {missing} are missing")
    return schema.coerce(
        pd.DataFrame(
            {
                "source": SOURCE,
                "reporter": table["i_iso3c"],
                "partner": schema.WORLD,
                "flow": "export",
                "year": table["t"],
                "classification": "HS2",
                "product": table["k"].str.zfill(2),
                "value_usd": table["v"] * 1e6,
            }
        )
    )


@lru_cache(maxsize=1)
def chapter_names() -> pd.Series:
    """HS chapter names as BACI labels them (k → k_name)."""
    (relative,) = manifest.files_of(SOURCE)
    table = pd.read_csv(manifest.verified(relative), usecols=["k", "k_name"], dtype=str).drop_duplicates()
    return table.set_index(table["k"].str.zfill(2))["k_name"]


def quantities() -> pd.DataFrame:
    """Exports to the World by exporter, HS chapter and year with BACI's quantity: reporter, year, product, value_usd, tonnes.

    ``tonnes`` is NaN where BACI holds no usable quantity (missing or zero); the quality proxy
    (``indicators.relative_unit_value``) then has no value rather than a wrong one.
    """
    (relative,) = manifest.files_of(SOURCE)
    table = pd.read_csv(
        manifest.verified(relative), usecols=["t", "i_iso3c", "k", "v", "q"], dtype={"k": str, "i_iso3c": str}
    )
    tonnes = table["q"].where(table["q"] > 0)
    return pd.DataFrame(
        {
            "reporter": table["i_iso3c"],
            "year": table["t"],
            "product": table["k"].str.zfill(2),
            "value_usd": table["v"] * 1e6,
            "tonnes": tonnes,
        }
    )
