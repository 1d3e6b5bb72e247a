"""Help ▸ Run self-test shows the result in a dialog, off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from planner.ui.tasks import _running, wait


def test_help_menu_runs_the_self_test(window, qtbot):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.text() == "Run &self-test")
    action.trigger()
    tasks = [t for t in _running if t.title == "Running the self-test"]
    assert tasks, "the menu did not start the self-test"
    wait(tasks[0], timeout_ms=120_000)

    def result_box() -> QMessageBox | None:
        return next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox)
                and w.isVisible()
                and w.windowTitle().startswith("Self-test")
            ),
            None,
        )

    qtbot.waitUntil(lambda: result_box() is not None, timeout=5_000)
    box = result_box()
    assert box.windowTitle() == "Self-test passed", box.text()
    assert "allocated 6 of 6 places" in box.text()
    box.close()
