"""Starting the app on a file that is not a workspace: a dialog, then a usable window."""

from __future__ import annotations

from ui_helpers import dialogs


def test_bad_file_on_the_command_line_falls_back_to_the_last_workspace(qtbot, settings,
                                                                       ws_path, tmp_path):
    from planner.ui.app import start
    from planner.ui.mainwindow import MainWindow

    bad = tmp_path / "notes.rplan"
    bad.write_text("these are my notes, not a workspace")
    settings.last_workspace = str(ws_path)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        start(win, bad)
    assert any("not a Reskill Planner workspace" in d.text() for d in dialogs())
    assert win.state.path == ws_path
    assert len(win.state.data) == 60


def test_dashboard_without_a_workspace_says_what_to_do(qtbot, settings):
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("dashboard")
    assert "No workspace is open" in page.next_text.text()
    shown = {k for k, b in page.next_buttons.items() if b.isVisible()}
    assert shown == {"new", "open", "import"}
    assert not page.charts.isVisible()


def test_opening_a_workspace_draws_the_dashboard_once(qtbot, settings, ws_path):
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    page = win.show_page("dashboard")
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        assert win.open_workspace(ws_path)
    # opened, loaded and changed all refresh the page; the chart is drawn once
    qtbot.waitUntil(lambda: page.hours_canvas.draw_count > 0, timeout=30_000)
    qtbot.wait(50)
    assert page.hours_canvas.draw_count == 1
    assert page.kpis["employees"].value.text() == "60"


def test_spreadsheet_on_the_command_line_opens_the_wizard_on_it(qtbot, settings, ws_path,
                                                                 tmp_path):
    from PySide6.QtWidgets import QApplication
    from ui_helpers import write_sheet

    from planner.ui.app import start
    from planner.ui.mainwindow import MainWindow
    from planner.ui.wizard.import_wizard import ImportWizard

    sheet = write_sheet(tmp_path / "new_skills.csv", n=5)
    settings.last_workspace = str(ws_path)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        start(win, sheet)
    assert win.state.path == ws_path            # the workspace the import goes into
    wizards = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportWizard)]
    assert len(wizards) == 1
    wizard = wizards[0]
    qtbot.waitUntil(lambda: wizard.currentPage() in (wizard.sheet_page, wizard.mapping_page),
                    timeout=30_000)
    wizard.close()
