"""Stress test of the runner: several full runs at once beside CPU, memory and process load, repeated.

``make stress`` (or ``python tests/stress_runs.py --rounds 3``) starts, in each round, ``--runs``
forced runs of the default parameter set at once (``-j 2`` each, each into its own folder under
``outputs/stress/``) while load processes run beside them:

- ``--cpu`` busy loops (one per core by default), so kernels wait for a core;
- a memory hog holding ``--memory-mb`` of touched pages;
- a process churner that starts short-lived processes without pause, so process ids wrap
  around quickly (Linux's ``pid_max`` is 32768 on many machines): a signal sent to a process
  group that has ended would then reach whichever process took its number.

It passes when every run of every round ended with all its notebooks run; otherwise it names each
failed run with its error lines and exits 1. A summary goes to ``outputs/stress/summary.json``.
Not part of ``make test`` (several minutes, and it loads the machine on purpose).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

CPU_HOG = "while True: pass"
MEMORY_HOG = """
import sys, time
block = bytearray(int(sys.argv[1]) * 2**20)
while True:
    for i in range(0, len(block), 4096):
        block[i] = (block[i] + 1) % 256
    time.sleep(0.5)
"""
PROCESS_CHURN = """
import subprocess
while True:
    subprocess.run(["true"])
"""


def start_load(cpu: int, memory_mb: int, churn: bool) -> list[subprocess.Popen]:
    """The load processes of one round."""
    load = [subprocess.Popen([PYTHON, "-c", CPU_HOG]) for _ in range(cpu)]
    if memory_mb:
        load.append(subprocess.Popen([PYTHON, "-c", MEMORY_HOG, str(memory_mb)]))
    if churn:
        load.append(subprocess.Popen([PYTHON, "-c", PROCESS_CHURN]))
    return load


def one_round(number: int, runs: int, jobs: int, params: Path, load_options: dict) -> list[dict]:
    """``runs`` forced runs at once beside the load; one record per run."""
    load = start_load(**load_options)
    began = time.monotonic()
    started = []
    try:
        for index in range(runs):
            folder = ROOT / "outputs" / "stress" / f"round{number}-run{index}"
            command = [
                PYTHON,
                "-m",
                "tradebook",
                "run",
                "--params",
                str(params),
                "--force",
                "--no-progress",
                "-j",
                str(jobs),
                "--output-dir",
                str(folder),
            ]
            started.append(
                (folder, subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            )
        records = []
        for folder, process in started:
            out, err = process.communicate()
            lines = err.splitlines()
            records.append(
                {
                    "round": number,
                    "folder": str(folder.relative_to(ROOT)),
                    "returncode": process.returncode,
                    "notebooks_ran": sum(line.startswith("[ran]") for line in lines),
                    "errors": [
                        line for line in lines if line.startswith("error") or "Kernel" in line or "Traceback" in line
                    ],
                    "seconds": round(time.monotonic() - began, 1),
                }
            )
        return records
    finally:
        for process in load:
            process.kill()
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3, help="full runs at once in each round")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks at once within each run")
    parser.add_argument("--cpu", type=int, default=os.cpu_count() or 2, help="busy-loop processes beside the runs")
    parser.add_argument(
        "--memory-mb", type=int, default=4096, help="memory held and touched by the memory hog (0: none)"
    )
    parser.add_argument("--no-churn", action="store_true", help="leave out the process churner")
    parser.add_argument("--params", type=Path, default=ROOT / "notebooks" / "params" / "default.yaml")
    args = parser.parse_args(argv)
    load_options = {"cpu": args.cpu, "memory_mb": args.memory_mb, "churn": not args.no_churn}
    expected = len(yaml.safe_load(args.params.read_text())["notebooks"])
    records = []
    for number in range(1, args.rounds + 1):
        for record in one_round(number, args.runs, args.jobs, args.params, load_options):
            ok = record["returncode"] == 0 and record["notebooks_ran"] == expected
            record["ok"] = ok
            records.append(record)
            print(
                f"round {number}: {record['folder']}: {'ok' if ok else 'FAILED'}, {record['notebooks_ran']} of {expected} notebooks, {record['seconds']} s",
                flush=True,
            )
            for line in record["errors"]:
                print(f"    {line}", flush=True)
    summary = ROOT / "outputs" / "stress" / "summary.json"
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(
        json.dumps({"options": {**load_options, "runs": args.runs, "jobs": args.jobs}, "runs": records}, indent=1)
    )
    failed = [r for r in records if not r["ok"]]
    print(
        f"{len(records) - len(failed)} of {len(records)} runs complete over {args.rounds} round(s); summary: {summary}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
