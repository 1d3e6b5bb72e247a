"""Start the desktop app: ``run(path_or_None)`` (called by ``reskill-planner`` with no command).

With no path the last workspace opens again; on the very first run a demo workspace is
created in the user's data folder (in the background, with progress), so the app is
never empty.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import QApplication

from planner import __version__
from planner.ui import icons
from planner.ui.errors import data_dir, install_excepthook, show_error, show_message
from planner.ui.mainwindow import SPREADSHEET_SUFFIXES, MainWindow, create_demo
from planner.ui.settings import Settings
from planner.ui.tasks import Task, run_task

log = logging.getLogger("planner.ui")

ORGANISATION = "Reskill"  # data and settings live under Reskill/Reskill Planner
APPLICATION = "Reskill Planner"
DEMO_NAME = "demo.rplan"


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once with our names (QSettings and data paths use them)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icons.icon("app"))
    return app  # type: ignore[return-value]


def demo_path() -> Path:
    return data_dir() / DEMO_NAME


def start(window: MainWindow, path: str | Path | None) -> Task | None:
    """Open ``path``, else the last workspace, else the (created on demand) demo workspace.

    A ``path`` that cannot be opened is a dialog, and the app goes on with the last
    workspace (or the demo), so it never starts empty. A spreadsheet ``path`` opens the
    last workspace (or the demo) and then the import wizard on that file.

    Returns the background task when one was started (loading or creating the demo).
    """
    sheet = None
    if path is not None and Path(path).suffix.lower() in SPREADSHEET_SUFFIXES:
        sheet, path = Path(path), None

    def then() -> None:
        if sheet is not None and window.state.ws is not None:
            window.import_file(sheet)

    if path is not None and window.open_workspace(path):
        return None
    last = window.settings.last_workspace
    if last and Path(last).is_file() and window.open_workspace(last):
        then()
        return None
    demo = demo_path()
    if demo.is_file():
        window.open_workspace(demo)
        then()
        return None
    return create_demo_workspace(window, demo, then=then)


def create_demo_workspace(
    window: MainWindow, path: Path, then: Callable[[], None] | None = None
) -> Task:
    """Create the demo workspace in the background, open it when ready, then ``then()``."""
    window.statusBar().showMessage("Creating a demo workspace…")

    def done(note: str) -> None:
        window.statusBar().clearMessage()
        window.open_workspace(path)
        if note:
            show_message(window, note, title="Demo workspace")
        if then is not None:
            then()

    def failed(exc: BaseException) -> None:
        window.statusBar().clearMessage()
        show_error(window, exc, title="Could not create the demo workspace")

    return run_task(
        lambda progress: create_demo(path, progress),
        title="Creating the demo workspace",
        on_done=done,
        on_error=failed,
        dialog_parent=window,
        show_dialog=True,
    )


def run(workspace: str | None = None) -> int:
    """Run the app until the main window closes; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = application()
    install_excepthook()
    log.info(
        "data folder %s",
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation),
    )
    window = MainWindow(Settings())
    window.show()
    report_when_shown(window)
    start(window, workspace)
    from planner.workers.process import default_pool, shutdown_default_pool

    # A worker process for allocating, planning and charts, warm before the first need.
    QTimer.singleShot(300, default_pool().prewarm)
    try:
        return app.exec()
    finally:
        shutdown_default_pool()  # no worker outlives the app


def report_when_shown(window: MainWindow) -> None:
    """Log once when the first workspace's data is on screen (the startup benchmark waits
    for this line)."""
    started = time.perf_counter()
    reported: list[bool] = []

    def shown() -> None:
        if reported:
            return
        reported.append(True)
        window.repaint()  # the loaded data, painted now (a no-op when nothing changed)
        log.info(
            "startup: window shows %s with %d employees, %.2f s after the app started",
            window.state.name,
            len(window.state.data),
            time.perf_counter() - started,
        )

    def on_loaded() -> None:
        QTimer.singleShot(0, shown)  # once the pages have taken the data

    window.state.loaded.connect(on_loaded)
