"""When each row was rated, for a sheet that says so ("Assessment date", "Rated on").

A history export lists a person's rating of a skill several times, often newest first. The
row order then says nothing about which rating is current: where the sheet has a column of
rating dates, the newest rating wins a repeat, and file order only breaks ties.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from planner.importing.levels import fold
from planner.importing.mapping import ColumnMap, Mapping

# A header that says "when" ("Assessment date", "Rated on", "Bewertungsdatum", "Fecha",
# "Last reviewed")...
_WHEN = re.compile(
    r"(date|datum|fecha|\bdata\b|\bdated\b|\bwhen\b|\bon\b|\bas of\b|"
    r"\b(assessed|reviewed|rated|evaluated|updated|modified|bewertet|beurteilt)$|"
    # a form's answers: "Timestamp", "Completion time", "Submitted at", "Zeitstempel"
    r"timestamp|zeitstempel|horodatage|marca temporal|\btime\b|\bsubmitted\b|submission)"
)
# ...but about something other than the rating (hiring, birth, a deadline, the next review).
_OTHER = re.compile(
    r"(hire|hiring|birth|born|start|join|entry|leav|terminat|contract|eintritt|austritt|"
    r"geburt|ingreso|nacimiento|embauche|naissance|expir|due|target|deadline|next|planned|"
    r"end\b|ende|fin\b|\bby\b|\bvon\b)"
)
# Words that make a date column the rating's date when there are several.
_RATED = re.compile(
    r"(assess|rated|rating|review|evaluat|bewert|beurteil|updated|last|complet|submi|timestamp)"
)

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ t](.*))?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:,?\s(.*))?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s(.*))?$")
# The time of day after a date ("10:05:00", "3:05 pm"): two answers on one day.
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?")
EXCEL_SERIALS = (20_000.0, 80_000.0)  # 1954 to 2119 as Excel day numbers
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def is_date(value: Any) -> bool:
    """A date cell, or text written as one ('2026-10-01', '01.10.2026', '10/01/2026')."""
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str) or len(value) > 30:
        return False
    text = value.strip().lower()
    return bool(_ISO.match(text) or _DOTTED.match(text) or _SLASHED.match(text))


def rating_date_column(mapping: Mapping) -> ColumnMap | None:
    """The column that dates each row's ratings, if the sheet has exactly one such."""
    candidates = []
    for col in mapping.columns:
        if col.role != "attribute":
            continue
        header = fold(col.header)
        if _WHEN.search(header) and not _OTHER.search(header):
            candidates.append(col)
    if len(candidates) > 1:
        candidates = [c for c in candidates if _RATED.search(fold(c.header))]
    return candidates[0] if len(candidates) == 1 else None


class RowDates:
    """Each row's rating date as a day number (None: not known), read on demand: only the
    rows of a repeat are ever looked at."""

    def __init__(self, column: ColumnMap, value_of: Callable[[int], Any]) -> None:
        self.column = column
        self._value_of = value_of
        self._seen: dict[Any, float | None] = {}
        self._day_first: bool | None = None

    @classmethod
    def of(cls, mapping: Mapping, value_of: Callable[[int, int], Any]) -> RowDates | None:
        """``value_of(row, column)``: a cell of the sheet's data."""
        column = rating_date_column(mapping)
        if column is None:
            return None
        index = column.index
        return cls(column, lambda row: value_of(row, index))

    def day(self, row: int) -> float | None:
        value = self._value_of(row)
        if value is None or isinstance(value, bool):
            return None
        try:
            if value in self._seen:
                return self._seen[value]
        except TypeError:  # not hashable
            return None
        day = self._parse(value)
        self._seen[value] = day
        return day

    def text(self, row: int) -> str:
        """'Assessment date 2026-10-01' for a message."""
        day = self.day(row)
        when = dt.date.fromordinal(int(day)).isoformat() if day is not None else "?"
        return f"{self.column.header} {when}"

    def _parse(self, value: Any) -> float | None:
        if isinstance(value, dt.datetime):
            return (
                value.toordinal() + (value.hour * 3600 + value.minute * 60 + value.second) / 86_400
            )
        if isinstance(value, dt.date):
            return float(value.toordinal())
        if isinstance(value, int | float):
            low, high = EXCEL_SERIALS
            return _EXCEL_EPOCH + float(value) if low <= value <= high else None
        if not isinstance(value, str):
            return None
        text = value.strip().lower()
        match = _ISO.match(text)
        if match:
            return _at(_day(int(match[1]), int(match[2]), int(match[3])), match[4])
        match = _DOTTED.match(text)
        if match:
            return _at(_day(int(match[3]), int(match[2]), int(match[1])), match[4])
        match = _SLASHED.match(text)
        if match:
            a, b, year = int(match[1]), int(match[2]), int(match[3])
            if a > 12 or b > 12:  # the order shows itself
                day = _day(year, b, a) if a > 12 else _day(year, a, b)
            else:
                day = _day(year, b, a) if self.day_first() else _day(year, a, b)
            return _at(day, match[4])
        return None

    def day_first(self) -> bool:
        """Whether 03/04/2026 is the 3rd of April: decided once from the column's dates
        where the order shows (a part over 12); day first when none does."""
        if self._day_first is None:
            self._day_first = True
            for row in range(_SCAN):
                try:
                    value = self._value_of(row)
                except IndexError:
                    break
                match = _SLASHED.match(value.strip()) if isinstance(value, str) else None
                if match and int(match[2]) > 12:
                    self._day_first = False
                    break
                if match and int(match[1]) > 12:
                    break
        return self._day_first


_SCAN = 5_000


def _day(year: int, month: int, day: int) -> float | None:
    try:
        return float(dt.date(year, month, day).toordinal())
    except ValueError:
        return None


def _at(day: float | None, time: str | None) -> float | None:
    """The day number with the time of day written after the date, if any."""
    match = _TIME.match(time.strip()) if day is not None and time else None
    if match is None:
        return day
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4] and hour <= 12:
        hour = hour % 12 + (12 if match[4].startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return day
    return day + (hour * 3600 + minute * 60 + second) / 86_400


def newer(dates: RowDates | None, row: int, than: int) -> bool | None:
    """Whether ``row`` was rated after ``than`` (None: the sheet does not say)."""
    if dates is None:
        return None
    a, b = dates.day(row), dates.day(than)
    if a is None or b is None or a == b:
        return None
    return a > b


__all__ = ["RowDates", "is_date", "newer", "rating_date_column"]
