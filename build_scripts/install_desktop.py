"""Add Reskill Planner to the Linux desktop: menu entry, icons and the .rplan file type.

``python build_scripts/install_desktop.py [--exec PROGRAM] [--prefix DIR] [--uninstall]``

Installs for the current user under ~/.local/share (``--prefix`` to change): the menu
entry (applications/reskill-planner.desktop), the icon (icons/hicolor), and the MIME type
application/x-reskill-planner for ``*.rplan`` files (mime/packages), so double-clicking a
workspace opens it in the app. ``--exec`` is the program the entry starts: by default the
bundle built by build.py when it exists, else ``reskill-planner`` from the PATH. Run it
from a checkout; the bundle also carries the two files (``_internal/planner/resources/
linux``) for a system-wide install by hand (see build_scripts/README.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
NAME = "reskill-planner"
BUNDLE = ROOT / "dist" / "ReskillPlanner" / "ReskillPlanner"


def targets(prefix: Path) -> dict[str, tuple[Path, Path]]:
    """Installed file → (source file, destination)."""
    icons = prefix / "icons" / "hicolor"
    return {
        "desktop": (
            RESOURCES / "linux" / f"{NAME}.desktop",
            prefix / "applications" / f"{NAME}.desktop",
        ),
        "mime": (RESOURCES / "linux" / f"{NAME}.xml", prefix / "mime" / "packages" / f"{NAME}.xml"),
        "svg": (RESOURCES / "icons" / "app.svg", icons / "scalable" / "apps" / f"{NAME}.svg"),
        "png": (RESOURCES / "icons" / "app.png", icons / "256x256" / "apps" / f"{NAME}.png"),
    }


def default_exec() -> str:
    if BUNDLE.is_file():
        return str(BUNDLE)
    found = shutil.which(NAME)
    return found or NAME


RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_quote(program: str) -> str:
    """``program`` as one argument of a desktop entry's Exec key (Desktop Entry spec)."""
    if not RESERVED & set(program):
        return program
    inner = "".join("\\" + c if c in '"`$\\' else c for c in program)
    return ('"' + inner + '"').replace("\\", "\\\\")  # then escaped as a string value


def desktop_text(source: Path, program: str) -> str:
    """The .desktop entry with ``Exec`` starting ``program``."""
    quoted = exec_quote(program)
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={quoted} %f"
        lines.append(line)
    return "\n".join(lines) + "\n"


def refresh(prefix: Path) -> None:
    """Let the desktop know (each tool is optional)."""
    for tool, folder in (
        ("update-mime-database", prefix / "mime"),
        ("update-desktop-database", prefix / "applications"),
        ("gtk-update-icon-cache", prefix / "icons" / "hicolor"),
    ):
        if shutil.which(tool) and folder.is_dir():
            args = (
                [tool, "-q", "-t", str(folder)] if tool.startswith("gtk") else [tool, str(folder)]
            )
            subprocess.run(args, check=False, capture_output=True)


def install(prefix: Path, program: str) -> list[Path]:
    written = []
    for key, (source, target) in targets(prefix).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if key == "desktop":
            target.write_text(desktop_text(source, program), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
        written.append(target)
    refresh(prefix)
    return written


def uninstall(prefix: Path) -> list[Path]:
    removed = []
    for _source, target in targets(prefix).values():
        if target.exists():
            target.unlink()
            removed.append(target)
    refresh(prefix)
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exec", dest="program", help="the program the menu entry starts")
    parser.add_argument(
        "--prefix",
        type=Path,
        default=Path.home() / ".local" / "share",
        help="where to install (default ~/.local/share)",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove what was installed")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print(
            "install_desktop: only for Linux desktops (the macOS and Windows bundles "
            "carry their icon themselves)",
            file=sys.stderr,
        )
        return 2
    if args.uninstall:
        for path in uninstall(args.prefix):
            print(f"removed {path}")
        return 0
    program = args.program or default_exec()
    for path in install(args.prefix, program):
        print(f"installed {path}")
    print(f"The menu entry starts: {program}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
