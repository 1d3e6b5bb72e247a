"""Shared look of every exported table: header style, number formats, widths, print setup.

Styles are built once per workbook as openpyxl style arrays and copied onto cells, so a
styled cell costs no style lookups (see ``cells.styled``). Big tables write plain values
and get their colours from conditional formatting instead of per-cell fills.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
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

HEADER_FILL = "1F3B57"
TITLE_COLOUR = "1F3B57"
NOTE_COLOUR = "595959"
FMT_LEVEL = "0.0"
FMT_FIT = "0.0"
FMT_HOURS = "#,##0"
FMT_INT = "#,##0"
FMT_DATE = "yyyy-mm-dd"
FMT_PERCENT = "0%"
# Currency codes shown with their symbol; others by their code.
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF"}
_PREFIX = {"USD", "GBP", "JPY", "INR"}
WIDE_COLUMNS = 30        # wider tables print across pages instead of fit to width
WIDE_SCALE = 70
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
    style: str | None = None     # None: plain value (numbers General, text as is)


class Book:
    """A write-only workbook with the shared styles and helpers for its tables."""

    def __init__(self, currency: str = "EUR") -> None:
        self.wb = Workbook(write_only=True)
        self.currency = currency
        self._titles: set[str] = set()
        self._probe = self.wb.create_sheet("_probe")
        thin = Side(style="thin", color="BFBFBF")
        wrap_top = Alignment(wrap_text=True, vertical="top")
        self.styles: dict[str, StyleArray] = {
            "header": self._style(font=Font(bold=True, color="FFFFFF"),
                                  fill=PatternFill("solid", fgColor=HEADER_FILL),
                                  alignment=Alignment(wrap_text=True, vertical="center")),
            "title": self._style(font=Font(bold=True, size=16, color=TITLE_COLOUR)),
            "subtitle": self._style(font=Font(bold=True, size=12, color=TITLE_COLOUR)),
            "note": self._style(font=Font(italic=True, color=NOTE_COLOUR)),
            "label": self._style(font=Font(bold=True)),
            "fact": self._style(alignment=Alignment(horizontal="left")),
            "fact_date": self._style(alignment=Alignment(horizontal="left"),
                                     number_format=FMT_DATE),
            "fact_hours": self._style(alignment=Alignment(horizontal="left"),
                                      number_format=FMT_HOURS),
            "fact_money": self._style(alignment=Alignment(horizontal="left"),
                                      number_format=currency_format(currency)),
            "kpi": self._style(font=Font(bold=True, size=14), number_format=FMT_INT,
                               alignment=Alignment(horizontal="left")),
            "kpi_money": self._style(font=Font(bold=True, size=14),
                                     number_format=currency_format(currency),
                                     alignment=Alignment(horizontal="left")),
            "kpi_date": self._style(font=Font(bold=True, size=14), number_format=FMT_DATE,
                                    alignment=Alignment(horizontal="left")),
            "level": self._style(number_format=FMT_LEVEL),
            "fit": self._style(number_format=FMT_FIT),
            "hours": self._style(number_format=FMT_HOURS),
            "int": self._style(number_format=FMT_INT),
            "money": self._style(number_format=currency_format(currency)),
            "date": self._style(number_format=FMT_DATE),
            "percent": self._style(number_format=FMT_PERCENT),
            "wrap": self._style(alignment=wrap_top),
            "box": self._style(border=Border(left=thin, right=thin, top=thin, bottom=thin),
                               alignment=Alignment(vertical="center")),
        }
        self.wb.remove(self._probe)

    def _style(self, **attrs: Any) -> StyleArray:
        cell = WriteOnlyCell(self._probe)
        for name, value in attrs.items():
            setattr(cell, name, value)
        return StyleArray(cell._style)

    # -- sheets -----------------------------------------------------------------------------

    def sheet(self, title: str, columns: Sequence[Column] = (), *, landscape: bool = True,
              freeze: str | None = None, print_rows: str | None = None,
              fit_height: bool = False, print_cols: str | None = None) -> Any:
        """A new write-only sheet with widths, frozen panes and print setup in place.

        Everything written before the rows (widths, panes, fit-to-page) must be set
        here: a write-only sheet streams its top part with the first row.
        """
        ws = self.wb.create_sheet(safe_title(title, self._titles))
        for index, column in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        if freeze:
            ws.freeze_panes = freeze
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = "9"  # A4
        if len(columns) <= WIDE_COLUMNS:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 1 if fit_height else 0
        else:
            # Fitting 100 columns to one page width prints unreadable dots: print at a
            # reduced scale across pages instead, with the leading columns repeated.
            ws.page_setup.scale = WIDE_SCALE
            ws.page_setup.pageOrder = "overThenDown"
            if print_cols:
                ws.print_title_cols = print_cols
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.HeaderFooter.oddFooter.left.text = "&A"
        ws.HeaderFooter.oddFooter.right.text = "Page &P of &N"
        if print_rows:
            ws.print_title_rows = print_rows
        return ws

    def cell(self, ws: Any, value: Any, style: str | None) -> Any:
        if style is None:
            return safe_text(ws, value) if isinstance(value, str) else value
        return styled(ws, value, self.styles[style])

    def header_row(self, ws: Any, headers: Iterable[str]) -> list[Any]:
        return [self.cell(ws, h, "header") for h in headers]

    def row(self, ws: Any, values: Sequence[Any], columns: Sequence[Column]) -> list[Any]:
        """Cells of one table row styled by ``columns``."""
        out = []
        for value, column in zip(values, columns, strict=False):
            out.append(self.cell(ws, value, column.style))
        return out

    def titled(self, ws: Any, title: str, notes: Iterable[str] = ()) -> int:
        """A title line and note lines at the top; returns the number of rows written."""
        ws.append([self.cell(ws, title, "title")])
        rows = 1
        for note in notes:
            ws.append([self.cell(ws, note, "note")])
            rows += 1
        return rows

    def table(self, ws: Any, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
              first_row: int, filter_: bool = True) -> int:
        """Header then rows from sheet row ``first_row``; returns the last row written."""
        ws.append(self.header_row(ws, (c.header for c in columns)))
        last = first_row
        for values in rows:
            ws.append(self.row(ws, values, columns))
            last += 1
        if filter_ and columns:
            ws.auto_filter.ref = (f"A{first_row}:{get_column_letter(len(columns))}"
                                  f"{max(last, first_row + 1)}")
        return last

    def save(self, path: Any) -> None:
        self.wb.save(path)


def level_scale(ws: Any, ref: str) -> None:
    """Colour levels 0 (red) - 2.5 (yellow) - 5 (green)."""
    ws.conditional_formatting.add(ref, ColorScaleRule(
        start_type="num", start_value=0, start_color="F8696B",
        mid_type="num", mid_value=2.5, mid_color="FFEB84",
        end_type="num", end_value=5, end_color="63BE7B"))


def fit_scale(ws: Any, ref: str) -> None:
    """Colour fit 0 (red) - 50 (yellow) - 100 (green)."""
    ws.conditional_formatting.add(ref, ColorScaleRule(
        start_type="num", start_value=0, start_color="F8696B",
        mid_type="num", mid_value=50, mid_color="FFEB84",
        end_type="num", end_value=100, end_color="63BE7B"))


def gap_scale(ws: Any, ref: str, high: float = 3.0) -> None:
    """Colour gaps from 0 (white) to ``high`` levels or more (red)."""
    ws.conditional_formatting.add(ref, ColorScaleRule(
        start_type="num", start_value=0, start_color="FFFFFF",
        end_type="num", end_value=high, end_color="F8696B"))


def width_for(values: Iterable[Any], header: str, *, minimum: float = 8,
              maximum: float = 50) -> float:
    """A column width that fits the header and the longest of (a sample of) values."""
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(maximum, max(minimum, longest + 2, min(len(header) + 2, 30))))
