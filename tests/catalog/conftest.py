"""A workspace with the shipped catalog and a few rated people, for the catalog-edit tests."""

from __future__ import annotations

import sys

import pytest

from planner.store import Workspace

CATALOG_TABLES = (
    "skills",
    "skill_adjacency",
    "roles",
    "role_requirements",
    "modules",
    "module_prerequisites",
    "settings",
)


def rated_workspace(path, people: dict[str, dict[str, float]]) -> Workspace:
    """Shipped catalog; one employee per key with manager ratings of the given skills."""
    ws = Workspace.create(path)
    with ws.transaction():
        ws.conn.execute(
            "INSERT INTO assessments (id, source_name, sha256, imported_at) "
            "VALUES (1, 's.xlsx', 'x', '2026-01-01')"
        )
        for i, (key, levels) in enumerate(people.items(), 1):
            ws.conn.execute(
                "INSERT INTO employees (id, employee_key, name, department) "
                "VALUES (?, ?, ?, 'Ops')",
                (i, key, f"Person {key}"),
            )
            for skill, level in levels.items():
                ws.conn.execute(
                    "INSERT INTO ratings (employee_id, skill_id, assessment_id, "
                    "source, level, rated_at) VALUES (?, ?, 1, 'manager', ?, "
                    "'2026-01-01')",
                    (i, skill, level),
                )
    return ws


def catalog_rows(ws: Workspace) -> dict[str, list[tuple]]:
    """Every row of the catalog tables (and settings), sorted."""
    return {
        t: sorted(ws.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in CATALOG_TABLES
    }


@pytest.fixture(scope="session")
def ch():
    """These helpers (test modules cannot import conftest under --import-mode=importlib)."""
    return sys.modules[__name__]
