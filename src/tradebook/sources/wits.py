"""World Bank WITS trade summary, one CSV per reporter (``en_<ISO3>_AllYears_WITS_Trade_Summary.CSV``).

Wide layout: Reporter, Partner, Product categories, Indicator Type, Indicator, then one column
per year (newest first). Rows used here, all with partner World:
- ``Exports (in US$ Mil)`` / ``Imports (in US$ Mil)`` → classification TOTAL
- ``Export(US$ Mil)`` by the 16 WITS product groups → WITS-group; by the 4 stages of
  processing (Raw materials, Intermediate goods, Consumer goods, Capital goods) → stage
- ``Import(US$ Mil)`` by stage → stage
WITS also publishes its own shares (``Export Product share(%)``) and indices; those are kept
apart by ``load_published`` so the indicator library can be checked against them.
Units: USD millions in the file; value_usd in USD. Blank cells are missing years.
"""

from __future__ import annotations

import pandas as pd

from tradebook import schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "wits_summary"
STAGES = {"Raw materials", "Intermediate goods", "Consumer goods", "Capital goods"}
VALUE_INDICATORS = {
    "Exports (in US$ Mil)": ("export", "total"),
    "Imports (in US$ Mil)": ("import", "total"),
    "Export(US$ Mil)": ("export", "product"),
    "Import(US$ Mil)": ("import", "product"),
}


def _reporter(relative: str) -> str:
    code = manifest.name_parts(r"en_([A-Za-z]{3})_AllYears", relative)[0].upper()
    return code


def read_long(relative: str) -> pd.DataFrame:
    """One WITS summary file in long form: reporter, partner, product, indicator, year, value."""
    wide = pd.read_csv(manifest.verified(relative), dtype=str, encoding="latin-1")
    expected = ["Reporter", "Partner", "Product categories", "Indicator Type", "Indicator"]
    if list(wide.columns[:5]) != expected:
        raise SchemaError(f"data/raw/{relative}: first columns must be {expected}")
    long = wide.melt(id_vars=expected, var_name="year", value_name="value").dropna(subset=["value"])
    long["value"] = pd.to_numeric(long["value"].str.strip(), errors="coerce")
    long = long.dropna(subset=["value"])
    long["year"] = long["year"].astype(int)
    long["reporter"] = _reporter(relative)
    return long


def load() -> pd.DataFrame:
    """WITS values (totals, product groups, stages; partner World) as canonical rows."""
    frames = []
    for relative in manifest.files_of(SOURCE):
        long = read_long(relative)
        long = long[(long["Partner"] == "World") & long["Indicator"].isin(VALUE_INDICATORS)]
        flow_kind = long["Indicator"].map(VALUE_INDICATORS)
        is_total = flow_kind.str[1] == "total"
        product = long["Product categories"]
        classification = product.map(lambda p: "stage" if p in STAGES else "WITS-group")
        frames.append(
            pd.DataFrame(
                {
                    "source": SOURCE,
                    "reporter": long["reporter"],
                    "partner": schema.WORLD,
                    "flow": flow_kind.str[0],
                    "year": long["year"],
                    "classification": classification.where(~is_total, "TOTAL"),
                    "product": product.where(~is_total, "TOTAL"),
                    "value_usd": long["value"] * 1e6,
                }
            )
        )
    flows = pd.concat(frames, ignore_index=True)
    # "All Products" rows of Export(US$ Mil) repeat the TOTAL row: keep one
    flows = flows[flows["product"] != "All Products"]
    return schema.coerce(flows)


def load_published(indicator: str = "Export Product share(%)") -> pd.DataFrame:
    """WITS's own published figures for ``indicator``: reporter, year, product, value.

    Partner World, or "..." for indicators that are not by partner (counts of partners and
    products, HHI, GDP).
    """
    frames = []
    for relative in manifest.files_of(SOURCE):
        long = read_long(relative)
        long = long[long["Partner"].isin(["World", "..."]) & (long["Indicator"] == indicator)]
        frames.append(
            long[["reporter", "year", "Product categories", "value"]].rename(columns={"Product categories": "product"})
        )
    return pd.concat(frames, ignore_index=True)
