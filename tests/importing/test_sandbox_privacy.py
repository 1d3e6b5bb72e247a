"""The reader child hands rows back through a pipe: a crash leaves no personal data on disk,
and the child's own crash text never reaches the user's terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

KILL_PARENT = """
    import os, signal, subprocess, sys
    from planner.importing.source import load_source
    from planner.progress import Progress

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    import planner.importing.sandbox as sandbox

    real_receive = sandbox._receive

    def receive(stream, received, *more):
        real_receive(stream, received, *more)
        if sys.argv[2] == "child finished":
            die()                        # the child sent everything, the parent did nothing yet

    sandbox._receive = receive

    def step(done, total, message):
        if message == sys.argv[2]:
            die()

    load_source(sys.argv[1], progress=Progress(step))
"""


@pytest.mark.parametrize("moment", ["child finished", "looking for the table"])
def test_a_crash_after_reading_leaves_no_rows_in_the_temporary_folder(tmp_path, moment):
    temp = tmp_path / "temp"
    temp.mkdir()
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "employee_id,name,email,Python\n"
        + "".join(f"E{i},Secret Person {i},secret{i}@example.com,3\n" for i in range(2000))
    )
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILL_PARENT), str(sheet), moment],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    leftovers = [p for p in temp.rglob("*") if p.is_file()]
    assert not [p for p in leftovers if b"Secret Person" in p.read_bytes()]
    assert leftovers == []


PANIC = """
    import sys
    from pathlib import Path
    import planner.importing.sandbox as sandbox

    fake = Path(sys.argv[3])
    fake.write_text("import sys\\n"
                    "sys.stderr.write(\\"thread '<main>' panicked at 'index out of bounds', "
                    "src/xlsx.rs:123\\\\n\\")\\n"
                    "sys.exit(101)\\n")
    sandbox.READER_SCRIPT = fake
    from planner.cli import main
    sys.exit(main(["import", sys.argv[1], sys.argv[2]]))
"""


def test_the_readers_panic_text_stays_out_of_the_message(tmp_path):
    from planner.store import Workspace

    ws = tmp_path / "ws.rplan"
    Workspace.create(ws).close()
    sheet = tmp_path / "s.csv"
    sheet.write_text("employee_id,name,Python\nE1,Ada,3\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(PANIC),
            str(ws),
            str(sheet),
            str(tmp_path / "fake_reader.py"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3
    assert "panicked" not in done.stderr and "xlsx.rs" not in done.stderr
    assert done.stderr.startswith("reskill-planner: error: file s.csv: the spreadsheet reader")
