"""Safe cell values: text from imported data never becomes a formula, NaN/inf never written.

OWASP's CSV-injection guidance: a value starting with ``=``, ``+``, ``-``, ``@``, tab or
CR may be taken for a formula by a spreadsheet. openpyxl itself turns any string that
starts with ``=`` into a formula, so such strings are written as explicit text cells
(``data_type "s"``) with Excel's "quote prefix" set, which keeps them text even when a
user edits the cell later.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles.cell_style import StyleArray

RISKY_FIRST = frozenset("=+-@\t\r")
# Excel refuses cells longer than this.
MAX_TEXT = 32767


def clean_text(value: Any) -> str:
    """``value`` as text without the control characters XML cannot hold, cut to Excel's limit."""
    text = value if isinstance(value, str) else str(value)
    if ILLEGAL_CHARACTERS_RE.search(text):
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:MAX_TEXT]


def is_risky(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    return bool(text) and text[0] in RISKY_FIRST


def text_cell(ws: Any, text: str, style: StyleArray | None = None) -> Cell:
    """A cell that holds ``text`` as a string whatever it starts with."""
    cell = Cell(ws, row=1, column=1, style_array=StyleArray(style) if style else None)
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def safe_text(ws: Any, value: Any, style: StyleArray | None = None) -> Any:
    """Text for a write-only row: a plain ``str`` when harmless, else a guarded text cell.

    None and empty text stay None (an empty cell).
    """
    if value is None:
        return None
    text = clean_text(value)
    if not text:
        return None
    if text[0] in RISKY_FIRST:
        return text_cell(ws, text, style)
    if style is not None:
        cell = Cell(ws, row=1, column=1, style_array=StyleArray(style))
        cell._value = text
        cell.data_type = "s"
        return cell
    return text


def safe_number(value: Any) -> float | int | None:
    """A finite number, or None (NaN and infinity are never written)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return value if isinstance(value, int) else number


def styled(ws: Any, value: Any, style: StyleArray) -> Any:
    """A cell with a shared style (copied array, so openpyxl does no style lookups per cell)."""
    if value is None:
        return None
    if isinstance(value, str):
        return safe_text(ws, value, style)
    if not isinstance(value, date | datetime):
        value = safe_number(value)
        if value is None:
            return None
    cell = Cell(ws, row=1, column=1, style_array=StyleArray(style))
    cell._value = value
    cell.data_type = "d" if isinstance(value, date | datetime) else "n"
    return cell


def as_date(value: Any) -> date | None:
    """An ISO date text (or a date) as a date; None for blanks and unreadable text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
