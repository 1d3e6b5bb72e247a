"""Argument types shared by the commands: numbers with bounds and ISO dates.

Each raises ``argparse.ArgumentTypeError`` with a message naming the bad value, so
argparse exits with status 2 and a one-line usage error.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from datetime import date


def number(kind: type[int] | type[float] = float, *, minimum: float = 0,
           strict: bool = False) -> Callable[[str], int | float]:
    """A parser for a finite number ≥ minimum (> minimum when strict)."""
    noun = "whole number" if kind is int else "number"

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {noun}: {text!r}") from None
        if not math.isfinite(value) or value < minimum or (strict and value == minimum):
            bound = f"more than {minimum:g}" if strict else f"{minimum:g} or more"
            raise argparse.ArgumentTypeError(f"must be a {noun} of {bound}: {text!r}")
        return value

    return parse


positive_int = number(int, minimum=1)
positive_float = number(float, minimum=0, strict=True)
non_negative = number(float, minimum=0)


def iso_date(text: str) -> date:
    """YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
