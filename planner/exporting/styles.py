"""Shared look of every exported table: header style, number formats, widths, print setup.

Styles are built once per workbook as openpyxl style arrays and copied onto cells, so a
styled cell costs no style lookups (see ``cells.styled``). Big tables write plain values
and get their colours from conditional formatting instead of per-cell fills.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from planner.exporting.cells import safe_text, styled
from planner.exporting.fastrows import FastRows

HEADER_FILL = "1F3B57"
TITLE_COLOUR = "1F3B57"
NOTE_COLOUR = "595959"
WARNING_COLOUR = "B91C1C"  # what the reader must not miss (dark red)
FMT_LEVEL = "0.0"
FMT_FIT = "0.0"
FMT_HOURS = "#,##0"
FMT_INT = "#,##0"
FMT_DATE = "yyyy-mm-dd"
FMT_PERCENT = "0%"
FMT_HOURS_UNIT = '#,##0 "h"'
# Values are rounded for reading before they are written (fit 86.5, not 86.45832824707031).
DECIMALS = {
    "fit2": 2,
    "fit": 1,
    "level": 1,
    "hours": 1,
    "fact_hours": 1,
    "kpi_fit": 1,
    "percent": 3,
    "money": 2,
    "fact_money": 2,
}
NUMERIC = frozenset({"fit", "fit2", "level", "hours", "int", "money", "percent", "date"})
HEADER_HEIGHT_MAX = 6  # lines
MAX_LINES = 12  # a table cell's text
LINE_POINTS = 14.5  # height of a line of 11-point text
WRAPPED = frozenset({"wrap", "note_wrap", "wrap_gap"})
# Text right of a column of figures starts a character in (figures sit flush right).
GAP = frozenset({"gap", "wrap_gap"})
# Currency codes shown with their symbol; others by their code.
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF"}
_PREFIX = {"USD", "GBP", "JPY", "INR"}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def currency_format(code: str) -> str:
    """An Excel number format for amounts in ``code`` (e.g. ``#,##0 "€"``)."""
    code = (code or "EUR").upper()
    symbol = _SYMBOLS.get(code, code).replace('"', "")
    return f'"{symbol}"#,##0' if code in _PREFIX else f'#,##0 "{symbol}"'


def safe_title(text: str, used: set[str]) -> str:
    """A valid, unique sheet title: at most 31 characters, none of ``[]:*?/\\``."""
    title = _BAD_TITLE.sub(" ", str(text)).strip().strip("'").strip() or "Sheet"
    title = title[:31].rstrip()
    candidate, n = title, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = title[: 31 - len(suffix)].rstrip() + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


@dataclass(frozen=True)
class Column:
    """One table column: header, width in characters and a style name of ``Book.styles``."""

    header: str
    width: float = 12
    style: str | None = None  # None: plain value (numbers General, text as is)


class Book:
    """A write-only workbook with the shared styles and helpers for its tables."""

    def __init__(self, currency: str = "EUR") -> None:
        self.wb = Workbook(write_only=True)
        self.currency = currency
        self._titles: set[str] = set()
        self._written: dict[str, int] = {}
        self.fast = FastRows(self)
        self._probe = self.wb.create_sheet("_probe")
        thin = Side(style="thin", color="BFBFBF")
        # wrapped text keeps the default bottom alignment, in line with its row's other cells
        wrap_top = Alignment(wrap_text=True)
        figure = Alignment(horizontal="right", indent=1)
        self.styles: dict[str, StyleArray] = {
            "header": self._style(
                font=Font(bold=True, color="FFFFFF"),
                fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(wrap_text=True, vertical="center"),
            ),
            "header_gap": self._style(
                font=Font(bold=True, color="FFFFFF"),
                fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(wrap_text=True, vertical="center", horizontal="left", indent=1),
            ),
            # over a column of numbers the header sits right, above its figures
            "header_num": self._style(
                font=Font(bold=True, color="FFFFFF"),
                fill=PatternFill("solid", fgColor=HEADER_FILL),
                alignment=Alignment(
                    wrap_text=True, vertical="center", horizontal="right", indent=1
                ),
            ),
            "title": self._style(font=Font(bold=True, size=16, color=TITLE_COLOUR)),
            "subtitle": self._style(font=Font(bold=True, size=12, color=TITLE_COLOUR)),
            "note": self._style(font=Font(italic=True, color=NOTE_COLOUR)),
            "warning": self._style(font=Font(bold=True, color=WARNING_COLOUR)),
            "label": self._style(font=Font(bold=True)),
            "fact": self._style(alignment=Alignment(horizontal="left")),
            "fact_date": self._style(
                alignment=Alignment(horizontal="left"), number_format=FMT_DATE
            ),
            "fact_hours": self._style(
                alignment=Alignment(horizontal="left"), number_format=FMT_HOURS
            ),
            "fact_money": self._style(
                alignment=Alignment(horizontal="left"), number_format=currency_format(currency)
            ),
            "kpi": self._style(
                font=Font(bold=True, size=14),
                number_format=FMT_INT,
                alignment=Alignment(horizontal="left"),
            ),
            "kpi_money": self._style(
                font=Font(bold=True, size=14),
                number_format=currency_format(currency),
                alignment=Alignment(horizontal="left"),
            ),
            "kpi_date": self._style(
                font=Font(bold=True, size=14),
                number_format=FMT_DATE,
                alignment=Alignment(horizontal="left"),
            ),
            "kpi_hours": self._style(
                font=Font(bold=True, size=14),
                number_format=FMT_HOURS_UNIT,
                alignment=Alignment(horizontal="left"),
            ),
            "kpi_fit": self._style(
                font=Font(bold=True, size=14),
                number_format=FMT_FIT,
                alignment=Alignment(horizontal="left"),
            ),
            "kpi_text": self._style(
                font=Font(bold=True, size=12), alignment=Alignment(horizontal="left")
            ),
            "total": self._style(font=Font(bold=True)),
            "total_int": self._style(font=Font(bold=True), number_format=FMT_INT, alignment=figure),
            "total_fit": self._style(font=Font(bold=True), number_format=FMT_FIT, alignment=figure),
            "total_money": self._style(
                font=Font(bold=True), alignment=figure, number_format=currency_format(currency)
            ),
            "total_date": self._style(
                font=Font(bold=True), number_format=FMT_DATE, alignment=figure
            ),
            # figures keep a character's gap from the text column on their right
            "level": self._style(number_format=FMT_LEVEL, alignment=figure),
            "fit": self._style(number_format=FMT_FIT, alignment=figure),
            "hours": self._style(number_format=FMT_HOURS, alignment=figure),
            "int": self._style(number_format=FMT_INT, alignment=figure),
            "money": self._style(number_format=currency_format(currency), alignment=figure),
            "date": self._style(number_format=FMT_DATE, alignment=figure),
            "percent": self._style(number_format=FMT_PERCENT, alignment=figure),
            "fit2": self._style(number_format="0.00", alignment=figure),
            "wrap": self._style(alignment=wrap_top),
            "gap": self._style(alignment=Alignment(horizontal="left", indent=1)),
            "wrap_gap": self._style(
                alignment=Alignment(wrap_text=True, horizontal="left", indent=1)
            ),
            "note_wrap": self._style(font=Font(italic=True, color=NOTE_COLOUR), alignment=wrap_top),
            "box": self._style(
                border=Border(left=thin, right=thin, top=thin, bottom=thin),
                alignment=Alignment(vertical="center"),
            ),
        }
        self.wb.remove(self._probe)

    def _style(self, **attrs: Any) -> StyleArray:
        cell = WriteOnlyCell(self._probe)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return StyleArray(cell._style)

    # -- sheets -----------------------------------------------------------------------------

    def sheet(
        self,
        title: str,
        columns: Sequence[Column] = (),
        *,
        landscape: bool = True,
        freeze: str | None = None,
        print_rows: str | None = None,
        print_cols: str | None = None,
        one_page: bool = False,
    ) -> Any:
        """A new write-only sheet with widths, frozen panes and print setup in place.

        Every sheet prints fitted to one page wide (``one_page``: on a single page), with
        ``print_rows`` / ``print_cols`` repeated on every page. Wide grids set a print
        area of their key columns afterwards (:func:`print_columns`). Everything written
        before the rows (widths, panes, fit-to-page) must be set here: a write-only sheet
        streams its top part with the first row.
        """
        ws = self.wb.create_sheet(safe_title(title, self._titles))
        for index, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        if freeze:
            ws.freeze_panes = freeze
        setup = ws.page_setup
        setup.orientation = "landscape" if landscape else "portrait"
        setup.paperSize = "9"  # A4
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if one_page else 0
        margins = ws.page_margins
        margins.left = margins.right = 0.5
        margins.top, margins.bottom = 0.6, 0.75
        margins.header, margins.footer = 0.3, 0.3  # the footer needs room below the table
        ws.print_options.horizontalCentered = landscape
        ws.HeaderFooter.oddFooter.left.text = "&A"
        ws.HeaderFooter.oddFooter.right.text = "Page &P of &N"
        if print_rows:
            ws.print_title_rows = print_rows
        if print_cols:
            ws.print_title_cols = print_cols
        return ws

    def cell(self, ws: Any, value: Any, style: str | None) -> Any:
        if style is None:
            return safe_text(ws, value) if isinstance(value, str) else value
        if style in DECIMALS and isinstance(value, float):
            value = round(value, DECIMALS[style])
        return styled(ws, value, self.styles[style])

    def header_row(self, ws: Any, headers: Iterable[str]) -> list[Any]:
        return [self.cell(ws, h, "header") for h in headers]

    def headers(self, ws: Any, columns: Sequence[Column], row: int | None = None) -> list[Any]:
        """Header cells of ``columns`` for sheet row ``row`` (default: the next one), the
        row tall enough for the longest header wrapped in its column (numbers' headers
        aligned right, above their figures)."""
        # a number column's header is indented by a character, like its figures
        lines = max(
            (wrapped_lines(c.header, c.width - (c.style in NUMERIC)) for c in columns), default=1
        )
        if lines > 1:
            ws.row_dimensions[row or self.next_row(ws)].height = LINE_POINTS * lines + 3
        return [
            self.cell(
                ws,
                c.header,
                "header_num"
                if c.style in NUMERIC
                else "header_gap"
                if c.style in GAP
                else "header",
            )
            for c in columns
        ]

    def append(self, ws: Any, row: list[Any]) -> None:
        """Write ``row`` below the last one (counted, see :meth:`next_row`)."""
        ws.append(row)
        self._written[ws.title] = self._written.get(ws.title, 0) + 1

    def next_row(self, ws: Any) -> int:
        """The sheet row the next :meth:`append` writes."""
        return self._written.get(ws.title, 0) + 1

    def row(self, ws: Any, values: Sequence[Any], columns: Sequence[Column]) -> list[Any]:
        """Cells of one table row styled by ``columns``, for the sheet's next row; the row
        is made tall enough for text wrapped in its columns (spreadsheets do not grow a
        written row by themselves)."""
        out = []
        lines = 1
        for value, column in zip(values, columns, strict=False):
            out.append(self.cell(ws, value, column.style))
            if column.style in WRAPPED and isinstance(value, str):
                lines = max(lines, wrapped_lines(value, column.width, bold=False, most=MAX_LINES))
        if lines > 1:
            ws.row_dimensions[self.next_row(ws)].height = LINE_POINTS * lines + 2
        return out

    def titled(self, ws: Any, title: str, notes: Iterable[str] = (), *, style: str = "note") -> int:
        """A title line and note lines at the top; returns the number of rows written."""
        self.append(ws, [self.cell(ws, title, "title")])
        rows = 1
        for note in notes:
            self.append(ws, [self.cell(ws, note, style)])
            rows += 1
        return rows

    def table(
        self,
        ws: Any,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        *,
        first_row: int,
        filter_: bool = True,
    ) -> int:
        """Header then rows from sheet row ``first_row``; returns the last row written."""
        self.append(ws, self.headers(ws, columns, first_row))
        last = first_row
        for values in rows:
            self.append(ws, self.row(ws, values, columns))
            last += 1
        if filter_ and columns:
            ws.auto_filter.ref = (
                f"A{first_row}:{get_column_letter(len(columns))}{max(last, first_row + 1)}"
            )
        return last

    def save(self, path: Any) -> None:
        self.fast.splice_all()
        self.wb.save(path)

    @contextlib.contextmanager
    def writing(self) -> Iterator[Book]:
        """Around the writing of the workbook: on an error or a cancel, every sheet's
        stream is closed and its temporary file removed (nothing left half-open)."""
        try:
            yield self
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        for ws in self.wb.worksheets:
            with contextlib.suppress(Exception):
                if not ws.closed:
                    ws.close()
            writer = getattr(ws, "_writer", None)
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.cleanup()


def wrapped_lines(
    text: str, width: float, *, bold: bool = True, most: int = HEADER_HEIGHT_MAX
) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in a ``width``-character
    column (a width unit is a digit's width; plain text averages narrower, bold wider)."""
    room = max(1, int(width) - 1 if bold else int(width * 1.2) - 1)
    lines, used = 1, 0
    for word in str(text).split():
        size = len(word)
        if used and used + 1 + size > room:
            lines, used = lines + 1, 0
        used = size + (used + 1 if used else 0)
        while used > room:
            lines, used = lines + 1, used - room
    lines += str(text).count("\n")
    return min(most, lines)


def print_columns(ws: Any, last_col: int, last_row: int) -> None:
    """Print only columns A..``last_col`` (the key columns; the rest stays on screen), in
    portrait when that selection is narrow enough to print on fewer pages still readable
    (a scenario demanding one role: 10 landscape pages of a 300-person fit matrix, 5 in
    portrait)."""
    ws.print_area = f"A1:{get_column_letter(max(1, last_col))}{max(1, last_row)}"
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
        for c in range(1, max(1, last_col) + 1)
    )
    if _portrait_is_better(width, last_row):
        ws.page_setup.orientation = "portrait"
        ws.print_options.horizontalCentered = False


DEFAULT_WIDTH = 8.43  # Excel's column width when none is set
A4_CM = (21.0, 29.7)
MIN_PORTRAIT_SCALE = 0.6  # 11-point cells print at 6.6 points: about the smallest to read


def _portrait_is_better(width_chars: float, rows: int) -> bool:
    """Whether ``rows`` rows of a table ``width_chars`` wide (fitted to the page width)
    print on fewer A4 pages in portrait than in landscape, at a readable scale."""
    width_cm = 0.19 * width_chars + 0.5  # about a character's width per unit, plus padding

    def pages_and_scale(page_w: float, page_h: float) -> tuple[int, float]:
        scale = min(1.0, (page_w - 2.54) / width_cm)  # 0.5 inch side margins
        per_page = max(1, int((page_h - 3.43) / (ROW_CM_15PT * scale)))  # top, bottom, footer
        return -(-rows // per_page), scale

    portrait_pages, portrait_scale = pages_and_scale(*A4_CM)
    landscape_pages, _scale = pages_and_scale(A4_CM[1], A4_CM[0])
    return portrait_pages < landscape_pages and portrait_scale >= MIN_PORTRAIT_SCALE


ROW_CM_15PT = 0.53


def _red_yellow_green(ws: Any, ref: str, low: float, mid: float, high: float) -> None:
    """A three-colour scale: ``low`` red, ``mid`` yellow, ``high`` green."""
    ws.conditional_formatting.add(
        ref,
        ColorScaleRule(
            start_type="num",
            start_value=low,
            start_color="F8696B",
            mid_type="num",
            mid_value=mid,
            mid_color="FFEB84",
            end_type="num",
            end_value=high,
            end_color="63BE7B",
        ),
    )


def level_scale(ws: Any, ref: str) -> None:
    """Colour levels 0 (red) - 2.5 (yellow) - 5 (green)."""
    _red_yellow_green(ws, ref, 0, 2.5, 5)


def fit_scale(ws: Any, ref: str) -> None:
    """Colour fit 0 (red) - 50 (yellow) - 100 (green)."""
    _red_yellow_green(ws, ref, 0, 50, 100)


def gap_scale(ws: Any, ref: str, high: float = 3.0) -> None:
    """Colour gaps from 0 (white) to ``high`` levels or more (red)."""
    ws.conditional_formatting.add(
        ref,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="FFFFFF",
            end_type="num",
            end_value=high,
            end_color="F8696B",
        ),
    )


def width_for(
    values: Iterable[Any], header: str, *, minimum: float = 8, maximum: float = 50
) -> float:
    """A column width that fits the header and the longest of (a sample of) values."""
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(maximum, max(minimum, longest + 2, min(len(header) + 2, 30))))
