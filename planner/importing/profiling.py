"""What a column's values look like: levels, codes, person names, emails, free text.

The header says what a column should hold; the values say what it does. A column of
level-like values is a skill column whatever its header says, a column headed "Employee"
that holds codes is the employee id, and a column of "Müller, Anna" holds names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.importing.levels import (
    LABELS,
    NOT_ASSESSED,
    SFIA_LABELS,
    fold,
    number_of,
    plain_numbers,
    stars_of,
    trailing_number,
)
from planner.importing.rating_dates import is_date

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_CODE = re.compile(r"^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._/#-]{1,24}$")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]*)*\.?$")
_LEVEL_TEXT = re.compile(
    r"^(?:level|lvl|stufe|niveau|nivel|livello|l)?\s*\d+(?:[.,]\d+)?"
    r"\s*(?:%|/\s*\d+|(?:of|von|sur|de|di|van)\s*\d+|[-–:=)]\s*\D.*|\s+\D.*)?$"
)


@dataclass(frozen=True)
class Profile:
    """Shares (0–1) of a column's non-empty sample cells of each kind."""

    present: int = 0
    distinct: int = 0
    levels: float = 0.0  # numbers 0–10 (or 0–100 with %), level words, "3 - Good"
    numbers: float = 0.0
    high: float = 0.0  # the largest number
    emails: float = 0.0
    codes: float = 0.0  # "E1042", 100234: no spaces, digits
    names: float = 0.0  # "Anna Müller", "Müller, Anna"
    single_words: float = 0.0  # "Anna"
    sequence: bool = False  # 1, 2, 3 … (a row number)
    dates: float = 0.0  # date cells, or text written as dates

    @property
    def unique(self) -> bool:
        return self.present > 0 and self.distinct == self.present

    @property
    def level_like(self) -> bool:
        """Mostly level values, and not a running number or an id list."""
        if self.present == 0 or self.levels < 0.8:
            return False
        return not (self.sequence or (self.unique and self.present >= 12 and self.high > 5))


LONG_TEXT = 1_000  # characters: a cell this long is free text whatever it holds


def profile(values: Sequence[Any]) -> Profile:
    """The shape of a column's sample cells (each distinct value classified once)."""
    numbers = plain_numbers(values)
    if numbers is not None:
        return _numeric(numbers)
    counts = Counter(
        v for v in values if v is not None and not (isinstance(v, str) and not v.strip())
    )
    n = sum(counts.values())
    if not n:
        return Profile()
    levels = number_count = emails = codes = names = singles = dates = 0
    high = 0.0
    ints: list[int] = []
    for value, times in counts.items():
        kind, number = _kind(value)
        if number is not None:
            number_count += times
            high = max(high, number)
            if number.is_integer():
                ints.extend([int(number)] * times)
        levels += times * (kind == "level")
        emails += times * (kind == "email")
        codes += times * (kind == "code")
        names += times * (kind == "name")
        singles += times * (kind == "single")
        dates += times * (kind == "date")
    sequence = (
        len(ints) == n
        and n >= 8
        and len(counts) == n
        and sorted(ints) == list(range(min(ints), min(ints) + n))
    )
    return Profile(
        n,
        len(counts),
        levels / n,
        number_count / n,
        high,
        emails / n,
        codes / n,
        names / n,
        singles / n,
        sequence,
        dates / n,
    )


def _numeric(numbers: np.ndarray) -> Profile:
    present = numbers[~np.isnan(numbers)]
    n = len(present)
    if not n:
        return Profile()
    finite = present[np.isfinite(present)]
    high = float(finite.max()) if len(finite) else 0.0
    integers = finite == np.floor(finite)
    levels = int(np.count_nonzero((finite >= 0) & ((finite <= 10) | (~integers & (finite <= 1)))))
    codes = int(np.count_nonzero(integers & (finite >= 100)))
    distinct = len(np.unique(present))
    sequence = bool(
        n >= 8
        and distinct == n
        and integers.all()
        and len(finite) == n
        and finite.max() - finite.min() == n - 1
    )
    return Profile(
        n, distinct, levels / n, len(finite) / n, high, 0.0, codes / n, 0.0, 0.0, sequence
    )


def _kind(value: Any) -> tuple[str, float | None]:
    """('level' | 'number' | 'email' | 'code' | 'name' | 'single' | 'date' | 'text', number)."""
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return "text", None  # no level, email or name is this long (and parsing it is slow)
    number = number_of(value)
    if number is not None:
        level = 0 <= number <= 10 or (isinstance(value, float) and 0 <= number <= 1)
        return (
            "level" if level else "code" if number.is_integer() and number >= 100 else "number"
        ), number
    if is_date(value):
        return "date", None
    if not isinstance(value, str):
        return "text", None
    text = value.strip()
    folded = fold(text)
    if (
        folded in LABELS
        or folded in NOT_ASSESSED
        or folded in SFIA_LABELS
        or (len(folded) <= 40 and (_LEVEL_TEXT.match(folded) or trailing_number(folded)))
        or (len(text) <= 20 and stars_of(text) is not None)
    ):
        return "level", None
    if _EMAIL.match(text):
        return "email", None
    if _CODE.match(text):
        return "code", None
    words = text.replace(",", " ").split()
    if words and all(_NAME_WORD.match(w) for w in words):
        if 2 <= len(words) <= 5 and all(w[0].isupper() for w in words if len(w) > 3):
            return "name", None
        if len(words) == 1:
            return "single", None
    return "text", None
