"""``reskill-planner import WORKSPACE FILE``: bring a skill sheet into a workspace."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from planner.cli.output import add_json_flag, print_json
from planner.errors import InputRejected
from planner.progress import Progress
from planner.store import Workspace

if TYPE_CHECKING:
    from planner.importing import ImportReport

MAX_LISTED = 20


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import", help="import employees and skill levels from a spreadsheet",
        description="Import an HR skill sheet (.xlsx, .xlsm, .xlsb, .xls, .ods, .csv/.tsv/.txt, "
                    "and the web pages and Excel 2003 XML that HR systems export as .xls) "
                    "into a workspace, in one transaction. Columns that match no catalog skill "
                    "are added as 'unmapped' workspace skills unless a mapping says otherwise.")
    parser.add_argument("workspace", help="the workspace file (.rplan)")
    parser.add_argument("file", help="the spreadsheet to import")
    parser.add_argument("--sheet", help="the sheet to read (default: the one that looks like "
                                        "skill data)")
    parser.add_argument("--all-sheets", action="store_true",
                        help="also import every other sheet with the same columns (a "
                             "workbook with one sheet per department, say), in the same "
                             "transaction")
    parser.add_argument("--mapping", metavar="M.json", help="a saved column mapping to use")
    parser.add_argument("--save-mapping", metavar="M.json",
                        help="write the mapping used to this file")
    parser.add_argument("--dry-run", action="store_true",
                        help="check and report without writing anything")
    parser.add_argument("--allow-large", action="store_true",
                        help="accept workbooks larger than the safety limits")
    add_json_flag(parser)
    parser.set_defaults(func=run)


MAX_MAPPING_BYTES = 10 << 20  # a saved mapping of 16,384 columns is about 2 MB


def run(args: argparse.Namespace) -> int:
    from planner.importing import Mapping, import_file

    mapping = None
    if args.mapping:
        try:
            if Path(args.mapping).stat().st_size > MAX_MAPPING_BYTES:
                raise ValueError("the file is far larger than a saved mapping")
            mapping = Mapping.from_json(Path(args.mapping).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise InputRejected(f"cannot use the mapping: {exc}", file=args.mapping) from None
    workspace = Path(args.workspace)
    with Workspace.open(workspace) as ws:
        progress = Progress()
        report = import_file(ws, args.file, sheet=args.sheet, mapping=mapping,
                             dry_run=args.dry_run, allow_large=args.allow_large,
                             all_sheets=args.all_sheets, progress=progress)
    if args.save_mapping and report.mapping is not None:
        Path(args.save_mapping).write_text(report.mapping.to_json() + "\n", encoding="utf-8")
    if args.json:
        print_json(report.to_dict())
        return 0
    several = bool(report.more_sheets)
    for n, sheet in enumerate(report.every_sheet()):
        _print_report(sheet, details=n == 0, with_sheet=several)  # read the same way
    if report.same_columns:
        print("  To import them too, run the command again with --all-sheets (or --sheet NAME).")
    return 0


def _print_report(report: ImportReport, *, details: bool, with_sheet: bool) -> None:
    print(report.summary(with_sheet=with_sheet))
    for note in report.notes:
        print(f"  note: {note}")
    for line in report.details() if details else ():
        print(f"  {line}")
    for label, issues in (("error", report.errors), ("warning", report.warnings)):
        for issue in issues[:MAX_LISTED]:
            print(f"  {label}: {issue}", file=sys.stderr)
        if len(issues) > MAX_LISTED:
            print(f"  ... {len(issues) - MAX_LISTED} more {label}s (see --json)",
                  file=sys.stderr)
