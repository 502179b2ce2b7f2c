"""Benchmarks (`make bench`): the pipeline against its fair floor and the naive papermill chain, the edit loop,
the batch, one BACI year (pandas, DuckDB on CSV and parquet), DuckDB beside Spark, the multi-year panel.

Each figure is min / median / max over ``--repeats`` counted rounds (``measure``: whole processes,
cases in turn within a round, a warm-up round first). Results go to outputs/bench/<name>.json and
outputs/bench/results.md. Targets (from the performance issue) are reported beside each
measurement; they are not test assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import measure
import nbformat

from tradebook import atomic, config
from tradebook.flows import dataset
from tradebook.runner import batch, pipeline

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


JOBS = os.cpu_count() or 1


def cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "tradebook", *arguments]


def naive_chain(notebooks: list[str], folder: Path, notebooks_dir: Path | None = None) -> list[str]:
    """What a researcher writes without the workbook: plain papermill, each notebook after the other, into one folder."""
    steps = " && ".join(
        f"{shlex.quote(sys.executable)} -m papermill {n} {shlex.quote(str(folder / n))} -k tradebook --no-progress-bar"
        for n in notebooks
    )
    return ["bash", "-c", f"set -e; cd {shlex.quote(str(notebooks_dir or config.paths().notebooks))} && {steps}"]


def cell_times(executed: Path, top: int = 12) -> list[dict]:
    """The slowest cells of a run (papermill records each cell's duration in its metadata), slowest first."""
    cells = []
    for notebook in sorted(executed.glob("0*.ipynb")):
        for position, cell in enumerate(nbformat.read(notebook, as_version=4).cells):
            duration = cell.get("metadata", {}).get("papermill", {}).get("duration")
            if cell.cell_type == "code" and duration:
                first = next(
                    (line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), ""
                )
                cells.append(
                    {"notebook": notebook.stem, "cell": position, "seconds": round(duration, 2), "code": first[:90]}
                )
    by_notebook = {}
    for cell in cells:
        by_notebook[cell["notebook"]] = round(by_notebook.get(cell["notebook"], 0) + cell["seconds"], 1)
    return {"by_notebook_s": by_notebook, "slowest_cells": sorted(cells, key=lambda c: -c["seconds"])[:top]}


def bench_pipeline(repeats: int) -> dict:
    """The cold run, its unchanged rerun, the naive papermill chain and the fair floor, in turn within each round."""
    spec = pipeline.read_params(config.paths().default_params)
    dataset.load_flows()  # the parquet cache is built once, as after a first `make run`
    with tempfile.TemporaryDirectory(prefix="bench-run-") as work:
        work = Path(work)
        rounds = {"n": 0}

        def cold() -> dict:
            rounds["n"] += 1
            return measure.run(
                cli("run", "--output-dir", str(work / f"run{rounds['n']}"), "--no-progress", "-j", str(JOBS))
            )

        def unchanged() -> dict:
            return measure.run(
                cli("run", "--output-dir", str(work / f"run{rounds['n']}"), "--no-progress", "-j", str(JOBS))
            )

        def naive() -> dict:
            folder = work / f"naive{rounds['n']}"
            (folder / "notebooks").mkdir(parents=True)
            return measure.run(
                naive_chain(spec["notebooks"], folder / "notebooks"), env={"TRADEBOOK_OUTPUTS": str(folder)}
            )

        def floor() -> dict:  # a whole process, as the run is: its interpreter and imports count on both sides
            return measure.run([sys.executable, str(HERE / "floor_worker.py"), str(JOBS)])

        kept = measure.interleaved(
            {"cold": cold, "unchanged": unchanged, "naive": naive, "floor": floor}, repeats=repeats
        )
        cells = cell_times(work / f"run{rounds['n']}" / "notebooks")
    return save(
        "pipeline",
        {
            "notebooks": len(spec["notebooks"]),
            "jobs": JOBS,
            "cold_s": measure.summary(kept["cold"]),
            "cold_peak_mb": measure.summary(kept["cold"], "peak_mb"),
            "unchanged_s": measure.summary(kept["unchanged"]),
            "naive_papermill_s": measure.summary(kept["naive"]),
            "floor_s": measure.summary(kept["floor"]),
            "cold_over_floor": measure.ratio(kept["cold"], kept["floor"]),
            "cold_over_naive": measure.ratio(kept["cold"], kept["naive"]),
            "unchanged_over_naive": measure.ratio(kept["unchanged"], kept["naive"]),
            "cells": cells,
            "floor": f"one process starting one kernel per notebook with its imports cell, {JOBS} at a time along the notebooks' reads (benchmarks/floor_worker.py)",
            "naive": "the same notebooks one after another with plain papermill (no stamps, no staging, no exports)",
            "target": "cold_over_floor <= 2; cold_over_naive < 1; unchanged_over_naive < 0.1",
        },
    )


def bench_edit_loop(repeats: int) -> dict:
    """Edit a Markdown cell of 02, then `make run`, against running 02 and 07 alone with papermill, in a project copy."""
    with tempfile.TemporaryDirectory(prefix="bench-edit-") as work:
        copy = Path(work)
        for folder in ("data/raw", "data/reference", "notebooks"):
            shutil.copytree(config.paths().root / folder, copy / folder)
        env = {"TRADEBOOK_ROOT": str(copy)}
        measure.run(cli("run", "--no-progress", "-j", str(JOBS)), env=env)  # the run the researcher edits after
        notebook = copy / "notebooks" / "02_trade_structure.ipynb"
        edits = {"n": 0}

        def edit_then_run() -> dict:
            edits["n"] += 1
            content = nbformat.read(notebook, as_version=4)
            markdown = next(cell for cell in content.cells if cell.cell_type == "markdown")
            markdown.source += f"\n\n(benchmark edit {edits['n']})"
            nbformat.write(content, notebook)
            return measure.run(cli("run", "--no-progress", "-j", str(JOBS)), env=env)

        def alone() -> dict:
            folder = copy / "alone"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.copytree(copy / "outputs", folder, ignore=shutil.ignore_patterns("scratch", ".*"))
            chain = naive_chain(
                ["02_trade_structure.ipynb", "07_briefing.ipynb"], folder / "notebooks", copy / "notebooks"
            )
            return measure.run(chain, env={**env, "TRADEBOOK_OUTPUTS": str(folder)})

        kept = measure.interleaved({"edit_then_run": edit_then_run, "alone": alone}, repeats=repeats)
    return save(
        "edit_loop",
        {
            "make_run_after_edit_s": measure.summary(kept["edit_then_run"]),
            "papermill_02_and_07_s": measure.summary(kept["alone"]),
            "ratio": measure.ratio(kept["edit_then_run"], kept["alone"]),
            "target": "ratio <= 1.3",
        },
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
    done = subprocess.run(
        [sys.executable, str(HERE / "ingest_worker.py"), mode, str(folder), str(parquet)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_ingest(rows: int, repeats: int) -> dict:
    """One synthetic BACI year: pandas, DuckDB on the CSV and on its parquet copy, the China–ASEAN slice; in turn within each round."""
    from synthetic_baci import make

    work = config.paths().external / "bench"
    folder = make(work / "baci_synthetic", rows=rows)
    parquet = work / "baci_synthetic_parquet"
    shutil.rmtree(parquet, ignore_errors=True)
    converted = ingest("to_parquet", folder, parquet)  # once: the conversion cost, reported apart
    modes = ("pandas", "duckdb_csv", "duckdb_parquet", "parquet_slice")
    kept = measure.interleaved(
        {mode: (lambda mode=mode: ingest(mode, folder, parquet)) for mode in modes}, repeats=repeats
    )
    baseline = kept["pandas"][0]
    same = all(
        baseline["rows"] == r["rows"] and abs(baseline["total"] - r["total"]) <= 1e-9 * baseline["total"]
        for r in (kept["duckdb_csv"][0], kept["duckdb_parquet"][0])
    )
    trade_file = next(folder.glob("BACI_*.csv"))
    return save(
        "bulk_ingest",
        {
            "data": "SYNTHETIC BACI-format yearly HS6 file (real layout and code lists, random values)",
            "rows": sum(1 for _ in open(trade_file)) - 1,
            "file_mb": round(trade_file.stat().st_size / 2**20),
            "cache": "warm: one round not counted first, so every counted read comes from the page cache",
            "threads": f"DuckDB's default, one per core ({JOBS})",
            **{f"{mode}_s": measure.summary(kept[mode]) for mode in modes},
            **{f"{mode}_peak_mb": measure.summary(kept[mode], "peak_mb") for mode in modes},
            "to_parquet_s": round(converted["seconds"], 2),
            "pandas_over_duckdb_csv": measure.ratio(kept["pandas"], kept["duckdb_csv"]),
            "pandas_over_duckdb_parquet": measure.ratio(kept["pandas"], kept["duckdb_parquet"]),
            "identical_aggregates": bool(same),
            "target": "pandas_over_duckdb >= 3 (issue), peak <= 1500 MB, slice < 1 s",
        },
    )


def bench_engines(rows: int, repeats: int) -> dict:
    """``baci.reduce`` of one synthetic year for the default run's economies, on DuckDB and on Spark local, in turn."""
    from synthetic_baci import make

    folder = make(config.paths().external / "bench" / "baci_synthetic", rows=rows)
    kept = measure.interleaved(
        {engine: (lambda engine=engine: ingest(f"reduce_{engine}", folder, folder)) for engine in ("duckdb", "spark")},
        repeats=repeats,
    )
    duck, spark = kept["duckdb"][0], kept["spark"][0]
    return save(
        "engines",
        {
            "data": f"SYNTHETIC BACI-format yearly HS6 file, {rows:,} rows; reduced for 14 economies",
            "duckdb_s": measure.summary(kept["duckdb"]),
            "duckdb_peak_mb": measure.summary(kept["duckdb"], "peak_mb"),
            "spark_local_s": measure.summary(kept["spark"]),
            "spark_driver_peak_mb": measure.summary(kept["spark"], "peak_mb"),
            "spark_over_duckdb": measure.ratio(kept["spark"], kept["duckdb"]),
            "same_rows_and_total": duck["rows"] == spark["rows"]
            and abs(duck["total"] - spark["total"]) <= 1e-9 * duck["total"],
            "spark": f"local[{JOBS}] (SPARK_MASTER unset); its JVM's memory is outside this process's figure",
            "target": "Spark beside DuckDB, same result (no speed target on one machine)",
        },
    )


def bench_panel(years: int, rows_per_year: int, repeats: int) -> dict:
    """The full-panel scale test: ``years`` synthetic yearly files to exporter × importer × HS2 × year, from CSV and from parquet."""
    from synthetic_baci import make

    work = config.paths().external / "bench"
    folder = work / f"baci_synthetic_panel_{years}y"
    for offset in range(years):
        make(folder, rows=rows_per_year, year=2015 + offset, seed=20251028 + offset)
    out = work / "panel_out"
    shutil.rmtree(out, ignore_errors=True)
    (out / "spill").mkdir(parents=True)
    converted = ingest("panel_to_parquet", folder, out)  # once, reported apart
    modes = (
        "panel_parquet_scan",
        "panel_parquet_groupby",
        "panel_parquet_duckdb",
        "panel_scan",
        "panel_duckdb",
        "panel_pandas",
    )
    kept = measure.interleaved(
        {mode: (lambda mode=mode: ingest(mode, folder, out)) for mode in modes}, repeats=repeats, warmup=0
    )
    duck, bare, chunked = kept["panel_parquet_duckdb"][0], kept["panel_parquet_groupby"][0], kept["panel_pandas"][0]
    return save(
        "panel",
        {
            "data": f"SYNTHETIC BACI-format panel, {years} yearly HS6 files (real layout and code lists, random values)",
            "rows": kept["panel_scan"][0]["rows_read"],
            "csv_gb": round(sum(f.stat().st_size for f in folder.glob("BACI_*.csv")) / 2**30, 2),
            "cache": "no warm-up round (the files exceed what a warm-up buys): the first round reads cold",
            "to_parquet_s": round(converted["seconds"], 1),
            **{f"{mode}_s": measure.summary(kept[mode]) for mode in modes},
            **{f"{mode}_peak_mb": measure.summary(kept[mode], "peak_mb") for mode in modes},
            "duckdb_memory_limit": ingest_worker_limit(),
            "parquet_ratio_to_floor": measure.ratio(kept["panel_parquet_duckdb"], kept["panel_parquet_scan"]),
            "groupby_ratio_to_floor": measure.ratio(kept["panel_parquet_groupby"], kept["panel_parquet_scan"]),
            "parquet_ratio_to_groupby": measure.ratio(kept["panel_parquet_duckdb"], kept["panel_parquet_groupby"]),
            "csv_ratio_to_floor": measure.ratio(kept["panel_duckdb"], kept["panel_scan"]),
            "pandas_over_duckdb": measure.ratio(kept["panel_pandas"], kept["panel_parquet_duckdb"]),
            "same_total": all(
                abs(r["total"] - chunked["total"]) <= 1e-9 * chunked["total"] and r["groups"] == chunked["groups"]
                for r in (duck, bare)
            ),
            "target": "parquet_ratio_to_floor <= 1.5, panel_parquet_duckdb peak <= 2048 MB, pandas_over_duckdb >= 3",
        },
    )


def ingest_worker_limit() -> str:
    return next(
        line.split('"')[1]
        for line in (HERE / "ingest_worker.py").read_text().splitlines()
        if line.startswith("PANEL_MEMORY_LIMIT")
    )


def table(results: list[dict]) -> str:
    """The README's table: each figure as median (min–max) over the counted runs."""
    show = measure.shown
    lines = ["| benchmark | measurement, median (min–max) | target |", "|---|---|---|"]
    for r in results:
        kind = r["benchmark"]
        if kind == "pipeline":
            lines.append(
                f"| pipeline ({r['notebooks']} notebooks + exports, {r['jobs']} at a time) | cold run {show(r['cold_s'])}; fair floor {show(r['floor_s'])} → "
                f"×{show(r['cold_over_floor'], '')}; naive papermill chain {show(r['naive_papermill_s'])} → cold run ×{show(r['cold_over_naive'], '')} of it; "
                f"unchanged rerun {show(r['unchanged_s'])} → ×{show(r['unchanged_over_naive'], '')} of the naive chain | {r['target']} |"
            )
        elif kind == "edit_loop":
            lines.append(
                f"| edit a Markdown cell of 02, then `make run` | {show(r['make_run_after_edit_s'])} vs 02 and 07 alone with papermill "
                f"{show(r['papermill_02_and_07_s'])} → ×{show(r['ratio'], '')} | {r['target']} |"
            )
        elif kind == "batch":
            lines.append(
                f"| batch ({r['briefings']} briefings, one round) | serial {r['serial_s']} s, 2 workers {r['two_workers_s']} s → ×{r['ratio']} | {r['target']} |"
            )
        elif kind == "bulk_ingest":
            lines.append(
                f"| one BACI year to reporter × partner × HS2 ({r['rows']:,} rows, {r['file_mb']} MB CSV, synthetic, warm cache) | "
                f"pandas {show(r['pandas_s'])} / {r['pandas_peak_mb']['median']:.0f} MB; DuckDB on CSV {show(r['duckdb_csv_s'])} "
                f"(pandas ×{show(r['pandas_over_duckdb_csv'], '')}); DuckDB on parquet {show(r['duckdb_parquet_s'])} "
                f"(pandas ×{show(r['pandas_over_duckdb_parquet'], '')}; conversion once {r['to_parquet_s']} s); "
                f"China–ASEAN HS6 slice {show(r['parquet_slice_s'])}; identical: {r['identical_aggregates']} | {r['target']} |"
            )
        elif kind == "engines":
            lines.append(
                f"| `baci.reduce` of one year on DuckDB and on Spark local | DuckDB {show(r['duckdb_s'])}; Spark local {show(r['spark_local_s'])} "
                f"(×{show(r['spark_over_duckdb'], '')}); same rows and total: {r['same_rows_and_total']} | {r['target']} |"
            )
        elif kind == "panel":
            lines.append(
                f"| multi-year panel to exporter × importer × HS2 × year ({r['rows']:,} rows, {r['csv_gb']} GB CSV, synthetic) | "
                f"parquet (converted once, {r['to_parquet_s']} s): raw scan {show(r['panel_parquet_scan_s'])}, DuckDB ({r['duckdb_memory_limit']} limit) "
                f"{show(r['panel_parquet_duckdb_s'])} / {r['panel_parquet_duckdb_peak_mb']['max']:.0f} MB peak → ×{show(r['parquet_ratio_to_floor'], '')} of the scan "
                f"(its GROUP BY alone {show(r['panel_parquet_groupby_s'])}, ×{show(r['groupby_ratio_to_floor'], '')} of the scan; naming and writing the groups "
                f"×{show(r['parquet_ratio_to_groupby'], '')} of that); "
                f"CSV: scan {show(r['panel_scan_s'])}, DuckDB {show(r['panel_duckdb_s'])} (×{show(r['csv_ratio_to_floor'], '')}); pandas in chunks "
                f"{show(r['panel_pandas_s'])} / {r['panel_pandas_peak_mb']['median']:.0f} MB (×{show(r['pandas_over_duckdb'], '')}); same result: {r['same_total']} | {r['target']} |"
            )
    text = "\n".join(lines) + f"\n\nMachine: {results[0]['machine']}; {results[0]['when']}.\n"
    pipeline_result = next((r for r in results if r["benchmark"] == "pipeline"), None)
    if pipeline_result:
        text += "\n" + cell_table(pipeline_result["cells"])
    return text


def cell_table(cells: dict) -> str:
    """Where the pipeline's time goes: each notebook's code cells in total, then the slowest cells (the last counted cold run)."""
    lines = [
        "| notebook | seconds in its cells |",
        "|---|---|",
        *(f"| {name} | {seconds:g} |" for name, seconds in cells["by_notebook_s"].items()),
    ]
    lines += ["", "| slowest cell | seconds | its first line |", "|---|---|---|"]
    lines += [
        f"| {c['notebook']} cell {c['cell']} | {c['seconds']:g} | `{c['code'].replace('|', '/')}` |"
        for c in cells["slowest_cells"]
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeats", type=int, default=3, help="counted rounds of each comparison (after one warm-up round)"
    )
    parser.add_argument(
        "--members", type=int, default=4, help="briefings in the batch benchmark (all 11: --members 11)"
    )
    parser.add_argument("--rows", type=int, default=11_000_000, help="rows of the synthetic BACI file")
    parser.add_argument("--panel-years", type=int, default=8, help="yearly files in the multi-year panel benchmark")
    parser.add_argument(
        "--panel-rows", type=int, default=11_250_000, help="rows per yearly file of the panel (8 × 11.25M = 90M)"
    )
    names = ["pipeline", "edit_loop", "batch", "bulk_ingest", "engines", "panel"]
    parser.add_argument(
        "--only", choices=names, action="append", help="run only these (the table still shows the latest of each)"
    )
    args = parser.parse_args()
    runners = {
        "pipeline": lambda: bench_pipeline(args.repeats),
        "edit_loop": lambda: bench_edit_loop(args.repeats),
        "batch": lambda: bench_batch(args.members),
        "bulk_ingest": lambda: bench_ingest(args.rows, args.repeats),
        "engines": lambda: bench_engines(args.rows, args.repeats),
        "panel": lambda: bench_panel(args.panel_years, args.panel_rows, args.repeats),
    }
    for name in args.only or names:
        runners[name]()
    results = [
        json.loads((BENCH_DIR / f"{name}.json").read_text()) for name in names if (BENCH_DIR / f"{name}.json").exists()
    ]
    atomic.write_text(table(results), BENCH_DIR / "results.md")
    print(table(results))


if __name__ == "__main__":
    main()
