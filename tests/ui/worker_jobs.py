"""Stand-ins for the app's jobs, imported by the worker processes of the GUI tests."""

from __future__ import annotations

import os
import time
from typing import Any

from planner.progress import Progress
from planner.workers import jobs


def allocate_until_cancelled(*args: Any, progress: Progress) -> dict[str, Any]:
    """The real allocation, whose solver waits (reporting) until it is cancelled."""
    import planner.matching.consistent as consistent

    real = consistent.allocate

    def waiting(scores, demand, constraints, progress, **kwargs):
        while True:
            progress.step(0, 1, "waiting to be cancelled")  # raises Cancelled once asked
            time.sleep(0.02)

    consistent.allocate = waiting
    try:
        return jobs.allocate(*args, progress=progress)
    finally:
        consistent.allocate = real


def crash(*_args: Any, progress: Progress) -> None:
    """The worker process dies (as if killed for lack of memory)."""
    progress.step(0, 1, "about to stop")
    os._exit(9)


def report_and_return(value: int, *, progress: Progress) -> tuple[int, int]:
    progress.step(0, 1, "working")
    return value, os.getpid()


def plot_or_die_once(fig: Any, marker: str) -> None:
    """A plotter whose first worker dies (as a crash would), then draws a line."""
    if not os.path.exists(marker):
        with open(marker, "w"):
            pass
        os.abort()
    fig.add_subplot().plot([0, 1], [0, 1])
