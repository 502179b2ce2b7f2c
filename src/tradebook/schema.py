"""The canonical long table of trade flows, and its validation.

One row per (source, reporter, partner, flow, year, month, classification, product):

| column          | type        | meaning                                                              |
|-----------------|-------------|----------------------------------------------------------------------|
| source          | str         | source id, as in data/raw/MANIFEST.csv (``imf_dots``, ``baci_hs2`` …) |
| reporter        | str         | ISO3 of the reporting economy, or a group id (``ASEAN-10``)           |
| partner         | str         | ISO3, ``WLD`` for the world, or a group id                            |
| flow            | str         | ``export``, ``import``, or ``total`` (exports + imports as published) |
| year            | int16       | calendar year                                                         |
| month           | Int8        | 1–12 for monthly data, <NA> for annual                                |
| classification  | str         | TOTAL, HS-section, HS2, HS4, HS6, SITC2, WITS-group, stage            |
| product         | str         | product code in that classification (``TOTAL`` for totals)            |
| value_usd       | float64     | current US dollars (not millions), ≥ 0                                |
| flag            | str         | empty, or a data-quality marker (see FLAGS)                           |

A missing observation is an absent row, never a zero: coverage tables are built from presence.
"""

from __future__ import annotations

import pandas as pd

from tradebook.errors import SchemaError

COLUMNS = ["source", "reporter", "partner", "flow", "year", "month", "classification", "product", "value_usd", "flag"]
KEY = ["source", "reporter", "partner", "flow", "year", "month", "classification", "product"]
FLOWS = {"export", "import", "total"}
CLASSIFICATIONS = {"TOTAL", "HS-section", "HS2", "HS4", "HS6", "SITC2", "WITS-group", "stage"}
WORLD = "WLD"

# Data-quality markers a loader may set in ``flag``; several are joined with ';'.
FLAGS = {
    "imf_estimate": "IMF DOTS 'e': value estimated by the IMF",
    "imf_allocated": "IMF DOTS 'r': month not reported on its own by the reporter; IMF-allocated (e.g. China's combined Jan–Feb 2020 report)",
    "rounded_3sf": "OEC value stored rounded to 3 significant digits",
    "converted_from_myr": "DOSM ringgit value converted to USD at the rate implied by DOTS",
    "converted_from_cny": "GACC yuan value converted to USD at the rate the GACC table implies (sources.gacc)",
    "approximate": "published as an approximate figure",
    "lower_bound": "published as 'exceeded' or 'above' this value",
}

DTYPES = {
    "source": "string",
    "reporter": "string",
    "partner": "string",
    "flow": "string",
    "year": "int16",
    "month": "Int8",
    "classification": "string",
    "product": "string",
    "value_usd": "float64",
    "flag": "string",
}


def empty_flows() -> pd.DataFrame:
    """An empty table with the canonical columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in DTYPES.items()})


def coerce(df: pd.DataFrame) -> pd.DataFrame:
    """Select the canonical columns in order with canonical dtypes (flag defaults to '')."""
    df = df.copy()
    if "flag" not in df:
        df["flag"] = ""
    if "month" not in df:
        df["month"] = pd.NA
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise SchemaError(f"flows table lacks columns {missing}: a loader must return {COLUMNS}")
    df["flag"] = df["flag"].fillna("")
    return df[COLUMNS].astype(DTYPES).reset_index(drop=True)


def _describe(df: pd.DataFrame, mask: pd.Series, limit: int = 3) -> str:
    rows = df.loc[mask, KEY + ["value_usd"]].head(limit)
    return "; ".join(", ".join(f"{k}={v}" for k, v in row.items()) for _, row in rows.iterrows())


def validate(df: pd.DataFrame, allowed_codes: set[str], *, name: str = "flows") -> pd.DataFrame:
    """Check the canonical table; return it coerced, or raise SchemaError naming rows and why.

    Checks: columns and dtypes, allowed reporter/partner codes, flow and classification
    vocabularies, month in 1–12, value finite and ≥ 0, no duplicate keys.
    """
    df = coerce(df)
    checks = [
        (
            df[["reporter", "partner", "flow", "year", "classification", "product", "value_usd"]].isna().any(axis=1),
            "required fields are empty",
        ),
        (~df["reporter"].isin(allowed_codes), "reporter code is not an ISO3 code or group in data/reference"),
        (~df["partner"].isin(allowed_codes), "partner code is not an ISO3 code or group in data/reference"),
        (~df["flow"].isin(FLOWS), f"flow is not one of {sorted(FLOWS)}"),
        (~df["classification"].isin(CLASSIFICATIONS), f"classification is not one of {sorted(CLASSIFICATIONS)}"),
        (df["month"].notna() & ~df["month"].between(1, 12), "month is outside 1–12"),
        (
            ~(df["value_usd"] >= 0) | ~pd.Series(df["value_usd"].to_numpy() < float("inf"), index=df.index),
            "value_usd is negative, missing or infinite",
        ),
        (
            df.duplicated(KEY, keep=False),
            "duplicate key (source, reporter, partner, flow, year, month, classification, product)",
        ),
    ]
    for mask, why in checks:
        mask = mask.fillna(True)
        if mask.any():
            raise SchemaError(f"{name}: {int(mask.sum())} row(s) invalid — {why}: {_describe(df, mask)}")
    return df
