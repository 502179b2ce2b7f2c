"""The pipeline's floor, as one process: what the same parallelism cannot avoid.

One kernel per notebook, started, given that notebook's imports cell, and shut down, JOBS at a
time along the notebooks' dependency graph (the runner's own scheduler and the notebooks' declared
reads), so the floor and the run share the critical path. The benchmark times this whole process,
as it times the run's: the interpreter's start and the runner's imports count on both sides.
Usage: python floor_worker.py JOBS
"""

import json
import sys

from jupyter_client.manager import start_new_kernel

from tradebook import config
from tradebook.runner import pipeline, scheduler

jobs = int(sys.argv[1])
notebooks = pipeline.notebook_paths(pipeline.read_params(config.paths().default_params)["notebooks"])
reads = pipeline.notebook_reads(notebooks)
by_name = {notebook.name: notebook for notebook in notebooks}
kernel = pipeline.ensure_kernel()


def start_with_imports(name: str) -> str:
    cells = json.loads(by_name[name].read_text())[
        "cells"
    ]  # read as the runner's imports leave nbformat (tradebook.runner)
    imports = next("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    manager, client = start_new_kernel(kernel_name=kernel)
    client.execute_interactive(imports, timeout=120, output_hook=lambda message: None)
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return "ok"


outcomes = scheduler.run(
    list(by_name), {name: reads[name] & set(by_name) for name in by_name}, start_with_imports, jobs=jobs
)
assert all(outcome.status == "ok" for outcome in outcomes), outcomes
