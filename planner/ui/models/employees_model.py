"""The employees table: column arrays, filtered and sorted inside the model.

A QSortFilterProxyModel over 50,000 rows costs about 0.5 s per filter and 3 s per sort
(DESIGN.md section 10), so the model keeps a row-index array instead: filters are boolean
masks over numpy columns, sorting uses one cached argsort per column, and the view is told
with a model reset.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from planner.store.levels import SOURCES, current_levels
from planner.store.workspace import Workspace

LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1  # float level (NaN = not assessed)
EMPLOYEE_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # workspace employee id of the row

PROFILE_FIELDS = ("employee_key", "name", "department", "job_title", "site")
PROFILE_HEADERS = ("ID", "Name", "Department", "Job title", "Site")

_Index = QModelIndex | QPersistentModelIndex


@dataclass
class EmployeeData:
    """Plain column arrays of every employee (built on a worker thread)."""

    ids: np.ndarray  # int64 workspace ids
    profile: dict[str, np.ndarray]  # PROFILE_FIELDS -> object arrays of str
    skill_ids: list[str]
    skill_names: list[str]
    skill_categories: list[str]
    levels: np.ndarray  # float32 employees × skills, NaN = not assessed
    sources: np.ndarray  # int8 rank of the winning source
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # email, manager, attributes
    search: np.ndarray = field(init=False)  # lower-cased "id name department title" per row

    def __post_init__(self) -> None:
        p = self.profile
        joined = [
            f"{a}\x1f{b}\x1f{c}\x1f{d}".lower()
            for a, b, c, d in zip(
                p["employee_key"], p["name"], p["department"], p["job_title"], strict=True
            )
        ]
        self.search = np.array(joined, dtype=np.str_) if joined else np.array([], dtype="<U1")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def empty(cls) -> EmployeeData:
        return cls(
            np.zeros(0, np.int64),
            {f: np.array([], dtype=object) for f in PROFILE_FIELDS},
            [],
            [],
            [],
            np.zeros((0, 0), np.float32),
            np.zeros((0, 0), np.int8),
        )

    def row_of(self, employee_id: int) -> int:
        index = int(np.searchsorted(self.ids, employee_id))
        if index >= len(self.ids) or self.ids[index] != employee_id:
            raise KeyError(employee_id)
        return index


def load_employee_data(ws: Workspace) -> EmployeeData:
    """Every employee's profile and current levels as column arrays."""
    matrix = current_levels(ws)
    rows = ws.conn.execute(
        "SELECT id, employee_key, name, department, job_title, site, email, "
        "manager, attributes FROM employees ORDER BY id"
    ).fetchall()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    profile = {f: np.array(columns[i + 1], dtype=object) for i, f in enumerate(PROFILE_FIELDS)}
    extra = {
        "email": np.array(columns[6], dtype=object),
        "manager": np.array(columns[7], dtype=object),
        "attributes": np.array(columns[8], dtype=object),
    }
    skills = dict(
        (r[0], (r[1], r[2])) for r in ws.conn.execute("SELECT id, name, category FROM skills")
    )
    return EmployeeData(
        ids=np.array(columns[0], dtype=np.int64),
        profile=profile,
        skill_ids=list(matrix.skill_ids),
        skill_names=[skills[s][0] for s in matrix.skill_ids],
        skill_categories=[skills[s][1] for s in matrix.skill_ids],
        levels=matrix.levels,
        sources=matrix.sources,
        extra=extra,
    )


def attributes_of(data: EmployeeData, row: int) -> dict[str, Any]:
    raw = data.extra.get("attributes")
    if raw is None or not raw[row]:
        return {}
    try:
        value = json.loads(raw[row])
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def format_level(value: float) -> str:
    if np.isnan(value):
        return ""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class EmployeesModel(QAbstractTableModel):
    """Employees × (profile columns, skill columns), filtered and sorted in place.

    Skill columns are shown only for the skills that have at least one rating, so a
    40-skill sheet shows 40 columns, not the whole catalog.
    """

    levelEdited = Signal(int, str, float)  # employee id, skill id, new level
    filterChanged = Signal()

    def __init__(self, data: EmployeeData | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._data = EmployeeData.empty()
        self._rows = np.zeros(0, np.int64)
        self._skill_cols: np.ndarray = np.zeros(0, np.int64)
        self._text = ""
        self._text_mask: np.ndarray | None = None
        self._department: str | None = None
        self._site: str | None = None
        self._skill_filters: list[tuple[str, float]] = []
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._order_cache: dict[int, np.ndarray] = {}
        if data is not None:
            self.set_data(data)

    # -- data -----------------------------------------------------------------------------

    @property
    def employee_data(self) -> EmployeeData:
        return self._data

    def set_data(self, data: EmployeeData) -> None:
        self.beginResetModel()
        self._data = data
        rated = (~np.isnan(data.levels)).any(axis=0) if len(data) else np.zeros(0, bool)
        self._skill_cols = np.flatnonzero(rated)
        self._order_cache.clear()
        self._text_mask = self._text_match(self._text, None) if self._text else None
        self._skill_filters = [(s, m) for s, m in self._skill_filters if s in data.skill_ids]
        self._rows = self._compute_rows()
        self.endResetModel()
        self.filterChanged.emit()

    def skill_column_ids(self) -> list[str]:
        return [self._data.skill_ids[i] for i in self._skill_cols]

    def column_of_skill(self, skill_id: str) -> int:
        j = self._data.skill_ids.index(skill_id)
        pos = np.flatnonzero(self._skill_cols == j)
        if not len(pos):
            raise KeyError(skill_id)
        return len(PROFILE_FIELDS) + int(pos[0])

    def skill_of_column(self, column: int) -> str | None:
        k = column - len(PROFILE_FIELDS)
        return self._data.skill_ids[self._skill_cols[k]] if 0 <= k < len(self._skill_cols) else None

    def employee_id_at(self, row: int) -> int:
        return int(self._data.ids[self._rows[row]])

    def row_of_employee(self, employee_id: int) -> int | None:
        """The visible row of an employee, or None when filtered out."""
        data_row = self._data.row_of(employee_id)
        hits = np.flatnonzero(self._rows == data_row)
        return int(hits[0]) if len(hits) else None

    def visible_ids(self) -> np.ndarray:
        return self._data.ids[self._rows]

    def set_level(self, employee_id: int, skill_id: str, level: float, source_rank: int) -> None:
        """Show a changed level (after the workspace was written)."""
        r = self._data.row_of(employee_id)
        j = self._data.skill_ids.index(skill_id)
        self._data.levels[r, j] = level
        self._data.sources[r, j] = source_rank
        self._order_cache.pop(self._column_for_skill_index(j), None)
        if not np.isnan(level) and j not in self._skill_cols:
            self.set_data(self._data)
            return
        visible = np.flatnonzero(self._rows == r)
        if len(visible):
            try:
                idx = self.index(int(visible[0]), self.column_of_skill(skill_id))
            except KeyError:
                return
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole, LEVEL_ROLE])

    def _column_for_skill_index(self, j: int) -> int:
        pos = np.flatnonzero(self._skill_cols == j)
        return len(PROFILE_FIELDS) + int(pos[0]) if len(pos) else -1

    # -- filters --------------------------------------------------------------------------

    def set_filters(
        self,
        *,
        text: str | None = None,
        department: str | bool | None = False,
        site: str | bool | None = False,
        skills: Sequence[tuple[str, float]] | None = None,
    ) -> None:
        """Change any of the filters (``False`` leaves department/site as they are)."""
        if text is not None:
            text = text.strip().lower()
            if text != self._text:
                # Typing narrows: when the new text extends the old one, only rows that
                # matched before need checking.
                previous = self._text_mask if self._text and text.startswith(self._text) else None
                self._text = text
                self._text_mask = self._text_match(text, previous) if text else None
        if department is not False:
            self._department = department or None
        if site is not False:
            self._site = site or None
        if skills is not None:
            self._skill_filters = [(s, float(m)) for s, m in skills]
        self.beginResetModel()
        self._rows = self._compute_rows()
        self.endResetModel()
        self.filterChanged.emit()

    def _text_match(self, text: str, previous: np.ndarray | None) -> np.ndarray:
        search = self._data.search
        if previous is None:
            return np.strings.find(search, text) >= 0
        mask = np.zeros(len(search), dtype=bool)
        candidates = np.flatnonzero(previous)
        mask[candidates] = np.strings.find(search[candidates], text) >= 0
        return mask

    def filter_mask(self) -> np.ndarray:
        data = self._data
        mask = np.ones(len(data), dtype=bool)
        if self._text_mask is not None:
            mask &= self._text_mask
        if self._department is not None:
            mask &= data.profile["department"] == self._department
        if self._site is not None:
            mask &= data.profile["site"] == self._site
        for skill_id, minimum in self._skill_filters:
            column = data.levels[:, data.skill_ids.index(skill_id)]
            mask &= column >= minimum  # NaN (not assessed) never passes
        return mask

    def _compute_rows(self) -> np.ndarray:
        mask = self.filter_mask()
        if self._sort_column < 0:
            return np.flatnonzero(mask)
        order = self._order(self._sort_column)
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            order = order[::-1]
        return order[mask[order]]

    def _order(self, column: int) -> np.ndarray:
        """Ascending row order for a column (cached; blanks and NaN last)."""
        cached = self._order_cache.get(column)
        if cached is not None:
            return cached
        data = self._data
        skill = self.skill_of_column(column)
        if skill is not None:
            values = data.levels[:, data.skill_ids.index(skill)]
            order = np.argsort(np.nan_to_num(values, nan=-1.0), kind="stable")
        else:
            values = data.profile[PROFILE_FIELDS[column]]
            keys = (
                np.array([str(v).casefold() for v in values], dtype=np.str_)
                if len(values)
                else np.array([], dtype="<U1")
            )
            order = np.argsort(keys, kind="stable")
        self._order_cache[column] = order
        return order

    def active_filters(self) -> dict[str, Any]:
        return {
            "text": self._text,
            "department": self._department,
            "site": self._site,
            "skills": list(self._skill_filters),
        }

    # -- Qt model API ---------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PROFILE_FIELDS) + len(self._skill_cols)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = int(self._rows[index.row()])
        c = index.column()
        if c < len(PROFILE_FIELDS):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return str(self._data.profile[PROFILE_FIELDS[c]][r] or "")
            if role == EMPLOYEE_ID_ROLE:
                return int(self._data.ids[r])
            return None
        j = int(self._skill_cols[c - len(PROFILE_FIELDS)])
        value = float(self._data.levels[r, j])
        if role == Qt.ItemDataRole.DisplayRole:
            return format_level(value)
        if role == Qt.ItemDataRole.EditRole:
            return 0.0 if np.isnan(value) else value
        if role == LEVEL_ROLE:
            return value
        if role == EMPLOYEE_ID_ROLE:
            return int(self._data.ids[r])
        if role == Qt.ItemDataRole.ToolTipRole:
            rank = int(self._data.sources[r, j])
            if np.isnan(value):
                return f"{self._data.skill_names[j]}: not assessed"
            source = SOURCES[rank - 1] if rank else "unknown"
            return f"{self._data.skill_names[j]}: {format_level(value)} ({source})"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section < len(PROFILE_FIELDS):
            return PROFILE_HEADERS[section]
        k = section - len(PROFILE_FIELDS)
        if 0 <= k < len(self._skill_cols):
            return self._data.skill_names[self._skill_cols[k]]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() >= len(PROFILE_FIELDS):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Editing a level asks for an undoable command (``levelEdited``); the command
        writes the workspace and calls :meth:`set_level`."""
        skill = self.skill_of_column(index.column()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or skill is None:
            return False
        try:
            level = float(value)
        except (TypeError, ValueError):
            return False
        if not 0.0 <= level <= 5.0:
            return False
        self.levelEdited.emit(self.employee_id_at(index.row()), skill, level)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.columnCount():
            column = -1
        self.layoutAboutToBeChanged.emit()
        old_rows = self._rows
        self._sort_column, self._sort_order = column, order
        self._rows = self._compute_rows()
        # Persistent indexes (the selection) follow their employee.
        position = np.full(len(self._data), -1, dtype=np.int64)
        position[self._rows] = np.arange(len(self._rows))
        for idx in self.persistentIndexList():
            new_row = int(position[old_rows[idx.row()]]) if idx.row() < len(old_rows) else -1
            self.changePersistentIndex(
                idx, self.index(new_row, idx.column()) if new_row >= 0 else QModelIndex()
            )
        self.layoutChanged.emit()
