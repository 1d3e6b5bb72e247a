"""Small hand-built catalogs and workspaces for the planning tests."""

from __future__ import annotations

import sys
from datetime import date

import numpy as np
import pytest

from planner.catalog.model import (
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)
from planner.store import Workspace
from planner.store.levels import LevelMatrix

START = date(2027, 1, 4)  # a Monday


def module(mid: str, skill: str, frm: int, to: int, hours: float, fmt: str = "self-paced",
           cost: float = 100.0, pre: tuple[str, ...] = (),
           requires: tuple[tuple[str, int], ...] = ()) -> Module:
    return Module(mid, f"Module {mid}", skill, frm, to, hours, fmt, cost,
                  prerequisites=pre,
                  requires=tuple(SkillPrerequisite(s, lv) for s, lv in requires))


def small_catalog() -> Catalog:
    """Skills a-d; role 'r' needs a (must) at 4, b at 3, d at 2; one workshop a 2->4."""
    skills = {s: Skill(s, f"Skill {s}", "ai") for s in "abcd"}
    mods = [
        module("a1", "a", 0, 2, 6),
        module("a2w", "a", 2, 4, 8, "workshop", cost=300),
        module("a2s", "a", 2, 4, 12, cost=250),         # the self-paced alternative
        module("b1", "b", 0, 3, 5, pre=("c1",)),
        module("c1", "c", 0, 1, 3),
        module("d1", "d", 0, 2, 4, requires=(("c", 2),)),
        module("c2", "c", 1, 2, 2),
    ]
    roles = {
        "r": Role("r", "Role R", "specialist", "", "",
                  (Requirement("b", 3, 1), Requirement("a", 4, 3, 2),
                   Requirement("d", 2, 2))),
        "s": Role("s", "Role S", "creative", "", "", (Requirement("c", 2, 2),)),
    }
    return Catalog(skills, roles, {m.id: m for m in mods})


def level_matrix(catalog: Catalog, levels: dict[int, dict[str, float]]) -> LevelMatrix:
    ids = sorted(levels)
    skills = list(catalog.skills)
    matrix = np.full((len(ids), len(skills)), np.nan, dtype=np.float32)
    for row, eid in enumerate(ids):
        for skill, value in levels[eid].items():
            matrix[row, skills.index(skill)] = value
    return LevelMatrix(np.asarray(ids, dtype=np.int64), [f"E{i}" for i in ids], skills,
                       matrix, np.zeros(matrix.shape, dtype=np.int8))


def make_workspace(path, catalog: Catalog, people: list[dict], *,
                   levels: dict[int, dict[str, float]] | None = None) -> Workspace:
    """A workspace with ``people`` (dicts: id, site, department, weekly_hours) and ratings."""
    ws = Workspace.create(path, catalog=catalog)
    with ws.transaction():
        ws.conn.execute("INSERT INTO assessments (id, source_name, sha256, imported_at) "
                        "VALUES (1, 'skills.xlsx', 'x', '2026-12-01T00:00:00')")
        for p in people:
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, department, site, "
                "weekly_hours) VALUES (?, ?, ?, ?, ?, ?)",
                (p["id"], f"E{p['id']}", f"Person {p['id']}", p.get("department", "Ops"),
                 p.get("site", "Paris"), p.get("weekly_hours")))
        for eid, skills in (levels or {}).items():
            for skill, value in skills.items():
                ws.conn.execute(
                    "INSERT INTO ratings (employee_id, skill_id, assessment_id, source, "
                    "level, rated_at) VALUES (?, ?, 1, 'manager', ?, '2026-12-01')",
                    (eid, skill, value))
    return ws


def add_scenario(ws: Workspace, name: str, pairs: list[tuple[int, str]],
                 demand: dict[str, int] | None = None) -> int:
    """A scenario with its allocation rows, as the matching engine would save it."""
    import json

    with ws.transaction():
        cur = ws.conn.execute(
            "INSERT INTO scenarios (name, created_at, updated_at, demand) "
            "VALUES (?, '2026-12-01', '2026-12-01', ?)", (name, json.dumps(demand or {})))
        sid = cur.lastrowid
        ws.conn.executemany(
            "INSERT INTO allocations (scenario_id, employee_id, role_id, fit, gap_hours, cost) "
            "VALUES (?, ?, ?, 50, 10, 100)", [(sid, e, r) for e, r in pairs])
    return sid


@pytest.fixture(scope="session")
def ph():
    """These helpers (test modules cannot import conftest under --import-mode=importlib)."""
    return sys.modules[__name__]
