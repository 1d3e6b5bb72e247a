"""Employee ids that look alike: normalised when they are the same text, reported otherwise.

``1002`` typed with a zero-width space, a BOM, fullwidth digits or in decomposed Unicode
*is* ``1002``: :func:`clean_id` folds those (NFKC, invisible characters removed). Ids that
only *look* alike — ``001002`` and ``1002``, ``E1002`` and ``e1002``, a Cyrillic ``Е`` for a
Latin ``E`` — may be two people or one typed twice, so they stay apart and are reported
as conflicts naming both rows, as are two ids sharing one email address.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

# Zero-width and other invisible characters people paste into ids (category Cf covers
# BOM, zero-width space/joiners, word joiner, bidi marks, soft hyphen).
_SPACES = re.compile(r"\s+")

# Cyrillic and Greek letters that look like Latin ones (Unicode confusables, the usual set).
_CONFUSABLE = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ь": "b",
        "ɡ": "g",
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "n",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ζ": "z",
        "μ": "m",
        "ı": "i",
        "ℓ": "l",
    }
)


def clean_id(text: str) -> str:
    """The id as the same text however it was typed: NFKC, no invisible characters."""
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # printable ASCII without spaces: NFKC-stable, nothing to fold
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return _SPACES.sub(" ", text).strip()


def skeleton(key: str) -> str:
    """What an id looks like: case, look-alike letters and leading zeros folded."""
    if key.isascii() and key.isalnum():  # the usual id: no spaces, no look-alike letters
        return (key.lstrip("0") or "0") if key.isdigit() else key.lower()
    text = clean_id(key).casefold().translate(_CONFUSABLE)
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text


def _why(a: str, b: str) -> str:
    if a.casefold() == b.casefold():
        return "they differ only in upper/lower case"
    if a.isdigit() and b.isdigit():
        return "they differ only in leading zeros"
    if not (a.isascii() and b.isascii()):
        return "one uses letters from another alphabet that look like Latin ones"
    return "they look alike"


def lookalike_conflicts(first_rows: Mapping[str, int]) -> list[tuple[str, str, int, int, str]]:
    """(key, other key, its row, other row, why) for ids of one file that look alike.

    ``first_rows`` maps each distinct id to the first (0-based) row it appears on.
    """
    if _plain_numbers(first_rows):
        return []  # distinct numbers without leading zeros are their own skeletons
    shapes = list(map(skeleton, first_rows))
    if len(set(shapes)) == len(shapes):
        return []  # the usual file: no two ids look alike
    seen: dict[str, str] = {}
    out = []
    for (key, row), shape in zip(first_rows.items(), shapes, strict=True):
        other = seen.setdefault(shape, key)
        if other != key:
            out.append((key, other, row, first_rows[other], _why(key, other)))
    return out


def _plain_numbers(keys: Iterable[str]) -> bool:
    """True when every id is ASCII digits without a leading zero (the usual numeric ids)."""
    keys = list(keys)
    joined = "".join(keys)
    return (
        joined.isascii()
        and joined.isdigit()
        and all(keys)
        and _LEADING_ZERO.search("\n".join(keys)) is None
    )


_LEADING_ZERO = re.compile(r"^0\d", re.MULTILINE)


def casefolded_addresses(emails: list[str]) -> list[str]:
    """Each address as :func:`clean_id` and casefold make it; plain ASCII in one step."""
    joined = "".join(emails)
    if joined.isascii() and joined.isprintable() and " " not in joined:
        return list(map(str.lower, emails))  # clean_id keeps them; ASCII casefold is lower
    return [clean_id(e).casefold() for e in emails]


def existing_lookalikes(
    new_keys: Iterable[str], existing: Iterable[str]
) -> list[tuple[str, str, str]]:
    """(new key, workspace key, why) for new ids that look like an employee already there."""
    shapes: dict[str, str] = {}
    for key in existing:
        shapes.setdefault(skeleton(key), key)
    out = []
    for key in new_keys:
        other = shapes.get(skeleton(key))
        if other is not None and other != key:
            out.append((key, other, _why(key, other)))
    return out


def _each_once(addresses: list[str]) -> bool:
    """True when no address ("" = none) appears twice."""
    return len(set(addresses) - {""}) == len(addresses) - addresses.count("")


def shared_emails(emails: Mapping[str, tuple[str, int]]) -> list[tuple[str, str, int, int, str]]:
    """(key, other key, row, other row, email) for distinct ids sharing one email.

    ``emails`` maps each id to (its email, its first row).
    """
    addresses = casefolded_addresses([email for email, _ in emails.values()])
    if _each_once(addresses):
        return []  # the usual file: every email address once
    owner: dict[str, tuple[str, int]] = {}
    out = []
    for (key, (email, row)), address in zip(emails.items(), addresses, strict=True):
        if not address:
            continue
        other = owner.setdefault(address, (key, row))
        if other[0] != key:
            out.append((key, other[0], row, other[1], email))
    return out


def report_conflicts(
    check: Any,
    keys: list[str],
    emails: Sequence[str | None],
    row_emp: Any,
    data_rows: list[int],
    id_column: int,
    email_column: int | None,
) -> None:
    """Warn (through the importer's Checker) about look-alike ids and shared emails.

    ``emails`` holds each employee's email (None: none), parallel to ``keys``.
    """
    # Each employee's first row, in the order the rows name them.
    emp = np.asarray(row_emp)
    if len(emp) == len(keys) and np.array_equal(emp, np.arange(len(keys))):
        first = dict(zip(keys, data_rows, strict=True))  # the usual sheet: a row per person
    else:
        _, first_at = np.unique(emp, return_index=True)
        first_at = np.sort(first_at)
        first = {
            keys[index]: data_rows[i]
            for i, index in zip(first_at.tolist(), emp[first_at].tolist(), strict=True)
            if index >= 0
        }
    for key, other, row, other_row, why in lookalike_conflicts(first):
        check.warn(
            f"id {key!r} looks like id {other!r} in row {other_row + 1} ({why}); they "
            "are imported as two people: correct the sheet if they are one",
            row,
            id_column,
        )
    if _each_once(casefolded_addresses([e or "" for e in emails])):
        return  # no shared email: the per-id table below is not needed
    by_key = {
        key: (email or "", first.get(key, 0)) for key, email in zip(keys, emails, strict=True)
    }
    for key, other, row, other_row, email in shared_emails(by_key):
        check.warn(
            f"ids {key!r} and {other!r} (row {other_row + 1}) share the email "
            f"{email!r}: two people or one entered twice?",
            row,
            email_column if email_column is not None else id_column,
        )
