"""Learning paths and schedules on a small hand-built catalog."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.catalog.model import Catalog, Requirement, Role, Skill
from planner.errors import CatalogError
from planner.planning import (
    NEEDS_COHORT,
    Person,
    PlanSettings,
    build_plans,
    cohort_sizes,
    within_capacity,
)


def plan_one(ph, levels, role="r", catalog=None, **settings):
    catalog = catalog or ph.small_catalog()
    matrix = ph.level_matrix(catalog, {1: levels})
    plans = build_plans(catalog, matrix, [(1, role)],
                        PlanSettings(start=ph.START, min_cohort=1, **settings))
    return plans.plans[0]


def test_path_adds_prerequisites_and_required_levels_first(ph):
    plan = plan_one(ph, {})
    ids = [i.module_id for i in plan.items]
    # must-have skill a first, then d (weight 2, needs c at 2 first), then b (needs c1)
    assert ids == ["a1", "a2w", "c1", "c2", "d1", "b1"]
    assert plan.unmet == []


def test_known_content_is_not_planned_again(ph):
    plan = plan_one(ph, {"a": 4, "c": 2})
    assert [i.module_id for i in plan.items] == ["d1", "b1"]
    assert plan_one(ph, {"a": 4, "b": 3, "d": 2}).items == []


def test_adjacency_credit_counts(ph):
    base = ph.small_catalog()
    skills = dict(base.skills)
    from planner.catalog.model import Adjacency

    skills["d"] = Skill("d", "Skill d", "ai", adjacent=(Adjacency("b", 0.5),))
    catalog = Catalog(skills, base.roles, base.modules)
    # b at 4 gives d 2.0 through adjacency: no d1 (and so no c chain for it)
    plan = plan_one(ph, {"a": 4, "b": 4}, catalog=catalog)
    assert plan.items == []


def test_cycle_is_a_catalog_error_naming_the_modules(ph):
    base = ph.small_catalog()
    modules = dict(base.modules)
    modules["x1"] = ph.module("x1", "c", 0, 1, 2, pre=("x2",))
    modules["x2"] = ph.module("x2", "c", 1, 2, 2, pre=("x1",))
    for gone in ("c1", "c2", "b1", "d1"):
        modules.pop(gone)
    catalog = Catalog(base.skills, {"s": base.roles["s"]}, modules)
    with pytest.raises(CatalogError, match=r"x1.*x2|x2.*x1"):
        plan_one(ph, {}, role="s", catalog=catalog)


def test_unknown_role_is_rejected(ph):
    catalog = ph.small_catalog()
    with pytest.raises(CatalogError, match="nope"):
        build_plans(catalog, ph.level_matrix(catalog, {1: {}}), [(1, "nope")],
                    PlanSettings(start=ph.START))


def test_weekly_hours_and_spans(ph):
    plan = plan_one(ph, {"a": 2, "c": 2, "d": 2}, hours_per_week=4)
    # b1 (5 h) needs c1? no: c at 2 already covers c1 (0->1); b1 alone, plus a2w
    weeks = {i.module_id: (i.start_week, i.end_week) for i in plan.items}
    assert weeks == {"a2w": (0, 0), "b1": (1, 2)}
    assert plan.items[1].week_hours == {1: 4, 2: 1}
    assert within_capacity(plan.items, 4)


def test_blocked_weeks_are_skipped(ph):
    blocked = (ph.START + timedelta(days=9), ph.START + timedelta(days=14))  # weeks 1, 2
    plan = plan_one(ph, {"a": 4, "c": 2, "d": 2}, hours_per_week=2, blocked_weeks=blocked)
    (item,) = plan.items
    assert item.module_id == "b1"
    assert item.week_hours == {0: 2, 3: 2, 4: 1}
    assert item.end_date == ph.START + timedelta(weeks=4, days=4)


def test_long_workshop_is_a_workshop_week_alone(ph):
    plan = plan_one(ph, {"a": 2, "b": 3, "d": 2}, hours_per_week=3)
    (item,) = plan.items
    assert item.module_id == "a2w" and item.week_hours == {0: 8}
    assert within_capacity(plan.items, 3)
    item.format = "self-paced"  # the same load from ordinary modules is over capacity
    assert not within_capacity(plan.items, 3)


def test_personal_weekly_hours_win(ph):
    catalog = ph.small_catalog()
    matrix = ph.level_matrix(catalog, {1: {"a": 4, "c": 2, "d": 2}})
    plans = build_plans(catalog, matrix, [(1, "r")], PlanSettings(start=ph.START),
                        people={1: Person(1, "E1", weekly_hours=5)})
    assert plans.plans[0].capacity == 5
    assert plans.plans[0].items[0].week_hours == {0: 5}


@pytest.mark.parametrize(("n", "lo", "hi", "sizes", "left"), [
    (17, 4, 16, [9, 8], 0), (16, 4, 16, [16], 0), (3, 4, 16, [], 3), (33, 4, 16, [11] * 3, 0),
    (6, 4, 5, [5], 1), (4, 4, 16, [4], 0)])
def test_cohort_sizes_are_balanced(n, lo, hi, sizes, left):
    assert cohort_sizes(n, lo, hi) == (sizes, left)


def cohort_catalog(ph, alternative=True):
    base = ph.small_catalog()
    modules = dict(base.modules)
    if not alternative:
        modules.pop("a2s")
    role = Role("w", "W", "specialist", "", "", (Requirement("a", 4, 3),))
    return Catalog(base.skills, {"w": role}, modules)


def test_cohorts_split_per_site_and_small_groups_take_the_alternative(ph):
    catalog = cohort_catalog(ph)
    people = {e: Person(e, f"E{e}", site="Paris" if e <= 17 else "Lyon") for e in range(1, 21)}
    matrix = ph.level_matrix(catalog, {e: {"a": 2} for e in people})
    plans = build_plans(catalog, matrix, [(e, "w") for e in people],
                        PlanSettings(start=ph.START, min_cohort=4, max_cohort=16),
                        people=people)
    assert sorted(len(c.members) for c in plans.cohorts) == [8, 9]
    assert {c.site for c in plans.cohorts} == {"Paris"}
    for e in range(18, 21):  # three in Lyon: the self-paced alternative
        assert [i.module_id for i in plans.plan_of(e).items] == ["a2s"]
    assert plans.needs_cohort == []


def test_no_alternative_means_planned_alone_and_flagged(ph):
    catalog = cohort_catalog(ph, alternative=False)
    people = {e: Person(e, f"E{e}", site="Lyon") for e in range(1, 3)}
    matrix = ph.level_matrix(catalog, {e: {"a": 2} for e in people})
    plans = build_plans(catalog, matrix, [(e, "w") for e in people],
                        PlanSettings(start=ph.START), people=people)
    assert plans.cohorts == []
    assert [(i.employee_id, i.module_id, i.flag) for i in plans.needs_cohort] == [
        (1, "a2w", NEEDS_COHORT), (2, "a2w", NEEDS_COHORT)]


def test_cohort_waits_for_its_slowest_member(ph):
    catalog = cohort_catalog(ph)
    people = {e: Person(e, f"E{e}") for e in range(1, 5)}
    levels = {1: {"a": 0}, 2: {"a": 2}, 3: {"a": 2}, 4: {"a": 2}}
    plans = build_plans(catalog, ph.level_matrix(catalog, levels),
                        [(e, "w") for e in people], PlanSettings(start=ph.START),
                        people=people)
    (cohort,) = plans.cohorts
    # person 1 first takes a1 (6 h at 4 h a week: weeks 0-1), then the workshop
    assert cohort.week == 2
    for e in people:
        item = next(i for i in plans.plan_of(e).items if i.module_id == "a2w")
        assert item.start_week == 2 and item.start_date == ph.START + timedelta(weeks=2)


def test_totals_equal_the_sum_of_items(ph):
    catalog = ph.small_catalog()
    people = {e: Person(e, f"E{e}", department="HR" if e % 2 else "IT") for e in range(1, 9)}
    matrix = ph.level_matrix(catalog, {e: {"a": e % 3, "c": e % 2} for e in people})
    plans = build_plans(catalog, matrix, [(e, "r" if e < 6 else "s") for e in people],
                        PlanSettings(start=ph.START, min_cohort=2), people=people)
    data = plans.to_json()
    items = [i for p in data["people"] for i in p["items"]]
    assert data["totals"]["scenario"]["hours"] == pytest.approx(sum(i["hours"] for i in items))
    assert data["totals"]["scenario"]["cost"] == pytest.approx(sum(i["cost"] for i in items))
    for p in data["people"]:
        assert p["totals"]["hours"] == pytest.approx(sum(i["hours"] for i in p["items"]))
        assert p["totals"]["finish_date"] == max((i["end_date"] for i in p["items"]),
                                                 default=None)
    for key, group in (("by_role", "role"), ("by_department", "department")):
        for name, total in data["totals"][key].items():
            mine = [i for p in data["people"] if p[group] == name for i in p["items"]]
            assert total["cost"] == pytest.approx(sum(i["cost"] for i in mine))
            assert total["hours"] == pytest.approx(sum(i["hours"] for i in mine))


def test_cohorts_group_people_ready_at_similar_times():
    from planner.planning.cohorts import split_by_readiness

    assert split_by_readiness([0] * 17, 4, 16) == ([list(range(9)), list(range(9, 17))], [])
    # four ready now, four ready in a year: two sessions, nobody waits a year
    groups, left = split_by_readiness([0, 0, 1, 1, 50, 50, 51, 52], 4, 16)
    assert groups == [[0, 1, 2, 3], [4, 5, 6, 7]] and left == []
    # nearly together: one session rather than two
    assert split_by_readiness([0, 0, 0, 0, 1, 1, 1, 1], 4, 16) == ([list(range(8))], [])
    assert split_by_readiness([0, 1, 2], 4, 16) == ([], [0, 1, 2])
    assert split_by_readiness([0, 1, 2, 3, 4, 5], 4, 5) == ([[0, 1, 2, 3, 4]], [5])
