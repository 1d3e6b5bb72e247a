"""Render the main window on each page of the demo workspace to OUTDIR/<page>.png (offscreen).

Run: ``python build_scripts/screenshots.py OUTDIR [--workspace FILE.rplan] [--size WxH]``

Without ``--workspace`` a demo workspace is built in a temporary folder (the shipped demo
organisation when installed, else a generated 400-person sheet) with a scenario that is
allocated and planned, so every page has real content. The window is 1366×768 (a laptop)
unless ``--size`` says otherwise.

A page may define ``screenshot_states()``: a generator that puts the page into each state
worth showing and yields a suffix ("" for the plain page, "timeline", "explanation", …);
each state is saved as OUTDIR/<page>[-<suffix>].png.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_demo(folder: Path) -> Path:
    from planner.demo import demo_file, ensure_demo_data
    from planner.importing import import_file
    from planner.store import Workspace

    path = folder / "Demo organisation.rplan"
    with Workspace.create(path) as ws:
        if demo_file().is_file():
            ensure_demo_data(ws)
        else:
            import_file(ws, _generated_sheet(ws, folder / "people.csv"))
        _allocate_and_plan(ws)
    return path


def _allocate_and_plan(ws) -> None:
    """A scenario with a plan, so the Allocation, Plans and Workshops pages show data."""
    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace
    from planner.planning import plan_scenario

    scored = score_workspace(ws)
    # roles across the families whose paths share workshops, so people at one site meet
    wanted = {
        "prompt_engineer": 6,
        "ai_trainer": 8,
        "ai_copywriter": 6,
        "ai_ethicist": 4,
        "ai_curriculum_designer": 6,
        "ai_lawyer": 4,
        "fairness_auditor": 4,
        "conversational_ai_specialist": 6,
    }
    demand = Demand({r: n for r, n in wanted.items() if r in scored.catalog.roles})
    constraints = Constraints()
    result = allocate(scored.scores, demand, constraints)
    save_scenario(ws, "Demo scenario", demand, constraints, result)
    # small workshop sessions, so a 300-person organisation shows some on the Workshops page
    plan_scenario(ws, "Demo scenario", min_cohort=2, max_cohort=12)


def _generated_sheet(ws, path: Path) -> Path:
    rng = random.Random(4)
    skills = [name for (name,) in ws.conn.execute("SELECT name FROM skills ORDER BY rowid")][:24]
    first = ("Anna", "Ben", "Carla", "David", "Elena", "Felix", "Greta", "Hugo", "Ines")
    last = ("Smith", "Müller", "Dubois", "García", "Rossi", "Jansen", "Silva", "Novak")
    departments = ("Finance", "Legal", "Sales", "Marketing", "IT", "HR", "Operations")
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Employee ID", "Name", "Department", "Job title", "Site", *skills])
        for i in range(400):
            out.writerow(
                [
                    f"E{i:04d}",
                    f"{rng.choice(first)} {rng.choice(last)}",
                    rng.choice(departments),
                    rng.choice(("Analyst", "Clerk", "Agent")),
                    rng.choice(("Berlin", "Lyon", "Leeds", "Madrid")),
                    *(rng.choice(("", 1, 2, 2, 3, 3, 4, 5)) for _ in skills),
                ]
            )
    return path


def settle(app, seconds: float) -> None:
    """Let the window work for ``seconds``, and longer while background work or a chart
    drawing is still going on (a screenshot never shows a half-finished page)."""
    from PySide6.QtCore import QThreadPool

    from planner.ui.tasks import waiting_pool
    from planner.ui.widgets.background_chart import BackgroundChart

    end = time.monotonic() + seconds
    deadline = end + 60
    while time.monotonic() < deadline:
        app.processEvents()
        threads_done = QThreadPool.globalInstance().waitForDone(20)
        workers_done = waiting_pool().waitForDone(20)  # work in the worker processes
        busy = not (threads_done and workers_done) or any(
            view.isVisible() and view.task is not None and not view.task.done
            for view in app.allWidgets()
            if isinstance(view, BackgroundChart)
        )
        if not busy and time.monotonic() >= end:
            return
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--workspace", type=Path)
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args(argv)
    from PySide6.QtCore import QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)  # never touch the user's settings
    from planner.ui.app import application
    from planner.ui.mainwindow import MainWindow
    from planner.ui.settings import Settings

    app = application([sys.argv[0]])
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = args.workspace or build_demo(Path(tmp))
        settings = Settings(QSettings(str(Path(tmp) / "shots.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        width, height = (int(v) for v in args.size.split("x"))
        window.resize(width, height)
        window.show()
        if not window.open_workspace(workspace):
            return 1
        settle(app, 1.5)
        for page in window.pages:
            window.show_page(page.key)
            settle(app, 1.0)
            states = getattr(page, "screenshot_states", None)
            for suffix in states() if states is not None else [""]:
                settle(app, 1.0)
                name = f"{page.key}-{suffix}" if suffix else page.key
                target = args.outdir / f"{name}.png"
                window.grab().save(str(target))
                print(target)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
