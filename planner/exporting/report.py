"""The report workbook a director reads: Summary (key figures and charts), Employees,
Fit matrix, Fit by department (heatmap), Allocation (+ by role), Training plan, Workshops, sign-in
sheets, Skill gaps and Catalog.

Everything is written in openpyxl's write-only mode (charts, images, conditional formats,
validations, panes and print setup all work there), so a 50,000-employee report streams
instead of building millions of cell objects.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from planner.catalog import CATEGORIES
from planner.exporting import sheets
from planner.exporting.atomic import atomic_file
from planner.exporting.charts import SERIES_COLOURS, bar_chart, heatmap_png, png_image
from planner.exporting.context import Context, new_context
from planner.exporting.plans import write_training_plan
from planner.exporting.styles import Column
from planner.exporting.workshops import write_cohort_list, write_signin_sheets
from planner.progress import Progress
from planner.store.workspace import Workspace

ROW_CM = 0.53             # a default 15-point row is about 0.53 cm
MAX_CHART_DEPARTMENTS = 15
MAX_HEATMAP_DEPARTMENTS = 25


def export_report(ws: Workspace, out_path: str | Path, *, scenario: str | None = None,
                  pseudonymise: bool = False, progress: Progress | None = None,
                  stats: dict[str, Any] | None = None) -> Path:
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
    with atomic_file(out_path) as tmp:
        ctx.step("Reading levels")
        _ = ctx.levels
        ctx.step("Scoring")
        _ = ctx.scores
        ctx.total = (2 * len(ctx.employees) + len(ctx.allocations) + len(ctx.plan)
                     + sum(len(c.members) + 10 for c in ctx.cohorts) + 200)
        write_summary(ctx)
        sheets.write_employees(ctx)
        sheets.write_fit_matrix(ctx)
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


# -- Summary -------------------------------------------------------------------------------

def _kpis(ctx: Context) -> list[tuple[str, Any, str, str]]:
    """(label, value, style, note) of the key figures."""
    scenario = ctx.scenario
    employees = len(ctx.employees)
    levels = ctx.levels.levels
    assessed = int((~np.isnan(levels)).any(axis=1).sum()) if levels.size else 0
    out: list[tuple[str, Any, str, str]] = [
        ("Employees in the workspace", employees, "kpi", ""),
        ("People assessed", assessed, "kpi",
         f"{assessed / employees:.0%} of employees" if employees else ""),
    ]
    if scenario is None or not (scenario.demand or ctx.allocations):
        return [*out, ("Roles demanded", None, "kpi", ctx.no_allocation())]
    demanded = sum(scenario.demand.values()) or len(ctx.allocations)
    filled = len(ctx.allocations)
    out += [("Roles demanded (headcount)", demanded, "kpi", f"scenario {scenario.name!r}"),
            ("Roles filled", filled, "kpi", ""),
            ("Roles unfilled", max(0, demanded - filled), "kpi",
             "see the Allocation by role sheet")]
    if ctx.plan:
        ends = [i.end for i in ctx.plan if i.end is not None]
        out += [("Total training hours", sum(i.hours for i in ctx.plan), "kpi",
                 f"{len({i.employee_id for i in ctx.plan})} people in the plan"),
                (f"Total training cost ({ctx.currency})", sum(i.cost for i in ctx.plan),
                 "kpi_money", ""),
                ("Finish date", max(ends) if ends else None, "kpi_date",
                 "last module of the plan")]
    else:
        out += [("Training hours (estimate)", sum(a[9] for a in ctx.allocations), "kpi",
                 "from the allocation; " + ctx.no_plan()),
                (f"Training cost (estimate, {ctx.currency})",
                 sum(a[10] for a in ctx.allocations), "kpi_money", ""),
                ("Finish date", None, "kpi_date", "known once the plan is made")]
    return out


def _pad(ctx: Context, ws: Any, rows_used: int, row: int, chart_cm: float = 0) -> int:
    """Blank rows so a section is as tall as its chart (plus a gap); returns the next row."""
    needed = math.ceil(chart_cm / ROW_CM) + 2 if chart_cm else 0
    for _ in range(max(1, needed - rows_used)):
        ctx.append(ws, [])
        row += 1
    return row


def write_summary(ctx: Context) -> None:
    book = ctx.book
    columns = [Column("", 44), Column("", 16), Column("", 12), Column("", 12),
               Column("", 12), Column("", 4)]
    ws = book.sheet("Summary", columns)
    scenario = ctx.scenario
    book.titled(ws, "Reskill Planner report", [
        f"Workspace {ctx.ws.path.stem} · exported {date.today().isoformat()}"
        + (f" · scenario {scenario.name!r}" if scenario else " · no scenario yet")
        + (" · names pseudonymised" if ctx.names.enabled else "")])
    ctx.append(ws, [])
    ctx.append(ws, [book.cell(ws, "Key figures", "subtitle")])
    row = 5
    for label, value, style, note in _kpis(ctx):
        ctx.append(ws, [book.cell(ws, label, "label"), book.cell(ws, value, style), None,
                        book.cell(ws, note, "note")])
        row += 1
    ctx.append(ws, [])
    row += 1
    row = _readiness_section(ctx, ws, row)
    row = _hours_section(ctx, ws, row)
    _category_section(ctx, ws, row)


def _section_head(ctx: Context, ws: Any, title: str, note: str, headers: list[str]) -> None:
    book = ctx.book
    ctx.append(ws, [book.cell(ws, title, "subtitle")])
    ctx.append(ws, [book.cell(ws, note, "note")])
    ctx.append(ws, book.header_row(ws, headers))


def _readiness_section(ctx: Context, ws: Any, row: int) -> int:
    from planner.matching import NEAR_MAX_HOURS, READINESS_LABELS, RESKILL_MAX_HOURS

    book, scores = ctx.book, ctx.scores
    roles = ctx.catalog.roles
    labels = [label.capitalize() for label in READINESS_LABELS]
    _section_head(ctx, ws, "Readiness per role",
                  "Employees by training still needed: ready (none), near (up to "
                  f"{NEAR_MAX_HOURS:.0f} h, must-haves met), reskill (up to "
                  f"{RESKILL_MAX_HOURS:.0f} h), far.", ["Role", *labels])
    header = row + 2
    counts = [np.bincount(scores.readiness[:, j].astype(np.intp), minlength=len(labels))
              for j in range(len(scores.role_ids))]
    for j, role_id in enumerate(scores.role_ids):
        name = roles[role_id].name if role_id in roles else role_id
        ctx.append(ws, [book.cell(ws, name, None),
                        *(book.cell(ws, int(c), "int") for c in counts[j][:len(labels)])])
    last = header + len(scores.role_ids)
    height = 0.0
    if scores.role_ids and len(scores.employee_ids):
        height = max(10.0, 0.75 * len(scores.role_ids) + 4)
        chart = bar_chart(ws, title="Readiness per role (employees)", header_row=header,
                          first_row=header + 1, last_row=last, label_col=1,
                          value_cols=range(2, 2 + len(labels)), stacked=True,
                          horizontal=True, colours=SERIES_COLOURS, width=20, height=height)
        ws.add_chart(chart, f"H{row}")
    return _pad(ctx, ws, 3 + len(scores.role_ids), last + 1, height)


def _department_hours(ctx: Context) -> tuple[list[tuple[str, int, float, float]], str]:
    per: dict[str, list] = {}
    if ctx.plan:
        for item in ctx.plan:
            entry = per.setdefault(item.department or "(no department)", [set(), 0.0, 0.0])
            entry[0].add(item.employee_id)
            entry[1] += item.hours
            entry[2] += item.cost
        basis = "From the training plan."
    elif ctx.allocations:
        for a in ctx.allocations:
            entry = per.setdefault(a[6] or "(no department)", [set(), 0.0, 0.0])
            entry[0].add(a[2])
            entry[1] += a[9]
            entry[2] += a[10]
        basis = "Estimated from the allocation (no training plan yet)."
    else:
        return [], ctx.no_allocation()
    rows = sorted(((d, len(e[0]), e[1], e[2]) for d, e in per.items()),
                  key=lambda r: (-r[2], r[0]))
    return rows, basis


def _hours_section(ctx: Context, ws: Any, row: int) -> int:
    book = ctx.book
    rows, basis = _department_hours(ctx)
    _section_head(ctx, ws, "Training hours per department", basis,
                  ["Department", "People", "Hours", f"Cost ({ctx.currency})"])
    header = row + 2
    for dept, people, hours, cost in rows:
        ctx.append(ws, [book.cell(ws, dept, None), book.cell(ws, people, "int"),
                        book.cell(ws, hours, "hours"), book.cell(ws, cost, "money")])
    if rows:
        shown = min(len(rows), MAX_CHART_DEPARTMENTS)
        title = "Training hours per department" + (
            f" (top {shown})" if shown < len(rows) else "")
        chart = bar_chart(ws, title=title, header_row=header, first_row=header + 1,
                          last_row=header + shown, label_col=1, value_cols=[3],
                          y_title="hours", colours=["2F5597"], width=20, height=10)
        ws.add_chart(chart, f"H{row}")
    return _pad(ctx, ws, 3 + len(rows), header + len(rows) + 1, 10 if rows else 0)


def _category_section(ctx: Context, ws: Any, row: int) -> int:
    book = ctx.book
    gaps = sheets.gap_table(ctx)
    skills = ctx.catalog.skills
    per: dict[str, float] = {}
    for j, skill_id in enumerate(gaps.skill_ids):
        category = CATEGORIES.get(skills[skill_id].category, "Other") if skill_id in skills \
            else "Other"
        per[category] = per.get(category, 0.0) + float(gaps.total[:, j].sum())
    rows = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))
    _section_head(ctx, ws, "Skill gaps by category",
                  (gaps.basis or "No gaps to show.") + " Levels to close, summed over people.",
                  ["Category", "Levels to close"])
    header = row + 2
    for category, total in rows:
        ctx.append(ws, [book.cell(ws, category, None), book.cell(ws, total, "int")])
    if rows:
        chart = bar_chart(ws, title="Skill gaps by category (levels to close)",
                          header_row=header, first_row=header + 1, last_row=header + len(rows),
                          label_col=1, value_cols=[2], colours=["C0504D"], width=20, height=9)
        ws.add_chart(chart, f"H{row}")
    return _pad(ctx, ws, 3 + len(rows), header + len(rows) + 1, 9 if rows else 0)


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
    ws = book.sheet("Fit by department", [Column("", 14)] * 20, fit_height=True)
    names, depts, mean = department_fit(ctx)
    if not depts or not names:
        book.titled(ws, "Average fit by role and department", ["No employees to show."])
        return
    shown = (f"the {len(depts)} largest departments" if len(depts) == MAX_HEATMAP_DEPARTMENTS
             else "every department")
    book.titled(ws, "Average fit by role and department",
                [f"Average fit (0-100) of the employees of {shown} for each role; "
                 "green is a good fit."])
    ctx.append(ws, [])
    png = heatmap_png(mean, names, depts, title="Average fit by role and department")
    ws.add_image(png_image(png), "A4")
