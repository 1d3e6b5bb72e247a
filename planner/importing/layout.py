"""Where the table is on a sheet: title rows, header row(s), data rows, totals rows.

HR sheets rarely start at A1: a title and a date sit above the header, a group row
("Technical skills") with merged cells sits above the real column names, blank columns
separate blocks and a totals row closes the table. Rows hidden in the workbook are
neither the header nor data. Rows are 0-based and A1-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from planner.importing.levels import LABELS, NOT_ASSESSED, fold, number_of
from planner.importing.report import column_letter

SCAN_ROWS = 40
TOTAL_WORDS = (
    "total",
    "totals",
    "sum",
    "summe",
    "gesamt",
    "insgesamt",
    "average",
    "avg",
    "mean",
    "durchschnitt",
    "mittelwert",
    "moyenne",
    "somme",
    "total general",
    "promedio",
    "suma",
    "totale",
    "media",
    "somma",
    "totaal",
    "gemiddelde",
    "som",
    "soma",
    "grand total",
    "subtotal",
)

Cell = Any
Merged = tuple[int, int, int, int]


@dataclass
class Table:
    """The table found on a sheet."""

    header_rows: list[int]
    headers: list[str]  # one per column (combined two-row headers)
    groups: list[str]  # the upper header row's label over each column, if any
    data_rows: list[int]  # rows holding data (blank and totals rows left out)
    totals_rows: list[int] = field(default_factory=list)
    blank_columns: list[int] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # hidden non-blank rows below it
    note_rows: list[int] = field(default_factory=list)  # notes under the table (a footer)
    section_rows: list[int] = field(default_factory=list)  # "— Legal —" between the people

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1 if self.header_rows else 0


MAX_HEADER_CHARS = 256  # a longer header is cut (with "…"): guessing a 40 MB one took a minute


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and len(value) > MAX_HEADER_CHARS:
        value = value[: MAX_HEADER_CHARS * 4].replace("\x00", "").strip()
        return value if len(value) <= MAX_HEADER_CHARS else value[:MAX_HEADER_CHARS] + "…"
    return str(value).replace("\x00", "").strip()


def is_blank(row: Sequence[Cell]) -> bool:
    for v in row:  # a loop that stops at the first filled cell: called for every row
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        return False
    return True


def _profile(row: Sequence[Cell]) -> tuple[int, int, int]:
    """(non-empty cells, text cells that are not numbers or level labels, numbers)."""
    nonempty = texts = numbers = 0
    for value in row:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        nonempty += 1
        if isinstance(value, str) and len(value) > MAX_HEADER_CHARS:
            texts += 1  # long text: no number or level label (and slow to parse)
        elif number_of(value) is not None:
            numbers += 1
        elif isinstance(value, str):
            folded = fold(value)
            if folded not in LABELS and folded not in NOT_ASSESSED:
                texts += 1
    return nonempty, texts, numbers


def find_table(
    rows: Sequence[Sequence[Cell]], merged: Sequence[Merged] = (), hidden: Collection[int] = ()
) -> Table | None:
    """Locate header and data rows; None when the sheet holds no table at all.

    Args:
        hidden: 0-based indices of rows hidden in the workbook: skipped, and listed in
            ``Table.hidden_rows`` when they hold something below the header.
    """
    hidden = hidden if isinstance(hidden, set | frozenset) else set(hidden)
    scan = [(0, 0, 0) if i in hidden else _profile(r) for i, r in enumerate(rows[:SCAN_ROWS])]
    widest = max((p[0] for p in scan), default=0)
    if widest < 2:
        return None
    header = None
    for i, (nonempty, texts, _numbers) in enumerate(scan):
        if nonempty >= max(2, 0.4 * widest) and texts >= max(2, 0.6 * nonempty):
            if _is_parameter_row(rows, scan, i, merged):
                continue
            header = i
            break
    if header is None:
        return None
    header_rows = [header]
    if header + 1 not in hidden and _is_second_header(rows, header, merged):
        header_rows.append(header + 1)
    width = max(len(r) for r in rows[: header_rows[-1] + 1])
    filled = [_fill_merged(rows, r, width, merged) for r in header_rows]
    headers, groups = [], []
    for c in range(width):
        top = filled[0][c]
        bottom = filled[-1][c] if len(filled) > 1 else ""
        if len(filled) > 1:
            headers.append(bottom or top)
            groups.append(top if bottom else "")
        else:
            headers.append(top)
            groups.append("")
    # Survey exports (Qualtrics) put the question text and an import id under the codes.
    described = _description_rows(rows, header_rows[-1], hidden, widest)
    for r in described:
        for c in range(width):
            text = _text(rows[r][c]) if c < len(rows[r]) else ""
            if text and not text.startswith("{") and _CODE_HEADER.match(headers[c] or "Q1"):
                headers[c] = text
    header_rows += described
    data_rows, totals, skipped, sections = [], [], [], []
    spans = {r0 for r0, c0, r1, c1 in merged if c1 > c0 and r0 == r1 and r0 > header}
    start = header_rows[-1] + 1
    if not hidden and _all_start_with_values(rows[start:]):
        # Every row starts with a number (an id): no blank, totals or hidden row to skip.
        return Table(
            header_rows,
            headers,
            groups,
            list(range(start, len(rows))),
            [],
            _blank_columns(rows, headers, range(start, len(rows))),
            [],
        )
    for r in range(start, len(rows)):
        row = rows[r]
        first = row[0] if row else None
        if first is not None and type(first) is not str and not hidden:
            data_rows.append(r)  # a number (an id) first: neither blank nor a totals row
            continue
        if is_blank(row):
            continue
        if hidden and r in hidden:
            skipped.append(r)
            continue
        if _is_totals(row):
            totals.append(r)
            continue
        if (len(row) < 2 or row[1] is None or row[1] == "") and _is_section(row, r in spans):
            sections.append(r)
            continue
        data_rows.append(r)
    notes = _footer_notes(rows, data_rows)
    if notes:
        data_rows = data_rows[: -len(notes)]
    if len(sections) >= len(data_rows):  # a list of single values: they are the data
        data_rows, sections = sorted(data_rows + sections), []
    return Table(
        header_rows,
        headers,
        groups,
        data_rows,
        totals,
        _blank_columns(rows, headers, data_rows),
        skipped,
        notes,
        sections,
    )


# "— Legal —", "--- Finance ---", "*** IT ***", "[Sales]", "Legal:": a heading, not a name.
_DECORATED = re.compile(r"^(?:[^\w\s(]+\s*\w.*?\s*[^\w\s.)]+|\[.+\]|\w[^:]*:)$")


def _is_section(row: Sequence[Cell], spanned: bool) -> bool:
    """True for a group heading between the people of a hand-made matrix: one text and
    nothing else, merged across the row or set off by dashes, brackets or a colon."""
    filled = [v for v in row if v is not None and v != ""]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return False
    text = filled[0].strip()
    return bool(text) and (spanned or bool(_DECORATED.match(text)))


def _is_parameter_row(
    rows: Sequence[Sequence[Cell]],
    scan: Sequence[tuple[int, int, int]],
    i: int,
    merged: Sequence[Merged],
) -> bool:
    """True when row i is a line of a report's parameter block ("Organization | Acme",
    "Prompt | Value") above the real table, not its header: a label and a value in the
    first two columns, then only such narrow rows and a blank row before a wider row
    that looks like a header (Workday and other report writers put one on top)."""
    row = rows[i]
    if scan[i][0] != 2 or len(row) < 2 or _text(row[0]) == "" or _text(row[1]) == "":
        return False
    if _is_second_header(rows, i, merged):
        return False
    blank_seen = False
    for j in range(i + 1, len(scan)):
        nonempty, texts, _numbers = scan[j]
        if nonempty == 0:
            blank_seen = True
        elif nonempty >= 3:
            return blank_seen and texts >= 0.6 * nonempty
    return False


# A footer's first word: "Source: HRIS", "Generated on 30/11/2026", "Confidential".
FOOTER_WORDS = frozenset(
    (
        "source", "sources", "note", "notes", "generated", "confidential", "printed", "page",
        "report", "copyright", "exported", "prepared", "created", "extracted", "run", "end",
        "disclaimer", "quelle", "stand", "erstellt", "vertraulich", "seite", "fuente", "generado",
        "confidencial"
    )
)


def _footer_notes(rows: Sequence[Sequence[Cell]], data_rows: list[int]) -> list[int]:
    """The last data rows that are notes under the table, not people: each holds one text
    and nothing else ("Confidential - internal use only", "Source: HRIS export") while the
    rows above hold several values. A lone short value ("E1002", "Jane Smith") is kept."""
    if len(data_rows) < 3:
        return []
    notes: list[int] = []
    for r in reversed(data_rows):
        filled = [v for v in rows[r] if v is not None and v != ""]
        if len(filled) != 1 or not isinstance(filled[0], str):
            break
        words = fold(filled[0]).split()
        if not words or (len(words) < 3 and words[0] not in FOOTER_WORDS):
            break
        notes.append(r)
    if not notes or len(notes) >= len(data_rows) - 1:
        return []
    above = [r for r in data_rows[-len(notes) - 20 : -len(notes)]]
    widths = sorted(sum(v is not None and v != "" for v in rows[r]) for r in above)
    return sorted(notes) if widths[len(widths) // 2] >= 3 else []


def _all_start_with_values(rows: Sequence[Sequence[Cell]]) -> bool:
    """True when every row's first cell is filled and not text (a C-level pass)."""
    try:
        kinds = set(map(type, map(itemgetter(0), rows)))
    except IndexError:  # an empty row
        return False
    return str not in kinds and type(None) not in kinds


def _blank_columns(
    rows: Sequence[Sequence[Cell]], headers: list[str], data_rows: Sequence[int]
) -> list[int]:
    """Columns without header or data; a headerless column with data is named (in place)."""
    blank_columns = []
    for c in range(len(headers)):
        if headers[c]:
            continue
        if all(c >= len(rows[r]) or rows[r][c] is None for r in data_rows):
            blank_columns.append(c)
        else:
            headers[c] = f"Column {column_letter(c)}"
    return blank_columns


def _fill_merged(
    rows: Sequence[Sequence[Cell]], r: int, width: int, merged: Sequence[Merged]
) -> list[str]:
    """Header texts of row r with merged ranges spread over every column they cover."""
    out = [_text(rows[r][c]) if c < len(rows[r]) else "" for c in range(width)]
    for r0, c0, r1, c1 in merged:
        if r0 <= r <= r1 and c0 < width:
            value = _text(rows[r0][c0]) if c0 < len(rows[r0]) else ""
            if r0 < r:  # a vertical merge from the row above: the label lives above
                continue
            for c in range(c0, min(c1, width - 1) + 1):
                out[c] = out[c] or value
    return out


def _is_second_header(
    rows: Sequence[Sequence[Cell]], header: int, merged: Sequence[Merged]
) -> bool:
    """True when the row below the header is a second header row (group labels above)."""
    if header + 2 > len(rows):
        return False
    top, below = rows[header], rows[header + 1]
    nonempty, texts, numbers = _profile(below)
    if texts < 2 or numbers > 0 or texts < 0.8 * nonempty:
        return False
    horizontal = any(r0 <= header <= r1 and c1 > c0 for r0, c0, r1, c1 in merged)
    gaps = sum(
        1 for c, v in enumerate(below) if v is not None and (c >= len(top) or top[c] is None)
    )
    top_texts = _profile(top)[1]
    # Group labels are fewer than the column names below them.
    return horizontal or (gaps >= 1 and top_texts < nonempty)


_CODE_HEADER = re.compile(r"^(?:Q|QID)?\d+(?:[._]\d+)*[a-z]?$|^Q\w*\d$", re.IGNORECASE)


def _description_rows(
    rows: Sequence[Sequence[Cell]], header: int, hidden: Collection[int], widest: int
) -> list[int]:
    """The rows under a survey's code header that hold question texts or import ids."""
    codes = sum(1 for v in rows[header] if isinstance(v, str) and _CODE_HEADER.match(v.strip()))
    out: list[int] = []
    for r in range(header + 1, min(header + 3, len(rows))):
        if r in hidden:
            break
        nonempty, texts, numbers = _profile(rows[r])
        if numbers or nonempty < 0.5 * widest or texts < 0.8 * nonempty:
            break
        cells = [v for v in rows[r] if isinstance(v, str)]
        import_ids = sum(1 for v in cells if v.lstrip().startswith('{"ImportId"'))
        questions = sum(1 for v in cells if v.rstrip().endswith("?") or " - " in v)
        if not (import_ids >= 2 or (codes >= 2 and questions >= 2)):
            break
        out.append(r)
    return out


def _is_totals(row: Sequence[Cell]) -> bool:
    for value in row[:4]:
        if value is None:
            continue
        if isinstance(value, str):
            if not value.lstrip().lower().startswith(TOTAL_WORDS):  # cheap test first
                return False
            words = fold(value).rstrip(":").split(" ")
            return bool(words) and (" ".join(words[:2]) in TOTAL_WORDS or words[0] in TOTAL_WORDS)
        return False
    return False
