"""The command line: ``reskill-planner COMMAND ...``; with no command, the desktop app.

Each command lives in its own module with ``register(subparsers)`` and a ``run(args)``
that returns the exit status. Known errors (PlannerError) print a one-line message on
stderr and exit 3; bad usage exits 2; nothing a user does prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
from collections.abc import Sequence

from planner import __version__
from planner.errors import Cancelled, PlannerError

# Modules under planner.cli that define a command (in --help order).
COMMAND_MODULES = (
    "cmd_init",
    "cmd_import",
    "cmd_employees",
    "cmd_match",
    "cmd_allocate",
    "cmd_plan",
    "cmd_export",
    "cmd_catalog",
    "cmd_backups",
)

log = logging.getLogger("planner.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reskill-planner",
        description="Reskill Planner: import employee skills, match them to generative-AI "
                    "roles, allocate, plan training and export Excel reports. Run without a "
                    "command (or with a WORKSPACE file, or a spreadsheet to import) to open the "
                    "desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"planner.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"planner.cli.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or (not argv[0].startswith("-") and argv[0] not in command_names(parser)):
        if len(argv) > 1:
            parser.error(f"unknown command {argv[0]!r}")
        return _run_gui(argv[0] if argv else None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except Cancelled as exc:
        print(f"reskill-planner: {exc}", file=sys.stderr)
        return exc.exit_code
    except PlannerError as exc:
        print(f"reskill-planner: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reskill-planner: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a read-only folder: the system's words, no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"reskill-planner: error: {exc.strerror or exc}{where}; nothing was written.",
              file=sys.stderr)
        return 3
    except sqlite3.Error as exc:
        print(f"reskill-planner: error: the workspace could not be read or written ({exc}).",
              file=sys.stderr)
        return 3


def _run_gui(workspace: str | None) -> int:
    # Imported by name so the command line never loads Qt unless the app is wanted.
    try:
        app = importlib.import_module("planner.ui.app")
    except ModuleNotFoundError as exc:
        print(f"reskill-planner: the desktop app is not available ({exc}).", file=sys.stderr)
        return 3
    return int(app.run(workspace))
