"""Small hand-built catalogs, level matrices and score matrices for the matching tests."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from planner.catalog.model import Adjacency, Catalog, Module, Requirement, Role, Skill
from planner.matching.scoring import Scores
from planner.store.levels import LevelMatrix

SKILLS = ("a", "b", "c", "d")


def small_catalog() -> Catalog:
    """Skills a-d (half of c counts towards a); roles r1, r2, r3; d has no module past 3."""
    skills = {
        "a": Skill("a", "Alpha", "ai", adjacent=(Adjacency("c", 0.5),)),
        "b": Skill("b", "Beta", "data"),
        "c": Skill("c", "Gamma", "creative"),
        "d": Skill("d", "Delta", "domain"),
    }
    modules = []
    for s in "abc":
        for lvl, (hours, cost) in enumerate([(5, 100), (10, 200), (20, 400), (40, 800),
                                             (80, 1600)]):
            modules.append(Module(f"{s}{lvl}", f"{s} {lvl}->{lvl + 1}", s, lvl, lvl + 1, hours,
                                  "self-paced", cost))
    modules.append(Module("d0", "d 0->3", "d", 0, 3, 30, "course", 900))
    roles = {
        "r1": Role("r1", "Role One", "specialist", "", "",
                   (Requirement("a", 3, 3, 2), Requirement("b", 4, 2))),
        "r2": Role("r2", "Role Two", "creative", "", "",
                   (Requirement("b", 2, 1, 1), Requirement("c", 5, 2), Requirement("d", 3, 1))),
        "r3": Role("r3", "Role Three", "hybrid", "", "", (Requirement("d", 4, 2),)),
    }
    return Catalog(skills, roles, {m.id: m for m in modules})


def levels_of(rows: list[dict[str, float]], skills: tuple[str, ...] = SKILLS,
              first_id: int = 1) -> LevelMatrix:
    """A LevelMatrix with one row per dict (missing skills = not assessed)."""
    matrix = np.full((len(rows), len(skills)), np.nan, dtype=np.float32)
    for i, row in enumerate(rows):
        for skill, value in row.items():
            matrix[i, skills.index(skill)] = value
    ids = np.arange(first_id, first_id + len(rows), dtype=np.int64)
    return LevelMatrix(ids, [f"E{i}" for i in ids], list(skills), matrix,
                       np.zeros(matrix.shape, dtype=np.int8))


def synthetic_scores(fit, *, eligible=None, hours=None, cost=None,
                     role_ids=None) -> Scores:
    """Scores from given E×R matrices (everything else neutral)."""
    fit = np.asarray(fit, dtype=np.float32)
    n_emp, n_roles = fit.shape
    shape = fit.shape
    ids = np.arange(1, n_emp + 1, dtype=np.int64)
    return Scores(
        employee_ids=ids, employee_keys=[f"E{i}" for i in ids],
        role_ids=role_ids or [f"r{j}" for j in range(n_roles)], skill_ids=[],
        fit=fit,
        eligible=np.ones(shape, bool) if eligible is None else np.asarray(eligible, bool),
        gap_hours=np.zeros(shape, np.float32) if hours is None
        else np.asarray(hours, np.float32),
        gap_cost=np.zeros(shape, np.float32) if cost is None else np.asarray(cost, np.float32),
        readiness=np.zeros(shape, np.int8), unknown_count=np.zeros(shape, np.int16))


def random_scores(rng: np.random.Generator, n_emp: int, n_roles: int, *,
                  ties: bool = False) -> Scores:
    """Random scores; with ``ties`` fits and hours come from a few values so ties abound."""
    if ties:
        fit = rng.choice([40.0, 60.0, 80.0, 100.0], size=(n_emp, n_roles))
        hours = rng.choice([0.0, 20.0, 40.0], size=(n_emp, n_roles))
    else:
        fit = np.round(rng.uniform(0, 100, size=(n_emp, n_roles)), 1)
        hours = np.round(rng.uniform(0, 300, size=(n_emp, n_roles)), 0)
    cost = hours * rng.choice([10.0, 25.0, 40.0], size=(n_emp, n_roles))
    eligible = rng.random((n_emp, n_roles)) < 0.75
    return synthetic_scores(fit, eligible=eligible, hours=hours, cost=cost)


@pytest.fixture(scope="session")
def mh():
    """These helpers (test modules cannot import conftest under --import-mode=importlib)."""
    return sys.modules[__name__]
