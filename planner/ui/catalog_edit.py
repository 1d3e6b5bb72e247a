"""Undoable edits of the workspace's catalog (roles, requirements, modules, currency).

An edit is written at once, in one transaction (``planner.catalog.saving.edit_catalog``);
the command pushed on the window's undo stack then holds the catalog before and after it,
so undo and redo write one of the two back exactly. After each write the scores are stale
and are recomputed in the background.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.catalog.model import Catalog
from planner.catalog.saving import edit_catalog, restore_catalog
from planner.errors import PlannerError
from planner.ui.state import WorkspaceState

log = logging.getLogger("planner.ui")


class CatalogCommand(QUndoCommand):
    """One catalog edit already written; redo writes ``after``, undo writes ``before``."""

    def __init__(self, state: WorkspaceState, label: str, before: Catalog, after: Catalog) -> None:
        super().__init__(label)
        self.state = state
        self.before, self.after = before, after
        self._written = True  # the first redo (from push) finds the edit already written

    def redo(self) -> None:
        if self._written:
            self._written = False
        else:
            self._write(self.after)
        self._changed()

    def undo(self) -> None:
        self._write(self.before)
        self._changed()

    def _write(self, catalog: Catalog) -> None:
        if self.state.ws is None:
            return
        try:
            restore_catalog(self.state.ws, catalog)
        except PlannerError as exc:  # e.g. a scenario now uses a role the undo would remove
            from planner.ui.errors import show_error

            show_error(None, exc)

    def _changed(self) -> None:
        self.state.edited()
        self.state.request_scores()


def apply_edit(
    state: WorkspaceState,
    stack: QUndoStack | None,
    label: str,
    change: Callable[[Catalog], Catalog],
) -> str | None:
    """Write ``change`` and push it for undo; returns the refusal message, or None if done."""
    ws = state.ws
    if ws is None:
        return "No workspace is open."
    try:
        before = edit_catalog(ws, change)
    except PlannerError as exc:
        return str(exc)
    command = CatalogCommand(state, label, before, ws.catalog())
    if stack is not None:
        stack.push(command)
    else:
        command.redo()
    log.info("catalog edit: %s", label)
    return None
