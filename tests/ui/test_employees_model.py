"""The employees model: 50,000 rows filtered and sorted inside the model."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from planner.ui.models.employees_model import (
    LEVEL_ROLE,
    PROFILE_FIELDS,
    EmployeeData,
    EmployeesModel,
)

FIRST = ("Ann", "Anna", "Bob", "Hannah", "Joan", "Luc", "Marie", "Zoe")
LAST = ("Smith", "Nguyen", "Dubois", "Brannigan", "Rossi")
DEPARTMENTS = ("Finance", "Legal", "Sales", "IT", "HR", "Operations")
SITES = ("Berlin", "Lyon", "Leeds", "Madrid")
TITLES = ("Analyst", "Clerk", "Paralegal", "Developer", "Planner")
SKILLS = [f"skill_{i}" for i in range(40)]


def make_data(n: int, seed: int = 3) -> EmployeeData:
    rng = np.random.default_rng(seed)
    names = [f"{FIRST[a]} {LAST[b]}" for a, b in zip(rng.integers(0, len(FIRST), n),
                                                      rng.integers(0, len(LAST), n),
                                                      strict=True)]
    profile = {
        "employee_key": np.array([f"E{i:06d}" for i in range(n)], dtype=object),
        "name": np.array(names, dtype=object),
        "department": np.array(DEPARTMENTS, dtype=object)[rng.integers(0, 6, n)],
        "job_title": np.array(TITLES, dtype=object)[rng.integers(0, 5, n)],
        "site": np.array(SITES, dtype=object)[rng.integers(0, 4, n)],
    }
    levels = rng.integers(0, 6, (n, len(SKILLS))).astype(np.float32)
    levels[rng.random((n, len(SKILLS))) < 0.2] = np.nan
    sources = np.where(np.isnan(levels), 0, 1).astype(np.int8)
    return EmployeeData(np.arange(1, n + 1, dtype=np.int64), profile, list(SKILLS),
                        [s.replace("_", " ").title() for s in SKILLS],
                        ["data"] * len(SKILLS), levels, sources)


@pytest.fixture(scope="module")
def big() -> EmployeeData:
    return make_data(50_000)


def expected_rows(data: EmployeeData, text: str = "", department: str | None = None,
                  skills: tuple[tuple[str, float], ...] = ()) -> list[int]:
    """The same filter written plainly, row by row."""
    out = []
    p = data.profile
    for r in range(len(data)):
        haystack = " ".join(str(p[f][r]) for f in ("employee_key", "name", "department",
                                                   "job_title")).lower()
        if text and text.lower() not in haystack:
            continue
        if department and p["department"][r] != department:
            continue
        if any(not data.levels[r, data.skill_ids.index(s)] >= m for s, m in skills):
            continue
        out.append(r)
    return out


def test_50000_rows_search_and_skill_filters_give_right_rows(big):
    model = EmployeesModel(big)
    assert model.rowCount() == 50_000
    assert model.columnCount() == len(PROFILE_FIELDS) + 40
    for text in ("a", "an", "ann", "anna", "annA smith"):
        model.set_filters(text=text)
        assert model.rowCount() == len(expected_rows(big, text)), text
    model.set_filters(text="ann", skills=[("skill_3", 3), ("skill_7", 2)])
    want = expected_rows(big, "ann", skills=(("skill_3", 3), ("skill_7", 2)))
    assert 0 < model.rowCount() == len(want)
    assert [model.employee_id_at(i) for i in range(model.rowCount())] == \
        [int(big.ids[r]) for r in want]
    # Deleting characters widens the search again.
    model.set_filters(text="an", department="Legal", skills=[("skill_3", 4)])
    assert model.rowCount() == len(expected_rows(big, "an", "Legal", (("skill_3", 4),)))
    model.set_filters(text="", department=None, skills=[])
    assert model.rowCount() == 50_000


def test_not_assessed_never_passes_a_skill_filter(big):
    model = EmployeesModel(big)
    model.set_filters(skills=[("skill_0", 0)])
    assert model.rowCount() == int(np.count_nonzero(~np.isnan(big.levels[:, 0])))


def test_sorting_by_text_and_level(big):
    model = EmployeesModel(big)
    model.set_filters(department="Sales")
    model.sort(1, Qt.SortOrder.AscendingOrder)
    names = [model.index(i, 1).data() for i in range(model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    assert set(model.index(i, 2).data() for i in range(model.rowCount())) == {"Sales"}
    skill_col = model.column_of_skill("skill_5")
    model.sort(skill_col, Qt.SortOrder.DescendingOrder)
    values = [model.index(i, skill_col).data(LEVEL_ROLE) for i in range(model.rowCount())]
    rated = [v for v in values if v == v]
    assert rated == sorted(rated, reverse=True)
    # filtering keeps the sort order
    model.set_filters(text="zoe")
    values = [model.index(i, skill_col).data(LEVEL_ROLE) for i in range(model.rowCount())]
    rated = [v for v in values if v == v]
    assert rated == sorted(rated, reverse=True)


def test_selection_follows_the_person_when_sorting(qtbot):
    from PySide6.QtCore import QPersistentModelIndex

    model = EmployeesModel(make_data(300))
    index = QPersistentModelIndex(model.index(10, 1))
    employee = model.employee_id_at(10)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.employee_id_at(index.row()) == employee


def test_model_passes_qtmodeltester(qtmodeltester):
    model = EmployeesModel(make_data(300))
    qtmodeltester.check(model)
    model.set_filters(text="an", skills=[("skill_1", 2)])
    model.sort(6, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_editing_a_cell_asks_for_a_command(qtbot):
    model = EmployeesModel(make_data(50))
    index = model.index(3, model.column_of_skill("skill_2"))
    with qtbot.waitSignal(model.levelEdited) as blocker:
        assert model.setData(index, 4.0)
    assert blocker.args == [model.employee_id_at(3), "skill_2", 4.0]
    assert not model.setData(index, 7.0)                 # out of range
    assert not model.setData(model.index(3, 1), "x")     # profile columns are read-only


def test_skills_without_any_rating_get_no_column():
    data = make_data(20)
    data.levels[:, 4] = np.nan
    model = EmployeesModel(data)
    assert "skill_4" not in model.skill_column_ids()
    assert model.columnCount() == len(PROFILE_FIELDS) + 39
