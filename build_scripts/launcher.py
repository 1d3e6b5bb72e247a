"""Entry point of the frozen app: the command line, and with no command the desktop app.

The import sandbox starts its reader child as ``sys.executable -I readers.py ARGS`` (the
worker process likewise runs ``child.py``); in a bundle ``sys.executable`` is this program,
so a bundled ``.py`` script given first is run the way Python would run it (only scripts
inside the bundle).
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def bundled_script(argv: list[str]) -> tuple[Path, list[str]] | None:
    """``(script, args)`` when ``argv`` asks to run one of the bundle's own scripts."""
    args = argv[1:]
    if args[:1] == ["-I"]:
        args = args[1:]
    if not args or not args[0].endswith(".py"):
        return None
    root = Path(getattr(sys, "_MEIPASS", Path(__file__).parent)).resolve()
    script = Path(args[0]).resolve()
    if script.is_file() and script.is_relative_to(root):
        return script, args[1:]
    return None


def run() -> int:
    script = bundled_script(sys.argv)
    if script is not None:
        path, args = script
        sys.argv = [str(path), *args]
        runpy.run_path(str(path), run_name="__main__")
        return 0
    from planner.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(run())
