"""The core's scores with each scored person's name, department and site beside them.

Rows follow ``scores.employee_ids`` (the core's order); profile columns come from the
employee data the GUI already loaded, so nothing is read again from the workspace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner.ui.models.employees_model import EmployeeData


@dataclass
class MatchData:
    bundle: Any  # planner.matching.ScoredWorkspace
    key: np.ndarray  # object arrays of str, one per scored row
    name: np.ndarray
    department: np.ndarray
    site: np.ndarray
    role_names: dict[str, str]

    @property
    def scores(self) -> Any:
        return self.bundle.scores

    def __len__(self) -> int:
        return len(self.key)

    @classmethod
    def build(cls, bundle: Any, data: EmployeeData) -> MatchData:
        scores = bundle.scores
        ids = np.asarray(scores.employee_ids, dtype=np.int64)
        n = len(ids)
        pos = np.searchsorted(data.ids, ids) if len(data.ids) else np.zeros(n, np.int64)
        found = (
            (pos < len(data.ids)) & (data.ids[np.minimum(pos, max(len(data.ids) - 1, 0))] == ids)
            if len(data.ids)
            else np.zeros(n, bool)
        )

        def column(field: str) -> np.ndarray:
            out = np.full(n, "", dtype=object)
            if found.any():
                out[found] = data.profile[field][pos[found]]
            out[out == None] = ""  # noqa: E711 (elementwise comparison on an object array)
            return out

        key = np.array(list(scores.employee_keys), dtype=object)
        return cls(
            bundle,
            key,
            column("name"),
            column("department"),
            column("site"),
            {r.id: r.name for r in bundle.catalog.roles.values()},
        )

    def row_of(self, employee_id: int) -> int:
        return self.scores.row_of(int(employee_id))

    def employee_id(self, row: int) -> int:
        return int(self.scores.employee_ids[row])

    def label(self, row: int) -> str:
        """'Name (ID)' of a scored row."""
        name = self.name[row]
        return f"{name} ({self.key[row]})" if name else str(self.key[row])

    def choices(self, field: str) -> list[str]:
        """The distinct non-blank values of ``department`` or ``site``, sorted."""
        values = getattr(self, field)
        return sorted({str(v) for v in values if v})


def hours_text(value: float) -> str:
    """Training hours as shown everywhere: whole hours, 'no path' when no module reaches
    the target."""
    return "no path" if not math.isfinite(value) else f"{value:,.0f}"


def fit_text(value: float) -> str:
    """A fit as the command line and the report show it: one decimal (95.8, not 96)."""
    return f"{value:.1f}"


def fit_colour(fit: float) -> tuple[int, int, int]:
    """A red (0) → amber (50) → green (100) colour for a fit value."""
    t = min(max(fit, 0.0), 100.0) / 100.0
    low, mid, high = (0xF4, 0xA5, 0xA5), (0xFB, 0xE3, 0x8E), (0x9F, 0xD8, 0x9F)
    a, b, u = (low, mid, t * 2) if t < 0.5 else (mid, high, (t - 0.5) * 2)
    return tuple(round(x + (y - x) * u) for x, y in zip(a, b, strict=True))
