"""``reskill-planner export WORKSPACE OUT.xlsx [--kind report|plans|workshops|template]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.exporting import (
    KINDS,
    export_plans,
    export_report,
    export_template,
    export_workshops,
)
from planner.progress import Progress
from planner.store import Workspace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export", help="export Excel workbooks: report, plans, sign-in sheets, import template",
        description="Write an Excel workbook. report: summary with charts, employees, fit "
                    "matrix, allocation, training plan, workshops, skill gaps, catalog. "
                    "plans: one sheet per person (--split: one workbook per person in a "
                    "folder named like OUT). workshops: printable sign-in sheets. template: "
                    "an empty skills sheet to fill in and import.")
    parser.add_argument("workspace")
    parser.add_argument("out", help="the .xlsx file to write (replaced if it exists)")
    parser.add_argument("--kind", choices=KINDS, default="report",
                        help="what to export (default: report)")
    parser.add_argument("--scenario", help="scenario name (default: the latest one)")
    parser.add_argument("--split", action="store_true",
                        help="with --kind plans: a folder with one workbook per person")
    parser.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                        help="replace names, emails and ids by stable codes (for sharing "
                             "with external trainers)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.split and args.kind != "plans":
        raise SystemExit("reskill-planner export: error: --split goes with --kind plans")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx" and not (args.split and args.kind == "plans"):
        raise SystemExit(f"reskill-planner export: error: {out} should end in .xlsx")
    progress = Progress(_listener) if sys.stderr.isatty() else None
    with Workspace.open(args.workspace) as ws:
        if args.kind == "report":
            written = export_report(ws, out, scenario=args.scenario,
                                    pseudonymise=args.pseudonymise, progress=progress)
        elif args.kind == "plans":
            written = export_plans(ws, out, scenario=args.scenario, split=args.split,
                                   pseudonymise=args.pseudonymise, progress=progress)
        elif args.kind == "workshops":
            written = export_workshops(ws, out, scenario=args.scenario,
                                       pseudonymise=args.pseudonymise, progress=progress)
        else:
            written = export_template(ws, out, progress=progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")
    print(f"wrote {written}")
    return 0


def _listener(done: int, total: int, message: str) -> None:
    share = min(100, int(100 * done / total)) if total else 0
    sys.stderr.write(f"\r\033[K{share:3d}% {message}")
    sys.stderr.flush()
