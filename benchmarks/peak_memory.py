"""A process's own peak memory, read where Linux keeps it for this process image alone.

``resource.getrusage(RUSAGE_SELF).ru_maxrss`` survives fork and exec on Linux: a worker started
from a large benchmark process reports the parent's high-water mark, not its own. ``VmHWM`` in
/proc/self/status is the peak resident set of the current process image, reset at exec.
"""

from pathlib import Path


def own_peak_mb() -> float:
    """Peak resident memory of this process image since exec, in MB (VmHWM, /proc/self/status)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # the kernel reports kB
    raise RuntimeError("/proc/self/status has no VmHWM line: peak memory needs Linux")
