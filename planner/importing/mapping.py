"""Which column holds what: employee fields, skills (matched to the catalog), levels.

A :class:`Mapping` is what the wizard shows and the user corrects; it is saved as JSON
(``--mapping``/``--save-mapping``) and remembered per layout signature (the folded
header texts) in the workspace's ``import_mappings`` table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from planner.importing.headers import ROLE_OF, role_of_header
from planner.importing.layout import Table
from planner.importing.levels import (
    IDENTITY,
    LABELS,
    NOT_ASSESSED,
    SFIA_LABELS,
    Scale,
    fold,
    number_of,
    numeric_profile,
    parse_level,
    scale_for_range,
)
from planner.importing.skill_match import SkillIndex

EMPLOYEE_ROLES = ("employee_id", "name", "first_name", "last_name", "email", "department",
                  "job_title", "site", "manager", "weekly_hours", "rater")
ROLES = (*EMPLOYEE_ROLES, "skill_name", "level", "attribute", "ignore", "unknown_skill")

SOURCES = ("self", "peer", "manager", "validated")
SOURCE_WORDS = {
    "self": "self", "self assessment": "self", "selbst": "self", "selbsteinschatzung": "self",
    "auto": "self", "autoevaluation": "self", "autoevaluacion": "self", "zelf": "self",
    "peer": "peer", "colleague": "peer", "kollege": "peer", "pair": "peer", "par": "peer",
    "collega": "peer", "manager": "manager", "line manager": "manager", "supervisor": "manager",
    "vorgesetzter": "manager", "fuhrungskraft": "manager", "responsable": "manager",
    "jefe": "manager", "responsabile": "manager", "leidinggevende": "manager",
    "gestor": "manager", "validated": "validated", "verified": "validated",
    "certified": "validated", "test": "validated", "assessment centre": "validated",
    "validiert": "validated", "valide": "validated", "validado": "validated",
    "validato": "validated", "gevalideerd": "validated",
}


@dataclass
class ColumnMap:
    """What one column holds. ``role`` is one of ROLES or ``skill:<id>``."""

    index: int
    header: str
    role: str
    confidence: float = 1.0
    scale: Scale | None = None          # skill and level columns
    group: str = ""
    note: str = ""                      # why this role (shown in the wizard and report)
    suggestions: tuple[str, ...] = ()   # closest catalog skills of an unmatched column

    @property
    def skill_id(self) -> str | None:
        return self.role[6:] if self.role.startswith("skill:") else None

    @property
    def is_skill(self) -> bool:
        return self.role.startswith("skill:") or self.role == "unknown_skill"

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "header": self.header, "role": self.role,
                "confidence": round(self.confidence, 3),
                "scale": self.scale.to_json() if self.scale else None, "group": self.group}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMap:
        role = str(data["role"])
        if role not in ROLES and not role.startswith("skill:"):
            raise ValueError(f"unknown column role {role!r}")
        scale = Scale.from_json(data["scale"]) if data.get("scale") else None
        return cls(int(data["index"]), str(data.get("header", "")), role,
                   float(data.get("confidence", 1.0)), scale, str(data.get("group", "")))


@dataclass
class Mapping:
    """How to read one sheet: where the table is and what every column means."""

    layout: str                                 # wide | long
    header_rows: list[int]
    columns: list[ColumnMap]
    signature: str = ""
    sheet: str | None = None
    default_source: str = "self"                # when there is no rater column
    data_rows: list[int] | None = None          # filled by detect(); not saved
    totals_rows: list[int] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)   # skipped data rows; not saved
    # How the user says a value reads, per scale label: {"1-10": {"7": 4.0, "n/k": None}}.
    overrides: dict[str, dict[str, float | None]] = field(default_factory=dict)
    note_rows: list[int] = field(default_factory=list)     # notes under the table; not saved
    section_rows: list[int] = field(default_factory=list)  # headings between people; not saved

    def by_role(self, role: str) -> ColumnMap | None:
        return next((c for c in self.columns if c.role == role), None)

    def skill_columns(self) -> list[ColumnMap]:
        return [c for c in self.columns if c.is_skill]

    def to_json(self) -> str:
        return json.dumps({
            "version": 1, "layout": self.layout, "header_rows": self.header_rows,
            "signature": self.signature, "sheet": self.sheet,
            "default_source": self.default_source, "overrides": self.overrides,
            "columns": [c.to_json() for c in self.columns]}, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> Mapping:
        """Parse a saved mapping; raises ValueError with a plain message when malformed."""
        try:
            data = json.loads(text) if isinstance(text, str) else text
            if not isinstance(data, dict) or data.get("layout") not in ("wide", "long"):
                raise ValueError("layout must be 'wide' or 'long'")
            source = data.get("default_source", "self")
            if source not in SOURCES:
                raise ValueError(f"default_source must be one of {', '.join(SOURCES)}")
            overrides = {str(scale): {str(k): None if v is None else float(v)
                                      for k, v in values.items()}
                         for scale, values in (data.get("overrides") or {}).items()}
            return cls(data["layout"], [int(r) for r in data.get("header_rows", [0])],
                       [ColumnMap.from_json(c) for c in data["columns"]],
                       str(data.get("signature", "")), data.get("sheet"), source,
                       overrides=overrides)
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a valid mapping file ({exc})") from None
        except RecursionError:
            raise ValueError("not a valid mapping file (nested too deeply)") from None


def layout_signature(headers: Sequence[str]) -> str:
    """Stable id of a sheet layout: a digest of its folded, non-empty headers in order."""
    text = "\x1f".join(fold(h) for h in headers if h)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


# Words a rater's wording adds around who rated ("Manager Assessment", "Self-rating",
# "Peer review", "360 feedback by line manager"): they say nothing about the source.
_RATER_FILLER = frozenset(
    (
        "assessment", "assessed", "assessor", "evaluation", "evaluated", "appraisal", "rating",
        "rated", "rater", "review", "reviewed", "score", "scored", "feedback", "input", "check",
        "by", "the", "of", "from", "and", "or", "level", "type", "360", "beurteilung",
        "bewertung", "einschatzung", "evaluacion", "valutazione"
    )
)
_MORE_SOURCE_WORDS = {
    "employee": "self", "own": "self", "selfassessment": "self", "mgr": "manager",
    "boss": "manager", "lead": "manager", "leader": "manager", "colleagues": "peer",
    "peers": "peer", "coworker": "peer", "certification": "validated", "exam": "validated",
    "examined": "validated", "tested": "validated", "verification": "validated",
}


def source_of(value: Any) -> str | None:
    """'Manager' / 'Selbsteinschätzung' / 'Manager Assessment' / 'Self-rating' -> a ratings
    source; None if not recognised or if it names two ('Self and manager')."""
    if value is None:
        return None
    text = fold(str(value))
    exact = SOURCE_WORDS.get(text)
    if exact is not None or not text:
        return exact
    words = [w for w in text.split() if w not in _RATER_FILLER]
    found = {SOURCE_WORDS.get(" ".join(words))} if len(words) > 1 else set()
    found.discard(None)
    if not found:
        found = {
            source
            for w in words
            if (source := SOURCE_WORDS.get(w) or _MORE_SOURCE_WORDS.get(w)) is not None
        }
    return found.pop() if len(found) == 1 else None


def assign_scales(columns: list[ColumnMap], rows: Sequence[Sequence[Any]], table: Table,
                  layout: str, *, sfia: bool = False,
                  by_column: Sequence[Sequence[Any]] | None = None) -> None:
    """Per column scale from the values unless a header hint fixed it; the usual scale of
    the file wins for columns whose values fit it (so one column without 5s is not 1-4).
    In a sheet rated on SFIA (``sfia``), numbers up to 7 follow SFIA's table."""
    targets = [c for c in columns if (c.is_skill if layout == "wide" else c.role == "level")]
    sample_rows = [rows[r] for r in table.data_rows[:5000]] if by_column is None else []
    guesses: dict[int, Scale | None] = {}
    ranges: dict[int, tuple[float, float, bool, int]] = {}
    for col in targets:
        if col.scale is not None:
            continue
        values = (by_column[col.index] if by_column is not None and col.index < len(by_column)
                  else [r[col.index] if col.index < len(r) else None for r in sample_rows])
        count, _labels, low, high, integers, percents = numeric_profile(values)
        if sfia and (count == 0 or (low >= 0 and high <= 7)):
            guesses[col.index] = Scale(1, 7, "sfia", "file")
            continue
        if percents and not count:
            guesses[col.index] = Scale(0, 100, "percent", "column")
            continue
        if count == 0:
            guesses[col.index] = None
            continue
        ranges[col.index] = (low, high, integers, count)
        guesses[col.index] = scale_for_range(low, high, integers, "column")
    file_scale = _file_scale([g for g in guesses.values() if g is not None])
    for col in targets:
        if col.scale is not None:
            continue
        guess = guesses.get(col.index)
        if guess is None:
            # Words only ("Experte"): a 0-1 or percent column elsewhere says nothing of them.
            usual = file_scale and file_scale.kind not in ("fraction", "percent")
            col.scale = file_scale if usual else IDENTITY
            continue
        low, high, _integers, _count = ranges.get(col.index, (0.0, 0.0, True, 0))
        if file_scale and file_scale.kind == guess.kind and high <= file_scale.hi \
                and low >= min(file_scale.lo, 0):
            col.scale = Scale(file_scale.lo, file_scale.hi, file_scale.kind, "file")
        else:
            col.scale = guess


def sfia_rated(texts: Sequence[str], values: Sequence[Any]) -> bool:
    """True when the sheet names SFIA (title, sheet name, headers) or its level names."""
    if any("sfia" in fold(t) for t in texts if t):
        return True
    named = {fold(v) for v in values if isinstance(v, str)} & set(SFIA_LABELS)
    return len(named) >= 2


def _file_scale(guesses: list[Scale]) -> Scale | None:
    if not guesses:
        return None
    counts: dict[tuple[float, float, str], int] = {}
    for g in guesses:
        counts[(g.lo, g.hi, g.kind)] = counts.get((g.lo, g.hi, g.kind), 0) + 1
    (lo, hi, kind), _ = max(counts.items(), key=lambda kv: (kv[1], kv[0][1]))
    return Scale(lo, hi, kind, "file")


def apply_saved(mapping: Mapping, saved: Mapping) -> Mapping:
    """Use a saved mapping's roles and scales on a freshly detected one, column by header."""
    by_header = {fold(c.header): c for c in saved.columns}
    columns = []
    for col in mapping.columns:
        old = by_header.get(fold(col.header))
        if old is None and col.index < len(saved.columns) and not saved.columns[col.index].header:
            old = saved.columns[col.index]
        if old is None:
            columns.append(col)
            continue
        same = old.role == col.role
        columns.append(ColumnMap(col.index, col.header, old.role, 1.0,
                                 old.scale or col.scale, col.group,
                                 col.note if same else "chosen earlier for this layout",
                                 col.suggestions if same else ()))
    layout = saved.layout if saved.layout in ("wide", "long") else mapping.layout
    return Mapping(layout, mapping.header_rows, columns, mapping.signature, mapping.sheet,
                   saved.default_source, mapping.data_rows, mapping.totals_rows,
                   mapping.hidden_rows, {**mapping.overrides, **saved.overrides},
                   mapping.note_rows, mapping.section_rows)


def is_level_text(value: Any) -> bool:
    return isinstance(value, str) and (fold(value) in LABELS or fold(value) in NOT_ASSESSED
                                       or number_of(value) is not None
                                       or parse_level(value).level is not None)


# Older imports of these names from here keep working.
__all__ = ["EMPLOYEE_ROLES", "ROLES", "ROLE_OF", "SOURCES", "ColumnMap", "Mapping",
           "SkillIndex", "apply_saved", "assign_scales", "is_level_text", "layout_signature",
           "role_of_header", "sfia_rated", "source_of"]
