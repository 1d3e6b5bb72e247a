"""The command line: ``reskill-planner COMMAND ...``; with no command, the desktop app.

Each command lives in its own module ``cmd_NAME`` with ``register(subparsers)`` and a
``run(args)`` that returns the exit status. Only the module of the command being run is
imported (``--version`` imports none), so a quick command never pays for numpy, scipy,
openpyxl or Qt. Known errors (PlannerError) print a one-line message on stderr and exit
3; bad usage exits 2; nothing a user does prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import logging
import sqlite3
import sys
from collections.abc import Iterable, Sequence

from planner import __version__
from planner.errors import Cancelled, DamagedWorkspace, PlannerError, TooLarge

# Modules under planner.cli that define a command (in --help order); ``cmd_NAME``
# registers the command ``NAME``.
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


def command_modules() -> dict[str, str]:
    """Command name → module name, for the command modules that exist (found without
    importing them)."""
    found = {}
    for module in COMMAND_MODULES:
        if importlib.util.find_spec(f"{__name__}.{module}") is not None:
            found[module.removeprefix("cmd_")] = module
    return found


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with every command (``commands=None``) or only the named ones."""
    parser = argparse.ArgumentParser(
        prog="reskill-planner",
        description="Reskill Planner: import employee skills, match them to generative-AI "
        "roles, allocate, plan training and export Excel reports. Run without a "
        "command (or with a WORKSPACE file, or a spreadsheet to import) to open the "
        "desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation: build a workspace in a temporary "
        "folder from the bundled sample, match, allocate, plan and "
        "export a report, then exit 0 when all went well",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = command_modules()
    wanted = modules if commands is None else {c: modules[c] for c in commands}
    for name, module_name in wanted.items():
        module = importlib.import_module(f"{__name__}.{module_name}")
        before = set(sub.choices)
        module.register(sub)
        if set(sub.choices) - before != {name}:
            raise RuntimeError(f"{module_name} must register exactly the command {name!r}")
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _parser_for(argv: list[str], commands: dict[str, str]) -> argparse.ArgumentParser:
    """The smallest parser that handles ``argv``: its command only; none for a bare
    ``--version`` or ``--self-test``; every command for help and usage errors."""
    for arg in argv:
        if arg in commands:
            return build_parser([arg])
        if not arg.startswith("-"):
            break
    if any(arg in ("--version", "--self-test") for arg in argv) and not any(
        arg in ("-h", "--help") for arg in argv
    ):
        return build_parser(())
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = command_modules()
    if not argv or (not argv[0].startswith("-") and argv[0] not in commands):
        if len(argv) > 1:
            build_parser(()).error(f"unknown command {argv[0]!r}")
        return _run_gui(argv[0] if argv else None)
    parser = _parser_for(argv, commands)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.self_test:
        if args.command:
            parser.error("--self-test goes without a command")
        from planner.cli.selftest import self_test

        return self_test()
    if args.command is None:
        parser.error("a command is needed (or no arguments at all to open the desktop app)")
    try:
        return int(args.func(args) or 0)
    except Cancelled as exc:
        print(f"reskill-planner: {exc}", file=sys.stderr)
        return exc.exit_code
    except PlannerError as exc:
        trust = ""
        if isinstance(exc, TooLarge) and hasattr(args, "allow_large"):
            trust = "; if you trust the file, pass --allow-large"
        if isinstance(exc, DamagedWorkspace):
            trust = f" `reskill-planner backups {exc.path}` lists its backups."
        print(f"reskill-planner: error: {exc}{trust}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("reskill-planner: interrupted; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a full disk, a read-only folder: the system's words, no traceback
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"reskill-planner: error: {exc.strerror or exc}{where}; nothing was written.",
            file=sys.stderr,
        )
        return 3
    except sqlite3.Error as exc:
        print(
            f"reskill-planner: error: the workspace could not be read or written ({exc}).",
            file=sys.stderr,
        )
        return 3


def _run_gui(workspace: str | None) -> int:
    # Imported by name so the command line never loads Qt unless the app is wanted; the
    # platform check runs first, so missing system libraries are one line, not Qt's dump.
    try:
        problem = importlib.import_module("planner.ui.platform_check").problem()
        if problem:
            print(f"reskill-planner: {problem}", file=sys.stderr)
            return 4
        importlib.import_module("planner.ui.preload")  # the core first, then Qt
        app = importlib.import_module("planner.ui.app")
    except ModuleNotFoundError as exc:
        print(f"reskill-planner: the desktop app is not available ({exc}).", file=sys.stderr)
        return 3
    return int(app.run(workspace))
