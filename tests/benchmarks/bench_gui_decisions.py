"""Benchmark: the Matching and Allocation pages on a 50,000-employee workspace.

Builds the workspace of ``bench_gui_filter.py`` (shipped catalog, 50,000 × 40 skills), opens it
in the main window (offscreen), waits for the background scoring, then times what runs on
the GUI thread: showing the scores (ranking + fit matrix models), changing the role, a
department filter, sorting the fit matrix, the explanation of one candidate and of three,
and the allocation page's handling of a result. While the allocation itself runs in the
background, a 10 ms timer measures the longest stall of the event loop. Target: every step
and every stall ≤ 100 ms.

Run: ``python tests/benchmarks/bench_gui_decisions.py [--employees N] [--keep PATH]``
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).parent))

from bench_gui_filter import build_workspace
from PySide6.QtCore import QElapsedTimer, QItemSelectionModel, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication


class StallMeter:
    """The longest gap between two 10 ms timer ticks: how long the event loop was blocked."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.longest = 0.0
        self.timer = QTimer(interval=10, timeout=self._tick)

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.longest = max(self.longest, now - self.last - 10)
        self.last = now

    def start(self) -> None:
        self.longest, self.last = 0.0, self.clock.elapsed()
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


def timed(label: str, fn: Callable[[], object], results: dict[str, tuple[float, float]]) -> None:
    """The call's own time, and the longest event-loop stall in the 0.6 s after it
    (background work it started, such as drawing a chart, finishes meanwhile)."""
    meter = StallMeter()
    start = time.perf_counter()
    fn()
    call = (time.perf_counter() - start) * 1000
    meter.start()
    end = time.monotonic() + 0.6
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.002)
    results[label] = (call, meter.stop())


def wait(app: QApplication, done: Callable[[], bool], timeout: float = 600) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError
        app.processEvents()
        time.sleep(0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the workspace at this path")
    args = parser.parse_args()
    app = QApplication([])
    from planner.ui.mainwindow import MainWindow
    from planner.workers.process import default_pool

    default_pool().prewarm()  # as the app does at launch (stopped at exit)
    from planner.ui.settings import Settings

    folder = Path(tempfile.mkdtemp())
    path = args.keep or folder / "bench.rplan"
    if not path.exists():
        t = time.perf_counter()
        build_workspace(path, args.employees)
        print(f"built {args.employees:,} employees in {time.perf_counter() - t:.1f} s")
    window = MainWindow(Settings(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat)))
    window.resize(1366, 768)
    window.show()
    window.open_workspace(path)
    wait(app, lambda: len(window.state.data) > 0)
    matching = window.show_page("matching")
    t = time.perf_counter()
    wait(app, lambda: matching.match is not None)
    print(f"scores ready {time.perf_counter() - t:.1f} s after the data (background)")

    results: dict[str, tuple[float, float]] = {}

    def show_scores() -> None:
        matching.match = None  # force the rebuild the page does once per revision
        matching._scored()

    timed("show scores (ranking + fit matrix models)", show_scores, results)
    timed("change role", lambda: matching.role.setCurrentIndex(3), results)
    timed("department filter", lambda: matching.department.setCurrentIndex(2), results)
    timed("readiness filter", lambda: matching.readiness.setCurrentIndex(2), results)
    matching.readiness.setCurrentIndex(0)
    matching.department.setCurrentIndex(0)
    timed("explain one candidate (first chart)", lambda: matching.table.selectRow(0), results)
    timed("explain another candidate", lambda: matching.table.selectRow(4), results)
    selection = matching.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows

    def three() -> None:
        selection.select(matching.model.index(1, 0), flags)
        selection.select(matching.model.index(2, 0), flags)

    timed("compare three", three, results)
    timed("show the fit matrix", lambda: matching.tabs.setCurrentIndex(1), results)
    timed(
        "sort fit matrix by a role",
        lambda: matching.matrix.sortByColumn(5, Qt.SortOrder.DescendingOrder),
        results,
    )

    allocation = window.show_page("allocation")
    # Random levels leave few people eligible: allow everyone, 20 places in each of 10 roles.
    scores = window.state.current_scores.scores
    demand = {r: 20 for r in scores.role_ids[:10]}
    allocation.demand.set_demand(demand)
    allocation.include_ineligible.setChecked(True)
    meter = StallMeter()
    meter.start()
    done: list[int] = []
    allocation.allocated.connect(done.append)
    t = time.perf_counter()
    timed("start allocation (GUI side)", allocation.start_allocation, results)
    wait(app, lambda: bool(done) or (allocation.task is not None and allocation.task.done))
    longest = meter.stop()
    print(
        f"allocated {sum(demand.values()):,} places over {len(demand)} roles in "
        f"{time.perf_counter() - t:.1f} s (background); longest event-loop stall "
        f"{longest:.0f} ms"
    )
    timed("open the saved scenario", lambda: allocation.open_scenario("Default"), results)
    print(f"{'GUI-thread step':45s} {'call':>8s} {'longest stall after':>20s}")
    for label, (call, stall) in results.items():
        print(f"{label:45s} {call:6.0f} ms {stall:17.0f} ms")
    window.close()


if __name__ == "__main__":
    main()
