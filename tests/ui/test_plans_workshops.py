"""Plans and Workshops pages: build a plan off the GUI thread, timelines, statuses, moves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.store import Workspace


@pytest.fixture
def allocated(ws_path):
    """The template workspace with a saved scenario (as the Allocation page saves one)."""
    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace

    with Workspace.open(ws_path) as ws:
        scored = score_workspace(ws)
        roles = sorted(scored.catalog.roles)[:5]
        demand = Demand({r: 6 for r in roles})
        # everyone, whenever ready (issue 11 added an 18-month horizon by default)
        constraints = Constraints(eligible_only=False, horizon=False)
        result = allocate(scored.scores, demand, constraints)
        save_scenario(ws, "Pilot", demand, constraints, result)
    return ws_path


@pytest.fixture
def planned_window(window, allocated, qtbot):
    window.state.refresh()
    page = window.show_page("plans")
    qtbot.waitUntil(lambda: page.scenario.count() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: page.content.is_empty and "no plan yet" in
                    page.content.message.text(), timeout=10_000)
    page.min_cohort.setValue(2)
    page.max_cohort.setValue(4)
    qtbot.mouseClick(page.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.task is not None and page.task.done, timeout=30_000)
    return window


def test_plans_page_builds_a_plan_and_shows_the_cores_totals(planned_window, qtbot):
    from planner.planning import load_plan

    page = planned_window.current_page()
    assert not page.content.is_empty
    with Workspace.open(planned_window.state.path) as ws:
        saved = load_plan(ws, "Pilot")
    assert saved.settings.min_cohort == 2
    totals = saved.totals()
    assert page.model.rowCount() == totals.people
    assert f"{totals.cost:,.0f} EUR" in page.summary.text()
    assert f"{totals.hours:,.0f} hours" in page.summary.text()
    # filters by role narrow the table and the totals
    role = page.filters["role"].itemText(1)
    page.set_filter("role", role)
    wanted = [p for p in saved.plans if p.role_name == role]
    assert page.model.rowCount() == len(wanted)
    assert f"{len(wanted):,} people" in page.summary.text()
    page.set_filter("role", "All")
    # a person with modules: timeline and items
    with_items = next(p for p in saved.plans if p.items)
    assert page.select_employee(with_items.employee_id)
    assert page.items.topLevelItemCount() == len(with_items.items)
    qtbot.waitUntil(lambda: page.canvas.draw_count > 0, timeout=30_000)


def test_status_edit_is_undoable(planned_window, qtbot):
    page = planned_window.current_page()
    plan = next(p for p in page.plan_set.plans if p.items)
    page.select_employee(plan.employee_id)
    page.items.topLevelItem(0).setSelected(True)
    item_id = page.items.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole)
    ws = planned_window.state.ws

    def status() -> str:
        return ws.conn.execute("SELECT status FROM plan_items WHERE id = ?",
                               (item_id,)).fetchone()[0]

    qtbot.mouseClick(page.status_buttons["done"], Qt.MouseButton.LeftButton)
    assert status() == "done"
    assert page.items.topLevelItem(0).text(8) == "done"
    assert ws.conn.execute("SELECT count(*) FROM ratings WHERE source = 'training'"
                           ).fetchone()[0] == 1
    planned_window.undo_action.trigger()
    assert status() == "planned"
    assert ws.conn.execute("SELECT count(*) FROM ratings WHERE source = 'training'"
                           ).fetchone()[0] == 0
    planned_window.redo_action.trigger()
    assert status() == "done"


def test_workshops_page_lists_sessions_and_moves_a_person(planned_window, qtbot):
    from planner.planning import load_plan
    from planner.planning.cohort_moves import check_move

    page = planned_window.show_page("workshops")
    qtbot.waitUntil(lambda: page.plan_set is not None, timeout=10_000)
    ws = planned_window.state.ws
    plan = load_plan(ws, "Pilot")
    assert page.model.rowCount() == len(plan.cohorts) > 0
    assert page.sheets.isEnabled()
    move = next(((n, m, t) for n, c in enumerate(plan.cohorts) for m in c.members
                 for t, d in enumerate(plan.cohorts)
                 if d.module_id == c.module_id and t != n
                 and check_move(ws, m, c.id, d.id) is None), None)
    if move is None:
        pytest.fail("the test plan has no possible move")
    source, member, target = move
    page.select_cohort(source)
    names = [page.attendees.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
             for i in range(page.attendees.topLevelItemCount())]
    page.attendees.setCurrentItem(page.attendees.topLevelItem(names.index(member)))
    page.target.setCurrentIndex(page.target.findData(target))
    assert page.move_button.isEnabled()
    qtbot.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
    after = load_plan(ws, "Pilot")
    assert member in after.cohorts[target].members
    qtbot.waitUntil(lambda: page.model.rowCount() and page.plan_set is not None
                    and member in page.plan_set.cohorts[target].members, timeout=10_000)

    # Edit > Undo puts the person back, Redo moves them again
    undo = planned_window.undo_action
    assert undo.isEnabled() and undo.text().startswith("&Undo Move ")
    undo.trigger()
    assert member in load_plan(ws, "Pilot").cohorts[source].members
    qtbot.waitUntil(lambda: page.plan_set is not None
                    and member in page.plan_set.cohorts[source].members, timeout=10_000)
    planned_window.redo_action.trigger()
    assert member in load_plan(ws, "Pilot").cohorts[target].members

    # building the plan again keeps the move, and the Plans page says so
    plans = planned_window.show_page("plans")
    qtbot.mouseClick(plans.build_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: plans.task is not None and plans.task.done, timeout=30_000)
    qtbot.waitUntil(lambda: "made by hand kept" in plans.summary.text(), timeout=10_000)
    rebuilt = load_plan(ws, "Pilot")
    kept = next(c for c in rebuilt.cohorts if member in c.members
                and c.module_id == plan.cohorts[target].module_id)
    assert (kept.site, kept.session_date) == (plan.cohorts[target].site,
                                              plan.cohorts[target].session_date)


def test_tables_copy_selection_as_tsv(planned_window):
    from planner.ui.widgets.table_copy import copy_selection

    page = planned_window.current_page()
    page.table.selectAll()
    text = copy_selection(page.table)
    lines = text.splitlines()
    assert lines[0].split("\t")[:3] == ["Name", "ID", "Target role"]
    assert len(lines) == page.model.rowCount() + 1
    assert QApplication.clipboard().text() == text


def test_without_a_scenario_the_plan_form_shows_the_planners_defaults_greyed(window, qtbot):
    """A new workspace's Plans page read 'Start 2000-01-01, 0.5 h/week, 1 to 1 people,
    0 weeks': the widgets' minimums. It shows the defaults a plan would get, greyed out."""
    from datetime import date

    from planner.planning import PlanSettings

    page = window.show_page("plans")
    qtbot.waitUntil(lambda: page.content.is_empty, timeout=10_000)
    assert page.scenario.count() == 0
    assert not page.settings_box.isEnabled()
    defaults = PlanSettings()
    start = page.start.date()
    assert date(start.year(), start.month(), start.day()) == defaults.start
    assert page.hours.value() == defaults.hours_per_week
    assert (page.min_cohort.value(), page.max_cohort.value()) == (
        defaults.min_cohort,
        defaults.max_cohort,
    )
    if page.has_max_wait:
        assert page.max_wait.value() == defaults.max_wait_weeks


def test_sign_in_sheets_are_offered_only_when_there_are_sessions(window, qtbot):
    page = window.show_page("workshops")
    qtbot.waitUntil(lambda: page.content.is_empty, timeout=10_000)
    assert not page.sheets.isEnabled()


def test_the_timeline_legend_sits_above_the_bars(planned_window):
    """Inside the axes ('best' place) the legend covered the hours label of a plan of one
    or two modules: it is one row above the bars, clear of every bar and label."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from planner.ui.widgets.timeline import plot_timeline

    page = planned_window.show_page("plans")
    plan_set = page.plan_set
    person = min((p for p in plan_set.plans if p.items), key=lambda p: len(p.items))
    fig = Figure(figsize=(6.4, 1.9), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    plot_timeline(fig, person, plan_set.settings, "EUR")
    fig.canvas.draw()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= ax.get_window_extent(renderer).y1 - 1
    for text in ax.texts:  # the hours and cost labels
        assert not legend.overlaps(text.get_window_extent(renderer))
