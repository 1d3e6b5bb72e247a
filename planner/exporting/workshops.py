"""Workshops: the cohort list and printable sign-in sheets (one page per cohort)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break

from planner.exporting.atomic import ExportError, atomic_file
from planner.exporting.context import Context, missing_plan, new_context
from planner.exporting.readers import CohortInfo
from planner.exporting.styles import Column
from planner.progress import Progress
from planner.store.workspace import Workspace

SIGNATURE_ROW_HEIGHT = 30  # points: room for a handwritten signature
EMPTY_LINES = 2  # spare lines for walk-ins


def write_cohort_list(ctx: Context) -> None:
    book = ctx.book
    columns = [
        Column("Cohort", 8),
        Column("Module ID", 16),
        Column("Module", 40),
        Column("Format", 11),
        Column("Site", 14),
        Column("Week", 7, "int"),
        Column("Session date", 12, "date"),
        Column("Hours", 8, "hours"),
        Column("Facilitator", 20),
        Column("Room", 12),
        Column("Participants", 12, "int"),
    ]
    ws = book.sheet("Workshops", columns, freeze="C4", print_rows="3:3")
    ws.row_dimensions[3].height = 30
    notes = (
        [f"{len(ctx.cohorts)} workshop sessions; the sign-in sheets follow, one page per session."]
        if ctx.cohorts
        else [ctx.no_plan() if not ctx.plan else "The plan has no workshop sessions."]
    )
    book.titled(ws, "Workshop sessions", notes)
    rows = [
        [
            f"C{c.number}",
            c.module_id,
            c.module_title,
            c.format,
            c.site,
            c.week + 1,
            c.session_date,
            c.hours,
            c.facilitator,
            c.room,
            len(c.members),
        ]
        for c in ctx.cohorts
    ]
    book.table(ws, columns, rows, first_row=3)
    ctx.cells += len(rows) * len(columns)
    ctx.tick(len(rows), "Workshops")


def _write_signin(ctx: Context, ws: Any, cohort: CohortInfo, row: int) -> int:
    """One cohort's sign-in block from sheet row ``row``; returns the next free row."""
    book, names = ctx.book, ctx.names
    ctx.append(ws, [book.cell(ws, f"Sign-in sheet: session C{cohort.number}", "title")])
    facts = [
        ("Module", f"{cohort.module_title} ({cohort.module_id})", "fact"),
        ("Date", cohort.session_date, "fact_date"),
        ("Site", cohort.site or "-", "fact"),
        ("Room", cohort.room or "", "fact"),
        ("Facilitator", cohort.facilitator or "", "fact"),
        ("Duration", f"{cohort.hours:g} hours", "fact"),
    ]
    for n, (label, value, style) in enumerate(facts, row + 1):
        ws.merged_cells.add(f"B{n}:D{n}")
        ctx.append(ws, [book.cell(ws, label, "label"), book.cell(ws, value, style)])
    ctx.append(ws, [])
    row += 1 + len(facts) + 1
    ctx.append(ws, book.header_row(ws, ("No.", "Name", "Department", "Signature")))
    row += 1
    members = [(names.name(key, name), dept) for _eid, key, name, dept in cohort.members]
    for n, (name, dept) in enumerate([*members, *[("", "")] * EMPTY_LINES], 1):
        ws.row_dimensions[row].height = SIGNATURE_ROW_HEIGHT
        ctx.append(
            ws,
            [
                book.cell(ws, n, "box"),
                book.cell(ws, name or " ", "box"),
                book.cell(ws, dept or " ", "box"),
                book.cell(ws, " ", "box"),
            ],
        )
        row += 1
    return row


def write_signin_sheets(ctx: Context) -> None:
    """All sign-in sheets on one sheet, a page break after each session (portrait)."""
    book = ctx.book
    columns = [
        Column("No.", 12),
        Column("Name", 34),
        Column("Department", 24),
        Column("Signature", 40),
    ]
    ws = book.sheet("Sign-in sheets", columns, landscape=False)
    if not ctx.cohorts:
        book.titled(
            ws,
            "Sign-in sheets",
            [
                "No workshop sessions to sign in: "
                + (ctx.no_plan() if not ctx.plan else "the plan has no workshops.")
            ],
        )
        return
    row = 1
    for index, cohort in enumerate(ctx.cohorts):
        row = _write_signin(ctx, ws, cohort, row)
        if index < len(ctx.cohorts) - 1:
            ws.row_breaks.append(Break(id=row - 1))
        ctx.tick(len(cohort.members) + 10, "Sign-in sheets")
    ws.print_area = f"A1:{get_column_letter(len(columns))}{row - 1}"


def export_workshops(
    ws: Workspace,
    out: str | Path,
    *,
    scenario: str | None = None,
    pseudonymise: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write the sign-in sheets of a scenario's workshop sessions.

    Raises:
        ExportError: no plan (or no workshop sessions) yet, or the path cannot be written.
    """
    ctx = new_context(ws, scenario=scenario, pseudonymise=pseudonymise, progress=progress)
    if not ctx.plan:
        raise ExportError(missing_plan(ctx))
    if not ctx.cohorts:
        raise ExportError(
            f"the plan of scenario {ctx.scenario.name!r} has no workshop "
            "sessions, so there are no sign-in sheets to print."
        )
    ctx.total = sum(len(c.members) + 10 for c in ctx.cohorts)
    with atomic_file(out) as tmp, ctx.book.writing():
        write_signin_sheets(ctx)
        ctx.step("Saving")
        ctx.book.save(tmp)
    ctx.step("Done")
    return Path(out)
