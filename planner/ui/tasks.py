"""The one background-work helper: run a core function on the thread pool.

``run_task(fn, ...)`` calls ``fn(progress)`` on :class:`QThreadPool` with a
:class:`planner.progress.Progress` whose reports reach the GUI thread as signals; the
result or the exception comes back on the GUI thread too. Workers get plain data (paths,
copies), never widgets; a worker that writes opens its own Workspace by path.

``run_in_worker("module:function", ...)`` runs heavy work (allocating, planning, drawing
charts) in a worker process instead (``planner.workers``): a thread of this process only
waits for it, so the GUI thread never queues behind it for the interpreter lock.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from planner.errors import Cancelled, PlannerError
from planner.progress import Progress

log = logging.getLogger("planner.ui.tasks")

# Progress signals are throttled: a core loop may report thousands of steps per second.
_MIN_INTERVAL = 0.05


class Task(QObject):
    """A running background call. Lives on the GUI thread; its public signals are emitted
    there (the worker emits private signals that Qt queues to this object's slots)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()
    _worker_progress = Signal(int, int, str)
    _worker_result = Signal(object)
    _worker_error = Signal(object)

    def __init__(
        self, fn: Callable[[Progress], Any], title: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.progress = Progress(self._report)
        self.result: Any = None
        self.error: BaseException | None = None
        self.done = False
        self.handled = False  # an on_error handler deals with failures
        self._fn = fn
        self._last = 0.0
        self._worker_progress.connect(self._on_progress)
        self._worker_result.connect(self._on_succeeded)
        self._worker_error.connect(self._on_failed)

    def cancel(self) -> None:
        self.progress.cancel()

    def _report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= _MIN_INTERVAL or done >= total:
            self._last = now
            try:
                self._worker_progress.emit(done, total, message)
            except RuntimeError:  # deleted while quitting: stop the work
                self.progress.cancel()

    def _run(self) -> None:  # on the worker thread
        try:
            try:
                result = self._fn(self.progress)
            except BaseException as exc:  # handed to the GUI thread, which decides
                self._worker_error.emit(exc)
            else:
                self._worker_result.emit(result)
        except RuntimeError:
            # The app is quitting and this Task was deleted: nobody waits for the result.
            log.debug("task %r finished after the app closed", self.title)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self.result, self.done = result, True
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.error, self.done = exc, True
        if self.handled:
            if not isinstance(exc, Cancelled | PlannerError):
                log.error("background task %r failed", self.title, exc_info=exc)
        else:  # nobody handles it: the window shows it, never only a log
            report_failure(self.title, exc)
        self.failed.emit(exc)
        self.finished.emit()


class FailureHub(QObject):
    """Where background failures go to be shown (the main window listens).

    ``reported(title, exc)`` is emitted on the GUI thread for every task that failed
    without an ``on_error`` handler, and by handlers that call :func:`report_failure`.
    """

    reported = Signal(str, object)


_hub: FailureHub | None = None


def failures() -> FailureHub:
    """The app's one FailureHub (created on first use, on the GUI thread)."""
    global _hub
    if _hub is None:
        _hub = FailureHub()
    return _hub


def report_failure(title: str, exc: BaseException) -> None:
    """Show a background failure to the user (see ``errors.show_background_failures``)."""
    if isinstance(exc, Cancelled):
        return
    if not isinstance(exc, PlannerError):
        log.error("background task %r failed", title, exc_info=exc)
    else:
        log.warning("background task %r failed: %s", title, exc)
    failures().reported.emit(title, exc)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task._run()


_running: set[Task] = set()  # keeps tasks alive until they report back


def run_task(
    fn: Callable[[Progress], Any],
    *,
    title: str = "",
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    dialog_parent: QWidget | None = None,
    show_dialog: bool = False,
    pool: QThreadPool | None = None,
) -> Task:
    """Run ``fn(progress)`` in the background; call ``on_done(result)`` or
    ``on_error(exc)`` on the GUI thread.

    Args:
        show_dialog: show a QProgressDialog (after a short delay) with a Cancel button.
    """
    task = Task(fn, title)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
        task.handled = True
    if show_dialog:
        _attach_dialog(task, dialog_parent)
    _running.add(task)
    task.finished.connect(lambda: _running.discard(task))
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
    return task


_waiting: QThreadPool | None = None


def waiting_pool() -> QThreadPool:
    """Threads that only wait for worker processes (they cost no CPU: more than cores)."""
    global _waiting
    if _waiting is None:
        _waiting = QThreadPool()
        _waiting.setObjectName("waitingForWorkers")
        _waiting.setMaxThreadCount(8)
    return _waiting


def call_in_worker(ref: str, *args: Any, progress: Progress, **kwargs: Any) -> Any:
    """``ref(*args, progress=progress, **kwargs)`` in a worker process (blocking; call it
    from a background thread). When no worker process can be started, runs it here."""
    from planner.workers.child import resolve
    from planner.workers.process import default_pool

    try:
        pool = default_pool()
        return pool.call(ref, *args, progress=progress, **kwargs)
    except OSError:
        log.warning("no worker process: %s runs in the app's process", ref, exc_info=True)
    return resolve(ref)(*args, progress=progress, **kwargs)


def run_in_worker(
    ref: str,
    *args: Any,
    title: str = "",
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    dialog_parent: QWidget | None = None,
    show_dialog: bool = False,
    **kwargs: Any,
) -> Task:
    """Like :func:`run_task`, for ``ref(*args, progress=…, **kwargs)`` run in a worker
    process; ``ref`` is ``"package.module:function"`` and the arguments must pickle."""
    return run_task(
        lambda p: call_in_worker(ref, *args, progress=p, **kwargs),
        title=title,
        on_done=on_done,
        on_error=on_error,
        dialog_parent=dialog_parent,
        show_dialog=show_dialog,
        pool=waiting_pool(),
    )


def _attach_dialog(task: Task, parent: QWidget | None) -> QProgressDialog:
    dialog = QProgressDialog(task.title or "Working…", "Cancel", 0, 0, parent)
    dialog.setObjectName("taskProgress")
    dialog.setWindowTitle(task.title or "Reskill Planner")
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(420)
    dialog.canceled.connect(task.cancel)

    def on_progress(done: int, total: int, message: str) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if message:
            dialog.setLabelText(f"{task.title}\n{message}" if task.title else message)

    task.progressed.connect(on_progress)
    task.finished.connect(dialog.close)
    task.finished.connect(dialog.deleteLater)
    # Short jobs finish before anyone could read the dialog: show it only after 300 ms.
    dialog.hide()
    QTimer.singleShot(300, dialog, lambda: None if task.done else dialog.show())
    return dialog


def wait(task: Task, timeout_ms: int = 30_000) -> None:
    """Process events until ``task`` reported back (for scripts and tests)."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    deadline = QDeadlineTimer(timeout_ms)
    while not task.done:
        if deadline.hasExpired():
            raise TimeoutError(f"task {task.title!r} did not finish in {timeout_ms} ms")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QThreadPool.globalInstance().waitForDone(20)


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Wait for the background threads, those waiting for worker processes included."""
    done = QThreadPool.globalInstance().waitForDone(timeout_ms)
    return waiting_pool().waitForDone(timeout_ms) and done
