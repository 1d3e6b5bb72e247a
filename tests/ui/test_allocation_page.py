"""Allocation page: demand editor, allocating in the background like the core, cancel,
pins and exclusions, fairness, scenarios renamed, deleted and compared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from ui_helpers import dialogs

from planner.errors import InputRejected
from planner.matching import (
    REASONS,
    Constraints,
    Demand,
    allocate,
    load_scenario,
    score_workspace,
)
from planner.planning import list_scenarios
from planner.store import Workspace
from planner.store.workspace import copy_workspace
from planner.ui.widgets.demand_editor import DemandModel


@pytest.fixture
def ws_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.rplan"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def core(ws_path):
    with Workspace.open(ws_path) as ws:
        return score_workspace(ws)


@pytest.fixture
def page(window, qtbot):
    page = window.show_page("allocation")
    qtbot.waitUntil(lambda: window.state.current_scores is not None, timeout=20_000)
    return page


def _demand(core) -> dict[str, int]:
    """Two roles with eligible candidates, one of them asking for more than it can get."""
    s = core.scores
    counts = s.eligible.sum(axis=0)
    order = sorted(range(len(s.role_ids)), key=lambda c: (-int(counts[c]), s.role_ids[c]))
    first, second = order[0], order[1]
    return {s.role_ids[first]: 3, s.role_ids[second]: int(counts[second]) + 2}


def _run(page, qtbot):
    with qtbot.waitSignal(page.allocated, timeout=30_000) as blocker:
        qtbot.mouseClick(page.allocate_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def _expected(ws_path, name, demand, constraints, attributes=None):
    """What the core's allocate_scenario gives on a copy of the workspace as it is now (the
    page runs the same function: the plans' numbers, fairness over the eligible pool)."""
    from planner.matching.run import allocate_scenario

    copy = ws_path.with_name(f"expected-{name}.rplan")
    # through SQLite (never a plain open() of the live file: closing it would drop this
    # process's locks while a worker process writes the workspace)
    with Workspace.open(ws_path) as live:
        copy_workspace(live, copy)
    with Workspace.open(copy) as ws:
        return allocate_scenario(ws, name, Demand(demand), constraints, attributes=attributes)


def _saved(ws_path, name):
    with Workspace.open(ws_path) as ws:
        return load_scenario(ws, name)


def test_demand_editor_types_pastes_loads_and_saves(page, core, tmp_path, qtbot):
    editor = page.demand
    role_ids = editor.model_.role_ids()
    names = {r.id: r.name for r in core.catalog.roles.values()}
    model = editor.model_
    assert model.setData(model.index(0, 1), "4")
    assert editor.demand().headcount == {role_ids[0]: 4}
    assert not model.setData(model.index(0, 1), "four")
    # Excel cells: a role name and a role id with headcounts, tab-separated
    text = f"{names[role_ids[1]].upper()}\t2\r\n{role_ids[2]}\t5\r\n"
    assert editor.paste_text(text) == 2
    assert editor.demand().headcount == {role_ids[0]: 4, role_ids[1]: 2, role_ids[2]: 5}
    # one column of numbers fills the rows down from the current one
    editor.setCurrentIndex(model.index(3, 1))
    assert editor.paste_text("1\n0\n7\n") == 3
    assert editor.demand().headcount[role_ids[3]] == 1
    assert role_ids[4] not in editor.demand().headcount
    assert editor.demand().headcount[role_ids[5]] == 7
    with pytest.raises(InputRejected, match="row 2"):
        editor.paste_text("2\nthree\n")
    with pytest.raises(InputRejected, match="unknown role 'No such role'") as error:
        editor.paste_text("No such role\t2\n")
    assert "reskill-planner" not in str(error.value)
    # Ctrl+V reads the clipboard; a bad paste shows an error dialog, never a traceback
    QGuiApplication.clipboard().setText(f"{role_ids[6]}\t3\n")
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.demand().headcount[role_ids[6]] == 3
    # save, clear, load: the same demand, and the core reads the file the same way
    path = tmp_path / "demand.csv"
    page.save_demand(str(path))
    expected = editor.demand().headcount
    assert Demand.from_csv(path, core.catalog).headcount == expected
    editor.set_demand({})
    assert editor.demand().total == 0
    page.load_demand(str(path))
    assert editor.demand().headcount == expected
    assert "places" in page.status.text()


def test_demand_model_passes_the_model_tester(qtmodeltester):
    model = DemandModel()
    model.set_roles([("a", "Role A"), ("b", "Role B")])
    model.set_headcount({"b": 2})
    qtmodeltester.check(model)


def test_allocate_button_gives_the_cores_assignment(page, core, ws_path, qtbot):
    demand = _demand(core)
    page.demand.set_demand(demand)
    page.max_hours_on.setChecked(True)
    page.max_hours.setValue(300)
    page.scenario_name.setText("Spring")
    page.set_attributes(["department", "site"])
    run = _expected(
        ws_path, "Spring", demand, Constraints(max_hours_per_person=300), ["department", "site"]
    )
    expected = run.result
    _run(page, qtbot)
    saved = _saved(ws_path, "Spring")
    assert len(expected.placements) >= 4
    assert sorted((a["employee_id"], a["role_id"]) for a in saved.allocations) == sorted(
        (p.employee_id, p.role_id) for p in expected.placements
    )
    # the result tree: per role the chosen, the runner-ups and the unfilled reason
    tree = page.result
    assert tree.topLevelItemCount() == len(expected.roles)
    for i, (role_id, outcome) in enumerate(expected.roles.items()):
        top = tree.topLevelItem(i)
        assert top.text(0).endswith(f" — {len(outcome.chosen)} of {outcome.headcount} filled")
        texts = [top.child(k).text(0) for k in range(top.childCount())]
        for p in outcome.chosen:
            assert any(f"({p.employee_key})" in t for t in texts), role_id
        if outcome.unfilled:
            texts = [top.child(k).text(0) for k in range(top.childCount())]
            assert f"{outcome.unfilled} unfilled: {REASONS[outcome.reason]}" in texts
    assert f"Filled <b>{expected.filled:,} of {expected.demanded:,}</b>" in page.summary.text()
    groups = [
        page.fairness.topLevelItem(i).text(0) for i in range(page.fairness.topLevelItemCount())
    ]
    # issue 11: each attribute over the eligible pool, then over the workforce
    assert groups[0].startswith("By department") and groups[2].startswith("By site")
    report = run.fairness[0]
    top = page.fairness.topLevelItem(0)
    assert top.childCount() == len(report.groups)
    assert [top.child(k).text(0) for k in range(top.childCount())] == [
        g.group for g in report.groups
    ]
    assert [top.child(k).text(2) for k in range(top.childCount())] == [
        f"{g.selected:,}" for g in report.groups
    ]
    assert "Spring" in [page.scenarios.item(i).text() for i in range(page.scenarios.count())]


def test_the_saved_allocation_is_not_taken_for_another_programs_change(page, core, window, qtbot):
    page.demand.set_demand(_demand(core))
    _run(page, qtbot)
    qtbot.waitUntil(lambda: page.task.done)
    assert not window.state.check_outside_changes()
    assert "another program" not in window.statusBar().currentMessage()


def test_cancel_leaves_no_scenario(page, core, ws_path, qtbot, monkeypatch):
    import planner.ui.pages.allocation as module

    # The allocation runs in a worker process; there its solver waits until cancelled.
    monkeypatch.setattr(module, "ALLOCATE", "worker_jobs:allocate_until_cancelled")
    page.demand.set_demand(_demand(core))
    qtbot.mouseClick(page.allocate_button, Qt.MouseButton.LeftButton)
    assert not page.allocate_button.isEnabled()
    assert page.cancel_button.isVisible()
    qtbot.waitUntil(lambda: "waiting to be cancelled" in page.status.text(), timeout=30_000)
    with qtbot.waitSignal(page.task.finished, timeout=10_000):
        qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert "Cancelled" in page.status.text()
    assert page.allocate_button.isEnabled()
    with Workspace.open(ws_path) as ws:
        assert list_scenarios(ws) == []


def test_a_worker_that_dies_is_a_message_not_a_traceback(page, core, ws_path, qtbot, monkeypatch):
    import planner.ui.pages.allocation as module

    monkeypatch.setattr(module, "ALLOCATE", "worker_jobs:crash")
    page.demand.set_demand(_demand(core))
    qtbot.mouseClick(page.allocate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task.done, timeout=30_000)
    qtbot.waitUntil(lambda: bool(dialogs("errorDialog")), timeout=5_000)
    box = dialogs("errorDialog")[0]
    assert "stopped unexpectedly" in box.text() and "Traceback" not in box.text()
    assert not dialogs("crashDialog")
    box.close()
    assert page.allocate_button.isEnabled()
    with Workspace.open(ws_path) as ws:
        assert list_scenarios(ws) == []
    # the next Allocate gets a fresh worker process
    monkeypatch.setattr(module, "ALLOCATE", "planner.workers.jobs:allocate")
    _run(page, qtbot)
    assert page.current_results["roles"]


def test_pins_and_exclusions_by_right_click(page, core, ws_path, qtbot):
    demand = _demand(core)
    page.demand.set_demand(demand)
    _run(page, qtbot)
    tops = [page.result.topLevelItem(i) for i in range(page.result.topLevelItemCount())]
    runner_groups = [
        top.child(k)
        for top in tops
        for k in range(top.childCount())
        if top.child(k).text(0).startswith("Runner-ups")
    ]
    assert runner_groups, "the role asking for 3 people has runner-ups"
    runner_group = runner_groups[0]
    chosen = page.result.person_at(runner_group.parent().child(0))
    runner = page.result.person_at(runner_group.child(0))
    # the menu a right-click opens: exclude the chosen person, pin the runner-up
    menu = page.person_menu(*chosen)
    next(
        a for a in menu.actions() if a.text().startswith("Exclude") and "every" not in a.text()
    ).trigger()
    page.person_menu(*runner).actions()[0].trigger()
    assert page.pins == {runner[0]: runner[1]}
    assert page.exclusions == {chosen[0]: {chosen[1]}}
    assert page.rules.count() == 2
    expected = _expected(
        ws_path,
        "Default",
        demand,
        Constraints(pins={runner[0]: runner[1]}, exclusions={chosen[0]: {chosen[1]}}),
    ).result
    _run(page, qtbot)
    saved = _saved(ws_path, "Default")
    pairs = {(a["employee_id"], a["role_id"]) for a in saved.allocations}
    assert pairs == {(p.employee_id, p.role_id) for p in expected.placements}
    assert runner in pairs and chosen not in pairs
    assert saved.constraints.pins == {runner[0]: runner[1]}


def test_scenarios_rename_delete_and_compare(page, core, ws_path, qtbot):
    demand = _demand(core)
    page.demand.set_demand(demand)
    page.scenario_name.setText("A")
    _run(page, qtbot)
    small = dict(list(demand.items())[:1])
    page.demand.set_demand(small)
    page.scenario_name.setText("B")
    _run(page, qtbot)
    names = lambda: [page.scenarios.item(i).text() for i in range(page.scenarios.count())]  # noqa: E731
    assert names() == ["B", "A"]
    assert page.rename_scenario("A", "Wide")
    assert names() == ["B", "Wide"]
    assert not page.rename_scenario("Wide", "B")  # taken: refused with a dialog
    assert page.compare_area.is_empty  # a hint, not an empty table
    page.compare_scenarios("Wide", "B")
    assert not page.compare_area.is_empty
    compare = page.compare
    assert compare.headerItem().text(1) == "Wide" and compare.headerItem().text(2) == "B"
    filled = compare.topLevelItem(0)
    wide, b = _saved(ws_path, "Wide"), _saved(ws_path, "B")
    assert filled.text(1) == f"{len(wide.allocations)} of {sum(demand.values())}"
    assert filled.text(2) == f"{len(b.allocations)} of {sum(small.values())}"
    # opening a scenario puts its demand back in the editor
    page.open_scenario("Wide")
    assert page.demand.demand().headcount == demand
    page.delete_scenario("B")
    assert page.compare_area.is_empty
    assert names() == ["Wide"]
    with Workspace.open(ws_path) as ws:
        assert [n for _, n in list_scenarios(ws)] == ["Wide"]


def test_opening_a_workspace_shows_its_latest_scenario_with_names(qtbot, settings, ws_path, core):
    from planner.matching import save_scenario
    from planner.ui.mainwindow import MainWindow

    demand = Demand(_demand(core))
    result = allocate(core.scores, demand, Constraints())
    with Workspace.open(ws_path) as ws:
        save_scenario(ws, "Saved earlier", demand, Constraints(), result)
        names = dict(ws.conn.execute("SELECT id, name FROM employees"))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.state.loaded, timeout=20_000):
        window.open_workspace(ws_path)
    page = window.show_page("allocation")
    assert page.scenario_name.text() == "Saved earlier"
    assert page.demand.demand().headcount == demand.headcount
    first = next(iter(result.roles.values())).chosen[0]
    top = page.result.topLevelItem(0)
    assert top.child(0).text(0) == f"{names[first.employee_id]} ({first.employee_key})"


def test_ready_by_date_limits_the_choice_like_the_core(page, core, ws_path, qtbot):
    from datetime import timedelta

    from PySide6.QtCore import QDate

    demand = _demand(core)
    ready_by = Constraints().start_date + timedelta(weeks=20)
    page.demand.set_demand(demand)
    page.ready_on.setChecked(True)
    page.ready_by.setDate(QDate(ready_by.year, ready_by.month, ready_by.day))
    page.scenario_name.setText("Soon")
    _run(page, qtbot)
    expected = allocate(core.scores, Demand(demand), Constraints(ready_by=ready_by))
    without = allocate(core.scores, Demand(demand), Constraints())
    assert expected.filled < without.filled  # the date matters on the demo
    saved = _saved(ws_path, "Soon")
    assert sorted((a["employee_id"], a["role_id"]) for a in saved.allocations) == sorted(
        (p.employee_id, p.role_id) for p in expected.placements
    )
    assert f"ready by {ready_by.isoformat()}" in page.summary.text()
    # reopening the scenario brings its ready-by date back
    page.ready_on.setChecked(False)
    page.open_scenario("Soon")
    assert page.ready_on.isChecked()
    assert page.ready_by.date().toPython() == ready_by


def test_fairness_attributes_are_worded_alike(page):
    """'department' and 'job_title' next to an imported 'Age band' in the list, 'By site'
    next to 'By Age band' in the check: one way of writing them now."""
    labels = [page.attributes.item(i).text() for i in range(page.attributes.count())]
    assert {"Department", "Site", "Job title", "Manager"} <= set(labels)
    assert all(label[:1].isupper() and "_" not in label for label in labels)
    page.fairness.show_reports(
        [
            {
                "attribute": "Age band",
                "pool": "eligible pool",
                "title": "by Age band, over the x",
                "groups": [],
                "flagged": [],
            },
            {"attribute": "job_title", "pool": "workforce", "groups": [], "flagged": []},
        ]
    )
    heads = [page.fairness.topLevelItem(i).text(0) for i in range(2)]
    assert heads == [
        "By age band, over the eligible pool — no flag",
        "By job title, over the workforce — no flag",
    ]
    # a scenario saved without a check says so instead of an empty table
    page.fairness.show_reports([])
    assert page.fairness.topLevelItemCount() == 1
    assert "Fairness check by" in page.fairness.topLevelItem(0).text(0)
