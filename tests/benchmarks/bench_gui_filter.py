"""Benchmark: filtering and sorting the employees table of a 50,000-employee workspace.

Builds a workspace (shipped catalog; 50,000 employees × 40 rated skills inserted by SQL as
one rating block), loads it the way the app does (``load_employee_data``), puts the model
under a QTableView (offscreen) and times, per keystroke, typing "a", "an", "ann", "anna"
into the search (model filter + view reset + repaint), a "skill ≥ level" filter, two
combined skill filters, and sorting by name and by a skill (first sort builds the cached
order; later ones reuse it). In the same run a QSortFilterProxyModel filters the same
model once, as the reference the design rejected. Prints medians (target ≤ 100 ms per
keystroke).

Run: ``python tests/benchmarks/bench_gui_filter.py [--employees N] [--runs N] [--keep PATH]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QApplication, QTableView

from planner.store import Workspace, now_iso
from planner.store.levels import BLOCK_INSERT, block_rows
from planner.ui.models.employees_model import EmployeesModel, load_employee_data

SKILLS = 40
FIRST = ("Anna", "Annette", "Bob", "Hannah", "Joan", "Luc", "Marie", "Zoe", "Jan", "Ivan",
         "Sana", "Tom")
LAST = ("Smith", "Nguyen", "Dubois", "Brannigan", "Rossi", "Schmidt", "Garcia", "Kowalski")
DEPARTMENTS = [f"Department {i:02d}" for i in range(30)]
SITES = ("Paris", "Lyon", "Berlin", "Madrid", "Remote")
TITLES = ("Analyst", "Clerk", "Paralegal", "Developer", "Planner", "Accountant")


def build_workspace(path: Path, employees: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    with Workspace.create(path) as ws:
        skills = [r[0] for r in ws.conn.execute("SELECT id FROM skills ORDER BY rowid")]
        surveyed = [skills[i] for i in sorted(rng.choice(len(skills), SKILLS, replace=False))]
        first = rng.integers(0, len(FIRST), employees)
        last = rng.integers(0, len(LAST), employees)
        rows = [(i + 1, f"E{i:06d}", f"{FIRST[first[i]]} {LAST[last[i]]}",
                 DEPARTMENTS[i % len(DEPARTMENTS)], TITLES[i % len(TITLES)],
                 SITES[i % len(SITES)]) for i in range(employees)]
        levels = rng.integers(0, 6, (employees, SKILLS)).astype(np.float32)
        levels[rng.random(levels.shape) < 0.05] = np.nan
        with ws.transaction():
            ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                            "VALUES (1, 'bench', 'bench', ?)", (now_iso(),))
            ws.conn.executemany("INSERT INTO employees (id, employee_key, name, department, "
                                "job_title, site) VALUES (?, ?, ?, ?, ?, ?)", rows)
            ws.conn.executemany(BLOCK_INSERT, block_rows(
                1, surveyed, np.arange(1, employees + 1), levels,
                np.ones(employees, np.int8), None, now_iso()))


def timed(fn: Callable[[], None], app: QApplication) -> float:
    start = time.perf_counter()
    fn()
    app.processEvents()          # the view's reset and repaint are part of a keystroke
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also keep the workspace at this path")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.rplan"
        if path.exists():
            path.unlink()
        start = time.perf_counter()
        build_workspace(path, args.employees)
        print(f"built {args.employees:,} employees × {SKILLS} skills in "
              f"{time.perf_counter() - start:.2f} s")
        with Workspace.open(path) as ws:
            loads = []
            for _ in range(3):
                start = time.perf_counter()
                data = load_employee_data(ws)
                loads.append(time.perf_counter() - start)
        model = EmployeesModel(data)
        view = QTableView()
        view.resize(1200, 700)
        view.setModel(model)
        view.show()
        app.processEvents()
        skill = model.skill_column_ids()[0]
        skill2 = model.skill_column_ids()[1]
        results: dict[str, list[float]] = {}

        def record(name: str, fn: Callable[[], None]) -> None:
            results.setdefault(name, []).append(timed(fn, app))

        for _ in range(args.runs):
            model.set_filters(text="", skills=[])
            app.processEvents()
            for text in ("a", "an", "ann", "anna"):
                record(f"type {text!r}", lambda t=text: model.set_filters(text=t))
            record("backspace to 'ann'", lambda: model.set_filters(text="ann"))
            model.set_filters(text="")
            record(f"{skill} ≥ 3", lambda: model.set_filters(skills=[(skill, 3)]))
            record(f"{skill} ≥ 3 and {skill2} ≥ 2",
                   lambda: model.set_filters(skills=[(skill, 3), (skill2, 2)]))
            model.set_filters(skills=[])
            model._order_cache.clear()
            record("sort by name (cold)", lambda: model.sort(1, Qt.SortOrder.AscendingOrder))
            record("sort by name (cached)",
                   lambda: model.sort(1, Qt.SortOrder.DescendingOrder))
            record("sort by skill", lambda: model.sort(model.column_of_skill(skill),
                                                       Qt.SortOrder.DescendingOrder))
            model.sort(-1)

        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(model)
        proxy.setFilterKeyColumn(1)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        start = time.perf_counter()
        proxy.setFilterRegularExpression(QRegularExpression("ann"))
        proxy_rows = proxy.rowCount()       # the proxy filters when first asked
        proxy_time = time.perf_counter() - start
        view.close()

    print(f"load_employee_data (app start, {args.employees:,} people): "
          f"median {statistics.median(loads) * 1000:.0f} ms")
    print(f"{'operation':<40} {'median ms':>10} {'max ms':>8}")
    for name, times in results.items():
        print(f"{name:<40} {statistics.median(times) * 1000:>10.1f} {max(times) * 1000:>8.1f}")
    keystrokes = [t for n, ts in results.items() if n.startswith(("type", "backspace"))
                  for t in ts]
    median_key = statistics.median(keystrokes)
    print(f"per keystroke: median {median_key * 1000:.1f} ms (target ≤ 100 ms): "
          f"{'OK' if median_key <= 0.1 else 'TOO SLOW'}")
    print(f"reference QSortFilterProxyModel, one filter on name ({proxy_rows:,} rows): "
          f"{proxy_time * 1000:.0f} ms "
          f"({proxy_time / median_key:.0f}× a keystroke here)")


if __name__ == "__main__":
    main()
