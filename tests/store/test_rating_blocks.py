"""Rating blocks (schema v3): migration, and current levels merged from blocks and rows."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from planner.catalog.model import Catalog, Skill
from planner.store import Workspace, current_levels
from planner.store.levels import (
    BLOCK_INSERT,
    block_rows,
    iter_ratings,
    rated_employee_count,
    rated_skill_ids,
    ratings_count,
)
from planner.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

NAN = np.nan
SKILLS = ("python", "sql", "ethics", "excel")


@pytest.fixture
def ws(tmp_path):
    catalog = Catalog(skills={s: Skill(s, s.title(), "data") for s in SKILLS})
    ws = Workspace.create(tmp_path / "b.rplan", catalog=catalog)
    ws.conn.execute("INSERT INTO employees(id, employee_key) VALUES (1, 'E1'), (2, 'E2'), "
                    "(3, 'E3'), (5, 'E5')")
    yield ws
    ws.close()


def assessment(ws, number: int) -> int:
    ws.conn.execute("INSERT INTO assessments(id, source_name, sha256, imported_at) "
                    "VALUES (?, 'x.xlsx', ?, '2025')", (number, f"sha{number}"))
    return number


def add_block(ws, number, skills, employees, levels, sources, raw=None, chunk=100_000):
    ws.conn.executemany(BLOCK_INSERT, block_rows(
        assessment(ws, number), skills, np.array(employees), np.array(levels, dtype=float),
        np.array(sources), raw, "2025-01-01", chunk=chunk))


def rate(ws, emp, skill, level, source, assessment_id=None):
    ws.conn.execute("INSERT INTO ratings(employee_id, skill_id, assessment_id, source, level, "
                    "rated_at) VALUES (?, ?, ?, ?, ?, '2025')",
                    (emp, skill, assessment_id, source, level))


def level(matrix, emp, skill):
    return float(matrix.levels[matrix.row_of(emp), matrix.skill_ids.index(skill)])


def source(matrix, emp, skill):
    return int(matrix.sources[matrix.row_of(emp), matrix.skill_ids.index(skill)])


def _make_v2_file(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[0](conn)
    MIGRATIONS[1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO skills(id, name, category) VALUES ('python', 'Python', 'ai'), "
                 "('sql', 'SQL', 'data')")
    conn.execute("INSERT INTO employees(id, employee_key, name) VALUES (1, 'E1', 'Ada')")
    conn.execute("INSERT INTO assessments(id, source_name, sha256, imported_at) "
                 "VALUES (1, 'a.xlsx', 'sha', '2025')")
    conn.execute("INSERT INTO ratings(employee_id, skill_id, assessment_id, source, level, "
                 "rated_at) VALUES (1, 'python', 1, 'self', 3, '2025'), "
                 "(1, 'python', 1, 'manager', 2, '2025'), (1, 'sql', 1, 'self', 4.5, '2025')")
    conn.close()


def test_v2_file_with_ratings_upgrades_after_a_backup(tmp_path):
    path = tmp_path / "old.rplan"
    _make_v2_file(path)
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION >= 3
        tables = {r[0] for r in ws.conn.execute("SELECT name FROM sqlite_master")}
        assert "rating_blocks" in tables
        # The old rows stay where they were and still count.
        levels = current_levels(ws)
        assert level(levels, 1, "python") == 2.0 and source(levels, 1, "python") == 3
        assert level(levels, 1, "sql") == 4.5
        assert ratings_count(ws) == 3 and rated_skill_ids(ws) == {"python", "sql"}
        # A new import's block merges with them.
        add_block(ws, 2, ["sql"], [1], [[1.0]], [3])
        assert level(current_levels(ws), 1, "sql") == 1.0   # manager beats self
    backups = list(tmp_path.glob("old.before-v*.rplan.bak"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 2
    assert backup.execute("SELECT count(*) FROM ratings").fetchone()[0] == 3
    backup.close()


def test_blocks_rows_training_and_two_assessments_merge_by_the_rule(ws):
    # Assessment 1: self ratings of everyone; E2 was also rated by a manager (a second row).
    add_block(ws, 1, ["python", "sql", "ethics"], [1, 2, 3, 2],
              [[1, 2, NAN], [2, 2, 2], [4, NAN, 1], [3, NAN, NAN]], [1, 1, 1, 3])
    # Assessment 2, newer, self again, columns in another order and one the first lacks.
    add_block(ws, 2, ["excel", "python"], [1, 2, 3], [[5, 3], [1, 1], [NAN, NAN]], [1, 1, 1])
    rate(ws, 3, "python", 0.5, "self", 1)        # a row of assessment 1 beats its block
    rate(ws, 1, "sql", 4, "self")                # manual self edit: newest self rating
    rate(ws, 1, "ethics", 2, "peer", 1)
    rate(ws, 2, "ethics", 4, "training")         # training raises 2 -> 4
    rate(ws, 1, "ethics", 1, "training")         # ... but never lowers (peer 2 stays)
    rate(ws, 5, "excel", 3, "training")          # training alone
    m = current_levels(ws)

    assert level(m, 1, "python") == 3 and source(m, 1, "python") == 1   # newer self wins
    assert level(m, 2, "python") == 3 and source(m, 2, "python") == 3   # manager over newer
    assert level(m, 3, "python") == 0.5                                 # row over own block
    assert level(m, 1, "sql") == 4                                      # manual edit newest
    assert level(m, 2, "sql") == 2 and source(m, 2, "sql") == 1         # manager row blank
    assert np.isnan(level(m, 3, "sql")) and source(m, 3, "sql") == 0
    assert level(m, 1, "ethics") == 2 and source(m, 1, "ethics") == 2
    assert level(m, 2, "ethics") == 4 and source(m, 2, "ethics") == 5
    assert level(m, 3, "ethics") == 1
    assert level(m, 1, "excel") == 5 and level(m, 2, "excel") == 1
    assert np.isnan(level(m, 3, "excel"))
    assert level(m, 5, "excel") == 3 and source(m, 5, "excel") == 5
    assert list(m.employee_ids) == [1, 2, 3, 5] and m.employee_keys == ["E1", "E2", "E3", "E5"]
    assert m.skill_ids == list(SKILLS) and m.levels.dtype == np.float32
    assert m.column("excel")[m.row_of(1)] == 5


def test_a_later_manager_rating_beats_an_earlier_validated_block_only_when_more_trusted(ws):
    add_block(ws, 1, ["python"], [1, 2], [[4], [4]], [4, 1])    # E1 validated, E2 self
    add_block(ws, 2, ["python"], [1, 2], [[2], [2]], [3, 3])    # manager, newer
    m = current_levels(ws)
    assert level(m, 1, "python") == 4 and source(m, 1, "python") == 4
    assert level(m, 2, "python") == 2 and source(m, 2, "python") == 3


def test_deleted_employees_and_skills_are_ignored_and_helpers_count(ws):
    add_block(ws, 1, ["python", "gone_skill"], [1, 2, 99], [[1, 1], [NAN, 2], [3, 3]],
              [1, 1, 1])
    rate(ws, 3, "excel", 2, "training")
    m = current_levels(ws)
    assert level(m, 1, "python") == 1 and np.isnan(level(m, 2, "python"))
    assert ratings_count(ws) == 2            # E1 python, E3 training (99 and gone_skill out)
    assert rated_employee_count(ws) == 2     # E1 and E3; E2 only rated a deleted skill
    assert rated_skill_ids(ws) == {"python", "excel"}


def test_blocks_are_cut_into_chunks_and_keep_raw_text(ws):
    raw = {(0, 0): "Advanced", (2, 1): "80%"}
    add_block(ws, 1, ["python", "sql"], [1, 2, 3], [[4, 1], [2, NAN], [3, 4]], [1, 2, 3],
              raw=raw, chunk=2)
    assert ws.conn.execute("SELECT count(*) FROM rating_blocks").fetchone()[0] == 2
    stored = sorted(iter_ratings(ws), key=lambda r: (r[0], r[1]))
    assert stored == [(1, "python", 1, "self", 4.0, "Advanced"), (1, "sql", 1, "self", 1.0, None),
                      (2, "python", 1, "peer", 2.0, None),
                      (3, "python", 1, "manager", 3.0, None), (3, "sql", 1, "manager", 4.0, "80%")]
    assert level(current_levels(ws), 3, "sql") == 4


def test_deleting_an_assessment_removes_its_blocks(ws):
    add_block(ws, 1, ["python"], [1], [[3]], [1])
    ws.conn.execute("DELETE FROM assessments WHERE id = 1")
    assert ratings_count(ws) == 0 and np.isnan(current_levels(ws).levels).all()


def test_no_ratings_and_no_employees(tmp_path):
    with Workspace.create(tmp_path / "e.rplan",
                          catalog=Catalog(skills={"a": Skill("a", "A", "data")})) as ws:
        m = current_levels(ws)
        assert m.levels.shape == (0, 1) and ratings_count(ws) == 0
        assert rated_employee_count(ws) == 0 and rated_skill_ids(ws) == set()
