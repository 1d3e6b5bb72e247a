"""Moving a person between workshop sessions: bounds checked by the core, plan item follows."""

from __future__ import annotations

import pytest

from planner.planning import load_plan, plan_scenario
from planner.planning.cohort_moves import MoveRefused, check_move, move_member

PEOPLE = [{"id": e, "site": "Paris"} for e in range(1, 6)]


@pytest.fixture
def ws(tmp_path, ph):
    levels = {e: {"a": 2, "c": 1} for e in range(1, 6)}
    workspace = ph.make_workspace(tmp_path / "w.rplan", ph.small_catalog(), PEOPLE, levels=levels)
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
    move_member(ws, big.members[0], big.id, small.id)  # now 2 and 3
    reason = check_move(ws, small.members[0], small.id, big.id)
    assert reason is None  # back to 3 and 2 is fine
    ws.conn.execute("UPDATE scenarios SET constraints = json_set(constraints, '$.min_cohort', 3)")
    reason = check_move(ws, small.members[0], small.id, big.id)
    assert reason is not None and "below the minimum of 3" in reason


def _placement(ws, person):
    plan = load_plan(ws, "A")
    item = next(i for i in plan.plan_of(person).items if i.cohort is not None)
    return plan.cohorts[item.cohort].session_date, item.start_week, item.end_week


def test_undo_puts_the_person_back_exactly(ws, dump_tables):
    from planner.planning.cohort_moves import undo_move

    _plan, big, small = sessions(ws)
    before = dump_tables(ws)
    move = move_member(ws, big.members[0], big.id, small.id)
    assert dump_tables(ws) != before
    undo_move(ws, move)
    after = dump_tables(ws)
    # the scenario's row carries an updated_at stamp; everything else is as it was
    assert {k: v for k, v in after.items() if k != "scenarios"} == {
        k: v for k, v in before.items() if k != "scenarios"
    }
    assert '"cohort_moves": []' in str(after["scenarios"])
    # a second undo finds nothing to put back and says so, changing nothing
    with pytest.raises(MoveRefused, match="no longer in the session"):
        undo_move(ws, move)


def test_a_move_is_kept_when_the_plan_is_built_again(ws, ph):
    _plan, big, small = sessions(ws)
    person = big.members[0]
    move_member(ws, person, big.id, small.id)
    moved_to = _placement(ws, person)
    rebuilt = plan_scenario(ws, "A")
    assert _placement(ws, person) == moved_to
    assert any("1 workshop move made by hand kept" in n for n in rebuilt.notes)
    item = next(i for i in rebuilt.plan_of(person).items if i.cohort is not None)
    assert rebuilt.cohorts[item.cohort].session_date == moved_to[0]
    # the plan returned and the plan saved are the same
    saved = load_plan(ws, "A")
    assert sorted(len(c.members) for c in saved.cohorts) == sorted(
        len(c.members) for c in rebuilt.cohorts
    )


def test_a_move_the_new_plan_cannot_hold_is_dropped_with_a_reason(ws, ph):
    from datetime import timedelta

    _plan, big, small = sessions(ws)
    move_member(ws, big.members[0], big.id, small.id)
    rebuilt = plan_scenario(ws, "A", start=ph.START + timedelta(weeks=3))
    assert any("was not kept: that session is no longer planned" in n for n in rebuilt.notes)
    row = ws.conn.execute(
        "SELECT json_extract(constraints, '$.cohort_moves') FROM scenarios WHERE name = 'A'"
    ).fetchone()[0]
    assert row == "[]"  # forgotten, so the next rebuild does not mention it again
    assert not plan_scenario(ws, "A").notes


def _later_session(ws, ph, session, weeks):
    """Put ``session`` ``weeks`` later, its members with it, and make the workshop each
    member's last module (their later items dropped), so only the dates decide."""
    from datetime import timedelta

    day = (ph.START + timedelta(weeks=weeks)).isoformat()
    ws.conn.execute(
        "UPDATE cohorts SET week = ?, session_date = ? WHERE id = ?", (weeks, day, session.id)
    )
    ws.conn.execute(
        "UPDATE plan_items SET start_week = ?, end_week = ?, start_date = ?, "
        "end_date = ? WHERE cohort_id = ?",
        (weeks, weeks, day, day, session.id),
    )
    ws.conn.execute("DELETE FROM plan_items WHERE cohort_id IS NULL")
    return day


def test_a_move_past_the_ready_by_date_is_refused(ws, ph):
    _plan, big, small = sessions(ws)
    later = _later_session(ws, ph, small, 6)
    person = big.members[0]
    assert check_move(ws, person, big.id, small.id) is None
    ws.conn.execute(
        "UPDATE scenarios SET constraints = json_set(constraints, '$.ready_by', ?)",
        ((ph.START + __import__("datetime").timedelta(weeks=2)).isoformat(),),
    )
    reason = check_move(ws, person, big.id, small.id)
    assert reason == (
        f"this person would be ready on {later}, after the ready-by date "
        f"{(ph.START + __import__('datetime').timedelta(weeks=2)).isoformat()}"
    )
    # someone already late may move within the lateness: back to the earlier session
    move_back = check_move(ws, small.members[0], small.id, big.id)
    assert move_back is not None and "full" in move_back


def test_the_stored_figures_follow_a_move(ws, ph):
    import json

    _plan, big, small = sessions(ws)
    later = _later_session(ws, ph, small, 6)
    person = big.members[0]
    move_member(ws, person, big.id, small.id)
    saved = load_plan(ws, "A")
    results = json.loads(
        ws.conn.execute("SELECT results FROM scenarios WHERE name = 'A'").fetchone()[0]
    )
    assert results["plan"]["totals"] == saved.totals().to_json()
    assert saved.plan_of(person).finish_date.isoformat() == later
    chosen = [
        p
        for role in results.get("roles") or ()
        for p in role.get("chosen") or ()
        if p.get("employee_id") == person
    ]
    for entry in chosen:  # the allocation's figures for this person say the same
        assert entry["finish_date"] == later


def test_a_move_kept_on_rebuild_finds_the_same_session_among_equal_dates(ws):
    """Two sessions of a workshop on one day: the move names which one."""
    _plan, big, small = sessions(ws)
    assert big.session_date == small.session_date
    person = big.members[0]
    move_member(ws, person, big.id, small.id)
    plan_scenario(ws, "A")
    after = load_plan(ws, "A")
    mates = next(c for c in after.cohorts if person in c.members).members
    assert sorted(mates) == sorted([*small.members, person])


def test_a_move_into_the_week_of_another_of_their_workshops_is_refused(ws, ph):
    _plan, big, small = sessions(ws)
    later = _later_session(ws, ph, small, 6)
    person = big.members[0]
    assert check_move(ws, person, big.id, small.id) is None
    # the person also attends another workshop that week (two sessions on one Monday)
    ws.conn.execute("UPDATE modules SET format = 'workshop' WHERE id = 'b1'")
    ws.conn.execute(
        "INSERT INTO plan_items (scenario_id, employee_id, role_id, module_id, seq, "
        "start_week, end_week, start_date, end_date, hours, cost, status) "
        "SELECT scenario_id, employee_id, role_id, 'b1', 0, 6, 6, ?, ?, 5, 100, 'planned' "
        "FROM plan_items WHERE employee_id = ? AND cohort_id = ?",
        (later, later, person, big.id),
    )
    reason = check_move(ws, person, big.id, small.id)
    assert reason == (
        "this person already attends the b1 workshop in week 6, the week of that session"
    )
