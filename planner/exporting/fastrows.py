"""Fast rows for the big grids (Employees, Fit matrix): their rows are written as sheet XML
text straight into the sheet's part, instead of through openpyxl's cell-by-cell writer.

openpyxl (write-only) builds an element per cell; for 50,000 people × 100 columns that is
most of the report's time. Here a grid sheet gets its header, widths, panes, filter,
colour scales and print setup from openpyxl as usual; its data rows are kept as a row
source (:meth:`FastRows.defer`) and, when the workbook is saved, spliced into the sheet's
XML just before ``</sheetData>`` (the sheet is closed first, so openpyxl has written its
whole part to its temporary file; the archive then takes it as any other sheet).

A row is a list of plain values: ``None`` (empty), ``int``/``float`` (finite numbers) or
``str``. Text is always an inline string (never a formula); text that a spreadsheet could
read as a formula gets the quote-prefix style, as :func:`planner.exporting.cells.safe_text`
does for ordinary cells.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from planner.exporting.cells import RISKY_FIRST, clean_text

CHUNK_ROWS = 500  # rows joined and written at once
_END = b"</sheetData>"
_EMPTY = b"<sheetData/>"


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")  # a bare CR would be read back as a newline
    return text


class FastRows:
    """Row sources of a workbook's grid sheets, spliced in by :meth:`splice_all` at save."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._pending: list[tuple[Any, int, Iterable[list[Any]], list[str | None]]] = []
        self._quote_style: int | None = None

    def defer(
        self, ws: Any, first_row: int, rows: Iterable[list[Any]], styles: Iterable[str | None] = ()
    ) -> None:
        """Write ``rows`` (an iterable, consumed at save) from sheet row ``first_row``, the
        numbers of column ``c`` in the book style ``styles[c]`` (None: General). The rows
        before ``first_row`` must already be appended to ``ws``, and nothing after them."""
        self._pending.append((ws, first_row, rows, list(styles)))

    def splice_all(self) -> None:
        for ws, first_row, rows, styles in self._pending:
            self._splice(ws, first_row, rows, styles)
        self._pending.clear()

    def _style_ids(self, names: list[str | None]) -> list[str]:
        """`` s="N"`` attributes of the named book styles ('' for General)."""
        out = []
        for name in names:
            if name is None:
                out.append("")
                continue
            index = self._book.wb._cell_styles.add(StyleArray(self._book.styles[name]))
            out.append(f' s="{index}"')
        return out

    @property
    def quote_style(self) -> int:
        """The workbook's style index of the quote prefix (text that looks like a formula)."""
        if self._quote_style is None:
            style = StyleArray()
            style.quotePrefix = 1
            self._quote_style = self._book.wb._cell_styles.add(style)
        return self._quote_style

    def _splice(
        self, ws: Any, first_row: int, rows: Iterable[list[Any]], styles: list[str | None]
    ) -> None:
        ws.close()  # openpyxl writes the sheet's part to its temp file
        path = ws._writer.out
        with open(path, "rb") as part:
            xml = part.read()
        cut = xml.rfind(_END)
        if cut < 0:
            cut = xml.rfind(_EMPTY)
            if cut < 0:
                raise ValueError(f"no sheet data in the part of sheet {ws.title!r}")
            head, tail = xml[:cut] + b"<sheetData>", _END + xml[cut + len(_EMPTY) :]
        else:
            head, tail = xml[:cut], xml[cut:]
        with open(path, "wb") as part:
            part.write(head)
            write_rows(part.write, rows, first_row, self.quote_style, self._style_ids(styles))
            part.write(tail)


def write_rows(
    write: Callable[[bytes], Any],
    rows: Iterable[list[Any]],
    first_row: int,
    quote_style: int,
    styles: list[str] | None = None,
) -> None:
    """``<row>`` elements of ``rows`` from sheet row ``first_row``, written in chunks;
    ``styles[c]`` is the style attribute of column ``c``'s numbers."""
    letters: list[str] = []
    styles = list(styles or [])
    chunk: list[str] = []
    number = first_row
    for values in rows:
        if len(values) > len(letters):
            letters += [get_column_letter(c) for c in range(len(letters) + 1, len(values) + 1)]
            styles += [""] * (len(letters) - len(styles))
        ref = str(number)
        cells = [f'<row r="{ref}">']
        for letter, style, value in zip(letters, styles, values, strict=False):
            if value is None:
                continue
            kind = value.__class__
            if kind is float:
                if math.isfinite(value):
                    cells.append(f'<c r="{letter}{ref}"{style}><v>{value!r}</v></c>')
            elif kind is int:
                cells.append(f'<c r="{letter}{ref}"{style}><v>{value}</v></c>')
            else:
                cells.append(_text_cell(letter + ref, value, quote_style))
        cells.append("</row>")
        chunk.append("".join(cells))
        number += 1
        if len(chunk) >= CHUNK_ROWS:
            write("".join(chunk).encode("utf-8"))
            chunk.clear()
    if chunk:
        write("".join(chunk).encode("utf-8"))


def _text_cell(ref: str, value: Any, quote_style: int) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>' if math.isfinite(value) else ""
    text = clean_text(value)
    if not text:
        return ""
    style = f' s="{quote_style}"' if text[0] in RISKY_FIRST else ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" t="inlineStr"{style}><is><t{space}>{_escape(text)}</t></is></c>'
