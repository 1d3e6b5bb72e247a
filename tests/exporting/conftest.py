"""Workspaces for the export tests: the shipped catalog, employees and ratings by SQL,
then the real allocation and plan (matching and planning APIs)."""

from __future__ import annotations

import random
import sys
from datetime import date

import pytest

from planner.store import Workspace

START = date(2027, 1, 4)   # a Monday
DEPARTMENTS = ("Finance", "Marketing", "IT", "Operations")
SITES = ("Paris", "Lyon")
HOSTILE_NAMES = ('=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-2", "\tx", "\rx",
                 "=1+1", "-cmd|' /C calc'!A0")


def populate(ws: Workspace, people: int = 40, *, seed: int = 7, names: tuple[str, ...] = (),
             skills_per_person: int = 30) -> None:
    """``people`` employees with ratings on random catalog skills (names may be hostile)."""
    rng = random.Random(seed)
    skill_ids = [r[0] for r in ws.conn.execute("SELECT id FROM skills ORDER BY rowid")]
    with ws.transaction():
        ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                        "VALUES (1, 'skills.xlsx', 'x', '2026-12-01T00:00:00')")
        for i in range(1, people + 1):
            name = names[i - 1] if i <= len(names) else f"Person {i:03d}"
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, email, department, job_title, "
                "site, manager, weekly_hours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i, f"E{i:03d}", name, f"p{i}@example.com", DEPARTMENTS[i % 4],
                 "Analyst" if i % 2 else "=Engineer", SITES[i % 2], "Boss",
                 None if i % 3 else 6.0))
            for skill in rng.sample(skill_ids, min(skills_per_person, len(skill_ids))):
                ws.conn.execute(
                    "INSERT INTO ratings (employee_id, skill_id, assessment_id, source, level, "
                    "rated_at) VALUES (?, ?, 1, 'manager', ?, '2026-12-01')",
                    (i, skill, rng.choice((0, 1, 2, 2.5, 3, 3, 4, 5))))


def allocate_and_plan(ws: Workspace, demand: dict[str, int], *, plan: bool = True,
                      name: str = "Default") -> None:
    from planner.matching import Constraints, Demand, allocate, save_scenario, score_workspace

    bundle = score_workspace(ws)
    # everyone, whenever ready (issue 11 added an 18-month horizon by default)
    constraints = Constraints(eligible_only=False, horizon=False)
    result = allocate(bundle.scores, Demand(dict(demand)), constraints)
    save_scenario(ws, name, Demand(dict(demand)), constraints, result)
    if plan:
        from planner.planning import plan_scenario

        plan_scenario(ws, name, start=START, min_cohort=2, max_cohort=8)


DEMAND = {"prompt_engineer": 4, "genai_specialist": 2, "ai_copywriter": 3}


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """A workspace with 40 people (some with hostile names), an allocation of 9 slots and
    its plan; shared by a test module, so tests must not change it."""
    ws = Workspace.create(tmp_path_factory.mktemp("planned") / "planned.rplan")
    populate(ws, 40, names=HOSTILE_NAMES)
    allocate_and_plan(ws, DEMAND)
    yield ws
    ws.close()


@pytest.fixture
def bare(tmp_path):
    """A workspace with people and ratings but no scenario."""
    ws = Workspace.create(tmp_path / "bare.rplan")
    populate(ws, 12)
    yield ws
    ws.close()


@pytest.fixture(scope="session")
def xh():
    """These helpers (test modules cannot import conftest under --import-mode=importlib)."""
    return sys.modules[__name__]
