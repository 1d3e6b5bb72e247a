"""The Summary sheet: the decision on one printed page.

Key figures (demand, filled, hours, cost, finish date, people past the horizon, fairness),
demand and people chosen per role, and two charts (readiness of the chosen people; training
hours per department by quarter). Every figure is the core's own: the allocation's stored
totals (as ``allocate --json`` prints them) and the saved plan's totals (as ``plan --json``
prints them); nothing is recomputed here. The charts' data tables sit to the right of the
printed area, so the page prints the decision and the screen keeps the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.exporting.cells import as_date
from planner.exporting.charts import SERIES_COLOURS, bar_chart
from planner.exporting.chosen import TIME_BANDS, chosen_people, time_band
from planner.exporting.context import NO_SCENARIO, Context
from planner.exporting.styles import LINE_POINTS, MAX_LINES, Column, wrapped_lines
from planner.matching.fairness import attribute_label, headline_flags, headline_reports
from planner.wording import counted

ROLE_TABLE = (
    Column("Role", 40, "wrap"),
    Column("People needed", 12, "int"),
    Column("Chosen", 11, "int"),
    Column("Unfilled", 11, "int"),
    Column("Average fit (0-100)", 11, "fit"),
    Column("Training hours", 12, "hours"),
    Column("Cost", 13, "money"),
    Column("Finish date", 13, "date"),
    Column("Why unfilled", 36, "wrap_gap"),
)
# Printed columns A..I (the role table's), chart data from column K on (outside the print
# area).
COLUMNS = (
    *(Column("", c.width) for c in ROLE_TABLE),
    Column("", 3),
    Column("", 22),
    *(Column("", 12) for _ in range(8)),
)
PRINTED = 9
DATA_COL = 11
ROW_CM = 0.53  # a 15-point row
CHART_CM = 9.0  # the charts' height, more when many roles must each keep a label
KPI_HEIGHT = 21
MAX_DEPARTMENTS = 6  # in the hours chart; the rest is "Other departments"
MAX_ROLES_CHART = 20
TIME_COLOURS = ("1B5E20", "43A047", "9CCC65", "FFD54F", "FB8C00", "E53935")
CHART_COLOURS = ("2F5597", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "7F7F7F")


@dataclass
class Grid:
    """Cells placed by (row, column) and written row by row (write-only sheets stream)."""

    cells: dict[int, dict[int, Any]] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    row: int = 1
    data_row: int = 4  # next free row of the chart data (column K on)

    def put(self, row: int, col: int, value: Any) -> None:
        if value is not None:
            self.cells.setdefault(row, {})[col] = value

    def line(self, *values: Any, height: float | None = None) -> int:
        """Put ``values`` from column A on the next row; returns that row."""
        row = self.row
        for col, value in enumerate(values, 1):
            self.put(row, col, value)
        if height:
            self.heights[row] = height
        self.row += 1
        return row

    def write(self, ctx: Context, ws: Any) -> None:
        last = max([self.row - 1, *self.cells])
        for row in range(1, last + 1):
            if row in self.heights:
                ws.row_dimensions[row].height = self.heights[row]
            cells = self.cells.get(row, {})
            width = max(cells, default=0)
            ctx.append(ws, [cells.get(c) for c in range(1, width + 1)])


def write_summary(ctx: Context) -> None:
    book = ctx.book
    ws = book.sheet("Summary", COLUMNS, one_page=True)
    grid = Grid()
    scenario = ctx.scenario
    cell = book.cell
    grid.line(
        cell(ws, "Reskill plan" + (f": scenario '{scenario.name}'" if scenario else ""), "title"),
        height=24,
    )
    grid.line(
        cell(
            ws,
            f"Workspace {ctx.ws.path.stem} · exported {date.today().isoformat()}"
            + (" · names pseudonymised" if ctx.names.enabled else ""),
            "note",
        )
    )
    if scenario is not None:
        from planner.catalog.revision import stale_scenarios

        for stale in stale_scenarios(ctx.ws, scenario.name):
            grid.line(cell(ws, f"{stale.advice}.", "warning"))
    grid.line()
    if scenario is None or not (scenario.demand or ctx.allocations):
        _holdings(ctx, ws, grid)
    else:
        _decision(ctx, ws, grid)
    grid.write(ctx, ws)
    ws.print_area = f"A1:{get_column_letter(PRINTED)}{max(grid.row - 1, 1)}"


# -- with a scenario -----------------------------------------------------------------------


def _decision(ctx: Context, ws: Any, grid: Grid) -> None:
    book = ctx.book
    grid.line(book.cell(ws, "The decision", "subtitle"), height=18)
    for label, value, style, note in decision_figures(ctx):
        _kpi(ctx, ws, grid, label, value, style, note)
    grid.line()
    _role_table(ctx, ws, grid)
    grid.line()
    grid.line(book.cell(ws, "Charts", "subtitle"), height=18)
    first = grid.row
    readiness = _readiness_chart(ctx, ws, grid)
    hours = _hours_chart(ctx, ws, grid)
    height = max((c.height for c in (readiness, hours) if c is not None), default=CHART_CM)
    if readiness is not None:
        readiness.height = height
        ws.add_chart(readiness, f"A{first}")
    if hours is not None:
        hours.height = height
        ws.add_chart(hours, f"G{first}")
    grid.row = first + math.ceil(height / ROW_CM) + 1
    grid.line(
        book.cell(ws, "Chart figures are listed to the right of the page (columns K on).", "note")
    )


def _kpi(ctx: Context, ws: Any, grid: Grid, label: str, value: Any, style: str, note: str) -> None:
    """One key figure: label (A), value (B:C merged, so dates and words fit), note (D on)."""
    book = ctx.book
    row = grid.line(
        book.cell(ws, label, "label"),
        book.cell(ws, value, style),
        None,
        book.cell(ws, note, "note"),
        height=KPI_HEIGHT,
    )
    ws.merged_cells.add(f"B{row}:C{row}")


def decision_figures(ctx: Context) -> list[tuple[str, Any, str, str]]:
    """(label, value, style, note) of the Summary's key figures, as the core gives them."""
    scenario = ctx.scenario
    totals = scenario.results.get("totals") or {}
    demanded = totals.get("demanded", sum(scenario.demand.values()))
    filled = totals.get("filled", len(ctx.allocations))
    unfilled = totals.get("unfilled", max(0, demanded - filled))
    currency = ctx.currency
    out: list[tuple[str, Any, str, str]] = [
        (
            "People needed (headcount)",
            demanded,
            "kpi",
            f"{counted(len(scenario.demand), 'role', 'roles')} demanded",
        ),
        (
            "People chosen",
            filled,
            "kpi",
            f"average fit {totals['mean_fit']:.1f} of 100"
            if totals.get("mean_fit") is not None
            else "",
        ),
        (
            "Places left unfilled",
            unfilled,
            "kpi",
            "why: see the table below" if unfilled else "every place is filled",
        ),
    ]
    budget = totals.get("budget")
    plan = ctx.plan_set
    if plan is not None:
        total = plan.totals()
        out += [
            (
                "Training hours",
                total.hours,
                "kpi_hours",
                f"{counted(total.people, 'person', 'people')}, "
                f"{counted(total.modules, 'module', 'modules')} in the training plan",
            ),
            (
                f"Training cost ({currency})",
                total.cost,
                "kpi_money",
                _budget_note(budget, plan.over_budget, currency),
            ),
            (
                "Finish date",
                total.finish_date,
                "kpi_date",
                f"last module of the plan; training starts {plan.settings.start.isoformat()}"
                if getattr(plan.settings, "start", None)
                else "last module of the plan",
            ),
        ]
    else:
        out += [
            (
                "Training hours (estimate)",
                totals.get("total_hours"),
                "kpi_hours",
                "from the allocation; the training plan is not made yet",
            ),
            (
                f"Training cost (estimate, {currency})",
                totals.get("total_cost"),
                "kpi_money",
                _budget_note(budget, 0.0, currency),
            ),
            ("Finish date", None, "kpi_date", "known once the training plan is made"),
        ]
    ready_by = as_date(totals.get("ready_by"))
    if ready_by is not None:
        out.append(
            (
                "Ready-by date (horizon)",
                ready_by,
                "kpi_date",
                "everyone chosen should be ready by then",
            )
        )
    past = _past_horizon(ctx)
    if past is not None:
        count, horizon = past
        if not count:
            note = "every plan ends by the horizon"
        else:
            note = f"their plan ends after {horizon}" if horizon else "after the horizon"
        out.append(("People ready after the horizon", count, "kpi", note))
    out.append(_fairness_figure(ctx))
    return out


def _budget_note(budget: Any, over: float, currency: str) -> str:
    if budget is None:
        return "no budget set"
    text = f"budget {budget:,.0f} {currency}"
    return text + (f"; the plan costs {over:,.0f} {currency} more" if over > 0 else "")


def _past_horizon(ctx: Context) -> tuple[int, str] | None:
    """(people, ready-by date) of the plan's people still training after the horizon, when
    the plan knows its horizon; None otherwise."""
    plan = ctx.plan_set
    if plan is None:
        return None
    stored = ctx.scenario.results.get("plan") or {}
    people = getattr(plan, "past_horizon", None)
    if people is None:
        people = stored.get("past_horizon") if isinstance(stored, dict) else None
    ready_by = as_date((ctx.scenario.results.get("totals") or {}).get("ready_by"))
    if people is None and ready_by is not None:
        # a plan saved before the planner flagged it: its finish dates against the date
        people = [p for p in plan.plans if p.finish_date and p.finish_date > ready_by]
    if people is None:
        return None
    count = len(people) if isinstance(people, list | tuple | set | dict) else int(people)
    horizon = getattr(plan.settings, "horizon", None) or (
        ctx.scenario.results.get("totals") or {}
    ).get("ready_by")
    return count, horizon.isoformat() if isinstance(horizon, date) else str(horizon or "")


def _fairness_figure(ctx: Context) -> tuple[str, Any, str, str]:
    """The fairness result: groups flagged (over the eligible pool when the check has one),
    the attributes checked and the check's own caveat."""
    reports = ctx.fairness
    label = "Fairness (four-fifths rule)"
    if not reports:
        note = "no attribute was chosen for the check" if ctx.allocations else ""
        return label, "not checked", "kpi_text", note
    headline = headline_reports(reports)
    flagged = [group for group, _attribute in headline_flags(reports)]
    checked = ", ".join(
        dict.fromkeys(attribute_label(str(r.get("attribute", "?"))) for r in reports)
    )
    pool = headline[0].get("pool")
    where = f"checked by {checked}" + (f", over the {pool}" if pool else "")
    caveat = next((r["caveat"] for r in headline if r.get("caveat")), "")
    if not flagged:
        return label, "no group flagged", "kpi_text", where + (f"; {caveat}" if caveat else "")
    groups = ", ".join(str(g) for g in flagged[:4]) + (", …" if len(flagged) > 4 else "")
    value = f"{len(flagged)} group{'s' if len(flagged) != 1 else ''} flagged"
    return label, value, "kpi_text", f"{where}: {groups} (see Allocation by role)"


def role_rows(ctx: Context) -> list[list[Any]]:
    """Per demanded role: name, needed, chosen, unfilled, average fit, hours, cost, finish
    and why unfilled (hours/cost/finish from the plan, else from the allocation)."""
    scenario = ctx.scenario
    roles = ctx.catalog.roles
    outcomes = {
        o.get("role_id"): o for o in scenario.results.get("roles") or [] if isinstance(o, dict)
    }
    chosen: dict[str, list[tuple]] = {}
    for row in ctx.allocations:
        chosen.setdefault(row[0], []).append(row)
    by_role = ctx.plan_set.totals_by("role") if ctx.plan_set is not None else {}
    out = []
    for role_id in dict.fromkeys([*scenario.demand, *outcomes, *chosen]):
        outcome = outcomes.get(role_id, {})
        people = chosen.get(role_id, [])
        needed = outcome.get("headcount", scenario.demand.get(role_id, len(people)))
        unfilled = outcome.get("unfilled", max(0, needed - len(people)))
        fits = [p[8] for p in people]
        name = outcome.get("role_name") or (roles[role_id].name if role_id in roles else role_id)
        if ctx.plan_set is not None:
            t = by_role.get(role_id)
            hours, cost, finish = (t.hours, t.cost, t.finish_date) if t else (0.0, 0.0, None)
        else:
            hours = sum(p[9] for p in people)
            cost = sum(p[10] for p in people)
            finish = None
        why = (outcome.get("reason_text") or outcome.get("reason") or "") if unfilled else ""
        out.append(
            [
                name,
                needed,
                len(people),
                unfilled,
                sum(fits) / len(fits) if fits else None,
                hours,
                cost,
                finish,
                why,
            ]
        )
    return out


def _role_table(ctx: Context, ws: Any, grid: Grid) -> None:
    book = ctx.book
    grid.line(book.cell(ws, "People needed and chosen per role", "subtitle"), height=18)
    basis = (
        "Hours, cost and finish date from the training plan."
        if ctx.plan_set is not None
        else "Hours and cost estimated by the allocation (no training plan yet)."
    )
    grid.line(book.cell(ws, basis + " Cost in " + ctx.currency + ".", "note"))
    header = grid.row
    grid.line(*book.headers(ws, ROLE_TABLE, header))
    for values in role_rows(ctx):
        lines = max(
            wrapped_lines(values[0], ROLE_TABLE[0].width, bold=False),
            wrapped_lines(values[8], ROLE_TABLE[8].width, bold=False, most=MAX_LINES),
        )
        grid.line(
            *book.row(ws, values, ROLE_TABLE), height=LINE_POINTS * lines + 2 if lines > 1 else None
        )
    totals = ctx.scenario.results.get("totals") or {}
    plan_total = ctx.plan_set.totals() if ctx.plan_set is not None else None
    grid.line(
        book.cell(ws, "All roles", "total"),
        book.cell(ws, totals.get("demanded"), "total_int"),
        book.cell(ws, totals.get("filled"), "total_int"),
        book.cell(ws, totals.get("unfilled"), "total_int"),
        book.cell(ws, totals.get("mean_fit"), "total_fit"),
        book.cell(ws, plan_total.hours if plan_total else totals.get("total_hours"), "total_int"),
        book.cell(ws, plan_total.cost if plan_total else totals.get("total_cost"), "total_money"),
        book.cell(ws, plan_total.finish_date if plan_total else None, "total_date"),
    )


# -- charts and their data (right of the printed page) -------------------------------------


def _data_table(
    ctx: Context,
    ws: Any,
    grid: Grid,
    row: int,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    style: str = "int",
) -> int:
    """A chart's data table at column K from ``row``; returns the header row."""
    book = ctx.book
    grid.data_row = row + 3 + len(rows)
    grid.put(row, DATA_COL, book.cell(ws, title, "label"))
    for col, text in enumerate(headers):
        grid.put(row + 1, DATA_COL + col, book.cell(ws, text, "header"))
    for r, values in enumerate(rows, row + 2):
        grid.put(r, DATA_COL, book.cell(ws, values[0], None))
        for col, value in enumerate(values[1:], DATA_COL + 1):
            grid.put(r, col, book.cell(ws, value, style))
    return row + 1


def _readiness_chart(ctx: Context, ws: Any, grid: Grid) -> Any:
    """Chosen people per role by time to ready (the core's weeks to ready; by readiness
    band when the scenario has none), as a stacked bar chart."""
    from planner.matching import READINESS_LABELS

    chosen = chosen_people(ctx)
    timed = any(c.weeks is not None for c in chosen.values())
    labels = (
        [label for label, _most in TIME_BANDS]
        if timed
        else [label.capitalize() for label in READINESS_LABELS]
    )
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = {}
    for a in ctx.allocations:
        info = chosen.get((a[2], a[0]))
        if info is None:
            continue
        names[a[0]] = a[1]
        if timed:
            index = time_band(info.weeks if info.weeks is not None else math.inf)
        else:
            index = min(info.band, len(labels) - 1)
        counts.setdefault(a[0], [0] * len(labels))[index] += 1
    if not counts:
        return None
    order = [r for r in dict.fromkeys([*ctx.scenario.demand, *counts]) if r in counts]
    rows = [[names[r], *counts[r]] for r in order[:MAX_ROLES_CHART]]
    title = "Chosen people by time to ready" if timed else "Chosen people by readiness"
    header = _data_table(ctx, ws, grid, grid.data_row, title, ["Role", *labels], rows)
    return bar_chart(
        ws,
        title=title,
        header_row=header,
        first_row=header + 1,
        last_row=header + len(rows),
        label_col=DATA_COL,
        value_cols=range(DATA_COL + 1, DATA_COL + 1 + len(labels)),
        stacked=True,
        horizontal=True,
        colours=TIME_COLOURS if timed else SERIES_COLOURS,
        width=17.5,
        height=chart_height(len(rows)),
        title_size=1100,
        label_size=700,
        label_cm=6.2,  # "Conversational-AI specialist (customer service)" on one line
    )


def chart_height(roles: int) -> float:
    """Centimetres a bar chart of ``roles`` horizontal bars needs so that LibreOffice and
    Excel print every role's label (they drop labels that would overlap): a title, a
    two-line legend and about 0.45 cm per bar, never less than ``CHART_CM``."""
    return max(CHART_CM, 4.2 + 0.45 * roles)


def quarter_hours(ctx: Context) -> tuple[list[str], list[str], np.ndarray]:
    """(quarters, departments, hours quarter × department) of the training plan's weekly
    hours; the smaller departments summed as "Other departments"."""
    plan = ctx.plan_set
    if plan is None:
        return [], [], np.zeros((0, 0))
    start = plan.settings.start
    per: dict[tuple[str, str], float] = {}
    depts: dict[str, float] = {}
    for person in plan.plans:
        dept = getattr(person.person, "department", None) or "(no department)"
        for item in person.items:
            for week, hours in _weekly(item).items():
                day = start + timedelta(weeks=week)
                quarter = f"{day.year} Q{(day.month - 1) // 3 + 1}"
                per[quarter, dept] = per.get((quarter, dept), 0.0) + hours
                depts[dept] = depts.get(dept, 0.0) + hours
    if not per:
        return [], [], np.zeros((0, 0))
    ranked = sorted(depts, key=lambda d: (-depts[d], d))
    top = ranked[:MAX_DEPARTMENTS] if len(ranked) > MAX_DEPARTMENTS + 1 else ranked
    columns = [*top, "Other departments"] if len(top) < len(ranked) else top
    quarters = sorted({q for q, _d in per})
    grid = np.zeros((len(quarters), len(columns)))
    qi = {q: i for i, q in enumerate(quarters)}
    ci = {d: i for i, d in enumerate(columns)}
    for (quarter, dept), hours in per.items():
        grid[qi[quarter], ci.get(dept, len(columns) - 1)] += hours
    return quarters, columns, grid


def _weekly(item: Any) -> dict[int, float]:
    """Hours per week of a plan item: as scheduled when known, else spread evenly over
    its weeks (a saved plan keeps only the first and last week)."""
    if item.week_hours:
        return item.week_hours
    first, last = item.start_week, max(item.start_week, item.end_week)
    share = item.hours / (last - first + 1)
    return dict.fromkeys(range(first, last + 1), share)


def _hours_chart(ctx: Context, ws: Any, grid: Grid) -> Any:
    quarters, depts, hours = quarter_hours(ctx)
    if not quarters:
        return None
    rows = [[q, *np.round(hours[i], 1).tolist()] for i, q in enumerate(quarters)]
    header = _data_table(
        ctx,
        ws,
        grid,
        grid.data_row,
        "Training hours per department by quarter",
        ["Quarter", *depts],
        rows,
        style="hours",
    )
    return bar_chart(
        ws,
        title="Training hours per department, by quarter",
        header_row=header,
        first_row=header + 1,
        last_row=header + len(rows),
        label_col=DATA_COL,
        value_cols=range(DATA_COL + 1, DATA_COL + 1 + len(depts)),
        stacked=True,
        colours=CHART_COLOURS,
        width=11.8,
        height=CHART_CM,
        y_title="hours",
        title_size=1100,
        label_size=700,
    )


# -- without a scenario --------------------------------------------------------------------


def _holdings(ctx: Context, ws: Any, grid: Grid) -> None:
    """What the workspace holds and what the report is missing, in an HR reader's words."""
    book = ctx.book
    levels = ctx.levels
    employees = len(ctx.employees)
    rated = (~np.isnan(levels.levels)) if levels.levels.size else np.zeros((0, 0), bool)
    assessed = int(rated.any(axis=1).sum()) if rated.size else 0
    skills = int(rated.any(axis=0).sum()) if rated.size else 0
    grid.line(book.cell(ws, "What this report holds", "subtitle"), height=18)
    figures = [
        ("Employees", employees, "kpi", "every sheet lists them"),
        (
            "People with skill levels",
            assessed,
            "kpi",
            f"{assessed / employees:.0%} of employees" if employees else "nobody assessed yet",
        ),
        ("Skills rated", skills, "kpi", "columns of the Employees sheet"),
        (
            "Roles in the catalog",
            len(ctx.catalog.roles),
            "kpi",
            "their requirements are on the Catalog sheet",
        ),
    ]
    for label, value, style, note in figures:
        _kpi(ctx, ws, grid, label, value, style, note)
    grid.line()
    grid.line(book.cell(ws, "What is missing", "subtitle"), height=18)
    scenario = ctx.scenario
    missing = [
        NO_SCENARIO
        if scenario is None
        else f"Scenario '{scenario.name}' says no role headcount and has nobody chosen.",
        "So there is no allocation, no training plan, no cost and no workshop list "
        "yet. The Fit matrix and Skill gaps sheets already show how well each person "
        "fits each role.",
        "To complete the report: say how many people each role needs, let Reskill "
        "Planner choose them (Allocation page), make their training plan (Plans "
        "page), then export the report again.",
    ]
    for text in missing:
        grid.put(grid.row, 1, book.cell(ws, text, "note_wrap"))
        ws.merged_cells.add(f"A{grid.row}:{get_column_letter(PRINTED)}{grid.row}")
        grid.line(height=30)
    if employees and ctx.scores.role_ids:
        grid.line()
        _candidates(ctx, ws, grid)


def _candidates(ctx: Context, ws: Any, grid: Grid) -> None:
    """Roles with the most people ready or near (from the scores), top 10."""
    from planner.matching import READINESS_LABELS

    book, scores = ctx.book, ctx.scores
    roles = ctx.catalog.roles
    labels = [label.capitalize() for label in READINESS_LABELS]
    counts = [
        np.bincount(scores.readiness[:, j].astype(np.intp), minlength=len(labels))
        for j in range(len(scores.role_ids))
    ]
    order = sorted(
        range(len(scores.role_ids)),
        key=lambda j: (-int(counts[j][0] + counts[j][1]), scores.role_ids[j]),
    )[:10]
    grid.line(book.cell(ws, "Roles with the most people ready or near", "subtitle"), height=18)
    columns = [Column("Role", 40), *(Column(label, 12, "int") for label in labels)]
    header = grid.row
    grid.line(*book.headers(ws, columns, header))
    for j in order:
        role_id = scores.role_ids[j]
        grid.line(
            book.cell(ws, roles[role_id].name if role_id in roles else role_id, None),
            *(book.cell(ws, int(c), "int") for c in counts[j][: len(labels)]),
        )


__all__ = ["decision_figures", "quarter_hours", "role_rows", "write_summary"]
