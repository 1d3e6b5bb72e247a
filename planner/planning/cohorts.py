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
