"""Import benchmark: a 50,000 × 40-skill wide xlsx, end to end, against calamine's bare read.

Run on demand: ``python tests/benchmarks/bench_import.py [--rows N] [--runs N] [--no-pandas]``.
Prints medians, the ratio import / calamine (target ≤ 1.5, issue 12) and the peak memory of this
process and of its children (target ≤ 1 GB).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

FIELDS = ["Employee ID", "Name", "Email", "Department", "Job title", "Site", "Manager",
          "Weekly training hours", "Rater"]


def write_workbook(path: Path, rows: int, skills: list[str]) -> None:
    """A wide workbook like an HRIS export (sample_data's generator, once it lands, is
    equivalent); constant-memory xlsxwriter so writing stays cheap."""
    import xlsxwriter

    rng = random.Random(7)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Skills")
    ws.write_row(0, 0, FIELDS + skills)
    departments = ["Sales", "Finance", "IT", "Legal", "Marketing", "HR", "Operations"]
    sites = ["Berlin", "Paris", "Madrid", "Milan", "Amsterdam", "Lisbon"]
    for r in range(1, rows + 1):
        ws.write_row(r, 0, [
            100000 + r, f"Person {r}", f"person{r}@example.com", rng.choice(departments),
            "Analyst", rng.choice(sites), f"Manager {r % 500}", rng.choice([2, 4, 6]),
            "self"])
        ws.write_row(r, len(FIELDS), [rng.randint(0, 5) for _ in skills])
    wb.close()


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--skills", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pandas", action="store_true")
    parser.add_argument("--keep", type=Path, help="reuse/keep the workbook at this path")
    args = parser.parse_args(argv)

    from planner.catalog import load_shipped_catalog
    from planner.importing import import_file
    from planner.store import Workspace

    catalog = load_shipped_catalog()
    names = [s.name for s in catalog.skills.values()]
    skills = (names * (args.skills // max(1, len(names)) + 1))[: args.skills]
    if len(set(skills)) < len(skills):   # fewer catalog skills than asked: invent the rest
        skills = list(dict.fromkeys(skills)) + [
            f"Extra skill {i}" for i in range(args.skills - len(set(skills)))]
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    path = args.keep or tmp / "org_wide.xlsx"
    if not path.exists():
        start = time.perf_counter()
        write_workbook(path, args.rows, skills)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")

    import python_calamine

    def calamine_read():
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        wb.get_sheet_by_index(0).to_python()

    counter = iter(range(1000))

    def end_to_end():
        with Workspace.create(tmp / f"w{next(counter)}.rplan", catalog=catalog) as ws:
            report = import_file(ws, path)
            assert report.ratings == args.rows * args.skills, report.summary()
            assert not report.errors

    cal = timed(calamine_read, args.runs)
    e2e = timed(end_to_end, args.runs)
    cal_med, e2e_med = statistics.median(cal), statistics.median(e2e)
    print(f"calamine bare read:  median {cal_med:.2f} s  {[round(t, 2) for t in cal]}")
    print(f"import end to end:   median {e2e_med:.2f} s  {[round(t, 2) for t in e2e]}")
    print(f"ratio import / calamine: {e2e_med / cal_med:.2f}  (target <= 1.5)")

    from planner.store import current_levels

    with Workspace.open(tmp / "w0.rplan") as ws:
        shapes = []
        cl = timed(lambda: shapes.append(current_levels(ws).levels.shape), args.runs)
    cl_med = statistics.median(cl)
    print(f"current_levels {shapes[0][0]:,} x {shapes[0][1]}: median {cl_med:.3f} s  "
          f"{[round(t, 3) for t in cl]}  (target well under 0.5 s)")
    if not args.no_pandas:
        try:
            import pandas

            pd_time = timed(lambda: pandas.read_excel(path, engine="openpyxl"), 1)[0]
            print(f"pandas.read_excel (openpyxl), once: {pd_time:.2f} s  "
                  f"(import is {pd_time / e2e_med:.1f}x faster)")
        except ImportError:
            print("pandas not installed; reference skipped")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: this process {own:.0f} MB, largest child {children:.0f} MB "
          "(target <= 1024 MB each)")
    ok = e2e_med / cal_med <= 1.5 and max(own, children) <= 1024 and cl_med < 0.5
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
