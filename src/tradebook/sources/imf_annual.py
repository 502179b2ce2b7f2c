"""IMF data portal export: China's imports (CIF) by partner, annual, 2010–2022.

Sheet "Goods, Value of Imports, Cost,": row 1 holds years, column A partner names, cells USD
(the "Scale: Millions" line is a display note of the portal; the cells are in dollars, e.g.
Angola 2010 = 2.28e10). Used as a second China-reported import series beside DOTS.
"""

from __future__ import annotations

import pandas as pd

from tradebook import reference, schema
from tradebook.errors import SchemaError
from tradebook.sources import manifest

SOURCE = "imf_china_imports"
SHEET = "Goods, Value of Imports, Cost,"


def load() -> pd.DataFrame:
    """China's annual imports by partner as canonical rows (value_usd in USD)."""
    (relative,) = manifest.files_of(SOURCE)
    grid = pd.read_excel(manifest.verified(relative), sheet_name=SHEET, header=None, engine="calamine")
    years = grid.iloc[0, 1:]
    if not years.dropna().between(1990, 2100).all():
        raise SchemaError(f"{relative}: first row must hold years")
    body = grid.iloc[1:].rename(columns={0: "partner_name"})
    body.columns = ["partner_name", *years.astype(int)]
    body = body[body["partner_name"].notna() & ~body["partner_name"].astype(str).str.startswith("Scale:")]
    long = body.melt(id_vars="partner_name", var_name="year", value_name="value_usd").dropna(subset=["value_usd"])
    long["partner"] = reference.to_iso3(long["partner_name"], "imf")
    long = long[long["partner"] != ""]
    return schema.coerce(
        long.assign(
            source=SOURCE,
            reporter="CHN",
            flow="import",
            classification="TOTAL",
            product="TOTAL",
            value_usd=long["value_usd"].astype(float),
        )
    )
