"""Which rows of each worksheet are hidden (python-calamine does not say).

A hidden row in an HR export is usually a leaver, a filtered-out department or a scratch
line; importing it would bring back people the sender chose not to show. So the rows
hidden in the workbook are found here and skipped by the importer, with a note.

- .xlsx/.xlsm: ``<row r="12" hidden="1">`` in the worksheet part (mapped from the sheet
  name through ``xl/workbook.xml`` and its relationships). The sheet parts of big files
  are decompressed in chunks and only chunks mentioning ``hidden=`` are searched, so the
  cost is little more than inflating the part.
- .ods: ``table:table-row`` with ``table:visibility="collapse"`` or ``"filter"`` (rows
  counted with ``table:number-rows-repeated``); the XML is parsed only if such a row exists.
- .xls/.xlsb: not checked (binary records); their hidden rows are imported.

The file has already passed :func:`planner.importing.sniff.sniff` (zip bombs, duplicate
parts and XML entity tricks refused), and this runs after the sandboxed read succeeded.
"""

from __future__ import annotations

import posixpath
import pyexpat
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from planner.importing.sniff import real_name

CHUNK = 1 << 18
SMALL_PART = 16 << 20  # workbook.xml and relationships are read whole up to this
XML_CHECK_BYTES = 24 << 20  # sheet parts up to this size are checked as XML throughout
ROW_LIMIT = 1_048_576  # Excel's row count: no index beyond it is recorded

_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b([^>]*)>")
_HIDDEN = re.compile(rb"""(?<![\w:.-])hidden\s*=\s*["'](?:1|true)["']""")
_R = re.compile(rb"""(?<![\w:.-])r\s*=\s*["'](\d+)["']""")

HIDDEN_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    KeyError,
    ParseError,
    DefusedXmlException,
)


def hidden_rows(
    path: str | Path, fmt: str, sheets: Iterable[str] | None = None
) -> dict[str, frozenset[int]]:
    """0-based indices (as in ``Source.rows``) of the hidden rows of each named sheet.

    Args:
        sheets: the worksheet names to look at (None: all).

    Returns:
        Only sheets with hidden rows appear; .xls and .xlsb give nothing.

    Raises:
        One of ``HIDDEN_ERRORS`` when the package cannot be read.
    """
    wanted = None if sheets is None else set(sheets)
    if fmt in ("xlsx", "xlsm"):
        found = _xlsx_hidden(Path(path), wanted)
    elif fmt == "ods":
        found = _ods_hidden(Path(path), wanted)
    else:
        return {}
    return {name: frozenset(rows) for name, rows in found.items() if rows}


# -- xlsx ----------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(real_name(archive, name)) as fh:
        return fh.read(SMALL_PART)


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part name (as stored in the zip) of an OOXML workbook."""
    parts = {i.filename.replace("\\", "/").lower(): i.filename for i in archive.infolist()}
    workbook = "xl/workbook.xml"
    if workbook not in parts:
        workbook = next((p for p in parts if p.endswith("workbook.xml")), workbook)
    folder, base = posixpath.split(workbook)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if workbook not in parts or rels_name not in parts:
        return {}
    targets = {}
    for rel in SafeET.fromstring(_read_small(archive, rels_name)).iter():
        if _local(rel.tag) == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target", "").replace("\\", "/")
            target = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            targets[rel.get("Id")] = target.lower()
    out = {}
    for sheet in SafeET.fromstring(_read_small(archive, workbook)).iter():
        if _local(sheet.tag) != "sheet":
            continue
        rel_id = next(
            (v for k, v in sheet.attrib.items() if k.startswith("{") and _local(k) == "id"), None
        )
        part = targets.get(rel_id or "")
        name = sheet.get("name")
        if name is not None and part in parts:
            out[name] = parts[part]
    return out


class MalformedSheet(Exception):
    """A worksheet part is not well-formed XML: a reader would import it only in part."""

    def __init__(self, sheet: str, detail: str) -> None:
        super().__init__(
            f"the sheet's XML is damaged ({detail}); a reader would import "
            "only part of it, so the file is refused. Open it in Excel and save "
            "a copy"
        )
        self.sheet = sheet


def _xlsx_hidden(path: Path, wanted: set[str] | None) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in sheet_parts(archive).items():
            if wanted is None or name in wanted:
                full = archive.getinfo(part).file_size <= XML_CHECK_BYTES
                with archive.open(part) as fh:
                    rows = set(_scan_rows(_well_formed(_chunks(fh), name, full)))
                if rows:
                    out[name] = rows
    return out


def _well_formed(pieces: Iterator[bytes], sheet: str, full: bool) -> Iterator[bytes]:
    """Pass the pieces on, checking the XML as they go (all of it for parts up to
    XML_CHECK_BYTES, only a proper end for bigger ones); MalformedSheet otherwise."""
    parser = pyexpat.ParserCreate() if full else None
    last = b""
    try:
        for piece in pieces:
            if parser is not None:
                parser.Parse(piece, False)
            last = (last + piece[-256:])[-256:]  # not the whole piece copied each time
            yield piece
        if parser is not None:
            parser.Parse(b"", True)
    except pyexpat.ExpatError as exc:
        raise MalformedSheet(
            sheet, f"line {exc.lineno}, column {exc.offset}: {pyexpat.ErrorString(exc.code)}"
        ) from None
    if not re.search(rb"</(?:[\w.-]+:)?worksheet>\s*$", last):
        raise MalformedSheet(sheet, "it ends before the sheet is closed")


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces that end at a '>' so no tag is cut between two pieces."""
    carry = b""
    while True:
        block = fh.read(CHUNK)
        if not block:
            break
        block = carry + block
        cut = block.rfind(b">") + 1
        # A long text without '>' (a giant inline string): only its end can start a tag.
        carry = block[cut:] if len(block) - cut <= CHUNK else block[-4096:]
        if cut:
            yield block[:cut]
    if carry:
        yield carry


def _scan_rows(pieces: Iterator[bytes]) -> Iterator[int]:
    """0-based indices of the hidden rows in a worksheet part.

    Writers put ``r`` on every row (it is optional in the standard); when the first row
    tag lacks it, rows are counted instead, which needs every piece searched.
    """
    counting: bool | None = None
    previous = -1
    for piece in pieces:
        if counting is None:
            first = _ROW_TAG.search(piece)
            if first is None:
                continue
            counting = _R.search(first.group(1)) is None
        if counting:
            for match in _ROW_TAG.finditer(piece):
                number = _R.search(match.group(1))
                previous = int(number.group(1)) - 1 if number else previous + 1
                if _HIDDEN.search(match.group(1)) and 0 <= previous < ROW_LIMIT:
                    yield previous
        else:
            # Only the tags around each 'hidden=' are looked at: rows are most of the part.
            at = piece.find(b"hidden=")
            while at >= 0:
                start = piece.rfind(b"<", 0, at)
                match = _ROW_TAG.match(piece, start) if start >= 0 else None
                if match and match.end() > at and _HIDDEN.search(match.group(1)):
                    number = _R.search(match.group(1))
                    row = int(number.group(1)) - 1 if number else -1
                    if 0 <= row < ROW_LIMIT:
                        yield row
                at = piece.find(b"hidden=", at + 7)


# -- ods -----------------------------------------------------------------------------------

_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_NAME = f"{{{_TABLE_NS}}}name"
_VISIBILITY = f"{{{_TABLE_NS}}}visibility"
_REPEAT = f"{{{_TABLE_NS}}}number-rows-repeated"


def _ods_hidden(path: Path, wanted: set[str] | None) -> dict[str, set[int]]:
    with zipfile.ZipFile(path) as archive:
        content = real_name(archive, "content.xml")
        with archive.open(content) as fh:
            if not any(b"visibility=" in piece for piece in _chunks(fh)):
                return {}
        with archive.open(content) as fh:
            return _ods_rows(fh, wanted)


def _ods_rows(fh: IO[bytes], wanted: set[str] | None) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    table: str | None = None
    depth = 0  # nesting of tables (sub-tables count as part of their parent)
    row = 0
    for event, elem in SafeET.iterparse(fh, events=("start", "end")):
        if elem.tag == _TABLE:
            if event == "start":
                depth += 1
                if depth == 1:
                    table, row = elem.get(_NAME), 0
            else:
                depth -= 1
                if depth == 0:
                    table = None
                elem.clear()
            continue
        if event != "end" or elem.tag != _ROW or depth != 1:
            continue
        try:
            repeat = max(1, int(elem.get(_REPEAT, "1")))
        except ValueError:
            repeat = 1
        if (
            table is not None
            and (wanted is None or table in wanted)
            and elem.get(_VISIBILITY) in ("collapse", "filter")
        ):
            stop = min(row + repeat, ROW_LIMIT)
            out.setdefault(table, set()).update(range(row, stop))
        row += repeat
        elem.clear()
    return out
