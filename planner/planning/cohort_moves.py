"""Moving a person from one workshop session (cohort) to another of the same module.

:func:`check_move` says why a move is not possible (None when it is); :func:`move_member`
does it in one transaction: the person's plan item gets the new session's week and date.
The bounds are the scenario's plan settings: no session may drop below the minimum size
or grow beyond the maximum, and the person must be ready for the session (earlier modules
done by then) without the session coming after a later module of theirs starts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from planner.errors import PlannerError
from planner.store.workspace import Workspace

log = logging.getLogger("planner.planning")


class MoveRefused(PlannerError):
    """A cohort move that would break the session sizes or the person's schedule."""


@dataclass(frozen=True)
class _Session:
    id: int
    scenario_id: int
    module_id: str
    site: str
    week: int
    session_date: date
    size: int


def _session(ws: Workspace, cohort_id: int) -> _Session:
    row = ws.conn.execute(
        "SELECT c.id, c.scenario_id, c.module_id, c.site, c.week, c.session_date, "
        "(SELECT count(*) FROM plan_items p WHERE p.cohort_id = c.id) "
        "FROM cohorts c WHERE c.id = ?",
        (cohort_id,),
    ).fetchone()
    if row is None:
        raise MoveRefused(f"no workshop session with id {cohort_id}")
    return _Session(
        row[0], row[1], row[2], row[3] or "", row[4], date.fromisoformat(str(row[5])[:10]), row[6]
    )


def _label(s: _Session) -> str:
    return f"{s.module_id} @ {s.site or '(no site)'} on {s.session_date.isoformat()}"


def check_move(ws: Workspace, employee_id: int, from_cohort: int, to_cohort: int) -> str | None:
    """Why ``employee_id`` cannot move from one session to another; None when they can."""
    from planner.planning.store import scenario_settings

    source, target = _session(ws, from_cohort), _session(ws, to_cohort)
    if source.id == target.id:
        return "that is the session they are already in"
    if source.scenario_id != target.scenario_id or source.module_id != target.module_id:
        return (
            f"{_label(target)} is a session of another workshop or scenario; a person "
            f"can only move to another session of {source.module_id}"
        )
    item = ws.conn.execute(
        "SELECT id, seq FROM plan_items WHERE cohort_id = ? AND employee_id = ?",
        (source.id, employee_id),
    ).fetchone()
    if item is None:
        return f"this person is not in the session {_label(source)}"
    settings = scenario_settings(ws, source.scenario_id)
    if target.size + 1 > settings.max_cohort:
        return f"{_label(target)} is full ({target.size} of at most {settings.max_cohort} people)"
    if source.size - 1 < settings.min_cohort:
        return (
            f"{_label(source)} would drop to {source.size - 1} people, below the "
            f"minimum of {settings.min_cohort}"
        )
    before = ws.conn.execute(
        "SELECT max(end_week) FROM plan_items WHERE scenario_id = ? AND employee_id = ? "
        "AND seq < ?",
        (source.scenario_id, employee_id, item[1]),
    ).fetchone()[0]
    if before is not None and before > target.week:
        return (
            f"this person's earlier modules end in week {before}, after the session "
            f"in week {target.week}"
        )
    after = ws.conn.execute(
        "SELECT min(start_week) FROM plan_items WHERE scenario_id = ? AND employee_id = ? "
        "AND seq > ?",
        (source.scenario_id, employee_id, item[1]),
    ).fetchone()[0]
    if after is not None and after < target.week:
        return (
            f"this person's next module starts in week {after}, before the session "
            f"in week {target.week}"
        )
    return None


def move_member(ws: Workspace, employee_id: int, from_cohort: int, to_cohort: int) -> None:
    """Move a person to another session of the same workshop (one transaction).

    Raises:
        MoveRefused: the move breaks a session size bound or the person's schedule; the
            message says which.
    """
    with ws.transaction():
        reason = check_move(ws, employee_id, from_cohort, to_cohort)
        if reason is not None:
            raise MoveRefused(f"Cannot move this person: {reason}.")
        target = _session(ws, to_cohort)
        ws.conn.execute(
            "UPDATE plan_items SET cohort_id = ?, start_week = ?, end_week = ?, "
            "start_date = ?, end_date = ? WHERE cohort_id = ? AND employee_id = ?",
            (
                target.id,
                target.week,
                target.week,
                target.session_date.isoformat(),
                target.session_date.isoformat(),
                from_cohort,
                employee_id,
            ),
        )
    log.info("employee %d moved from session %d to %d", employee_id, from_cohort, to_cohort)
