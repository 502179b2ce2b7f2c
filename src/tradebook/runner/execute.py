"""Execute one notebook with papermill in a process of its own: ``python -m tradebook.runner.execute``.

The runner starts one such process per notebook (``pipeline.run_notebook``) instead of calling
papermill from its worker threads, so nothing process-wide is shared between two notebooks that
run at once: papermill's working directory (``cwd=`` is an ``os.chdir`` of the whole process,
which its maintainers call unsafe with threads), its local-file handler, the ZeroMQ context and
event loop of each kernel client, and the child processes the interpreter reaps.

The kernel is driven by ``RunnerKernelManager``, which talks to it over Unix sockets (no TCP
port for two kernels started at once to both pick) and shuts it down with the shutdown
request alone: jupyter_client sends SIGINT to the kernel's process group before every shutdown
(ipykernel then prints ``KeyboardInterrupt caught in kernel``), and a signal addressed to a
process group is only as safe as the id it names. The manager also records how the kernel's
process ended, so a kernel that dies is reported with its notebook, its cell and its exit
signal (SIGKILL is what Linux's out-of-memory killer sends).

Protocol: the parameters arrive as JSON on standard input; the process exits 0 when the notebook
ran, otherwise it prints one JSON line on standard output (``{"status": "cell_error", ...}`` or
``{"status": "kernel_died", ...}``) and exits 1. The partial executed copy is left at the
output path for the caller to keep as ``<name>.failed.ipynb``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager
from traitlets import CaselessStrEnum, Float, default


class RunnerKernelManager(AsyncKernelManager):
    """The kernel manager of the runner's notebooks: Unix sockets, no interrupt at shutdown, the kernel's exit status kept."""

    # a loaded machine may need more than jupyter_client's 5 s to let an idle kernel exit after
    # its shutdown request; only then is it sent SIGTERM, and SIGKILL after as long again
    shutdown_wait_time = Float(20.0, config=True)
    # The kernel's five channels on Unix sockets in a folder of this process, not TCP ports:
    # jupyter_client picks a TCP port by binding port 0 and closing it, and a kernel started
    # meanwhile by another process (another notebook, another run, a test) can take the same
    # port, so one of the two kernels dies before it replies. A socket file cannot be taken so.
    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)
    exit_status: int | None = None
    socket_folder = ""  # set by ``main`` to a temporary folder it removes at the end

    @default("ip")
    def _private_socket_prefix(self) -> str:
        return os.path.join(self.socket_folder or tempfile.gettempdir(), "channel")

    async def _async_interrupt_kernel(self) -> None:
        if self.shutting_down:  # the kernel is idle when the runner shuts it down: the request suffices
            return
        await super()._async_interrupt_kernel()

    async def _async_is_alive(self) -> bool:
        alive = await super()._async_is_alive()
        process = getattr(self.provisioner, "process", None)
        if not alive and process is not None and process.returncode is not None:
            RunnerKernelManager.exit_status = process.returncode
        return alive


def describe_exit(status: int | None) -> str:
    """How a kernel process ended, in words: 'killed by SIGKILL' or 'exit code 1' (Popen's returncode)."""
    if status is None:
        return "its exit status is unknown"
    if status < 0:
        name = signal.Signals(-status).name if -status in signal.Signals._value2member_map_ else f"signal {-status}"
        hint = " (sent by Linux's out-of-memory killer, among others)" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit code {status}"


def running_cell(path: str) -> tuple[int | None, str]:
    """The index and id of the last cell papermill started in the executed copy at ``path`` (None if none started)."""
    import nbformat

    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - a copy cut short by the death itself: the cell is then unknown
        return None, ""
    started = [
        (i, c) for i, c in enumerate(notebook.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    if not started:
        return None, ""
    index, cell = started[-1]
    return index, cell.get("id", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tradebook.runner.execute", description="execute one notebook (parameters as JSON on stdin)"
    )
    parser.add_argument("notebook")
    parser.add_argument("output")
    parser.add_argument("--kernel", required=True)
    parser.add_argument("--cwd", required=True, help="the kernel's working directory (the notebook's folder)")
    parser.add_argument("--progress", action="store_true")
    args = parser.parse_args(argv)
    parameters = json.loads(sys.stdin.read() or "{}")

    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    try:
        with tempfile.TemporaryDirectory(prefix="tradebook-kernel-") as sockets:
            RunnerKernelManager.socket_folder = sockets
            papermill.execute_notebook(
                args.notebook,
                args.output,
                parameters=parameters,
                kernel_name=args.kernel,
                cwd=args.cwd,  # a chdir of this process alone
                progress_bar=args.progress,
                log_output=False,
                kernel_manager_class=RunnerKernelManager,
            )
    except PapermillExecutionError as error:
        print(
            json.dumps(
                {"status": "cell_error", "cell": error.exec_count, "ename": error.ename, "evalue": error.evalue}
            ),
            flush=True,
        )
        return 1
    except DeadKernelError:
        index, cell_id = running_cell(args.output)
        print(
            json.dumps(
                {
                    "status": "kernel_died",
                    "cell": index,
                    "cell_id": cell_id,
                    "exit": describe_exit(RunnerKernelManager.exit_status),
                }
            ),
            flush=True,
        )
        return 1
    except Exception as error:  # noqa: BLE001 - e.g. a kernel that never started: one line for the runner to name
        print(
            json.dumps(
                {"status": "error", "ename": type(error).__name__, "evalue": " ".join(str(error).split())[:300]}
            ),
            flush=True,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
