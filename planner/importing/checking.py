"""Check a sheet against its mapping and prepare the rows to write, without writing.

Every problem becomes an :class:`Issue` with the cell a human would look at
(``Skills!D17``): an *error* skips its row, a *warning* means the value was fixed or
left out (an unreadable level is not assessed, never 0). Problems with the whole sheet
(nothing identifies employees, no skill columns, no data) refuse the file.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np

from planner.catalog.model import Catalog
from planner.errors import InputRejected
from planner.importing.headers import is_question, skill_texts, source_hint
from planner.importing.identity import clean_id, report_conflicts
from planner.importing.layout import is_blank
from planner.importing.levels import (
    Parsed,
    Scale,
    fold,
    levels_for_column,
    number_of,
    parse_level,
    plain_numbers,
    split_scale_hint,
    value_key,
)
from planner.importing.mapping import SOURCES, ColumnMap, Mapping, source_of
from planner.importing.rating_dates import RowDates, newer
from planner.importing.report import ImportReport, column_letter
from planner.importing.skill_match import SkillIndex

MAX_CELL_CHARS = 100_000
MAX_REPORTED = 2000  # issues kept in the report; the rest are counted
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FLOAT_ID = re.compile(r"^(\d+)\.0+$")
FIELDS = ("name", "email", "department", "job_title", "site", "manager")
PERSON_FIELDS = (*FIELDS, "weekly_hours", "attributes")


@dataclass
class Prepared:
    """Rows ready to write: unique employees and ratings as parallel arrays."""

    keys: list[str] = field(default_factory=list)
    # The employees' fields (PERSON_FIELDS) column by column, parallel to keys; None where
    # the sheet gives nothing (a missing column is a missing list).
    fields: dict[str, list[Any]] = field(default_factory=dict)
    skill_ids: list[str] = field(default_factory=list)  # rating skill index -> id
    new_skills: dict[str, str] = field(default_factory=dict)  # id -> name (to add)
    # The ratings as a dense matrix: a row per (employee, rater), a column per skill id.
    emp: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # row -> keys index
    source: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))  # row -> SOURCES
    levels: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))  # NaN: none
    raw: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> text read
    new_skill_keys: dict[str, str] = field(default_factory=dict)  # folded name -> new id

    @property
    def ratings(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.levels)))

    def column(self, name: str) -> list[Any]:
        """One of PERSON_FIELDS for every employee (None: not given)."""
        values = self.fields.get(name)
        return values if values is not None else [None] * len(self.keys)


class Checker:
    """Collects issues, capping how many are kept so a bad 50,000-row file stays readable."""

    def __init__(self, report: ImportReport, sheet: str | None) -> None:
        self.report, self.sheet = report, sheet
        self.dropped = 0

    def warn(self, message: str, row: int | None = None, column: int | None = None) -> None:
        if len(self.report.warnings) < MAX_REPORTED:
            self.report.warn(message, self.sheet, row, column)
        else:
            self.dropped += 1

    def error(self, message: str, row: int | None = None, column: int | None = None) -> None:
        if len(self.report.errors) < MAX_REPORTED:
            self.report.error(message, self.sheet, row, column)
        else:
            self.dropped += 1

    def text(self, value: Any, row: int, column: int) -> str:
        """A cell as clean text: control characters stripped, giant cells cut (with warnings)."""
        if value is None:
            return ""
        if type(value) is str and len(value) <= MAX_CELL_CHARS and not _CONTROL.search(value):
            return value.strip()
        if isinstance(value, float):
            if not math.isfinite(value):
                self.warn(f"{value} is not a value; left empty", row, column)
                return ""
            text = str(int(value)) if value.is_integer() else repr(value)
        elif isinstance(value, dt.datetime | dt.date | dt.time):
            text = value.isoformat()
        else:
            text = str(value)
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
            self.warn("control characters (e.g. NUL bytes) removed", row, column)
        if len(text) > MAX_CELL_CHARS:
            self.warn(f"cell of {len(text):,} characters cut to {MAX_CELL_CHARS:,}", row, column)
            text = text[:MAX_CELL_CHARS]
        return text.strip()


def employee_key(value: Any) -> str:
    """Normalise ids: 1002.0 and '1002.0' -> '1002'; text ids stripped."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    text = clean_id(_CONTROL.sub("", str(value)))  # NFKC, zero-width characters and BOMs out
    match = _FLOAT_ID.match(text)
    return match.group(1) if match else text


def employee_keys(values: list[Any]) -> list[str]:
    """:func:`employee_key` of a whole column; whole numbers (the usual ids) in one step."""
    numbers = plain_numbers(values)
    if (
        numbers is not None
        and len(numbers)
        and np.isfinite(numbers).all()
        and (numbers == np.floor(numbers)).all()
        and np.abs(numbers).max() < 2**53
    ):
        return list(map(str, numbers.astype(np.int64).tolist()))
    return [employee_key(v) for v in values]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(text)).strip("_")[:60] or "skill"


def prepare(
    rows: Sequence[Sequence[Any]],
    mapping: Mapping,
    catalog: Catalog,
    report: ImportReport,
    cells: np.ndarray | None = None,
) -> Prepared:
    """Validate every data row and build the employees and ratings to write.

    Args:
        cells: the same rows as an object matrix, if the reader built one (saves a copy).
    """
    sheet = mapping.sheet
    check = Checker(report, sheet)
    data_rows = mapping.data_rows
    if data_rows is None:
        raise ValueError("mapping has no data rows; call detect() first")
    report.layout, report.sheet, report.rows_read = mapping.layout, sheet, len(data_rows)
    for r in mapping.totals_rows:
        report.notes.append(f"row {r + 1} looks like a totals row and was skipped")
    report.notes += [f"{note} and was skipped" for note in footer_notes(rows, mapping)]
    if mapping.hidden_rows:
        report.notes.append(hidden_note(mapping.hidden_rows))
    if not data_rows:
        hidden = f" ({len(mapping.hidden_rows):,} are hidden)" if mapping.hidden_rows else ""
        raise InputRejected(f"the sheet has a header but no data rows{hidden}", sheet=sheet)
    cols = {
        c.role: c
        for c in mapping.columns
        if c.role not in ("attribute", "ignore") and not c.is_skill
    }
    id_col = cols.get("employee_id") or cols.get("email")
    if id_col is None:
        id_col = cols.get("name")
        if id_col is None:
            found = ", ".join(c.header for c in mapping.columns if c.header)[:300]
            raise InputRejected(
                "no column identifies employees (expected an employee id, email or name "
                f"column; found: {found})",
                sheet=sheet,
            )
        check.warn("no employee id or email column: employees are matched by name")
    if mapping.layout == "wide" and not mapping.skill_columns():
        raise InputRejected(
            "no skill columns found (no column name matches a skill and no column holds levels)",
            sheet=sheet,
        )
    if mapping.layout == "long" and ("skill_name" not in cols or "level" not in cols):
        raise InputRejected("a long sheet needs a skill column and a level column", sheet=sheet)

    prepared = Prepared()
    people: list[dict[str, Any]] = []  # per row checks: one dict per employee
    key_index: dict[str, int] = {}
    row_emp = np.full(len(data_rows), -1, dtype=np.int64)
    row_src = np.zeros(len(data_rows), dtype=np.int8)
    default_src = SOURCES.index(mapping.default_source)
    attr_cols = [c for c in mapping.columns if c.role == "attribute"]
    rater = cols.get("rater")
    sources: dict[Any, str | None] = {}
    columns = Columns([rows[r] for r in data_rows], _rows_of(cells, data_rows))
    keys = employee_keys(columns[id_col.index])
    if id_col.role == "email":
        keys = [k.lower() for k in keys]
    # Text fields column by column: a clean column (the usual case) needs no per-cell checks.
    fields = [
        (name, cols[name], clean_texts(columns[cols[name].index]))
        for name in FIELDS
        if name in cols
    ]
    if "department" not in cols and mapping.section_rows:
        report.notes.append("each group heading is kept as the department of the people under it")
        fields.append(("department", id_col, section_labels(rows, mapping.section_rows, data_rows)))
    names = [name for name, _, _ in fields]
    # Clean columns give their texts; other columns give raw cells, cleaned per row below.
    dirty = [(k, name, col) for k, (name, col, texts) in enumerate(fields) if texts is None]
    per_row = (
        zip(
            *[texts if texts is not None else columns[col.index] for _, col, texts in fields],
            strict=True,
        )
        if fields
        else itertools.repeat((), len(data_rows))
    )
    hours_col = cols.get("weekly_hours")
    hours = columns[hours_col.index] if hours_col is not None else None
    rater_values = columns[rater.index] if rater is not None else None
    extra = bool(attr_cols) or "first_name" in cols or "last_name" in cols
    simple = (
        not dirty
        and not extra
        and _simple_people(
            keys,
            names,
            [texts for _, _, texts in fields],
            hours,
            rater_values,
            mapping,
            data_rows,
            cols,
            check,
            prepared,
            row_emp,
            row_src,
        )
    )
    person_rows: list[int] = []  # the row each person's fields were last taken from
    dates: RowDates | bool | None = False  # the sheet's rating dates, read at a repeat
    for i, (r, values) in enumerate(zip(data_rows, per_row, strict=True)):
        if simple:
            break
        key = keys[i]
        if not key:
            check.error(f"no {id_col.header or 'employee id'}; row skipped", r, id_col.index)
            continue
        person = {name: v for name, v in zip(names, values, strict=True) if v is not None}
        for k, name, col in dirty:
            if values[k] is not None:
                person[name] = check.text(values[k], r, col.index)
        if "email" in person and person["email"] and "@" not in person["email"]:
            check.warn(
                f"{person['email']!r} does not look like an email address", r, cols["email"].index
            )
        if hours is not None and hours[i] is not None:
            _weekly_hours(person, hours[i], r, hours_col.index, check)
        if extra:
            _extra_fields(person, rows[r], r, cols, attr_cols, check)
        else:
            person["attributes"] = {}
        if key in key_index:
            index = key_index[key]
            if dates is False:
                dates = RowDates.of(mapping, lambda row, c: _cell(rows[row], c))
            older = newer(dates or None, r, person_rows[index]) is False
            _merge_person(people[index], person, key, r, check, older=older)
            if not older:
                person_rows[index] = r
        else:
            index = key_index[key] = len(prepared.keys)
            prepared.keys.append(key)
            people.append(person)
            person_rows.append(r)
        row_emp[i] = index
        if rater is not None:
            value = rater_values[i]
            if value not in sources:
                sources[value] = source_of(value)
            src = sources[value]
            if src is None and value is not None:
                check.warn(
                    f"rater {check.text(value, r, rater.index)!r} not recognised "
                    f"(self, peer, manager, validated); counted as "
                    f"{mapping.default_source}",
                    r,
                    rater.index,
                )
            row_src[i] = SOURCES.index(src) if src else default_src
        else:
            row_src[i] = default_src
    if not simple:
        prepared.fields = {name: [p.get(name) for p in people] for name in PERSON_FIELDS}
    report_conflicts(
        check,
        prepared.keys,
        prepared.column("email"),
        row_emp,
        data_rows,
        id_col.index,
        cols["email"].index if "email" in cols else None,
    )
    if mapping.layout == "wide":
        _wide_ratings(columns, data_rows, mapping, catalog, row_emp, row_src, prepared, check)
        if not prepared.ratings:
            _say_skill_columns_empty(columns, mapping, check)
    else:
        _long_ratings(rows, data_rows, mapping, catalog, row_emp, row_src, prepared, check)
    if mapping.layout == "wide":
        report.unmapped_columns = [c.header for c in mapping.columns if c.role == "unknown_skill"]
    describe_columns(mapping, catalog, prepared, report)
    report.skills_added = sorted(prepared.new_skills)
    report.ratings = prepared.ratings
    report.employees_added = len(prepared.keys)
    if check.dropped:
        report.notes.append(f"{check.dropped:,} more problems not listed")
    return prepared


def describe_columns(
    mapping: Mapping, catalog: Catalog, prepared: Prepared, report: ImportReport
) -> None:
    """Fill the report's per-column lines and the unmatched skills with their closest
    catalog skills (nothing is dropped without a line)."""
    index: SkillIndex | None = None
    added = {fold(name): sid for sid, name in prepared.new_skills.items()}
    for col in mapping.columns:
        sid = col.skill_id
        skill = (
            (catalog.skills[sid].name if sid in catalog.skills else sid)
            if sid
            else ("a new skill" if col.role == "unknown_skill" and mapping.layout == "wide" else "")
        )
        report.columns.append(
            {
                "column": column_letter(col.index),
                "header": col.header,
                "role": col.role,
                "skill": skill,
                "confidence": round(col.confidence, 2),
                "scale": col.scale.label
                if col.scale and (col.is_skill or col.role == "level")
                else "",
                "note": col.note,
            }
        )
        if col.role == "unknown_skill" and mapping.layout == "wide":
            if index is None:
                index = SkillIndex(catalog)
            name = new_skill_name(col.header)
            report.unmatched.append(
                {
                    "where": f"column {column_letter(col.index)}",
                    "name": name,
                    "added_as": prepared.new_skills.get(added.get(fold(name), ""), name),
                    "closest": list(col.suggestions or index.suggest(col.header)),
                }
            )
    if mapping.layout == "long" and report.unmapped_columns:
        index = SkillIndex(catalog)
        skill_col = mapping.by_role("skill_name")
        where = f"column {column_letter(skill_col.index)}" if skill_col else "skill column"
        for name in report.unmapped_columns:
            report.unmatched.append(
                {"where": where, "name": name, "added_as": name, "closest": index.suggest(name)}
            )


def footer_notes(rows: Sequence[Sequence[Any]], mapping: Mapping) -> list[str]:
    """"row 612 ('Confidential - internal use only') looks like a note under the table",
    for each note row the table detection left out (layout.py: ``_footer_notes``)."""
    out = []
    for r in mapping.note_rows:
        text = next((v for v in rows[r] if isinstance(v, str) and v), "") if r < len(rows) else ""
        text = " ".join(text.split())
        text = text if len(text) <= 60 else f"{text[:59]}…"
        out.append(f"row {r + 1} ('{text}') looks like a note under the table")
    for r in mapping.section_rows:
        text = next((v for v in rows[r] if isinstance(v, str) and v), "") if r < len(rows) else ""
        text = " ".join(text.split())
        text = text if len(text) <= 60 else f"{text[:59]}…"
        out.append(f"row {r + 1} ('{text}') looks like a group heading between the people")
    return out


def section_labels(
    rows: Sequence[Sequence[Any]], sections: Sequence[int], data_rows: Sequence[int]
) -> list[str | None]:
    """Each data row's group heading above it ("— Legal —" -> "Legal"): the department of
    a hand-made matrix that has no department column."""
    labels = []
    for r in sections:
        text = next((v for v in rows[r] if isinstance(v, str) and v.strip()), "")
        labels.append((r, text.strip(" \t-–—_*=#:[]<>|~•·") or None))
    out: list[str | None] = []
    k, current = 0, None
    for r in data_rows:
        while k < len(labels) and labels[k][0] < r:
            current = labels[k][1]
            k += 1
        out.append(current)
    return out


def hidden_note(rows: Sequence[int], limit: int = 20) -> str:
    """'3 hidden rows (12, 13, 40) were skipped', with row numbers as Excel shows them."""
    numbers = ", ".join(str(r + 1) for r in rows[:limit])
    more = f", … {len(rows) - limit:,} more" if len(rows) > limit else ""
    what = "hidden row" if len(rows) == 1 else "hidden rows"
    verb = "was" if len(rows) == 1 else "were"
    return f"{len(rows):,} {what} ({numbers}{more}) {verb} skipped"


def _rows_of(cells: np.ndarray | None, data_rows: list[int]) -> np.ndarray | None:
    """The data rows of a sheet's cell matrix (a view when they follow each other)."""
    if cells is None or not data_rows:
        return None
    first, last = data_rows[0], data_rows[-1]
    if last - first + 1 == len(data_rows):
        return cells[first : last + 1]
    return cells[np.asarray(data_rows, dtype=np.int64)]


class Columns:
    """The data rows' cells column by column, each column extracted once."""

    def __init__(self, rows: list[Sequence[Any]], array: np.ndarray | None = None) -> None:
        """``array``: the same rows as an object matrix, if there is one already."""
        self.rows = rows
        self._cache: dict[int, list[Any]] = {}
        # One object matrix (rows of equal width, as readers return them) slices into
        # columns several times faster than a list comprehension per column.
        self.array: np.ndarray | None = array
        if array is not None:
            self.width = array.shape[1]
            return
        self.width = min(map(len, rows), default=0)
        if rows and self.width == max(map(len, rows)):
            array = np.empty((len(rows), self.width), dtype=object)
            array[:] = rows
            self.array = array

    def __len__(self) -> int:
        return len(self.rows)

    def floats(self, indices: Sequence[int]) -> dict[int, np.ndarray]:
        """The columns of ``indices`` whose every cell is a number, as float64.

        Neighbouring columns are converted together, as :func:`floats_of_objects` converts
        one (empty cells NaN): one conversion of a block is several times faster than one
        per column. A block with a text cell is left out (its columns are read one by one).
        """
        out: dict[int, np.ndarray] = {}
        if self.array is None:
            return out
        runs: list[list[int]] = []  # [first, last + 1] of each run of neighbours
        for c in sorted({c for c in indices if c < self.width}):
            if runs and runs[-1][1] == c:
                runs[-1][1] = c + 1
            else:
                runs.append([c, c + 1])
        for lo, hi in runs:
            try:
                block = self.array[:, lo:hi].astype(np.float64)
            except (TypeError, ValueError):
                continue
            by_column = np.ascontiguousarray(block.T)
            for c in range(lo, hi):
                out[c] = by_column[c - lo]
        return out

    def __getitem__(self, c: int) -> list[Any]:
        column = self._cache.get(c)
        if column is None:
            if self.array is not None and c < self.width:
                column = self.array[:, c].tolist()
            elif c < self.width:
                column = list(map(itemgetter(c), self.rows))
            else:
                column = [row[c] if c < len(row) else None for row in self.rows]
            self._cache[c] = column
        return column


_TEXT_TYPES = frozenset({str, type(None)})


def clean_texts(values: list[Any]) -> list[str | None] | None:
    """Stripped texts (None stays None) if every cell is plain text or empty, without
    control characters or giant cells; None when cells need :meth:`Checker.text`."""
    types = set(map(type, values))
    if not types <= _TEXT_TYPES:
        return None
    present = [v for v in values if v is not None] if type(None) in types else values
    if present and (max(map(len, present)) > MAX_CELL_CHARS or _CONTROL.search("".join(present))):
        return None
    if present is values:  # no empty cell: one C-level pass
        return list(map(str.strip, values))
    return [None if v is None else v.strip() for v in values]


def _simple_people(
    keys: list[str],
    names: list[str],
    texts: list[list[str | None] | None],
    hours: list[Any] | None,
    raters: list[Any] | None,
    mapping: Mapping,
    data_rows: list[int],
    cols: dict[str, Any],
    check: Checker,
    prepared: Prepared,
    row_emp: np.ndarray,
    row_src: np.ndarray,
) -> bool:
    """The usual sheet (one clean row per person, unique ids, no extra columns) column by
    column; False, having done nothing, when a row needs the per-row checks."""
    n = len(keys)
    if not all(keys) or len(set(keys)) != n:
        return False
    hours_arr = plain_numbers(hours) if hours is not None else None
    if hours is not None and hours_arr is None:
        return False
    src = None
    if raters is not None:
        found = {v: source_of(v) for v in set(raters)}
        if any(v is not None and code is None for v, code in found.items()):
            return False
        default = mapping.default_source
        index = {v: SOURCES.index(code or default) for v, code in found.items()}
        src = np.fromiter((index[v] for v in raters), dtype=np.int8, count=n)
    fields: dict[str, list[Any]] = {}
    for name, column in zip(names, texts, strict=True):
        assert column is not None
        fields[name] = column
    if "email" in fields:
        c = cols["email"].index
        for i, email in enumerate(fields["email"]):
            if email and "@" not in email:
                check.warn(f"{email!r} does not look like an email address", data_rows[i], c)
    if hours_arr is not None:
        c = cols["weekly_hours"].index
        good = (hours_arr >= 0) & (hours_arr <= 60)
        weekly = np.full(n, None, dtype=object)
        weekly[good] = hours_arr[good]  # Python floats
        fields["weekly_hours"] = weekly.tolist()
        for i in np.flatnonzero(~good & ~np.isnan(hours_arr)).tolist():
            person: dict[str, Any] = {}
            _weekly_hours(person, hours[i], data_rows[i], c, check)
            fields["weekly_hours"][i] = person.get("weekly_hours")
    prepared.keys.extend(keys)
    prepared.fields = fields
    row_emp[:] = np.arange(n)
    row_src[:] = src if src is not None else SOURCES.index(mapping.default_source)
    return True


def _weekly_hours(person: dict[str, Any], value: Any, r: int, c: int, check: Checker) -> None:
    if type(value) in (int, float) and 0 <= value <= 60:  # NaN fails the comparison
        person["weekly_hours"] = float(value)
        return
    hours = number_of(value)
    if hours is None or not 0 <= hours <= 60:
        check.warn(
            f"weekly training hours {check.text(value, r, c)!r} "
            "not between 0 and 60; the workspace default is used",
            r,
            c,
        )
    else:
        person["weekly_hours"] = hours


def _extra_fields(
    person: dict[str, Any],
    row: Sequence[Any],
    r: int,
    cols: dict[str, Any],
    attr_cols: list[Any],
    check: Checker,
) -> None:
    """A name from first and last name columns; other columns as attributes."""
    if "name" not in person and ("first_name" in cols or "last_name" in cols):
        parts = [
            check.text(row[cols[n].index], r, cols[n].index)
            for n in ("first_name", "last_name")
            if n in cols and cols[n].index < len(row)
        ]
        person["name"] = " ".join(p for p in parts if p)
    attributes = {}
    for col in attr_cols:
        value = row[col.index] if col.index < len(row) else None
        if value is None:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value):
                attributes[col.header] = value
            else:
                check.warn(f"{value} is not a value; left empty", r, col.index)
        else:
            attributes[col.header] = check.text(value, r, col.index)
    person["attributes"] = attributes


def _merge_person(
    old: dict[str, Any], new: dict[str, Any], key: str, r: int, check: Checker, *, older: bool
) -> None:
    """A repeated id: fill gaps; on a real conflict the later row wins, with a warning,
    unless the sheet dates this row before the one kept (``older``: a form answered twice,
    exported newest first)."""
    for name, value in new.items():
        if name == "attributes":
            if older:
                value = {k: v for k, v in value.items() if old["attributes"].get(k) in ("", None)}
            old["attributes"].update(value)
        elif value not in ("", None):
            if old.get(name) not in ("", None, value):
                rule = "the newer row by its date is kept" if older else "the later row wins"
                check.warn(
                    f"employee {key} appears again with {name} {value!r} (was "
                    f"{old[name]!r}); {rule}",
                    r,
                )
                if older:
                    continue
            old[name] = value


def new_skill_name(header: str) -> str:
    """The name a new skill gets from its column: the skill inside a survey question."""
    bare = split_scale_hint(header)[0]
    if is_question(bare):
        texts = skill_texts(bare)
        if texts:
            return texts[0]
    return header


def _skill_for_unknown(name: str, catalog: Catalog, prepared: Prepared) -> str:
    key = fold(name)  # a dict, not a scan: 16,384 columns stay linear
    if key in prepared.new_skill_keys:
        return prepared.new_skill_keys[key]
    base = "unmapped_" + slug(name)
    sid, n = base, 2
    while sid in catalog.skills or sid in prepared.new_skills:
        sid, n = f"{base}_{n}", n + 1
    prepared.new_skills[sid] = name
    prepared.new_skill_keys[key] = sid
    return sid


def _note(check: Checker, parsed: Parsed, r: int, c: int) -> None:
    check.warn(f"{parsed.note}; not assessed", r, c)


def _say_skill_columns_empty(data: Columns, mapping: Mapping, check: Checker) -> None:
    """A wide sheet whose skill columns hold nothing in any row: say so (levels shown by
    cell colours alone, or a blank template) instead of importing people without a word."""
    skill_columns = mapping.skill_columns()
    for col in skill_columns:
        if not is_blank(data[col.index]):
            return
    named = ", ".join(f"{column_letter(c.index)} {c.header!r}" for c in skill_columns[:5])
    if len(skill_columns) > 5:
        named += f" and {len(skill_columns) - 5} more"
    check.warn(
        f"the skill columns ({named}) are empty in every row: no levels were read. "
        "If the levels are shown by cell colours, colours cannot be read: write the levels "
        "as numbers or words (for example 1-5) and import again"
    )


def _wide_ratings(
    data: Columns,
    data_rows: list[int],
    mapping: Mapping,
    catalog: Catalog,
    row_emp: np.ndarray,
    row_src: np.ndarray,
    prepared: Prepared,
    check: Checker,
) -> None:
    keep = np.flatnonzero(row_emp >= 0)
    every_row = len(keep) == len(data)
    columns = mapping.skill_columns()
    skill_ids = []
    for col in columns:
        skill_ids.append(
            col.skill_id or _skill_for_unknown(new_skill_name(col.header), catalog, prepared)
        )
        check.report.skills_mapped[col.header] = skill_ids[-1]
    # Several columns may read as one skill: the winner is applied last (see _winner_order).
    columns, skill_ids = _winner_order(columns, skill_ids)
    unique = list(dict.fromkeys(skill_ids))
    order = sorted(range(len(unique)), key=lambda j: unique[j])  # PK order for fast inserts
    position = {unique[j]: k for k, j in enumerate(order)}
    prepared.skill_ids = [unique[j] for j in order]
    n = len(keep)
    # Each skill's levels (by PK order), turned into the stored matrix in one step at the end.
    by_skill: list[np.ndarray | None] = [None] * len(unique)
    raw_cells: dict[tuple[int, int], Any] = {}
    earlier: dict[str, list[ColumnMap]] = {}
    floats = data.floats([col.index for col in columns]) if every_row else {}
    for col, sid in zip(columns, skill_ids, strict=True):
        c = col.index
        if every_row and data.array is not None and c < data.width:
            values = data.array[:, c]  # an object column: read as floats in one step
        else:
            values = data[c] if every_row else [data[c][i] for i in keep.tolist()]
        scale = col.scale or Scale()
        levels, was_mapped, slow = levels_for_column(values, scale, floats.get(c))
        chosen = mapping.overrides.get(scale.label)
        if chosen:
            slow = _overridden(values, chosen, levels, was_mapped, slow)
        for i, parsed in slow:
            _note(check, parsed, data_rows[keep[i]], c)
        k = position[sid]
        fill = ~np.isnan(levels)
        before = by_skill[k]
        if before is not None:  # a column read as the same skill before
            both = int(np.count_nonzero(fill & ~np.isnan(before)))
            differ = int(np.count_nonzero(fill & ~np.isnan(before) & (before != levels)))
            check.report.merged_columns.append(
                _merged_line(
                    earlier[sid],
                    col,
                    catalog.skills[sid].name
                    if sid in catalog.skills
                    else prepared.new_skills.get(sid, sid),
                    both,
                    differ,
                )
            )
        earlier.setdefault(sid, []).append(col)
        if before is None:
            by_skill[k] = levels
        else:
            np.copyto(before, levels, where=fill)
        for i in np.flatnonzero(was_mapped & fill):
            if _interpreted(values[i]):
                raw_cells[(int(i), k)] = values[i]
    matrix = (
        np.ascontiguousarray(np.stack(by_skill).T, dtype=np.float32)
        if by_skill
        else np.zeros((n, 0), dtype=np.float32)
    )
    emp = row_emp[keep]
    src = row_src[keep]
    # Repeated (employee, source) rows are merged; conflicting levels: the later row wins.
    pair = emp * 8 + src
    if len(np.unique(pair)) != len(pair):
        dates = RowDates.of(mapping, lambda i, c: _cell(data.rows[i], c))
        matrix, emp, src, raw_cells = _merge_duplicates(
            matrix, emp, src, pair, raw_cells, keep, data_rows, prepared, check, dates
        )
    prepared.emp, prepared.source = emp, src
    prepared.levels = np.ascontiguousarray(matrix, dtype=np.float32)
    prepared.raw = {rk: _raw_text(v) for rk, v in raw_cells.items() if not np.isnan(matrix[rk])}


def _winner_order(
    columns: list[ColumnMap], skill_ids: list[str]
) -> tuple[list[ColumnMap], list[str]]:
    """Columns in the order they are applied: where several read as one skill, the one
    whose value wins comes last: the more trusted rater named in its header (manager over
    self), then the closer header match, then the column further right."""
    trust = {source: n for n, source in enumerate(SOURCES)}

    def rank(j: int) -> tuple[int, float, int]:
        hint = source_hint(columns[j].header)
        return (trust.get(hint, -1) if hint else -1, columns[j].confidence, columns[j].index)

    first = {sid: skill_ids.index(sid) for sid in skill_ids}
    order = sorted(range(len(columns)), key=lambda j: (first[skill_ids[j]], rank(j)))
    return [columns[j] for j in order], [skill_ids[j] for j in order]


def _overridden(
    values: Sequence[Any],
    chosen: dict[str, float | None],
    levels: np.ndarray,
    mapped: np.ndarray,
    slow: list[tuple[int, Parsed]],
) -> list[tuple[int, Parsed]]:
    """Apply the user's readings of raw values in place; the notes they settle go."""
    for i, value in enumerate(values):
        if value is None:
            continue
        key = value_key(value)
        if key in chosen:
            told = chosen[key]
            levels[i] = np.nan if told is None else told
            mapped[i] = told is not None
    return [(i, p) for i, p in slow if value_key(values[i]) not in chosen]


def _merged_line(
    losers: list[ColumnMap], winner: ColumnMap, skill: str, both: int, differ: int
) -> str:
    loser = losers[-1]
    hint, old_hint = source_hint(winner.header), source_hint(loser.header)
    if hint and hint != old_hint and SOURCES.index(hint) > SOURCES.index(old_hint or "self"):
        why = f"a {hint} rating is trusted more than a {old_hint or 'self'} rating"
    elif winner.confidence > loser.confidence:
        why = "its header matches the skill more closely"
    else:
        why = "both match the skill as well; the column further right wins"
    return (
        f"columns {column_letter(loser.index)} {loser.header!r} and "
        f"{column_letter(winner.index)} {winner.header!r} both read as {skill!r}: "
        f"{both:,} people have both, {differ:,} with different levels; where both are "
        f"filled the value of {column_letter(winner.index)} {winner.header!r} is kept "
        f"({why}); choose another role for a column in the mapping to change this"
    )


def _merge_duplicates(
    matrix: np.ndarray,
    emp: np.ndarray,
    src: np.ndarray,
    pair: np.ndarray,
    raw_cells: dict[tuple[int, int], Any],
    keep: np.ndarray,
    data_rows: list[int],
    prepared: Prepared,
    check: Checker,
    dates: RowDates | None = None,
) -> tuple[Any, ...]:
    """Repeated (employee, rater) rows as one: a level rated again replaces the earlier
    one, unless the sheet's rating dates (``dates``, by data row) say it is older."""
    first: dict[int, int] = {}
    when: dict[tuple[int, int], int] = {}  # (kept row, skill): the data row its level is from
    drop = []
    for i, p in enumerate(pair.tolist()):
        if p not in first:
            first[p] = i
            continue
        j = first[p]
        fill = ~np.isnan(matrix[i])
        both = fill & ~np.isnan(matrix[j])
        differ = both & (matrix[i] != matrix[j])
        take = fill.copy()
        if dates is not None:  # a level the sheet dates before the one kept stays out
            for k in np.flatnonzero(both).tolist():
                if newer(dates, int(keep[i]), when.get((j, k), int(keep[j]))) is False:
                    take[k] = False
        if differ.any():
            names = ", ".join(prepared.skill_ids[k] for k in np.flatnonzero(differ)[:5])
            rule = (
                "the later row wins"
                if dates is None
                else f"the newer rating by {dates.column.header!r} is kept (where the dates "
                "do not say, the later row's)"
            )
            check.warn(
                f"employee {prepared.keys[emp[i]]} is rated again ({SOURCES[src[i]]}) "
                f"with different levels for {names}; {rule}",
                data_rows[keep[i]],
            )
        matrix[j, take] = matrix[i, take]
        for k in np.flatnonzero(take).tolist():
            when[(j, k)] = int(keep[i])
            if (i, k) in raw_cells:
                raw_cells[(j, k)] = raw_cells.pop((i, k))
            else:
                raw_cells.pop((j, k), None)
        for k in np.flatnonzero(fill & ~take).tolist():
            raw_cells.pop((i, k), None)
        drop.append(i)
    rest = np.setdiff1d(np.arange(len(pair)), drop)
    remap = {int(old): new for new, old in enumerate(rest)}
    raw_cells = {(remap[r], k): v for (r, k), v in raw_cells.items() if r in remap}
    return matrix[rest], emp[rest], src[rest], raw_cells


def _cell(row: Sequence[Any], c: int) -> Any:
    return row[c] if c < len(row) else None


def _which_wins(dates: RowDates | None, row: int, earlier: int, is_newer: bool | None) -> str:
    """How a repeat is settled: the newer rating by the sheet's dates, else the later row."""
    if is_newer is None:
        return "the later row wins"
    kept = row if is_newer else earlier
    assert dates is not None
    return f"the newer rating is kept (row {kept + 1}, {dates.text(kept)})"


def _interpreted(value: Any) -> bool:
    """Text that took interpretation ("Advanced", "80%"): its original is kept with the level.

    Numbers (also written as text, as in CSV files) are not kept: the assessment's mapping
    records their scale.
    """
    return isinstance(value, str) and number_of(value) is None


def _raw_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _CONTROL.sub("", str(value))[:200]


def _long_ratings(
    rows: Sequence[Sequence[Any]],
    data_rows: list[int],
    mapping: Mapping,
    catalog: Catalog,
    row_emp: np.ndarray,
    row_src: np.ndarray,
    prepared: Prepared,
    check: Checker,
) -> None:
    skill_col = mapping.by_role("skill_name")
    level_col = mapping.by_role("level")
    assert skill_col is not None and level_col is not None
    scale = level_col.scale or Scale()
    chosen = mapping.overrides.get(scale.label)
    index = SkillIndex(catalog)
    dates = RowDates.of(mapping, lambda r, c: _cell(rows[r], c))
    resolved: dict[str, str] = {}
    ids: dict[str, int] = {}
    cells: dict[tuple[int, int, int], tuple[float, str | None, int]] = {}
    for i, r in enumerate(data_rows):
        if row_emp[i] < 0:
            continue
        row = rows[r]
        name = check.text(
            row[skill_col.index] if skill_col.index < len(row) else None, r, skill_col.index
        )
        if not name:
            check.error("no skill name; row skipped", r, skill_col.index)
            continue
        folded = fold(name)
        if folded not in resolved:
            sid, _confidence = index.match(name)
            resolved[folded] = sid or _skill_for_unknown(name, catalog, prepared)
            check.report.skills_mapped[name] = resolved[folded]
            if sid is None:
                check.report.unmapped_columns.append(name)
        sid = resolved[folded]
        value = row[level_col.index] if level_col.index < len(row) else None
        parsed = parse_level(value, scale)
        if chosen and value is not None and value_key(value) in chosen:
            told = chosen[value_key(value)]
            parsed = Parsed(None) if told is None else Parsed(told, mapped=True)
        if parsed.note:
            _note(check, parsed, r, level_col.index)
            continue
        if parsed.level is None:
            continue
        k = ids.setdefault(sid, len(ids))
        cell = (int(row_emp[i]), k, int(row_src[i]))
        if cell in cells:
            earlier = cells[cell][2]
            is_newer = newer(dates, r, earlier)
            if cells[cell][0] != parsed.level:
                check.warn(
                    f"employee {prepared.keys[cell[0]]} has {name} twice with different "
                    f"levels (rows {earlier + 1} and {r + 1}); "
                    + _which_wins(dates, r, earlier, is_newer),
                    r,
                    level_col.index,
                )
            if is_newer is False:  # the sheet dates this row before the one kept
                continue
        cells[cell] = (
            parsed.level,
            _raw_text(value) if parsed.mapped and _interpreted(value) else None,
            r,
        )
    prepared.skill_ids = list(ids)
    emp = np.fromiter((k[0] for k in cells), dtype=np.int64, count=len(cells))
    col = np.fromiter((k[1] for k in cells), dtype=np.int64, count=len(cells))
    src = np.fromiter((k[2] for k in cells), dtype=np.int64, count=len(cells))
    level = np.fromiter((v[0] for v in cells.values()), dtype=np.float32, count=len(cells))
    # A matrix row per (employee, rater) pair, in order of first appearance.
    pairs, row = np.unique(emp * len(SOURCES) + src, return_inverse=True)
    prepared.emp = pairs // len(SOURCES)
    prepared.source = (pairs % len(SOURCES)).astype(np.int8)
    prepared.levels = np.full((len(pairs), len(ids)), np.nan, dtype=np.float32)
    prepared.levels[row, col] = level
    prepared.raw = {
        (int(row[n]), int(col[n])): v[1] for n, v in enumerate(cells.values()) if v[1] is not None
    }
