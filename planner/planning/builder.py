"""From employee → role pairs to scheduled plans and workshop cohorts (pure, no I/O).

1. A learning path per person (see ``learning.py``), cached per role and level profile.
2. Workshop demand per (module, site): groups too small for a cohort (or the remainder
   a balanced split cannot seat) take a path without that workshop when the catalog has
   one (same skill levels, other formats); otherwise the workshop stays, planned alone
   and flagged "needs a cohort".
3. Scheduling: workshops are taken in one catalog-wide order; for each, every member is
   scheduled up to it, members are sorted by the week they are ready and split into
   cohorts of people ready at similar times (see ``split_within_wait``); each cohort
   meets in the week its last member is ready, and nobody waits more than
   ``settings.max_wait_weeks``: whoever fits no cohort in time takes the self-paced or
   course alternative of that step (flagged ``INSTEAD_OF_WORKSHOP``) or, without one,
   meets alone (flagged ``NEEDS_COHORT``). The rest of every path follows.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.errors import CatalogError
from planner.planning.cohorts import cohort_sizes, split_by_readiness, split_within_wait
from planner.planning.learning import WORKSHOP, Path, PathBuilder, effective_levels
from planner.planning.model import (
    INSTEAD_OF_WORKSHOP,
    NEEDS_COHORT,
    Cohort,
    Person,
    PersonPlan,
    PlanItem,
    PlanSet,
    PlanSettings,
)
from planner.planning.schedule import WeekCursor
from planner.progress import Progress, report
from planner.store.levels import LevelMatrix

log = logging.getLogger("planner.planning")


def build_plans(catalog: Catalog, levels: LevelMatrix, pairs: Iterable[tuple[int, str]],
                settings: PlanSettings, paths: ModulePaths | None = None,
                progress: Progress | None = None, *,
                people: Mapping[int, Person] | None = None) -> PlanSet:
    """Learning paths, schedules and cohorts for ``(employee_id, role_id)`` pairs.

    Args:
        catalog: skills, roles and modules.
        levels: current levels (people missing from it count as level 0 everywhere).
        pairs: who goes to which role; one role per person (a later pair replaces).
        settings: start date, weekly hours, cohort sizes, blocked weeks.
        paths: precomputed module chains of ``catalog`` (computed when omitted).
        progress: progress sink; cancelling raises Cancelled.
        people: names, sites, departments and weekly hours by employee id.

    Returns:
        A PlanSet with one PersonPlan per pair (in employee id order) and the cohorts.

    Raises:
        CatalogError: an unknown role or a prerequisite cycle among the modules.
    """
    if settings.min_cohort < 1 or settings.max_cohort < settings.min_cohort:
        raise CatalogError(f"cohort sizes must satisfy 1 <= min <= max (got "
                           f"{settings.min_cohort} and {settings.max_cohort})")
    by_person: dict[int, str] = {}
    for employee_id, role_id in pairs:
        if role_id not in catalog.roles:
            raise CatalogError(f"unknown role {role_id!r} in the allocation")
        by_person[int(employee_id)] = role_id
    ids = sorted(by_person)
    builder = PathBuilder(catalog, paths)
    people = people or {}
    keys = dict(zip(levels.employee_ids.tolist(), levels.employee_keys, strict=True))
    persons = [people.get(e) or Person(e, keys.get(e, str(e))) for e in ids]
    rows = np.full(len(ids), -1, dtype=np.int64)
    if len(levels.employee_ids):
        where = np.searchsorted(levels.employee_ids, ids)
        where = np.minimum(where, len(levels.employee_ids) - 1)
        found = levels.employee_ids[where] == np.asarray(ids, dtype=np.int64)
        rows[found] = where[found]
    eff = effective_levels(catalog, levels, rows)
    profile = np.floor(eff).astype(np.int8)

    # 1. paths, cached by (role, floored levels, excluded modules)
    cache: dict[tuple, Path] = {}
    excluded_paths: dict[frozenset[str], ModulePaths] = {frozenset(): builder.paths}

    def path_for(i: int, excluded: frozenset[str]) -> Path:
        key = (by_person[ids[i]], profile[i].tobytes(), excluded)
        found = cache.get(key)
        if found is None:
            if excluded not in excluded_paths:
                excluded_paths[excluded] = ModulePaths(catalog, exclude=excluded)
            found = builder.path(catalog.roles[by_person[ids[i]]], eff[i],
                                 excluded_paths[excluded])
            cache[key] = found
        return found

    n = len(ids)
    seqs: list[Path] = []
    for i in range(n):
        if i % 500 == 0:
            report(progress, i, n * 2, "learning paths")
        seqs.append(path_for(i, frozenset()))

    # 2. workshops without a cohort: alternatives, else flagged
    excluded = [frozenset()] * n
    flagged: list[set[str]] = [set() for _ in range(n)]
    modules = catalog.modules
    while True:
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in range(n):
            for mid in seqs[i].modules:
                if modules[mid].format == WORKSHOP and mid not in flagged[i]:
                    groups[(mid, persons[i].site)].append(i)
        changed = False
        for (mid, _site), members in sorted(groups.items()):
            _sizes, left = cohort_sizes(len(members), settings.min_cohort, settings.max_cohort)
            for i in sorted(members, key=lambda i: ids[i])[len(members) - left:] if left else ():
                if mid in excluded[i]:
                    if mid not in flagged[i]:
                        flagged[i].add(mid)
                        changed = True
                    continue
                excluded[i] = excluded[i] | {mid}
                seqs[i] = path_for(i, excluded[i])
                if mid in seqs[i].modules:
                    flagged[i].add(mid)
                changed = True
        if not changed:
            break

    # 3. schedule
    blocked = settings.blocked_week_indices()
    plans: list[PersonPlan] = []
    cursors: list[WeekCursor] = []
    positions = [0] * n
    for i, person in enumerate(persons):
        capacity = person.weekly_hours if person.weekly_hours and person.weekly_hours > 0 \
            else settings.hours_per_week
        role = catalog.roles[by_person[ids[i]]]
        baseline = {r.skill: round(float(eff[i, builder.skill_index[r.skill]]), 2)
                    for r in role.requirements if r.skill in builder.skill_index}
        plans.append(PersonPlan(person, role.id, role.name, capacity,
                                unmet=list(seqs[i].unmet), baseline=baseline))
        cursors.append(WeekCursor(capacity, blocked))
    cohorts: list[Cohort] = []

    def add_item(i: int, mid: str, placed: tuple[int, int, dict[int, float]],
                 cohort: int | None = None, flag: str = "", wait: int = 0) -> None:
        module = modules[mid]
        start, end, per_week = placed
        if module.format == WORKSHOP:
            start_date = end_date = settings.session_date(start)
        else:
            start_date, end_date = settings.week_start(start), settings.week_end(end)
        plan = plans[i]
        plan.items.append(PlanItem(
            employee_id=ids[i], role_id=plan.role_id, module_id=mid, title=module.title,
            skill=module.skill, from_level=module.from_level, to_level=module.to_level,
            format=module.format, seq=len(plan.items) + 1, start_week=start, end_week=end,
            start_date=start_date, end_date=end_date, hours=module.hours, cost=module.cost,
            cohort=cohort, flag=flag, week_hours=per_week, wait_weeks=wait))

    def advance(i: int, until: str | None = None) -> None:
        seq = seqs[i].modules
        cursor = cursors[i]
        while positions[i] < len(seq) and seq[positions[i]] != until:
            mid = seq[positions[i]]
            module = modules[mid]
            if module.format == WORKSHOP:
                # flagged, or out of the catalog-wide order: this person meets alone
                week = cursor.ready_week(module.hours)
                add_item(i, mid, cursor.place_workshop(week, module.hours), flag=NEEDS_COHORT)
                flagged[i].add(mid)
            else:
                add_item(i, mid, cursor.place(module.hours))
            positions[i] += 1

    workshops = frozenset(m for m, module in modules.items() if module.format == WORKSHOP)
    no_workshops: list[ModulePaths] = []

    def level_now(i: int, skill: str, own_only: bool = False) -> float:
        """Person ``i``'s level in ``skill``: assessed, or reached by modules placed so far."""
        j = builder.skill_index.get(skill)
        own = float(eff[i, j]) if j is not None else 0.0
        if own_only:
            return own
        return max([own, *(modules[it.module_id].to_level for it in plans[i].items
                           if it.skill == skill and modules.get(it.module_id) is not None)])

    def alternative_for(i: int, mid: str) -> tuple[str, ...] | None:
        """Non-workshop modules person ``i`` can take now instead of workshop ``mid``: () when
        the step is already covered, None when no usable alternative exists."""
        module = modules[mid]
        if any(mid in modules[m].prerequisites for m in seqs[i].modules):
            return None  # a later module names this workshop as its prerequisite
        start = math.floor(level_now(i, module.skill))
        if start >= module.to_level:
            return ()
        if not no_workshops:
            no_workshops.append(ModulePaths(catalog, exclude=workshops))
        chain = no_workshops[0].chain(module.skill, start, module.to_level)
        if chain is None:
            return None
        placed = {item.module_id for item in plans[i].items}
        if set(chain.modules) & (placed | set(seqs[i].modules)):
            return None
        for alt in chain.modules:
            m = modules[alt]
            if any(p not in placed and level_now(i, modules[p].skill, own_only=True)
                   < modules[p].to_level for p in m.prerequisites if p in modules):
                return None
            if any(level_now(i, r.skill) < r.level for r in m.requires):
                return None
            placed.add(alt)
        return chain.modules

    members_of: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in range(n):
        for mid in seqs[i].modules:
            if modules[mid].format == WORKSHOP and mid not in flagged[i]:
                members_of[mid][persons[i].site].append(i)
    for count, mid in enumerate(sorted(members_of, key=builder.workshop_rank.__getitem__)):
        report(progress, n + count * n // max(len(members_of), 1), n * 2, "workshop cohorts")
        hours = modules[mid].hours
        for site, members in sorted(members_of[mid].items()):
            ready: list[tuple[int, int, int]] = []
            for i in members:
                advance(i, until=mid)
                if mid in flagged[i]:
                    continue  # placed alone on the way
                ready.append((cursors[i].ready_week(hours), ids[i], i))
            ready.sort()
            weeks = [r[0] for r in ready]
            if settings.max_wait_weeks is None:
                groups, left = split_by_readiness(weeks, settings.min_cohort,
                                                  settings.max_cohort)
            else:
                groups, left = split_within_wait(weeks, settings.min_cohort,
                                                 settings.max_cohort, settings.max_wait_weeks)
            for number, group in enumerate(groups, 1):
                chunk = [ready[k] for k in group]
                week = max(r[0] for r in chunk)
                cohorts.append(Cohort(mid, site, number, week, settings.session_date(week),
                                      [r[1] for r in chunk]))
                for ready_week, _, i in chunk:
                    add_item(i, mid, cursors[i].place_workshop(week, hours),
                             cohort=len(cohorts) - 1, wait=week - ready_week)
                    plans[i].idle_weeks += week - ready_week
                    positions[i] += 1
            for k in left:
                # no cohort in time (or fewer than the minimum are left after an earlier
                # workshop moved people): the alternative of that step, else alone
                i = ready[k][2]
                positions[i] += 1
                alternative = alternative_for(i, mid)
                if alternative is not None:
                    for alt in alternative:
                        add_item(i, alt, cursors[i].place(modules[alt].hours),
                                 flag=INSTEAD_OF_WORKSHOP)
                    continue
                add_item(i, mid, cursors[i].place_workshop(cursors[i].ready_week(hours),
                                                           hours), flag=NEEDS_COHORT)
                flagged[i].add(mid)
    for i in range(n):
        advance(i)
    report(progress, n * 2, n * 2, "plans ready")
    log.info("planned %d people, %d cohorts", n, len(cohorts))
    return PlanSet(settings=settings, plans=plans, cohorts=cohorts)
