"""Singapore-reported trade by HS 2-digit chapter with China and eight other partners.

Two files, kept as two sources because they overlap in 2022–2023 for ten chapters:
- ``singapore_wits_hs2``: ``Import_Export_by_Industry_SG.csv`` (WITS; HS 2022 nomenclature
  "H6"; all chapters incl. 99; 2022–2023; column "TradeValue in 1000 USD" → ×1000).
- ``singapore_comtrade_hs2``: ``Export_/Import_Top_Industries_Trade_Data.csv``, real UN
  Comtrade Plus output (ten chapters 27 29 33 38 39 71 83 84 85 90; 2013–2023; primaryValue
  in USD), read through the same normaliser as live Comtrade results.
Partners: CHN, HKG, IDN, JPN, KOR, MYS, SAU, THA, USA.
"""

from __future__ import annotations

import pandas as pd

from tradebook import schema
from tradebook.errors import SchemaError
from tradebook.sources import comtrade_records, manifest

SOURCE_WITS = "singapore_wits_hs2"
SOURCE_COMTRADE = "singapore_comtrade_hs2"
FLOWS = {"Export": "export", "Import": "import"}
_FOLDER = "singapore_hs2"


def load_wits() -> pd.DataFrame:
    """The WITS extract (thousand USD) as canonical rows in USD."""
    relative = f"{_FOLDER}/Import_Export_by_Industry_SG.csv"
    table = pd.read_csv(manifest.verified(relative), dtype={"ProductCode": str})
    if "TradeValue in 1000 USD" not in table.columns:
        raise SchemaError(f"data/raw/{relative}: column 'TradeValue in 1000 USD' is missing")
    return schema.coerce(
        pd.DataFrame(
            {
                "source": SOURCE_WITS,
                "reporter": table["ReporterISO3"],
                "partner": table["PartnerISO3"],
                "flow": table["TradeFlowName"].map(FLOWS),
                "year": table["Year"],
                "classification": "HS2",
                "product": table["ProductCode"].str.zfill(2),
                "value_usd": table["TradeValue in 1000 USD"] * 1e3,
            }
        )
    )


def load_comtrade() -> pd.DataFrame:
    """The two Comtrade Plus extracts (USD) as canonical rows."""
    frames = [
        pd.read_csv(manifest.verified(f"{_FOLDER}/{name}_Top_Industries_Trade_Data.csv"), dtype={"cmdCode": str})
        for name in ("Export", "Import")
    ]
    return comtrade_records.normalise(pd.concat(frames, ignore_index=True), source=SOURCE_COMTRADE)


def load() -> pd.DataFrame:
    """Both Singapore extracts as canonical rows."""
    return schema.coerce(pd.concat([load_wits(), load_comtrade()], ignore_index=True))
