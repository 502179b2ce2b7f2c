"""One bulk-ingest measurement in its own process, so its peak memory (VmHWM, see peak_memory.py) is its own.

Usage: python ingest_worker.py MODE FOLDER OUT, MODE one of pandas, duckdb_csv, to_parquet, duckdb_parquet,
parquet_slice, reduce_duckdb, reduce_spark, panel_scan, panel_duckdb, panel_pandas, panel_to_parquet,
panel_parquet_scan, panel_parquet_groupby, panel_parquet_duckdb
Prints one JSON line: seconds, peak_mb, and checksums of the results for the equality check.
"""

import json
import sys
import time
from pathlib import Path

import pandas as pd
from peak_memory import own_peak_mb

from tradebook import reference
from tradebook.sources.live import baci

# DuckDB's limit bounds its buffer manager, not every allocation: 1.5 GB keeps the process's own peak under the 2 GB target
PANEL_MEMORY_LIMIT = "1.5GB"
mode, folder = sys.argv[1], Path(sys.argv[2])
asean = reference.members("ASEAN-10")
start = time.perf_counter()
if mode == "pandas":
    (trade_file,) = baci.year_files(folder).values()
    raw = pd.read_csv(trade_file)
    raw["hs2"] = raw["k"] // 10_000
    by_hs2 = raw.groupby(["t", "i", "j", "hs2"])["v"].sum()
    codes = baci.country_codes(folder).set_index("iso3")["code"]
    slice_ = raw[(raw["i"] == codes["CHN"]) & raw["j"].isin(codes[asean])].groupby(["j", "hs2"])["v"].sum()
    result = {"rows": int(len(by_hs2)), "total": float(by_hs2.sum() * 1000), "slice_total": float(slice_.sum() * 1000)}
elif mode in ("duckdb_csv", "duckdb_parquet"):
    by_hs2 = (
        baci.aggregate(folder, level="HS2")
        if mode == "duckdb_csv"
        else baci.read_parquet(Path(sys.argv[3]), level="HS2")
    )
    slice_ = by_hs2[(by_hs2["reporter"] == "CHN") & by_hs2["partner"].isin(asean)]  # a subset of the aggregate
    result = {
        "rows": int(len(by_hs2)),
        "total": float(by_hs2["value_usd"].sum()),
        "slice_total": float(slice_["value_usd"].sum()),
    }
elif mode == "to_parquet":
    baci.to_parquet(folder, Path(sys.argv[3]))
    result = {}
elif mode == "parquet_slice":
    slice_ = baci.read_parquet(Path(sys.argv[3]), level="HS6", exporters=["CHN"], importers=asean)
    result = {"rows": int(len(slice_)), "slice_total": float(slice_["value_usd"].sum())}
elif mode in ("panel_scan", "panel_duckdb", "panel_parquet_scan", "panel_parquet_groupby", "panel_parquet_duckdb"):
    # the multi-year panel from the yearly CSVs or their parquet copy, under a stated memory limit (DuckDB spills beyond it)
    import duckdb

    out = Path(sys.argv[3])
    if "parquet" in mode:
        source = f"read_parquet('{out / 'panel_parquet'}/t=*/*.parquet', hive_partitioning = true)"
        floor = f"SELECT count(*), sum(v) + min(i) + min(j) + min(length(k)) FROM {source}"  # read every column the aggregation reads
    else:
        source = baci._csv_source([str(f) for f in baci.year_files(folder).values()])
        floor = f"SELECT count(*), 0 FROM {source}"  # read and parse every row, compute nothing
    with duckdb.connect() as connection:
        connection.execute(f"SET memory_limit = '{PANEL_MEMORY_LIMIT}'; SET temp_directory = '{out / 'spill'}'")
        if mode.endswith("_scan"):  # the floor
            (count, _) = connection.execute(floor).fetchone()
            result = {"rows_read": int(count)}
        elif mode.endswith(
            "_groupby"
        ):  # the aggregation's own floor: its GROUP BY alone, groups counted, nothing named or written
            inner = f"SELECT t, i, j, substr(k, 1, 2), sum(v) AS v FROM {source} GROUP BY t, i, j, substr(k, 1, 2)"
            (groups, total) = connection.execute(f"SELECT count(*), sum(v) * 1000 FROM ({inner})").fetchone()
            result = {"groups": int(groups), "total": float(total)}
        else:
            codes = baci.country_codes(folder)
            connection.register("codes", codes)
            target = out / f"panel_hs2_{'parquet' if 'parquet' in mode else 'csv'}.parquet"
            connection.execute(
                f"COPY ({baci.aggregate_sql(source, 2, codes_shared=baci.codes_shared(codes))}) TO '{target}' (FORMAT parquet)"
            )
            (groups, total) = connection.execute(f"SELECT count(*), sum(value_usd) FROM '{target}'").fetchone()
            result = {"groups": int(groups), "total": float(total)}
elif mode in ("reduce_duckdb", "reduce_spark"):
    import warnings

    economies = ["CHN", *asean, "JPN", "KOR", "AUS"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown-code counts and pyspark's pandas notice: not what is timed
        flows = baci.reduce(folder, economies, engine=mode.split("_")[1])
    result = {"rows": int(len(flows)), "total": float(flows["value_usd"].sum())}
elif mode == "panel_to_parquet":
    baci.to_parquet(folder, Path(sys.argv[3]) / "panel_parquet")
    result = {}
elif mode == "panel_pandas":
    partial = []
    for trade_file in baci.year_files(folder).values():
        for chunk in pd.read_csv(trade_file, usecols=["t", "i", "j", "k", "v"], chunksize=5_000_000):
            chunk["hs2"] = chunk["k"] // 10_000
            partial.append(chunk.groupby(["t", "i", "j", "hs2"])["v"].sum())
    by_hs2 = pd.concat(partial).groupby(level=[0, 1, 2, 3]).sum()
    result = {"groups": int(len(by_hs2)), "total": float(by_hs2.sum() * 1000)}
else:
    raise SystemExit(f"unknown mode {mode}")
seconds = time.perf_counter() - start
print(json.dumps({"mode": mode, "seconds": seconds, "peak_mb": own_peak_mb(), **result}))
