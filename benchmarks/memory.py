"""Memory figures from /proc (Linux): this process's resident size, and the peak resident
size (the kernel's high-water mark, VmHWM) of the processes a command starts."""

from __future__ import annotations

import contextlib
import subprocess
import time
from pathlib import Path

POLL = 0.25  # seconds: workers live for the whole build, so a coarse poll sees every one


def _status_kb(pid: int | str, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def rss_mb() -> float:
    return _status_kb("self", "VmRSS") / 1024


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command may contain spaces and parentheses: the fields follow the last ')'.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def peak_rss_of_descendants_mb(process: subprocess.Popen) -> float:
    """Poll until the process ends; the largest VmHWM seen among its descendants (MB)."""
    peaks: dict[int, int] = {}
    while process.poll() is None:
        for pid in _descendants(process.pid):
            with contextlib.suppress(OSError):  # it ended between the scan and the read
                peaks[pid] = max(peaks.get(pid, 0), _status_kb(pid, "VmHWM"))
        time.sleep(POLL)
    return max(peaks.values(), default=0) / 1024
