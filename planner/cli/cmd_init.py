"""``reskill-planner init WORKSPACE [--demo]``: create a workspace file."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.store import Workspace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("init", help="create a workspace (optionally with the demo org)",
                            description="Create a workspace file with the shipped catalog. "
                                        "Running it on an existing workspace changes nothing.")
    parser.add_argument("workspace", help="the file to create, e.g. team.rplan")
    parser.add_argument("--demo", action="store_true",
                        help="also import the demo organisation from sample_data/")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.workspace)
    existed = path.exists()
    ws = Workspace.open(path) if existed else Workspace.create(path)
    with ws:
        if args.demo:
            from planner.demo import ensure_demo_data

            added = ensure_demo_data(ws)
            print(f"{path}: demo organisation {'imported' if added else 'already present'}; "
                  f"{ws.counts()['employees']} employees.")
        else:
            print(f"{path}: {'already a workspace' if existed else 'workspace created'} "
                  f"(schema {ws.schema_version}).")
    return 0
