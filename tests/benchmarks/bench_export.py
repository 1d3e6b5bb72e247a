"""Benchmark: the report workbook for a 50,000-employee org against openpyxl's own floor.

Builds a workspace (shipped catalog; 50,000 employees × 40 surveyed skills, about 5% of
them left blank, inserted by SQL), allocates 200 slots and plans them, then times
:func:`planner.exporting.export_report` (reading levels, scoring, every sheet, charts,
the heatmap, saving). In the same run the reference writes the same number of non-empty
cells with openpyxl in write-only mode (plain floats and short strings, rows as wide as
the Employees sheet, no styles). Prints the medians and the ratio (target ≤ 1.2×; the progress
and cancel checks stay on during the run).

Run: ``python tests/benchmarks/bench_export.py [--employees N] [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from planner.exporting import export_report
from planner.progress import Progress
from planner.store import Workspace

SKILLS = 40
TARGET = 1.2
DEPARTMENTS = [f"Department {i:02d}" for i in range(30)]
SITES = ("Paris", "Lyon", "Berlin", "Madrid", "Remote")
DEMAND = {
    "prompt_engineer": 40,
    "genai_specialist": 20,
    "ai_copywriter": 30,
    "ai_governance_officer": 20,
    "ai_trainer": 30,
    "ai_ethicist": 20,
    "conversational_ai_specialist": 40,
}


def build_workspace(path: Path, employees: int, rng: np.random.Generator) -> Workspace:
    ws = Workspace.create(path)
    skills = [r[0] for r in ws.conn.execute("SELECT id FROM skills ORDER BY rowid")]
    surveyed = [skills[i] for i in sorted(rng.choice(len(skills), SKILLS, replace=False))]
    # the demanded roles' skills are surveyed too, so fits are not all near zero
    levels = rng.choice(
        np.array([0, 1, 2, 3, 4, 5], dtype=np.float64),
        p=[0.15, 0.25, 0.25, 0.2, 0.1, 0.05],
        size=(employees, SKILLS),
    )
    blank = rng.random((employees, SKILLS)) < 0.05
    with ws.transaction():
        ws.conn.execute(
            "INSERT INTO assessments (id, source_name, sha256, imported_at) "
            "VALUES (1, 'survey.xlsx', 'x', '2026-12-01T00:00:00')"
        )
        ws.conn.executemany(
            "INSERT INTO employees (id, employee_key, name, email, department, job_title, "
            "site, manager) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i,
                    f"E{i:06d}",
                    f"Employee {i}",
                    f"e{i}@example.com",
                    DEPARTMENTS[i % len(DEPARTMENTS)],
                    "Analyst",
                    SITES[i % len(SITES)],
                    f"Manager {i % 500}",
                )
                for i in range(1, employees + 1)
            ),
        )
        ws.conn.executemany(
            "INSERT INTO ratings (employee_id, skill_id, assessment_id, source, level, "
            "rated_at) VALUES (?, ?, 1, 'self', ?, '2026-12-01')",
            (
                (e + 1, surveyed[s], float(levels[e, s]))
                for e in range(employees)
                for s in range(SKILLS)
                if not blank[e, s]
            ),
        )
    return ws


def allocate_and_plan(ws: Workspace) -> None:
    from datetime import date

    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace
    from planner.planning import plan_scenario

    bundle = score_workspace(ws)
    demand = Demand({r: n for r, n in DEMAND.items() if r in bundle.catalog.roles})
    constraints = Constraints(eligible_only=False)
    save_scenario(ws, "Bench", demand, constraints, allocate(bundle.scores, demand, constraints))
    plan_scenario(ws, "Bench", start=date(2027, 1, 4))


def reference(path: Path, cells: int, width: int) -> None:
    """openpyxl write-only, plain values, the same number of non-empty cells."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Reference")
    row = [f"E{i:06d}" if i < 4 else round((i % 11) * 0.5, 1) for i in range(width)]
    full, rest = divmod(cells, width)
    for _ in range(full):
        ws.append(row)
    if rest:
        ws.append(row[:rest])
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        ws = build_workspace(folder / "bench.rplan", args.employees, rng)
        allocate_and_plan(ws)
        print(
            f"workspace: {args.employees:,} employees, "
            f"{ws.conn.execute('SELECT count(*) FROM ratings').fetchone()[0]:,} ratings, "
            f"{ws.conn.execute('SELECT count(*) FROM plan_items').fetchone()[0]:,} plan "
            f"items, built in {time.perf_counter() - started:.1f} s"
        )
        report_times, reference_times, stats = [], [], {}
        width = 8 + SKILLS
        for run in range(args.runs):
            started = time.perf_counter()
            export_report(
                ws,
                folder / f"report{run}.xlsx",
                stats=stats,
                progress=Progress(lambda done, total, message: None),
            )
            report_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            reference(folder / f"reference{run}.xlsx", stats["cells"], width)
            reference_times.append(time.perf_counter() - started)
        size = (folder / "report0.xlsx").stat().st_size / 1e6
        ws.close()
    report_median = statistics.median(report_times)
    reference_median = statistics.median(reference_times)
    print(
        f"report:    median {report_median:.2f} s over {args.runs} runs "
        f"({stats['cells']:,} non-empty cells, {size:.1f} MB)"
    )
    print(f"reference: median {reference_median:.2f} s (openpyxl write-only, same cells)")
    ratio = report_median / reference_median
    print(
        f"ratio:     {ratio:.2f}x (target <= {TARGET}x) {'OK' if ratio <= TARGET else 'TOO SLOW'}"
    )


if __name__ == "__main__":
    main()
