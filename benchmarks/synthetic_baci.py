"""A SYNTHETIC BACI-format release for benchmarks: real layout and code lists, random values.

Exporter/importer codes are the ISO numeric codes of the countries in the Atlas reference
country list (as BACI uses them); products are the 5,040 HS92 6-digit codes of the Atlas
HS92 list; values are random (lognormal). Every file name carries "SYNTHETIC". Never committed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from tradebook.sources import manifest

VERSION = "V000000SYNTHETIC"


def make(folder: Path, *, rows: int = 11_000_000, year: int = 2022, seed: int = 20251028) -> Path:
    """Write one yearly BACI-format file of about ``rows`` unique (i, j, k) rows, plus code files."""
    folder = Path(folder)
    trade_file = folder / f"BACI_HS92_Y{year}_{VERSION}.csv"
    if trade_file.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    countries = pd.read_csv(
        manifest.verified("atlas_reference/country.csv"), usecols=["iso3_code", "country_id", "iso2_code"]
    )
    countries = countries.dropna().drop_duplicates("country_id")
    products = pd.read_csv(
        manifest.verified("atlas_reference/hs92.csv"), usecols=["code", "product_level"], dtype={"code": str}
    )
    hs6 = products.loc[(products["product_level"] == 6) & products["code"].str.fullmatch(r"\d{6}"), "code"]
    hs6 = hs6.astype(int).to_numpy()  # BACI writes k as an integer (leading zeros lost)
    rng = np.random.default_rng(seed)
    codes = countries["country_id"].to_numpy()
    weights = rng.pareto(2.0, len(codes)) + 0.3  # some large traders, many small ones
    weights /= weights.sum()
    draw = int(rows * 1.5)  # head-room for duplicate (i, j, k) draws, removed below
    i = rng.choice(len(codes), draw, p=weights)
    j = rng.choice(len(codes), draw, p=weights)
    k = rng.integers(0, len(hs6), draw)
    key = np.unique((i.astype(np.int64) * 1000 + j) * 10_000 + k)
    key = key[(key // 10_000 // 1000) != (key // 10_000 % 1000)][:rows]  # no trade with oneself
    i, j, k = key // 10_000 // 1000, key // 10_000 % 1000, key % 10_000
    table = pa.table(
        {
            "t": np.full(len(key), year, dtype=np.int32),
            "i": codes[i].astype(np.int32),
            "j": codes[j].astype(np.int32),
            "k": hs6[k].astype(np.int32),
            "v": np.round(rng.lognormal(3.0, 2.0, len(key)), 3),
            "q": np.round(rng.lognormal(2.0, 2.0, len(key)), 3),
        }
    )
    pa_csv.write_csv(table, trade_file)
    pd.DataFrame(
        {
            "country_code": countries["country_id"],
            "country_name": countries["iso3_code"] + " (synthetic label)",
            "country_iso2": countries["iso2_code"],
            "country_iso3": countries["iso3_code"],
        }
    ).to_csv(folder / f"country_codes_{VERSION}.csv", index=False)
    pd.DataFrame({"code": [f"{c:06d}" for c in hs6], "description": "synthetic"}).to_csv(
        folder / f"product_codes_HS92_{VERSION}.csv", index=False
    )
    return folder
