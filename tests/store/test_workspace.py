"""The workspace file: schema, migrations, refusals, transactions, current levels."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from planner.errors import NotAWorkspace, WorkspaceError, WorkspaceVersionError
from planner.store import Workspace, copy_workspace, current_levels
from planner.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


def test_new_workspace_has_schema_version_catalog_and_pragmas(workspace):
    assert workspace.schema_version == SCHEMA_VERSION
    assert workspace.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert workspace.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert workspace.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    counts = workspace.counts()
    assert counts["roles"] >= 18 and counts["skills"] >= 60 and counts["modules"] >= 120
    assert workspace.setting("weekly_training_hours") == 4.0


def test_catalog_round_trips_through_the_workspace(workspace):
    from planner.catalog import load_shipped_catalog

    shipped = load_shipped_catalog()
    stored = workspace.catalog()
    assert stored.roles == shipped.roles
    assert stored.skills == shipped.skills
    assert stored.modules == shipped.modules


def test_create_refuses_an_existing_file(tmp_path):
    path = tmp_path / "a.rplan"
    Workspace.create(path).close()
    with pytest.raises(WorkspaceError, match="already exists"):
        Workspace.create(path)


def _make_v1_file(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO skills(id, name, category) VALUES ('python', 'Python', 'ai')")
    conn.execute("INSERT INTO employees(id, employee_key, name) VALUES (1, 'E1', 'Ada')")
    conn.execute("INSERT INTO ratings(employee_id, skill_id, source, level, rated_at) "
                 "VALUES (1, 'python', 'self', 3, '2025-01-01')")
    conn.close()


def test_older_file_is_upgraded_after_a_backup(tmp_path):
    path = tmp_path / "old.rplan"
    _make_v1_file(path)
    with Workspace.open(path) as ws:
        assert ws.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in ws.conn.execute("SELECT name FROM sqlite_master")}
        assert {"scenarios", "plan_items", "cohorts"} <= tables
        assert ws.conn.execute("SELECT name FROM employees").fetchall() == [("Ada",)]
    backups = list(tmp_path.glob("old.before-v*.rplan.bak"))
    assert len(backups) == 1
    backup = sqlite3.connect(backups[0])
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1
    backup.close()


def test_newer_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "future.rplan"
    Workspace.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(WorkspaceVersionError, match="newer version"):
        Workspace.open(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"hello, world\n", b"PK\x03\x04not really a zip"])
def test_non_sqlite_files_are_refused(tmp_path, content):
    path = tmp_path / "x.rplan"
    path.write_bytes(content)
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)
    assert path.read_bytes() == content


def test_foreign_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAWorkspace, match="not a Reskill Planner workspace"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace.open(tmp_path / "nope.rplan")


def test_failed_transaction_leaves_no_trace(workspace, dump_tables):
    before = dump_tables(workspace)
    with pytest.raises(RuntimeError), workspace.transaction():
        workspace.conn.execute("INSERT INTO employees(employee_key, name) VALUES ('E1', 'A')")
        workspace.set_setting("currency", "USD")
        raise RuntimeError("boom")
    assert dump_tables(workspace) == before


def test_copy_workspace_is_a_consistent_copy(workspace, tmp_path):
    with workspace.transaction():
        workspace.conn.execute("INSERT INTO employees(employee_key, name) VALUES ('E1', 'A')")
    target = copy_workspace(workspace, tmp_path / "copy.rplan")
    with Workspace.open(target) as copy:
        assert copy.counts()["employees"] == 1


def _rate(ws, emp, skill, level, source, assessment):
    ws.conn.execute("INSERT OR IGNORE INTO assessments(id, source_name, sha256, imported_at) "
                    "VALUES (?, 'x', ?, '2025')", (assessment, str(assessment)))
    ws.conn.execute("INSERT INTO ratings(employee_id, skill_id, assessment_id, source, level, "
                    "rated_at) VALUES (?, ?, ?, ?, ?, '2025')",
                    (emp, skill, assessment, source, level))


def test_current_level_most_trusted_then_newest_then_training(workspace):
    ws = workspace
    skill = next(iter(ws.catalog().skills))
    other = list(ws.catalog().skills)[1]
    ws.conn.execute("INSERT INTO employees(id, employee_key) VALUES (1, 'E1'), (2, 'E2')")
    _rate(ws, 1, skill, 4, "self", 1)
    _rate(ws, 1, skill, 2, "manager", 1)     # manager beats self
    _rate(ws, 1, skill, 3, "manager", 2)     # newer manager beats older manager
    _rate(ws, 2, skill, 1, "validated", 1)
    _rate(ws, 2, skill, 5, "peer", 2)        # validated beats a newer peer rating
    ws.conn.execute("INSERT INTO ratings(employee_id, skill_id, source, level, rated_at) "
                    "VALUES (2, ?, 'training', 3, '2025')", (skill,))
    ws.conn.execute("INSERT INTO ratings(employee_id, skill_id, source, level, rated_at) "
                    "VALUES (1, ?, 'training', 1, '2025')", (other,))
    levels = current_levels(ws)
    col = levels.skill_ids.index(skill)
    assert levels.levels[levels.row_of(1), col] == 3
    assert levels.levels[levels.row_of(2), col] == 3       # training raised 1 -> 3
    assert levels.sources[levels.row_of(2), col] == 5
    assert levels.levels[levels.row_of(1), levels.skill_ids.index(other)] == 1
    third = list(ws.catalog().skills)[2]
    assert np.isnan(levels.levels[levels.row_of(1), levels.skill_ids.index(third)])


def test_a_copy_never_replaces_a_workspace_that_is_open(workspace, tmp_path):
    with pytest.raises(WorkspaceError, match="open in this app"):
        copy_workspace(workspace, workspace.path)
    assert workspace.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_every_opener_of_one_file_shares_one_connection(workspace):
    with Workspace.open(workspace.path) as again:
        assert again.conn is workspace.conn
    assert workspace.conn.execute("SELECT 1").fetchone() == (1,)   # still open


def test_threads_opening_an_older_file_together_upgrade_it_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "old.rplan"
    _make_v1_file(path)
    with ThreadPoolExecutor(4) as pool:
        opened = list(pool.map(lambda _: Workspace.open(path), range(4)))
    assert {ws.schema_version for ws in opened} == {SCHEMA_VERSION}
    assert len(list(tmp_path.glob("old.before-v*.rplan.bak"))) == 1
    for ws in opened:
        ws.close()
