"""Cheapest module chains: what scoring and planning both charge for a gap."""

from __future__ import annotations

import math

import numpy as np

from planner.catalog import Catalog, Module, Skill
from planner.catalog.paths import ModulePaths


def _catalog(*modules: Module) -> Catalog:
    skills = {"a": Skill("a", "A", "ai"), "b": Skill("b", "B", "data")}
    return Catalog(skills=skills, modules={m.id: m for m in modules})


def _m(id, skill, lo, hi, hours, cost=0.0, fmt="self-paced"):
    return Module(id, id, skill, lo, hi, hours, fmt, cost)


def test_cheapest_chain_prefers_fewer_hours_then_cost():
    cat = _catalog(_m("a01", "a", 0, 1, 5), _m("a12", "a", 1, 2, 20),
                   _m("a02", "a", 0, 2, 30), _m("a12w", "a", 1, 2, 20, cost=100))
    paths = ModulePaths(cat)
    chain = paths.chain("a", 0, 2)
    assert chain.modules == ("a01", "a12") and chain.hours == 25 and chain.cost == 0


def test_chain_floors_fractional_levels_and_is_empty_when_met():
    cat = _catalog(_m("a01", "a", 0, 1, 5), _m("a12", "a", 1, 2, 20), _m("a23", "a", 2, 3, 60))
    paths = ModulePaths(cat)
    assert paths.chain("a", 1.9, 3).modules == ("a12", "a23")
    assert paths.chain("a", 3.0, 3).modules == ()
    assert paths.chain("a", float("nan"), 1).modules == ("a01",)


def test_a_module_can_be_taken_above_its_start_level():
    cat = _catalog(_m("a03", "a", 0, 3, 50))
    assert ModulePaths(cat).chain("a", 2, 3).modules == ("a03",)


def test_unreachable_is_none_and_inf_in_the_tables():
    cat = _catalog(_m("a01", "a", 0, 1, 5))
    paths = ModulePaths(cat)
    assert paths.chain("a", 0, 2) is None
    assert paths.chain("b", 0, 1) is None
    a = paths.skill_ids.index("a")
    assert paths.hours_table[a, 0, 1] == 5
    assert math.isinf(paths.hours_table[a, 0, 2])
    assert paths.hours_table[a, 3, 2] == 0


def test_tables_match_chains_for_every_cell():
    cat = _catalog(_m("a01", "a", 0, 1, 5, 10), _m("a13", "a", 1, 3, 40, 200),
                   _m("a35", "a", 3, 5, 150, 900), _m("b02", "b", 0, 2, 12, 5))
    paths = ModulePaths(cat)
    for s, skill in enumerate(paths.skill_ids):
        for lo in range(6):
            for hi in range(6):
                chain = paths.chain(skill, lo, hi)
                expected = np.inf if chain is None else chain.hours
                assert paths.hours_table[s, lo, hi] == expected


def test_excluded_modules_are_not_used():
    cat = _catalog(_m("a01w", "a", 0, 1, 3, fmt="workshop"), _m("a01s", "a", 0, 1, 6))
    assert ModulePaths(cat).chain("a", 0, 1).modules == ("a01w",)
    assert ModulePaths(cat, exclude=frozenset({"a01w"})).chain("a", 0, 1).modules == ("a01s",)
