"""Run tasks that depend on one another, as many at once as allowed.

The notebooks of a run (01–06 read only the data, the briefing reads them all)
and the parameter sets of a batch (independent) both go through ``run``: a task starts as soon
as every task it needs has succeeded; a failed task's dependants are skipped with the reason,
the others go on; outcomes come back in the order the tasks were given, whichever finished first.
When the tasks' expected times are known (the notebooks' last run), the ready task that heads
the longest remaining chain starts first (critical-path list scheduling; Graham 1969's
longest-processing-time rule when nothing depends on anything), so a long notebook does not
start last and run alone while a core waits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass

from tradebook.errors import TradebookError


@dataclass
class Outcome:
    """What became of one task: status ``ok``, ``failed`` or ``skipped``, a one-line detail, its result."""

    name: str
    status: str
    detail: str = ""
    result: object = None


def check_graph(tasks: list[str], needs: dict[str, set[str]]) -> None:
    """Stop on a need that is not a task of this run, or on a cycle (naming them)."""
    for task, required in needs.items():
        unknown = sorted(set(required) - set(tasks))
        if unknown:
            raise TradebookError(f"{task} needs {unknown}, which this run does not include")
    done: set[str] = set()
    pending = list(tasks)
    while pending:
        ready = [t for t in pending if needs.get(t, set()) <= done]
        if not ready:
            raise TradebookError(f"tasks need each other in a cycle: {sorted(pending)}")
        done |= set(ready)
        pending = [t for t in pending if t not in done]


def critical_path(tasks: list[str], needs: dict[str, set[str]], expected: Mapping[str, float]) -> dict[str, float]:
    """Each task's expected time plus the longest chain of expected times of the tasks that need it, directly or not (seconds)."""
    remaining: dict[str, float] = {}

    def chain(task: str) -> float:
        if task not in remaining:
            dependants = [t for t in tasks if task in needs.get(t, set())]
            remaining[task] = expected.get(task, 0.0) + max((chain(t) for t in dependants), default=0.0)
        return remaining[task]

    return {task: chain(task) for task in tasks}


def run(
    tasks: list[str],
    needs: dict[str, set[str]],
    work: Callable[[str], object],
    *,
    jobs: int,
    expected: Mapping[str, float] | None = None,
    processes: bool = False,
    on_start: Callable[[str], None] | None = None,
    on_finish: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Run ``work(task)`` for every task, up to ``jobs`` at once, each after the tasks it ``needs``.

    Threads by default (each notebook runs in its own kernel process anyway); ``processes=True``
    for work that sets process-wide state (a batch run sets its own outputs folder). A
    ``TradebookError`` from ``work`` is that task's one-line failure; any other exception too,
    prefixed with its type. An interrupt cancels what has not started and propagates.
    ``on_start(task)`` and ``on_finish(outcome)`` are called as each task starts and ends (a
    skipped task only ends), so progress can be shown as it happens. ``expected`` (seconds by
    task, e.g. each notebook's last run) orders the ready tasks by ``critical_path``, longest
    first; without it they start in the order given.
    """
    if jobs < 1:
        raise TradebookError(f"-j must be at least 1, got {jobs}")
    check_graph(tasks, needs)
    longest = critical_path(tasks, needs, expected or {})
    order = sorted(tasks, key=lambda task: -longest[task])  # stable: ties keep the order given
    outcomes: dict[str, Outcome] = {}
    running: dict[Future, str] = {}
    pool = (ProcessPoolExecutor if processes else ThreadPoolExecutor)(max_workers=jobs)
    try:
        while len(outcomes) < len(tasks):
            for task in order:
                if task in outcomes or task in running.values() or len(running) >= jobs:
                    continue
                required = needs.get(task, set())
                broken = sorted(n for n in required if n in outcomes and outcomes[n].status != "ok")
                if broken:
                    outcomes[task] = Outcome(
                        task, "skipped", f"not run: it needs {', '.join(broken)}, which did not complete"
                    )
                    if on_finish:
                        on_finish(outcomes[task])
                elif all(n in outcomes for n in required):
                    if on_start:
                        on_start(task)
                    running[pool.submit(work, task)] = task
            if not running:
                continue  # only skips were decided this round; look again
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                task = running.pop(future)
                try:
                    outcomes[task] = Outcome(task, "ok", result=future.result())
                except TradebookError as error:
                    outcomes[task] = Outcome(task, "failed", str(error))
                except Exception as error:  # a task must report, not end the others
                    outcomes[task] = Outcome(task, "failed", f"{type(error).__name__}: {error}")
                if on_finish:
                    on_finish(outcomes[task])
    except BaseException:
        for future in running:
            future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return [outcomes[task] for task in tasks]
