"""From employee → role pairs to scheduled plans and workshop cohorts (pure, no I/O).

1. A learning path per person (see ``learning.py``), cached per role and level profile.
2. Workshop demand per (module, site): groups too small for a cohort (or the remainder
   a balanced split cannot seat) take a path without that workshop when the catalog has
   one (same skill levels, other formats); otherwise the workshop stays, planned alone
   and flagged "needs a cohort".
3. Scheduling: workshops are taken in one catalog-wide order; for each, every member is
   scheduled up to it, members are sorted by the week they are ready and split into
   cohorts of people ready at similar times (see ``split_by_readiness``); each cohort
   meets in the week its last member is ready. The rest of every path follows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.errors import CatalogError
from planner.planning.cohorts import cohort_sizes, split_by_readiness
from planner.planning.learning import WORKSHOP, Path, PathBuilder, effective_levels
from planner.planning.model import (
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
                 cohort: int | None = None, flag: str = "") -> None:
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
            cohort=cohort, flag=flag, week_hours=per_week))

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
            groups, left = split_by_readiness([r[0] for r in ready], settings.min_cohort,
                                              settings.max_cohort)
            for number, group in enumerate(groups, 1):
                chunk = [ready[k] for k in group]
                week = max(r[0] for r in chunk)
                cohorts.append(Cohort(mid, site, number, week, settings.session_date(week),
                                      [r[1] for r in chunk]))
                for _, _, i in chunk:
                    add_item(i, mid, cursors[i].place_workshop(week, hours),
                             cohort=len(cohorts) - 1)
                    positions[i] += 1
            for k in left:
                # fewer than the minimum are left after an earlier workshop moved people
                i = ready[k][2]
                add_item(i, mid, cursors[i].place_workshop(cursors[i].ready_week(hours),
                                                           hours), flag=NEEDS_COHORT)
                flagged[i].add(mid)
                positions[i] += 1
    for i in range(n):
        advance(i)
    report(progress, n * 2, n * 2, "plans ready")
    log.info("planned %d people, %d cohorts", n, len(cohorts))
    return PlanSet(settings=settings, plans=plans, cohorts=cohorts)
