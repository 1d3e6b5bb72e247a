"""The open workspace as the GUI sees it: connection, employee columns, cached scores.

One object shared by the pages. Heavy reads (levels, scores) run on the thread pool with
their own connection; the GUI thread's connection serves small reads and single edits.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from planner.progress import Progress
from planner.store.workspace import Workspace
from planner.ui.models.employees_model import EmployeeData, load_employee_data
from planner.ui.tasks import Task, call_in_worker, report_failure, run_task, waiting_pool

log = logging.getLogger("planner.ui")


def _load(path: Path, progress: Progress) -> tuple[EmployeeData, dict[str, int]]:
    # On a thread of this process: the first window must not wait for a worker to start.
    # The counts come along (the status bar's; counting ratings at 50,000 people would
    # cost the GUI thread ~30 ms).
    progress.step(0, 1, "reading employees and levels")
    with Workspace.open(path) as ws:
        return load_employee_data(ws), ws.counts()


def _score(path: Path, progress: Progress) -> Any:
    # In a worker process: scoring here would hold the interpreter lock the GUI needs.
    return call_in_worker("planner.workers.jobs:score", path, progress=progress)


class WorkspaceState(QObject):
    """The current workspace and what was derived from it, per revision."""

    opened = Signal()            # a (different) workspace is open; data may still load
    loaded = Signal()            # employee data of the current revision is ready
    scored = Signal()            # scores of the current revision are ready
    changed = Signal()           # counts or catalog changed (after an edit or import)
    planned = Signal(object)     # a plan was built or edited; the argument is who did it
    scenarios_changed = Signal()  # a scenario was saved, renamed or deleted (Allocation page)
    outside_change = Signal()    # another program (the command line) changed the workspace

    #: How often the workspace file is checked for changes by other programs (ms).
    POLL_MS = 1500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws: Workspace | None = None
        self.data = EmployeeData.empty()
        self.revision = 0
        self.scores: Any = None           # planner.matching.ScoredWorkspace
        self._scores_revision = -1
        self._score_task: Task | None = None
        self.loading = False
        self._counts: dict[str, int] = {}
        self._counts_revision = -1
        self._data_version = -1
        self._own_writes: set[Task] = set()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self.check_outside_changes)
        self._poll.start()

    def counts(self) -> dict[str, int]:
        """``ws.counts()`` once per revision (the status bar and the dashboard share it;
        counting rated skills reads every rating block)."""
        if self.ws is None:
            return {}
        if self._counts_revision != self.revision:
            self._counts, self._counts_revision = self.ws.counts(), self.revision
        return self._counts

    @property
    def current_scores(self) -> Any:
        """The scores of the current revision, or None while they are (re)computed."""
        return self.scores if self._scores_revision == self.revision else None

    @property
    def path(self) -> Path | None:
        return self.ws.path if self.ws is not None else None

    @property
    def name(self) -> str:
        return self.ws.path.stem if self.ws is not None else ""

    def set_workspace(self, ws: Workspace, data: EmployeeData | None = None) -> Task | None:
        """Switch to ``ws`` (closing the previous one); loads its data in the background."""
        if self.ws is not None and self.ws is not ws:
            self.ws.close()
        self.ws = ws
        self.data = data if data is not None else EmployeeData.empty()
        self.scores, self._scores_revision = None, -1
        self.revision += 1
        self._data_version = self._read_data_version()
        self.opened.emit()
        if data is not None:
            self.loaded.emit()
            return None
        return self.reload()

    def reload(self) -> Task | None:
        """Read employees and levels again (after an import)."""
        if self.ws is None:
            return None
        self.revision += 1
        revision, path = self.revision, self.ws.path
        self.loading = True
        self._data_version = self._read_data_version()   # what this load will see

        def done(loaded: tuple[EmployeeData, dict[str, int]]) -> None:
            if revision == self.revision and self.path == path:
                self.loading = False
                self.data, self._counts = loaded
                self._counts_revision = revision
                self.loaded.emit()
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            self.loading = False
            from planner.ui.errors import show_error
            show_error(None, exc)

        return run_task(lambda p: _load(path, p), title="Loading employees", on_done=done,
                        on_error=failed)

    def edited(self) -> None:
        """A single level changed: scores are stale, the columns are already updated."""
        self.revision += 1
        self.changed.emit()

    def request_scores(self) -> None:
        """Score everyone for every role once per revision (in the background)."""
        if self.ws is None or self._scores_revision == self.revision:
            return
        if self._score_task is not None and not self._score_task.done:
            return
        revision, path = self.revision, self.ws.path

        def done(result: Any) -> None:
            self._score_task = None
            if revision == self.revision and self.path == path:
                self.scores, self._scores_revision = result, revision
                self.scored.emit()
            else:
                self.request_scores()

        def failed(exc: BaseException) -> None:
            self._score_task = None
            report_failure("Scoring", exc)     # shown in the window, not only logged

        self._score_task = run_task(lambda p: _score(path, p), title="Scoring", on_done=done,
                                    on_error=failed, pool=waiting_pool())

    # -- always current -------------------------------------------------------------------

    def refresh(self) -> Task | None:
        """Read everything again (View ▸ Refresh, F5, or after an outside change)."""
        if self.ws is None:
            return None
        self._counts_revision = -1
        self.scores, self._scores_revision = None, -1
        self._data_version = self._read_data_version()
        return self.reload()

    def plans_changed(self, source: object = None) -> None:
        """A plan was built or its statuses or cohorts were edited by ``source`` (a page,
        which then need not reload itself)."""
        self._data_version = self._read_data_version()
        self.planned.emit(source)

    def own_write(self, task: Task) -> None:
        """``task`` writes to the workspace from a worker thread: not an outside change."""
        self._own_writes.add(task)

        def finished() -> None:
            self._own_writes.discard(task)
            self._data_version = self._read_data_version()

        task.finished.connect(finished)

    def _read_data_version(self) -> int:
        if self.ws is None:
            return -1
        try:
            return int(self.ws.conn.execute("PRAGMA data_version").fetchone()[0])
        except Exception:  # a closed or broken connection: nothing to compare
            return -1

    def check_outside_changes(self) -> bool:
        """Reload when another connection committed to the workspace since we last looked.

        ``PRAGMA data_version`` on our own connection changes exactly when another
        connection commits; writes of our own background tasks are registered with
        :meth:`own_write` and do not count. Returns True when a reload started.
        """
        version = self._read_data_version()
        if version < 0 or version == self._data_version:
            return False
        if self._own_writes:
            self._data_version = version
            return False
        if self.loading:
            return False            # look again when the current load is done
        log.info("the workspace was changed by another program: reloading")
        self._data_version = version
        self.outside_change.emit()
        self.refresh()
        return True

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None
