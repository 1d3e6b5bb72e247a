"""The report's data sheets: Employees, Fit matrix, Allocation, Skill gaps, Catalog.

Big sheets (Employees, Fit matrix) write plain values (levels and fit rounded to one
decimal) and colour them with conditional formatting, so a 50,000-row sheet costs little
more than openpyxl writing bare numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.exporting.cells import safe_text
from planner.exporting.context import Context
from planner.exporting.styles import Column, fit_scale, gap_scale, level_scale, width_for

PROFILE = (Column("Employee ID", 13), Column("Name", 24), Column("Email", 28),
           Column("Department", 18), Column("Job title", 22), Column("Site", 14),
           Column("Manager", 20), Column("Weekly training hours", 12, "hours"))


def rounded_rows(matrix: np.ndarray, decimals: int = 1) -> list[list[Any]]:
    """Rows of Python floats rounded to ``decimals``; None where NaN or infinite."""
    values = np.round(matrix.astype(np.float64), decimals)
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()


def header_height(ws: Any, headers: Sequence[str], width: float) -> None:
    """A header row tall enough for the longest header wrapped at ``width`` characters."""
    longest = max((len(h) for h in headers), default=0)
    lines = min(6, max(1, -(-longest // max(1, int(width - 2)))))
    if lines > 1:
        ws.row_dimensions[1].height = 15 * lines + 2


def _profile_values(ctx: Context, row: tuple) -> list[Any]:
    _id, key, name, email, dept, title, site, manager, hours = row
    names = ctx.names
    return [names.key(key), names.name(key, name), names.email(key, email), dept, title, site,
            names.manager(manager), hours]


def write_employees(ctx: Context) -> None:
    """Profile and current level per assessed skill (0-5 colour scale)."""
    book, levels = ctx.book, ctx.levels
    # only skills someone was rated on: a column nobody has is noise
    rated = (~np.isnan(levels.levels)).any(axis=0) if len(levels.employee_ids) else []
    skill_cols = [j for j, hit in enumerate(rated) if hit]
    skills = ctx.catalog.skills
    skill_names = [skills[levels.skill_ids[j]].name if levels.skill_ids[j] in skills
                   else levels.skill_ids[j] for j in skill_cols]
    columns = [*PROFILE, *(Column(n, 14) for n in skill_names)]
    ws = book.sheet("Employees", columns, freeze="C2", print_rows="1:1", print_cols="A:B")
    header_height(ws, skill_names, 14)
    ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
    level_rows = rounded_rows(levels.levels[:, skill_cols]) if skill_cols else None
    for i, emp in enumerate(ctx.employees):
        profile = _profile_values(ctx, emp)
        row = [safe_text(ws, v) if isinstance(v, str) else v for v in profile[:7]]
        row.append(None if profile[7] is None else book.cell(ws, profile[7], "hours"))
        if level_rows is not None:
            row += level_rows[i]
        ctx.append(ws, row)
        ctx.tick(1, "Employees")
    last = len(ctx.employees) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    if skill_cols:
        level_scale(ws, f"{get_column_letter(len(PROFILE) + 1)}2:"
                        f"{get_column_letter(len(columns))}{max(last, 2)}")


def write_fit_matrix(ctx: Context) -> None:
    """Fit 0-100 of every employee for every role (colour scale), best role first."""
    book, scores = ctx.book, ctx.scores
    roles = ctx.catalog.roles
    role_names = [roles[r].name if r in roles else r for r in scores.role_ids]
    lead = [Column("Employee ID", 13), Column("Name", 24), Column("Department", 18),
            Column("Site", 14), Column("Best role", 26), Column("Best fit", 9, "fit")]
    columns = [*lead, *(Column(n, 14) for n in role_names)]
    ws = book.sheet("Fit matrix", columns, freeze="C2", print_rows="1:1", print_cols="A:B")
    header_height(ws, role_names, 14)
    ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
    fit = scores.fit
    fit_rows = rounded_rows(fit)
    best = fit.argmax(axis=1) if fit.shape[1] else np.zeros(len(fit), dtype=int)
    best_fit = np.round(fit.max(axis=1).astype(np.float64), 1).tolist() if fit.shape[1] else []
    by_id = {e[0]: e for e in ctx.employees}
    names = ctx.names
    for i, eid in enumerate(scores.employee_ids.tolist()):
        emp = by_id.get(eid)
        if emp is None:
            continue
        key = emp[1]
        row = [safe_text(ws, names.key(key)), safe_text(ws, names.name(key, emp[2])),
               safe_text(ws, emp[4]), safe_text(ws, emp[6])]
        if fit.shape[1]:
            row += [role_names[best[i]], book.cell(ws, best_fit[i], "fit"), *fit_rows[i]]
        ctx.append(ws, row)
        ctx.tick(1, "Fit matrix")
    last = len(scores.employee_ids) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    fit_scale(ws, f"F2:{get_column_letter(len(columns))}{max(last, 2)}")


def _note_sheet(ctx: Context, title: str, lines: Sequence[str]) -> Any:
    ws = ctx.book.sheet(title, [Column("", 110)])
    ctx.book.titled(ws, title, lines)
    return ws


def write_allocation(ctx: Context) -> None:
    """Chosen people per role, then per role demand / filled / unfilled and why, then the
    fairness check."""
    book = ctx.book
    if not ctx.allocations and not (ctx.scenario and ctx.scenario.demand):
        _note_sheet(ctx, "Allocation", [ctx.no_allocation()])
        return
    columns = [Column("Role", 28), Column("Role ID", 18), Column("Employee ID", 13),
               Column("Name", 24), Column("Department", 18), Column("Site", 14),
               Column("Fit", 8, "fit"), Column("Training hours", 10, "hours"),
               Column("Cost", 12, "money"), Column("Pinned", 8)]
    ws = book.sheet("Allocation", columns, freeze="A2", print_rows="1:1")
    ws.row_dimensions[1].height = 32
    ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
    names = ctx.names
    for (role_id, role_name, _eid, key, name, _email, dept, site, fit, hours, cost,
         pinned) in ctx.allocations:
        ctx.append(ws, book.row(ws, [role_name, role_id, names.key(key), names.name(key, name),
                                     dept, site, fit, hours, cost, "yes" if pinned else ""],
                                columns))
        ctx.tick(1, "Allocation")
    last = len(ctx.allocations) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 2)}"
    if not ctx.allocations:
        ctx.append(ws, [book.cell(ws, ctx.no_allocation(), "note")])
    _role_summary(ctx)


ROLE_COLUMNS = (Column("Role", 34), Column("Demanded", 11, "int"), Column("Filled", 11, "int"),
                Column("Unfilled", 11, "int"), Column("Average fit", 11, "fit"),
                Column("Training hours", 12, "hours"), Column("Cost", 14, "money"),
                Column("Why unfilled", 60))


def _role_summary(ctx: Context) -> None:
    """The "Allocation by role" sheet: demand, filled, unfilled and why; then fairness."""
    book = ctx.book
    columns = ROLE_COLUMNS
    ws = book.sheet("Allocation by role", columns, freeze="B4", print_rows="3:3")
    ws.row_dimensions[3].height = 32
    book.titled(ws, "Allocation by role", [
        f"Scenario {ctx.scenario.name!r}: people chosen per role, and why slots stay "
        "empty." if ctx.scenario else ctx.no_allocation()])
    scenario = ctx.scenario
    outcomes = {o.get("role_id"): o for o in (scenario.results.get("roles") or [])
                if isinstance(o, dict)} if scenario else {}
    filled: dict[str, list[tuple]] = {}
    for row in ctx.allocations:
        filled.setdefault(row[0], []).append(row)
    role_ids = list(dict.fromkeys([*(scenario.demand if scenario else {}), *filled]))
    roles = ctx.catalog.roles
    ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
    for role_id in role_ids:
        people = filled.get(role_id, [])
        demanded = (scenario.demand.get(role_id, len(people)) if scenario else len(people))
        unfilled = max(0, demanded - len(people))
        outcome = outcomes.get(role_id, {})
        why = (outcome.get("reason_text") or outcome.get("reason") or "") if unfilled else ""
        fits = [p[8] for p in people]
        ctx.append(ws, book.row(ws, [
            roles[role_id].name if role_id in roles else role_id, demanded, len(people),
            unfilled, sum(fits) / len(fits) if fits else None,
            sum(p[9] for p in people), sum(p[10] for p in people), why], columns))
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{3 + max(1, len(role_ids))}"
    _fairness(ctx, ws, 3 + len(role_ids) + 1)


def _fairness_reports(ctx: Context) -> list[dict[str, Any]]:
    stored = ctx.scenario.results.get("fairness") if ctx.scenario else None
    if isinstance(stored, dict) and "groups" in stored:
        return [stored]
    if isinstance(stored, list):
        return [r for r in stored if isinstance(r, dict) and "groups" in r]
    if isinstance(stored, dict):
        return [r for r in stored.values() if isinstance(r, dict) and "groups" in r]
    if not ctx.allocations:
        return []
    from planner.matching import fairness

    selected = [row[2] for row in ctx.allocations]
    return [fairness(ctx.ws, selected, attribute).to_json()
            for attribute in ("department", "site")]


def _fairness(ctx: Context, ws: Any, row: int) -> None:
    """Fairness tables from sheet row ``row`` (columns as in ROLE_COLUMNS' widths)."""
    book = ctx.book
    reports = _fairness_reports(ctx)
    if not reports:
        return
    row += 3
    columns = [Column("Group"), Column("People", style="int"), Column("Selected", style="int"),
               Column("Selection rate", style="percent"),
               Column("Ratio to highest", style="percent"), Column("Below four fifths")]
    ctx.append(ws, [])
    ctx.append(ws, [book.cell(ws, "Fairness check (four-fifths rule)", "subtitle")])
    ctx.append(ws, [book.cell(ws, "Groups whose selection rate is below 80% of the highest "
                                  "group's are flagged; groups under 5 people are too small "
                                  "to judge.", "note")])
    for rep in reports:
        ctx.append(ws, [book.cell(ws, f"By {rep.get('attribute', '?')}", "label")])
        ws.row_dimensions[row + 1].height = 32
        ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
        row += 2 + len(rep.get("groups", []))
        for g in rep.get("groups", []):
            flag = "FLAGGED" if g.get("flagged") else ("small group" if g.get("small") else "")
            ctx.append(ws, book.row(ws, [g.get("group"), g.get("size"), g.get("selected"),
                                         g.get("rate"), g.get("impact_ratio"), flag], columns))


def _gap_basis(ctx: Context) -> tuple[np.ndarray, np.ndarray, str]:
    """(employee rows, role index per row) whose gaps are shown, and the basis in words."""
    scores = ctx.scores
    if ctx.allocations:
        row_of = {int(e): i for i, e in enumerate(scores.employee_ids.tolist())}
        col_of = {r: j for j, r in enumerate(scores.role_ids)}
        pairs = [(row_of[a[2]], col_of[a[0]]) for a in ctx.allocations
                 if a[2] in row_of and a[0] in col_of]
        rows = np.array([p[0] for p in pairs], dtype=np.intp)
        cols = np.array([p[1] for p in pairs], dtype=np.intp)
        return rows, cols, (f"Average gap (levels below target) of the people allocated in "
                            f"scenario {ctx.scenario.name!r}, to their role's targets.")
    if scores.fit.shape[1] == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), ""
    rows = np.arange(len(scores.employee_ids), dtype=np.intp)
    return rows, scores.fit.argmax(axis=1).astype(np.intp), (
        "No allocation yet: average gap (levels below target) of every employee to the "
        "targets of their best-fitting role.")


@dataclass
class GapTable:
    """Gaps (levels below target) per department × required skill."""

    departments: list[str]
    skill_ids: list[str]
    mean: np.ndarray          # dept × skill, NaN where nobody there needs the skill
    total: np.ndarray         # dept × skill, sum of gaps
    people: np.ndarray        # people per department counted
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
    return GapTable(dept_names, [s for s, u in zip(skill_ids, used, strict=True) if u],
                    mean[:, used], sums[:, used], people, basis)


def write_skill_gaps(ctx: Context) -> None:
    book = ctx.book
    gaps = gap_table(ctx)
    depts, skill_ids, mean, people, basis = (gaps.departments, gaps.skill_ids, gaps.mean,
                                             gaps.people, gaps.basis)
    if not depts or not skill_ids:
        _note_sheet(ctx, "Skill gaps", ["No skill gaps to show: no employees or no role "
                                        "requirements."])
        return
    skills = ctx.catalog.skills
    names = [skills[s].name if s in skills else s for s in skill_ids]
    columns = [Column("Department", max(16, width_for(depts, "Department", maximum=30))),
               Column("People", 9, "int"), *(Column(n, 11, "level") for n in names)]
    ws = book.sheet("Skill gaps", columns, freeze="C4", print_rows="3:3", print_cols="A:B")
    ws.row_dimensions[3].height = 15 * min(6, max(1, -(-max(len(n) for n in names) // 9))) + 2
    book.titled(ws, "Skill gaps by department", [basis])
    ctx.append(ws, book.header_row(ws, (c.header for c in columns)))
    for i, dept in enumerate(depts):
        ctx.append(ws, book.row(ws, [dept, int(people[i]), *mean[i].tolist()], columns))
        ctx.tick(1, "Skill gaps")
    last = 3 + len(depts)
    ws.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{last}"
    gap_scale(ws, f"C4:{get_column_letter(len(columns))}{last}")


def write_catalog(ctx: Context) -> None:
    """Roles and their requirements, with the article phrase and evidence behind each role."""
    book, catalog = ctx.book, ctx.catalog
    columns = [Column("Role ID", 20), Column("Role", 28), Column("Family", 13),
               Column("Skill ID", 20), Column("Skill", 30), Column("Category", 13),
               Column("Target", 8, "int"), Column("Weight", 8, "int"),
               Column("Must-have minimum", 10, "int"), Column("Source phrase", 60),
               Column("Evidence", 30)]
    ws = book.sheet("Catalog", columns, freeze="C4", print_rows="3:3")
    ws.row_dimensions[3].height = 32
    book.titled(ws, "Catalog: roles and their skill requirements",
                [f"{len(catalog.roles)} roles, {len(catalog.skills)} skills, "
                 f"{len(catalog.modules)} training modules. Levels 0-5; weight 1-3."])
    rows = []
    for role in catalog.roles.values():
        for req in role.requirements:
            skill = catalog.skills.get(req.skill)
            rows.append([role.id, role.name, role.family, req.skill,
                         skill.name if skill else req.skill, skill.category if skill else "",
                         req.target, req.weight, req.must_min, role.source_phrase,
                         ", ".join(role.evidence)])
    last = book.table(ws, columns, rows, first_row=3)
    ctx.cells += len(rows) * len(columns)
    ctx.tick(len(rows), "Catalog")
    del last
