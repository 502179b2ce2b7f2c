"""The scheduler behind runs and batches: order, failures, concurrency, stamps."""

import threading
import time

import pytest

from tradebook.errors import TradebookError
from tradebook.runner import scheduler

# 01 first; 02 and 03 read 01; the briefing reads both
NEEDS = {"01": set(), "02": {"01"}, "03": {"01"}, "07": {"02", "03"}}


def test_a_failed_task_stops_only_its_dependants():
    ran = []

    def work(name):
        ran.append(name)
        if name == "02":
            raise TradebookError("02 failed in cell 4: boom")
        return "ran"

    outcomes = scheduler.run(["01", "02", "03", "07"], NEEDS, work, jobs=2)
    assert [(o.name, o.status) for o in outcomes] == [("01", "ok"), ("02", "failed"), ("03", "ok"), ("07", "skipped")]
    assert outcomes[1].detail == "02 failed in cell 4: boom"
    assert outcomes[3].detail == "not run: it needs 02, which did not complete"
    assert "07" not in ran and "03" in ran


def test_outcomes_come_back_in_task_order_whichever_finishes_first():
    delays = {"a": 0.3, "b": 0.0, "c": 0.15}

    def work(name):
        time.sleep(delays[name])
        return name.upper()

    outcomes = scheduler.run(["a", "b", "c"], {}, work, jobs=3)
    assert [o.name for o in outcomes] == ["a", "b", "c"] and [o.result for o in outcomes] == ["A", "B", "C"]


def test_never_more_than_jobs_at_once_and_needs_come_first():
    lock, running, peak, finished = threading.Lock(), [0], [0], []

    def work(name):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
            finished.append(name)

    tasks = ["01", "02", "03", "07"]
    scheduler.run(tasks, NEEDS, work, jobs=2)
    assert peak[0] == 2  # 02 and 03 side by side, never more
    assert finished.index("01") < min(finished.index("02"), finished.index("03")) and finished[-1] == "07"


def test_a_cycle_or_an_unknown_need_stops_before_anything_runs():
    with pytest.raises(TradebookError, match="cycle"):
        scheduler.run(["a", "b"], {"a": {"b"}, "b": {"a"}}, lambda name: name, jobs=1)
    with pytest.raises(TradebookError, match="does not include"):
        scheduler.run(["a"], {"a": {"z"}}, lambda name: name, jobs=1)


def test_an_unexpected_error_is_a_one_line_failure_of_that_task():
    def work(name):
        raise ValueError("bad value")

    (outcome,) = scheduler.run(["a"], {}, work, jobs=1)
    assert outcome.status == "failed" and outcome.detail == "ValueError: bad value"


def test_runs_are_incremental_by_content_stamp(project_copy, monkeypatch):
    """A notebook reruns when its source, its parameters or what it reads changed; FORCE reruns all."""
    from tradebook.runner import pipeline

    calls = []

    def fake_run(notebook, output, parameters, **options):
        calls.append(notebook.name)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("executed")

    monkeypatch.setattr(pipeline, "run_notebook", fake_run)
    params = project_copy / "p.yaml"
    params.write_text(
        "notebooks: [01_load_data.ipynb, 02_trade_structure.ipynb, 03_complementarity.ipynb]\nparameters: {partner: VNM}\n"
    )
    root = project_copy / "runs" / "incremental"

    def run(**options):
        calls.clear()
        pipeline.run(params, output_root=root, progress=False, jobs=2, **options)
        return sorted(calls)

    assert run() == ["01_load_data.ipynb", "02_trade_structure.ipynb", "03_complementarity.ipynb"]
    assert run() == []  # nothing changed: everything reused
    edited = project_copy / "notebooks" / "02_trade_structure.ipynb"
    edited.write_text(edited.read_text().replace("Trade structure", "Trade structure (edited)", 1))
    assert run() == ["02_trade_structure.ipynb"]  # only the edited notebook
    first = project_copy / "notebooks" / "01_load_data.ipynb"
    first.write_text(first.read_text().replace("01 ·", "01 (edited) ·", 1))
    assert run() == ["01_load_data.ipynb"]  # 02 and 03 read the data, not 01's outputs
    params.write_text(params.read_text().replace("partner: VNM", "partner: THA"))
    assert len(run()) == 3  # new parameters
    assert len(run(force=True)) == 3 and run() == []


def test_each_outcome_is_reported_as_it_ends():
    from tradebook.runner import scheduler

    seen = []
    outcomes = scheduler.run(
        ["a", "b", "c"],
        {"b": {"a"}, "c": {"a"}},
        lambda task: task.upper(),
        jobs=1,
        on_finish=lambda outcome: seen.append(outcome.name),
    )
    assert [o.result for o in outcomes] == ["A", "B", "C"] and seen[0] == "a" and sorted(seen) == ["a", "b", "c"]


def test_the_ready_task_heading_the_longest_chain_starts_first():
    """One worker: with expected times, 'long' (9 s) starts before 'short' (1 s) though given after it, and 'root'
    (1 s, but 'tail', 10 s, needs it) before both; without times the order given is kept."""
    from tradebook.runner import scheduler

    tasks, needs = ["short", "long", "root", "tail"], {"tail": {"root"}}
    expected = {"short": 1.0, "long": 9.0, "root": 1.0, "tail": 10.0}
    assert scheduler.critical_path(tasks, needs, expected) == {"short": 1.0, "long": 9.0, "root": 11.0, "tail": 10.0}
    started = []
    scheduler.run(tasks, needs, lambda task: task, jobs=1, expected=expected, on_start=started.append)
    assert started == ["root", "tail", "long", "short"]
    started.clear()
    scheduler.run(tasks, needs, lambda task: task, jobs=1, on_start=started.append)
    assert started == ["short", "long", "root", "tail"]


def test_last_seconds_reads_papermills_duration_from_the_first_folder_holding_the_notebook(tmp_path):
    import json

    from tradebook.runner.notebooks import last_seconds

    here, earlier = tmp_path / "here", tmp_path / "earlier"
    for folder, name, seconds in ((here, "02.ipynb", 17.5), (earlier, "02.ipynb", 99.0), (earlier, "06.ipynb", 15.0)):
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(json.dumps({"metadata": {"papermill": {"duration": seconds}}}))
    (here / "03.ipynb").write_text("{half-written")
    assert last_seconds([here, earlier], ["02.ipynb", "03.ipynb", "06.ipynb", "07.ipynb"]) == {
        "02.ipynb": 17.5,
        "06.ipynb": 15.0,
    }


def test_declared_seconds_reads_each_notebooks_own_expectation(tmp_path):
    import json

    from tradebook.runner.notebooks import declared_seconds

    (tmp_path / "02.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {"tradebook": {"reads": [], "expected_seconds": 12}}})
    )
    (tmp_path / "03.ipynb").write_text(json.dumps({"cells": [], "metadata": {"tradebook": {"reads": []}}}))
    assert declared_seconds([tmp_path / "02.ipynb", tmp_path / "03.ipynb"]) == {"02.ipynb": 12.0}


def test_a_first_run_starts_the_long_notebooks_first_and_the_briefing_last():
    """With no earlier run to time, the shipped notebooks' declared times order the start: gravity (06)
    no longer starts fifth and runs alone while the other core waits (the cold run's critical path)."""
    from tradebook import config
    from tradebook.runner import pipeline
    from tradebook.runner.notebooks import declared_seconds

    notebooks = pipeline.notebook_paths(pipeline.read_params(config.paths().default_params)["notebooks"])
    expected = declared_seconds(notebooks)
    assert len(expected) == len(notebooks), "every shipped notebook declares its expected seconds"
    reads = pipeline.notebook_reads(notebooks)
    started: list[str] = []
    scheduler.run(
        [n.name for n in notebooks], reads, lambda task: task, jobs=2, expected=expected, on_start=started.append
    )
    assert set(started[:2]) == {"02_trade_structure.ipynb", "06_gravity.ipynb"}
    assert started[-1] == "07_briefing.ipynb"
