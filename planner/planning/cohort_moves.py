"""Moving a person from one workshop session (cohort) to another of the same module.

:func:`check_move` says why a move is not possible (None when it is); :func:`move_member`
does it in one transaction: the person's plan item gets the new session's week and date,
and :func:`undo_move` puts it back exactly. The bounds are the scenario's plan settings: no
session may drop below the minimum size or grow beyond the maximum, the person must be
ready for the session (earlier modules done by then) without the session coming after a
later module of theirs starts or falling in the week of another of their workshops, and a
plan that finished by the ready-by date must still.

A move is a decision of the HR manager, so it is remembered with the scenario (by person,
workshop, site, session date and which session of that day): when the plan is built again,
:func:`reapply_moves` puts each remembered move back if that session still exists and the
bounds still allow it, and says which ones it could not keep. After every change the
scenario's stored figures (finish dates, people past the ready-by date) are brought in step
with the plan items.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from planner.errors import PlannerError
from planner.planning.model import WORKSHOP
from planner.store.workspace import Workspace

if TYPE_CHECKING:
    from planner.planning.model import PlanSet, PlanSettings

log = logging.getLogger("planner.planning")

MOVES_KEY = "cohort_moves"  # in the scenario's constraints: the moves to keep on a rebuild


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

    @property
    def label(self) -> str:
        return f"{self.module_id} @ {self.site or '(no site)'} on {self.session_date.isoformat()}"


@dataclass(frozen=True)
class _Schedule:
    """The rest of the person's plan around the workshop item being moved."""

    earlier_end: int | None  # the last week of their earlier modules
    later_start: int | None  # the first week of their later modules
    finish_without: date | None  # their finish leaving this item out
    finish_now: date | None  # their finish as planned now
    # the weeks of their other workshops: (week, module) pairs
    workshops: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Move:
    """One move done, with what undoing it needs to put back."""

    scenario_id: int
    employee_id: int
    module_id: str
    from_cohort: int
    to_cohort: int
    item_before: tuple[int, int, str, str]  # start_week, end_week, start_date, end_date
    record_before: dict[str, Any] | None  # the remembered move of this item it replaced


def _refusal(
    source: _Session, target: _Session, schedule: _Schedule, settings: PlanSettings
) -> str | None:
    """The one rule for a move, whatever holds the plan (the workspace or a new plan)."""
    if source.id == target.id:
        return "that is the session they are already in"
    if source.module_id != target.module_id:
        return (
            f"{target.label} is a session of another workshop; a person can only move "
            f"to another session of {source.module_id}"
        )
    if target.size + 1 > settings.max_cohort:
        return f"{target.label} is full ({target.size} of at most {settings.max_cohort} people)"
    if source.size - 1 < settings.min_cohort:
        return (
            f"{source.label} would drop to {_people(source.size - 1)}, below the minimum "
            f"of {settings.min_cohort}"
        )
    if schedule.earlier_end is not None and schedule.earlier_end > target.week:
        return (
            f"this person's earlier modules end in week {schedule.earlier_end}, after "
            f"the session in week {target.week}"
        )
    clash = next((m for week, m in schedule.workshops if week == target.week), None)
    if clash is not None:
        return (
            f"this person already attends the {clash} workshop in week {target.week}, "
            "the week of that session"
        )
    if schedule.later_start is not None and schedule.later_start < target.week:
        return (
            f"this person's next module starts in week {schedule.later_start}, before "
            f"the session in week {target.week}"
        )
    horizon = settings.horizon
    finish = max(d for d in (schedule.finish_without, target.session_date) if d is not None)
    if (
        horizon is not None
        and finish > horizon
        and not (schedule.finish_now is not None and schedule.finish_now > horizon)
    ):
        return (
            f"this person would be ready on {finish.isoformat()}, after the ready-by "
            f"date {horizon.isoformat()}"
        )
    return None


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


# -- the workspace's plan -------------------------------------------------------------------


def _session(ws: Workspace, cohort_id: int) -> _Session:
    row = ws.conn.execute(
        "SELECT c.id, c.scenario_id, c.module_id, c.site, c.week, c.session_date, "
        "(SELECT count(*) FROM plan_items p WHERE p.cohort_id = c.id) "
        "FROM cohorts c WHERE c.id = ?",
        (cohort_id,),
    ).fetchone()
    if row is None:
        raise MoveRefused(
            f"no workshop session with id {cohort_id}; the plan may have been built again meanwhile"
        )
    return _Session(
        row[0], row[1], row[2], row[3] or "", row[4], date.fromisoformat(str(row[5])[:10]), row[6]
    )


def _schedule(
    ws: Workspace, scenario_id: int, employee_id: int, item_id: int, seq: int
) -> _Schedule:
    earlier_end, later_start, without, now = ws.conn.execute(
        "SELECT max(CASE WHEN seq < :seq THEN end_week END), "
        "min(CASE WHEN seq > :seq THEN start_week END), "
        "max(CASE WHEN id != :item THEN end_date END), max(end_date) "
        "FROM plan_items WHERE scenario_id = :sid AND employee_id = :employee",
        {"seq": seq, "item": item_id, "sid": scenario_id, "employee": employee_id},
    ).fetchone()
    workshops = ws.conn.execute(
        "SELECT p.start_week, p.module_id FROM plan_items p JOIN modules m "
        "ON m.id = p.module_id WHERE p.scenario_id = ? AND p.employee_id = ? AND p.id != ? "
        "AND m.format = ? AND p.status != 'done'",
        (scenario_id, employee_id, item_id, WORKSHOP),
    ).fetchall()
    return _Schedule(
        earlier_end, later_start, _day(without), _day(now), tuple(map(tuple, workshops))
    )


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def check_move(ws: Workspace, employee_id: int, from_cohort: int, to_cohort: int) -> str | None:
    """Why ``employee_id`` cannot move from one session to another; None when they can."""
    from planner.planning.store import scenario_settings

    source, target = _session(ws, from_cohort), _session(ws, to_cohort)
    if source.scenario_id != target.scenario_id:
        return f"{target.label} is a session of another scenario"
    item = ws.conn.execute(
        "SELECT id, seq FROM plan_items WHERE cohort_id = ? AND employee_id = ?",
        (source.id, employee_id),
    ).fetchone()
    if item is None and source.id != target.id:
        return f"this person is not in the session {source.label}"
    schedule = (
        _schedule(ws, source.scenario_id, employee_id, item[0], item[1])
        if item
        else _Schedule(None, None, None, None)
    )
    return _refusal(source, target, schedule, scenario_settings(ws, source.scenario_id))


def move_member(ws: Workspace, employee_id: int, from_cohort: int, to_cohort: int) -> Move:
    """Move a person to another session of the same workshop (one transaction).

    Returns:
        The move, for :func:`undo_move`.

    Raises:
        MoveRefused: the move breaks a session size bound or the person's schedule; the
            message says which.
    """
    with ws.transaction():
        reason = check_move(ws, employee_id, from_cohort, to_cohort)
        if reason is not None:
            raise MoveRefused(f"Cannot move this person: {reason}.")
        target = _session(ws, to_cohort)
        before = ws.conn.execute(
            "SELECT start_week, end_week, start_date, end_date FROM plan_items "
            "WHERE cohort_id = ? AND employee_id = ?",
            (from_cohort, employee_id),
        ).fetchone()
        day = target.session_date.isoformat()
        ws.conn.execute(
            "UPDATE plan_items SET cohort_id = ?, start_week = ?, end_week = ?, "
            "start_date = ?, end_date = ? WHERE cohort_id = ? AND employee_id = ?",
            (target.id, target.week, target.week, day, day, from_cohort, employee_id),
        )
        number = (
            ws.conn.execute(
                "SELECT count(*) FROM cohorts WHERE scenario_id = ? AND module_id = ? AND "
                "coalesce(site, '') = ? AND (week < ? OR (week = ? AND id < ?))",
                (
                    target.scenario_id,
                    target.module_id,
                    target.site,
                    target.week,
                    target.week,
                    target.id,
                ),
            ).fetchone()[0]
            + 1
        )
        record = {
            "employee_id": employee_id,
            "module": target.module_id,
            "site": target.site,
            "session_date": day,
            "number": number,
        }
        replaced = _remember(ws, target.scenario_id, employee_id, target.module_id, record)
        refresh_plan_figures(ws, target.scenario_id)
    log.info("employee %d moved from session %d to %d", employee_id, from_cohort, to_cohort)
    return Move(
        target.scenario_id,
        employee_id,
        target.module_id,
        from_cohort,
        to_cohort,
        tuple(before),
        replaced,
    )


def undo_move(ws: Workspace, move: Move) -> None:
    """Put the person back in the session they left, exactly as planned before the move.

    Raises:
        MoveRefused: the plan was built again since (the sessions are gone) or the person
            is no longer in the session they moved to.
    """
    with ws.transaction():
        _session(ws, move.from_cohort)
        _session(ws, move.to_cohort)
        cursor = ws.conn.execute(
            "UPDATE plan_items SET cohort_id = ?, start_week = ?, end_week = ?, "
            "start_date = ?, end_date = ? WHERE cohort_id = ? AND employee_id = ?",
            (move.from_cohort, *move.item_before, move.to_cohort, move.employee_id),
        )
        if cursor.rowcount != 1:
            raise MoveRefused(
                "Cannot undo this move: the person is no longer in the session they were moved to."
            )
        _remember(ws, move.scenario_id, move.employee_id, move.module_id, move.record_before)
        refresh_plan_figures(ws, move.scenario_id)
    log.info("move of employee %d undone", move.employee_id)


def _remember(
    ws: Workspace, scenario_id: int, employee_id: int, module_id: str, record: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Keep ``record`` as the remembered move of that person's workshop (None: forget it);
    returns the record it replaced."""
    from planner.planning.store import _json_column

    constraints = _json_column(ws, scenario_id, "constraints")
    moves = remembered_moves(constraints)
    replaced = next(
        (m for m in moves if (m.get("employee_id"), m.get("module")) == (employee_id, module_id)),
        None,
    )
    moves = [m for m in moves if m is not replaced] + ([record] if record else [])
    constraints[MOVES_KEY] = moves
    ws.conn.execute(
        "UPDATE scenarios SET constraints = ? WHERE id = ?", (json.dumps(constraints), scenario_id)
    )
    return replaced


def remembered_moves(constraints: dict[str, Any]) -> list[dict[str, Any]]:
    """The moves a scenario keeps (from its constraints), well-formed ones only."""
    out = []
    for m in constraints.get(MOVES_KEY) or []:
        if (
            isinstance(m, dict)
            and isinstance(m.get("employee_id"), int)
            and isinstance(m.get("module"), str)
            and _day(m.get("session_date"))
        ):
            out.append(m)
    return out


def refresh_plan_figures(ws: Workspace, scenario_id: int) -> None:
    """Bring the scenario's stored plan figures in step with its plan items."""
    from planner.planning.store import load_plan, store_plan_figures

    store_plan_figures(ws, load_plan(ws, scenario_id))


# -- a plan being built ---------------------------------------------------------------------


def reapply_moves(plan_set: PlanSet, moves: list[dict[str, Any]]) -> tuple[list, list[str]]:
    """Put remembered moves back into a freshly built ``plan_set`` (before it is saved).

    Returns:
        (the moves kept, one sentence per move that could not be kept and why).
    """
    kept: list[dict[str, Any]] = []
    dropped: list[str] = []
    names = {p.employee_id: p.person.name or p.person.employee_key for p in plan_set.plans}
    for record in moves:
        why = _reapply(plan_set, record)
        if why is None:
            kept.append(record)
        else:
            who = names.get(record["employee_id"], f"employee {record['employee_id']}")
            dropped.append(
                f"the move of {who} to {record['module']} on "
                f"{record['session_date']} was not kept: {why}"
            )
    return kept, dropped


def _reapply(plan_set: PlanSet, record: dict[str, Any]) -> str | None:
    """Apply one remembered move to ``plan_set``; why it cannot be, or None when done."""
    plan = next((p for p in plan_set.plans if p.employee_id == record["employee_id"]), None)
    if plan is None:
        return "this person is no longer in the plan"
    position = next(
        (
            n
            for n, i in enumerate(plan.items)
            if i.module_id == record["module"] and i.cohort is not None
        ),
        None,
    )
    if position is None:
        return "this person no longer attends that workshop in a session"
    item = plan.items[position]
    day = _day(record["session_date"])
    cohorts = plan_set.cohorts
    # the n-th session of the workshop at the site (in week order), on the same day
    numbered = sorted(
        (c.week, n)
        for n, c in enumerate(cohorts)
        if c.module_id == record["module"] and c.site == (record.get("site") or "")
    )
    same_day = [
        (rank, n) for rank, (_week, n) in enumerate(numbered, 1) if cohorts[n].session_date == day
    ]
    if not same_day:
        return "that session is no longer planned"
    target_index = next((n for rank, n in same_day if rank == record.get("number")), same_day[0][1])
    if target_index == item.cohort:
        return None  # the new plan put them there anyway
    assert item.cohort is not None
    source_cohort, target_cohort = cohorts[item.cohort], cohorts[target_index]
    others = [i for n, i in enumerate(plan.items) if n != position]
    schedule = _Schedule(
        max((i.end_week for i in plan.items[:position]), default=None),
        min((i.start_week for i in plan.items[position + 1 :]), default=None),
        max((i.end_date for i in others), default=None),
        plan.finish_date,
        tuple(
            (i.start_week, i.module_id)
            for i in others
            if i.format == WORKSHOP and i.status != "done"
        ),
    )
    reason = _refusal(
        _memory_session(source_cohort, item.cohort),
        _memory_session(target_cohort, target_index),
        schedule,
        plan_set.settings,
    )
    if reason is not None:
        return reason
    source_cohort.members.remove(plan.employee_id)
    target_cohort.members.append(plan.employee_id)
    item.cohort = target_index
    item.start_week = item.end_week = target_cohort.week
    item.start_date = item.end_date = target_cohort.session_date
    return None


def _memory_session(cohort: Any, index: int) -> _Session:
    return _Session(
        index,
        0,
        cohort.module_id,
        cohort.site or "",
        cohort.week,
        cohort.session_date,
        len(cohort.members),
    )
