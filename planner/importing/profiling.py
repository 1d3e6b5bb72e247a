"""What a column's values look like: levels, codes, person names, emails, free text.

The header says what a column should hold; the values say what it does. A column of
level-like values is a skill column whatever its header says, a column headed "Employee"
that holds codes is the employee id, and a column of "Müller, Anna" holds names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner.importing.levels import LABELS, NOT_ASSESSED, SFIA_LABELS, fold, number_of

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

    @property
    def unique(self) -> bool:
        return self.present > 0 and self.distinct == self.present

    @property
    def level_like(self) -> bool:
        """Mostly level values, and not a running number or an id list."""
        if self.present == 0 or self.levels < 0.8:
            return False
        return not (self.sequence or (self.unique and self.present >= 12 and self.high > 5))


def profile(values: Sequence[Any]) -> Profile:
    present = [v for v in values if v is not None and not (isinstance(v, str) and not v.strip())]
    if not present:
        return Profile()
    n = len(present)
    levels = numbers = emails = codes = names = singles = 0
    high = 0.0
    ints: list[int] = []
    distinct: set[Any] = set()
    for value in present:
        distinct.add(value)
        number = number_of(value)
        if number is not None:
            numbers += 1
            high = max(high, number)
            if 0 <= number <= 10 or (isinstance(value, float) and 0 <= number <= 1):
                levels += 1
            if number.is_integer():
                ints.append(int(number))
                codes += number >= 100
            continue
        if not isinstance(value, str):
            continue
        text = value.strip()
        folded = fold(text)
        if folded in LABELS or folded in NOT_ASSESSED or folded in SFIA_LABELS:
            levels += 1
            continue
        if _LEVEL_TEXT.match(folded) and len(folded) <= 40:
            levels += 1
            continue
        if _EMAIL.match(text):
            emails += 1
        elif _CODE.match(text):
            codes += 1
        else:
            words = text.replace(",", " ").split()
            if all(_NAME_WORD.match(w) for w in words):
                if 2 <= len(words) <= 5 and all(w[0].isupper() for w in words if len(w) > 3):
                    names += 1
                elif len(words) == 1:
                    singles += 1
    sequence = len(ints) == n and n >= 8 and sorted(ints) == list(range(min(ints), min(ints) + n))
    return Profile(
        n,
        len(distinct),
        levels / n,
        numbers / n,
        high,
        emails / n,
        codes / n,
        names / n,
        singles / n,
        sequence,
    )
