"""Property tests over random catalogs and people: paths, schedules and cohorts."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.catalog.model import (
    Adjacency,
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)
from planner.planning import NEEDS_COHORT, Person, PlanSettings, build_plans, within_capacity
from planner.planning.learning import effective_levels

START = date(2027, 1, 4)


def module(mid, skill, frm, to, hours, fmt="self-paced", cost=100.0, pre=(), requires=()):
    return Module(mid, mid, skill, frm, to, hours, fmt, cost, prerequisites=pre,
                  requires=tuple(SkillPrerequisite(s, lv) for s, lv in requires))


@st.composite
def catalogs(draw) -> Catalog:
    n_skills = draw(st.integers(2, 4))
    names = [f"s{i}" for i in range(n_skills)]
    skills = {}
    for i, name in enumerate(names):
        adjacent = ()
        if i and draw(st.booleans()):
            adjacent = (Adjacency(names[draw(st.integers(0, i - 1))],
                                  draw(st.sampled_from([0.5, 0.8]))),)
        skills[name] = Skill(name, name, "ai", adjacent=adjacent)
    modules = {}
    for i, name in enumerate(names):
        # a ladder of small steps, so every level is reachable (as the validator demands)
        for lv in range(5):
            mid = f"m{len(modules)}"
            modules[mid] = module(mid, name, lv, lv + 1, draw(st.sampled_from([2, 5, 9])),
                                  draw(st.sampled_from(["self-paced", "workshop"])), cost=50)
        for _ in range(draw(st.integers(1, 4))):
            frm = draw(st.integers(0, 4))
            to = draw(st.integers(frm + 1, 5))
            mid = f"m{len(modules)}"
            lower = [m for m in modules.values() if int(m.skill[1:]) < i]
            pre = tuple(sorted({m.id for m in draw(st.lists(st.sampled_from(lower),
                                                              max_size=2))})) if lower else ()
            req = ()
            if i and draw(st.booleans()):
                req = ((names[draw(st.integers(0, i - 1))], draw(st.integers(1, 3))),)
            modules[mid] = module(mid, name, frm, to, draw(st.sampled_from([1, 2.5, 4, 7, 12])),
                                  draw(st.sampled_from(["self-paced", "workshop", "course"])),
                                  cost=draw(st.integers(0, 500)), pre=pre, requires=req)
    reqs = tuple(Requirement(s, draw(st.integers(1, 5)), draw(st.integers(1, 3)),
                             draw(st.sampled_from([None, 1])))
                 for s in draw(st.lists(st.sampled_from(names), min_size=1, unique=True)))
    roles = {"r": Role("r", "R", "specialist", "", "", reqs)}
    return Catalog(skills, roles, modules)


@given(catalog=catalogs(), data=st.data())
def test_plans_close_gaps_in_order_within_capacity_and_cohort_bounds(catalog, data, ph):
    n = data.draw(st.integers(1, 12))
    skills = list(catalog.skills)
    levels = {e: {s: data.draw(st.sampled_from([0, 1, 1.5, 2, 3, 4]))
                  for s in skills if data.draw(st.booleans())} for e in range(1, n + 1)}
    people = {e: Person(e, f"E{e}", site=data.draw(st.sampled_from(["A", "B"])),
                        weekly_hours=data.draw(st.sampled_from([None, 1.5, 3, 8])))
              for e in levels}
    min_c = data.draw(st.integers(1, 4))
    max_c = data.draw(st.integers(min_c, 6))
    blocked = tuple(START + timedelta(weeks=w)
                    for w in data.draw(st.lists(st.integers(0, 12), max_size=4)))
    settings = PlanSettings(start=START, hours_per_week=data.draw(st.sampled_from([2, 4, 6])),
                            min_cohort=min_c, max_cohort=max_c, blocked_weeks=blocked)
    matrix = ph.level_matrix(catalog, levels)
    plans = build_plans(catalog, matrix, [(e, "r") for e in levels], settings, people=people)
    eff = effective_levels(catalog, matrix)
    blocked_idx = settings.blocked_week_indices()
    modules = catalog.modules
    for row, plan in enumerate(plans.plans):
        ids = [i.module_id for i in plan.items]
        assert len(ids) == len(set(ids)), "no module twice"
        level = {s: float(eff[row, j]) for j, s in enumerate(skills)}
        reached = {s: math.floor(v) for s, v in level.items()}
        position = {m: k for k, m in enumerate(ids)}
        for k, item in enumerate(plan.items):
            m = modules[item.module_id]
            # prerequisites come first (or the person already knows what they teach)
            for p in m.prerequisites:
                assert position.get(p, -1) < k
                if p not in position:
                    assert level[modules[p].skill] >= modules[p].to_level
                else:
                    assert plan.items[position[p]].end_week <= item.start_week
            for r in m.requires:
                assert max(reached[r.skill], level[r.skill]) >= r.level
            assert m.from_level <= reached[m.skill], "a module starts where the person is"
            reached[m.skill] = max(reached[m.skill], m.to_level)
            if k:
                assert plan.items[k - 1].end_week <= item.start_week, "one after another"
        assert plan.unmet == []
        for req in catalog.roles["r"].requirements:
            assert max(reached[req.skill], level[req.skill]) >= req.target
        assert within_capacity(plan.items, plan.capacity)
        for item in plan.items:
            assert not set(item.week_hours) & blocked_idx, "blocked weeks hold nothing"
            assert math.isclose(sum(item.week_hours.values()), item.hours)
        assert math.isclose(plan.hours, sum(i.hours for i in plan.items))
    for number, cohort in enumerate(plans.cohorts):
        assert min_c <= len(cohort.members) <= max_c
        assert cohort.week not in blocked_idx
        for eid in cohort.members:
            plan = plans.plan_of(eid)
            assert plan.person.site == cohort.site
            item = next(i for i in plan.items if i.module_id == cohort.module_id)
            assert item.cohort == number and item.start_week == cohort.week
    for plan in plans.plans:
        for item in plan.items:
            if item.format == "workshop":
                assert (item.cohort is None) == (item.flag == NEEDS_COHORT)
