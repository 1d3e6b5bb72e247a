"""Errors shown to the user: known errors in plain words, bugs as a copyable crash report.

Dialogs are opened non-modally (``open()``), so nothing blocks the event loop and tests can
find them among the top-level widgets.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QStandardPaths, Qt, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.errors import Cancelled, PlannerError

log = logging.getLogger("planner.ui")


def data_dir() -> Path:
    """The app's data folder (created on demand)."""
    path = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    path.mkdir(parents=True, exist_ok=True)
    return path


def crash_log_path() -> Path:
    return data_dir() / "crash.log"


def _details(exc: BaseException) -> str:
    return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).strip()


def sentence(text: str) -> str:
    """A core message as a sentence on screen: the command line prints it after
    "error: ", so it may start in lower case ("there is no training plan yet: ...");
    a file name at the start ("data.xlsx: ...") is left as it is."""
    first = text.split(" ", 1)[0].rstrip(",:")
    if first.isalpha() and first.islower():
        return text[:1].upper() + text[1:]
    return text


def show_error(
    parent: QWidget | None, exc: BaseException, *, title: str = "Reskill Planner"
) -> QMessageBox | None:
    """Tell the user what went wrong. Known errors in plain words, others as a crash report.

    Returns the (non-modal, already open) message box, or None for a cancel.
    """
    if isinstance(exc, Cancelled):
        return None
    if not isinstance(exc, PlannerError):
        show_crash(parent, type(exc), exc, exc.__traceback__)
        return None
    return show_message(parent, str(exc), details=f"{type(exc).__name__}: {exc}", title=title)


def show_message(
    parent: QWidget | None,
    text: str,
    *,
    details: str = "",
    title: str = "Reskill Planner",
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
) -> QMessageBox:
    """A non-modal message box with optional "Show Details…" text."""
    box = QMessageBox(icon, title, sentence(text), QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorDialog")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class CrashDialog(QDialog):
    """'Something went wrong' with the full report, selectable and copyable."""

    def __init__(self, report: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Reskill Planner: unexpected error")
        self.report = report
        layout = QVBoxLayout(self)
        where = f" It was also saved to {log_file}." if log_file else ""
        intro = QLabel(
            "Something unexpected went wrong. Your workspace is safe: every change "
            "is saved in a transaction, so nothing half-done was kept. You can go "
            f"on working; please send the report below to your IT contact.{where}"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        text = QPlainTextEdit(report)
        text.setReadOnly(True)
        text.setMinimumSize(560, 220)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy report", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.report))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def crash_report(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    stack = "".join(traceback.format_exception(exc_type, exc, tb)).strip()
    return (
        f"Reskill Planner {__version__}, Python {platform.python_version()}, "
        f"{platform.platform()}\n{datetime.now(UTC).isoformat(timespec='seconds')}\n\n"
        f"{stack}\n"
    )


def show_crash(
    parent: QWidget | None,
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
) -> CrashDialog | None:
    """Log an unexpected exception to the crash log and show the crash dialog."""
    report = crash_report(exc_type, exc, tb)
    log.error("unexpected error\n%s", report)
    log_file: Path | None = None
    try:
        log_file = crash_log_path()
        with log_file.open("a", encoding="utf-8") as fh:
            fh.write(report + "\n" + "-" * 72 + "\n")
    except OSError:
        log_file = None
    if QApplication.instance() is None:
        return None
    dialog = CrashDialog(report, log_file, parent or QApplication.activeWindow())
    dialog.open()
    return dialog


def install_excepthook() -> None:
    """Route uncaught exceptions to the crash dialog; the app keeps running."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if isinstance(exc, PlannerError):
            show_error(QApplication.activeWindow(), exc)
            return
        show_crash(None, exc_type, exc, tb)

    sys.excepthook = hook


class FailureLine(QLabel):
    """A red status-bar line for the latest background failure; a click hides it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("backgroundFailure")
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.hide()

    @Slot(str, object)
    def show_failure(self, title: str, exc: BaseException) -> None:
        what = str(exc) if isinstance(exc, PlannerError) else "an unexpected error"
        self.setText(f"⚠ {title or 'A background task'} failed: {what}")
        self.setToolTip(f"{type(exc).__name__}: {exc}")
        self.show()
        if not isinstance(exc, PlannerError):
            show_crash(self.window_, type(exc), exc, exc.__traceback__)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()
        super().mousePressEvent(event)


def show_background_failures(window: QMainWindow) -> FailureLine:
    """Show every background failure in ``window``: a red status-bar line that stays until
    the next one or a click, and for a bug also the crash dialog."""
    from planner.ui.tasks import failures

    line = FailureLine(window)
    window.statusBar().addWidget(line, 1)
    failures().reported.connect(line.show_failure)  # disconnected when the window goes
    return line


__all__ = [
    "CrashDialog",
    "FailureLine",
    "crash_log_path",
    "crash_report",
    "data_dir",
    "install_excepthook",
    "show_background_failures",
    "show_crash",
    "show_error",
    "show_message",
]


def damaged_text(exc: BaseException, path: Path) -> str:
    """A damaged workspace's message, with the backups kept next to it (no commands)."""
    from planner.store.backups import list_backups

    backups = list_backups(path)
    if not backups:
        return f"{exc}\n\nNo backup of it was found in {path.parent}."
    newest = backups[0]
    when = newest.created.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{exc}\n\n{len(backups)} backup{'s' if len(backups) > 1 else ''} of it "
        f"{'are' if len(backups) > 1 else 'is'} in {path.parent}; the newest is "
        f"{newest.path.name} ({when}). Copy it to a name ending in .rplan and open that copy."
    )
