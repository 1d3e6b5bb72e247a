"""Background failures are shown in the window (not only logged); backups restore from
File ▸ Restore backup…."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel
from ui_helpers import dialogs

from planner.errors import WorkspaceError
from planner.importing import import_file
from planner.store.backups import list_backups
from planner.ui import state as ui_state
from planner.ui.tasks import run_task, wait


def _failure_label(window) -> QLabel:
    return window.findChild(QLabel, "backgroundFailure")


def test_a_failed_background_task_without_a_handler_is_shown(window, qtbot):
    def broken(_progress):
        raise WorkspaceError("could not save changes to team.rplan: disk I/O error")

    task = run_task(broken, title="Refreshing")
    wait(task)
    label = _failure_label(window)
    qtbot.waitUntil(label.isVisible, timeout=5_000)
    assert "Refreshing failed" in label.text() and "disk I/O error" in label.text()


def test_a_bug_in_the_background_opens_the_crash_dialog(window, qtbot):
    def buggy(_progress):
        raise KeyError("oops")

    wait(run_task(buggy, title="Refreshing"))
    qtbot.waitUntil(lambda: bool(dialogs("crashDialog")), timeout=5_000)
    assert _failure_label(window).isVisible()


def test_scoring_that_fails_is_shown_not_only_logged(window, qtbot, monkeypatch):
    def fail(_path, _progress):
        raise WorkspaceError("the workspace is damaged: disk I/O error")

    monkeypatch.setattr(ui_state, "_score", fail)
    window.state.edited()  # scores are stale
    window.state.request_scores()
    label = _failure_label(window)
    qtbot.waitUntil(label.isVisible, timeout=10_000)
    assert "Scoring failed" in label.text()


def test_restore_backup_from_the_file_menu(window, qtbot, tmp_path):
    ws = window.state.ws
    sheet = tmp_path / "more.csv"
    sheet.write_text("employee_id,name,Python\nNEW1,New Person,3\n")
    import_file(ws, sheet)  # writes a backup first (the workspace has people)
    assert ws.counts()["employees"] == 61 and len(list_backups(ws.path)) == 1
    window.set_workspace(ws)
    dialog = window.restore_backup()
    assert dialog is not None and dialog.list.count() == 1
    with qtbot.waitSignal(window.state.loaded, timeout=60_000):  # generous: a busy CI
        dialog.restore_button.click()
    assert ws.counts()["employees"] == 60
    assert len(window.state.data) == 60
    reasons = [b.reason for b in list_backups(ws.path)]
    assert reasons[0] == "before-restore"
    assert "Restored" in window.statusBar().currentMessage()
    QApplication.processEvents()


def test_restore_backup_says_when_there_is_none(window):
    dialog = window.restore_backup()
    assert dialog.list.count() == 0
    assert not dialog.restore_button.isEnabled()
    dialog.close()


def test_a_read_only_workspace_says_so_when_opened(window, qtbot, tmp_path, make_read_only):
    from planner.store.workspace import copy_workspace

    folder = tmp_path / "ro"
    folder.mkdir()
    copy_workspace(window.state.ws, folder / "team.rplan")  # never open() a live file
    make_read_only(folder)
    with qtbot.waitSignal(window.state.loaded, timeout=20_000):
        assert window.open_workspace(folder / "team.rplan")
    assert window.state.ws.read_only is not None
    assert "open read-only" in window.statusBar().currentMessage()
    assert len(window.state.data) == 60


def test_without_worker_processes_the_work_runs_in_the_app(tmp_path, monkeypatch):
    from planner.progress import Progress
    from planner.ui.tasks import call_in_worker
    from planner.workers import process

    broken = tmp_path / "child.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(process, "CHILD_SCRIPT", broken)
    pool = process.WorkerPool()
    monkeypatch.setattr(process, "_pool", pool)
    seen: list[str] = []
    try:
        result = call_in_worker(
            "worker_jobs:report_and_return", 7, progress=Progress(lambda *a: seen.append(a[2]))
        )
    finally:
        pool.shutdown()
    assert result == (7, __import__("os").getpid())  # ran here, in the app's process
    assert seen == ["working"]


def test_a_chart_whose_worker_dies_is_drawn_again_by_a_new_worker(tmp_path):
    from functools import partial

    import worker_jobs

    from planner.progress import Progress
    from planner.ui.widgets.background_chart import draw

    marker = tmp_path / "died"
    plotter = partial(worker_jobs.plot_or_die_once, marker=str(marker))
    pixels, width, height = draw(plotter, 200, 120, 1.0, Progress())
    assert marker.exists()  # the first worker died under the chart…
    assert (width, height) == (200, 120) and len(pixels) == width * height * 4  # …and it drew


def test_core_messages_read_as_sentences_on_screen():
    """The core words its errors for the command line's 'error: ...'; on screen they start
    with a capital, but a file name at the start keeps its own spelling."""
    from planner.ui.errors import sentence

    assert sentence("there is no training plan yet: make it first.") == (
        "There is no training plan yet: make it first."
    )
    assert sentence("file data.csv: row 3") == "File data.csv: row 3"
    assert sentence("data.xlsx: the workbook is damaged") == "data.xlsx: the workbook is damaged"
    assert sentence("/tmp/x.rplan is damaged") == "/tmp/x.rplan is damaged"
