"""Undoable edits of the workspace (QUndoCommand over one transaction each)."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from planner.store.levels import SOURCE_RANK, current_levels
from planner.store.workspace import Workspace, now_iso

log = logging.getLogger("planner.ui")

MANUAL_SOURCE = "manager"
_COLUMNS = "employee_id, skill_id, assessment_id, source, level, raw, rated_at"


class SetLevelCommand(QUndoCommand):
    """Set one person's level of one skill as a manager rating (no assessment).

    The ratings primary key is (employee_id, skill_id, assessment_id, source) and a NULL
    assessment never conflicts in SQLite, so the edit deletes the previous manual rating
    and inserts the new one. Undo puts back the previous row exactly, or removes the edit.

    Args:
        on_change: called with (employee_id, skill_id, level, source_rank) after each
            redo/undo, to refresh what is shown.
    """

    def __init__(self, ws: Workspace, employee_id: int, skill_id: str, level: float, *,
                 shown_before: float = math.nan, source_before: int = 0,
                 label: str = "", on_change: Callable[[int, str, float, int], None] | None = None
                 ) -> None:
        super().__init__(label or f"Set {skill_id} to {level:g}")
        self.ws = ws
        self.employee_id = employee_id
        self.skill_id = skill_id
        self.level = float(level)
        self.shown_before = shown_before
        self.source_before = source_before
        self.on_change = on_change
        self._previous: tuple[Any, ...] | None = None
        self._captured = False

    def _where(self) -> tuple[str, tuple[Any, ...]]:
        return ("employee_id = ? AND skill_id = ? AND assessment_id IS NULL AND source = ?",
                (self.employee_id, self.skill_id, MANUAL_SOURCE))

    def redo(self) -> None:
        where, args = self._where()
        with self.ws.transaction():
            if not self._captured:
                self._previous = self.ws.conn.execute(
                    f"SELECT {_COLUMNS} FROM ratings WHERE {where}", args).fetchone()
                self._captured = True
            self.ws.conn.execute(f"DELETE FROM ratings WHERE {where}", args)
            self.ws.conn.execute(
                f"INSERT INTO ratings ({_COLUMNS}) VALUES (?, ?, NULL, ?, ?, NULL, ?)",
                (self.employee_id, self.skill_id, MANUAL_SOURCE, self.level, now_iso()))
        log.info("level of %s for employee %d set to %g", self.skill_id, self.employee_id,
                 self.level)
        self._notify(*self._shown_after())

    def undo(self) -> None:
        where, args = self._where()
        with self.ws.transaction():
            self.ws.conn.execute(f"DELETE FROM ratings WHERE {where}", args)
            if self._previous is not None:
                self.ws.conn.execute(
                    f"INSERT INTO ratings ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    self._previous)
        self._notify(self.shown_before, self.source_before)

    def _shown_after(self) -> tuple[float, int]:
        # A validated rating or completed training outranks a manager's edit.
        if self.source_before > SOURCE_RANK[MANUAL_SOURCE] and not math.isnan(self.shown_before):
            return self.shown_before, self.source_before
        return self.level, SOURCE_RANK[MANUAL_SOURCE]

    def _notify(self, level: float, rank: int) -> None:
        if self.on_change is not None:
            self.on_change(self.employee_id, self.skill_id, level, rank)


def level_now(ws: Workspace, employee_id: int, skill_id: str) -> float:
    """The merged current level (for checks; reads the whole matrix)."""
    matrix = current_levels(ws)
    return float(matrix.levels[matrix.row_of(employee_id), matrix.skill_ids.index(skill_id)])


class SetStatusCommand(QUndoCommand):
    """Set the status of plan items (planned / in progress / done), undoable.

    The core's ``set_status`` keeps training ratings in step (done raises the skill); undo
    puts back each item's previous status and status date, in one transaction.

    Args:
        on_change: called with the item ids after each redo/undo, to refresh what is shown.
    """

    def __init__(self, ws: Workspace, item_ids: list[int], status: str, *, label: str = "",
                 on_change: Callable[[list[int]], None] | None = None) -> None:
        from planner.planning import normalise_status

        self.status = normalise_status(status)
        super().__init__(label or f"Mark {len(item_ids)} plan items {self.status}")
        self.ws = ws
        self.item_ids = list(item_ids)
        self.on_change = on_change
        marks = ",".join("?" * len(self.item_ids))
        self._previous = {r[0]: (r[1], r[2]) for r in ws.conn.execute(
            f"SELECT id, status, status_date FROM plan_items WHERE id IN ({marks})",
            self.item_ids)}

    def redo(self) -> None:
        from planner.planning import set_status

        with self.ws.transaction():
            for item_id in self.item_ids:
                set_status(self.ws, item_id, self.status)
        log.info("plan items %s marked %s", self.item_ids, self.status)
        self._notify()

    def undo(self) -> None:
        from planner.planning import set_status

        with self.ws.transaction():
            for item_id, (status, when) in self._previous.items():
                set_status(self.ws, item_id, status)
                self.ws.conn.execute("UPDATE plan_items SET status_date = ? WHERE id = ?",
                                     (when, item_id))
        self._notify()

    def _notify(self) -> None:
        if self.on_change is not None:
            self.on_change(self.item_ids)


class MoveCommand(QUndoCommand):
    """A workshop move already done by the core (``move_member``), undoable and redoable.

    Undo puts the person back exactly as planned before; redo moves them again. When the
    plan was built again meanwhile (its sessions are gone), the refusal is shown and
    nothing changes.

    Args:
        on_change: called after each undo/redo, to refresh what is shown.
    """

    def __init__(self, ws: Workspace, move: Any, label: str,
                 on_change: Callable[[], None] | None = None) -> None:
        super().__init__(label)
        self.ws = ws
        self.move = move
        self.on_change = on_change
        self._done = True  # the first redo (from push) finds the move already made

    def redo(self) -> None:
        from planner.planning.cohort_moves import move_member

        if self._done:
            self._done = False
            return
        m = self.move
        self._write(lambda: move_member(self.ws, m.employee_id, m.from_cohort, m.to_cohort))

    def undo(self) -> None:
        from planner.planning.cohort_moves import undo_move

        self._write(lambda: undo_move(self.ws, self.move))

    def _write(self, write: Callable[[], Any]) -> None:
        from planner.errors import PlannerError
        from planner.ui.errors import show_error

        try:
            done = write()
        except PlannerError as exc:
            show_error(None, exc, title="Cannot change the workshop sessions")
            return
        if done is not None:
            self.move = done
        if self.on_change is not None:
            self.on_change()
