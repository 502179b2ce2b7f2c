"""UN Comtrade annual trade of China's partners with China (mirror), 2014–2025.

Files (aggregations of UN Comtrade API results, copied unchanged):
- ``China_2.1.1_top_export_partners_reverse.xlsx``: every partner's reported imports from
  China (flowCode M, ``reporterDesc`` = the partner, ``cmdCode`` TOTAL) per year.
- ``China_3.1.1_top_import_partners.xlsx``: every partner's reported exports to China (X).
- ``China_1.1_trade_balance_2014-2025.xlsx``: China's own totals with the World (``M``, ``X``);
  the other columns are sums of the partners' records and are not read.
- ``China_2.3_…_reverse.xlsx`` / ``China_3.3_….xlsx``: for China's top-5 HS6 export (import)
  products each year, the five partners reporting most imports from (exports to) China.

These are the partners' records (mirror statistics), so the partner is the reporter here:
Viet Nam's "import from China" row is Viet Nam-reported. Quirks: 2024 has no Viet Nam or Laos
rows and 2025 only about 13 early reporters (absent rows, never zeros); China's own 2025 totals
are stored as 0 and are dropped as missing; "Other Asia, nes" (not allocated by Comtrade) and
China's records of its own re-imports are left out. Units: current USD.
"""

from __future__ import annotations

import pandas as pd

from tradebook import reference, schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "comtrade_mirror"
_FOLDER = "comtrade_china_partners_mirror_2014_2025"
TOTALS = {"China_2.1.1_top_export_partners_reverse.xlsx": "import", "China_3.1.1_top_import_partners.xlsx": "export"}
PRODUCTS = {
    "China_2.3_exports_products_partners_HS-AG6-2014-2025_reverse.xlsx": "import",
    "China_3.3_imports_products_partners_HS-AG6-2014-2025.xlsx": "export",
}
CHINA_TOTALS = "China_1.1_trade_balance_2014-2025.xlsx"


def _read(name: str, columns: list[str]) -> pd.DataFrame:
    relative = f"{_FOLDER}/{name}"
    table = pd.read_excel(manifest.verified(relative), engine="calamine")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise SchemaError(f"data/raw/{relative} lacks columns {missing}")
    return table


def _partner_rows(
    table: pd.DataFrame, flow: str, value: str, classification: str, product: pd.Series | str
) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "reporter": reference.to_iso3(table["reporterDesc"], "comtrade"),
            "flow": flow,
            "year": table["refYear"].astype(int),
            "classification": classification,
            "product": product,
            "value_usd": table[value].astype(float),
        }
    )
    return rows[(rows["reporter"] != "") & (rows["reporter"] != "CHN")].assign(partner="CHN")


def load_totals() -> pd.DataFrame:
    """Each partner's reported total exports to and imports from China (USD, annual)."""
    frames = [
        _partner_rows(_read(name, ["refYear", "reporterDesc", "partner_sum"]), flow, "partner_sum", "TOTAL", "TOTAL")
        for name, flow in TOTALS.items()
    ]
    return pd.concat(frames, ignore_index=True)


def load_products() -> pd.DataFrame:
    """Partner-reported HS6 trade with China for China's top products (USD, annual)."""
    frames = []
    for name, flow in PRODUCTS.items():
        table = _read(name, ["refYear", "reporterDesc", "cmdCode", "cmd_partner_sum"])
        codes = table["cmdCode"].astype(str).str.zfill(6)
        frames.append(_partner_rows(table, flow, "cmd_partner_sum", "HS6", codes))
    return pd.concat(frames, ignore_index=True)


def load_china_totals() -> pd.DataFrame:
    """China's own reported exports and imports with the World (USD, annual; zeros = not yet reported)."""
    table = _read(CHINA_TOTALS, ["period", "M", "X"])
    long = table.melt(id_vars="period", value_vars=["X", "M"], var_name="code", value_name="value_usd")
    long = long[long["value_usd"] > 0]
    return pd.DataFrame(
        {
            "reporter": "CHN",
            "partner": schema.WORLD,
            "flow": long["code"].map({"X": "export", "M": "import"}),
            "year": long["period"].astype(int),
            "classification": "TOTAL",
            "product": "TOTAL",
            "value_usd": long["value_usd"].astype(float),
        }
    )


def load() -> pd.DataFrame:
    """All five files as canonical annual rows, source ``comtrade_mirror``."""
    rows = pd.concat([load_totals(), load_products(), load_china_totals()], ignore_index=True)
    return schema.coerce(rows.assign(source=SOURCE))
