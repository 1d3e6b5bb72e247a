"""Plans edited offline: read the plans workbook back, show the differences, apply them.

Managers receive the plans workbook (sheet "Training plan": Employee ID, Name, Role,
Module ID, Module, Start, End, Hours, Cost, Status, Status date), change statuses and
dates, and send it back. Only Status, Status date and Start are taken from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from planner.errors import InputRejected, PlannerError
from planner.planning.store import _as_date, resolve_scenario, scenario_settings
from planner.planning.tracking import _apply_status, normalise_status
from planner.store.workspace import Workspace

SHEET = "Training plan"
COLUMNS = {"employee id": "employee_key", "module id": "module_id", "status": "status",
           "status date": "status_date", "start": "start_date"}


def read_plan_workbook(path: str | Path, *, allow_large: bool = False) -> list[dict[str, Any]]:
    """Rows of the "Training plan" sheet as dicts with their row number (``row``).

    The file goes through the importer's guarded reader (content sniffing, zip-bomb and
    entity checks, a capped child process, a time and memory budget), never a reader in
    this process: a returned workbook is as untrusted as any import.

    Raises:
        InputRejected: not a readable workbook, no such sheet, or required columns missing.
    """
    from planner.importing.budget import parent_budget
    from planner.importing.source import load_source

    path = Path(path)
    with parent_budget(path, allow_large=allow_large):
        source = load_source(path, allow_large=allow_large)
        if SHEET in source.sheet_names:
            source.select(SHEET)
        elif source.format != "csv":
            raise InputRejected(f"no sheet named {SHEET!r} (found: "
                                f"{', '.join(source.sheet_names)})", file=path.name)
        return _plan_rows(source.rows, path.name, source.sheet)


def _plan_rows(table: list[list[Any]], name: str, sheet: str) -> list[dict[str, Any]]:
    header_row, columns = 0, {}
    rows = []
    for number, values in enumerate(table, 1):
        values = [_cell(v) for v in values]
        if not columns:
            names = {str(v).strip().casefold(): j for j, v in enumerate(values)
                     if v is not None}
            if "employee id" in names and "module id" in names:
                header_row = number
                columns = {key: names[h] for h, key in COLUMNS.items() if h in names}
            elif number >= 20:
                break
            continue
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        row: dict[str, Any] = {"row": number}
        for key, j in columns.items():
            row[key] = values[j] if j < len(values) else None
        row["employee_key"] = _key_text(row.get("employee_key"))
        row["module_id"] = str(row.get("module_id") or "").strip()
        if row.get("status") is not None:
            row["status"] = str(row["status"])
        rows.append(row)
    if not header_row:
        raise InputRejected("no header row with 'Employee ID' and 'Module ID'",
                            file=name, sheet=sheet)
    return rows


def _cell(value: Any) -> Any:
    """A cell as read; a number that is not finite (NaN, infinity) becomes its text, so
    the row is reported ("not a date", "unknown status") instead of breaking a step."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _key_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _cell_date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


@dataclass(frozen=True)
class PlanChange:
    """One difference between the workspace and an edited plan row (or an error)."""

    row: int
    employee_key: str
    module_id: str
    field: str = ""                    # status | status_date | start_date
    old: Any = None
    new: Any = None
    item_id: int | None = None
    error: str = ""

    def describe(self) -> str:
        where = f"row {self.row}: {self.employee_key} / {self.module_id}"
        if self.error:
            return f"{where}: {self.error}"
        return f"{where}: {self.field} {self.old or '(empty)'} -> {self.new or '(empty)'}"


def diff_plan_updates(ws: Workspace, rows: list[dict[str, Any]],
                      scenario: str | int | None = None) -> list[PlanChange]:
    """Compare edited rows with a scenario's plan items; errors are changes with ``error``."""
    sid, name = resolve_scenario(ws, scenario)
    items = {(r[1], r[2]): r for r in ws.conn.execute(
        "SELECT p.id, e.employee_key, p.module_id, p.status, p.status_date, p.start_date "
        "FROM plan_items p JOIN employees e ON e.id = p.employee_id "
        "WHERE p.scenario_id = ?", (sid,))}
    changes: list[PlanChange] = []
    seen: set[tuple[str, str]] = set()
    for row in rows:
        number, key, module_id = row.get("row", 0), row.get("employee_key", ""), \
            row.get("module_id", "")

        def error(text: str, number=number, key=key, module_id=module_id) -> None:
            changes.append(PlanChange(number, key, module_id, error=text))

        item = items.get((key, module_id))
        if item is None:
            error(f"no such plan item in scenario {name!r}")
            continue
        if (key, module_id) in seen:
            error("the same employee and module appear twice")
            continue
        seen.add((key, module_id))
        try:
            status = normalise_status(row["status"]) if row.get("status") else item[3]
        except InputRejected as exc:
            error(str(exc))
            continue
        try:
            status_date = _cell_date(row.get("status_date"))
            start_date = _cell_date(row.get("start_date"))
        except (ValueError, TypeError):
            error("a date is not a date (use YYYY-MM-DD)")
            continue
        if status != item[3]:
            changes.append(PlanChange(number, key, module_id, "status", item[3], status,
                                      item[0]))
        old_status_date = _as_date(item[4])
        if status_date is not None and status_date != old_status_date:
            changes.append(PlanChange(number, key, module_id, "status_date",
                                      old_status_date and old_status_date.isoformat(),
                                      status_date.isoformat(), item[0]))
        if start_date is not None and start_date != _as_date(item[5]):
            changes.append(PlanChange(number, key, module_id, "start_date", item[5],
                                      start_date.isoformat(), item[0]))
    return changes


def apply_plan_updates(ws: Workspace, changes: list[PlanChange]) -> int:
    """Apply the changes of :func:`diff_plan_updates` in one transaction; returns items changed.

    Raises:
        PlannerError: the list contains errors (nothing is applied).
    """
    errors = [c for c in changes if c.error]
    if errors:
        raise PlannerError(f"{len(errors)} rows have errors; nothing was applied "
                           f"(first: {errors[0].describe()})")
    by_item: dict[int, dict[str, Any]] = {}
    for change in changes:
        by_item.setdefault(change.item_id, {})[change.field] = change.new
    with ws.transaction():
        for item_id, fields in by_item.items():
            status, status_date, sid, start, end = ws.conn.execute(
                "SELECT status, status_date, scenario_id, start_date, end_date "
                "FROM plan_items WHERE id = ?", (item_id,)).fetchone()
            when = _as_date(fields.get("status_date")) or (
                date.today() if "status" in fields else _as_date(status_date))
            if "status" in fields:
                _apply_status(ws, item_id, fields["status"], when)
            elif "status_date" in fields:
                _apply_status(ws, item_id, status, when)
            if "start_date" in fields:
                new_start = _as_date(fields["start_date"])
                shift = new_start - _as_date(start)
                new_end = _as_date(end) + shift
                settings = scenario_settings(ws, sid)
                ws.conn.execute("UPDATE plan_items SET start_date = ?, end_date = ?, "
                                "start_week = ?, end_week = ? WHERE id = ?",
                                (new_start.isoformat(), new_end.isoformat(),
                                 settings.week_of(new_start), settings.week_of(new_end),
                                 item_id))
    return len(by_item)


__all__ = ["PlanChange", "apply_plan_updates", "diff_plan_updates", "read_plan_workbook"]
