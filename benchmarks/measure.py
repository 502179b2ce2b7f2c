"""How the benchmarks measure: whole processes, several times, side by side, reported as min / median / max.

Every measurement is a process of its own, timed from outside (wall seconds) with the peak
resident memory the kernel accounts to it and its waited-for children (``os.wait4``'s
``ru_maxrss``, the largest single process). Cases compared with each other run in turn within
each repeat (A B A B …), so a ratio is taken pair by pair on a machine whose speed drifts; the
first round is a warm-up (file caches filled, kernels compiled) and is not counted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path


def run(argv: list[str], *, env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run ``argv`` to completion; its wall seconds and peak memory (MB). A failing command stops the benchmark with its output."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env={**os.environ, **(env or {})}, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(
            f"benchmark command failed ({process.returncode}): {' '.join(map(str, argv))}\n{output[-2000:]}"
        )
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "output": output}


def spread(values: list[float], digits: int = 2) -> dict:
    """min, median and max of ``values``, rounded."""
    return {
        "min": round(min(values), digits),
        "median": round(statistics.median(values), digits),
        "max": round(max(values), digits),
        "n": len(values),
    }


def interleaved(cases: dict[str, Callable[[], dict]], *, repeats: int, warmup: int = 1) -> dict[str, list[dict]]:
    """Each case once per round, in turn, ``warmup`` rounds not counted then ``repeats`` counted; the counted results by case."""
    kept: dict[str, list[dict]] = {name: [] for name in cases}
    for round_number in range(warmup + repeats):
        for name, case in cases.items():
            result = case()
            if round_number >= warmup:
                kept[name].append(result)
    return kept


def summary(results: list[dict], key: str = "seconds") -> dict:
    """min / median / max of one figure over the counted runs."""
    return spread([r[key] for r in results])


def ratio(numerators: list[dict], denominators: list[dict], key: str = "seconds") -> dict:
    """A/B pair by pair (the same round), as min / median / max."""
    return spread([a[key] / b[key] for a, b in zip(numerators, denominators, strict=True)])


def shown(figure: dict, unit: str = "s") -> str:
    """'12.3 s (11.9–13.0)': the median, then min–max."""
    return f"{figure['median']:g} {unit} ({figure['min']:g}–{figure['max']:g})".replace(" x", "").replace("  ", " ")
