"""``reskill-planner backups WORKSPACE [--restore N|FILE]``: list or restore backup copies."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import InputRejected
from planner.store import Workspace
from planner.store.backups import Backup, list_backups, restore_backup


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "backups",
        help="list a workspace's backup copies, or restore one",
        description="List the backup copies written next to a workspace (before each import, "
        "schema upgrade and restore; the newest few are kept), or restore one. "
        "Restoring first backs up the current state, so it can be undone.",
    )
    parser.add_argument("workspace")
    parser.add_argument(
        "--restore",
        metavar="N|FILE",
        help="restore backup number N of the list (1 = newest) or that file",
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.workspace)
    backups = list_backups(path)
    if args.restore is not None:
        chosen = _choose(backups, args.restore)
        with Workspace.open(path) as ws:
            safety = restore_backup(ws, chosen.path)
        print(f"{path} restored from {chosen.path.name}; the state before is kept as {safety.name}")
        return 0
    if args.json:
        print_json(
            [
                {
                    "number": i,
                    "file": str(b.path),
                    "reason": b.reason,
                    "created": b.created.isoformat(timespec="seconds"),
                    "bytes": b.size,
                }
                for i, b in enumerate(backups, 1)
            ]
        )
        return 0
    if not backups:
        print(f"no backups of {path} yet (one is written before each import)")
        return 0
    print_table(
        ("#", "created (UTC)", "reason", "MB", "file"),
        [
            (
                i,
                b.created.strftime("%Y-%m-%d %H:%M:%S"),
                b.reason,
                f"{b.size / 1e6:.1f}",
                b.path.name,
            )
            for i, b in enumerate(backups, 1)
        ],
        max_width=100,
    )
    return 0


def _choose(backups: list[Backup], wanted: str) -> Backup:
    if wanted.isdigit():
        number = int(wanted)
        if not 1 <= number <= len(backups):
            raise InputRejected(
                f"there is no backup number {number}; {len(backups)} backups are listed"
            )
        return backups[number - 1]
    for backup in backups:
        if wanted in (backup.path.name, str(backup.path)) or (
            Path(wanted).exists() and Path(wanted).resolve() == backup.path.resolve()
        ):
            return backup
    raise InputRejected(
        f"{wanted} is not one of this workspace's backups; "
        "`reskill-planner backups WORKSPACE` lists them"
    )
