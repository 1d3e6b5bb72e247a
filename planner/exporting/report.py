"""The report workbook a director reads: Summary (key figures and charts), Employees,
Fit matrix, Fit by department (heatmap), Allocation (+ by role), Training plan, Workshops, sign-in
sheets, Skill gaps and Catalog.

Everything is written in openpyxl's write-only mode (charts, images, conditional formats,
validations, panes and print setup all work there), so a 50,000-employee report streams
instead of building millions of cell objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from planner.exporting import grids, sheets
from planner.exporting.atomic import atomic_file
from planner.exporting.charts import heatmap_png, png_image
from planner.exporting.context import Context, new_context
from planner.exporting.plans import write_training_plan
from planner.exporting.styles import Column
from planner.exporting.summary import write_summary
from planner.exporting.workshops import write_cohort_list, write_signin_sheets
from planner.progress import Progress
from planner.store.workspace import Workspace

MAX_HEATMAP_DEPARTMENTS = 25


def export_report(
    ws: Workspace,
    out_path: str | Path,
    *,
    scenario: str | None = None,
    pseudonymise: bool = False,
    progress: Progress | None = None,
    stats: dict[str, Any] | None = None,
) -> Path:
    """Write the report workbook to ``out_path`` (via a temporary file, renamed at the end).

    Args:
        scenario: scenario name (default: the latest one; none is fine).
        pseudonymise: replace names, emails and ids by stable codes.
        progress: progress sink; cancelling removes the partial file.
        stats: if given, receives ``cells`` (non-empty cells written) and ``rows``.

    Raises:
        ExportError: the path cannot be written. NoScenario: ``scenario`` does not exist.
    """
    ctx = new_context(ws, scenario=scenario, pseudonymise=pseudonymise, progress=progress)
    with atomic_file(out_path) as tmp, ctx.book.writing():
        ctx.step("Reading levels")
        _ = ctx.levels
        ctx.step("Scoring")
        _ = ctx.scores
        ctx.total = (
            2 * len(ctx.employees)
            + len(ctx.allocations)
            + len(ctx.plan)
            + sum(len(c.members) + 10 for c in ctx.cohorts)
            + 200
        )
        write_summary(ctx)
        grids.write_employees(ctx)
        grids.write_fit_matrix(ctx)
        write_fit_heatmap(ctx)
        sheets.write_allocation(ctx)
        write_training_plan(ctx)
        write_cohort_list(ctx)
        write_signin_sheets(ctx)
        sheets.write_skill_gaps(ctx)
        sheets.write_catalog(ctx)
        ctx.step("Saving")
        ctx.book.save(tmp)
    ctx.step("Done")
    if stats is not None:
        stats.update(cells=ctx.cells, rows=ctx.done)
    return Path(out_path)


# -- Fit by department ---------------------------------------------------------------------


def department_fit(ctx: Context) -> tuple[list[str], list[str], np.ndarray]:
    """(role names, departments by headcount, mean fit role × department)."""
    scores = ctx.scores
    dept_of = {e[0]: e[4] or "(no department)" for e in ctx.employees}
    depts = [dept_of.get(int(e), "(no department)") for e in scores.employee_ids.tolist()]
    counts: dict[str, int] = {}
    for d in depts:
        counts[d] = counts.get(d, 0) + 1
    top = sorted(counts, key=lambda d: (-counts[d], d))[:MAX_HEATMAP_DEPARTMENTS]
    position = {d: i for i, d in enumerate(top)}
    index = np.array([position.get(d, -1) for d in depts], dtype=np.intp)
    keep = index >= 0
    sums = np.zeros((len(top), len(scores.role_ids)))
    np.add.at(sums, index[keep], scores.fit[keep].astype(np.float64))
    mean = sums / np.maximum(np.bincount(index[keep], minlength=len(top)), 1)[:, None]
    roles = ctx.catalog.roles
    names = [roles[r].name if r in roles else r for r in scores.role_ids]
    return names, top, mean.T


def write_fit_heatmap(ctx: Context) -> None:
    book = ctx.book
    ws = book.sheet("Fit by department", [Column("", 14)] * 20, one_page=True)
    names, depts, mean = department_fit(ctx)
    if not depts or not names:
        book.titled(ws, "Average fit by role and department", ["No employees to show."])
        return
    shown = (
        f"the {len(depts)} largest departments"
        if len(depts) == MAX_HEATMAP_DEPARTMENTS
        else "every department"
    )
    book.titled(
        ws,
        "Average fit by role and department",
        [f"Average fit (0-100) of the employees of {shown} for each role; green is a good fit."],
    )
    ctx.append(ws, [])
    png = heatmap_png(mean, names, depts, title="Average fit by role and department")
    ws.add_image(png_image(png), "A4")
