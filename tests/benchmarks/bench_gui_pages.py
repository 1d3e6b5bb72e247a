"""Benchmark: the decision pages stay responsive, on the demo and on 50,000 people.

Opens the main window (offscreen) on a workspace and drives it through the widgets: every
page is shown, a demand is set on the Allocation page and allocated, the plan is built on
the Plans page, the Workshops and Dashboard pages are shown. A 5 ms heartbeat timer on the
GUI thread measures how long the event loop was blocked (the longest gap between two
ticks, minus the interval): that is what a user feels as a frozen window. Progress
reports received from the background work are counted.

Run: ``python tests/benchmarks/bench_gui_pages.py [--employees N] [--demo-only]``
(default: the demo workspace, then a generated 50,000-person workspace).
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

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, QStandardPaths, QTimer

HEARTBEAT_MS = 5


class Heartbeat:
    """The longest time the GUI thread's event loop did not run (ms)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.reset()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, (now - self.last) * 1000 - HEARTBEAT_MS)
        self.last = now

    def __enter__(self) -> Heartbeat:
        self.reset()
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()
        self.timer.stop()


def pump(until: Callable[[], bool], timeout: float = 3600) -> float:
    start = time.perf_counter()
    while not until():
        if time.perf_counter() - start > timeout:
            raise TimeoutError("the window did not finish in time")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    return time.perf_counter() - start


def settle(seconds: float) -> None:
    end = time.perf_counter() + seconds
    pump(lambda: time.perf_counter() > end)


def run(path: Path, label: str, per_role: int) -> list[tuple[str, float, float, str]]:
    from planner.ui.mainwindow import MainWindow
    from planner.ui.settings import Settings

    rows: list[tuple[str, float, float, str]] = []
    beat = Heartbeat()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.resize(1366, 740)
        window.show()
        with beat:
            start = time.perf_counter()
            window.open_workspace(path)
            pump(lambda: not window.state.loading and len(window.state.data) > 0)
            window.state.request_scores()
            pump(lambda: window.state.scores is not None)
        rows.append(("open, load and score", time.perf_counter() - start, beat.longest, ""))
        for page in window.pages:
            with beat:
                start = time.perf_counter()
                window.show_page(page.key)
                settle(1.0)
            rows.append((f"show {page.key}", time.perf_counter() - start - 1.0,
                         beat.longest, ""))

        allocation = window.show_page("allocation")
        roles = allocation.demand.model_.role_ids()[:8]
        allocation.demand.set_demand({r: per_role for r in roles})
        allocation.scenario_name.setText("Benchmark")
        # generated people rarely meet every must-have: let the allocation choose anyway
        allocation.include_ineligible.setChecked(True)
        progress: list[tuple[int, int]] = []
        with beat:
            start = time.perf_counter()
            allocation.allocate_button.click()
            task = allocation.task
            task.progressed.connect(lambda d, t, _m: progress.append((d, t)))
            pump(lambda: task.done)
        rows.append(("allocate (8 roles)", time.perf_counter() - start, beat.longest,
                     f"{len(progress)} progress reports, {8 * per_role:,} places"))

        plans = window.show_page("plans")
        pump(lambda: plans.scenario.findText("Benchmark") >= 0)
        plans.scenario.setCurrentIndex(plans.scenario.findText("Benchmark"))
        pump(lambda: plans._load_task is None or plans._load_task.done)
        progress.clear()
        with beat:
            start = time.perf_counter()
            task = plans.build()
            task.progressed.connect(lambda d, t, _m: progress.append((d, t)))
            pump(lambda: task.done)
            pump(lambda: plans._load_task is None or plans._load_task.done)
            settle(0.5)
        people = plans.model.rowCount()
        rows.append(("build the plan", time.perf_counter() - start - 0.5, beat.longest,
                     f"{len(progress)} progress reports, {people:,} people planned"))
        for key in ("workshops", "dashboard", "plans"):
            with beat:
                start = time.perf_counter()
                window.show_page(key)
                settle(1.5)
            rows.append((f"show {key} (planned)", time.perf_counter() - start - 1.5,
                         beat.longest, ""))
        window.close()
    print(f"\n{label}")
    print(f"{'step':28} {'seconds':>8} {'longest GUI stall ms':>21}  notes")
    for step, seconds, stall, note in rows:
        print(f"{step:28} {seconds:8.2f} {stall:21.0f}  {note}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--demo-only", action="store_true")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args(argv)
    QStandardPaths.setTestModeEnabled(True)
    from planner.ui.app import application

    application([sys.argv[0]])
    from planner.workers.process import default_pool, shutdown_default_pool

    default_pool().prewarm()  # as the app does at launch
    try:
        return _measure(args)
    finally:
        shutdown_default_pool()


def _measure(args: argparse.Namespace) -> int:
    from planner.demo import ensure_demo_data
    from planner.store import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo.rplan"
        with Workspace.create(demo) as ws:
            ensure_demo_data(ws)
        if not args.skip_demo:
            run(demo, "Demo workspace (300 people)", per_role=8)
        if not args.demo_only:
            from bench_gui_filter import build_workspace

            big = Path(tmp) / "big.rplan"
            t0 = time.perf_counter()
            build_workspace(big, args.employees)
            print(f"\nbuilt {args.employees:,} people in {time.perf_counter() - t0:.1f} s")
            run(big, f"{args.employees:,} people", per_role=max(8, args.employees // 200))
    return 0


if __name__ == "__main__":
    sys.exit(main())
