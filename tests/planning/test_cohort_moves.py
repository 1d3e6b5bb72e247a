"""Moving a person between workshop sessions: bounds checked by the core, plan item follows."""

from __future__ import annotations

import pytest

from planner.planning import load_plan, plan_scenario
from planner.planning.cohort_moves import MoveRefused, check_move, move_member

PEOPLE = [{"id": e, "site": "Paris"} for e in range(1, 6)]


@pytest.fixture
def ws(tmp_path, ph):
    levels = {e: {"a": 2, "c": 1} for e in range(1, 6)}
    workspace = ph.make_workspace(tmp_path / "w.rplan", ph.small_catalog(), PEOPLE,
                                  levels=levels)
    ph.add_scenario(workspace, "A", [(e, "r") for e in range(1, 6)], demand={"r": 5})
    plan_scenario(workspace, start=ph.START, min_cohort=2, max_cohort=3)
    yield workspace
    workspace.close()


def sessions(ws):
    plan = load_plan(ws, "A")
    big = max(plan.cohorts, key=lambda c: len(c.members))
    small = min(plan.cohorts, key=lambda c: len(c.members))
    return plan, big, small


def test_move_within_bounds_updates_membership_and_the_persons_item(ws):
    plan, big, small = sessions(ws)
    assert (len(plan.cohorts), len(big.members), len(small.members)) == (2, 3, 2)
    person = big.members[0]
    assert check_move(ws, person, big.id, small.id) is None
    move_member(ws, person, big.id, small.id)
    after = load_plan(ws, "A")
    moved = {c.id: c for c in after.cohorts}
    assert person in moved[small.id].members and person not in moved[big.id].members
    item = next(i for i in after.plan_of(person).items if i.cohort is not None)
    assert after.cohorts[item.cohort].id == small.id
    assert item.start_date == item.end_date == small.session_date


def test_full_session_and_minimum_size_are_refused_and_nothing_changes(ws, dump_tables):
    _plan, big, small = sessions(ws)
    before = dump_tables(ws)
    # the small session would drop below the minimum of 2 (and the big one is full)
    reason = check_move(ws, small.members[0], small.id, big.id)
    assert reason is not None and "full" in reason
    with pytest.raises(MoveRefused, match="full"):
        move_member(ws, small.members[0], small.id, big.id)
    assert "not in the session" in check_move(ws, small.members[0], big.id, small.id)
    assert dump_tables(ws) == before


def test_minimum_size_is_checked(ws):
    _plan, big, small = sessions(ws)
    move_member(ws, big.members[0], big.id, small.id)     # now 2 and 3
    reason = check_move(ws, small.members[0], small.id, big.id)
    assert reason is None                                  # back to 3 and 2 is fine
    ws.conn.execute("UPDATE scenarios SET constraints = json_set(constraints, "
                    "'$.min_cohort', 3)")
    reason = check_move(ws, small.members[0], small.id, big.id)
    assert reason is not None and "below the minimum of 3" in reason
