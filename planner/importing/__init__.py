"""Spreadsheet import: any HR skill sheet in, clean data or a clear error out.

The steps, each usable on its own (the GUI wizard walks through them):

- :func:`load_source` sniffs and guards the file and parses it once, in a sandboxed child;
- :func:`detect` finds the header row(s) and guesses every column's role and scale;
- :func:`preview_levels` shows how raw values map onto 0–5;
- :func:`validate` reports errors and warnings without writing;
- :func:`commit` writes everything in one transaction (or counts it, ``dry_run``).

:func:`import_file` does all of them. Refusals raise :class:`~planner.errors.InputRejected`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.catalog.model import Catalog
from planner.errors import InputRejected
from planner.importing.budget import check_cells, parent_budget
from planner.importing.checking import Prepared, prepare
from planner.importing.guessing import build_mapping
from planner.importing.layout import find_table
from planner.importing.levels import Scale, parse_level
from planner.importing.mapping import ColumnMap, Mapping, apply_saved, layout_signature
from planner.importing.report import ImportReport, Issue
from planner.importing.sandbox import paused_gc
from planner.importing.skill_match import SkillIndex
from planner.importing.source import SheetInfo, Source, load_source
from planner.importing.writer import (
    already_imported,
    find_duplicate,
    remembered_mapping,
    write,
)
from planner.progress import Progress
from planner.progress import report as report_progress
from planner.wording import counted

if TYPE_CHECKING:
    from planner.store.workspace import Workspace

__all__ = [
    "Checked",
    "ColumnMap",
    "ImportReport",
    "InputRejected",
    "Issue",
    "Mapping",
    "Scale",
    "SheetInfo",
    "Source",
    "check_rows",
    "commit",
    "detect",
    "import_file",
    "load_source",
    "preview_levels",
    "validate",
]

log = logging.getLogger("planner.importing")


def detect(
    source: Source,
    catalog: Catalog,
    *,
    remembered: Mapping | None = None,
    skills: SkillIndex | None = None,
) -> Mapping:
    """Find the table on the source's current sheet and guess what each column holds.

    Args:
        remembered: a saved mapping for this layout; its roles and scales replace the
            guesses for columns with the same header.
        skills: a fresh ``SkillIndex(catalog)``, if built already.

    Raises:
        InputRejected: the sheet holds no table with a header row.
    """
    table = find_table(source.rows, source.merged, source.hidden)
    if table is None or not table.data_rows:
        what = "is empty" if not any(source.rows) else "holds no table with a header row"
        if table is not None and table.hidden_rows:
            what = f"shows no data rows (all {len(table.hidden_rows):,} are hidden)"
        named = [n for n in source.notes if "is a text file, not a workbook" in n]
        hint = f" ({named[0]})" if named else ""
        raise InputRejected(f"the sheet {what}{hint}", file=source.name, sheet=source.sheet)
    mapping = build_mapping(table, source.rows, catalog, source.sheet, skills=skills)
    if remembered is not None:
        mapping = apply_saved(mapping, remembered)
    return mapping


def preview_levels(
    source: Source, mapping: Mapping, limit: int = 200
) -> list[tuple[str, Any, float | None, str]]:
    """(column header, raw value, level or None, note) for distinct raw values per column."""
    out: list[tuple[str, Any, float | None, str]] = []
    columns = (
        mapping.skill_columns()
        if mapping.layout == "wide"
        else [c for c in mapping.columns if c.role == "level"]
    )
    rows = source.rows
    data_rows = mapping.data_rows or []
    per_column = max(3, limit // max(1, len(columns)))
    for col in columns:
        seen: set[Any] = set()
        for r in data_rows:
            value = rows[r][col.index] if col.index < len(rows[r]) else None
            if value is None or value in seen:
                continue
            seen.add(value)
            parsed = parse_level(value, col.scale or Scale())
            note = parsed.note or (f"scale {col.scale.label}" if col.scale else "")
            out.append((col.header, value, parsed.level, note))
            if len(seen) >= per_column or len(out) >= limit:
                break
        if len(out) >= limit:
            break
    return out


def validate(source: Source, mapping: Mapping, catalog: Catalog) -> ImportReport:
    """Check every row without writing; the report lists errors and warnings by cell."""
    return check_rows(source, mapping, catalog).report


@dataclass(frozen=True)
class Checked:
    """Rows checked against a catalog, ready to write: :func:`commit` takes it instead of
    checking the rows again (the wizard checks on its checks page, then imports)."""

    report: ImportReport
    prepared: Prepared
    mapping: Mapping  # as the rows were checked (located on the sheet)
    source: Source
    asked: Mapping  # the mapping check_rows() was given


def check_rows(source: Source, mapping: Mapping, catalog: Catalog) -> Checked:
    """Like :func:`validate`, keeping what the import writes."""
    with paused_gc():
        report, prepared, mapped = _prepare(source, mapping, catalog)
    return Checked(report, prepared, mapped, source, mapping)


def _prepare(
    source: Source, mapping: Mapping, catalog: Catalog
) -> tuple[ImportReport, Prepared, Mapping]:
    if mapping.data_rows is None or mapping.sheet != source.sheet:
        # A mapping loaded from JSON: locate the table on this sheet, keep the saved roles.
        mapping = apply_saved(detect(source, catalog), mapping)
    report = ImportReport(file=source.name, sheet=source.sheet, mapping=mapping)
    report.notes.extend(source.notes)
    try:
        prepared = prepare(source.rows, mapping, catalog, report, source.cells)
    except InputRejected as exc:
        raise InputRejected(
            _bare(exc), file=source.name, sheet=exc.sheet or source.sheet, cell=exc.cell
        ) from None
    return report, prepared, mapping


def _bare(exc: InputRejected) -> str:
    text = str(exc)
    prefix = ", ".join(p for p in (exc.sheet and f"sheet {exc.sheet}",) if p)
    return text[len(prefix) + 2 :] if prefix and text.startswith(prefix + ": ") else text


def commit(
    ws: Workspace,
    source: Source,
    mapping: Mapping,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    checked: Checked | None = None,
    also: Sequence[str] = (),
    backup: bool = True,
) -> ImportReport:
    """Validate and write the source into ``ws`` in one transaction.

    The same sheet of the same file (by sha256) imported again is not written twice: the
    report's ``duplicate_of`` names the earlier assessment. Cancelling via ``progress``
    rolls back. ``checked``: the rows as :func:`check_rows` found them for this source and
    mapping (not checked again). ``also``: more sheets with the same columns
    (:func:`sheets_like`), imported with this mapping in the same transaction; their
    reports are the returned report's ``more_sheets``. ``backup``: copy the workspace
    first (not when an outer import did).
    """
    if also:
        return _commit_sheets(ws, source, mapping, also, dry_run=dry_run, progress=progress,
                              checked=checked)
    if not dry_run:
        ws.check_writable()
    duplicate = find_duplicate(ws, source.sha256, source.sheet)
    if checked is not None and checked.source is source and checked.asked is mapping:
        report, prepared, mapping = checked.report, checked.prepared, checked.mapping
    else:
        with paused_gc():
            report, prepared, mapping = _prepare(source, mapping, ws.catalog())
    if duplicate is not None:
        report.duplicate_of = duplicate
        report.dry_run = dry_run
        report.notes.append(already_imported(source.sheet, duplicate))
        return report
    with _backup_first(ws, dry_run or not backup), paused_gc():
        return write(
            ws,
            prepared,
            report,
            source_name=source.name,
            sha256=source.sha256,
            mapping=mapping,
            dry_run=dry_run,
            progress=progress,
        )


@contextlib.contextmanager
def _backup_first(ws: Workspace, skip: bool) -> Iterator[None]:
    """A backup of a workspace that has people, before an import writes into it. Nothing
    is written if the import fails (one transaction): its backup goes too, so a refused or
    cancelled import leaves the folder as it was."""
    backup = None
    if not skip and ws.conn.execute("SELECT 1 FROM employees LIMIT 1").fetchone():
        backup = ws.backup("before-import")
    try:
        yield
    except BaseException:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
        raise


def sheets_like(source: Source, mapping: Mapping) -> list[str]:
    """The source's other sheets whose table has the same columns as ``mapping``'s sheet
    (a workbook with one sheet per department, say), in workbook order."""
    out = []
    for name in source.sheet_names:
        if name == mapping.sheet or not mapping.signature:
            continue
        table = find_table(
            source._rows[name], source._merged.get(name, ()), source.hidden_rows.get(name, ())
        )
        if (
            table is not None
            and table.data_rows
            and layout_signature(table.headers) == mapping.signature
        ):
            out.append(name)
    return out


def _commit_sheets(
    ws: Workspace,
    source: Source,
    mapping: Mapping,
    also: Sequence[str],
    *,
    dry_run: bool,
    progress: Progress | None,
    checked: Checked | None,
) -> ImportReport:
    """The source's sheet and the sheets ``also`` in one transaction: all or nothing."""
    if not dry_run:
        ws.check_writable()
    catalog = ws.catalog()
    with (
        _backup_first(ws, dry_run),
        ws.transaction() if not dry_run else contextlib.nullcontext(),
    ):
        first = commit(ws, source, mapping, dry_run=dry_run, progress=progress,
                       checked=checked, backup=False)
        for name in also:
            sheet = dataclasses.replace(source, sheet=name)
            located = apply_saved(detect(sheet, catalog), first.mapping or mapping)
            first.more_sheets.append(
                commit(ws, sheet, located, dry_run=dry_run, progress=progress, backup=False)
            )
    return first


def import_file(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: Mapping | None = None,
    dry_run: bool = False,
    allow_large: bool = False,
    all_sheets: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, detect (or apply ``mapping``), validate and write one file.

    The file's other sheets with the same columns (one per department, say) are imported
    with it, in the same transaction, when ``all_sheets``; otherwise the report names them
    (``same_columns``).

    Without a mapping the workspace's remembered mapping for the sheet's layout is used.
    Reading and checking stay within a time and memory budget derived from the file's
    size (``budget.py``; ``allow_large`` widens it). The cyclic garbage collector waits
    until the rows are gone: otherwise it walks every row once more on the way.
    """
    with parent_budget(path, allow_large=allow_large), paused_gc():
        return _import_file(
            ws,
            path,
            sheet=sheet,
            mapping=mapping,
            dry_run=dry_run,
            allow_large=allow_large,
            all_sheets=all_sheets,
            progress=progress,
        )


def _import_file(
    ws: Workspace,
    path: str | Path,
    *,
    sheet: str | None,
    mapping: Mapping | None,
    dry_run: bool,
    allow_large: bool,
    all_sheets: bool,
    progress: Progress | None,
) -> ImportReport:
    catalog = ws.catalog()
    # The catalog's skill index is built on a thread while the child reads the file: the
    # parent has nothing else to do meanwhile.
    with ThreadPoolExecutor(1, thread_name_prefix="skill-index") as pool:
        skills = pool.submit(SkillIndex, catalog)
        source = load_source(
            path,
            sheet=sheet
            if sheet is not None
            else (mapping.sheet if mapping is not None and mapping.sheet else None),
            allow_large=allow_large,
            progress=progress,
        )
        check_cells(
            source.rows,
            source.path.stat().st_size,
            name=source.name,
            sheet=source.sheet,
            allow_large=allow_large,
        )
        with paused_gc():
            detected = detect(source, catalog, skills=skills.result())
    if mapping is not None:
        detected = apply_saved(detected, mapping)
    else:
        saved = remembered_mapping(ws, detected.signature)
        if saved is not None:
            log.info("using the remembered mapping for this layout")
            detected = apply_saved(detected, saved)
    report_progress(progress, 0, 1, "checking rows")
    others = sheets_like(source, detected)
    if all_sheets:
        for name in others:
            rows = source._rows[name]
            check_cells(rows, source.path.stat().st_size, name=source.name, sheet=name,
                        allow_large=allow_large)
        return commit(ws, source, detected, dry_run=dry_run, progress=progress, also=others)
    report = commit(ws, source, detected, dry_run=dry_run, progress=progress)
    report.same_columns = others
    if others:
        names = ", ".join(others[:10]) + (f" and {len(others) - 10:,} more" if len(others) > 10
                                          else "")
        report.notes.append(
            f"{counted(len(others), 'other sheet has', 'other sheets have')} the same columns "
            f"({names}) and {'was' if len(others) == 1 else 'were'} not imported"
        )
    return report
