"""Two processes on one workspace, and kills during an import: nothing lost, nothing mixed.

Each test runs real processes: SQLite's locks are per process, so threads prove nothing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.store import Workspace

CLI = [sys.executable, "-m", "planner"]
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def _run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=ENV
    )


def _script(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def _seed(path: Path, people: int = 6) -> None:
    """A small workspace with ``people`` employees (E1..En) rated in Python."""
    sheet = path.with_name("seed.csv")
    sheet.write_text(
        "employee_id,name,email,Python\n"
        + "".join(f"E{i},Person {i},p{i}@example.com,{i % 5}\n" for i in range(1, people + 1))
    )
    Workspace.create(path).close()
    assert _run("import", path, sheet).returncode == 0


def _check(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


APP = """
    import sys
    from planner.store import Workspace
    path = sys.argv[1]
    ws = Workspace.open(path)                   # the window's connection, kept open
    with Workspace.open(path) as worker:        # a background task opens and closes it
        worker.counts()
    with ws.transaction():
        ws.conn.execute("UPDATE employees SET name = 'edit before' WHERE employee_key = 'E1'")
    print("ready", flush=True)
    sys.stdin.readline()                        # the other process imports and allocates
    with ws.transaction():
        ws.conn.execute("UPDATE employees SET name = 'edit after' WHERE employee_key = 'E2'")
    with Workspace.open(path) as worker:
        worker.counts()
    with ws.transaction():
        ws.conn.execute("UPDATE employees SET name = 'last edit' WHERE employee_key = 'E3'")
    print("done", flush=True)
    sys.stdin.readline()
    ws.close()
"""


def test_app_and_command_line_on_one_workspace_keep_every_edit(tmp_path):
    path = tmp_path / "ws.rplan"
    _seed(path)
    new = tmp_path / "new.csv"
    new.write_text("employee_id,name,Python\nN1,New One,3\nN2,New Two,4\n")
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,1\n")
    with _script(APP, path) as app:
        assert app.stdout.readline().strip() == "ready", app.stderr.read()
        imported = _run("import", path, new)
        assert imported.returncode == 0, imported.stderr
        allocated = _run("allocate", path, "--demand", demand)
        assert allocated.returncode == 0, allocated.stderr
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "done", app.stderr.read()
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.wait(30) == 0, app.stderr.read()
    conn = _check(path)
    names = dict(conn.execute("SELECT employee_key, name FROM employees"))
    assert names["E1"] == "edit before" and names["E2"] == "edit after"
    assert names["E3"] == "last edit"
    assert names["N1"] == "New One" and names["N2"] == "New Two"
    assert conn.execute("SELECT count(*) FROM scenarios").fetchone()[0] == 1


HOLDER = """
    import sys, time
    from pathlib import Path
    from planner.store import Workspace
    path = Path(sys.argv[1])
    with Workspace.open(path) as ws, ws.transaction():
        print("holding", flush=True)
        # Wait until the other import has started writing (its backup appears), then
        # add an employee it is about to add too.
        deadline = time.monotonic() + 60
        while not list(path.parent.glob("*.before-import-*.bak")):
            if time.monotonic() > deadline:
                sys.exit("the other import never started")
            time.sleep(0.02)
        time.sleep(0.3)
        ws.conn.execute("INSERT INTO employees (employee_key, name) VALUES ('N1', 'First')")
"""


def test_second_writer_waits_and_sees_the_first_writers_employees(tmp_path):
    path = tmp_path / "ws.rplan"
    _seed(path)
    for bak in tmp_path.glob("*.bak"):
        bak.unlink()
    new = tmp_path / "new.csv"
    new.write_text("employee_id,name,Python\nN1,Second,3\nN2,Other,4\n")
    with _script(HOLDER, path) as holder:
        assert holder.stdout.readline().strip() == "holding", holder.stderr.read()
        imported = _run("import", path, new)
        assert holder.wait(60) == 0, holder.stderr.read()
    assert imported.returncode == 0, imported.stderr
    assert "UNIQUE" not in imported.stderr and "Traceback" not in imported.stderr
    assert "1 new and 1 updated" in imported.stdout
    conn = _check(path)
    assert (
        conn.execute("SELECT name FROM employees WHERE employee_key = 'N1'").fetchone()[0]
        == "Second"
    )


def test_two_imports_at_once_both_land(tmp_path):
    path = tmp_path / "ws.rplan"
    _seed(path)
    files = []
    for n in range(2):
        f = tmp_path / f"batch{n}.csv"
        f.write_text(
            "employee_id,name,Python\n"
            + "".join(f"S{i},Shared {i},{(i + n) % 5}\n" for i in range(40))
        )
        files.append(f)
    procs = [
        subprocess.Popen(
            [*CLI, "import", str(path), str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        for f in files
    ]
    results = []
    for proc in procs:
        with proc:
            out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out, err))
    for code, _out, err in results:
        assert code == 0, err
        assert "Traceback" not in err
    conn = _check(path)
    assert (
        conn.execute("SELECT count(*) FROM employees WHERE employee_key LIKE 'S%'").fetchone()[0]
        == 40
    )
    assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 3


# -- kills during an import --------------------------------------------------------------

KILLER = """
    import os, signal, sys
    from pathlib import Path
    import planner.store.backups as backups
    from planner.importing import import_file
    from planner.progress import Progress
    from planner.store import Workspace

    path, sheet, point = Path(sys.argv[1]), sys.argv[2], sys.argv[3]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "backup-before-rename":
        backups.os.replace = backups.os.link = lambda a, b: die()

    def step(done, total, message):
        if point == "reading" and message.startswith("reading"):
            die()
        if point == "writing-employees" and message == "writing employees":
            die()
        if point == "writing-ratings" and message == "writing ratings" and done < total:
            die()
        if point == "before-commit" and message == "writing ratings" and done == total:
            die()

    with Workspace.open(path) as ws:
        import_file(ws, sheet, progress=Progress(step))
        if point == "after-commit":
            die()
"""

KILL_POINTS = [
    "reading",
    "backup-before-rename",
    "writing-employees",
    "writing-ratings",
    "before-commit",
    "after-commit",
]


def _state(path: Path) -> tuple[int, int, int]:
    conn = _check(path)
    try:
        return tuple(
            conn.execute(
                "SELECT (SELECT count(*) FROM employees), (SELECT count(*) FROM assessments), "
                "(SELECT count(*) FROM rating_blocks)"
            ).fetchone()
        )
    finally:
        conn.close()


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_kill_during_an_import_leaves_the_workspace_before_or_after(tmp_path, point):
    path = tmp_path / "ws.rplan"
    _seed(path)
    sheet = tmp_path / "more.csv"
    sheet.write_text(
        "employee_id,name,Python,SQL\n"
        + "".join(f"M{i},More {i},{i % 5},{(i + 1) % 5}\n" for i in range(200))
    )
    before = _state(path)
    with _script(KILLER, path, sheet, point) as proc:
        _out, err = proc.communicate(timeout=120)
    assert proc.returncode == -9, err  # it really died at that point
    after = _state(path)
    assert after in (before, (before[0] + 200, before[1] + 1, after[2]))
    if point in (
        "reading",
        "backup-before-rename",
        "writing-employees",
        "writing-ratings",
        "before-commit",
    ):
        assert after == before
    else:
        assert after[:2] == (before[0] + 200, before[1] + 1)
    for bak in tmp_path.glob("*.bak"):  # a backup is complete or absent
        conn = sqlite3.connect(bak)
        assert conn.execute("SELECT count(*) FROM employees").fetchone()[0] == before[0]
        conn.close()
    with Workspace.open(path) as ws:  # and the workspace opens again
        assert ws.counts()["employees"] == after[0]


def test_waiting_writer_gives_up_with_a_message_not_a_traceback(tmp_path, monkeypatch):
    import planner.store.connection as connection

    path = tmp_path / "ws.rplan"
    Workspace.create(path).close()
    with _script(
        """
        import sys
        from planner.store import Workspace
        with Workspace.open(sys.argv[1]) as ws, ws.transaction():
            print("holding", flush=True)
            sys.stdin.readline()
    """,
        path,
    ) as holder:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
        from planner.errors import WorkspaceError

        with (
            Workspace.open(path) as ws,
            pytest.raises(WorkspaceError, match="writing it"),
            ws.transaction(),
        ):
            ws.set_setting("currency", "USD")
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(30) == 0
