"""Learning paths: the modules that lift a person's skills to a role's targets, in order.

For each required skill below target, the cheapest chain of modules (the same
:class:`~planner.catalog.paths.ModulePaths` chains scoring uses for gap hours). Modules
named as prerequisites, and chains for skill levels a module requires, are added until
nothing is missing; no module twice. The order is topological (whatever a module needs
comes first) and, among modules free to go, must-have skills first, then higher weight,
then catalog order.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from planner.catalog.model import Catalog, Module, Role
from planner.catalog.paths import ModulePaths
from planner.errors import CatalogError
from planner.store.levels import LevelMatrix

WORKSHOP = "workshop"


def effective_levels(catalog: Catalog, levels: LevelMatrix,
                     rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
    """Levels after adjacency credit, float32 [rows, catalog skills]; not assessed = 0.

    The level of a skill is max(own, factor × level of each adjacent skill), as in scoring.
    ``rows`` selects rows of ``levels`` (-1 for someone without ratings: all zeros).
    """
    skill_ids = list(catalog.skills)
    if rows is None:
        rows = np.arange(len(levels.employee_ids))
    rows = np.asarray(rows, dtype=np.int64)
    column = {s: i for i, s in enumerate(levels.skill_ids)}
    own = np.zeros((len(rows), len(skill_ids)), dtype=np.float32)
    known = rows >= 0
    if known.any() and levels.levels.size:
        src = np.nan_to_num(levels.levels[rows[known]], nan=0.0)
        for j, skill in enumerate(skill_ids):
            if skill in column:
                own[known, j] = src[:, column[skill]]
    out = own.copy()
    index = {s: i for i, s in enumerate(skill_ids)}
    for j, skill in enumerate(skill_ids):
        for adj in catalog.skills[skill].adjacent:
            k = index.get(adj.from_skill)
            if k is not None:
                np.maximum(out[:, j], adj.factor * own[:, k], out=out[:, j])
    return out


@dataclass(frozen=True)
class Path:
    """Ordered module ids of one learning path and the targets no module chain reaches."""

    modules: tuple[str, ...]
    unmet: tuple[tuple[str, float, int], ...] = ()


class PathBuilder:
    """Builds learning paths for one catalog (precomputes orders and priorities once)."""

    def __init__(self, catalog: Catalog, paths: ModulePaths | None = None) -> None:
        self.catalog = catalog
        self.paths = paths or ModulePaths(catalog)
        self.skill_index = {s: i for i, s in enumerate(catalog.skills)}
        self.module_index = {m: i for i, m in enumerate(catalog.modules)}
        self.by_skill: dict[str, list[Module]] = {}
        for module in catalog.modules.values():
            self.by_skill.setdefault(module.skill, []).append(module)
        for modules in self.by_skill.values():
            modules.sort(key=lambda m: (m.from_level, m.to_level, self.module_index[m.id]))
        self.workshop_rank = _workshop_rank(catalog, self.module_index, self.by_skill)

    # -- building -------------------------------------------------------------------------

    def path(self, role: Role, eff: np.ndarray, paths: ModulePaths | None = None) -> Path:
        """The ordered learning path for a person with effective levels ``eff`` (catalog order).

        ``paths`` may exclude modules (e.g. workshops with no cohort); where it has no chain
        the full catalog's chain is used instead.
        """
        paths = paths or self.paths
        modules = self.catalog.modules
        chosen: dict[str, None] = {}
        pending: deque[str] = deque()
        unmet: list[tuple[str, float, int]] = []

        def level(skill: str) -> float:
            j = self.skill_index.get(skill)
            return float(eff[j]) if j is not None else 0.0

        def covered(skill: str, without: str | None = None) -> int:
            # the level the person reaches in ``skill`` with the modules chosen so far
            cur = math.floor(level(skill))
            changed = True
            while changed:
                changed = False
                for m in self.by_skill.get(skill, ()):
                    if m.id in chosen and m.id != without and m.from_level <= cur < m.to_level:
                        cur = m.to_level
                        changed = True
            return cur

        def add_chain(skill: str, target: int, without: str | None = None) -> bool:
            cur = covered(skill, without)
            if cur >= target:
                return True
            chain = paths.chain(skill, cur, target)
            if chain is None and paths is not self.paths:
                chain = self.paths.chain(skill, cur, target)
            if chain is None:
                return False
            for mid in chain.modules:
                if mid not in chosen:
                    chosen[mid] = None
                    pending.append(mid)
            return True

        for req in self._requirements(role):
            if level(req.skill) < req.target and not add_chain(req.skill, req.target):
                unmet.append((req.skill, round(level(req.skill), 2), req.target))
        while pending:
            module = modules[pending.popleft()]
            for pid in module.prerequisites:
                prereq = modules.get(pid)
                if prereq is None or pid in chosen or level(prereq.skill) >= prereq.to_level:
                    continue  # unknown ids are the validator's job; known content is skipped
                chosen[pid] = None
                pending.append(pid)
            # a start level or required skill level no chain reaches is reported, not hidden
            if module.from_level > level(module.skill) and not add_chain(
                    module.skill, module.from_level, without=module.id):
                unmet.append((module.skill, round(level(module.skill), 2), module.from_level))
            for req in module.requires:
                if level(req.skill) < req.level and not add_chain(req.skill, req.level):
                    unmet.append((req.skill, round(level(req.skill), 2), req.level))
        return Path(self._order(role, list(chosen), eff), tuple(unmet))

    def _requirements(self, role: Role) -> list:
        return sorted(role.requirements,
                      key=lambda r: (0 if r.must_min else 1, -r.weight,
                                     self.skill_index.get(r.skill, 0)))

    def _order(self, role: Role, chosen: list[str], eff: np.ndarray) -> tuple[str, ...]:
        """Kahn's algorithm with a priority tie-break; CatalogError on a cycle."""
        if len(chosen) <= 1:
            return tuple(chosen)
        modules = self.catalog.modules
        in_plan = set(chosen)
        preds: dict[str, set[str]] = {m: set() for m in chosen}
        by_skill: dict[str, list[Module]] = {}
        for mid in chosen:
            by_skill.setdefault(modules[mid].skill, []).append(modules[mid])
        for mid in chosen:
            module = modules[mid]
            preds[mid].update(p for p in module.prerequisites if p in in_plan)
            for req in module.requires:
                preds[mid].update(m.id for m in by_skill.get(req.skill, ())
                                  if m.from_level < req.level and m.id != mid)
            preds[mid].update(m.id for m in by_skill[module.skill]
                              if m.from_level < module.from_level)
        # Workshops follow one catalog-wide order, so cohorts can be scheduled in turn.
        workshops = sorted((m for m in chosen if modules[m].format == WORKSHOP),
                           key=self.workshop_rank.__getitem__)
        with_chain = {m: set(p) for m, p in preds.items()}
        for before, after in pairwise(workshops):
            with_chain[after].add(before)
        base = self._priorities(role, chosen)
        order = _kahn(with_chain, base)
        if order is None:
            order = _kahn(preds, base)
        if order is None:
            done = set(_kahn_partial(preds, base))
            stuck = sorted(m for m in chosen if m not in done)
            raise CatalogError("training modules form a prerequisite cycle: "
                               + ", ".join(stuck))
        return tuple(order)

    def _priorities(self, role: Role, chosen: list[str]) -> dict[str, tuple]:
        skill_key = {r.skill: (0 if r.must_min else 1, -r.weight,
                               self.skill_index.get(r.skill, 0))
                     for r in role.requirements}
        modules = self.catalog.modules
        key = {}
        for mid in chosen:
            skill = modules[mid].skill
            key[mid] = (*skill_key.get(skill, (2, 0, self.skill_index.get(skill, 0))),
                        self.module_index[mid])
        return key


def _kahn(preds: dict[str, set[str]], key: dict[str, tuple]) -> list[str] | None:
    order = _kahn_partial(preds, key)
    return order if len(order) == len(preds) else None


def _kahn_partial(preds: dict[str, set[str]], key: dict[str, tuple]) -> list[str]:
    # A module's priority is the best of its own and of everything waiting on it, so a
    # prerequisite of a must-have module goes before unrelated nice-to-have modules.
    succs: dict[str, list[str]] = {m: [] for m in preds}
    for m, ps in preds.items():
        for p in ps:
            succs[p].append(m)
    prio = dict(key)
    changed = True
    while changed:
        changed = False
        for m, ps in preds.items():
            for p in ps:
                if prio[m][:3] < prio[p][:3]:
                    prio[p] = (*prio[m][:3], key[p][3])
                    changed = True
    waiting = {m: len(ps) for m, ps in preds.items()}
    heap = [(prio[m], m) for m, n in waiting.items() if n == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        _, m = heapq.heappop(heap)
        order.append(m)
        for s in succs[m]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(heap, (prio[s], s))
    return order


def _workshop_rank(catalog: Catalog, module_index: dict[str, int],
                   by_skill: dict[str, list[Module]]) -> dict[str, int]:
    """A catalog-wide order of modules consistent with every ordering a path can impose.

    Falls back to the prerequisite-only order when skill-level requirements alone form a
    loop (a path then keeps its own order and such workshops may run outside a cohort).
    """
    preds: dict[str, set[str]] = {m: set() for m in catalog.modules}
    for module in catalog.modules.values():
        preds[module.id].update(p for p in module.prerequisites if p in preds)
        for req in module.requires:
            preds[module.id].update(m.id for m in by_skill.get(req.skill, ())
                                    if m.from_level < req.level and m.id != module.id)
        preds[module.id].update(m.id for m in by_skill[module.skill]
                                if m.from_level < module.from_level)
    key = {m: (0, 0, 0, i) for m, i in module_index.items()}
    order = _kahn(preds, key)
    if order is None:
        from planner.catalog.loader import module_order

        order = module_order(catalog)
    return {m: i for i, m in enumerate(order)}
