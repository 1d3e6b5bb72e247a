"""The main window: opening workspaces, pages, first run, errors in dialogs, drops."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from ui_helpers import dialogs

from planner.ui import icons


def test_window_opens_workspace_and_shows_counts(window, ws_path):
    assert window.state.path == ws_path
    assert len(window.state.data) == 60
    assert "team.rplan" in window.status.text()
    assert "60 employees" in window.status.text()
    assert window.employees_page.model.rowCount() == 60
    assert window.windowTitle().startswith("team")


def test_pages_switch(window, qtbot):
    keys = [p.key for p in window.pages]
    assert keys == [
        "dashboard",
        "employees",
        "roles",
        "matching",
        "allocation",
        "plans",
        "workshops",
    ]
    for i, page in enumerate(window.pages):
        window.sidebar.setCurrentRow(i)
        assert window.stack.currentWidget() is page
        assert page.isVisible()
    # Ctrl+F goes to the employees page and focuses the search box
    window.find()
    assert window.current_page().key == "employees"
    roles = window.show_page("roles")
    assert roles.roles.topLevelItemCount() == window.state.ws.counts()["roles"]
    assert roles.requirements.rowCount() > 0


def test_every_page_explains_itself(window):
    """No empty panel without a hint; the decision pages say what to do, never "coming next"
    or command-line syntax."""
    for page in window.pages[3:]:
        window.show_page(page.key)
        texts = " ".join(label.text() for label in page.findChildren(type(page.hint)))
        assert page.hint.text()
        assert "Coming next" not in texts and "reskill-planner" not in texts, page.key


def test_dashboard_shows_counts_and_draws_chart(window, qtbot):
    page = window.show_page("dashboard")
    assert page.kpis["employees"].value.text() == "60"
    assert "people.csv" in page.last_import.text()
    qtbot.waitUntil(lambda: page.readiness_canvas.draw_count > 0, timeout=30_000)


def test_recent_files_and_last_workspace_are_remembered(window, settings, ws_path):
    assert settings.last_workspace == str(ws_path)
    assert settings.recent_files()[0] == str(ws_path)


def test_start_opens_remembered_workspace(qtbot, settings, ws_path):
    from planner.ui.app import start
    from planner.ui.mainwindow import MainWindow

    settings.last_workspace = str(ws_path)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        start(win, None)
    assert win.state.path == ws_path


def test_first_run_creates_demo_workspace(qtbot, settings):
    from planner.demo import demo_file
    from planner.ui import app
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    task = app.start(win, None)
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=120_000)
    assert task.error is None
    qtbot.waitUntil(lambda: not win.state.loading, timeout=60_000)
    assert win.state.path == app.demo_path()
    assert app.demo_path().is_file()
    if demo_file().is_file():
        assert len(win.state.data) > 0
    else:  # the demo workbook is not installed: a friendly note, an empty workspace
        assert any("not included" in d.text() for d in dialogs())
        assert len(win.state.data) == 0


def test_non_workspace_file_shows_dialog_and_keeps_current(window, tmp_path):
    bad = tmp_path / "notes.rplan"
    bad.write_text("these are my notes, not a workspace")
    assert window.open_workspace(bad) is False
    shown = dialogs()
    assert shown and "not a Reskill Planner workspace" in shown[0].text()
    assert window.state.path.name == "team.rplan"
    assert window.state.ws.counts()["employees"] == 60


def test_missing_recent_file_is_dropped_from_the_list(window, settings, tmp_path):
    gone = tmp_path / "gone.rplan"
    settings.add_recent(str(gone))
    assert window.open_workspace(gone) is False
    assert str(gone) not in settings.recent_files()
    assert dialogs()


def test_dropping_a_spreadsheet_opens_the_wizard(window, qtbot, tmp_path):
    from ui_helpers import write_sheet

    sheet = write_sheet(tmp_path / "dropped.csv", n=5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    wizards = [w for w in QApplication.topLevelWidgets() if w.objectName() == "importWizard"]
    assert wizards
    wizard = wizards[0]
    assert wizard.file_page.path.text() == str(sheet)
    qtbot.waitUntil(
        lambda: wizard.currentPage() in (wizard.sheet_page, wizard.mapping_page), timeout=20_000
    )
    wizard.reject()


def test_export_template_runs_in_background(window, qtbot, tmp_path):
    dialog = window.export()
    dialog.kind.setCurrentIndex(dialog.kind.findData("template"))
    out = tmp_path / "template.xlsx"
    dialog.path.setText(str(out))
    task = dialog.start()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert task.error is None
    assert out.is_file() and out.stat().st_size > 0


def test_unexpected_error_shows_crash_dialog_and_log(qtbot, monkeypatch):
    from planner.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    crash = dialogs("crashDialog")
    assert crash and "boom in a slot" in crash[0].report
    assert "boom in a slot" in errors.crash_log_path().read_text()
    crash[0].close()


def test_known_error_is_plain_words_with_details(qtbot):
    from planner.errors import InputRejected
    from planner.ui.errors import show_error

    box = show_error(
        None, InputRejected("the level 'great' is not understood", file="a.xlsx", cell="D4")
    )
    assert box is not None and box.isVisible()
    assert "cell D4" in box.text() and "Traceback" not in box.text()
    assert "InputRejected" in box.detailedText()
    box.close()


def test_icons_by_name():
    assert not icons.icon("app").isNull()
    assert Path(icons.icon_path("app")).is_file()
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")


def test_qt_binding_keeps_references_to_none():
    """PySide6 6.12.0 on Python < 3.12 loses a reference to None per void call and aborts
    the app after a few thousand calls; pyproject pins a binding without the defect."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(1_000):
        probe.setObjectName("probe")
    assert before - sys.getrefcount(None) < 10


def test_window_geometry_is_saved_on_close(qtbot, settings, ws_path):
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(800, 555)
    win.show()
    win.close()
    assert not settings.get("window/geometry").isEmpty()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert again.size().height() == 555


def test_a_damaged_workspace_is_a_plain_message_naming_its_backups(window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    source = window.state.ws.path
    folder = tmp_path / "cut"
    folder.mkdir()
    cut = folder / "cut.rplan"
    cut.write_bytes(source.read_bytes()[:5000])
    before = window.state.ws

    def message() -> str:
        assert not window.open_workspace(cut)
        assert window.state.ws is before  # the open workspace stays
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "errorDialog" and w.isVisible()
        )
        text = box.text()
        box.close()
        assert "is damaged" in text
        assert "malformed" not in text and "reskill-planner" not in text
        return text

    assert "No backup of it was found" in message()
    backup = folder / "cut.before-import-20261202-101010-000001.rplan.bak"
    backup.write_bytes(b"")
    assert f"the newest is {backup.name} (2026-12-02 10:10 UTC)" in message()
