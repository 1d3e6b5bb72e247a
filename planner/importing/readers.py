"""Turn a workbook or a text file into rows of cell values (runs in the child process).

Only the standard library and python-calamine are imported here: this module is what the
sandboxed child loads. Rows are aligned to A1 (row 0 = sheet row 1, column 0 = column A)
so every cell keeps its human address. Empty cells are ``None``.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import itertools
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Above this many cells in one sheet the reader refuses rather than exhausting memory
# (the parent passes a lower limit unless --allow-large: budget.max_cells).
MAX_SHEET_CELLS = 60_000_000
MAX_COLUMNS = 16_384  # Excel's limit: no spreadsheet is wider (a text file could be)


class ReadError(Exception):
    """A problem the reader can name; the parent turns it into InputRejected."""

    def __init__(self, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.sheet = sheet


class TooLargeRead(ReadError):
    """Refused for its size alone (the parent's TooLarge: the user may trust the file)."""


def read_any(path: str, fmt: str) -> dict[str, Any]:
    """Read every sheet of ``path`` (format already sniffed) into a plain dict.

    Returns:
        {"sheets": [{"name", "visible", "kind"}], "rows": {name: rows},
         "merged": {name: [(r0, c0, r1, c1)]}, "notes": [str]}
    """
    rows: dict[str, list[list[Any]]] = {}
    for kind, name, value in stream_any(path, fmt):
        if kind == "rows":
            rows.setdefault(name, []).extend(value)
        elif kind == "done":
            read = value.pop("read")
            return {**value, "rows": {s: rows.get(s, []) for s in read}}
    raise AssertionError("stream_any ends with its summary")  # pragma: no cover


def stream_any(
    path: str, fmt: str, max_cells: int = MAX_SHEET_CELLS
) -> Iterator[tuple[str, str, Any]]:
    """Read ``path`` a chunk of rows at a time, so a chunk can be sent while the next is read.

    Yields ("reading", sheet name, None) as a workbook's sheet is opened, ("size", sheet
    name, (rows, columns)) before its chunks, ("rows", sheet name, rows) for every chunk,
    then once ("done", "", summary) where summary is read_any's dict without "rows" and
    with "read": the worksheets read, in order.
    """
    if fmt in TEXT_READERS:
        result = TEXT_READERS[fmt](Path(path), max_cells)
        rows = result.pop("rows")
        for name, sheet_rows in rows.items():
            width = max(map(len, sheet_rows[:1]), default=0)
            check_size(name, len(sheet_rows), width, max_cells)
            yield "size", name, (len(sheet_rows), max(map(len, sheet_rows[:1]), default=0))
            yield from _chunks(name, sheet_rows)
        yield "done", "", {**result, "read": list(rows)}
        return
    yield from stream_workbook(path, fmt, max_cells)


def check_size(sheet: str, height: int, width: int, max_cells: int) -> None:
    """Refuse a sheet wider than any spreadsheet or with more cells than allowed."""
    if width > MAX_COLUMNS:
        raise ReadError(
            f"the sheet has {width:,} columns; a spreadsheet has at most {MAX_COLUMNS:,} "
            "and a skill sheet far fewer",
            sheet=sheet,
        )
    if height * width > max_cells:
        raise TooLargeRead(
            f"the sheet spans {height:,} rows × {width:,} columns ({height * width:,} "
            "cells), more than can be read safely (a stray value far from the table makes "
            "a sheet this large); nothing was imported",
            sheet=sheet,
        )


def _chunks(name: str, rows: list[list[Any]]) -> Iterator[tuple[str, str, Any]]:
    """A list of rows in chunks, each dropped from the list once handed out."""
    size = chunk_rows(max(map(len, rows[:1]), default=1))
    rows.reverse()  # popped from the end: nothing is copied twice
    while rows:
        chunk = rows[-size:]
        del rows[-size:]
        chunk.reverse()
        yield "rows", name, chunk


def chunk_rows(width: int) -> int:
    """Rows per chunk: about CHUNK_CELLS cells, at least one row."""
    return max(1, CHUNK_CELLS // max(1, width))


# About a megabyte of pickle: small enough to overlap reading and sending, large enough that
# the per-chunk costs do not count.
CHUNK_CELLS = 100_000

# The name endings calamine picks its reader by; a file whose content is another format
# (an .xlsx saved as .xls) is read by content instead.
SUFFIXES = {
    "xlsx": (".xlsx",),
    "xlsm": (".xlsm", ".xlsx"),
    "xlsb": (".xlsb",),
    "xls": (".xls", ".xla"),
    "ods": (".ods",),
}


def stream_workbook(
    path: str, fmt: str | None = None, max_cells: int = MAX_SHEET_CELLS
) -> Iterator[tuple[str, str, Any]]:
    import python_calamine as pc

    notes = []
    try:
        suffix = Path(path).suffix.lower()
        if fmt is not None and suffix not in SUFFIXES.get(fmt, (suffix,)):
            notes.append(
                f"the file's name ends in {suffix or 'nothing'} but it is an "
                f".{fmt} workbook; it was read as .{fmt}"
            )
            with open(path, "rb") as fh:
                workbook = pc.CalamineWorkbook.from_filelike(fh)
        else:
            workbook = pc.CalamineWorkbook.from_path(path)
    except pc.PasswordError:
        raise ReadError(
            "the workbook is password protected; remove the password and save a copy"
        ) from None
    except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError, OSError) as exc:
        raise ReadError(f"the workbook is damaged or not readable ({_short(exc)})") from None
    sheets, read, merged = [], [], {}
    with workbook:
        for meta in workbook.sheets_metadata:
            visible = str(meta.visible).rsplit(".", 1)[-1].lower()  # visible|hidden|veryhidden
            kind = str(meta.typ).rsplit(".", 1)[-1].lower()  # worksheet|chartsheet|...
            sheets.append({"name": meta.name, "visible": visible, "kind": kind})
            if kind != "worksheet":
                continue
            # said before the sheet is loaded: if the reader dies on it (a crafted used
            # range can make it allocate without bound), the parent names the sheet
            yield "reading", meta.name, None
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                if sheet.end:
                    check_size(meta.name, sheet.end[0] + 1, sheet.end[1] + 1, max_cells)
                ranges = sheet.merged_cell_ranges or []
                yield from _sheet_rows(sheet, meta.name)
            except ReadError:
                raise
            except (
                pc.CalamineError,
                pc.XmlError,
                pc.ZipError,
                ValueError,
                OSError,
                TypeError,
                OverflowError,
            ) as exc:
                raise ReadError(
                    f"the sheet cannot be read ({_short(exc)})", sheet=meta.name
                ) from None
            read.append(meta.name)
            merged[meta.name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    yield "done", "", {"sheets": sheets, "read": read, "merged": merged, "notes": notes}


def _sheet_rows(sheet: Any, name: str) -> Iterator[tuple[str, str, Any]]:
    """A sheet's rows, A1-aligned, in chunks; empty cells None.

    calamine's row iterator converts cells as they are asked for (``to_python`` holds every
    cell at once) and starts at row 1 but at the first used column: the columns left of it
    are filled in here.
    """
    if not sheet.end:
        return
    height, width = sheet.end[0] + 1, sheet.end[1] + 1
    left = sheet.start[1] if sheet.start else 0
    pad = [""] * left
    size = chunk_rows(width)
    yield "size", name, (height, width)
    rows = sheet.iter_rows()
    count = 0
    while chunk := list(itertools.islice(rows, size)):
        if left:
            chunk = [pad + row for row in chunk]
        if any(len(row) != width for row in chunk):
            raise ReadError(f"a row of the sheet does not have its {width} cells", sheet=name)
        count += len(chunk)
        # calamine returns '' for empty cells; None keeps "not assessed" distinct. Rows
        # without empty cells (most of a clean export) are kept as they are.
        yield (
            "rows",
            name,
            [[None if v == "" else v for v in row] if "" in row else row for row in chunk],
        )
        del chunk
    if count != height:
        raise ReadError(f"{count:,} rows read where the sheet spans {height:,}", sheet=name)


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


# -- text files -----------------------------------------------------------------------------

DELIMITERS = (",", ";", "\t", "|")


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode with BOM detection, then strict UTF-8, UTF-16 without BOM, else cp1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace"), "utf-16"
    # UTF-16 without a BOM first: its NUL bytes are valid UTF-8, so UTF-8 would "work".
    sample = raw[:4096]
    if sample[1::2].count(0) > len(sample) * 0.2 and not sample[0::2].count(0):
        return raw.decode("utf-16-le", "replace"), "utf-16-le"
    if sample[0::2].count(0) > len(sample) * 0.2 and not sample[1::2].count(0):
        return raw.decode("utf-16-be", "replace"), "utf-16-be"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return raw.decode("cp1252", "replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most consistent number of fields."""
    lines = [line[:20_000] for line in text[:1_000_000].splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        counts = [len(next(csv.reader([line], delimiter=delim))) for line in lines]
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        consistency = counts.count(common) / len(counts)
        score = consistency * 10 + min(common, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def read_text(path: Path, max_cells: int = MAX_SHEET_CELLS) -> dict[str, Any]:
    """A CSV or tab-separated text file as one sheet (``max_cells`` is checked by the
    caller once the width is known)."""
    csv.field_size_limit(1 << 26)  # giant cells are cut later, with a warning
    raw = path.read_bytes()
    text, encoding = decode_text(raw)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else sniff_delimiter(text)
    _refuse_binary(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    line = 1  # where the current row starts
    try:
        for row in reader:
            if reader.line_num - line > MAX_ROW_LINES:
                raise ReadError(
                    f"a quote opened on line {line:,} is not closed until line "
                    f"{reader.line_num:,}: those lines would all become one cell. Fix the "
                    "quote (or save the sheet again from Excel) and import it again"
                )
            line = reader.line_num + 1
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error as exc:
        raise ReadError(f"the text file is not valid CSV ({exc})") from None
    note = f"read as text ({encoding}, delimiter {_delimiter_name(delimiter)})"
    return _table_sheets([(path.stem or "Sheet1", rows, [], [])], note) | {"delimiter": delimiter}


MAX_ROW_LINES = 200  # lines one row (a quoted cell with line breaks) may span
BINARY_SHARE = 0.01  # control characters above this share of a text: binary data


def _refuse_binary(text: str) -> None:
    """Refuse text that is mostly binary beyond its start (the sniffer saw only the head):
    decoded as cp1252 it would import garbage as people. A few stray control characters
    (a glitch of the exporting program) are cleaned and named by cell later instead."""
    controls = len(text) - len(text.translate(_NOT_CONTROL))
    if controls <= max(8, len(text) * BINARY_SHARE):
        return
    first = next(i for i, ch in enumerate(text) if ch in _CONTROLS)
    line = text.count("\n", 0, first) + 1
    raise ReadError(
        f"the file holds binary data, not text, from line {line:,} on "
        f"({controls:,} control characters); it is not a CSV file"
    )


_CONTROLS = frozenset(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 0xFFFD))
_NOT_CONTROL = dict.fromkeys(map(ord, _CONTROLS))


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]


# -- web pages and Excel 2003 XML (what many HR systems' "Export to Excel" writes) ----------

MAX_SPAN = 1_000  # the most columns or rows one cell may span (HTML's own colspan limit)
MAX_ROWS = 1_048_576  # Excel's limit: a row index beyond it is no spreadsheet's


class _Cells:
    """Counts the cells a page or XML file makes (spans and index gaps make many cells of
    few bytes): past ``limit`` the file is refused for its size."""

    def __init__(self, limit: int) -> None:
        self.limit, self.count = limit, 0

    def add(self, n: int, where: str) -> None:
        self.count += n
        if self.count > self.limit:
            raise TooLargeRead(
                f"the file makes more than {self.limit:,} cells, more than can be read "
                "safely; nothing was imported",
                sheet=where,
            )


def _table_sheets(
    tables: list[tuple[str, list[list[Any]], list[tuple[int, int, int, int]], list[int]]],
    note: str,
    visible: dict[str, str] | None = None,
) -> dict[str, Any]:
    """read_any's dict for named tables (name, rows, merged ranges, hidden rows): rows
    padded to the table's width (stream_any then checks the sheet's size)."""
    sheets, rows, merged, hidden = [], {}, {}, {}
    for name, table, spans, hidden_rows in tables:
        width = max(map(len, table), default=0)
        for row in table:
            if len(row) < width:
                row.extend([None] * (width - len(row)))
        sheets.append(
            {"name": name, "visible": (visible or {}).get(name, "visible"), "kind": "worksheet"}
        )
        rows[name], merged[name] = table, spans
        if hidden_rows:
            hidden[name] = sorted(hidden_rows)
    return {"sheets": sheets, "rows": rows, "merged": merged, "notes": [note], "hidden": hidden}


def read_html(path: Path, max_cells: int = MAX_SHEET_CELLS) -> dict[str, Any]:
    """The tables of a web page (an .xls or .html that HR systems export): one sheet per
    table with cells, captioned by its <caption> or "Table N" (the file's name when it holds
    one); colspan/rowspan become merged ranges, rows hidden with display:none are named."""
    from html.parser import HTMLParser

    text, encoding = decode_text(path.read_bytes())
    _refuse_binary(text)
    cells = _Cells(max_cells)

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.done: list[dict[str, Any]] = []
            self.open: list[dict[str, Any]] = []
            self.skip = 0  # inside <script> or <style>

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "style"):
                self.skip += 1
                return
            if tag == "table":
                self.open.append(
                    {
                        "rows": [],
                        "spans": [],
                        "hidden": [],
                        "below": {},
                        "cell": None,
                        "caption": None,
                        "text": None,
                    }
                )
                return
            if not self.open:
                return
            t = self.open[-1]
            if tag == "caption":
                t["text"] = []
            elif tag == "tr":
                self._end_cell(t)
                t["rows"].append([])
                style = (dict(attrs).get("style") or "").replace(" ", "").lower()
                if "display:none" in style:
                    t["hidden"].append(len(t["rows"]) - 1)
            elif tag in ("td", "th"):
                self._end_cell(t)
                if not t["rows"]:
                    t["rows"].append([])
                r, row = len(t["rows"]) - 1, t["rows"][-1]
                while t["below"].get(len(row), -1) >= r:  # under a rowspan from above
                    row.append(None)
                a = dict(attrs)
                across, down = _span(a.get("colspan")), _span(a.get("rowspan"))
                c = len(row)
                row.append(None)
                t["cell"] = (row, c, [])
                row.extend([None] * (across - 1))
                cells.add(across, f"table {len(self.done) + len(self.open)}")
                if len(row) > MAX_COLUMNS:
                    raise ReadError(f"a table of the page is wider than {MAX_COLUMNS:,} columns")
                if down > 1:
                    for col in range(c, c + across):
                        t["below"][col] = r + down - 1
                if across > 1 or down > 1:
                    t["spans"].append((r, c, r + down - 1, c + across - 1))
            elif tag == "br" and t["cell"] is not None:
                t["cell"][2].append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style"):
                self.skip = max(0, self.skip - 1)
            elif not self.open:
                return
            elif tag in ("td", "th", "tr"):
                self._end_cell(self.open[-1])
            elif tag == "caption":
                t = self.open[-1]
                t["caption"] = " ".join("".join(t["text"] or []).split())[:31] or None
                t["text"] = None
            elif tag == "table":
                t = self.open.pop()
                self._end_cell(t)
                if any(v is not None for row in t["rows"] for v in row):
                    self.done.append(t)

        def handle_data(self, data: str) -> None:
            if self.skip or not self.open:
                return
            t = self.open[-1]
            if t["text"] is not None:
                t["text"].append(data)
            elif t["cell"] is not None:
                t["cell"][2].append(data)

        @staticmethod
        def _end_cell(t: dict[str, Any]) -> None:
            if t["cell"] is not None:
                row, c, parts = t["cell"]
                row[c] = " ".join("".join(parts).split()) or None
                t["cell"] = None

    parser = Tables()
    parser.feed(text)
    parser.close()
    while parser.open:  # tables the page never closes
        parser.handle_endtag("table")
    if not parser.done:
        raise ReadError("the web page holds no table with values")
    names: list[str] = []
    for n, t in enumerate(parser.done, 1):
        name = t["caption"] or (path.stem if len(parser.done) == 1 else f"Table {n}")
        while name in names:
            name = f"{name} ({n})"
        names.append(name)
    return _table_sheets(
        [
            (name, t["rows"], t["spans"], t["hidden"])
            for name, t in zip(names, parser.done, strict=True)
        ],
        f"read as a web page's tables ({encoding})",
    )


def _span(value: str | None) -> int:
    """A colspan/rowspan: a whole number from 1 to MAX_SPAN (browsers clamp them too)."""
    try:
        return min(max(int(str(value).strip()), 1), MAX_SPAN)
    except ValueError:
        return 1


def read_spreadsheet_xml(path: Path, max_cells: int = MAX_SHEET_CELLS) -> dict[str, Any]:
    """An Excel 2003 XML spreadsheet (SpreadsheetML): its worksheets, rows and typed cells
    (ss:Index gaps, MergeAcross/MergeDown as merged ranges, hidden rows and sheets). A
    document type declaration is refused: entities are how XML files attack readers."""
    import datetime as dt
    from xml.parsers import expat

    sheets: list[tuple[str, list[list[Any]], list[tuple[int, int, int, int]], list[int]]] = []
    visible: dict[str, str] = {}
    state: dict[str, Any] = {"sheet": None, "data": None, "options": None, "cell": None}
    cells = _Cells(max_cells)

    def local(name: str) -> str:
        return name.rsplit(" ", 1)[-1]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        a = {local(k): v for k, v in attrs.items()}
        sheet = state["sheet"]
        if tag == "Worksheet":
            sheet = {
                "name": a.get("Name") or f"Sheet{len(sheets) + 1}",
                "rows": [],
                "spans": [],
                "hidden": [],
                "row": None,
            }
            state["sheet"] = sheet
        elif sheet is None:
            return
        elif tag == "Row":
            index = _index(a.get("Index"), len(sheet["rows"]) + 1)
            if index > MAX_ROWS:
                raise ReadError(
                    f"a row is numbered {index:,}; a spreadsheet has at most {MAX_ROWS:,}",
                    sheet=sheet["name"],
                )
            while len(sheet["rows"]) < index - 1:
                sheet["rows"].append([])
            sheet["row"] = []
            sheet["rows"].append(sheet["row"])
            if a.get("Hidden") == "1":
                sheet["hidden"].append(len(sheet["rows"]) - 1)
        elif tag == "Comment":
            state["comment"] = True  # a note on the cell, not its value
        elif tag == "Cell" and sheet["row"] is not None:
            row = sheet["row"]
            column = _index(a.get("Index"), len(row) + 1)
            if column > MAX_COLUMNS:
                check_size(sheet["name"], 1, column, max_cells)
            cells.add(max(column - len(row), 1), sheet["name"])
            row.extend([None] * (column - 1 - len(row)))
            row.append(None)
            across = min(_index(a.get("MergeAcross"), 0), MAX_SPAN)
            down = min(_index(a.get("MergeDown"), 0), MAX_SPAN)
            if across or down:
                r, c = len(sheet["rows"]) - 1, len(row) - 1
                sheet["spans"].append((r, c, r + down, c + across))
                row.extend([None] * across)
            state["cell"] = (row, len(row) - 1 - across)
        elif tag == "Data" and state["cell"] is not None and not state.get("comment"):
            state["data"] = (a.get("Type", "String"), [])
        elif tag == "Visible":
            state["options"] = []

    def end(name: str) -> None:
        tag = local(name)
        sheet = state["sheet"]
        if tag == "Data" and state["data"] is not None:
            kind, parts = state["data"]
            row, c = state["cell"]
            row[c] = _typed("".join(parts), kind, dt)
            state["data"] = None
        elif tag == "Cell":
            state["cell"] = None
        elif tag == "Comment":
            state["comment"] = False
        elif tag == "Visible" and state["options"] is not None and sheet is not None:
            hidden = "".join(state["options"]).strip()
            visible[sheet["name"]] = (
                "hidden"
                if hidden.startswith("SheetHidden")
                else ("veryhidden" if hidden.startswith("SheetVeryHidden") else "visible")
            )
            state["options"] = None
        elif tag == "Worksheet" and sheet is not None:
            sheets.append((sheet["name"], sheet["rows"], sheet["spans"], sheet["hidden"]))
            state["sheet"] = None

    def text(data: str) -> None:
        if state["data"] is not None:
            state["data"][1].append(data)
        elif state["options"] is not None:
            state["options"].append(data)

    def refuse(*_args: Any) -> None:
        raise ReadError(
            "the XML file declares a document type or entities, which a spreadsheet never "
            "needs (a way to attack XML readers); it was not read"
        )

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    try:
        with path.open("rb") as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise ReadError(
            f"the XML spreadsheet is damaged ({expat.errors.messages.get(exc.code, exc)} on "
            f"line {exc.lineno:,})"
        ) from None
    if not sheets:
        raise ReadError("the XML file holds no worksheet (is it an Excel 2003 spreadsheet?)")
    return _table_sheets(sheets, "read as an Excel 2003 XML spreadsheet", visible)


def _index(value: str | None, default: int) -> int:
    """A 1-based ss:Index (or a merge count): a positive whole number, else ``default``."""
    try:
        number = int(str(value).strip())
    except ValueError:
        return default
    return number if number >= 0 else default


def _typed(value: str, kind: str, dt: Any) -> Any:
    """A SpreadsheetML cell value by its ss:Type."""
    if kind == "Number":
        try:
            return float(value)
        except ValueError:
            return value.strip() or None
    if kind == "DateTime":
        try:
            return dt.datetime.fromisoformat(value.strip()[:19])
        except ValueError:
            return value.strip() or None
    if kind == "Boolean":
        return value.strip() in ("1", "true", "TRUE")
    return value if value.strip() else None


TEXT_READERS = {"csv": read_text, "html": read_html, "xml2003": read_spreadsheet_xml}


def child_main(argv: list[str]) -> int:
    """``python readers.py FILE FORMAT OUT MEMORY [MAX_CELLS]``: read FILE, pickle the
    result to OUT; a sheet with more than MAX_CELLS cells is refused before it is sent.

    OUT ``-`` is the standard output, a pipe to the parent: the rows (names, emails) never
    touch the disk. Anything a library prints goes to stderr instead, so the pipe carries
    the pickles alone. Runs as a script (not through the package) so the child starts in
    milliseconds and imports nothing but calamine; the memory cap is set before anything
    is allocated.

    The pipe carries one pickle per event of :func:`stream_any`: a sheet's size, then a
    chunk of its rows at a time, sent as soon as it is read (the parent unpickles a chunk
    while the next is read here, and no chunk is kept once sent); the last one is ("ok",
    "", summary without rows) or ("error", sheet, message).
    """
    path, fmt, out_path, memory, *rest = argv
    max_cells = int(rest[0]) if rest else MAX_SHEET_CELLS
    out = None
    if out_path == "-":
        out = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
    # Millions of cells and no reference cycles: the cyclic collector only costs time here.
    gc.disable()
    try:
        import resource

        limit = int(memory)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no such limit on this platform
        pass
    with out if out is not None else open(out_path, "wb") as fh:
        for event in _events(path, fmt, max_cells):
            try:
                payload = _dumps(event)
            except MemoryError:
                del event
                fh.write(
                    _dumps(
                        (
                            "too-large",
                            None,
                            "reading the file needs more memory than "
                            "allowed (is it a crafted or enormous workbook?)",
                        )
                    )
                )
                break
            kind = event[0]
            del event
            fh.write(payload)
            if kind == "reading":  # out now: the reader may die on this sheet
                fh.flush()
    return 0


def _dumps(event: tuple[str, str | None, Any]) -> bytes:
    """One pickle, without the memo: cells are never shared or cyclic, and remembering
    each of them costs a third of the time."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(event)
    return buffer.getvalue()


def _events(
    path: str, fmt: str, max_cells: int = MAX_SHEET_CELLS
) -> Iterator[tuple[str, str | None, Any]]:
    """stream_any's chunks, then ("ok", "", summary) or ("error", sheet, message); the
    kind is "too-large" instead of "error" when only the file's size is refused."""
    kind = "error"
    try:
        for kind, name, value in stream_any(path, fmt, max_cells):
            if kind == "done":
                yield "ok", "", value
            else:
                yield kind, name, value
        return
    except ReadError as exc:
        message, sheet = str(exc), exc.sheet
        if isinstance(exc, TooLargeRead):
            kind = "too-large"
    except MemoryError:
        kind = "too-large"
        message, sheet = (
            (
                "reading the file needs more memory than allowed (is it a crafted "
                "or enormous workbook?)"
            ),
            None,
        )
    except RecursionError:
        message, sheet = "the file is nested too deeply to read", None
    except Exception as exc:  # a reader bug: still a clear refusal, never a traceback
        message = f"the file cannot be read ({type(exc).__name__}: {_short(exc)})"
        sheet = None
    yield kind, sheet, message


if __name__ == "__main__":
    status = child_main(sys.argv[1:])
    sys.stderr.flush()
    # Everything is sent: leave without freeing what was read, one by one (the parent
    # goes on meanwhile, and the system takes the memory back at once).
    os._exit(status)
