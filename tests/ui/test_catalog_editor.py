"""Roles page as a catalog editor: edits reach Matching, refusals show, undo is exact."""

from __future__ import annotations

import numpy as np
import openpyxl

from planner.ui.models.candidates_model import FIT
from planner.ui.models.match_data import fit_text
from planner.ui.pages.roles import MUST, TARGET, WEIGHT

ROLE = "prompt_engineer"


def _fit_column(page, role_id):
    match = page.match
    return match.scores.fit[:, match.scores.col_of(role_id)].copy()


def test_editing_a_role_on_the_roles_page_changes_matching_and_undo_brings_it_back(window, qtbot):
    matching = window.show_page("matching")
    qtbot.waitUntil(lambda: matching.match is not None, timeout=20_000)
    matching.role.setCurrentIndex(matching.role.findData(ROLE))
    before_fit = _fit_column(matching, ROLE)
    other = next(r for r in matching.match.scores.role_ids if r != ROLE)
    before_other = _fit_column(matching, other)
    catalog_before = window.state.ws.catalog()

    roles = window.show_page("roles")
    assert roles.select_role(ROLE)
    heaviest = max(catalog_before.roles[ROLE].requirements, key=lambda r: r.weight)
    roles.set_requirement_cell(heaviest.skill, TARGET, "5")
    assert roles.error.text() == ""
    req = {r.skill: r for r in window.state.ws.catalog().roles[ROLE].requirements}
    assert req[heaviest.skill].target == 5

    old_match = matching.match
    window.show_page("matching")
    qtbot.waitUntil(
        lambda: matching.match is not None and matching.match is not old_match, timeout=20_000
    )
    after_fit = _fit_column(matching, ROLE)
    assert not np.array_equal(after_fit, before_fit)
    assert (after_fit <= before_fit + 1e-4).all()  # a higher target never helps
    assert np.array_equal(_fit_column(matching, other), before_other)
    # the candidates table shows the new fits
    shown = {
        matching.model.employee_id_at(r): matching.model.index(r, FIT).data()
        for r in range(matching.model.rowCount())
    }
    scores = matching.match.scores
    changed = [
        int(e) for e, a, b in zip(scores.employee_ids, after_fit, before_fit, strict=True) if a != b
    ]
    assert changed
    assert all(shown[e] == fit_text(float(after_fit[scores.row_of(e)])) for e in changed)

    window.undo_stack.undo()
    assert window.state.ws.catalog() == catalog_before
    old_match = matching.match
    qtbot.waitUntil(
        lambda: matching.match is not None and matching.match is not old_match, timeout=20_000
    )
    assert np.array_equal(_fit_column(matching, ROLE), before_fit)


def test_bad_requirement_values_are_refused_on_the_page(window):
    roles = window.show_page("roles")
    roles.select_role(ROLE)
    before = window.state.ws.catalog()
    skill = before.roles[ROLE].requirements[0].skill
    roles.set_requirement_cell(skill, TARGET, "7")
    assert "out of range" in roles.error.text()
    roles.set_requirement_cell(skill, WEIGHT, "lots")
    assert "whole numbers" in roles.error.text()
    target = before.roles[ROLE].requirements[0].target
    roles.set_requirement_cell(skill, MUST, str(target + 1) if target < 5 else "6")
    assert "must-have" in roles.error.text()
    assert window.state.ws.catalog() == before
    assert window.undo_stack.count() == 0
    # the table shows the stored values again
    assert roles.requirements.item(0, TARGET).text() == str(target)


def test_add_duplicate_rename_delete_roles_and_undo_them_all(window):
    roles = window.show_page("roles")
    original = window.state.ws.catalog()
    assert roles.add_role("Data steward", "ethics_governance")
    assert roles.current_role() == "data_steward"
    assert roles.add_requirement("statistics", target=3)
    roles.select_role(ROLE)
    assert roles.duplicate_role("Prompt lead")
    assert roles.current_role() == "prompt_lead"
    assert roles.rename_role("Senior prompt lead")
    roles.select_role(ROLE)
    assert roles.delete_role(confirm=False)
    catalog = window.state.ws.catalog()
    assert catalog.roles["prompt_lead"].name == "Senior prompt lead"
    assert catalog.roles["prompt_lead"].source_phrase == ""
    assert ROLE not in catalog.roles
    origins = {
        roles.roles.topLevelItem(i).text(0): roles.roles.topLevelItem(i).text(3)
        for i in range(roles.roles.topLevelItemCount())
    }
    assert origins["Senior prompt lead"] == "Your own"
    assert origins["Data steward"] == "Your own"
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    assert window.state.ws.catalog() == original
    window.undo_stack.redo()
    assert "data_steward" in window.state.ws.catalog().roles


def test_modules_tab_edits_prices_currency_and_refuses_a_cycle(window):
    roles = window.show_page("roles")
    tab = roles.modules
    roles.tabs.setCurrentWidget(tab)
    tab.set_cell("M-AILIT-12", "cost", "310")
    assert window.state.ws.catalog().modules["M-AILIT-12"].cost == 310.0
    tab.currency.setText("chf")
    tab.currency.editingFinished.emit()
    assert window.state.ws.setting("currency") == "CHF"
    assert tab.table.horizontalHeaderItem(7).text() == "Cost (CHF)"
    tab.set_cell("M-AILIT-23", "prerequisites", "M-AILIT-12")
    before = window.state.ws.catalog()
    tab.set_cell("M-AILIT-12", "prerequisites", "M-AILIT-23")
    titles = (before.modules["M-AILIT-12"].title, before.modules["M-AILIT-23"].title)
    assert all(t in tab.error.text() for t in titles)
    assert window.state.ws.catalog() == before


def test_modules_tab_names_skills_and_takes_a_typed_name(window):
    """The Skill column showed ids ('ai_literacy') where every other page shows names."""
    roles = window.show_page("roles")
    tab = roles.modules
    roles.tabs.setCurrentWidget(tab)
    catalog = window.state.ws.catalog()
    assert tab.select_module("M-AILIT-12")
    row, skill_col = tab.table.currentRow(), 2
    assert tab.table.horizontalHeaderItem(skill_col).text() == "Skill"
    skill = catalog.skills[catalog.modules["M-AILIT-12"].skill]
    assert tab.table.item(row, skill_col).text() == skill.name != skill.id
    title = tab.table.item(row, 1)
    assert title.toolTip() == catalog.modules["M-AILIT-12"].title
    other = next(s for s in catalog.skills.values() if s.id != skill.id)
    tab.set_cell("M-AILIT-12", "skill", other.name.upper())
    assert window.state.ws.catalog().modules["M-AILIT-12"].skill == other.id
    tab.select_module("M-AILIT-12")
    assert tab.table.item(tab.table.currentRow(), skill_col).text() == other.name


def test_file_catalog_export_then_import_shows_differences_and_applies(window, qtbot, tmp_path):
    from planner.ui.catalog_menu import export_catalog, import_catalog, reset_dialog

    path = export_catalog(window, tmp_path / "catalog.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["modules"]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "M-AILIT-12")
    row[7].value = 444
    book.save(path)
    window.catalog_dialog = None
    import_catalog(window, path)
    qtbot.waitUntil(lambda: getattr(window, "catalog_dialog", None) is not None, timeout=20_000)
    dialog = window.catalog_dialog
    assert dialog.list.count() == 1 and "cost 0 → 444" in dialog.list.item(0).text()
    dialog.accept()
    assert window.state.ws.catalog().modules["M-AILIT-12"].cost == 444.0

    dialog = reset_dialog(window)
    assert dialog.list.count() == 1
    dialog.list.item(0).setCheckState(dialog.list.item(0).checkState().Checked)
    dialog.accept()
    assert window.state.ws.catalog().modules["M-AILIT-12"].cost == 0.0
    window.undo_stack.undo()
    assert window.state.ws.catalog().modules["M-AILIT-12"].cost == 444.0


def test_scenarios_made_under_the_old_catalog_say_so_and_run_again(window, qtbot):
    from planner.catalog.revision import stale_scenarios
    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace

    ws = window.state.ws
    demand = Demand.from_json({ROLE: 2})
    save_scenario(
        ws,
        "Spring",
        demand,
        Constraints(eligible_only=False),
        allocate(score_workspace(ws).scores, demand, Constraints(eligible_only=False)),
    )
    roles = window.show_page("roles")
    roles.select_role(ROLE)
    assert roles.stale.isHidden()
    skill = ws.catalog().roles[ROLE].requirements[0].skill
    roles.set_requirement_cell(skill, WEIGHT, "1")
    assert not roles.stale.isHidden() and "'Spring'" in roles.stale.text()
    assert "older catalog" in roles.stale.text()
    # every page showing the scenario says so, and what to do
    allocation = window.show_page("allocation")
    allocation.open_scenario("Spring")
    assert "older catalog" in allocation.summary.text()
    assert "allocate it again" in allocation.summary.text()
    dashboard = window.show_page("dashboard")
    read = dashboard.refresh()  # an earlier read (before the edit) must not count
    qtbot.waitUntil(lambda: read.done and not dashboard.reading(), timeout=60_000)
    assert dashboard.figures is not None and dashboard.figures.name == "Spring"
    assert "older catalog" in dashboard.next_text.text()
    window.show_page("roles")
    task = roles.rerun_stale()
    qtbot.waitUntil(lambda: task.done, timeout=90_000)  # allocates and plans: a busy CI
    assert task.error is None
    qtbot.waitUntil(lambda: roles.stale.isHidden(), timeout=20_000)
    assert stale_scenarios(ws) == []
    allocation.open_scenario("Spring")
    assert "older catalog" not in allocation.summary.text()
