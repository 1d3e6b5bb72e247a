"""Rankings: the best candidates for a role and the best roles for a person.

Eligible people (or roles) always come first, then the rest. Within each group: fit (high
first), then weeks to ready (few first), then gap hours (low first), then the employee id
(or role id) ascending, so ties break deterministically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.matching.scoring import READINESS_LABELS, Scores


@dataclass(frozen=True)
class Match:
    """One (employee, role) pair with its scores."""

    employee_id: int
    employee_key: str
    role_id: str
    fit: float
    eligible: bool
    gap_hours: float
    gap_cost: float
    readiness: str
    unknown_count: int
    rank: int
    weeks_to_ready: float = 0.0


def _match(scores: Scores, row: int, col: int, rank: int) -> Match:
    return Match(
        employee_id=int(scores.employee_ids[row]), employee_key=scores.employee_keys[row],
        role_id=scores.role_ids[col], fit=float(scores.fit[row, col]),
        eligible=bool(scores.eligible[row, col]), gap_hours=float(scores.gap_hours[row, col]),
        gap_cost=float(scores.gap_cost[row, col]),
        readiness=READINESS_LABELS[int(scores.readiness[row, col])],
        unknown_count=int(scores.unknown_count[row, col]), rank=rank,
        weeks_to_ready=float(scores.weeks_to_ready[row, col]))


def candidate_order(scores: Scores, col: int, rows: np.ndarray | None = None) -> np.ndarray:
    """Rows (of ``rows``, default all) sorted best first for role column ``col``."""
    rows = np.arange(len(scores.employee_ids)) if rows is None else np.asarray(rows)
    order = np.lexsort((scores.employee_ids[rows], scores.gap_hours[rows, col],
                        scores.weeks_to_ready[rows, col], -scores.fit[rows, col],
                        ~scores.eligible[rows, col]))
    return rows[order]


def top_candidates(scores: Scores, role_id: str, n: int = 10, *,
                   eligible_only: bool = False) -> list[Match]:
    """The ``n`` best candidates for ``role_id`` (KeyError if the role is unknown)."""
    col = scores.col_of(role_id)
    rows = np.flatnonzero(scores.eligible[:, col]) if eligible_only else None
    if rows is None and n < len(scores.employee_ids) // 4:
        # Only the best few matter: pre-select with argpartition, then sort those exactly
        # (everyone tied with the n-th best key is kept so tie-breaks stay exact). Eligible
        # people rank first, so they get a key above any ineligible one.
        key = scores.fit[:, col] + np.where(scores.eligible[:, col], 1000.0, 0.0)
        threshold = np.partition(key, len(key) - n)[len(key) - n]
        rows = np.flatnonzero(key >= threshold)
    order = candidate_order(scores, col, rows)[:n]
    return [_match(scores, int(row), col, rank) for rank, row in enumerate(order, start=1)]


def best_roles(scores: Scores, employee_id: int, n: int = 5) -> list[Match]:
    """The ``n`` roles ``employee_id`` fits best (KeyError if not scored)."""
    row = scores.row_of(employee_id)
    role_rank = np.argsort(np.argsort(np.array(scores.role_ids, dtype=object)))
    order = np.lexsort((role_rank, scores.gap_hours[row], scores.weeks_to_ready[row],
                        -scores.fit[row], ~scores.eligible[row]))[:n]
    return [_match(scores, row, int(col), rank) for rank, col in enumerate(order, start=1)]
