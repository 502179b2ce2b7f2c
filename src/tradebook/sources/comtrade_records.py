"""UN Comtrade Plus records (the API's answer, or a file saved from it) → canonical flows.

One reader for every place Comtrade records come from: the shipped Singapore extract, the
refreshed answers in data/external/ (``sources.live``), and tests' recorded answers.
"""

from __future__ import annotations

import pandas as pd

from tradebook import reference, schema
from tradebook.errors import SchemaError

FLOW_CODES = {"X": "export", "M": "import"}
WORLD_CODES = {"W00", "WLD"}


def _classification(codes: pd.Series) -> pd.Series:
    lengths = codes.str.len()
    named = lengths.map({2: "HS2", 4: "HS4", 6: "HS6"})
    return named.where(codes != "TOTAL", "TOTAL")


def normalise(records: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Comtrade Plus records → canonical flows (value_usd = primaryValue, USD).

    Keeps the plain totals over second partner, customs procedure and transport mode
    (partner2Code 0, customsCode C00, motCode 0). Partners that are not countries or the
    World (Comtrade's "nes" areas, bunkers, free zones) are dropped: they have no ISO3 code.
    refMonth 52 marks annual data.
    """
    needed = ["refYear", "refMonth", "reporterISO", "partnerISO", "flowCode", "cmdCode", "primaryValue"]
    missing = [c for c in needed if c not in records.columns]
    if missing:
        raise SchemaError(f"Comtrade records lack columns {missing}: expected the Comtrade Plus format")
    rows = records.copy()
    for column, total in (("partner2Code", 0), ("customsCode", "C00"), ("motCode", 0)):
        if column in rows:
            rows = rows[rows[column].astype(str) == str(total)]
    rows = rows[rows["flowCode"].isin(FLOW_CODES)]
    partner = rows["partnerISO"].astype(str).replace(dict.fromkeys(WORLD_CODES, schema.WORLD))
    rows = rows[partner.isin(reference.allowed_codes())]
    partner = partner[rows.index]
    month = pd.to_numeric(rows["refMonth"]).where(lambda m: m.between(1, 12))
    codes = rows["cmdCode"].astype(str)
    return schema.coerce(
        pd.DataFrame(
            {
                "source": source,
                "reporter": rows["reporterISO"],
                "partner": partner,
                "flow": rows["flowCode"].map(FLOW_CODES),
                "year": rows["refYear"].astype(int),
                "month": month,
                "classification": _classification(codes),
                "product": codes,
                "value_usd": pd.to_numeric(rows["primaryValue"]),
            }
        )
    )
