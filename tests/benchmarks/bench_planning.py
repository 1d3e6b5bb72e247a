"""Benchmark: plans and workshop cohorts for 5,000 people out of a 50,000-employee org.

Synthetic levels over the shipped catalog; 5,000 people drawn at random, spread evenly
over the catalog's roles (allocation has its own benchmark; planning takes any pairs).
Prints the median of a few runs of :func:`planner.planning.build_plans`.

Run: ``python tests/benchmarks/bench_planning.py [--runs N]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

import numpy as np

from planner.catalog import load_shipped_catalog
from planner.catalog.paths import ModulePaths
from planner.planning import Person, PlanSettings, build_plans, within_capacity
from planner.store.levels import LevelMatrix

EMPLOYEES = 50_000
PLANNED = 5_000
SITES = ("Paris", "Lyon", "Berlin", "Madrid", "Remote")


def synthetic_levels(catalog, rng: np.random.Generator) -> LevelMatrix:
    skills = list(catalog.skills)
    levels = rng.choice(np.array([np.nan, 0, 1, 2, 3, 4, 5], dtype=np.float32),
                        p=[0.3, 0.15, 0.2, 0.15, 0.1, 0.07, 0.03],
                        size=(EMPLOYEES, len(skills))).astype(np.float32)
    ids = np.arange(1, EMPLOYEES + 1, dtype=np.int64)
    return LevelMatrix(ids, [f"E{i:06d}" for i in ids], skills, levels,
                       np.where(np.isnan(levels), 0, 1).astype(np.int8))


def choose_pairs(catalog, levels, rng) -> list[tuple[int, str]]:
    roles = list(catalog.roles)
    people = rng.choice(levels.employee_ids, size=PLANNED, replace=False)
    return [(int(e), roles[k % len(roles)]) for k, e in enumerate(sorted(people))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    catalog = load_shipped_catalog()
    levels = synthetic_levels(catalog, rng)
    pairs = choose_pairs(catalog, levels, rng)
    people = {e: Person(e, f"E{e:06d}", site=SITES[e % len(SITES)],
                        weekly_hours=[None, 2.0, 4.0, 6.0][e % 4]) for e, _ in pairs}
    settings = PlanSettings(start=date(2027, 1, 4), blocked_weeks=(date(2027, 4, 5),))
    started = time.perf_counter()
    paths = ModulePaths(catalog)
    paths_time = time.perf_counter() - started
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        plans = build_plans(catalog, levels, pairs, settings, paths=paths, people=people)
        times.append(time.perf_counter() - started)
    total = plans.totals()
    assert all(within_capacity(p.items, p.capacity) for p in plans.plans)
    print(f"module chains (once per catalog): {paths_time:.2f} s")
    print(f"plans for {len(pairs):,} of {EMPLOYEES:,} employees: median "
          f"{statistics.median(times):.2f} s over {args.runs} runs "
          f"({', '.join(f'{t:.2f}' for t in times)})")
    print(f"  {total.modules:,} plan items, {total.hours:,.0f} h, cost {total.cost:,.0f}, "
          f"{len(plans.cohorts)} cohorts, {len(plans.needs_cohort)} flagged "
          f"'needs a cohort', finish {total.finish_date}")


if __name__ == "__main__":
    main()
