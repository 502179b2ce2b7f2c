"""Benchmarks (`make bench`): pipeline vs its floor, batch serial vs parallel, bulk BACI ingest.

Results go to outputs/bench/<name>.json and outputs/bench/results.md. Targets (from the
performance issue) are reported beside each measurement; they are not test assertions.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from tradebook import atomic, batch, config, dataset, pipeline

BENCH_DIR = config.paths().outputs / "bench"
HERE = Path(__file__).resolve().parent


def save(name: str, result: dict) -> dict:
    result = {
        "benchmark": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
        **result,
    }
    atomic.write_text(json.dumps(result, indent=2) + "\n", BENCH_DIR / f"{name}.json")
    print(json.dumps(result), flush=True)
    return result


def kernel_floor(notebooks: list[Path]) -> float:
    """Seconds to start one kernel per notebook, run its imports cell, and shut it down."""
    from jupyter_client.manager import start_new_kernel

    total = 0.0
    for path in notebooks:
        imports = next(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
        start = time.perf_counter()
        manager, client = start_new_kernel(kernel_name=pipeline.ensure_kernel())
        client.execute_interactive(imports, timeout=120, output_hook=lambda message: None)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        total += time.perf_counter() - start
    return total


def bench_pipeline() -> dict:
    spec = pipeline.read_params(config.paths().default_params)
    dataset.load_flows()  # the parquet cache is built once, as after a first `make run`
    with tempfile.TemporaryDirectory(prefix="bench-run-") as root:
        start = time.perf_counter()
        pipeline.run(config.paths().default_params, output_root=Path(root), progress=False)
        wall = time.perf_counter() - start
    floor = kernel_floor([config.paths().notebooks / n for n in spec["notebooks"]])
    return save(
        "pipeline",
        {"notebooks": len(spec["notebooks"]), "wall_s": round(wall, 1), "floor_s": round(floor, 1), "ratio": round(wall / floor, 2), "target": "ratio <= 2"},
    )


def bench_batch(members: int) -> dict:
    files = sorted((config.paths().params / "batch").glob("*.yaml"))[:members]
    timings = {}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as work:
        subset = Path(work) / "params"
        subset.mkdir()
        for f in files:
            # same parameter sets, made absolute so they can live outside notebooks/params/batch
            spec = pipeline.read_params(f)
            atomic.write_text(json.dumps(spec), subset / f.name)  # JSON is valid YAML
        for jobs in (1, 2):
            start = time.perf_counter()
            results = batch.run(subset, output_root=Path(work) / f"out{jobs}", jobs=jobs)
            timings[jobs] = time.perf_counter() - start
            failed = [r["name"] for r in results if r["status"] != "ok"]
            if failed:
                raise SystemExit(f"batch benchmark: runs failed: {failed}")
    return save(
        "batch",
        {
            "briefings": len(files),
            "serial_s": round(timings[1], 1),
            "two_workers_s": round(timings[2], 1),
            "ratio": round(timings[2] / timings[1], 2),
            "target": "ratio <= 0.65",
        },
    )


def ingest(mode: str, folder: Path, parquet: Path) -> dict:
    done = subprocess.run([sys.executable, str(HERE / "ingest_worker.py"), mode, str(folder), str(parquet)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_ingest(rows: int) -> dict:
    from synthetic_baci import make

    work = config.paths().external / "bench"
    folder = make(work / "baci_synthetic", rows=rows)
    parquet = work / "baci_synthetic_parquet"
    shutil.rmtree(parquet, ignore_errors=True)
    baseline, from_csv = ingest("pandas", folder, parquet), ingest("duckdb_csv", folder, parquet)
    converted = ingest("to_parquet", folder, parquet)
    from_parquet, sliced = ingest("duckdb_parquet", folder, parquet), ingest("parquet_slice", folder, parquet)
    same = all(
        baseline["rows"] == r["rows"]
        and abs(baseline["total"] - r["total"]) <= 1e-9 * baseline["total"]
        and abs(baseline["slice_total"] - r["slice_total"]) <= 1e-9 * max(baseline["slice_total"], 1)
        for r in (from_csv, from_parquet)
    )
    trade_file = next(folder.glob("BACI_*.csv"))
    return save(
        "bulk_ingest",
        {
            "data": "SYNTHETIC BACI-format yearly HS6 file (real layout and code lists, random values)",
            "rows": sum(1 for _ in open(trade_file)) - 1,
            "file_mb": round(trade_file.stat().st_size / 2**20),
            "pandas_s": round(baseline["seconds"], 2),
            "pandas_peak_mb": round(baseline["peak_mb"]),
            "duckdb_csv_s": round(from_csv["seconds"], 2),
            "duckdb_csv_peak_mb": round(from_csv["peak_mb"]),
            "speedup_csv": round(baseline["seconds"] / from_csv["seconds"], 1),
            "to_parquet_s": round(converted["seconds"], 2),
            "duckdb_parquet_s": round(from_parquet["seconds"], 2),
            "duckdb_parquet_peak_mb": round(from_parquet["peak_mb"]),
            "speedup_parquet": round(baseline["seconds"] / from_parquet["seconds"], 1),
            "identical_aggregates": bool(same),
            "china_asean_slice_from_parquet_s": round(sliced["seconds"], 3),
            "target": "speedup >= 5, peak <= 1500 MB, slice < 1 s",
        },
    )


def bench_panel(years: int, rows_per_year: int) -> dict:
    """The full-panel scale test: ``years`` synthetic yearly files aggregated to exporter × importer × HS2 × year."""
    from synthetic_baci import make

    work = config.paths().external / "bench"
    folder = work / f"baci_synthetic_panel_{years}y"
    for offset in range(years):
        make(folder, rows=rows_per_year, year=2015 + offset, seed=20251028 + offset)
    out = work / "panel_out"
    shutil.rmtree(out, ignore_errors=True)
    (out / "spill").mkdir(parents=True)
    scan, duck, chunked = (ingest(mode, folder, out) for mode in ("panel_scan", "panel_duckdb", "panel_pandas"))
    rows = scan["rows_read"]
    return save(
        "panel",
        {
            "data": f"SYNTHETIC BACI-format panel, {years} yearly HS6 files (real layout and code lists, random values)",
            "rows": rows,
            "csv_gb": round(sum(f.stat().st_size for f in folder.glob("BACI_*.csv")) / 2**30, 2),
            "scan_s": round(scan["seconds"], 1),
            "scan_peak_mb": round(scan["peak_mb"]),
            "duckdb_s": round(duck["seconds"], 1),
            "duckdb_peak_mb": round(duck["peak_mb"]),
            "duckdb_memory_limit": "2GB",
            "duckdb_rows_per_s": round(rows / duck["seconds"]),
            "pandas_chunked_s": round(chunked["seconds"], 1),
            "pandas_chunked_peak_mb": round(chunked["peak_mb"]),
            "ratio_to_floor": round(duck["seconds"] / scan["seconds"], 2),
            "pandas_over_duckdb": round(chunked["seconds"] / duck["seconds"], 1),
            "same_total": abs(duck["total"] - chunked["total"]) <= 1e-9 * chunked["total"] and duck["groups"] == chunked["groups"],
            "target": "ratio_to_floor <= 1.5, duckdb peak <= 2048 MB, pandas_over_duckdb >= 3",
        },
    )


def table(results: list[dict]) -> str:
    lines = ["| benchmark | measurement | target |", "|---|---|---|"]
    for r in results:
        if r["benchmark"] == "pipeline":
            lines.append(f"| pipeline ({r['notebooks']} notebooks + exports) | {r['wall_s']} s vs floor {r['floor_s']} s → ×{r['ratio']} | {r['target']} |")
        elif r["benchmark"] == "batch":
            lines.append(f"| batch ({r['briefings']} briefings) | serial {r['serial_s']} s, 2 workers {r['two_workers_s']} s → ×{r['ratio']} | {r['target']} |")
        elif r["benchmark"] == "panel":
            lines.append(
                f"| multi-year aggregate to exporter × importer × HS2 × year ({r['rows']:,} rows, {r['csv_gb']} GB CSV, synthetic) | "
                f"raw scan (floor) {r['scan_s']} s / {r['scan_peak_mb']} MB; DuckDB ({r['duckdb_memory_limit']} limit) {r['duckdb_s']} s / "
                f"{r['duckdb_peak_mb']} MB, {r['duckdb_rows_per_s']:,} rows/s → ×{r['ratio_to_floor']} of the floor; pandas in chunks "
                f"{r['pandas_chunked_s']} s / {r['pandas_chunked_peak_mb']} MB (×{r['pandas_over_duckdb']} DuckDB's time); same result: {r['same_total']} | {r['target']} |"
            )
        else:
            lines.append(
                f"| bulk ingest to reporter × partner × HS2 + China–ASEAN slice ({r['rows']:,} rows, {r['file_mb']} MB CSV, synthetic) | "
                f"pandas read_csv+groupby {r['pandas_s']} s / {r['pandas_peak_mb']} MB; "
                f"DuckDB on CSV {r['duckdb_csv_s']} s / {r['duckdb_csv_peak_mb']} MB (×{r['speedup_csv']}); "
                f"DuckDB on year-partitioned parquet {r['duckdb_parquet_s']} s / {r['duckdb_parquet_peak_mb']} MB (×{r['speedup_parquet']}; "
                f"one-off conversion {r['to_parquet_s']} s); identical aggregates: {r['identical_aggregates']}; "
                f"HS6 China–ASEAN slice from parquet {r['china_asean_slice_from_parquet_s']} s | {r['target']} |"
            )
    return "\n".join(lines) + f"\n\nMachine: {results[0]['machine']}; {results[0]['when']}.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=4, help="briefings in the batch benchmark (all 11: --members 11)")
    parser.add_argument("--rows", type=int, default=11_000_000, help="rows of the synthetic BACI file")
    parser.add_argument("--panel-years", type=int, default=8, help="yearly files in the multi-year panel benchmark")
    parser.add_argument("--panel-rows", type=int, default=11_250_000, help="rows per yearly file of the panel (8 × 11.25M = 90M)")
    parser.add_argument(
        "--only", choices=["pipeline", "batch", "bulk_ingest", "panel"], action="append", help="run only these (the table still shows the latest of each)"
    )
    args = parser.parse_args()
    chosen = args.only or ["pipeline", "batch", "bulk_ingest", "panel"]
    runners = {
        "pipeline": bench_pipeline,
        "batch": lambda: bench_batch(args.members),
        "bulk_ingest": lambda: bench_ingest(args.rows),
        "panel": lambda: bench_panel(args.panel_years, args.panel_rows),
    }
    for name in chosen:
        runners[name]()
    results = [json.loads((BENCH_DIR / f"{name}.json").read_text()) for name in runners if (BENCH_DIR / f"{name}.json").exists()]
    atomic.write_text(table(results), BENCH_DIR / "results.md")
    print(table(results))


if __name__ == "__main__":
    main()
