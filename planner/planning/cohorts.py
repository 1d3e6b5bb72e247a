"""Sizing workshop cohorts: balanced splits between a minimum and a maximum size."""

from __future__ import annotations

import math


def cohort_sizes(n: int, min_size: int, max_size: int) -> tuple[list[int], int]:
    """Sizes of the cohorts for ``n`` people and how many are left over.

    Balanced: 17 people with at most 16 per cohort give 9 + 8, not 16 + 1. When no
    balanced split keeps every cohort at ``min_size`` or more (say 6 people, sizes 4 to
    5), full cohorts are formed and the rest (fewer than ``min_size``) are left over, to
    take an alternative module. Groups below ``min_size`` are left over entirely.
    """
    if min_size < 1 or max_size < min_size:
        raise ValueError("cohort sizes need 1 <= min <= max")
    if n < min_size:
        return [], n
    k = math.ceil(n / max_size)
    if k * min_size > n:
        k -= 1
        return [max_size] * k, n - k * max_size
    base, extra = divmod(n, k)
    return [base + 1 if j < extra else base for j in range(k)], 0


def split_by_readiness(ready: list[int], min_size: int, max_size: int,
                       session_weeks: float | None = None) -> tuple[list[list[int]], list[int]]:
    """Cohorts of people sorted by the week they are ready (the order ``ready`` is in).

    Contiguous groups of ``min_size`` to ``max_size`` people, chosen by dynamic programming
    to minimise the weeks people wait for their session, plus ``session_weeks`` of
    waiting charged per extra session (default: 2 weeks for each person of a minimum
    cohort), so a cohort does not wait months for one slow member while near-ready
    people are not split into many tiny sessions. Ties go to fewer, then more balanced
    cohorts (17 people ready together, at most 16: 9 + 8).

    Returns:
        Index lists of the cohorts and the indices left over (latest-ready people who fit
        no cohort; only when no split keeps every cohort within the bounds).
    """
    sizes, left = cohort_sizes(len(ready), min_size, max_size)
    if not sizes:
        return [], list(range(len(ready)))
    n = len(ready) - left
    penalty = 2.0 * min_size if session_weeks is None else session_weeks
    prefix = [0]
    for week in ready[:n]:
        prefix.append(prefix[-1] + week)
    inf = (float("inf"), 0, 0)
    best: list[tuple[float, int, int]] = [(0.0, 0, 0)] + [inf] * n
    back = [0] * (n + 1)
    for j in range(min_size, n + 1):
        for size in range(min_size, min(max_size, j) + 1):
            i = j - size
            if best[i][0] == float("inf"):
                continue
            wait = size * ready[j - 1] - (prefix[j] - prefix[i])
            cost, count, squares = best[i]
            candidate = (cost + wait + penalty, count + 1, squares + size * size)
            if candidate < best[j]:
                best[j] = candidate
                back[j] = i
    groups = []
    j = n
    while j > 0:
        groups.append(list(range(back[j], j)))
        j = back[j]
    groups.reverse()
    return groups, list(range(n, len(ready)))


def split_within_wait(ready: list[int], min_size: int, max_size: int, max_wait: int,
                      session_weeks: float | None = None) -> tuple[list[list[int]], list[int]]:
    """Like :func:`split_by_readiness`, but nobody in a cohort waits more than ``max_wait``
    weeks (the cohort meets when its last member is ready).

    Contiguous groups of people sorted by readiness whose readiness spans at most
    ``max_wait`` weeks; people who fit no such group of ``min_size`` are left over (they
    take an alternative module or meet alone). Dynamic programming: first seat as many
    people as possible, then minimise waits plus ``session_weeks`` per session.
    """
    if min_size < 1 or max_size < min_size:
        raise ValueError("cohort sizes need 1 <= min <= max")
    n = len(ready)
    penalty = 2.0 * min_size if session_weeks is None else session_weeks
    prefix = [0]
    for week in ready:
        prefix.append(prefix[-1] + week)
    # best[j]: (people left over, waits + penalties, cohorts, Σ size²) for the first j
    # people; the last two prefer fewer, then more balanced cohorts
    best: list[tuple[int, float, int, int]] = [(0, 0.0, 0, 0)] + [(n + 1, 0.0, 0, 0)] * n
    back: list[int] = [-1] * (n + 1)   # -1: person j-1 left over, else the group start
    for j in range(1, n + 1):
        left, cost, count, squares = best[j - 1]
        best[j], back[j] = (left + 1, cost, count, squares), -1
        for size in range(min_size, min(max_size, j) + 1):
            i = j - size
            if ready[j - 1] - ready[i] > max_wait:
                break  # larger groups start earlier and span even more
            left, cost, count, squares = best[i]
            wait = size * ready[j - 1] - (prefix[j] - prefix[i])
            candidate = (left, cost + wait + penalty, count + 1, squares + size * size)
            if candidate < best[j]:
                best[j], back[j] = candidate, i
    groups: list[list[int]] = []
    leftover: list[int] = []
    j = n
    while j > 0:
        if back[j] < 0:
            leftover.append(j - 1)
            j -= 1
        else:
            groups.append(list(range(back[j], j)))
            j = back[j]
    groups.reverse()
    leftover.reverse()
    return groups, leftover
