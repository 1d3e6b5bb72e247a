"""Issue 11: rankings put eligible people first, readiness bands are monotone and say why
someone is not eligible, weeks to ready follow each person's weekly hours, credential
gates block and are named."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.catalog.model import Catalog, Module, Requirement, Role
from planner.matching import best_roles, explain, score, top_candidates
from planner.matching.gates import credential_gates, readiness_text, why_not
from planner.matching.rankings import candidate_order
from planner.matching.scoring import NOT_ELIGIBLE, READINESS_LABELS, readiness_bands

LEVEL = st.sampled_from([0.0, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0])
PERSON = st.dictionaries(st.sampled_from("abcd"), LEVEL, max_size=4)


def _gated_catalog(mh) -> Catalog:
    """The small catalog plus a role whose must-have on d (4) no module reaches."""
    catalog = mh.small_catalog()
    roles = dict(catalog.roles)
    roles["lic"] = Role(
        "lic", "Licensed", "hybrid", "", "", (Requirement("d", 3, 3, 3), Requirement("a", 3, 2, 1))
    )
    return Catalog(catalog.skills, roles, catalog.modules)


@settings(max_examples=60, deadline=None)
@given(st.lists(PERSON, min_size=2, max_size=12), st.integers(1, 12))
def test_no_eligible_person_behind_an_ineligible_one(mh, people, n):
    catalog = _gated_catalog(mh)
    scores = score(mh.levels_of(people), catalog)
    for role_id in scores.role_ids:
        col = scores.col_of(role_id)
        for ranked in (
            top_candidates(scores, role_id, n),
            top_candidates(scores, role_id, len(people)),
        ):
            flags = [m.eligible for m in ranked]
            assert flags == sorted(flags, reverse=True), (role_id, flags)
        order = candidate_order(scores, col)
        flags = scores.eligible[order, col].tolist()
        assert flags == sorted(flags, reverse=True)
        # the top n are the best n of the full order
        assert [m.employee_id for m in top_candidates(scores, role_id, n)] == scores.employee_ids[
            order[:n]
        ].tolist()
    for employee_id in scores.employee_ids.tolist():
        flags = [m.eligible for m in best_roles(scores, employee_id, 4)]
        assert flags == sorted(flags, reverse=True)


def test_an_eligible_low_fit_ranks_above_an_ineligible_high_fit(mh):
    catalog = mh.small_catalog()
    # r1: a must 2. E1 misses it with a high fit (b 4, a 1.5); E2 meets it with a low fit.
    scores = score(mh.levels_of([{"a": 1.5, "b": 4}, {"a": 2, "b": 0}]), catalog)
    assert scores.fit[0, 0] > scores.fit[1, 0]
    ranked = top_candidates(scores, "r1", 2)
    assert [m.employee_key for m in ranked] == ["E2", "E1"]
    assert [m.readiness for m in ranked] == ["reskill", "not eligible"]
    assert why_not(scores, catalog, 0, 0) == "must-have Alpha 2 not met"
    assert readiness_text(scores, catalog, 0, 0) == "not eligible (must-have Alpha 2 not met)"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 900, allow_nan=False), min_size=2, max_size=30),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_readiness_is_monotone_in_hours_and_only_bands_eligible_people(hours, eligible):
    hours = np.array(hours, dtype=np.float32)
    elig = np.array(eligible[: len(hours)])
    bands = readiness_bands(hours, elig)
    assert (bands[~elig] == NOT_ELIGIBLE).all()
    assert (bands[elig] != NOT_ELIGIBLE).all()
    idx = np.flatnonzero(elig)
    for i in idx:
        for j in idx:
            if hours[i] <= hours[j]:
                assert bands[i] <= bands[j]


@settings(max_examples=40, deadline=None)
@given(st.lists(PERSON, min_size=2, max_size=10))
def test_readiness_monotone_in_fit_and_hours_on_real_scores(mh, people):
    """Among eligible people, someone with at least the fit and at most the hours of
    another is never in a worse band; everyone else is "not eligible" with a reason."""
    catalog = mh.small_catalog()
    scores = score(mh.levels_of(people), catalog)
    for col in range(len(scores.role_ids)):
        elig = np.flatnonzero(scores.eligible[:, col])
        for i in elig:
            for j in elig:
                if (
                    scores.fit[i, col] >= scores.fit[j, col]
                    and scores.gap_hours[i, col] <= scores.gap_hours[j, col]
                ):
                    assert scores.readiness[i, col] <= scores.readiness[j, col]
        for i in np.flatnonzero(~scores.eligible[:, col]):
            assert READINESS_LABELS[scores.readiness[i, col]] == "not eligible"
            assert why_not(scores, catalog, int(i), col)


def test_weeks_to_ready_use_each_persons_weekly_hours(mh):
    catalog = mh.small_catalog()
    # r1 for a 3, b 2: b 2->4 = 60 h
    levels = mh.levels_of([{"a": 3, "b": 2}, {"a": 3, "b": 2}, {"a": 3, "b": 2}])
    scores = score(
        levels, catalog, weekly_hours=np.array([6.0, np.nan, 0.0]), default_weekly_hours=4.0
    )
    assert scores.gap_hours[:, 0].tolist() == [60.0, 60.0, 60.0]
    assert scores.weekly_hours.tolist() == [6.0, 4.0, 4.0]
    assert scores.weeks_to_ready[:, 0].tolist() == [10.0, 15.0, 15.0]
    ranked = top_candidates(scores, "r1", 3)
    assert ranked[0].employee_key == "E1" and ranked[0].weeks_to_ready == 10.0


def test_credential_gate_blocks_is_named_and_no_module_closes_it(mh):
    catalog = _gated_catalog(mh)
    assert credential_gates(catalog) == {}  # d 0->3 exists: a must-have, not a gate
    # without a module that teaches d up to 3, the must-have becomes a credential gate
    modules = {k: v for k, v in catalog.modules.items() if k != "d0"}
    modules["d34"] = Module("d34", "d 3->4", "d", 3, 4, 20, "mentoring", 100)
    catalog = Catalog(catalog.skills, catalog.roles, modules)
    assert credential_gates(catalog) == {("lic", "d"): 3}
    levels = mh.levels_of([{"d": 2, "a": 3}, {"d": 3, "a": 3}])
    scores = score(levels, catalog)
    col = scores.col_of("lic")
    assert not scores.eligible[0, col] and scores.gate_missing[0, col]
    assert scores.eligible[1, col]
    reason = why_not(scores, catalog, 0, col)
    assert reason.startswith("credential gate: Delta 3")
    why = explain(levels, catalog, 1, "lic")
    assert why.why_not and why.why_not.startswith("credential gate") and not why.eligible
    assert "credential gate 3 not met" in why.skills[0].text
    assert math.isinf(scores.gap_hours[0, col])
