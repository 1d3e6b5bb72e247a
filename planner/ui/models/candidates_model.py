"""The ranked candidates of one role, in the core's order (planner.matching.rankings)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from planner.matching import READINESS_LABELS
from planner.matching.gates import readiness_text, why_not
from planner.matching.rankings import candidate_order
from planner.ui.models.array_table import ArrayTableModel
from planner.ui.models.match_data import MatchData, fit_colour, fit_text, hours_text

EMPLOYEE_ID_ROLE = Qt.ItemDataRole.UserRole + 2

# Key columns first: at a narrow width the profile columns scroll off, never the fit.
COLUMNS = (
    "#",
    "Name",
    "Fit",
    "Readiness",
    "Hours",
    "Weeks",
    "ID",
    "Department",
    "Site",
    "Why not eligible",
)
TOOLTIPS = (
    "Rank for the role in the core's order: eligible people first, then fit, weeks to ready "
    "and hours",
    "Name",
    "Fit 0–100: how close the person's skills are to the role's targets, weighted",
    "Readiness (see the legend below the table); hover for why someone is not eligible",
    "Training hours to close every gap for this role",
    "Weeks to ready: training hours at the person's weekly training hours",
    "Employee ID from the sheet",
    "Department",
    "Site",
    "What keeps someone from being eligible: a must-have skill, a credential no course "
    "grants, or more training than a reskilling is planned for",
)
RANK, NAME, FIT, READINESS, HOURS, WEEKS, KEY, DEPT, SITE, WHY = range(len(COLUMNS))
_RIGHT = (RANK, FIT, HOURS, WEEKS)
_RED = QColor(0xB0, 0x30, 0x30)


def weeks_text(value: float) -> str:
    return "–" if not math.isfinite(value) else f"{value:,.0f}"


class CandidatesModel(ArrayTableModel):
    """Everyone scored for one role, best first; filters by department, site, readiness."""

    headers = COLUMNS
    tooltips = TOOLTIPS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.scored: MatchData | None = None
        self.col = -1
        self._order = np.zeros(0, np.int64)
        self._rank = np.zeros(0, np.int64)

    def set_match(self, match: MatchData | None, role_id: str | None) -> None:
        def update() -> None:
            self.scored, self.col = match, -1
            self._mask = None  # the page applies its filters again
            self._order = np.zeros(0, np.int64)
            if match is not None and role_id in match.scores.role_ids:
                self.col = match.scores.col_of(role_id)
                self._order = candidate_order(match.scores, self.col)
                self._rank = np.empty(len(self._order), np.int64)
                self._rank[self._order] = np.arange(1, len(self._order) + 1)

        self.rebuild(update)

    @property
    def role_id(self) -> str | None:
        return self.scored.scores.role_ids[self.col] if self.scored and self.col >= 0 else None

    def filter_mask(
        self, department: str | None, site: str | None, readiness: str | None
    ) -> np.ndarray | None:
        match = self.scored
        if match is None or self.col < 0:
            return None
        mask = np.ones(len(match), bool)
        if department:
            mask &= match.department == department
        if site:
            mask &= match.site == site
        if readiness in READINESS_LABELS:
            band = READINESS_LABELS.index(readiness)
            mask &= match.scores.readiness[:, self.col] == band
        return mask

    def employee_id_at(self, row: int) -> int:
        assert self.scored is not None
        return self.scored.employee_id(self.base_row(row))

    # -- ArrayTableModel ------------------------------------------------------------------

    def _base_rows(self) -> np.ndarray:
        return self._order

    def _sort_key(self, column: int) -> np.ndarray | None:
        m = self.scored
        if m is None or self.col < 0:
            return None
        s, c = m.scores, self.col
        keys = {
            RANK: self._rank,
            KEY: m.key,
            NAME: m.name,
            DEPT: m.department,
            SITE: m.site,
            FIT: s.fit[:, c],
            HOURS: s.gap_hours[:, c],
            WEEKS: s.weeks_to_ready[:, c],
            READINESS: s.readiness[:, c],
            WHY: ~s.eligible[:, c],
        }
        key = keys.get(column)
        return key.astype(str) if key is not None and key.dtype == object else key

    def _cell(self, row: int, column: int, role: int) -> Any:
        m = self.scored
        if m is None:
            return None
        s, c = m.scores, self.col
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            readiness = readiness_text(s, m.bundle.catalog, row, c)
            return (
                f"{m.label(row)}: fit {s.fit[row, c]:.1f}, {hours_text(s.gap_hours[row, c])} h, "
                f"{weeks_text(float(s.weeks_to_ready[row, c]))} weeks, {readiness}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == FIT:
            return QBrush(QColor(*fit_colour(float(s.fit[row, c]))))
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == FIT:
                return QBrush(QColor(Qt.GlobalColor.black))
            if not s.eligible[row, c] and column in (READINESS, WHY):
                return QBrush(_RED)
        if role == EMPLOYEE_ID_ROLE:
            return m.employee_id(row)
        return None

    def _text(self, row: int, column: int) -> str:
        m = self.scored
        assert m is not None
        s, c = m.scores, self.col
        if column == RANK:
            return str(int(self._rank[row]))
        profile = {KEY: m.key, NAME: m.name, DEPT: m.department, SITE: m.site}
        if column in profile:
            return str(profile[column][row])
        if column == FIT:
            return fit_text(float(s.fit[row, c]))
        if column == HOURS:
            return hours_text(float(s.gap_hours[row, c]))
        if column == WEEKS:
            return weeks_text(float(s.weeks_to_ready[row, c]))
        if column == WHY:
            return why_not(s, m.bundle.catalog, row, c) or ""
        return READINESS_LABELS[int(s.readiness[row, c])]
