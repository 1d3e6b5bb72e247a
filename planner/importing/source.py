"""A spreadsheet read once (in the sandbox) and kept in memory for every wizard step."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from planner.errors import InputRejected
from planner.importing.budget import max_cells
from planner.importing.hidden import HIDDEN_ERRORS, MalformedSheet, hidden_rows
from planner.importing.layout import find_table
from planner.importing.mapping import role_of_header
from planner.importing.sandbox import DEFAULT_MEMORY_LIMIT, LARGE_MEMORY_LIMIT, parse_in_child
from planner.importing.sniff import sniff
from planner.progress import Progress, report

log = logging.getLogger("planner.importing")
HIDDEN_FORMATS = ("xlsx", "xlsm", "ods")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
# What a file named like a workbook may really be (format: what it is, how it is read);
# HR systems' "Export to Excel" often writes a web page or Excel 2003 XML named .xls.
NOT_WORKBOOKS = {
    "csv": ("a text file", "it is read as text"),
    "html": ("a web page", "its tables are read (as some HR systems export)"),
    "xml2003": ("an Excel 2003 XML spreadsheet", "its sheets are read (as some HR systems export)"),
}


@dataclass(frozen=True)
class SheetInfo:
    """One sheet of the workbook as the user would see it in Excel."""

    name: str
    hidden: bool = False  # hidden or "very hidden"
    kind: str = "worksheet"  # worksheet | chartsheet | ...
    rows: int = 0

    def __str__(self) -> str:
        return f"{self.name} (hidden)" if self.hidden else self.name


@dataclass
class Source:
    """The parsed file: every worksheet's rows, A1-aligned, empty cells as None."""

    path: Path
    format: str
    sha256: str
    sheets: list[SheetInfo]
    sheet: str
    notes: list[str] = field(default_factory=list)
    _rows: dict[str, list[list[Any]]] = field(default_factory=dict, repr=False)
    _merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict, repr=False)
    # Sheet name -> 0-based indices (as in ``rows``) of the rows hidden in the workbook.
    hidden_rows: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    # Sheet name -> the same cells as an object matrix (None: rows of unequal width).
    _cells: dict[str, np.ndarray | None] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def rows(self) -> list[list[Any]]:
        return self._rows.get(self.sheet, [])

    @property
    def cells(self) -> np.ndarray | None:
        """The current sheet's ``rows`` as a rows × columns object matrix, if read as one."""
        return self._cells.get(self.sheet)

    @property
    def merged(self) -> list[tuple[int, int, int, int]]:
        return self._merged.get(self.sheet, [])

    @property
    def hidden(self) -> frozenset[int]:
        """The current sheet's hidden rows (0-based)."""
        return self.hidden_rows.get(self.sheet, frozenset())

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets if s.name in self._rows]

    def select(self, sheet: str) -> None:
        """Switch to another sheet (no re-parse); InputRejected lists the sheets if unknown."""
        if sheet not in self._rows:
            names = ", ".join(str(s) for s in self.sheets if s.name in self._rows) or "none"
            raise InputRejected(
                f"there is no sheet named {sheet!r}; the sheets are: {names}", file=self.name
            )
        self.sheet = sheet


def load_source(
    path: str | Path,
    *,
    sheet: str | None = None,
    allow_large: bool = False,
    progress: Progress | None = None,
    timeout: float | None = None,
) -> Source:
    """Sniff and guard the file, then parse it once in the sandboxed child."""
    path = Path(path)
    report(progress, 0, 3, f"checking {path.name}")
    sniffed = sniff(path, allow_large=allow_large)
    report(progress, 1, 3, f"reading {path.name}")
    # Hidden rows are looked up in a thread while the child parses: inflating the sheet
    # part releases the GIL, so on two cores the lookup costs next to nothing.
    pool = ThreadPoolExecutor(1, thread_name_prefix="hidden-rows")
    try:
        hidden: Future[dict[str, frozenset[int]]] | None = (
            pool.submit(hidden_rows, path, sniffed.format)
            if sniffed.format in HIDDEN_FORMATS
            else None
        )
        data = parse_in_child(
            path,
            sniffed.format,
            timeout=timeout,
            progress=progress,
            memory_limit=LARGE_MEMORY_LIMIT if allow_large else DEFAULT_MEMORY_LIMIT,
            max_cells=max_cells(sniffed.size, allow_large),
        )
        report(progress, 2, 3, "looking for the table")
        rows: dict[str, list[list[Any]]] = data["rows"]
        notes = list(data.get("notes", []))
        if sniffed.format in NOT_WORKBOOKS and path.suffix.lower() in SPREADSHEET_SUFFIXES:
            what, how = NOT_WORKBOOKS[sniffed.format]
            notes.insert(
                0,
                f"{path.name} is {what}, not a workbook, although its name ends in "
                f"{path.suffix}: {how}",
            )
        hidden_by_sheet = _hidden_result(hidden, rows, notes, path.name)
        # web pages and Excel 2003 XML: the reader itself found their hidden rows
        for name, kept in _within(data.get("hidden") or {}, rows).items():
            hidden_by_sheet[name] = hidden_by_sheet.get(name, frozenset()) | kept
    finally:
        pool.shutdown(wait=False)
    sheets = [
        SheetInfo(s["name"], s["visible"] != "visible", s["kind"], len(rows.get(s["name"], ())))
        for s in data["sheets"]
    ]
    if not rows:
        raise InputRejected(
            "the workbook has no worksheets (only charts or nothing)", file=path.name
        )
    source = Source(
        path,
        sniffed.format,
        sniffed.sha256,
        sheets,
        next(iter(rows)),
        notes,
        rows,
        data.get("merged", {}),
        hidden_by_sheet,
        data.get("cells", {}),
    )
    if sheet is not None:
        source.select(sheet)
    else:
        source.sheet = _likely_sheet(source)
    report(progress, 3, 3, "read")
    return source


def _hidden_result(
    future: Future[dict[str, frozenset[int]]] | None,
    rows: dict[str, list[list[Any]]],
    notes: list[str],
    name: str,
) -> dict[str, frozenset[int]]:
    """The hidden rows of the sheets read, within the rows read; a failure becomes a note."""
    if future is None:
        return {}
    try:
        found = future.result()
    except MalformedSheet as exc:
        raise InputRejected(str(exc), file=name, sheet=exc.sheet) from None
    except HIDDEN_ERRORS as exc:
        log.warning("hidden rows not checked: %s", exc)
        notes.append(f"hidden rows could not be checked ({exc}); any hidden rows are imported")
        return {}
    return _within(found, rows)


def _within(found: dict[str, Any], rows: dict[str, list[list[Any]]]) -> dict[str, frozenset[int]]:
    """The hidden row indices of the sheets read that fall within the rows read."""
    out = {}
    for name, indices in found.items():
        if name in rows:
            kept = frozenset(r for r in indices if r < len(rows[name]))
            if kept:
                out[name] = kept
    return out


def _likely_sheet(source: Source) -> str:
    """The sheet that looks most like skill data: visible, a table, employee-like headers."""
    best, best_score = source.sheet, -1.0
    if len(source._rows) == 1:
        return best
    for info in source.sheets:
        rows = source._rows.get(info.name)
        if not rows:
            continue
        table = find_table(
            rows, source._merged.get(info.name, ()), source.hidden_rows.get(info.name, frozenset())
        )
        if table is None:
            score = 0.0
        else:
            roles = sum(1 for h in table.headers if role_of_header(h, fuzzy=False)[0])
            score = len(table.data_rows) * len(table.headers) + 1e6 * min(roles, 3)
        if not info.hidden:
            score += 1e9
        if score > best_score:
            best, best_score = info.name, score
    return best
