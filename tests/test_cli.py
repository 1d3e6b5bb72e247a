"""The command line's contract: exit codes, messages without tracebacks, JSON output."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from planner import __version__
from planner.cli import main
from planner.store.schema import SCHEMA_VERSION


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out
    for command in ("init", "employees", "catalog"):
        with pytest.raises(SystemExit) as exc:
            main([command, "--help"])
        assert exc.value.code == 0
        assert "usage: reskill-planner" in capsys.readouterr().out


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["catalog", "nonsense"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["init"])
    assert exc.value.code == 2


@pytest.mark.parametrize("kind,minimum", [("roles", 18), ("skills", 60), ("modules", 120)])
def test_catalog_json(capsys, kind, minimum):
    code, out, _ = run(capsys, "catalog", kind, "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) >= minimum
    if kind == "roles":
        assert all(item["source_phrase"] for item in items)


def test_init_creates_a_workspace_and_is_idempotent(capsys, tmp_path):
    path = tmp_path / "w.rplan"
    code, out, _ = run(capsys, "init", str(path))
    assert code == 0 and "workspace created" in out
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    code, out, _ = run(capsys, "init", str(path))
    assert code == 0 and "already a workspace" in out
    code, out, _ = run(capsys, "employees", str(path), "--json")
    assert code == 0 and json.loads(out) == []


def test_refusals_exit_3_with_a_clear_message(capsys, tmp_path):
    junk = tmp_path / "notes.rplan"
    junk.write_text("just some text\n")
    code, _, err = run(capsys, "employees", str(junk))
    assert code == 3 and "not a Reskill Planner workspace" in err
    future = tmp_path / "future.rplan"
    run(capsys, "init", str(future))
    conn = sqlite3.connect(future)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    code, _, err = run(capsys, "init", str(future))
    assert code == 3 and "newer version" in err
    code, _, err = run(capsys, "employees", str(tmp_path / "missing.rplan"))
    assert code == 3 and "does not exist" in err


def test_employees_skill_filter_resolves_names_and_rejects_unknown(capsys, tmp_path):
    path = tmp_path / "w.rplan"
    run(capsys, "init", str(path))
    from planner.store import Workspace

    with Workspace.open(path) as ws:
        skill = next(iter(ws.catalog().skills.values()))
        with ws.transaction():
            ws.conn.execute("INSERT INTO employees(id, employee_key, name) "
                            "VALUES (1, 'E1', 'Ada'), (2, 'E2', 'Bo')")
            for emp, level in ((1, 4), (2, 1)):
                ws.conn.execute("INSERT INTO ratings(employee_id, skill_id, source, level, "
                                "rated_at) VALUES (?, ?, 'manager', ?, '2025')",
                                (emp, skill.id, level))
    code, out, _ = run(capsys, "employees", str(path), "--skill", skill.name.upper(),
                       "--min-level", "3", "--json")
    people = json.loads(out)
    assert code == 0 and [p["employee_key"] for p in people] == ["E1"]
    assert people[0]["skills"][skill.id] == {"name": skill.name, "level": 4.0,
                                             "source": "manager"}
    code, _, err = run(capsys, "employees", str(path), "--skill", "underwater basket weaving")
    assert code == 3 and "unknown skill" in err


def test_module_entry_point_runs_without_traceback(tmp_path):
    junk = tmp_path / "x.rplan"
    junk.write_bytes(b"\x00" * 100)
    proc = subprocess.run([sys.executable, "-m", "planner", "employees", str(junk)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr and "not a Reskill Planner workspace" in proc.stderr
