"""The first window waits for nothing it does not show: no matplotlib, scipy or openpyxl."""

from __future__ import annotations

import logging
import subprocess
import sys


def test_the_app_module_imports_no_charting_or_solver_libraries():
    code = (
        "import sys\n"
        "import planner.ui.preload, planner.ui.app\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = set(eval(result.stdout))
    assert "PySide6" in loaded and "numpy" in loaded
    assert not loaded & {"matplotlib", "scipy", "openpyxl", "xlsxwriter"}


def test_a_chart_loads_matplotlib_only_once_painted(qtbot):
    from PySide6.QtWidgets import QWidget

    from planner.ui.widgets.charts import LazyCanvas

    host = QWidget()
    qtbot.addWidget(host)
    canvas = LazyCanvas(host, 4, 3)
    drawn: list[object] = []
    canvas.set_plotter(lambda fig: drawn.append(fig.add_subplot(111)))
    assert canvas._canvas is None and canvas.draw_count == 0  # hidden: nothing yet
    assert canvas.sizeHint().width() == 400  # laid out like the figure
    host.resize(500, 400)
    host.show()
    qtbot.waitUntil(lambda: canvas.draw_count == 1, timeout=5_000)
    assert canvas._canvas is not None and canvas._canvas.isVisible()
    assert drawn and canvas.figure.axes == drawn
    assert canvas.figure.get_size_inches()[0] > 1  # the placeholder's size


def test_startup_is_logged_once_the_data_is_on_screen(qtbot, settings, ws_path, caplog):
    from planner.ui.app import report_when_shown
    from planner.ui.mainwindow import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    report_when_shown(win)
    with caplog.at_level(logging.INFO, logger="planner.ui"):
        with qtbot.waitSignal(win.state.loaded, timeout=20_000):
            assert win.open_workspace(ws_path)
        qtbot.waitUntil(
            lambda: any("startup:" in r.getMessage() for r in caplog.records), timeout=5_000
        )
        win.state.reload()
        qtbot.wait(200)
    lines = [r.getMessage() for r in caplog.records if "startup:" in r.getMessage()]
    assert len(lines) == 1
    assert "window shows team with 60 employees" in lines[0]
