"""The report's two wide grids: Employees (a column per rated skill) and Fit matrix (a
column per role).

On screen they keep every column for filtering; on paper they print a fitted selection:
the key columns and the skills (or roles) the scenario demands, which come first, with
the rest of the grid after them outside the print area. Values are plain numbers rounded
to one decimal, coloured by conditional formatting, so a 50,000-row grid costs little more
than openpyxl writing bare numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from planner.exporting.context import Context
from planner.exporting.styles import Column, fit_scale, level_scale, print_columns

KEY = (
    Column("Employee ID", 12),
    Column("Name", 22),
    Column("Department", 17),
    Column("Job title", 24),
    Column("Site", 11),
)
MORE = (
    Column("Email", 28),
    Column("Manager", 20),
    Column("Weekly training hours (h)", 11, "hours"),
)
SKILL_WIDTH = 11
MAX_PRINTED_SKILLS = 16
MAX_PRINTED_ROLES = 10


def rounded_rows(matrix: np.ndarray, decimals: int = 1) -> list[list[Any]]:
    """Rows of Python floats rounded to ``decimals``; None where NaN or infinite."""
    values = np.round(matrix.astype(np.float64), decimals)
    out = values.astype(object)
    out[~np.isfinite(values)] = None
    return out.tolist()


def demanded_roles(ctx: Context) -> list[str]:
    """Role ids the scenario demands (or fills), in demand order."""
    if ctx.scenario is None:
        return []
    return list(dict.fromkeys([*ctx.scenario.demand, *(a[0] for a in ctx.allocations)]))


def skills_in_demand(ctx: Context) -> list[str]:
    """Skill ids the demanded roles require (most required first); without a scenario, the
    skills most roles of the catalog require."""
    roles = ctx.catalog.roles
    wanted = [r for r in demanded_roles(ctx) if r in roles] or list(roles)
    weight: dict[str, int] = {}
    for role_id in wanted:
        for req in roles[role_id].requirements:
            weight[req.skill] = weight.get(req.skill, 0) + 1
    return sorted(weight, key=lambda s: -weight[s])


def _profile(ctx: Context, row: tuple) -> tuple[list[Any], list[Any]]:
    _id, key, name, email, dept, title, site, manager, hours = row
    names = ctx.names
    return (
        [names.key(key), names.name(key, name), dept, title, site],
        [names.email(key, email), names.manager(manager), hours],
    )


def write_employees(ctx: Context) -> None:
    """Profile and current level per rated skill (0-5 colour scale); prints the key
    columns and the skills in demand."""
    book, levels = ctx.book, ctx.levels
    # only skills someone was rated on: a column nobody has is noise
    rated = (~np.isnan(levels.levels)).any(axis=0) if len(levels.employee_ids) else []
    rated_cols = [j for j, hit in enumerate(rated) if hit]
    position = {levels.skill_ids[j]: j for j in rated_cols}
    demand = [position[s] for s in skills_in_demand(ctx) if s in position]
    first = demand[:MAX_PRINTED_SKILLS]
    rest = [j for j in rated_cols if j not in set(first)]
    skills = ctx.catalog.skills

    def name(j: int) -> str:
        skill_id = levels.skill_ids[j]
        return skills[skill_id].name if skill_id in skills else skill_id

    columns = [
        *KEY,
        *(Column(name(j), SKILL_WIDTH, "level") for j in first),
        *MORE,
        *(Column(name(j), SKILL_WIDTH, "level") for j in rest),
    ]
    ws = book.sheet("Employees", columns, freeze="C2", print_rows="1:1", print_cols="A:B")
    ctx.append(ws, book.headers(ws, columns, 1))
    printed_rows = rounded_rows(levels.levels[:, first]) if first else None
    rest_rows = rounded_rows(levels.levels[:, rest]) if rest else None

    def rows() -> Iterator[list[Any]]:
        for i, emp in enumerate(ctx.employees):
            key, more = _profile(ctx, emp)
            row = key
            if printed_rows is not None:
                row += printed_rows[i]
            row += [more[0], more[1], None if more[2] is None else round(float(more[2]), 1)]
            if rest_rows is not None:
                row += rest_rows[i]
            ctx.cells += len(row) - row.count(None)
            ctx.tick(1, "Employees")
            yield row

    book.fast.defer(ws, 2, rows(), [c.style for c in columns])
    last = max(len(ctx.employees) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    lead = len(KEY)
    if first:
        level_scale(
            ws, f"{get_column_letter(lead + 1)}2:{get_column_letter(lead + len(first))}{last}"
        )
    if rest:
        start = lead + len(first) + len(MORE) + 1
        level_scale(ws, f"{get_column_letter(start)}2:{get_column_letter(len(columns))}{last}")
    print_columns(ws, lead + len(first), last)


def write_fit_matrix(ctx: Context) -> None:
    """Fit 0-100 of every employee for every role (colour scale), best role first, the
    demanded roles before the others; prints the key columns and the demanded roles."""
    book, scores = ctx.book, ctx.scores
    roles = ctx.catalog.roles
    index = {r: j for j, r in enumerate(scores.role_ids)}
    demand = [index[r] for r in demanded_roles(ctx) if r in index]
    order = [*demand, *(j for j in range(len(scores.role_ids)) if j not in set(demand))]
    role_names = [roles[r].name if r in roles else r for r in scores.role_ids]
    lead = [
        Column("Employee ID", 12),
        Column("Name", 22),
        Column("Department", 17),
        Column("Site", 11),
        Column("Best role", 40),
        Column("Best fit (0-100)", 9, "fit"),
    ]
    columns = [*lead, *(Column(role_names[j], 12, "fit") for j in order)]
    ws = book.sheet("Fit matrix", columns, freeze="C2", print_rows="1:1", print_cols="A:B")
    ctx.append(ws, book.headers(ws, columns, 1))
    fit = scores.fit
    fit_rows = rounded_rows(fit[:, order]) if len(order) else None
    best = fit.argmax(axis=1) if fit.shape[1] else np.zeros(len(fit), dtype=int)
    best_fit = np.round(fit.max(axis=1).astype(np.float64), 1).tolist() if fit.shape[1] else []
    by_id = {e[0]: e for e in ctx.employees}
    names = ctx.names

    def rows() -> Iterator[list[Any]]:
        for i, eid in enumerate(scores.employee_ids.tolist()):
            emp = by_id.get(eid)
            if emp is None:
                continue
            key = emp[1]
            row = [names.key(key), names.name(key, emp[2]), emp[4], emp[6]]
            if fit_rows is not None:
                row += [role_names[best[i]], best_fit[i], *fit_rows[i]]
            ctx.cells += len(row) - row.count(None)
            ctx.tick(1, "Fit matrix")
            yield row

    book.fast.defer(ws, 2, rows(), [c.style for c in columns])
    last = max(len(scores.employee_ids) + 1, 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    fit_scale(ws, f"F2:{get_column_letter(len(columns))}{last}")
    printed = len(demand) if demand else len(order)
    print_columns(ws, len(lead) + min(printed, MAX_PRINTED_ROLES if not demand else printed), last)
