"""The whole job in the window, on the demo workspace, through the widgets only.

Set a demand, allocate, build a plan, move a workshop attendee and export the report; the
exported workbook holds the same figures as the command line's run with the same inputs
(the move, which has no command, applied to the CLI's copy with the same core function).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget

from planner.store import Workspace

DEMAND = {role: 8 for role in (
    "genai_specialist", "prompt_engineer", "ai_model_auditor", "ai_ethicist",
    "ai_governance_officer", "fairness_auditor", "content_moderation_specialist",
    "ai_copywriter")}
SCENARIO = "Whole job"
START = "2027-01-04"


def _type_headcount(qtbot, editor, row: int, count: int) -> None:
    """Type a number into the demand table's headcount cell, as a user would."""
    index = editor.model().index(row, 1)
    editor.scrollTo(index)
    editor.setCurrentIndex(index)
    if editor.state() != editor.State.EditingState:
        editor.edit(index)
    where = editor.visualRect(index).center()
    fields = [w for w in editor.viewport().findChildren(QWidget)
              if isinstance(w, QLineEdit | QAbstractSpinBox) and w.isVisible()
              and w.geometry().contains(where)]
    assert fields, "the headcount cell opened no editor"
    field = fields[0]
    field.selectAll()
    qtbot.keyClicks(field, str(count))
    qtbot.keyClick(field, Qt.Key.Key_Tab)       # leave the cell: the number is committed


def _cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, data_only=False)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
            for ws in book.worksheets}


def test_the_whole_job_in_the_window_equals_the_command_line(
        qtbot, settings, demo_template, tmp_path, monkeypatch):
    from planner.cli import main as cli
    from planner.planning import load_plan
    from planner.planning.cohort_moves import check_move, move_member
    from planner.ui.mainwindow import MainWindow

    gui_ws, cli_ws = tmp_path / "gui.rplan", tmp_path / "cli.rplan"
    shutil.copy(demo_template, gui_ws)
    shutil.copy(demo_template, cli_ws)
    for path in (gui_ws, cli_ws):
        # cohorts may wait long here (issue 11 bounds waits at 4 weeks by default), so the
        # demo plan keeps sessions to move an attendee between
        with Workspace.open(path) as ws:
            ws.set_setting("max_wait_weeks", 1000)
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(1366, 740)
    win.show()
    with qtbot.waitSignal(win.state.loaded, timeout=20_000):
        assert win.open_workspace(gui_ws)

    # 1. set a demand (typed into the demand table) and allocate
    page = win.show_page("allocation")
    editor = page.demand
    qtbot.waitUntil(lambda: editor.model().rowCount() > 0, timeout=10_000)
    role_rows = {editor.model().data(editor.model().index(r, 0), Qt.ItemDataRole.ToolTipRole)
                 .rsplit("(", 1)[1].rstrip(")"): r for r in range(editor.model().rowCount())}
    for role_id, count in DEMAND.items():
        _type_headcount(qtbot, editor, role_rows[role_id], count)
    assert editor.demand().headcount == DEMAND
    demand_csv = tmp_path / "demand.csv"      # the page's "Save demand…": the CLI's input
    page.save_demand(str(demand_csv))
    page.scenario_name.setText(SCENARIO)
    with qtbot.waitSignal(page.allocated, timeout=60_000):
        qtbot.mouseClick(page.allocate_button, Qt.MouseButton.LeftButton)

    # 2. build the plan with settings typed in the form
    plans = win.show_page("plans")
    qtbot.waitUntil(lambda: plans.scenario.findText(SCENARIO) >= 0, timeout=10_000)
    plans.scenario.setCurrentIndex(plans.scenario.findText(SCENARIO))
    qtbot.waitUntil(lambda: plans._load_task is not None and plans._load_task.done,
                    timeout=10_000)
    plans.start.setDate(QDate.fromString(START, "yyyy-MM-dd"))
    plans.hours.setValue(4)
    plans.min_cohort.setValue(2)
    plans.max_cohort.setValue(12)
    qtbot.mouseClick(plans.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plans.task is not None and plans.task.done, timeout=60_000)
    assert plans.task.error is None
    assert not plans.content.is_empty and plans.model.rowCount() > 0

    # 3. move a workshop attendee to another session the core allows
    shops = win.show_page("workshops")
    qtbot.waitUntil(lambda: shops.plan_set is not None and shops.model.rowCount() > 0,
                    timeout=10_000)
    ws = win.state.ws
    cohorts = shops.plan_set.cohorts
    move = next(((n, m, t) for n, c in enumerate(cohorts) for m in c.members
                 for t, d in enumerate(cohorts) if t != n and d.module_id == c.module_id
                 and check_move(ws, m, c.id, d.id) is None), None)
    assert move is not None, "the demo plan offers no possible move"
    source, member, target = move
    source_key = (cohorts[source].module_id, cohorts[source].site, cohorts[source].number)
    target_key = (cohorts[target].module_id, cohorts[target].site, cohorts[target].number)
    shops.select_cohort(source)
    ids = [shops.attendees.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
           for i in range(shops.attendees.topLevelItemCount())]
    shops.attendees.setCurrentItem(shops.attendees.topLevelItem(ids.index(member)))
    shops.target.setCurrentIndex(shops.target.findData(target))
    qtbot.mouseClick(shops.move_button, Qt.MouseButton.LeftButton)
    assert member in load_plan(ws, SCENARIO).cohorts[target].members

    # 4. export the report through File ▸ Export…
    gui_report = tmp_path / "gui-report.xlsx"
    win.export_action.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "exportDialog" and w.isVisible())
    dialog.kind.setCurrentIndex(dialog.kind.findData("report"))
    dialog.path.setText(str(gui_report))
    monkeypatch.setattr("planner.ui.export_dialog.open_path", lambda p: True)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.task.done, timeout=120_000)
    assert dialog.task.error is None and gui_report.is_file()
    finished = [w for w in QApplication.topLevelWidgets()
                if w.objectName() == "exportFinished" and w.isVisible()]
    assert finished
    for box in finished:
        box.close()

    # the dashboard's figures are the report Summary's
    dash = win.show_page("dashboard")
    read = dash.refresh()
    qtbot.waitUntil(lambda: read.done and not dash.reading(), timeout=20_000)
    assert dash.figures is not None and dash.figures.planned
    summary = {row[0]: row[1] for row in _cells(gui_report)["Summary"] if row and row[0]}
    flags = summary["Fairness (four-fifths rule)"]
    assert dash.kpis["fairness"].value.text() == (
        "0" if flags == "no group flagged" else flags.split()[0])
    assert dash.kpis["filled"].value.text() == (
        f"{summary['People chosen']} / {summary['People needed (headcount)']}")
    assert dash.kpis["hours"].value.text() == f"{summary['Training hours']:,.0f}"
    assert dash.kpis["finish"].value.text() == str(summary["Finish date"])[:10]

    # the same inputs on the command line
    assert cli(["allocate", str(cli_ws), "--demand", str(demand_csv),
                "--scenario", SCENARIO]) == 0
    assert cli(["plan", str(cli_ws), "--scenario", SCENARIO, "--start", START,
                "--hours-per-week", "4", "--min-cohort", "2", "--max-cohort", "12"]) == 0
    with Workspace.open(cli_ws) as other:
        plan = load_plan(other, SCENARIO)
        by_key = {(c.module_id, c.site, c.number): c for c in plan.cohorts}
        move_member(other, member, by_key[source_key].id, by_key[target_key].id)
    cli_report = tmp_path / "cli-report.xlsx"
    assert cli(["export", str(cli_ws), str(cli_report)]) == 0

    gui_cells, cli_cells = _cells(gui_report), _cells(cli_report)
    assert list(gui_cells) == list(cli_cells)
    assert not _command_line_text(gui_cells)
    assert sum(len(rows) for rows in gui_cells.values()) > 300     # a real report
    for sheet, rows in cli_cells.items():
        differing = [(n, a, b) for n, (a, b) in enumerate(zip(gui_cells[sheet], rows,
                                                              strict=False)) if a != b]
        # only the workspace's own name may differ
        assert all(_only_names_and_times(a, b) for _n, a, b in differing), (sheet,
                                                                           differing[:3])
        assert len(gui_cells[sheet]) == len(rows), sheet


def _only_names_and_times(a: tuple, b: tuple) -> bool:
    """Cells differ only by the workspace's name (gui.rplan vs cli.rplan)."""
    return all(x == y or (isinstance(x, str) and isinstance(y, str)
                          and x.replace("gui", "cli") == y)
               for x, y in zip(a, b, strict=True))


def _command_line_text(cells: dict[str, list[tuple]]) -> list[str]:
    return [str(v) for rows in cells.values() for row in rows for v in row
            if isinstance(v, str) and ("reskill-planner" in v or "coming next" in v.lower())]


def test_the_import_template_speaks_of_the_app_not_the_command_line(workspace, tmp_path):
    from planner.exporting import export_template

    out = export_template(workspace, tmp_path / "template.xlsx")
    cells = _cells(out)
    assert not _command_line_text(cells)
    assert any("File > Import" in str(v) for rows in cells.values() for row in rows
               for v in row)
