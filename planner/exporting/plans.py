"""Training plans: the "Training plan" sheet (one row per person × module, with a Status
drop-down, read back by ``planner.planning.read_plan_workbook``) and the plans export: one
sheet per person, or with ``split`` a folder of one workbook per person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.exporting.atomic import ExportError, atomic_file, atomic_folder
from planner.exporting.context import Context, missing_plan, new_context
from planner.exporting.readers import PlanRow
from planner.exporting.styles import Column, print_columns
from planner.progress import Progress
from planner.store.workspace import Workspace

STATUSES = ("planned", "in progress", "done")
# Header names read back by planner.planning.read_plan_workbook (Employee ID, Module ID,
# Start, Status, Status date): keep them. Module ID comes last, outside the printed columns.
PLAN_COLUMNS = (
    Column("Employee ID", 11),
    Column("Name", 20),
    Column("Role", 22, "wrap"),
    Column("Module", 36, "wrap"),
    Column("Format", 10),
    Column("Start", 11, "date"),
    Column("End", 11, "date"),
    Column("Weeks", 9, "int"),
    Column("Hours", 9, "hours"),
    Column("Cost", 10, "money"),
    Column("Status", 12, "gap"),
    Column("Status date", 11, "date"),
    Column("Workshop session", 20, "wrap_gap"),
    Column("Note", 24, "wrap"),
    Column("Module ID", 16),
)
STATUS_COL = [c.header for c in PLAN_COLUMNS].index("Status") + 1
PRINTED_PLAN_COLUMNS = 14


def status_validation(ws: Any, column: int, first: int, last: int) -> None:
    """A drop-down of the plan statuses on ``column`` rows first..last."""
    dv = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error="Choose planned, in progress or done.",
    )
    letter = get_column_letter(column)
    dv.add(f"{letter}{first}:{letter}{max(first, last)}")
    ws.data_validations.append(dv)


def session_labels(ctx: Context) -> dict[int, str]:
    return {
        c.id: (
            f"C{c.number} {c.session_date.isoformat() if c.session_date else ''} {c.site}"
        ).strip()
        for c in ctx.cohorts
    }


def item_notes(ctx: Context) -> dict[int, str]:
    """What the planner says about plan items, by item id: a workshop still waiting for a
    cohort, a workshop longer than the person's weekly hours (released from work), the last
    module of a plan that ends after the ready-by date."""
    plan = ctx.plan_set
    if plan is None:
        return {}
    horizon = getattr(plan.settings, "horizon", None)
    notes: dict[int, list[str]] = {}
    for person in plan.plans:
        for item in person.items:
            if item.flag and item.id is not None:
                notes.setdefault(item.id, []).append(item.flag)
        for item in getattr(person, "released_items", []):
            if item.id is not None:
                notes.setdefault(item.id, []).append(
                    f"released from work for this {item.hours:g} h workshop"
                )
        past = getattr(person, "past", None)
        if past is not None and horizon is not None and past(horizon) and person.items:
            last = max(person.items, key=lambda i: (i.end_week, i.seq))
            if last.id is not None:
                notes.setdefault(last.id, []).append(
                    f"ends after the ready-by date {horizon.isoformat()}"
                )
    return {k: "; ".join(v) for k, v in notes.items()}


def plan_values(
    ctx: Context, item: PlanRow, sessions: dict[int, str], notes: dict[int, str] | None = None
) -> list[Any]:
    names = ctx.names
    return [
        names.key(item.employee_key),
        names.name(item.employee_key, item.name),
        item.role_name,
        item.module_title,
        item.format,
        item.start,
        item.end,
        item.weeks,
        item.hours,
        item.cost,
        item.status,
        item.status_date,
        sessions.get(item.cohort_id, "") if item.cohort_id is not None else "",
        (notes or {}).get(item.item_id, ""),
        item.module_id,
    ]


def write_training_plan(
    ctx: Context, items: Sequence[PlanRow] | None = None, title: str = "Training plan"
) -> Any:
    """The plan table (all items of the scenario, or ``items``)."""
    book = ctx.book
    items = ctx.plan if items is None else items
    columns = plan_columns(ctx)
    ws = book.sheet(title, columns, freeze="C2", print_rows="1:1", print_cols="A:B")
    ctx.append(ws, book.headers(ws, columns, 1))
    if not items:
        ctx.append(ws, [book.cell(ws, ctx.no_plan(), "note")])
        return ws
    sessions = session_labels(ctx)
    notes = item_notes(ctx)
    for item in items:
        ctx.append(ws, book.row(ws, plan_values(ctx, item, sessions, notes), columns))
        ctx.tick(1, title)
    last = len(items) + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    status_validation(ws, STATUS_COL, 2, last)
    print_columns(ws, PRINTED_PLAN_COLUMNS, last)
    return ws


def plan_columns(ctx: Context) -> list[Column]:
    """PLAN_COLUMNS with the currency in the cost header."""
    return [
        Column(f"Cost ({ctx.currency})", c.width, c.style) if c.header == "Cost" else c
        for c in PLAN_COLUMNS
    ]


PERSON_COLUMNS = (
    Column("#", 5, "int"),
    Column("Module ID", 16),
    Column("Module", 52, "wrap"),
    Column("Format", 11),
    Column("Start", 11, "date"),
    Column("End", 11, "date"),
    Column("Weeks", 9, "int"),
    Column("Hours", 9, "hours"),
    Column("Cost", 11, "money"),
    Column("Status", 12, "gap"),
    Column("Status date", 11, "date"),
    Column("Workshop session", 30),
)


def write_person(ctx: Context, items: list[PlanRow], sessions: dict[int, str]) -> None:
    """One person's plan on a sheet of its own, ready to hand over."""
    book, names = ctx.book, ctx.names
    first = items[0]
    code = names.key(first.employee_key)
    name = names.name(first.employee_key, first.name)
    label = code if names.enabled or not name else f"{name} ({code})"
    ws = book.sheet(label, PERSON_COLUMNS, freeze="A10", print_rows="9:9")
    ends = [i.end for i in items if i.end is not None]
    book.titled(ws, f"Training plan: {name or code}")
    facts = [
        ("Employee ID", code, "fact"),
        ("Department", first.department, "fact"),
        ("Target role", first.role_name, "fact"),
        ("Training hours", sum(i.hours for i in items), "fact_hours"),
        ("Cost", sum(i.cost for i in items), "fact_money"),
        ("Finish date", max(ends) if ends else None, "fact_date"),
    ]
    for label_text, value, style in facts:
        ctx.append(ws, [book.cell(ws, label_text, "label"), None, book.cell(ws, value, style)])
    ctx.append(ws, [])
    ctx.append(ws, book.headers(ws, PERSON_COLUMNS, 9))
    for n, item in enumerate(items, 1):
        ctx.append(
            ws,
            book.row(
                ws,
                [
                    n,
                    item.module_id,
                    item.module_title,
                    item.format,
                    item.start,
                    item.end,
                    item.weeks,
                    item.hours,
                    item.cost,
                    item.status,
                    item.status_date,
                    sessions.get(item.cohort_id, "") if item.cohort_id is not None else "",
                ],
                PERSON_COLUMNS,
            ),
        )
    last = 9 + len(items)
    ws.auto_filter.ref = f"A9:{get_column_letter(len(PERSON_COLUMNS))}{last}"
    status_validation(ws, 10, 10, last)
    ctx.tick(len(items), "Plans")


def _people(plan: list[PlanRow]) -> list[list[PlanRow]]:
    return [list(g) for _, g in groupby(plan, key=lambda i: i.employee_id)]


_BAD_FILE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _file_name(ctx: Context, item: PlanRow, used: set[str]) -> str:
    code = ctx.names.key(item.employee_key)
    name = ctx.names.name(item.employee_key, item.name)
    stem = code if ctx.names.enabled or not name else f"{code} {name}"
    stem = _BAD_FILE.sub("_", stem).strip(" .")[:80] or "plan"
    candidate, n = stem, 2
    while candidate.casefold() in used:
        candidate, n = f"{stem} ({n})", n + 1
    used.add(candidate.casefold())
    return candidate + ".xlsx"


def export_plans(
    ws: Workspace,
    out: str | Path,
    *,
    scenario: str | None = None,
    split: bool = False,
    pseudonymise: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the plans workbook (a "Training plan" sheet plus one sheet per person), or
    with ``split`` a folder of one workbook per person. Returns what was written.

    Raises:
        ExportError: the scenario has no plan yet, or the path cannot be written.
    """
    ctx = new_context(ws, scenario=scenario, pseudonymise=pseudonymise, progress=progress)
    if not ctx.plan:
        raise ExportError(missing_plan(ctx))
    people = _people(ctx.plan)
    ctx.total = 2 * len(ctx.plan) + len(people)
    sessions = session_labels(ctx)
    out = Path(out)
    if not split:
        with atomic_file(out) as tmp, ctx.book.writing():
            write_training_plan(ctx)
            for items in people:
                write_person(ctx, items, sessions)
            ctx.step("Saving")
            ctx.book.save(tmp)
        ctx.step("Done")
        return out
    folder = out.with_suffix("") if out.suffix.lower() == ".xlsx" else out
    used: set[str] = set()
    with atomic_folder(folder) as tmp:
        for items in people:
            person_ctx = new_context(
                ws, scenario=scenario, pseudonymise=pseudonymise, progress=progress
            )
            person_ctx.__dict__.update(
                plan=items, cohorts=ctx.cohorts, scenario=ctx.scenario, plan_set=ctx.plan_set
            )
            write_training_plan(person_ctx, items)
            write_person(person_ctx, items, sessions)
            person_ctx.book.save(tmp / _file_name(ctx, items[0], used))
            ctx.tick(len(items) * 2 + 1, "Plans")
        if not any(tmp.iterdir()):
            raise ExportError("nothing to write")
        ctx.step("Done")
    return folder
