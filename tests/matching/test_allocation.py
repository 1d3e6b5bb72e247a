"""Allocation: optimal against brute force, constraints honoured, budget never exceeded."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.matching import Constraints, Demand, allocate
from planner.matching.allocation import HOURS_WEIGHT


def brute_force(scores, demand: Demand, constraints: Constraints) -> tuple[int, float]:
    """Best (filled slots, Σ value) over every injective assignment (the reference)."""
    roles = [r for r in scores.role_ids if demand.headcount.get(r, 0) > 0]
    cols = [scores.col_of(r) for r in roles]
    slots = [demand.headcount[r] for r in roles]
    pinned_rows = {scores.row_of(e): roles.index(r) for e, r in constraints.pins.items()}
    for j in pinned_rows.values():
        slots[j] -= 1
    # issue 11: the objective also prefers earlier readiness (weeks_weight per week)
    value = scores.fit[:, cols].astype(float) - constraints.hours_weight * \
        scores.gap_hours[:, cols].astype(float) - constraints.weeks_weight * \
        scores.weeks_to_ready[:, cols].astype(float)
    cost = scores.gap_cost[:, cols].astype(float)
    budget = constraints.budget
    if budget is not None:
        budget -= sum(cost[r, j] for r, j in pinned_rows.items())
    ok = np.isfinite(scores.gap_hours[:, cols]) & np.isfinite(scores.gap_cost[:, cols])
    if constraints.horizon_weeks is not None:
        ok &= scores.weeks_to_ready[:, cols] <= constraints.horizon_weeks
    if constraints.eligible_only:
        ok &= scores.eligible[:, cols]
    if constraints.max_hours_per_person is not None:
        ok &= scores.gap_hours[:, cols] <= constraints.max_hours_per_person
    for e, excluded in constraints.exclusions.items():
        for j, r in enumerate(roles):
            if excluded is None or r in excluded:
                ok[scores.row_of(e), j] = False
    free = [i for i in range(len(scores.employee_ids)) if i not in pinned_rows]
    best = (-1, -np.inf)
    for choice in itertools.product(range(-1, len(roles)), repeat=len(free)):
        counts = [0] * len(roles)
        total, spent, feasible = 0.0, 0.0, True
        for i, j in zip(free, choice, strict=True):
            if j < 0:
                continue
            if not ok[i, j]:
                feasible = False
                break
            counts[j] += 1
            total += value[i, j]
            spent += cost[i, j]
        if budget is not None and spent > budget + 1e-9:
            feasible = False
        if feasible and all(c <= s for c, s in zip(counts, slots, strict=True)):
            best = max(best, (sum(counts), total))
    return best


def achieved(scores, result, constraints: Constraints) -> tuple[int, float]:
    chosen = [p for p in result.placements if not p.pinned]
    return len(chosen), sum(p.fit - constraints.hours_weight * p.gap_hours
                            - constraints.weeks_weight * p.weeks_to_ready for p in chosen)


def check_basic(scores, demand, constraints, result) -> None:
    ids = [p.employee_id for p in result.placements]
    assert len(ids) == len(set(ids)), "someone placed twice"
    for role_id, outcome in result.roles.items():
        assert len(outcome.chosen) + outcome.unfilled == demand.headcount[role_id]
        assert (outcome.unfilled > 0) == (outcome.reason is not None)
        for p in outcome.chosen:
            col, row = scores.col_of(role_id), scores.row_of(p.employee_id)
            if p.pinned:
                assert constraints.pins[p.employee_id] == role_id
                continue
            excluded = constraints.exclusions.get(p.employee_id, set())
            assert excluded is not None and role_id not in excluded
            assert scores.eligible[row, col] or not constraints.eligible_only
            if constraints.max_hours_per_person is not None:
                assert p.gap_hours <= constraints.max_hours_per_person
    for e, r in constraints.pins.items():
        assert any(p.employee_id == e and p.role_id == r and p.pinned
                   for p in result.placements)
    if constraints.budget is not None:
        assert result.total_cost <= constraints.budget + 1e-6


def random_instance(rng: np.random.Generator, *, ties: bool = False, rules: bool = False,
                    mh=None):
    n_emp = int(rng.integers(1, 7))
    n_roles = int(rng.integers(1, 4))
    scores = mh.random_scores(rng, n_emp, n_roles, ties=ties)
    demand = Demand({r: int(rng.integers(1, 3)) for r in scores.role_ids})
    constraints = Constraints()
    if rng.random() < 0.5:
        constraints.max_hours_per_person = float(rng.choice([50, 150, 250]))
    if rules:
        ids = [int(i) for i in rng.permutation(scores.employee_ids)]
        if ids and rng.random() < 0.7:
            e = ids.pop()
            constraints.pins[e] = str(rng.choice(scores.role_ids))
        if ids and rng.random() < 0.7:
            constraints.exclusions[ids.pop()] = None
        if ids and rng.random() < 0.7:
            constraints.exclusions[ids.pop()] = {str(rng.choice(scores.role_ids))}
        if rng.random() < 0.3:
            constraints.eligible_only = False
    return scores, demand, constraints


@pytest.mark.parametrize("ties", [False, True])
def test_allocation_is_optimal_against_brute_force(mh, ties):
    rng = np.random.default_rng(20 + ties)
    for _ in range(120):
        scores, demand, constraints = random_instance(rng, ties=ties, mh=mh)
        result = allocate(scores, demand, constraints)
        check_basic(scores, demand, constraints, result)
        count, value = achieved(scores, result, constraints)
        best_count, best_value = brute_force(scores, demand, constraints)
        assert count == best_count
        assert value == pytest.approx(best_value, abs=1e-3)


def test_pins_and_exclusions_are_honoured_and_the_rest_is_optimal(mh):
    rng = np.random.default_rng(7)
    for _ in range(120):
        scores, demand, constraints = random_instance(rng, rules=True, mh=mh)
        try:
            result = allocate(scores, demand, constraints)
        except PlannerError:
            continue  # e.g. pinned and excluded: covered below
        check_basic(scores, demand, constraints, result)
        count, value = achieved(scores, result, constraints)
        assert (count, pytest.approx(value, abs=1e-3)) == brute_force(scores, demand,
                                                                      constraints)


def test_pruning_does_not_change_the_optimum(mh):
    rng = np.random.default_rng(3)
    for _ in range(25):
        n_emp, n_roles = int(rng.integers(20, 120)), int(rng.integers(2, 6))
        scores = mh.random_scores(rng, n_emp, n_roles, ties=bool(rng.random() < 0.5))
        demand = Demand({r: int(rng.integers(1, 6)) for r in scores.role_ids})
        constraints = Constraints(max_hours_per_person=float(rng.choice([100, 400])))
        pruned = allocate(scores, demand, constraints)
        full = allocate(scores, demand, constraints, prune=False)
        assert achieved(scores, pruned, constraints)[0] == achieved(scores, full, constraints)[0]
        assert achieved(scores, pruned, constraints)[1] == pytest.approx(
            achieved(scores, full, constraints)[1], abs=1e-3)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0, 1.1), st.booleans(), st.booleans())
def test_budgeted_allocation_is_exact_against_brute_force(mh, seed, share, ties, rules):
    """Issue 11: under a budget the allocation is the exact optimum (most slots filled,
    then the best value), never the Lagrangian approximation it used to be."""
    rng = np.random.default_rng(seed)
    scores, demand, constraints = random_instance(rng, ties=ties, rules=rules, mh=mh)
    rows = [scores.row_of(e) for e in constraints.pins]
    pinned_cost = sum(float(scores.gap_cost[r, scores.col_of(constraints.pins[e])])
                      for r, e in zip(rows, constraints.pins, strict=True))
    constraints.budget = round(pinned_cost + float(scores.gap_cost.sum()) * share / 2, 2)
    try:
        result = allocate(scores, demand, constraints)
    except PlannerError:
        return  # pinned and excluded at once, or pins alone over the budget
    check_basic(scores, demand, constraints, result)
    count, value = achieved(scores, result, constraints)
    best_count, best_value = brute_force(scores, demand, constraints)
    assert count == best_count
    assert value == pytest.approx(best_value, abs=1e-3)
    assert result.solver == "milp" and result.optimality_gap is None


@settings(deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0, 1.2))
def test_budget_is_never_exceeded(mh, seed, share):
    rng = np.random.default_rng(seed)
    scores = mh.random_scores(rng, int(rng.integers(1, 30)), int(rng.integers(1, 4)))
    demand = Demand({r: int(rng.integers(1, 5)) for r in scores.role_ids})
    free = allocate(scores, demand, Constraints())
    budget = round(free.total_cost * share, 2)
    constraints = Constraints(budget=budget)
    result = allocate(scores, demand, constraints)
    check_basic(scores, demand, constraints, result)
    assert result.total_cost <= budget + 1e-6
    if free.total_cost <= budget:  # a budget that does not bind changes nothing
        assert achieved(scores, result, constraints) == pytest.approx(
            achieved(scores, free, constraints))
    # nothing affordable is left on the table: no open slot has a free candidate within
    # the unused budget (the solve is exact)
    left = budget - result.total_cost
    chosen = {p.employee_id for p in result.placements}
    for role_id, outcome in result.roles.items():
        if outcome.unfilled:
            col = scores.col_of(role_id)
            for row, eid in enumerate(scores.employee_ids):
                if eid not in chosen and scores.eligible[row, col]:
                    assert scores.gap_cost[row, col] > left
            assert outcome.reason in {"budget", "no_eligible_candidate", "other_roles"}


def test_budget_prefers_cheap_people_and_says_why_slots_stay_empty(mh):
    scores = mh.synthetic_scores([[90], [80], [70]], cost=[[500], [300], [200]],
                                 hours=[[10], [10], [10]])
    result = allocate(scores, Demand({"r0": 2}), Constraints(budget=600))
    assert sorted(p.employee_id for p in result.placements) == [2, 3]
    assert result.total_cost == 500 and result.solver == "milp"
    assert result.optimality_gap is None
    tight = allocate(scores, Demand({"r0": 2}), Constraints(budget=250))
    assert [p.employee_id for p in tight.placements] == [3]
    assert tight.roles["r0"].unfilled == 1 and tight.roles["r0"].reason == "budget"
    assert tight.roles["r0"].runner_ups[0].employee_id == 1


def test_max_hours_and_eligibility(mh):
    scores = mh.synthetic_scores([[95], [90], [60]], eligible=[[False], [True], [True]],
                                 hours=[[0], [120], [30]])
    result = allocate(scores, Demand({"r0": 2}), Constraints(max_hours_per_person=100))
    assert [p.employee_id for p in result.placements] == [3]
    assert result.roles["r0"].reason == "max_hours"
    open_ = allocate(scores, Demand({"r0": 2}), Constraints(eligible_only=False))
    assert sorted(p.employee_id for p in open_.placements) == [1, 2]
    strict = allocate(scores, Demand({"r0": 3}), Constraints())
    assert strict.roles["r0"].unfilled == 1
    assert strict.roles["r0"].reason == "no_eligible_candidate"


def test_hours_weigh_against_fit(mh):
    # same fit, one needs 200 h more: 200 * HOURS_WEIGHT = 10 points
    scores = mh.synthetic_scores([[80], [75]], hours=[[200], [0]])
    assert allocate(scores, Demand({"r0": 1})).placements[0].employee_id == 2
    assert 80 - 200 * HOURS_WEIGHT < 75
    heavy = allocate(scores, Demand({"r0": 1}), Constraints(hours_weight=0.0))
    assert heavy.placements[0].employee_id == 1


def test_each_person_goes_where_they_add_most(mh):
    scores = mh.synthetic_scores([[90, 85], [88, 40]])
    result = allocate(scores, Demand({"r0": 1, "r1": 1}))
    assert {p.employee_id: p.role_id for p in result.placements} == {1: "r1", 2: "r0"}
    assert result.roles["r0"].runner_ups == []  # nobody left


def test_ties_go_to_lower_employee_ids(mh):
    scores = mh.synthetic_scores(np.full((8, 2), 70.0))
    result = allocate(scores, Demand({"r0": 2, "r1": 1}))
    assert sorted(p.employee_id for p in result.placements) == [1, 2, 3]
    assert [p.employee_id for p in result.roles["r0"].runner_ups] == [4, 5, 6]
    again = allocate(scores, Demand({"r0": 2, "r1": 1}))
    assert again.to_json() == result.to_json()


def test_pins_override_eligibility_with_a_warning(mh):
    scores = mh.synthetic_scores([[90], [10]], eligible=[[True], [False]])
    result = allocate(scores, Demand({"r0": 1}), Constraints(pins={2: "r0"}))
    assert [(p.employee_id, p.pinned) for p in result.placements] == [(2, True)]
    assert result.warnings and "E2" in result.warnings[0]


@pytest.mark.parametrize(("constraints", "message"), [
    (Constraints(pins={1: "r1"}), "does not ask for"),
    (Constraints(pins={1: "r0", 2: "r0"}), "more people are pinned"),
    (Constraints(pins={1: "r0"}, exclusions={1: None}), "both pinned to and excluded"),
    (Constraints(pins={9: "r0"}), "no employee with id 9"),
    (Constraints(pins={1: "r0"}, budget=50), "alone cost"),
])
def test_rules_that_cannot_be_honoured_are_refused(mh, constraints, message):
    scores = mh.synthetic_scores([[90, 50], [80, 50]], cost=[[100, 0], [0, 0]])
    with pytest.raises(PlannerError, match=message):
        allocate(scores, Demand({"r0": 1}), constraints)


def test_unknown_demand_role_is_refused(mh):
    scores = mh.synthetic_scores([[90]])
    with pytest.raises(PlannerError, match="nope"):
        allocate(scores, Demand({"nope": 1}))


def test_result_json_is_complete(mh):
    scores = mh.synthetic_scores([[90, 20], [80, 30], [10, 10]], hours=[[5, 0], [0, 0], [0, 0]],
                                 cost=[[50, 0], [0, 0], [0, 0]])
    from datetime import date

    data = allocate(scores, Demand({"r0": 1, "r1": 3}),
                    Constraints(budget=100, start=date(2027, 1, 4))).to_json()
    # issue 11 added the horizon and the exact solver's verdict to the totals
    assert data["totals"] == {"demanded": 4, "filled": 3, "unfilled": 1, "mean_fit": 43.33,
                              "total_hours": 5.0, "total_cost": 50.0, "budget": 100,
                              "max_hours_per_person": None, "ready_by": "2028-07-04",
                              "horizon_weeks": 78, "start": "2027-01-04", "solver": "milp",
                              "optimality_gap": None, "optimal": True}
    r1 = data["roles"][1]
    assert r1["role_id"] == "r1" and r1["unfilled"] == 1
    assert r1["reason"] == "other_roles" and r1["reason_text"]  # E1 is placed in r0
    assert {c["employee_key"] for c in r1["chosen"]} == {"E2", "E3"}


def test_progress_is_reported_and_cancel_stops_the_work(mh):
    from planner.errors import Cancelled
    from planner.matching import score
    from planner.progress import Progress

    seen: list[tuple[int, int, str]] = []
    scores = mh.synthetic_scores([[90], [80], [70]], cost=[[500], [300], [200]])
    allocate(scores, Demand({"r0": 2}), Constraints(budget=600),
             Progress(lambda d, t, m: seen.append((d, t, m))))
    assert seen[0][0] == 0 and seen[-1] == (3, 3, "Allocated")
    assert any(m == "Solving within the budget (exact)" for _, _, m in seen)
    cancelled = Progress()
    cancelled.cancel()
    with pytest.raises(Cancelled):
        allocate(scores, Demand({"r0": 1}), progress=cancelled)
    with pytest.raises(Cancelled):
        score(mh.levels_of([{"a": 1}]), mh.small_catalog(), progress=cancelled)


def test_ties_hold_on_a_large_instance(mh):
    scores = mh.synthetic_scores(np.full((20_000, 4), 70.0))
    result = allocate(scores, Demand({r: 25 for r in scores.role_ids}))
    assert sorted(p.employee_id for p in result.placements) == list(range(1, 101))


def test_a_solve_stopped_at_its_time_limit_reports_the_proven_gap(mh, monkeypatch):
    """Issue 11: when the exact solve stops early, the result says how far from the best
    it can be (the proven gap), in the totals and as a warning."""
    import scipy.optimize

    real = scipy.optimize.milp

    def stopped(*args, **kwargs):
        result = real(*args, **kwargs)
        result.status, result.mip_gap = 1, 0.0425  # as HiGHS reports a time limit
        return result

    monkeypatch.setattr(scipy.optimize, "milp", stopped)
    scores = mh.synthetic_scores([[90], [80], [70]], cost=[[500], [300], [200]])
    result = allocate(scores, Demand({"r0": 2}), Constraints(budget=600))
    assert result.solver == "milp" and result.optimality_gap == pytest.approx(0.0425)
    assert result.totals()["optimal"] is False
    assert any("within 4.25% of the best possible" in w for w in result.warnings)
    assert result.total_cost <= 600
