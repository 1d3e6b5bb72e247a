"""The empty import template: profile columns the importer recognises, one column per
catalog skill (by display name), level and rater drop-downs, instructions and the scale.

A filled-in template imports without any mapping: every header is one the importer
matches on its own (profile synonyms and catalog skill names).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from planner.catalog.model import Catalog
from planner.exporting.atomic import atomic_file
from planner.exporting.styles import Book, Column
from planner.progress import Progress, report
from planner.store.workspace import Workspace

PROFILE_HEADERS = (
    "Employee ID",
    "Name",
    "Email",
    "Department",
    "Job title",
    "Site",
    "Manager",
    "Weekly training hours",
    "Rater",
)
PROFILE_WIDTHS = (13, 24, 28, 18, 22, 14, 20, 12, 11)
RATERS = ("self", "peer", "manager", "validated")
TEMPLATE_ROWS = 2000
LEVELS = (
    (0, "None", "Has not used the skill; no knowledge yet."),
    (1, "Aware", "Knows what it is and when it matters; has seen it used."),
    (2, "Beginner", "Can do simple tasks with guidance and examples."),
    (3, "Practitioner", "Works on their own on everyday tasks; knows the common pitfalls."),
    (4, "Advanced", "Handles complex or unusual cases; reviews and coaches others."),
    (5, "Expert", "Sets the standard: designs approaches, teaches, is asked for advice."),
)
INSTRUCTIONS = (
    "One row per employee. Keep the header row as it is: the app recognises these columns "
    "without any mapping.",
    "Employee ID is required and must be unique (an employee number, or the email address).",
    "Skill columns: the level 0-5 from the drop-down (see the Levels sheet). Leave a cell "
    "empty when the skill was not assessed; 0 means assessed as none.",
    "Rater: who gave the levels of this row (self, peer, manager or validated). When "
    "several sources rate the same skill, the most trusted wins: validated > manager > "
    "peer > self.",
    "Weekly training hours: the hours per week this person can spend on training "
    "(empty: the workspace default).",
    "Extra columns you add (e.g. Age band, Cost centre) are kept as employee attributes "
    "and can be used in the fairness check.",
    "Import it into Reskill Planner with File > Import… (or drop the file onto the window).",
)


def _catalog_of(source: Workspace | Catalog) -> Catalog:
    return source.catalog() if isinstance(source, Workspace) else source


def export_template(
    source: Workspace | Catalog, out: str | Path, *, progress: Progress | None = None
) -> Path:
    """Write the import template for the catalog of ``source`` (a workspace or a catalog)."""
    catalog = _catalog_of(source)
    currency = (
        source.setting("currency", "EUR") if isinstance(source, Workspace) else (catalog.currency)
    )
    skills = [s for s in catalog.skills.values() if s.origin != "unmapped"]
    book = Book(str(currency or "EUR"))
    report(progress, 0, 3, "Employees sheet")
    with atomic_file(out) as tmp, book.writing():
        _employees_sheet(book, [s.name for s in skills])
        report(progress, 1, 3, "Instructions")
        _instructions_sheet(book, skills)
        _levels_sheet(book)
        report(progress, 2, 3, "Saving")
        book.save(tmp)
    report(progress, 3, 3, "Done")
    return Path(out)


def _employees_sheet(book: Book, skill_names: list[str]) -> None:
    headers = [*PROFILE_HEADERS, *skill_names]
    columns = [
        *(Column(h, w) for h, w in zip(PROFILE_HEADERS, PROFILE_WIDTHS, strict=True)),
        *(Column(n, 15) for n in skill_names),
    ]
    ws = book.sheet("Employees", columns, freeze="C2", print_rows="1:1")
    longest = max((len(n) for n in skill_names), default=0)
    ws.row_dimensions[1].height = 15 * min(5, max(2, -(-longest // 13))) + 2
    ws.append(book.header_row(ws, headers))
    last = TEMPLATE_ROWS + 1
    rater_col = get_column_letter(PROFILE_HEADERS.index("Rater") + 1)
    raters = DataValidation(
        type="list",
        formula1='"' + ",".join(RATERS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Rater",
        error="Choose self, peer, manager or validated.",
        promptTitle="Rater",
        prompt="Who gave these levels?",
        showInputMessage=True,
    )
    raters.add(f"{rater_col}2:{rater_col}{last}")
    ws.data_validations.append(raters)
    hours_col = get_column_letter(PROFILE_HEADERS.index("Weekly training hours") + 1)
    hours = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="40",
        allow_blank=True,
        showErrorMessage=True,
        error="Hours per week between 0 and 40.",
    )
    hours.add(f"{hours_col}2:{hours_col}{last}")
    ws.data_validations.append(hours)
    if skill_names:
        first = get_column_letter(len(PROFILE_HEADERS) + 1)
        end = get_column_letter(len(headers))
        levels = DataValidation(
            type="list",
            formula1='"0,1,2,3,4,5"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Level",
            error="Choose a level from 0 to 5 (see the Levels sheet).",
            promptTitle="Level 0-5",
            showInputMessage=True,
            prompt="0 none, 1 aware, 2 beginner, 3 practitioner, "
            "4 advanced, 5 expert; empty = not assessed",
        )
        levels.add(f"{first}2:{end}{last}")
        ws.data_validations.append(levels)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"


def _instructions_sheet(book: Book, skills: list[Any]) -> None:
    columns = [Column("Skill", 40), Column("Category", 14), Column("Description", 100)]
    ws = book.sheet("Instructions", columns, freeze=None)
    book.titled(ws, "How to fill in the skills template")
    for n, line in enumerate(INSTRUCTIONS, 1):
        ws.append([book.cell(ws, f"{n}. {line}", None)])
    ws.append([])
    ws.append([book.cell(ws, "The skills (one column each on the Employees sheet)", "subtitle")])
    first = len(INSTRUCTIONS) + 4
    book.table(ws, columns, ([s.name, s.category, s.description] for s in skills), first_row=first)
    ws.print_title_rows = f"{first}:{first}"


def _levels_sheet(book: Book) -> None:
    columns = [Column("Level", 8, "int"), Column("Name", 16), Column("What it means", 80)]
    ws = book.sheet("Levels", columns, freeze="A4", print_rows="3:3")
    book.titled(
        ws,
        "The 0-5 skill scale",
        ["Leave a cell empty when a skill was not assessed: empty and 0 are not the same."],
    )
    book.table(ws, columns, LEVELS, first_row=3)
