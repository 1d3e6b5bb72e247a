"""People × roles: the core's fit matrix, colour-coded, sortable by any column.

A view over ``Scores.fit`` (no copy): 50,000 people × 20 roles sort in a few milliseconds
because sorting is one argsort of a column, and only the visible cells are ever read.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from planner.matching.gates import readiness_text
from planner.ui.models.array_table import ArrayTableModel
from planner.ui.models.match_data import MatchData, fit_colour, fit_text, hours_text

PROFILE = ("ID", "Name", "Department")
_PALETTE = [QBrush(QColor(*fit_colour(float(v)))) for v in range(101)]
_BLACK = QBrush(QColor(Qt.GlobalColor.black))


class FitMatrixModel(ArrayTableModel):
    """Rows: scored people (filtered by department/site); columns: ID, name, department,
    then one fit column per role (ineligible pairs in italics)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.scored: MatchData | None = None
        self.headers = PROFILE
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_match(self, match: MatchData | None) -> None:
        def update() -> None:
            self.scored = match
            self._mask = None  # the page applies its filters again
            roles = list(match.scores.role_ids) if match is not None else []
            names = match.role_names if match is not None else {}
            self.headers = PROFILE + tuple(names.get(r, r) for r in roles)

        self.rebuild(update)

    def role_of_column(self, column: int) -> str | None:
        if self.scored is None or column < len(PROFILE):
            return None
        return self.scored.scores.role_ids[column - len(PROFILE)]

    def employee_id_at(self, row: int) -> int:
        assert self.scored is not None
        return self.scored.employee_id(self.base_row(row))

    def filter_mask(self, department: str | None, site: str | None) -> np.ndarray | None:
        if self.scored is None or not (department or site):
            return None
        mask = np.ones(len(self.scored), bool)
        if department:
            mask &= self.scored.department == department
        if site:
            mask &= self.scored.site == site
        return mask

    # -- ArrayTableModel ------------------------------------------------------------------

    def _base_rows(self) -> np.ndarray:
        return np.arange(len(self.scored)) if self.scored is not None else np.zeros(0, np.int64)

    def _header_tip(self, section: int) -> str | None:
        role = self.role_of_column(section)
        if role is None:
            return self.headers[section]
        return f"{self.headers[section]}: fit 0–100 (italic = not eligible). Click to sort."

    def _sort_key(self, column: int) -> np.ndarray | None:
        m = self.scored
        if m is None:
            return None
        if column < len(PROFILE):
            return (m.key, m.name, m.department)[column].astype(str)
        return m.scores.fit[:, column - len(PROFILE)]

    def _cell(self, row: int, column: int, role: int) -> Any:
        m = self.scored
        if m is None:
            return None
        if column < len(PROFILE):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return str((m.key, m.name, m.department)[column][row])
            return None
        s, c = m.scores, column - len(PROFILE)
        fit = float(s.fit[row, c])
        if role == Qt.ItemDataRole.DisplayRole:
            return fit_text(fit)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _PALETTE[round(min(max(fit, 0.0), 100.0))]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BLACK
        if role == Qt.ItemDataRole.FontRole and not s.eligible[row, c]:
            return self._italic
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{m.label(row)} → {self.headers[column]}: fit {fit:.1f}, "
                f"{hours_text(float(s.gap_hours[row, c]))} h, "
                f"{readiness_text(s, m.bundle.catalog, row, c)}"
            )
        return None
