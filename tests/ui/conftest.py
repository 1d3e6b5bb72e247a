"""GUI test fixtures: offscreen Qt, test-mode standard paths, settings and data in tmp_path."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parent.parent / "importing"))  # imp_helpers' files
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("MPLBACKEND", "Agg")

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication
from ui_helpers import write_sheet

from planner.ui.tasks import wait_for_all

QStandardPaths.setTestModeEnabled(True)

# Offscreen platform notices that are not about our code.
IGNORED_QT_MESSAGES = ("propagateSizeHints",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED_QT_MESSAGES))
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["reskill-planner-tests"]


@pytest.fixture(scope="session", autouse=True)
def worker_processes():
    """The app's worker processes for the whole session (allocating, planning and charts run
    there); they may import this folder's helper modules. None may outlive the session."""
    from planner.workers import process

    pool = process.WorkerPool(paths=[str(Path(__file__).parent)])
    process._pool = pool
    yield pool
    process.shutdown_default_pool()
    alive = [p.pid for p in pool.started if p.poll() is None]
    assert not alive, f"worker processes {alive} outlived the tests"


@pytest.fixture(autouse=True)
def _app_names(qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Our names on the app, QSettings and the data folder under tmp_path."""
    from planner.ui import app as ui_app
    from planner.ui import errors as ui_errors

    qapp.setOrganizationName("Reskill Planner Tests")
    qapp.setApplicationName("Reskill Planner Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    data = tmp_path / "appdata"

    def data_dir() -> Path:
        data.mkdir(exist_ok=True)
        return data

    monkeypatch.setattr(ui_errors, "data_dir", data_dir)
    monkeypatch.setattr(ui_app, "data_dir", data_dir)
    yield
    wait_for_all(30_000)
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() in ("errorDialog", "crashDialog", "taskProgress"):
            widget.close()


@pytest.fixture
def settings(tmp_path: Path):
    from planner.ui.settings import Settings

    return Settings(QSettings(str(tmp_path / "test-settings.ini"),
                              QSettings.Format.IniFormat))


@pytest.fixture(scope="session")
def template_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with 60 imported people, built once and copied per test."""
    from planner.importing import import_file
    from planner.store import Workspace

    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.rplan"
    with Workspace.create(path) as ws:
        import_file(ws, write_sheet(folder / "people.csv"))
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation (300 people, eligible candidates for every role), built once;
    copy it before opening it."""
    from planner.demo import ensure_demo_data
    from planner.store import Workspace

    path = tmp_path_factory.mktemp("demo") / "demo.rplan"
    with Workspace.create(path) as ws:
        ensure_demo_data(ws)
    return path


@pytest.fixture
def ws_path(template_workspace: Path, tmp_path: Path) -> Path:
    path = tmp_path / "team.rplan"
    shutil.copy(template_workspace, path)
    return path


@pytest.fixture
def window(qtbot, settings, ws_path):
    """The main window on a copy of the template workspace, data loaded."""
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        assert win.open_workspace(ws_path)
    yield win
    wait_for_all(30_000)
