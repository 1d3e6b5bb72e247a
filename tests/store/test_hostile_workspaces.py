"""Damaged, tampered, read-only and full-disk workspaces: a message, never a traceback.

Each case goes through the command line in-process (``planner.cli.main``) so the test sees
exactly what a user sees: the exit status and the one-line message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import NotAWorkspace, WorkspaceError
from planner.importing import import_file
from planner.store import Workspace
from planner.store.backups import (
    KEEP_BACKUPS,
    STALE_PART_SECONDS,
    check_backup,
    list_backups,
    prune_backups,
)
from planner.store.schema import APPLICATION_ID


def _workspace(folder: Path, people: int = 8) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ws.rplan"
    sheet = folder / "seed.csv"
    sheet.write_text(
        "employee_id,name,email,Python,SQL\n"
        + "".join(
            f"E{i},Person {i},p{i}@example.com,{i % 5},{(i + 2) % 5}\n"
            for i in range(1, people + 1)
        )
    )
    with Workspace.create(path) as ws:
        import_file(ws, sheet)
    sheet.unlink()
    return path


def _cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _more(folder: Path, rows: int = 50) -> Path:
    sheet = folder / "more.csv"
    sheet.write_text(
        "employee_id,name,Python\n" + "".join(f"M{i},More {i},{i % 5}\n" for i in range(rows))
    )
    return sheet


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


# -- tampered and odd files ----------------------------------------------------------------


def _marked_sqlite(path: Path, *, tables: bool, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {version}")
    if tables:
        conn.execute("CREATE TABLE employees (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("tables", "version", "says"),
    [
        (False, 3, "holds no tables"),
        (True, 0, "no schema version"),
    ],
)
def test_marked_but_broken_files_are_refused_and_left_alone(
    tmp_path, capsys, tables, version, says
):
    path = tmp_path / "odd.rplan"
    _marked_sqlite(path, tables=tables, version=version)
    before = _snapshot(tmp_path)
    for _ in range(2):  # each try changes nothing
        with pytest.raises(NotAWorkspace, match=says):
            Workspace.open(path)
        code, _out, err = _cli(capsys, "employees", path)
        assert code == 3 and says in err
    assert _snapshot(tmp_path) == before  # no WAL switch, no .bak, no -wal


def test_a_folder_named_like_a_workspace_is_called_a_folder(tmp_path, capsys):
    folder = tmp_path / "x.rplan"
    folder.mkdir()
    code, _out, err = _cli(capsys, "employees", folder)
    assert code == 3 and "is a folder" in err


def test_a_pipe_is_refused_without_waiting_for_it(tmp_path, capsys):
    fifo = tmp_path / "pipe.rplan"
    os.mkfifo(fifo)
    code, _out, err = _cli(capsys, "employees", fifo)
    assert code == 3 and "not a regular file" in err


# -- read-only media -------------------------------------------------------------------------


def test_a_read_only_workspace_can_be_viewed_but_not_changed(tmp_path, capsys, make_read_only):
    path = _workspace(tmp_path / "ro")
    sheet = _more(tmp_path)
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,1\n")
    make_read_only(path.parent)
    before = _snapshot(path.parent)
    code, out, _err = _cli(capsys, "employees", path)
    assert code == 0 and "8 employees" in out
    code, out, _err = _cli(capsys, "employees", path, "--json")
    assert code == 0 and "Person 3" in out
    assert _cli(capsys, "match", path, "--top", "1")[0] == 0
    code, _out, err = _cli(capsys, "export", path, tmp_path / "out.xlsx")
    assert code == 0 and (tmp_path / "out.xlsx").stat().st_size > 0
    for args in (("import", path, sheet), ("allocate", path, "--demand", demand)):
        code, _out, err = _cli(capsys, *args)
        assert code == 3 and "can be viewed but not changed" in err and "read-only" in err
    assert _snapshot(path.parent) == before
    with Workspace.open(path) as ws:
        assert ws.read_only is not None
        with pytest.raises(WorkspaceError, match="read-only"), ws.transaction():
            ws.set_setting("currency", "USD")


# -- full disks -------------------------------------------------------------------------------


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until about ``leave`` bytes are free."""
    free = shutil.disk_usage(folder).free
    with open(folder / "ballast", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def test_disk_full_during_the_backup_is_a_message_and_changes_nothing(tmp_path, capsys, small_disk):
    disk = small_disk(4096)
    path = _workspace(disk)
    sheet = _more(tmp_path)
    size = path.stat().st_size
    _fill(disk, size // 2)  # no room for a full copy
    before = (_snapshot(disk).get("ws.rplan"), sorted(p.name for p in disk.iterdir()))
    code, _out, err = _cli(capsys, "import", path, sheet)
    assert code == 3 and "disk is full" in err and "backup" in err
    assert not list(disk.glob("*.bak")) and not list(disk.glob("*.part"))
    assert (_snapshot(disk).get("ws.rplan"), sorted(p.name for p in disk.iterdir())) == before


def test_disk_full_while_writing_the_import_rolls_back_with_a_message(tmp_path, capsys, small_disk):
    disk = small_disk(8192)
    path = _workspace(disk)
    sheet = _more(tmp_path, rows=20_000)
    _fill(disk, path.stat().st_size + 150 * 1024)  # room for the backup, not the import
    code, _out, err = _cli(capsys, "import", path, sheet)
    assert code == 3 and "disk is full" in err and "Nothing was changed" in err
    (disk / "ballast").unlink()
    with Workspace.open(path) as ws:
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert ws.counts()["employees"] == 8 and ws.counts()["assessments"] == 1


def test_export_on_a_full_disk_fails_cleanly(tmp_path, capsys, small_disk):
    path = _workspace(tmp_path / "ws")
    disk = small_disk(64)
    out = disk / "report.xlsx"
    code, stdout, err = _cli(capsys, "export", path, out)
    assert code == 3 and "No space left" in err
    assert "wrote" not in stdout
    assert list(disk.iterdir()) == []


def test_opening_on_a_full_disk_is_a_message(tmp_path, capsys, small_disk):
    disk = small_disk(4096)
    path = _workspace(disk)
    _fill(disk, 0)
    code, _out, err = _cli(capsys, "employees", path)
    assert code == 3 and "disk is full" in err


# -- backups ----------------------------------------------------------------------------------


def test_backups_are_bounded_listed_and_restorable(tmp_path, capsys):
    path = _workspace(tmp_path)
    for n in range(KEEP_BACKUPS + 2):
        sheet = tmp_path / f"batch{n}.csv"
        sheet.write_text(f"employee_id,name,Python\nB{n},Batch {n},3\n")
        assert _cli(capsys, "import", path, sheet)[0] == 0
    backups = list_backups(path)
    assert len(backups) == KEEP_BACKUPS
    assert len(list(tmp_path.glob("*.bak"))) == KEEP_BACKUPS
    code, out, _err = _cli(capsys, "backups", path)
    assert code == 0 and backups[0].path.name in out
    # The newest backup was taken before the last import: restoring it removes that person.
    code, out, _err = _cli(capsys, "backups", path, "--restore", "1")
    assert code == 0 and "restored" in out
    with Workspace.open(path) as ws:
        keys = {r[0] for r in ws.conn.execute("SELECT employee_key FROM employees")}
        assert f"B{KEEP_BACKUPS}" in keys and f"B{KEEP_BACKUPS + 1}" not in keys
        assert ws.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list_backups(path)[0].reason == "before-restore"
    code, _out, err = _cli(capsys, "backups", path, "--restore", "99")
    assert code == 3 and "no backup number 99" in err


def test_a_damaged_backup_is_not_restored(tmp_path, capsys):
    path = _workspace(tmp_path)
    assert _cli(capsys, "import", path, _more(tmp_path))[0] == 0
    backup = list_backups(path)[0].path
    backup.write_bytes(backup.read_bytes()[:4096])  # cut short
    code, _out, err = _cli(capsys, "backups", path, "--restore", "1")
    assert code == 3 and "damaged" in err
    with Workspace.open(path) as ws:
        assert ws.counts()["employees"] == 58


def test_pruning_spares_a_copy_another_process_is_writing(tmp_path):
    """Two imports at once: one's pruning must not delete the other's backup in progress."""
    path = tmp_path / "ws.rplan"
    fresh = tmp_path / "ws.before-import-20261202-114303-830834.rplan.bak.4242-a1b2c3.part"
    stale = tmp_path / "ws.before-import-20261201-114303-830834.rplan.bak.4241-d4e5f6.part"
    older = tmp_path / "ws.before-import-20261130-114303-830834.rplan.bak.part"
    stale_wal = stale.with_name(stale.name + "-wal")
    fresh.write_bytes(b"being written")
    for leftover in (stale, older, stale_wal):
        leftover.write_bytes(b"left by a kill")
        old = time.time() - STALE_PART_SECONDS - 60
        os.utime(leftover, (old, old))
    prune_backups(path)
    assert fresh.exists()
    assert not stale.exists() and not older.exists() and not stale_wal.exists()


def test_two_backups_in_the_same_microsecond_are_two_files(tmp_path, monkeypatch):
    """Two processes stamping a backup at the same instant: neither replaces the other."""
    import planner.store.backups as backups

    path = _workspace(tmp_path)
    frozen = datetime(2026, 12, 2, 12, 51, 27, 450950, tzinfo=UTC)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return frozen

    monkeypatch.setattr(backups, "datetime", Frozen)
    with Workspace.open(path) as ws:
        first = ws.backup("before-import")
        second = ws.backup("before-import")
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in list_backups(path)] == [second, first]
    assert not list(tmp_path.glob("*.part*"))
    for copy in (first, second):
        check_backup(copy)
        conn = sqlite3.connect(copy)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()


def test_a_workspace_cut_short_says_damaged_in_plain_words(tmp_path, capsys):
    """A copy cut short used to say SQLite's 'database disk image is malformed'."""
    from planner.demo import ensure_demo_data
    from planner.errors import DamagedWorkspace

    whole = tmp_path / "whole.rplan"
    with Workspace.create(whole) as ws:
        ensure_demo_data(ws)
    cut = tmp_path / "cut.rplan"
    cut.write_bytes(whole.read_bytes()[:5000])
    with pytest.raises(DamagedWorkspace) as info, Workspace.open(cut):
        pass
    assert "is damaged" in str(info.value) and "malformed" not in str(info.value)
    assert info.value.path == cut
    code, _out, err = _cli(capsys, "employees", cut)
    assert code == 3 and "is damaged" in err and f"reskill-planner backups {cut}" in err
