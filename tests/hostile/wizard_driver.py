"""Drive the real import wizard offscreen on one file, as a user clicking Next would.

    python tests/hostile/wizard_driver.py WORKSPACE FILE

Prints one JSON line: {"outcome": "imported"|"refused"|"mapping"|"stuck", "message": ...,
"bugs": [...]} where "refused" means the wizard showed the user a plain message (an error
box, a refusal on the checks page or a failed import), "mapping" that the mapping page asks
the user to choose columns (with the reason), and "bugs" lists anything shown as a crash
report or logged with a traceback. Used by ``tests/benchmarks/bench_hostile.py`` (one process tree
per file, measured from outside) and by ``test_hostile_files.py`` in process.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _Bugs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.bugs: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            self.bugs.append(self.format(record))


def drive(workspace: Path, path: Path, *, timeout: float = 120.0) -> dict:
    """Walk the wizard on ``path``; the QApplication must exist."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool

    import planner.ui.errors as errors
    import planner.ui.wizard.import_wizard as wizard_module
    from planner.errors import PlannerError
    from planner.ui.wizard.import_wizard import ImportWizard

    shown: list[str] = []
    bugs = _Bugs()
    logging.getLogger().addHandler(bugs)

    def show_error(_parent, exc, **_kw):
        if isinstance(exc, PlannerError):
            shown.append(str(exc))
        else:
            bugs.bugs.append(f"crash dialog: {type(exc).__name__}: {exc}")

    def show_crash(_parent, exc_type, exc, _tb):
        bugs.bugs.append(f"crash dialog: {exc_type.__name__}: {exc}")

    saved = (wizard_module.show_error, errors.show_crash)
    wizard_module.show_error, errors.show_crash = show_error, show_crash
    old_hook = sys.excepthook
    sys.excepthook = lambda t, e, tb: bugs.bugs.append(f"uncaught {t.__name__}: {e}")
    wizard = ImportWizard(workspace)
    started = time.monotonic()

    def spin(until, limit: float = timeout) -> bool:
        while not until():
            if time.monotonic() - started > limit:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            QThreadPool.globalInstance().waitForDone(10)
        return True

    def task_done(page) -> bool:
        return page.task is None or page.task.done

    outcome, message = "stuck", ""
    try:
        wizard.show()
        wizard.start_with(path)
        # file page: read (and, for one sheet, find the table)
        spin(
            lambda: (
                (wizard.currentPage() is not wizard.file_page)
                or shown
                or (
                    task_done(wizard.file_page)
                    and wizard.file_page.status.text()
                    and not wizard.file_page.status.text().startswith(("Reading", "Looking"))
                )
            )
        )
        if wizard.currentPage() is wizard.file_page:
            outcome = "refused"
            message = shown[-1] if shown else wizard.file_page.status.text()
            return _result(outcome, message, bugs, wizard)
        if wizard.currentPage() is wizard.sheet_page:
            wizard.next()
            spin(
                lambda: (
                    wizard.currentPage() is not wizard.sheet_page
                    or shown
                    or (task_done(wizard.sheet_page) and wizard.sheet_page.status.text() != "")
                )
            )
            if wizard.currentPage() is wizard.sheet_page:
                message = shown[-1] if shown else wizard.sheet_page.status.text()
                return _result("refused", message, bugs, wizard)
        if wizard.currentPage() is wizard.mapping_page:
            if not wizard.mapping_page.isComplete():  # the user is asked to map columns
                return _result("mapping", wizard.mapping_page.reason.text(), bugs, wizard)
            wizard.next()
        if wizard.currentPage() is wizard.levels_page:
            if not wizard.levels_page.isComplete():
                return _result("refused", shown[-1] if shown else "", bugs, wizard)
            wizard.next()
        if wizard.currentPage() is not wizard.check_page:
            return _result("stuck", f"on page {wizard.currentId()}", bugs, wizard)
        spin(lambda: task_done(wizard.check_page))
        if not wizard.check_page.isComplete():
            message = shown[-1] if shown else wizard.check_page.summary.text()
            return _result("refused", message, bugs, wizard)
        wizard.next()
        page = wizard.import_page
        spin(lambda: page.task is not None and page.task.done)
        if page.outcome == "imported":
            return _result("imported", page.status.text(), bugs, wizard)
        return _result(
            "refused" if page.outcome == "failed" else page.outcome or "stuck",
            page.status.text(),
            bugs,
            wizard,
        )
    finally:
        wizard_module.show_error, errors.show_crash = saved
        sys.excepthook = old_hook
        logging.getLogger().removeHandler(bugs)
        for page in (wizard.file_page, wizard.sheet_page, wizard.check_page, wizard.import_page):
            if page.task is not None and not page.task.done:
                page.task.cancel()
        spin(
            lambda: all(
                task_done(p)
                for p in (
                    wizard.file_page,
                    wizard.sheet_page,
                    wizard.check_page,
                    wizard.import_page,
                )
            ),
            limit=time.monotonic() - started + 30,
        )
        wizard.reject()
        wizard.deleteLater()


def _result(outcome: str, message: str, bugs: _Bugs, wizard) -> dict:
    return {"outcome": outcome, "message": message, "bugs": list(bugs.bugs)}


def main(argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication

    logging.basicConfig(level=logging.WARNING)
    app = QApplication.instance() or QApplication([])
    result = drive(Path(argv[0]), Path(argv[1]))
    print(json.dumps(result), flush=True)
    del app
    return 0


if __name__ == "__main__":
    if not os.environ.get("PYTHONPATH"):  # another checkout's code may be asked for
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    code = main(sys.argv[1:])
    os._exit(code)
