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
import os
import pickle
import sys
from pathlib import Path
from typing import Any

# Above this many cells in one sheet the reader refuses rather than exhausting memory.
MAX_SHEET_CELLS = 60_000_000


class ReadError(Exception):
    """A problem the reader can name; the parent turns it into InputRejected."""

    def __init__(self, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.sheet = sheet


def read_any(path: str, fmt: str) -> dict[str, Any]:
    """Read every sheet of ``path`` (format already sniffed) into a plain dict.

    Returns:
        {"sheets": [{"name", "visible", "kind"}], "rows": {name: rows},
         "merged": {name: [(r0, c0, r1, c1)]}, "notes": [str]}
    """
    if fmt == "csv":
        return read_text(Path(path))
    return read_workbook(path, fmt)


# The name endings calamine picks its reader by; a file whose content is another format
# (an .xlsx saved as .xls) is read by content instead.
SUFFIXES = {"xlsx": (".xlsx",), "xlsm": (".xlsm", ".xlsx"), "xlsb": (".xlsb",),
            "xls": (".xls", ".xla"), "ods": (".ods",)}


def read_workbook(path: str, fmt: str | None = None) -> dict[str, Any]:
    import python_calamine as pc

    notes = []
    try:
        suffix = Path(path).suffix.lower()
        if fmt is not None and suffix not in SUFFIXES.get(fmt, (suffix,)):
            notes.append(f"the file's name ends in {suffix or 'nothing'} but it is an "
                         f".{fmt} workbook; it was read as .{fmt}")
            with open(path, "rb") as fh:
                workbook = pc.CalamineWorkbook.from_filelike(fh)
        else:
            workbook = pc.CalamineWorkbook.from_path(path)
    except pc.PasswordError:
        raise ReadError("the workbook is password protected; remove the password and save a "
                        "copy") from None
    except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError, OSError) as exc:
        raise ReadError(f"the workbook is damaged or not readable ({_short(exc)})") from None
    sheets, rows, merged = [], {}, {}
    with workbook:
        for meta in workbook.sheets_metadata:
            visible = str(meta.visible).rsplit(".", 1)[-1].lower()   # visible|hidden|veryhidden
            kind = str(meta.typ).rsplit(".", 1)[-1].lower()          # worksheet|chartsheet|...
            sheets.append({"name": meta.name, "visible": visible, "kind": kind})
            if kind != "worksheet":
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                height, width = sheet.end if sheet.end else (0, 0)
                if (height + 1) * (width + 1) > MAX_SHEET_CELLS:
                    raise ReadError(f"the sheet spans {height + 1:,} rows × {width + 1:,} "
                                    "columns, too large for a skill sheet", sheet=meta.name)
                data = sheet.to_python(skip_empty_area=False)
                ranges = sheet.merged_cell_ranges or []
            except ReadError:
                raise
            except (pc.CalamineError, pc.XmlError, pc.ZipError, ValueError, OSError,
                    TypeError, OverflowError) as exc:
                raise ReadError(f"the sheet cannot be read ({_short(exc)})",
                                sheet=meta.name) from None
            # calamine returns '' for empty cells; None keeps "not assessed" distinct. Rows
            # without empty cells (most of a clean export) are kept as they are.
            rows[meta.name] = [[None if v == "" else v for v in row] if "" in row else row
                               for row in data]
            merged[meta.name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    return {"sheets": sheets, "rows": rows, "merged": merged, "notes": notes}


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
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = raw[:4096]
    if sample[1::2].count(0) > len(sample) * 0.4:
        return raw.decode("utf-16-le", "replace"), "utf-16-le"
    if sample[0::2].count(0) > len(sample) * 0.4:
        return raw.decode("utf-16-be", "replace"), "utf-16-be"
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


def read_text(path: Path) -> dict[str, Any]:
    csv.field_size_limit(1 << 26)   # giant cells are cut later, with a warning
    raw = path.read_bytes()
    text, encoding = decode_text(raw)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [[cell if cell.strip() else None for cell in row] for row in reader]
    except csv.Error as exc:
        raise ReadError(f"the text file is not valid CSV ({exc})") from None
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    name = path.stem or "Sheet1"
    notes = [f"read as text ({encoding}, delimiter {_delimiter_name(delimiter)})"]
    return {"sheets": [{"name": name, "visible": "visible", "kind": "worksheet"}],
            "rows": {name: rows}, "merged": {name: []}, "notes": notes,
            "delimiter": delimiter}


def _delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]


def child_main(argv: list[str]) -> int:
    """``python readers.py FILE FORMAT OUT MEMORY``: read FILE, pickle the result to OUT.

    OUT ``-`` is the standard output, a pipe to the parent: the rows (names, emails) never
    touch the disk. Anything a library prints goes to stderr instead, so the pipe carries
    the pickle alone. Runs as a script (not through the package) so the child starts in
    milliseconds and imports nothing but calamine; the memory cap is set before anything
    is allocated.
    """
    path, fmt, out_path, memory = argv
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
    try:
        result: dict[str, Any] = {"ok": read_any(path, fmt)}
    except ReadError as exc:
        result = {"error": str(exc), "sheet": exc.sheet}
    except MemoryError:
        result = {"error": "reading the file needs more memory than allowed (is it a crafted "
                           "or enormous workbook?)", "sheet": None}
    except RecursionError:
        result = {"error": "the file is nested too deeply to read", "sheet": None}
    except Exception as exc:  # a reader bug: still a clear refusal, never a traceback
        result = {"error": f"the file cannot be read ({type(exc).__name__}: {_short(exc)})",
                  "sheet": None}
    # Pickled first and the rows dropped, so that while the parent builds its copy the
    # child holds only the compact bytes (the two processes together stay small).
    try:
        payload: bytes | None = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = None
    else:
        del result
    with out if out is not None else open(out_path, "wb") as fh:
        if payload is not None:
            fh.write(payload)
        else:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
