"""Counts in words, the same way on every page, command and export ("1 person", "3 people")."""

from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """``n`` with the singular or plural phrase: counted(1, "place needs", "places need")."""
    return f"1 {one}" if n == 1 else f"{n:,} {many}"
