"""The report's tables: Allocation, Allocation by role (with the fairness check), Skill
gaps and Catalog. Role and skill names, never ids, in the printed columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.exporting.context import Context
from planner.exporting.styles import Column, gap_scale, print_columns, width_for


def _note_sheet(ctx: Context, title: str, lines: Sequence[str]) -> Any:
    ws = ctx.book.sheet(title, [Column("", 110)])
    for n in range(2, 2 + len(lines)):
        ws.row_dimensions[n].height = 30
    ctx.book.titled(ws, title, lines, style="note_wrap")
    return ws


ALLOCATION_COLUMNS = (
    Column("Role", 28, "wrap"),
    Column("Employee ID", 12),
    Column("Name", 22),
    Column("Department", 17),
    Column("Site", 11),
    Column("Readiness", 16, "wrap"),
    Column("Fit (0-100)", 11, "fit"),
    Column("Ready in (weeks)", 10, "int"),
    Column("Training hours", 10, "hours"),
    Column("Cost", 11, "money"),
    Column("Finish date", 12, "date"),
    Column("Pinned", 8, "gap"),
)


def write_allocation(ctx: Context) -> None:
    """The chosen people, role by role: readiness (why, when not eligible), fit, weeks to
    ready, training hours, cost and finish date."""
    from planner.exporting.chosen import chosen_people

    book = ctx.book
    if not ctx.allocations and not (ctx.scenario and ctx.scenario.demand):
        _note_sheet(ctx, "Allocation", [ctx.no_allocation()])
        _note_sheet(ctx, "Allocation by role", [ctx.no_allocation()])
        return
    columns = [
        Column(f"Cost ({ctx.currency})", c.width, c.style) if c.header == "Cost" else c
        for c in ALLOCATION_COLUMNS
    ]
    ws = book.sheet("Allocation", columns, freeze="C2", print_rows="1:1")
    ctx.append(ws, book.headers(ws, columns, 1))
    names = ctx.names
    chosen = chosen_people(ctx)
    for (
        role_id,
        role_name,
        eid,
        key,
        name,
        _e,
        dept,
        site,
        fit,
        hours,
        cost,
        pinned,
    ) in ctx.allocations:
        info = chosen.get((eid, role_id))
        values = [
            role_name,
            names.key(key),
            names.name(key, name),
            dept,
            site,
            info.readiness if info else None,
            fit,
            info.weeks if info else None,
            hours,
            cost,
            info.finish if info else None,
            "yes" if pinned else "",
        ]
        ctx.append(ws, book.row(ws, values, columns))
        ctx.tick(1, "Allocation")
    last = len(ctx.allocations) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    if not ctx.allocations:
        ctx.append(ws, [book.cell(ws, ctx.no_allocation(), "note")])
    _role_summary(ctx)


def _role_summary(ctx: Context) -> None:
    """The "Allocation by role" sheet: needed, chosen, unfilled and why; then fairness."""
    from planner.exporting.summary import ROLE_TABLE, role_rows

    book = ctx.book
    columns = [*ROLE_TABLE]
    columns[6] = Column(f"Cost ({ctx.currency})", 13, "money")
    ws = book.sheet("Allocation by role", columns, freeze="B4", print_rows="3:3")
    book.titled(
        ws,
        "Allocation by role",
        [
            f"Scenario '{ctx.scenario.name}': people chosen per role, and why places stay empty."
            if ctx.scenario
            else ctx.no_allocation()
        ],
    )
    rows = role_rows(ctx) if ctx.scenario else []
    ctx.append(ws, book.headers(ws, columns, 3))
    for values in rows:
        ctx.append(ws, book.row(ws, values, columns))
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{3 + max(1, len(rows))}"
    _fairness(ctx, ws)


FAIRNESS_COLUMNS = (
    Column("Group"),
    Column("People", style="int"),
    Column("Selected", style="int"),
    Column("Selection rate", style="percent"),
    Column("Ratio to the highest rate", style="fit2"),
    Column("Below four fifths", style="gap"),
    Column("More selections to clear", style="int"),
)


def _fairness(ctx: Context, ws: Any) -> None:
    """The fairness tables below the role table (in the role table's column widths)."""
    from planner.exporting.summary import ROLE_TABLE

    book = ctx.book
    reports = ctx.fairness
    ctx.append(ws, [])
    ctx.append(ws, [book.cell(ws, "Fairness check (four-fifths rule)", "subtitle")])
    if not reports:
        ctx.append(
            ws, [book.cell(ws, "No fairness attribute was checked for this scenario.", "note")]
        )
        return
    ctx.append(
        ws,
        [
            book.cell(
                ws,
                "Groups whose selection rate is below 80% of the highest "
                "group's are flagged; groups under 5 people are too small "
                "to judge.",
                "note",
            )
        ],
    )
    columns = [
        Column(c.header, w.width, c.style)
        for c, w in zip(FAIRNESS_COLUMNS, ROLE_TABLE, strict=False)
    ]
    for rep in reports:
        ctx.append(ws, [book.cell(ws, fairness_title(rep), "label")])
        if rep.get("caveat"):
            ctx.append(ws, [book.cell(ws, str(rep["caveat"]), "note")])
        ctx.append(ws, book.headers(ws, columns))
        for g in rep.get("groups", []):
            flag = "flagged" if g.get("flagged") else ("small group" if g.get("small") else "")
            values = [
                g.get("group"),
                g.get("size"),
                g.get("selected"),
                g.get("rate"),
                g.get("impact_ratio"),
                flag,
                g.get("needed_to_clear"),
            ]
            ctx.append(ws, book.row(ws, values, columns))
        ctx.append(ws, [])


def fairness_title(report: dict[str, Any]) -> str:
    """ "By site, over the eligible pool": the check's own title, else its attribute."""
    from planner.matching.fairness import report_title

    title = report_title(report) or "?"
    return title[:1].upper() + title[1:]


def _gap_basis(ctx: Context) -> tuple[np.ndarray, np.ndarray, str]:
    """(employee rows, role index per row) whose gaps are shown, and the basis in words."""
    scores = ctx.scores
    if ctx.allocations:
        row_of = {int(e): i for i, e in enumerate(scores.employee_ids.tolist())}
        col_of = {r: j for j, r in enumerate(scores.role_ids)}
        pairs = [
            (row_of[a[2]], col_of[a[0]])
            for a in ctx.allocations
            if a[2] in row_of and a[0] in col_of
        ]
        rows = np.array([p[0] for p in pairs], dtype=np.intp)
        cols = np.array([p[1] for p in pairs], dtype=np.intp)
        return (
            rows,
            cols,
            (
                f"Average gap (levels below target) of the people allocated in "
                f"scenario {ctx.scenario.name!r}, to their role's targets."
            ),
        )
    if scores.fit.shape[1] == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), ""
    rows = np.arange(len(scores.employee_ids), dtype=np.intp)
    return (
        rows,
        scores.fit.argmax(axis=1).astype(np.intp),
        (
            "No allocation yet: average gap (levels below target) of every employee to the "
            "targets of their best-fitting role."
        ),
    )


@dataclass
class GapTable:
    """Gaps (levels below target) per department × required skill."""

    departments: list[str]
    skill_ids: list[str]
    mean: np.ndarray  # dept × skill, NaN where nobody there needs the skill
    total: np.ndarray  # dept × skill, sum of gaps
    people: np.ndarray  # people per department counted
    basis: str


def gap_table(ctx: Context) -> GapTable:
    """The gap table of the allocated people (or everyone's best role), computed once."""
    cached = ctx.__dict__.get("_gap_table")
    if cached is None:
        cached = ctx.__dict__["_gap_table"] = _gap_table(ctx)
    return cached


def _gap_table(ctx: Context) -> GapTable:
    from planner.matching import RoleMatrices

    levels, scores = ctx.levels, ctx.scores
    matrices = RoleMatrices.from_catalog(ctx.catalog, list(levels.skill_ids))
    rows, cols, basis = _gap_basis(ctx)
    if len(rows) == 0:
        return GapTable([], [], np.zeros((0, 0)), np.zeros((0, 0)), np.zeros(0), basis)
    skill_ids = matrices.skill_ids
    own = {s: i for i, s in enumerate(levels.skill_ids)}
    role_row = {r: i for i, r in enumerate(matrices.role_ids)}
    role_index = np.array([role_row[scores.role_ids[c]] for c in cols], dtype=np.intp)
    raw = np.zeros((len(rows), len(skill_ids)), dtype=np.float32)
    for j, s in enumerate(skill_ids):
        if s in own:
            raw[:, j] = np.nan_to_num(levels.levels[rows, own[s]], nan=0.0)
    targets = matrices.targets[role_index]
    required = targets > 0
    gaps = np.where(required, np.maximum(targets - raw, 0.0), 0.0)
    dept_of = {e[0]: e[4] or "(no department)" for e in ctx.employees}
    depts = [dept_of.get(int(scores.employee_ids[r]), "(no department)") for r in rows]
    dept_names = sorted(set(depts))
    position = {d: i for i, d in enumerate(dept_names)}
    dept_index = np.array([position[d] for d in depts], dtype=np.intp)
    sums = np.zeros((len(dept_names), len(skill_ids)))
    counts = np.zeros_like(sums)
    np.add.at(sums, dept_index, gaps)
    np.add.at(counts, dept_index, required.astype(np.float64))
    used = counts.sum(axis=0) > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(counts > 0, sums / counts, np.nan)
    people = np.bincount(dept_index, minlength=len(dept_names))
    return GapTable(
        dept_names,
        [s for s, u in zip(skill_ids, used, strict=True) if u],
        mean[:, used],
        sums[:, used],
        people,
        basis,
    )


def write_skill_gaps(ctx: Context) -> None:
    """Average gap per department × required skill (largest total gaps first; the first
    MAX_PRINTED_GAPS skills print), then the gaps summed per skill category."""
    book = ctx.book
    gaps = gap_table(ctx)
    depts, skill_ids, mean, people, basis = (
        gaps.departments,
        gaps.skill_ids,
        gaps.mean,
        gaps.people,
        gaps.basis,
    )
    if not depts or not skill_ids:
        _note_sheet(
            ctx, "Skill gaps", ["No skill gaps to show: no employees or no role requirements."]
        )
        return
    order = sorted(range(len(skill_ids)), key=lambda j: (-float(gaps.total[:, j].sum()), j))
    skills = ctx.catalog.skills
    names = [skills[skill_ids[j]].name if skill_ids[j] in skills else skill_ids[j] for j in order]
    columns = [
        Column("Department", max(16, width_for(depts, "Department", maximum=30))),
        Column("People", 9, "int"),
        *(Column(n, 10, "level") for n in names),
    ]
    ws = book.sheet("Skill gaps", columns, freeze="C4", print_rows="3:3", print_cols="A:B")
    book.titled(
        ws, "Skill gaps by department", [basis + " Skills with the largest total gap first."]
    )
    ctx.append(ws, book.headers(ws, columns, 3))
    for i, dept in enumerate(depts):
        ctx.append(ws, book.row(ws, [dept, int(people[i]), *mean[i, order].tolist()], columns))
        ctx.tick(1, "Skill gaps")
    last = 3 + len(depts)
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{last}"
    gap_scale(ws, f"C4:{get_column_letter(len(columns))}{last}")
    end = _category_table(ctx, ws, gaps, last)
    print_columns(ws, 2 + min(len(order), MAX_PRINTED_GAPS), end)


MAX_PRINTED_GAPS = 16


def _category_table(ctx: Context, ws: Any, gaps: GapTable, row: int) -> int:
    """Levels to close summed per skill category, below the department table; returns the
    last row written."""
    from planner.catalog import CATEGORIES

    book = ctx.book
    skills = ctx.catalog.skills
    per: dict[str, float] = {}
    for j, skill_id in enumerate(gaps.skill_ids):
        category = (
            CATEGORIES.get(skills[skill_id].category, "Other") if skill_id in skills else "Other"
        )
        per[category] = per.get(category, 0.0) + float(gaps.total[:, j].sum())
    ctx.append(ws, [])
    ctx.append(ws, [book.cell(ws, "Skill gaps by category", "subtitle")])
    ctx.append(
        ws,
        [
            book.cell(
                ws,
                "Levels still to close, summed over the people counted "
                "above (a sum, not an average).",
                "note",
            )
        ],
    )
    columns = [Column("Category"), Column("Levels to close (sum)", style="int")]
    ctx.append(ws, book.headers(ws, columns, row + 4))
    ranked = sorted(per.items(), key=lambda kv: (-kv[1], kv[0]))
    for category, total in ranked:
        ctx.append(ws, book.row(ws, [category, total], columns))
    return row + 4 + len(ranked)


def write_catalog(ctx: Context) -> None:
    """Roles and their requirements, with the article phrase and evidence behind each role
    (on the role's first row); ids last, outside the printed columns."""
    book, catalog = ctx.book, ctx.catalog
    columns = [
        Column("Role", 26, "wrap"),
        Column("Family", 18),
        Column("Skill", 26, "wrap"),
        Column("Category", 13),
        Column("Target level (0-5)", 8, "int"),
        Column("Weight (1-3)", 8, "int"),
        Column("Must-have minimum", 11, "int"),
        Column("Source phrase", 50, "wrap_gap"),
        Column("Evidence", 24, "wrap"),
        Column("Role ID", 20),
        Column("Skill ID", 20),
    ]
    ws = book.sheet("Catalog", columns, freeze="B4", print_rows="3:3")
    book.titled(
        ws,
        "Catalog: roles and their skill requirements",
        [
            f"{len(catalog.roles)} roles, {len(catalog.skills)} skills, "
            f"{len(catalog.modules)} training modules. Levels 0-5; weight 1-3."
        ],
    )
    rows = []
    for role in catalog.roles.values():
        for n, req in enumerate(role.requirements):
            skill = catalog.skills.get(req.skill)
            rows.append(
                [
                    role.name,
                    role.family,
                    skill.name if skill else req.skill,
                    skill.category if skill else "",
                    req.target,
                    req.weight,
                    req.must_min,
                    role.source_phrase if n == 0 else None,
                    ", ".join(role.evidence) if n == 0 else None,
                    role.id,
                    req.skill,
                ]
            )
    last = book.table(ws, columns, rows, first_row=3)
    ctx.cells += len(rows) * len(columns)
    ctx.tick(len(rows), "Catalog")
    print_columns(ws, 9, last)
