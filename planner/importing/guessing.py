"""Guess what every column of a found table holds, from its header *and* its values.

The header proposes (an exact synonym, a catalog skill, a field named by its words); the
values decide where they disagree: level-like values make a skill column whatever the
header says, codes under "Employee" make the employee id, single first names next to
first- and last-name columns are not the name. Each guess carries a confidence and a
note the wizard shows, and every skill column that matches no catalog skill carries the
closest catalog skills.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from planner.catalog.model import Catalog
from planner.importing.headers import (
    LEARNING_WORDS,
    header_words,
    is_attribute_header,
    is_display_name,
    is_question,
    role_of_header,
    says_name,
    skill_texts,
    source_hint,
)
from planner.importing.layout import Table
from planner.importing.levels import fold, split_scale_hint
from planner.importing.mapping import (
    ColumnMap,
    Mapping,
    assign_scales,
    layout_signature,
    sfia_rated,
)
from planner.importing.profiling import Profile, profile
from planner.importing.skill_match import SkillIndex

TEXT_ROLES = ("name", "first_name", "last_name", "department", "job_title", "site", "manager")
SAMPLE = 2000
SCALE_SAMPLE = 5000


def transpose(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """The rows' cells column by column (short rows padded with None)."""
    if rows and all(len(r) == width for r in rows):
        return [list(column) for column in zip(*rows, strict=True)]
    return [[r[c] if c < len(r) else None for r in rows] for c in range(width)]


_SURE = 0.9
_SURVEY_META = re.compile(
    r"\b(start|end|completion|submit|submitted|recorded)\w*\s*"
    r"(time|date)\b|\b(respondent|response|collector|ip address)\b",
    re.IGNORECASE,
)
_GENERIC = frozenset(
    {
        "response",
        "open ended response",
        "answer",
        "responses",
        "reponse",
        "antwort",
        "respuesta",
        "risposta",
        "antwoord",
        "resposta",
    }
)
_LEADING_LEVEL = re.compile(r"^(?:level|stufe|niveau|nivel|livello)?\s*\d+\s*[-–:.)]?\s*")


# Misspelt field names ("Departmnet") are looked for in this many columns from the left:
# a sheet of thousands of made-up headers is then guessed in seconds.
FUZZY_COLUMNS = 512


def build_mapping(
    table: Table,
    rows: Sequence[Sequence[Any]],
    catalog: Catalog,
    sheet: str | None,
    skills: SkillIndex | None = None,
) -> Mapping:
    """Guess every column's role and every skill column's scale.

    A mention of SFIA above the table, in the sheet name or the headers, or SFIA's level
    names in the values, makes the sheet SFIA-rated (its table, not a straight line).
    ``skills``: a fresh ``SkillIndex(catalog)`` (its lookup budgets are spent here), if
    built already.
    """
    skills = skills if skills is not None else SkillIndex(catalog)
    top = table.header_rows[0] if table.header_rows else 0
    titles = [str(v) for r in rows[:top] for v in r if isinstance(v, str)]
    sample = [rows[r] for r in table.data_rows[:SAMPLE]]
    by_column = transpose([rows[r] for r in table.data_rows[:SCALE_SAMPLE]], len(table.headers))
    columns: list[ColumnMap] = []
    profiles: dict[int, Profile] = {}
    for c, raw_header in enumerate(table.headers):
        group = table.groups[c] if c < len(table.groups) else ""
        if c in table.blank_columns:
            columns.append(ColumnMap(c, raw_header, "ignore", 1.0, group=group))
            continue
        values = by_column[c][:SAMPLE]
        prof = profiles[c] = profile(values)
        columns.append(_guess(c, raw_header, group, prof, skills, fuzzy=c < FUZZY_COLUMNS))
    _settle_people(columns, profiles)
    layout = _settle_layout(columns, profiles, sample, skills)
    level_values = [
        r[c.index]
        for r in sample[:200]
        for c in columns
        if c.is_skill or c.role == "level"
        if c.index < len(r)
    ]
    stripped = [_LEADING_LEVEL.sub("", v) if isinstance(v, str) else v for v in level_values]
    texts = [*titles, sheet or "", *table.headers, *table.groups]
    assign_scales(
        columns, rows, table, layout, sfia=sfia_rated(texts, stripped), by_column=by_column
    )
    for col in columns:
        if col.role == "unknown_skill" and not col.suggestions:
            col.suggestions = tuple(skills.suggest(col.header))
    # "Python (manager rating)" on every skill column: the sheet's ratings are the manager's.
    hints = {source_hint(c.header) for c in columns if c.is_skill}
    rated_by = next(iter(hints)) if len(hints) == 1 and None not in hints else "self"
    return Mapping(
        layout,
        table.header_rows,
        columns,
        layout_signature(table.headers),
        sheet,
        default_source=rated_by,
        data_rows=table.data_rows,
        totals_rows=table.totals_rows,
        hidden_rows=table.hidden_rows,
        note_rows=table.note_rows,
        section_rows=table.section_rows,
    )


def _guess(
    c: int, raw_header: str, group: str, prof: Profile, skills: SkillIndex, *, fuzzy: bool = True
) -> ColumnMap:
    header, hint = split_scale_hint(raw_header)
    if group and fold(header) in _GENERIC:  # SurveyMonkey: the question is above
        header = group
    role, sure = role_of_header(header, fuzzy=fuzzy)
    if role == "name" and not says_name(header) and prof.numbers >= 0.9 and prof.unique:
        # "Employee" / "Worker" over distinct numbers: the employee id.
        return ColumnMap(
            c,
            raw_header,
            "employee_id",
            0.8,
            None,
            group,
            "the values are numbers, one per person: the employee id",
        )
    if role in TEXT_ROLES and prof.dates >= 0.8:  # "Last reviewed": dates, not a last name
        return ColumnMap(
            c,
            raw_header,
            "attribute",
            0.7,
            None,
            group,
            f"the header looks like a {role.replace('_', ' ')} but the values are dates",
        )
    levels = prof.level_like or (hint is not None and prof.levels >= 0.5)
    texty = prof.present > 0 and prof.levels < 0.3
    if role and sure >= 1.0 and not (role in TEXT_ROLES and levels and prof.numbers > 0.5):
        return ColumnMap(c, raw_header, role, sure, hint if role == "level" else None, group)
    found = skills.find(header)
    if found.skill is None and group and levels:
        found = skills.find(f"{group} - {header}")  # "Skills" above "Excel"
    if found.skill and found.confidence >= _SURE and not (texty and prof.present >= 3):
        note = (
            ""
            if found.how == "name"
            else f"read as {skills.display[found.skill]!r} ({_HOW[found.how]} {found.matched!r})"
        )
        return ColumnMap(c, raw_header, f"skill:{found.skill}", found.confidence, hint, group, note)
    if role and not (role in TEXT_ROLES and levels):
        return ColumnMap(c, raw_header, role, sure, hint if role == "level" else None, group)
    if found.skill and (levels or hint) and not is_attribute_header(header):
        return ColumnMap(
            c,
            raw_header,
            f"skill:{found.skill}",
            found.confidence,
            hint,
            group,
            f"read as {skills.display[found.skill]!r} ({_HOW[found.how]} "
            f"{found.matched!r}); check it",
        )
    if (levels or hint) and not is_attribute_header(header):
        why = (
            "the values are levels"
            if not role
            else f"the header looks like a {role.replace('_', ' ')} but the values are levels"
        )
        return ColumnMap(
            c, raw_header, "unknown_skill", 0.6, hint, group, f"matches no catalog skill; {why}"
        )
    if prof.emails >= 0.8:
        return ColumnMap(c, raw_header, "email", 0.7, None, group, "the values are emails")
    if prof.names >= 0.8 and not is_attribute_header(header):
        return ColumnMap(
            c, raw_header, "name", 0.6, None, group, "the values look like people's names"
        )
    if found.skill and texty:
        return ColumnMap(
            c,
            raw_header,
            "attribute",
            0.5,
            None,
            group,
            f"named like the skill {skills.display[found.skill]!r} but holds no levels",
        )
    return ColumnMap(c, raw_header, "attribute", 0.7, None, group)


_HOW = {
    "name": "the name",
    "part": "a part of",
    "abbreviation": "an abbreviation in",
    "words": "the words of",
    "compound": "a word of",
    "spelling": "a near spelling of",
}


def _settle_people(columns: list[ColumnMap], profiles: dict[int, Profile]) -> None:
    """Let the values settle id vs name, a survey's response number, double roles."""

    def prof(col: ColumnMap) -> Profile:
        return profiles.get(col.index, Profile())

    by_role = _by_role(columns)
    survey = any(is_question(c.header) for c in columns if c.is_skill) or any(
        _SURVEY_META.search(c.header) for c in columns
    )
    # A name column holding codes ("Employee": E1001) is the id; the names are elsewhere.
    for col in by_role.get("name", []):
        p = prof(col)
        ids = p.codes >= 0.8 or (p.numbers >= 0.9 and p.unique and p.present >= 3)
        if ids and p.names < 0.2 and not says_name(col.header):
            if not by_role.get("employee_id"):
                _set(col, "employee_id", 0.8, "the values are codes, not names")
            else:
                _set(col, "attribute", 0.6, "holds codes, not names")
    for col in by_role.get("employee_id", []):
        p = prof(col)
        if p.names >= 0.8 and p.codes < 0.2:
            _set(col, "name", 0.7, "the values are people's names, not ids")
        elif survey and p.sequence and fold(col.header) in ("id", "#", "no", "nr"):
            _set(col, "attribute", 0.7, "a response number, not an employee id")
    by_role = _by_role(columns)
    names = by_role.get("name", [])
    firsts, lasts = by_role.get("first_name", []), by_role.get("last_name", [])
    if names and firsts and lasts:
        for col in names:  # "Known As" holding first names only: the two columns make it
            if prof(col).single_words >= 0.6:
                _set(
                    col,
                    "attribute",
                    0.6,
                    "first names only; the name is built from the first and last name columns",
                )
    elif names and firsts and not lasts:
        for col in names:  # "Name" next to "Vorname"/"Prénom" is the surname
            if prof(col).single_words >= 0.6 and fold(col.header) in (
                "name",
                "nom",
                "naam",
                "nome",
                "nombre",
            ):
                _set(col, "last_name", 0.8, "next to a first-name column: the surname")
    by_role = _by_role(columns)
    for role, cols in by_role.items():
        if (
            len(cols) < 2
            or role.startswith("skill")
            or role in ("level", "attribute", "ignore", "unknown_skill")
        ):
            continue
        best = max(
            cols,
            key=lambda c: (
                c.confidence
                + (0.1 if role == "name" and is_display_name(c.header) else 0)
                + 0.1 * prof(c).names * (role == "name")
                - 0.01 * columns.index(c)
            ),
        )
        for col in cols:
            if col is not best:
                _set(
                    col,
                    "attribute",
                    0.6,
                    f"a second {role.replace('_', ' ')} column "
                    f"(the first is {best.header!r}); kept as extra "
                    "information",
                )
    # Nothing identifies people yet: a column of unique codes is the id.
    by_role = _by_role(columns)
    if not by_role.get("employee_id") and not by_role.get("email"):
        for col in columns:
            p = prof(col)
            if (
                col.role == "attribute"
                and p.codes >= 0.9
                and p.unique
                and p.present >= 2
                and not _SURVEY_META.search(col.header)
            ):
                _set(col, "employee_id", 0.6, "unique codes: probably the employee id")
                break


def _settle_layout(
    columns: list[ColumnMap],
    profiles: dict[int, Profile],
    sample: Sequence[Sequence[Any]],
    skills: SkillIndex,
) -> str:
    """Wide (a column per skill) or long (a skill column and a level column)."""
    skill_name = [c for c in columns if c.role == "skill_name"]
    level = [c for c in columns if c.role == "level"]
    wide_skills = [c for c in columns if c.is_skill]
    if not skill_name and len(wide_skills) < 3:
        # Values that are catalog skill names, repeated down the rows: a long sheet.
        for col in columns:
            if col.role != "attribute":
                continue
            values = {
                v
                for r in sample[:500]
                if col.index < len(r)
                for v in [r[col.index]]
                if isinstance(v, str)
            }
            p = profiles.get(col.index, Profile())
            repeated = len(values) >= 2 and p.distinct < 0.6 * p.present
            named = bool(set(header_words(col.header)) & LEARNING_WORDS) and bool(level)
            if repeated and (
                named
                or sum(1 for v in values if skills.find(v).confidence >= _SURE) >= 0.5 * len(values)
            ):
                _set(col, "skill_name", 0.7, "the values are skill or course names")
                skill_name = [col]
                break
    if skill_name and not level:
        candidates = [c for c in columns if c.role == "unknown_skill"] or [
            c for c in columns if c.is_skill
        ]
        if len(candidates) == 1:
            _set(candidates[0], "level", 0.7, "the values are levels")
            level = candidates
    if skill_name and len(level) > 1:
        level = [_one_level_column(level, profiles)]
    long = bool(skill_name and level) and len([c for c in columns if c.is_skill]) < 2
    for col in columns:
        if (long and col.is_skill) or (not long and col.role in ("skill_name", "level")):
            _set(col, "attribute", 0.5, col.note)
    return "long" if long else "wide"


def _one_level_column(level: list[ColumnMap], profiles: dict[int, Profile]) -> ColumnMap:
    """Of several columns headed like a level ("Rating Model", "Rating Level", "Rating
    Level Description"), the one whose values are levels, numbers first; the others
    are kept as extra information."""

    def score(col: ColumnMap) -> tuple[float, float, float]:
        p = profiles.get(col.index, Profile())
        return (p.levels if p.level_like else 0.0, p.numbers, col.confidence)

    best = max(level, key=score)  # max keeps the first of equals
    for col in level:
        if col is not best:
            _set(
                col,
                "attribute",
                0.6,
                f"a second level column (the levels are read from {best.header!r}); "
                "kept as extra information",
            )
    return best


def _by_role(columns: list[ColumnMap]) -> dict[str, list[ColumnMap]]:
    out: dict[str, list[ColumnMap]] = {}
    for col in columns:
        out.setdefault(col.role, []).append(col)
    return out


def _set(col: ColumnMap, role: str, confidence: float, note: str) -> None:
    col.role, col.confidence, col.note = role, confidence, note
    if role not in ("level",) and not role.startswith("skill:") and role != "unknown_skill":
        col.scale = None


__all__ = ["build_mapping", "skill_texts"]
