"""Dashboard next steps and figures, the demo banner, always-current data, export finished."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from planner.store import Workspace


def test_set_demand_goes_to_the_allocation_page(window, qtbot):
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.next_buttons["demand"].isVisible(), timeout=10_000)
    qtbot.mouseClick(page.next_buttons["demand"], Qt.MouseButton.LeftButton)
    assert window.current_page().key == "allocation"


def test_dashboard_shows_the_scenarios_figures_as_saved(window, qtbot):
    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace
    from planner.planning import load_plan, plan_scenario

    with Workspace.open(window.state.path) as ws:
        scored = score_workspace(ws)
        demand = Demand({r: 3 for r in sorted(scored.catalog.roles)[:3]})
        # everyone, whenever ready (issue 11 added an 18-month horizon by default)
        constraints = Constraints(eligible_only=False, horizon=False)
        result = allocate(scored.scores, demand, constraints)
        save_scenario(ws, "Q3", demand, constraints, result)
        plan_scenario(ws, "Q3")
        totals = load_plan(ws, "Q3").totals()
    window.state.refresh()
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.figures is not None and page.figures.planned, timeout=10_000)
    kpis = {k: v.value.text() for k, v in page.kpis.items()}
    assert kpis["filled"] == f"{result.filled} / {result.demanded}"
    assert kpis["cost"] == f"{totals.cost:,.0f} EUR"
    assert kpis["hours"] == f"{totals.hours:,.0f}"
    assert kpis["finish"] == totals.finish_date.isoformat()
    assert page.next_buttons["export"].isVisible()
    qtbot.waitUntil(
        lambda: page.hours_canvas.draw_count > 0 and window.state.scores is not None, timeout=30_000
    )
    qtbot.waitUntil(lambda: page.readiness_canvas.draw_count > 0, timeout=30_000)


def test_an_older_scenario_read_never_overwrites_a_newer_one(window, qtbot, monkeypatch):
    """Two refreshes in quick succession (an edit, then another): the first read, if it
    reports last, must not bring back figures from before the second."""
    from planner.ui.pages import dashboard as module

    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.reading(), timeout=20_000)
    calls = []

    class Pending:
        done = False

    def fake_run_in_worker(ref, path, *, title, on_done):
        calls.append(on_done)
        return Pending()

    monkeypatch.setattr(module, "run_in_worker", fake_run_in_worker)
    page.refresh()
    page.refresh()
    assert len(calls) == 2
    newer = module.ScenarioFigures(name="After", demand={}, filled=2, demanded=2)
    older = module.ScenarioFigures(name="Before", demand={}, filled=1, demanded=2)
    calls[1](newer)
    calls[0](older)  # the older read reports last
    assert page.figures is newer
    assert page.kpis["filled"].value.text() == "2 / 2"


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_charts_save_as_png_or_svg(window, qtbot, tmp_path, suffix):
    from planner.ui.widgets.chart_save import save_figure

    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.readiness_canvas.draw_count > 0, timeout=30_000)
    out = save_figure(page.readiness_canvas, tmp_path / f"chart{suffix}")
    head = out.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in head or b"<?xml" in head
    assert page.readiness_canvas.actions()[0].text().startswith("Save chart")


def test_demo_has_a_banner_and_import_offers_a_new_workspace(
    qtbot, settings, tmp_path, monkeypatch
):
    from planner.demo import ensure_demo_data
    from planner.ui.mainwindow import MainWindow

    demo = tmp_path / "demo.rplan"
    with Workspace.create(demo) as ws:
        ensure_demo_data(ws)
        people = ws.counts()["employees"]
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        win.open_workspace(demo)
    assert win.demo_banner.isVisible()
    own = tmp_path / "docs" / "Mine.rplan"
    own.parent.mkdir()
    offered: list[str] = []
    monkeypatch.setattr(win, "ask_demo_import", lambda: offered.append("asked") or "new")
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(own), ""))
    )
    wizard = win.import_file()
    assert offered == ["asked"]
    assert win.state.path == own and wizard is not None
    wizard.close()
    qtbot.waitUntil(lambda: not win.demo_banner.isVisible(), timeout=5_000)
    with Workspace.open(demo) as ws:
        assert ws.counts()["employees"] == people


def test_new_workspace_and_exports_default_to_documents(window, monkeypatch):
    from planner.ui.export_dialog import ExportDialog
    from planner.ui.folders import documents_dir

    seen: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _p, _t, folder, *a: seen.append(folder) or ("", "")),
    )
    window.new_workspace()
    assert Path(seen[0]).parent == documents_dir()
    dialog = ExportDialog(window.state.path, window)
    assert Path(dialog.path.text()).parent == documents_dir()
    dialog.close()


def test_refresh_and_outside_changes_reload(window, qtbot):
    with qtbot.waitSignal(window.state.loaded, timeout=10_000):
        window.refresh_action.trigger()
    assert not window.state.check_outside_changes()
    code = (
        "import sys; from planner.store import Workspace\n"
        "with Workspace.open(sys.argv[1]) as ws:\n"
        "    with ws.transaction():\n"
        "        ws.conn.execute(\"UPDATE employees SET name = 'Changed Elsewhere' "
        "WHERE employee_key = 'E0000'\")\n"
    )
    subprocess.run([sys.executable, "-c", code, str(window.state.path)], check=True, timeout=60)
    with qtbot.waitSignal(window.state.loaded, timeout=20_000):
        assert window.state.check_outside_changes()
    data = window.state.data
    assert (
        data.profile["name"][
            data.row_of(
                window.state.ws.conn.execute(
                    "SELECT id FROM employees WHERE employee_key = 'E0000'"
                ).fetchone()[0]
            )
        ]
        == "Changed Elsewhere"
    )
    assert "another program" in window.statusBar().currentMessage()


def test_export_finished_offers_open_and_show_in_folder(window, tmp_path, monkeypatch):
    from planner.ui import export_dialog

    opened: list[str] = []
    monkeypatch.setattr(export_dialog, "open_path", lambda p: opened.append(str(p)) or True)
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"x")
    box = export_dialog.export_finished(window, out)
    names = {b.objectName(): b for b in box.buttons()}
    names["openExport"].click()
    box = export_dialog.export_finished(window, out)
    {b.objectName(): b for b in box.buttons()}["showExportFolder"].click()
    assert opened == [str(out), str(tmp_path)]
    QApplication.processEvents()


def test_an_empty_workspace_keeps_its_tiles_and_hint_their_own_height(qtbot, settings, tmp_path):
    """With no charts to show, the tiles and the hint box were stretched to fill 720 px."""
    from planner.ui.mainwindow import MainWindow

    empty = tmp_path / "empty.rplan"
    Workspace.create(empty).close()
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1280, 720)
    win.show()
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        win.open_workspace(empty)
    page = win.show_page("dashboard")
    qtbot.waitUntil(lambda: page.kpi_row.isVisible() and not page.charts.isVisible())
    tile = page.kpis["employees"]
    assert tile.height() <= tile.sizeHint().height() * 1.5
    box = page.next_text.parentWidget()
    assert box.height() <= box.sizeHint().height() * 1.5
