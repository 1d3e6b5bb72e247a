"""Demand: how many people each role needs, typed in the GUI or read from a CSV file.

The CSV has two columns, ``role_id,headcount`` (a header row is optional); a role may be
given by its id or its name, case-insensitive. Anything else is refused with the file,
row and value named, never guessed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from planner.catalog.model import Catalog
from planner.errors import InputRejected

_HEADER_ROLE = {"role_id", "role", "role id", "role name", "role_name"}
MAX_HEADCOUNT = 100_000
MAX_DEMAND_BYTES = 1 << 20     # a demand file has a line per role


@dataclass
class Demand:
    """Headcount per role id (roles in the order they were given)."""

    headcount: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.headcount.values())

    def to_json(self) -> dict[str, int]:
        return dict(self.headcount)

    @classmethod
    def from_json(cls, data: dict[str, int]) -> Demand:
        return cls({str(k): int(v) for k, v in data.items()})

    @classmethod
    def from_csv(cls, path: str | Path, catalog: Catalog) -> Demand:
        """Read a demand CSV; InputRejected names the file, row and value of any problem."""
        path = Path(path)
        try:
            if path.exists() and not path.is_file():   # a pipe would block reading
                raise InputRejected("not a regular file; expected a CSV text file",
                                    file=str(path))
            if path.is_file() and path.stat().st_size > MAX_DEMAND_BYTES:
                raise InputRejected("far too large for a demand file (a line per role); "
                                    "expected 'role_id,headcount' lines", file=str(path))
            data = path.read_bytes()
            if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
                raise InputRejected("this is a workbook, not a CSV text file; save it as CSV "
                                    "(role_id,headcount)", file=str(path))
        except OSError as exc:
            raise InputRejected(f"cannot read the demand file: {exc.strerror or exc}",
                                file=str(path)) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        return cls.parse(text, catalog, file=str(path))

    @classmethod
    def parse(cls, text: str, catalog: Catalog, *, file: str = "demand") -> Demand:
        """Parse demand CSV text (see the module docstring)."""
        lines = text.splitlines()
        sample = "\n".join(lines[:5])
        delimiter = max(",;\t", key=sample.count) if sample else ","
        lookup = _role_lookup(catalog)
        headcount: dict[str, int] = {}
        seen_at: dict[str, int] = {}
        for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter),
                                     start=1):
            cells = [c.strip() for c in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if not seen_at and not headcount and cells[0].casefold() in _HEADER_ROLE:
                continue  # header row
            if len(cells) < 2 or not cells[1]:
                raise InputRejected(f"no headcount for {cells[0]!r}; expected "
                                    "'role_id,headcount'", file=file,
                                    cell=f"row {number}, column 2 (headcount)")
            if any(cells[2:]):
                raise InputRejected(f"unexpected extra value {next(c for c in cells[2:] if c)!r}"
                                    "; expected two columns 'role_id,headcount'", file=file,
                                    cell=f"row {number}, column 3")
            role_id = lookup.get(cells[0].casefold())
            if role_id is None:
                # No command-line syntax: the window shows this message too.
                raise InputRejected(f"unknown role {cells[0]!r}; give a role id or name from "
                                    "the catalog", file=file,
                                    cell=f"row {number}, column 1 (role)")
            count = _headcount(cells[1], file, number)
            if role_id in seen_at:
                raise InputRejected(f"role {role_id!r} appears twice (rows {seen_at[role_id]} "
                                    f"and {number})", file=file,
                                    cell=f"row {number}, column 1 (role)")
            seen_at[role_id] = number
            headcount[role_id] = count
        if not any(headcount.values()):
            raise InputRejected("the demand asks for nobody: give at least one role with a "
                                "headcount above 0 ('role_id,headcount')", file=file)
        return cls(headcount)


def _role_lookup(catalog: Catalog) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for role in catalog.roles.values():
        lookup.setdefault(role.name.casefold(), role.id)
    for role in catalog.roles.values():
        lookup[role.id.casefold()] = role.id  # an id wins over another role's name
    return lookup


def _headcount(text: str, file: str, number: int) -> int:
    try:
        value = float(text.replace(" ", ""))
    except ValueError:
        value = float("nan")
    if not (0 <= value <= MAX_HEADCOUNT and value == int(value)):  # NaN fails the first test
        raise InputRejected(f"headcount {text!r} is not a whole number from 0 to "
                            f"{MAX_HEADCOUNT}", file=file,
                            cell=f"row {number}, column 2 (headcount)")
    return int(value)
