"""Write a prepared import into a workspace: one transaction, all or nothing.

The whole file goes in as one assessment. Employees are upserted by their key (fields
the sheet leaves empty keep their old value), the ratings go in as dense matrices
(``rating_blocks``, a few rows however large the sheet) in the same transaction, and
progress is checked inside it so a cancel rolls everything back and leaves the workspace
as it was.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from planner.importing.checking import FIELDS, Prepared
from planner.importing.identity import existing_lookalikes
from planner.importing.mapping import Mapping
from planner.importing.report import ImportReport
from planner.progress import Progress
from planner.progress import report as report_progress
from planner.store.levels import BLOCK_INSERT, block_rows

if TYPE_CHECKING:
    from planner.store.workspace import Workspace

log = logging.getLogger("planner.importing")

UNMAPPED_CATEGORY = "domain"
MAX_STORED_ISSUES = 500


def find_duplicate(ws: Workspace, sha256: str, sheet: str | None) -> int | None:
    """The assessment that already imported this sheet of this file (by content), if any:
    another sheet of the same workbook (one per department, say) is not a repeat."""
    row = ws.conn.execute(
        "SELECT id FROM assessments WHERE sha256 = ? AND sheet IS ? ORDER BY id LIMIT 1",
        (sha256, sheet),
    ).fetchone()
    return row[0] if row else None


def remembered_mapping(ws: Workspace, signature: str) -> Mapping | None:
    row = ws.conn.execute(
        "SELECT mapping FROM import_mappings WHERE signature = ?", (signature,)
    ).fetchone()
    if row is None:
        return None
    try:
        return Mapping.from_json(row[0])
    except ValueError:
        log.warning("ignoring an unreadable remembered mapping %s", signature)
        return None


def write(
    ws: Workspace,
    prepared: Prepared,
    report: ImportReport,
    *,
    source_name: str,
    sha256: str,
    mapping: Mapping,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Write (or for a dry run, count) the prepared rows; fills the report's counts."""
    from planner.store.workspace import now_iso

    conn = ws.conn
    report.ratings = prepared.ratings
    if dry_run:
        _count_people(conn, prepared, report)
        report.dry_run = True
        return report
    ws.check_writable()
    stamp = now_iso()
    total = len(prepared.keys) + report.ratings
    done = 0
    report_progress(progress, done, total, "writing employees")
    # What is already there is read inside the write transaction (BEGIN IMMEDIATE): another
    # process importing at the same time waits, then sees our employees, never a conflict.
    with ws.transaction():
        duplicate = find_duplicate(ws, sha256, report.sheet)
        if duplicate is not None:
            report.duplicate_of = duplicate
            report.notes.append(already_imported(report.sheet, duplicate))
            return report
        existing = _count_people(conn, prepared, report)
        known_skills = {r[0] for r in conn.execute("SELECT id FROM skills")}
        cursor = conn.execute(
            "INSERT INTO assessments (source_name, sha256, sheet, imported_at, layout, mapping, "
            "rows_read) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                source_name,
                sha256,
                report.sheet,
                stamp,
                report.layout,
                mapping.to_json(),
                report.rows_read,
            ),
        )
        assessment = int(cursor.lastrowid or 0)
        new_skills = [
            (sid, name, UNMAPPED_CATEGORY, "added by import of " + source_name, "[]", "unmapped")
            for sid, name in prepared.new_skills.items()
            if sid not in known_skills
        ]
        conn.executemany(
            "INSERT INTO skills (id, name, category, description, aliases, origin) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            new_skills,
        )
        emp_ids = _write_employees(conn, prepared, existing, assessment)
        done += len(prepared.keys)
        report_progress(progress, done, total, "writing ratings")
        conn.executemany(
            BLOCK_INSERT,
            block_rows(
                assessment,
                prepared.skill_ids,
                emp_ids[prepared.emp],
                prepared.levels,
                prepared.source.astype(np.int8) + 1,
                prepared.raw,
                stamp,
            ),
        )
        done = total
        report_progress(progress, done, total, "writing ratings")
        conn.execute(
            "INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, "
            "updated_at = excluded.updated_at",
            (mapping.signature, mapping.to_json(), stamp),
        )
        conn.execute(
            "UPDATE assessments SET employees_added = ?, employees_updated = ?, ratings = ?, "
            "warnings = ?, errors = ? WHERE id = ?",
            (
                report.employees_added,
                report.employees_updated,
                report.ratings,
                _issues_json(report.warnings),
                _issues_json(report.errors),
                assessment,
            ),
        )
        if progress is not None:
            progress.check()  # a cancel at the very end still rolls everything back
    report.assessment_id = assessment
    return report


def already_imported(sheet: str | None, assessment: int) -> str:
    what = f"this sheet ({sheet}) of this file" if sheet else "this file"
    return f"{what} was already imported (assessment {assessment}); nothing was written"


def _count_people(conn: Any, prepared: Prepared, report: ImportReport) -> dict[str, int]:
    """The workspace's employee ids by key; fills the report's added/updated counts and
    warns about new ids that look like, or share an email with, someone already there."""
    existing = dict(conn.execute("SELECT employee_key, id FROM employees").fetchall())
    new = [k for k in prepared.keys if k not in existing]
    report.employees_added = len(new)
    report.employees_updated = len(prepared.keys) - report.employees_added
    if not new or not existing:
        return existing
    for key, other, why in existing_lookalikes(new, existing)[:MAX_STORED_ISSUES]:
        report.warn(
            f"id {key!r} looks like {other!r}, already in the workspace ({why}); "
            "it is added as a new person: correct the sheet if they are one",
            report.sheet,
            None,
            None,
        )
    emails = {
        k: e
        for k, e in zip(prepared.keys, prepared.column("email"), strict=True)
        if k not in existing and e
    }
    if emails:
        known = {
            e.casefold(): k
            for k, e in conn.execute("SELECT employee_key, email FROM employees WHERE email != ''")
        }
        for key, email in list(emails.items())[: MAX_STORED_ISSUES * 10]:
            other = known.get(email.casefold())
            if other is not None and other != key:
                report.warn(
                    f"id {key!r} is new but its email {email!r} belongs to {other!r} "
                    "in the workspace: two people or one id changed?",
                    report.sheet,
                    None,
                    None,
                )
    return existing


def _issues_json(issues: list[Any]) -> str:
    kept = [str(i) for i in issues[:MAX_STORED_ISSUES]]
    if len(issues) > MAX_STORED_ISSUES:
        kept.append(f"... and {len(issues) - MAX_STORED_ISSUES} more")
    return json.dumps(kept, ensure_ascii=False)


def _write_employees(
    conn: Any, prepared: Prepared, existing: dict[str, int], assessment: int
) -> np.ndarray:
    """Insert the new employees, update the known ones (column by column: a 50,000-row sheet
    builds its rows in a few C-level passes); returns their ids, parallel to the keys.

    New employees get the ids SQLite would give them (one more than the largest, in order),
    given here so that they need not be read back.
    """
    keys = prepared.keys
    ids = (
        np.array([existing.get(key, 0) for key in keys], dtype=np.int64)
        if existing
        else np.zeros(len(keys), dtype=np.int64)
    )
    texts = [prepared.column(name) for name in FIELDS]
    hours = prepared.column("weekly_hours")
    attributes = (
        [json.dumps(a, ensure_ascii=False) if a else None for a in prepared.column("attributes")]
        if "attributes" in prepared.fields
        else [None] * len(keys)
    )
    added = [i for i, key in enumerate(keys) if key not in existing] if existing else None

    def rows(values: list[Any], which: list[int] | None) -> list[Any]:
        return values if which is None else [values[i] for i in which]

    if added is None or added:
        count = len(keys) if added is None else len(added)
        largest = conn.execute("SELECT coalesce(max(id), 0) FROM employees").fetchone()[0]
        new_ids = np.arange(largest + 1, largest + 1 + count, dtype=np.int64)
        ids[slice(None) if added is None else added] = new_ids
        conn.executemany(
            "INSERT INTO employees (id, employee_key, name, email, department, job_title, site, "
            "manager, weekly_hours, attributes, first_assessment_id, last_assessment_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            zip(
                new_ids.tolist(),
                rows(keys, added),
                *(_blank(rows(values, added)) for values in texts),
                rows(hours, added),
                ["{}" if a is None else a for a in rows(attributes, added)],
                itertools.repeat(assessment, count),
                itertools.repeat(assessment, count),
                strict=True,
            ),
        )
    if not existing:
        return ids
    known = [i for i, key in enumerate(keys) if key in existing]
    # Empty cells keep what the workspace knew; extra attributes are merged, not replaced.
    conn.executemany(
        "UPDATE employees SET name = coalesce(nullif(?1, ''), name), "
        "email = coalesce(nullif(?2, ''), email), "
        "department = coalesce(nullif(?3, ''), department), "
        "job_title = coalesce(nullif(?4, ''), job_title), site = coalesce(nullif(?5, ''), site), "
        "manager = coalesce(nullif(?6, ''), manager), weekly_hours = coalesce(?7, weekly_hours), "
        "attributes = CASE WHEN ?8 IS NULL THEN attributes ELSE json_patch(attributes, ?8) END, "
        "last_assessment_id = ?9 WHERE id = ?10",
        zip(
            *(rows(values, known) for values in texts),
            rows(hours, known),
            rows(attributes, known),
            itertools.repeat(assessment, len(known)),
            [existing[keys[i]] for i in known],
            strict=True,
        ),
    )
    return ids


def _blank(values: list[Any]) -> list[Any]:
    """Texts for a NOT NULL column: None (not given) becomes ''."""
    return ["" if v is None else v for v in values] if None in values else values
