"""The benchmarks' memory figure is each worker's own peak, not its parent's (issue: ru_maxrss survives fork)."""

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
WORKER = """
import json, sys
import numpy as np
from peak_memory import own_peak_mb
block = np.ones(int(sys.argv[1]) * 2**20 // 8)      # touch every page of N MB
print(json.dumps({"peak_mb": own_peak_mb()}))
"""


def peak_of_worker(megabytes: int) -> float:
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(megabytes)], capture_output=True, text=True, check=True, cwd=BENCHMARKS
    )
    return json.loads(done.stdout)["peak_mb"]


def test_a_worker_reports_what_it_allocated_even_from_a_large_parent():
    ballast = b"\x01" * (400 * 2**20)  # the parent is large (400 MB, every page written)
    assert len(ballast) and 300 <= peak_of_worker(300) <= 420
    assert peak_of_worker(1) < 150  # a small worker reports little, not the parent's 400 MB
