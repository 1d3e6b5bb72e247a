"""How the sheet's level values will read: each distinct value once per scale.

The wizard's level page lists these and lets the user say how a value reads; the choice
goes into :attr:`Mapping.overrides` and the import applies it to every cell with that
value on that scale.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from planner.importing.levels import Scale, number_of, parse_level, value_key
from planner.importing.mapping import Mapping
from planner.importing.source import Source


@dataclass
class LevelRow:
    """One distinct value on one scale, what it reads as, and where it occurs."""

    scale: str  # the scale's label ("1-10", "SFIA 1-7", "%")
    raw: Any
    key: str  # value_key(raw): how an override names it
    level: float | None  # as read now (after any override)
    note: str  # why it is not read, or "your choice"
    columns: list[str]  # the headers it occurs in
    cells: int = 0
    overridden: bool = False


def preview_by_scale(source: Source, mapping: Mapping, limit: int = 400) -> list[LevelRow]:
    """Distinct values of the skill (or level) columns, grouped by scale, numbers first."""
    columns = (
        mapping.skill_columns()
        if mapping.layout == "wide"
        else [c for c in mapping.columns if c.role == "level"]
    )
    rows, data_rows = source.rows, mapping.data_rows or []
    found: dict[tuple[str, str], LevelRow] = {}
    listed: dict[tuple[str, str], set[str]] = {}  # entry -> its columns, for a quick lookup
    scales: dict[str, Scale] = {}
    for col in columns:
        scale = col.scale or Scale()
        scales[scale.label] = scale
        index = col.index
        values = [rows[r][index] if index < len(rows[r]) else None for r in data_rows]
        # Counted in C, each distinct value then looked at once: a million rows × a few
        # skill columns took 14 s on the GUI thread value by value. The type is part of
        # the count's key (True and 1 are equal in Python, not on a level scale).
        for (_kind, value), times in Counter(zip(map(type, values), values, strict=True)).items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            key = value_key(value)
            entry = found.get((scale.label, key))
            if entry is None:
                if len(found) >= limit:
                    continue
                entry = found[(scale.label, key)] = LevelRow(scale.label, value, key, None, "", [])
                listed[(scale.label, key)] = set()
            entry.cells += times
            columns_of = listed[(scale.label, key)]
            if col.header not in columns_of:  # thousands of columns: a set, not the list
                columns_of.add(col.header)
                entry.columns.append(col.header)
    for entry in found.values():
        chosen = mapping.overrides.get(entry.scale, {})
        if entry.key in chosen:
            entry.level, entry.note, entry.overridden = chosen[entry.key], "your choice", True
            continue
        parsed = parse_level(entry.raw, scales[entry.scale])
        entry.level, entry.note = parsed.level, parsed.note
    return sorted(found.values(), key=_order)


def _order(row: LevelRow) -> tuple[str, int, float, str]:
    number = number_of(row.raw)
    return (
        row.scale,
        0 if number is not None else 1,
        float(number) if number is not None else 0.0,
        row.key,
    )
