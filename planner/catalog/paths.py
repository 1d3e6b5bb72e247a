"""Cheapest chains of training modules that lift one skill from a level to another.

Shared by scoring (gap hours) and planning (learning paths), so both agree on what
closing a gap costs. Within a skill, a module can be taken at any level from its start
level up to (not including) the level it reaches; among chains the fewest hours win,
then the lowest cost, then the fewest modules, then module ids (deterministic).
Workshop-only steps are included; planning swaps in an alternative when no cohort fills.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.catalog.model import MAX_LEVEL, Catalog, Module

LEVELS = MAX_LEVEL + 1


@dataclass(frozen=True)
class Chain:
    modules: tuple[str, ...]
    hours: float
    cost: float


class ModulePaths:
    """All cheapest chains of a catalog, computed once (a few thousand tiny searches)."""

    def __init__(self, catalog: Catalog, *, exclude: frozenset[str] = frozenset()) -> None:
        self.catalog = catalog
        self.skill_ids = list(catalog.skills)
        by_skill: dict[str, list[Module]] = {s: [] for s in self.skill_ids}
        for module in catalog.modules.values():
            if module.id not in exclude and module.skill in by_skill:
                by_skill[module.skill].append(module)
        self._chains: dict[tuple[str, int], dict[int, Chain]] = {}
        for skill, modules in by_skill.items():
            modules.sort(key=lambda m: m.id)
            for start in range(MAX_LEVEL):
                self._chains[(skill, start)] = _search(modules, start)

    def chain(self, skill: str, from_level: float, to_level: int) -> Chain | None:
        """The cheapest chain from ``from_level`` (floored) to at least ``to_level``.

        Returns an empty chain when nothing is missing and None when no chain exists.
        """
        start = math.floor(from_level) if from_level == from_level else 0
        if start >= to_level:
            return Chain((), 0.0, 0.0)
        return self._chains.get((skill, start), {}).get(to_level)

    @cached_property
    def hours_table(self) -> np.ndarray:
        """float32 [skill, from, to]: hours of the cheapest chain; inf where unreachable."""
        return self._table(lambda c: c.hours)

    @cached_property
    def cost_table(self) -> np.ndarray:
        return self._table(lambda c: c.cost)

    def _table(self, value) -> np.ndarray:
        table = np.full((len(self.skill_ids), LEVELS, LEVELS), np.inf, dtype=np.float32)
        for s, skill in enumerate(self.skill_ids):
            for start in range(LEVELS):
                table[s, start, : start + 1] = 0.0
                for target in range(start + 1, LEVELS):
                    chain = self.chain(skill, start, target)
                    if chain is not None:
                        table[s, start, target] = value(chain)
        return table


def _search(modules: list[Module], start: int) -> dict[int, Chain]:
    """Dijkstra over levels start..5 for one skill; best chain to reach at least each level."""
    best: dict[int, tuple[float, float, int, tuple[str, ...]]] = {}
    heap: list[tuple[float, float, int, tuple[str, ...], int]] = [(0.0, 0.0, 0, (), start)]
    settled: dict[int, tuple[float, float, int, tuple[str, ...]]] = {}
    while heap:
        hours, cost, count, ids, level = heapq.heappop(heap)
        if level in settled:
            continue
        settled[level] = (hours, cost, count, ids)
        for module in modules:
            if module.from_level <= level < module.to_level and module.to_level not in settled:
                heapq.heappush(heap, (hours + module.hours, cost + module.cost, count + 1,
                                      (*ids, module.id), module.to_level))
    # "at least level t": the cheapest among chains ending at t or above
    for target in range(start + 1, LEVELS):
        candidates = [v for lvl, v in settled.items() if lvl >= target]
        if candidates:
            best[target] = min(candidates)
    return {t: Chain(v[3], v[0], v[1]) for t, v in best.items()}
