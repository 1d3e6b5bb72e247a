"""Help ▸ Run self-test: the installation check of ``--self-test``, off the GUI thread."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from planner.ui.errors import show_error, show_message
from planner.ui.tasks import Task, run_task


def start_self_test(parent: QWidget) -> Task:
    """Run the self-test in the background; a message box shows the result."""
    from planner.cli.selftest import SelfTestResult, run_self_test

    def done(result: SelfTestResult) -> None:
        if result.ok:
            show_message(
                parent, result.text(), title="Self-test passed", icon=QMessageBox.Icon.Information
            )
        else:
            show_message(parent, result.text(), title="Self-test failed")

    return run_task(
        run_self_test,
        title="Running the self-test",
        on_done=done,
        on_error=lambda exc: show_error(parent, exc, title="Self-test"),
        dialog_parent=parent,
        show_dialog=True,
    )
