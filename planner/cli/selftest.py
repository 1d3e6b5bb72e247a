"""``reskill-planner --self-test``: the whole job once, in a temporary folder.

Creates a workspace, imports the bundled demo organisation, matches, allocates a small
demand, plans it and exports the report, each through the same command functions a user
runs, then checks the results agree with each other. It is the smoke test of a frozen
build and of a user's machine; the app's Help menu runs it too (on a worker thread).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner import __version__
from planner.errors import Cancelled, PlannerError
from planner.progress import Progress

STEPS = 6
ROLES_DEMANDED = 3
HEADCOUNT = 2
HORIZON_WEEKS = 70  # inside the allocation's default 18-month horizon


class SelfTestFailed(Exception):
    """A step went wrong; the message says which and what was seen."""


@dataclass
class SelfTestResult:
    ok: bool
    lines: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        return "\n".join(self.lines)


def run_self_test(progress: Progress | None = None) -> SelfTestResult:
    """Run every step; a failure is ``ok=False`` with the reason (only a cancel raises)."""
    started = time.perf_counter()
    result = SelfTestResult(ok=False, lines=[f"Reskill Planner {__version__} self-test"])
    folder = Path(tempfile.mkdtemp(prefix="reskill-self-test-"))
    try:
        result.lines += _steps(folder, progress)
        result.ok = True
    except SelfTestFailed as exc:
        result.lines.append(f"FAILED: {exc}")
    except Cancelled:
        raise
    except Exception as exc:  # the point of a self-test is to report anything at all
        result.lines.append(f"FAILED: {type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    verdict = "passed" if result.ok else "failed"
    result.lines.append(f"Self-test {verdict} in {result.seconds:.1f} s.")
    return result


def self_test() -> int:
    """The ``--self-test`` option: print the summary, exit 0 when everything passed."""
    result = run_self_test(Progress(_echo) if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    print(result.text())
    return 0 if result.ok else 1


def _echo(done: int, total: int, message: str) -> None:
    sys.stderr.write(f"\r\033[K[{done}/{total}] {message}")
    sys.stderr.flush()


def _steps(folder: Path, progress: Progress | None) -> list[str]:
    from planner.demo import demo_file

    def step(n: int, message: str) -> None:
        if progress is not None:
            progress.step(n, STEPS, message)

    ws = str(folder / "self-test.rplan")
    sample = demo_file()
    if not sample.is_file():
        raise SelfTestFailed(f"the bundled sample {sample} is missing")

    step(0, "creating a workspace")
    command("init", ws)

    step(1, f"importing {sample.name}")
    imported = json.loads(command("import", ws, str(sample), "--json"))
    people = int(imported.get("employees_added", 0)) + int(imported.get("employees_updated", 0))
    if people <= 0 or imported.get("errors"):
        raise SelfTestFailed(
            f"importing {sample.name} gave {people} employees and "
            f"{len(imported.get('errors') or [])} errors"
        )
    listed = json.loads(command("employees", ws, "--json"))
    if len(listed) != people:
        raise SelfTestFailed(f"{people} employees imported but {len(listed)} listed")

    step(2, "matching everyone to every role")
    matches = json.loads(command("match", ws, "--json", "--top", "3"))
    # roles with enough eligible people ready within the allocation's horizon (~78 weeks)
    with_candidates = [m for m in matches
                       if sum(1 for c in m.get("candidates", ()) if c.get("eligible")
                              and (c.get("weeks_to_ready") or 0) <= HORIZON_WEEKS) >= HEADCOUNT]
    if len(with_candidates) < ROLES_DEMANDED:
        raise SelfTestFailed(f"only {len(with_candidates)} of {len(matches)} roles have candidates")

    step(3, "allocating people to roles")
    demand = folder / "demand.csv"
    roles = [m["role_id"] for m in with_candidates[:ROLES_DEMANDED]]
    demand.write_text(
        "role_id,headcount\n" + "".join(f"{r},{HEADCOUNT}\n" for r in roles), encoding="utf-8"
    )
    allocation = json.loads(command("allocate", ws, "--demand", str(demand), "--json"))
    chosen = [p for role in allocation.get("roles", []) for p in role.get("chosen", [])]
    demanded = ROLES_DEMANDED * HEADCOUNT
    if not chosen or len(chosen) > demanded:
        raise SelfTestFailed(f"allocation chose {len(chosen)} people for {demanded} places")
    if len({p["employee_id"] for p in chosen}) != len(chosen):
        raise SelfTestFailed("allocation gave someone more than one role")

    step(4, "planning the training")
    plan = json.loads(command("plan", ws, "--json"))
    planned = _dig(plan, "totals", "scenario", "people")
    if not isinstance(planned, int) or not 0 < planned <= len(chosen):
        raise SelfTestFailed(f"the plan covers {planned} people; {len(chosen)} were chosen")

    step(5, "exporting the report")
    report = folder / "report.xlsx"
    command("export", ws, str(report))
    sheets, found = _workbook_check(report, chosen[0]["employee_key"])
    if sheets < 2 or not found:
        raise SelfTestFailed(
            f"the report has {sheets} sheets and "
            f"{'names' if found else 'does not name'} the chosen people"
        )
    step(6, "done")
    return [
        f"  imported {people} employees from {sample.name}",
        f"  matched {len(matches)} roles",
        f"  allocated {len(chosen)} of {demanded} places in {ROLES_DEMANDED} roles",
        f"  planned training for {planned} people",
        f"  exported a report of {sheets} sheets ({report.stat().st_size // 1024:,} KB)",
    ]


def command(*argv: str) -> str:
    """Run one command as the command line would; its printed output, or SelfTestFailed."""
    from planner.cli import build_parser

    out, err = io.StringIO(), io.StringIO()
    name = argv[0]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = build_parser([name]).parse_args(list(argv))
            code = int(args.func(args) or 0)
    except PlannerError as exc:
        raise SelfTestFailed(f"{name}: {exc}") from None
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
        err.write(str(exc.code or ""))
    if code != 0:
        raise SelfTestFailed(f"{name} exited with {code}: {_last_line(err.getvalue())}")
    return out.getvalue()


def _workbook_check(path: Path, text: str) -> tuple[int, bool]:
    """The number of worksheets in the .xlsx at ``path`` and whether ``text`` is in it."""
    try:
        with zipfile.ZipFile(path) as book:
            names = book.namelist()
            sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
            needle = text.encode()
            found = any(needle in book.read(n) for n in names if n.endswith(".xml"))
    except (OSError, zipfile.BadZipFile) as exc:
        raise SelfTestFailed(f"the report {path.name} is not a workbook: {exc}") from None
    return len(sheets), found


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
