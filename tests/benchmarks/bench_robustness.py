"""Robustness figures (run on demand): hostile-shaped files answer within their budget.

    python tests/benchmarks/bench_robustness.py [--columns 16384] [--employees 50000]

Prints, for each case, the wall time, the exit status and the peak memory of the largest
process of the command's tree (reader child included): a 16,384-column sheet, a 200,000-row
CSV, and ``employees --json`` on a large workspace.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(*args: str) -> tuple[float, int, float]:
    """(seconds, exit status, peak MB of the children) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "planner", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode not in (0, 3) or "Traceback" in done.stderr:
        print(done.stderr, file=sys.stderr)
    return seconds, done.returncode, max(peak, before) / 1024


def show(label: str, figures: tuple[float, int, float]) -> None:
    seconds, code, peak = figures
    print(f"{label:<38} {seconds:6.1f} s  exit {code}  {peak:6.0f} MB")


def wide_xlsx(path: Path, columns: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Skills")
    sheet.write_row(0, 0, ["employee_id", "name"] + [f"Zorgle {i}" for i in range(columns - 2)])
    for r in range(1, 6):
        sheet.write_row(r, 0, [f"E{r}", f"P {r}"] + [(r + i) % 5 for i in range(columns - 2)])
    book.close()


def long_csv(path: Path, rows: int, skills: int = 30) -> None:
    with path.open("w") as fh:
        fh.write("employee_id,name," + ",".join(f"Skill {i}" for i in range(skills)) + "\n")
        for r in range(rows):
            fh.write(f"E{r},Person {r}," + ",".join(str((r + i) % 6) for i in range(skills))
                     + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--columns", type=int, default=16_384)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--employees", type=int, default=50_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = folder / "ws.rplan"
        run("init", str(ws))
        wide = folder / "wide.xlsx"
        wide_xlsx(wide, args.columns)
        show(f"import {args.columns:,} columns", run("import", str(ws), str(wide), "--dry-run"))
        rows = folder / "rows.csv"
        long_csv(rows, args.rows)
        show(f"import {args.rows:,} rows x 30", run("import", str(ws), str(rows), "--dry-run"))
        people = folder / "people.csv"
        long_csv(people, args.employees, 40)
        run("import", str(ws), str(people))
        show(f"employees --json ({args.employees:,})", run("employees", str(ws), "--json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
