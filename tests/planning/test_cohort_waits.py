"""Issue 11: nobody waits for a workshop cohort longer than the limit; past it the
self-paced alternative (or the workshop alone); idle weeks and released weeks reported."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.planning import NEEDS_COHORT, Person, PlanSettings, build_plans
from planner.planning.cohorts import split_within_wait
from planner.planning.model import INSTEAD_OF_WORKSHOP
from tests.planning.test_plan_properties import START, catalogs


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=14).map(sorted),
    st.integers(1, 4),
    st.integers(0, 3),
    st.integers(0, 6),
)
def test_split_within_wait_never_waits_longer_than_the_limit(ready, lo, extra, wait):
    hi = lo + extra
    groups, left = split_within_wait(ready, lo, hi, wait)
    seated = sorted([k for g in groups for k in g] + left)
    assert seated == list(range(len(ready)))
    for group in groups:
        assert lo <= len(group) <= hi
        assert max(ready[k] for k in group) - min(ready[k] for k in group) <= wait


@settings(max_examples=40, deadline=None)
@given(catalog=catalogs(), data=st.data())
def test_no_cohort_wait_longer_than_the_limit(catalog, data, ph):
    n = data.draw(st.integers(2, 12))
    skills = list(catalog.skills)
    levels = {
        e: {s: data.draw(st.sampled_from([0, 1, 2, 3])) for s in skills if data.draw(st.booleans())}
        for e in range(1, n + 1)
    }
    people = {
        e: Person(e, f"E{e}", site="A", weekly_hours=data.draw(st.sampled_from([None, 1.5, 3, 8])))
        for e in levels
    }
    max_wait = data.draw(st.integers(0, 3))
    plan_settings = PlanSettings(
        start=START,
        hours_per_week=data.draw(st.sampled_from([2, 4])),
        min_cohort=data.draw(st.integers(1, 3)),
        max_cohort=6,
        max_wait_weeks=max_wait,
    )
    plans = build_plans(
        catalog,
        ph.level_matrix(catalog, levels),
        [(e, "r") for e in levels],
        plan_settings,
        people=people,
    )
    for plan in plans.plans:
        previous_end = None
        for item in plan.items:
            if item.cohort is not None:
                # ready: the week the previous item ends, or the next one when it is full
                ready_at_latest = 0 if previous_end is None else previous_end + 1
                assert item.start_week - ready_at_latest <= max_wait
                assert item.wait_weeks <= max_wait
            previous_end = item.end_week
        assert plan.idle_weeks == sum(i.wait_weeks for i in plan.items)
        for item in plan.items:
            if item.format == "workshop":
                assert (item.cohort is None) == (item.flag == NEEDS_COHORT)
            else:
                assert item.flag in ("", INSTEAD_OF_WORKSHOP)


def test_a_late_person_takes_the_self_paced_alternative_instead_of_waiting(ph):
    """Four people ready at once and one ready months later: the late one does not hold
    the cohort, and the early ones do not wait for the late one."""
    catalog = ph.small_catalog()  # workshop a2w (a 2->4), self-paced alternative a2s
    levels = {
        1: {"a": 2, "b": 3, "d": 2},
        2: {"a": 2, "b": 3, "d": 2},
        3: {"a": 2, "b": 3, "d": 2},
        4: {"a": 2, "b": 3, "d": 2},
        5: {"a": 0, "b": 0, "c": 0, "d": 0},
    }
    people = {e: Person(e, f"E{e}", site="A", weekly_hours=1.0 if e == 5 else 4.0) for e in levels}
    plans = build_plans(
        catalog,
        ph.level_matrix(catalog, levels),
        [(e, "r") for e in levels],
        PlanSettings(start=ph.START, min_cohort=2, max_cohort=8, max_wait_weeks=2),
        people=people,
    )
    late = plans.plan_of(5)
    ids = [i.module_id for i in late.items]
    assert "a2w" not in ids or next(i for i in late.items if i.module_id == "a2w").cohort is None
    early = [plans.plan_of(e) for e in (1, 2, 3, 4)]
    assert all(p.idle_weeks <= 2 for p in early)
    assert any(c.module_id == "a2w" and 5 not in c.members for c in plans.cohorts)


def test_a_workshop_week_may_exceed_weekly_hours_and_says_so(ph):
    catalog = ph.small_catalog()  # a2w takes 8 h
    levels = {e: {"a": 2, "b": 3, "d": 2} for e in range(1, 5)}
    people = {e: Person(e, f"E{e}", site="A", weekly_hours=2.0) for e in levels}
    plans = build_plans(
        catalog,
        ph.level_matrix(catalog, levels),
        [(e, "r") for e in levels],
        PlanSettings(start=ph.START, min_cohort=2, max_cohort=8),
        people=people,
    )
    plan = plans.plan_of(1)
    assert [i.module_id for i in plan.released_items] == ["a2w"]
    data = plan.to_json()
    assert data["released"][0]["module"] == "a2w"
    assert "released from work" in data["released"][0]["note"]
    for item in plan.items:  # self-study never exceeds the weekly hours
        if item.format != "workshop":
            assert max(item.week_hours.values()) <= 2.0 + 1e-9
