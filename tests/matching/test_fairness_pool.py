"""Issue 11: fairness over the eligible pool (and the workforce, labelled), ratios as shown,
selections needed to clear a flag, the small-sample caveat, no default that flags by
construction; --hours-per-week says what it does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.matching.fairness import (
    ELIGIBLE_POOL,
    FOUR_FIFTHS,
    WORKFORCE,
    attribute_label,
    fairness,
    headline_flags,
    ratio_text,
    report_title,
)

GROUPS = st.sampled_from(["A", "B", "C"])


def test_rates_over_the_eligible_pool_differ_from_the_workforce():
    labels = {i: ("A" if i < 10 else "B") for i in range(20)}
    selected = [0, 1, 2, 3, 4, 10, 11]
    workforce = fairness(labels, selected, "x")
    pool = fairness(labels, selected, "x", pool_ids=range(5, 15))
    assert workforce.pool == WORKFORCE and pool.pool == ELIGIBLE_POOL
    assert [g.flagged for g in workforce.groups] == [False, True]
    # over the pool group B has 2 of 5: ratio 0.80, not flagged
    assert [g.size for g in pool.groups] == [10, 5]
    assert not pool.flagged
    assert pool.to_json()["title"] == "by x, over the eligible pool"


def test_a_ratio_shown_as_0_80_is_not_flagged_and_two_decimals_are_shown():
    # rates 0.398 / 0.5 = 0.796: shown "0.80", so not flagged (what is shown is what counts)
    labels = {i: "A" for i in range(1000)} | {1000 + i: "B" for i in range(1000)}
    selected = list(range(500)) + [1000 + i for i in range(398)]
    report = fairness(labels, selected, "x")
    b = next(g for g in report.groups if g.group == "B")
    assert ratio_text(b.impact_ratio) == "0.80" and not b.flagged
    assert b.to_json()["impact_ratio"] == 0.8


@settings(max_examples=80, deadline=None)
@given(st.lists(GROUPS, min_size=6, max_size=40), st.data())
def test_the_selections_needed_clear_each_flag(groups, data):
    labels = dict(enumerate(groups))
    selected = data.draw(st.sets(st.sampled_from(sorted(labels))))
    report = fairness(labels, selected, "x")
    for group in report.flagged:
        assert round(group.impact_ratio, 2) < FOUR_FIFTHS
        if group.needed_to_clear is None:
            continue
        members = [e for e, g in labels.items() if g == group.group and e not in selected]
        more = set(selected) | set(members[: group.needed_to_clear])
        after = fairness(labels, more, "x")
        assert group.group not in {g.group for g in after.flagged}
        if group.needed_to_clear > 1:  # and one fewer would not do
            fewer = set(selected) | set(members[: group.needed_to_clear - 1])
            before = next(g for g in fairness(labels, fewer, "x").groups if g.group == group.group)
            assert round(before.rate / max(report.highest_rate, before.rate), 2) < FOUR_FIFTHS


def test_small_samples_carry_a_caveat():
    labels = {i: ("A" if i % 2 else "B") for i in range(40)}
    few = fairness(labels, [1, 3, 5], "x")
    assert few.caveat and "fewer than 5" in few.caveat
    assert few.to_json()["caveat"] == few.caveat
    assert fairness(labels, [1, 3, 5, 0, 2, 4], "x").caveat is None


def test_default_attributes_never_include_department(tmp_path):
    import json

    from planner.matching.fairness import default_attributes
    from planner.store import Workspace

    with Workspace.create(tmp_path / "w.rplan") as ws, ws.transaction():
        for i, (site, age) in enumerate([("Paris", "30-39"), ("Lyon", "40-49")] * 3):
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, department, site, "
                "attributes) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    i + 1,
                    f"E{i}",
                    f"P{i}",
                    f"D{i}",
                    site,
                    json.dumps({"Age band": age, "Cost centre": "X"}),
                ),
            )
    with Workspace.open(tmp_path / "w.rplan") as ws:
        assert default_attributes(ws) == ["Age band", "site"]


def test_hours_per_week_says_default_or_override_and_warns_when_useless(tmp_path):
    from planner.matching.workspace import weekly_hours_note
    from planner.store import Workspace

    with Workspace.create(tmp_path / "w.rplan") as ws, ws.transaction():
        for i, hours in enumerate([5.0, 3.0]):
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, weekly_hours) VALUES (?, ?, ?, ?)",
                (i + 1, f"E{i}", f"P{i}", hours),
            )
    with Workspace.open(tmp_path / "w.rplan") as ws:
        note, useless = weekly_hours_note(ws, 6.0)
        assert useless and "changes nothing" in note
        note, useless = weekly_hours_note(ws, None)
        assert not useless and "default 4 h" in note
        ws.conn.execute("UPDATE employees SET weekly_hours = NULL WHERE id = 2")
        note, useless = weekly_hours_note(ws, 6.0)
        assert not useless and "override" in note
        assert "6 h for people without their own (1 person;" in note


def test_titles_word_every_attribute_the_same_way():
    """'By site' next to 'By Age band' (an imported column keeps its capital) and
    'by job_title' read like two products; every title now words its attribute in lower case."""
    assert attribute_label("job_title") == "job title"
    assert attribute_label("Age band") == "age band"
    assert attribute_label("FTE band") == "FTE band"
    assert attribute_label("site") == "site"
    labels = {i: ("30-39" if i % 2 else "40-49") for i in range(10)}
    assert fairness(labels, [1, 2], "Age band").title == "by age band, over the workforce"
    # a check saved before reads the same
    saved = {"attribute": "Age band", "pool": ELIGIBLE_POOL, "title": "by Age band, over the x"}
    assert report_title(saved) == f"by age band, over the {ELIGIBLE_POOL}"
    # the flagged groups the command line and the dashboard list name it the same way
    flagged = {
        "attribute": "Age band",
        "pool": ELIGIBLE_POOL,
        "groups": [{"group": "40-49", "flagged": True}, {"group": "<30", "flagged": False}],
    }
    assert headline_flags([flagged]) == [("40-49", "age band")]
