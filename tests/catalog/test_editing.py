"""Editing a workspace's catalog: validation, one transaction per edit, exact undo."""

from __future__ import annotations

import numpy as np
import pytest

from planner.catalog import changes
from planner.catalog.checks import CatalogEditError
from planner.catalog.model import Module
from planner.catalog.saving import edit_catalog, restore_catalog
from planner.matching import score_workspace

PEOPLE = {
    "A": {"python": 5, "communication": 4},
    "B": {"python": 2},
    "C": {"communication": 3},
    "D": {"python": 3, "prompt_design": 2},
}


def test_editing_a_requirement_changes_that_roles_fit_for_the_people_it_concerns_only(ch, tmp_path):
    with ch.rated_workspace(tmp_path / "w.rplan", PEOPLE) as ws:
        before = score_workspace(ws).scores
        edit_catalog(
            ws,
            lambda c: changes.set_requirement(c, "prompt_engineer", "python", target=4, weight=2),
        )
        after = score_workspace(ws).scores
    col = before.col_of("prompt_engineer")
    assert after.role_ids == before.role_ids
    others = [j for j in range(len(before.role_ids)) if j != col]
    assert np.array_equal(before.fit[:, others], after.fit[:, others])
    assert np.array_equal(before.gap_hours[:, others], after.gap_hours[:, others])
    changed = {
        before.employee_keys[i] for i in np.flatnonzero(before.fit[:, col] != after.fit[:, col])
    }
    # python 2 and 3 fall short of the new target 4; python 5 and no python are unaffected
    assert changed == {"B", "D"}
    b = before.row_of(2)
    assert after.fit[b, col] < before.fit[b, col]


def test_bad_requirement_edits_are_refused_and_nothing_is_written(ch, tmp_path):
    with ch.rated_workspace(tmp_path / "w.rplan", {}) as ws:
        rows = ch.catalog_rows(ws)
        for bad, words in (
            (dict(skill="no_such_skill", target=3), "unknown skill"),
            (dict(skill="python", target=6), "out of range"),
            (dict(skill="python", target=0), "out of range"),
            (dict(skill="python", target=3, weight=4), "weight 4"),
            (dict(skill="python", target=2, must_min=3), "above the target"),
        ):
            skill = bad.pop("skill")
            with pytest.raises(CatalogEditError, match=words):
                edit_catalog(
                    ws,
                    lambda c, s=skill, b=bad: changes.set_requirement(c, "prompt_engineer", s, **b),
                )
        assert ch.catalog_rows(ws) == rows


def test_a_prerequisite_cycle_is_refused_by_module_names(ch, tmp_path):
    with ch.rated_workspace(tmp_path / "w.rplan", {}) as ws:
        catalog = ws.catalog()
        a, b = catalog.modules["M-AILIT-01"], catalog.modules["M-AILIT-12"]
        edit_catalog(ws, lambda c: changes.update_module(c, b.id, prerequisites=(a.id,)))
        with pytest.raises(CatalogEditError) as exc:
            edit_catalog(ws, lambda c: changes.update_module(c, a.id, prerequisites=(b.id,)))
        assert a.title in str(exc.value) and b.title in str(exc.value)
        assert ws.catalog().modules[a.id].prerequisites == ()


def test_undo_restores_the_exact_previous_catalog(ch, tmp_path):
    with ch.rated_workspace(tmp_path / "w.rplan", PEOPLE) as ws:
        original_rows, original = ch.catalog_rows(ws), ws.catalog()
        steps = [
            lambda c: changes.duplicate_role(c, "prompt_engineer", "Prompt lead"),
            lambda c: changes.rename_role(c, "prompt_engineer", "Prompt writer"),
            lambda c: changes.set_requirement(
                c, "prompt_engineer", "statistics", target=3, weight=1, must_min=1, gate=True
            ),
            lambda c: changes.remove_requirement(c, "prompt_engineer", "python"),
            lambda c: changes.delete_role(c, "genai_specialist"),
            lambda c: changes.put_module(
                c,
                Module(
                    "M-OWN-1",
                    "Our prompt clinic",
                    "prompt_design",
                    1,
                    2,
                    6,
                    "workshop",
                    120.0,
                    "In-house",
                    prerequisites=("M-AILIT-01",),
                ),
            ),
            lambda c: changes.update_module(c, "M-AILIT-12", cost=99.5, provider="Us"),
            lambda c: changes.delete_module(c, "M-AILIT-01W"),
            lambda c: changes.set_currency(c, "chf"),
        ]
        history = []
        for step in steps:
            rows = ch.catalog_rows(ws)
            history.append((edit_catalog(ws, step), rows))
        assert ws.catalog() != original and ws.catalog().currency == "CHF"
        assert ws.catalog().roles["prompt_engineer"].source_phrase  # still the article's
        assert ws.catalog().roles["prompt_lead"].origin == "workspace"
        for previous, rows in reversed(history):
            restore_catalog(ws, previous)
            assert ws.catalog() == previous
            assert ch.catalog_rows(ws) == rows
        assert ch.catalog_rows(ws) == original_rows


def test_roles_and_modules_in_use_by_a_scenario_are_not_deleted(ch, tmp_path):
    from planner.matching import Constraints, Demand, allocate, save_scenario

    with ch.rated_workspace(tmp_path / "w.rplan", PEOPLE) as ws:
        bundle = score_workspace(ws)
        demand = Demand.from_json({"prompt_engineer": 1})
        save_scenario(
            ws,
            "Q3",
            demand,
            Constraints(eligible_only=False),
            allocate(bundle.scores, demand, Constraints(eligible_only=False)),
        )
        with pytest.raises(CatalogEditError, match="Q3"):
            edit_catalog(ws, lambda c: changes.delete_role(c, "prompt_engineer"))
        assert "prompt_engineer" in ws.catalog().roles


def test_reset_takes_the_shipped_role_and_module_back(ch, tmp_path):
    from planner.catalog import load_shipped_catalog
    from planner.catalog.differences import differences

    shipped = load_shipped_catalog()
    with ch.rated_workspace(tmp_path / "w.rplan", {}) as ws:
        edit_catalog(
            ws, lambda c: changes.set_requirement(c, "prompt_engineer", "python", target=5)
        )
        edit_catalog(ws, lambda c: changes.delete_module(c, "M-AILIT-01W"))
        diffs = {(d.kind, d.id, d.change) for d in differences(shipped, ws.catalog())}
        assert diffs == {
            ("role", "prompt_engineer", "changed"),
            ("module", "M-AILIT-01W", "removed"),
        }
        edit_catalog(
            ws,
            lambda c: changes.take_shipped(
                c, shipped, roles=("prompt_engineer",), modules=("M-AILIT-01W",)
            ),
        )
        assert differences(shipped, ws.catalog()) == []


def test_currency_must_be_a_three_letter_code(ch, tmp_path):
    with ch.rated_workspace(tmp_path / "w.rplan", {}) as ws:
        with pytest.raises(CatalogEditError, match="three-letter"):
            edit_catalog(ws, lambda c: changes.set_currency(c, "euros"))
        edit_catalog(ws, lambda c: changes.set_currency(c, "usd"))
        assert ws.setting("currency") == "USD" and ws.catalog().currency == "USD"


def test_scenarios_made_under_an_older_catalog_say_so_and_can_be_rerun(ch, tmp_path, capsys):
    from planner.catalog.revision import rerun_scenario, stale_scenarios
    from planner.cli import main
    from planner.matching import Constraints, Demand, allocate, save_scenario

    with ch.rated_workspace(tmp_path / "w.rplan", PEOPLE) as ws:
        bundle = score_workspace(ws)
        demand = Demand.from_json({"prompt_engineer": 1})
        constraints = Constraints(eligible_only=False)
        save_scenario(ws, "Q3", demand, constraints, allocate(bundle.scores, demand, constraints))
        assert stale_scenarios(ws) == []
        previous = edit_catalog(
            ws, lambda c: changes.set_requirement(c, "prompt_engineer", "python", target=4)
        )
        assert [str(s) for s in stale_scenarios(ws)] == [
            "scenario 'Q3': its allocation was made under an older catalog"
        ]
        restore_catalog(ws, previous)  # back to the catalog it was made under
        assert stale_scenarios(ws) == []
        edit_catalog(ws, lambda c: changes.update_module(c, "M-PY-01", cost=10.0))
    assert main(["catalog", str(tmp_path / "w.rplan")]) == 0
    assert "'Q3': its allocation was made under an older catalog" in capsys.readouterr().out
    with ch.rated_workspace(tmp_path / "w2.rplan", {}) as other:
        assert stale_scenarios(other) == []
    from planner.store import Workspace

    with Workspace.open(tmp_path / "w.rplan") as ws:
        assert rerun_scenario(ws, "Q3") == ["allocation"]
        assert stale_scenarios(ws) == []


def test_scenarios_saved_before_hashes_were_recorded_count_as_made_under_the_unedited_catalog(
    ch, tmp_path
):
    from planner.catalog.revision import stale_scenarios
    from planner.matching import Constraints, Demand, allocate, save_scenario

    with ch.rated_workspace(tmp_path / "w.rplan", PEOPLE) as ws:
        demand, constraints = Demand.from_json({"prompt_engineer": 1}), Constraints()
        save_scenario(
            ws,
            "Old",
            demand,
            constraints,
            allocate(score_workspace(ws).scores, demand, constraints),
        )
        ws.conn.execute("UPDATE scenarios SET catalog_hash = ''")  # as a schema-3 file had it
        assert stale_scenarios(ws) == []
        edit_catalog(ws, lambda c: changes.rename_role(c, "prompt_engineer", "Prompt writer"))
        assert [s.name for s in stale_scenarios(ws)] == ["Old"]
