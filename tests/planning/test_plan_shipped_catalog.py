"""End to end on the shipped catalog: ``plan --json`` for a small organisation."""

from __future__ import annotations

import json
import random

import pytest

from planner.catalog import load_shipped_catalog
from planner.cli import main
from planner.planning import load_plan, within_capacity


@pytest.fixture
def org(tmp_path, ph):
    catalog = load_shipped_catalog()
    rng = random.Random(5)
    skills = list(catalog.skills)
    people = [{"id": e, "site": rng.choice(["Paris", "Lyon", "Lille"]),
               "department": rng.choice(["Legal", "Marketing", "IT"]),
               "weekly_hours": rng.choice([None, 3, 6])} for e in range(1, 121)]
    levels = {p["id"]: {s: rng.choice([0, 1, 2, 2.5, 3, 4]) for s in rng.sample(skills, 25)}
              for p in people}
    ws = ph.make_workspace(tmp_path / "org.rplan", catalog, people, levels=levels)
    roles = list(catalog.roles)[:6]
    ph.add_scenario(ws, "Q1", [(p["id"], roles[p["id"] % len(roles)]) for p in people])
    ws.close()
    return tmp_path / "org.rplan"


def test_plan_json_on_the_shipped_catalog(org, capsys):
    assert main(["plan", str(org), "--start", "2027-01-04", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    catalog = load_shipped_catalog()
    items = [i for p in data["people"] for i in p["items"]]
    assert len(data["people"]) == 120 and len(items) > 120
    assert data["totals"]["scenario"]["hours"] == pytest.approx(sum(i["hours"] for i in items))
    assert data["totals"]["scenario"]["cost"] == pytest.approx(sum(i["cost"] for i in items))
    assert data["totals"]["scenario"]["finish_date"] == max(i["end_date"] for i in items)
    for role, total in data["totals"]["by_role"].items():
        mine = [i for p in data["people"] if p["role"] == role for i in p["items"]]
        assert total["hours"] == pytest.approx(sum(i["hours"] for i in mine))
    for person in data["people"]:
        order = [i["module"] for i in person["items"]]
        for k, module_id in enumerate(order):
            assert all(p not in order[k:] for p in catalog.modules[module_id].prerequisites)
    for cohort in data["cohorts"]:
        assert 4 <= cohort["size"] <= 16
    sites = {p["employee_key"]: p["site"] for p in data["people"]}
    assert all(sites[m] == c["site"] for c in data["cohorts"] for m in c["members"])


def test_replanning_the_shipped_catalog_keeps_capacity(org, capsys, ph):
    from planner.planning import plan_scenario
    from planner.store import Workspace

    with Workspace.open(org) as ws:
        plans = plan_scenario(ws, start=ph.START, hours_per_week=2,
                              blocked_weeks=[ph.START])
        assert all(within_capacity(p.items, p.capacity) for p in plans.plans)
        assert all(0 not in i.week_hours for p in plans.plans for i in p.items)
        assert load_plan(ws).totals().hours == pytest.approx(plans.totals().hours)
