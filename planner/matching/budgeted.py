"""The allocation under a budget, solved exactly as a mixed-integer program.

Variables x[e, r] ∈ {0, 1} for feasible (employee, role) pairs; each person fills at most
one slot, each role at most its open slots, Σ cost · x ≤ budget. Lexicographic objective:
the most filled slots, then the largest Σ value · x, as one weighted objective (a bonus per
filled slot above any possible difference in total value) solved with
``scipy.optimize.milp`` (HiGHS) to a relative gap of 0. (Two solves, "most slots" then
"best value with at least that many", give the same answer but HiGHS' presolve spends
seconds on the dense "at least F" row: measured 8 s against 2 s for 200 slots.) When the
solve stops at its time limit, the best allocation found is kept and the proven relative
gap is reported.

Pruning (exact): a candidate for a role is dropped when at least K = (open slots) others
are feasible for that role, at least as valuable and no more expensive (ties by position).
If an optimum used a dropped candidate, at most K − 1 of those K dominators are busy, so a
free one can take the slot: value does not drop and cost does not rise.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

DEFAULT_TIME_LIMIT = 30.0  # seconds for both solves together


@dataclass
class BudgetedSolution:
    assigned: np.ndarray  # role column per employee row, -1 = none
    gap: float | None  # proven relative optimality gap; None when proven optimal
    status: str  # "optimal" or the solver's message


def dominance_keep(value: np.ndarray, cost: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Rows of ``rows`` with fewer than ``k`` candidates at least as valuable and no more
    expensive (the order value desc, cost asc, position asc breaks ties)."""
    if len(rows) <= k:
        return rows
    order = np.lexsort((rows, cost[rows], -value[rows]))
    ranked = rows[order]
    costs = cost[ranked]
    keep = list(range(k))  # the k most valuable are always kept
    heap = [-float(c) for c in costs[:k]]
    heapq.heapify(heap)  # max-heap of the k cheapest costs seen so far
    candidates = np.flatnonzero(costs[k:] < -heap[0]) + k
    done = 0
    while done < len(candidates):
        for position in candidates[done : done + 256].tolist():
            done += 1
            c = float(costs[position])
            if c < -heap[0]:
                keep.append(position)
                heapq.heapreplace(heap, -c)
        if done < len(candidates):  # the threshold only falls: refilter the rest
            rest = candidates[done:]
            candidates = rest[costs[rest] < -heap[0]]
            done = 0
    return np.sort(ranked[np.array(keep, dtype=np.int64)])


def solve_budgeted(
    value: np.ndarray,
    cost: np.ndarray,
    ok: np.ndarray,
    slots: np.ndarray,
    budget: float,
    tie: np.ndarray,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> BudgetedSolution:
    """Exact allocation maximising (filled slots, then Σ value) with Σ cost ≤ budget.

    Args:
        value, cost: float64 E×R' per (employee row, role column).
        ok: bool E×R', feasible pairs (eligibility, horizon, exclusions…).
        slots: open slots per role column.
        tie: float64 E, a tiny penalty by position (lower ids win ties).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # loaded when first needed
    from scipy.sparse import csr_array

    n_emp = ok.shape[0]
    assigned = np.full(n_emp, -1, dtype=np.int64)
    total = int(slots.sum())
    ok = ok & (cost <= budget)
    if total == 0 or not ok.any():
        return BudgetedSolution(assigned, None, "optimal")
    pair_rows, pair_cols = [], []
    for j in np.flatnonzero(slots > 0):
        rows = dominance_keep(value[:, j] - tie, cost[:, j], np.flatnonzero(ok[:, j]), total)
        pair_rows.append(rows)
        pair_cols.append(np.full(len(rows), j, dtype=np.int64))
    rows = np.concatenate(pair_rows)
    cols = np.concatenate(pair_cols)
    n = len(rows)
    if n == 0:
        return BudgetedSolution(assigned, None, "optimal")
    people, person = np.unique(rows, return_inverse=True)
    var = np.arange(n)
    a_person = csr_array((np.ones(n), (person, var)), shape=(len(people), n))
    a_role = csr_array((np.ones(n), (cols, var)), shape=(len(slots), n))
    pair_cost = cost[rows, cols]
    constraints = [
        LinearConstraint(a_person, 0, 1),
        LinearConstraint(a_role, 0, slots.astype(np.float64)),
        LinearConstraint(pair_cost.reshape(1, -1), -np.inf, budget),
    ]
    integrality = np.ones(n)
    bounds = Bounds(0, 1)
    gain = value[rows, cols] - tie[rows]
    # One solve: a bonus per filled slot above any difference in total value, so filling
    # comes first (a second solve with an "at least F filled" row costs HiGHS' presolve
    # seconds on that dense row).
    spread = float(gain.max() - gain.min())
    # above any difference in total value, and above any negative value (a slot filled by
    # someone whose hours outweigh their fit still beats an empty slot)
    fill = (min(total, n) + 1) * (spread + 1.0) + 2.0 * float(np.abs(gain).max())
    best = milp(
        -(fill + gain),
        integrality=integrality,
        bounds=bounds,
        constraints=constraints,
        options=_options(time_limit),
    )
    if best.x is None:
        return BudgetedSolution(assigned, None, best.message)
    chosen = np.flatnonzero(best.x > 0.5)
    assigned[rows[chosen]] = cols[chosen]
    gap = _gap(best)
    return BudgetedSolution(assigned, gap, "optimal" if gap is None else "time limit reached")


def _options(time_limit: float) -> dict:
    return {"time_limit": float(time_limit), "mip_rel_gap": 0.0, "presolve": True}


def _gap(result) -> float | None:
    """The proven relative gap of a solve stopped early; None when optimal."""
    if result.status == 0:
        return None
    gap = getattr(result, "mip_gap", None)
    return float(gap) if gap is not None else float("inf")
