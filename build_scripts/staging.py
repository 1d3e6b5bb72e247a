"""What goes into the bundle, read from the checkout (used by the spec and build.py).

The package is laid out as pip installs it (pyproject's ``package-dir``): ``resources/``
becomes ``planner/resources`` and ``sample_data/`` becomes ``planner/sample_data``. An
editable install maps those names with an import hook PyInstaller cannot follow, so the
package is copied to ``build/stage/`` in the installed layout and frozen from there; the
data files are the ones pyproject's ``package-data`` names.
"""

from __future__ import annotations

import re
import shutil
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGE = ROOT / "build" / "stage"
ICONS = ROOT / "build" / "icons"
APP_NAME = "ReskillPlanner"
BUNDLE_ID = "org.reskill.planner"
# Python files the app runs as scripts (the import sandbox's reader child), kept as files.
SCRIPTS = ("planner/importing/readers.py",)
# Left out of the bundle: generators and caches.
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "generate.py")


def version() -> str:
    text = (ROOT / "planner" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit("planner/__init__.py has no __version__")
    return found.group(1)


def _setuptools() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["tool"]["setuptools"]


def stage(into: Path = STAGE) -> Path:
    """Copy the package to ``into`` in its installed layout; returns ``into``."""
    config = _setuptools()
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    for package, source in sorted(config["package-dir"].items(), key=lambda kv: kv[0]):
        target = into.joinpath(*package.split("."))
        if package == "planner":
            shutil.copytree(ROOT / source, target, ignore=SKIP)
        else:
            shutil.copytree(ROOT / source, target, ignore=SKIP, dirs_exist_ok=True)
    return into


def modules(staged: Path = STAGE) -> list[str]:
    """Every module of the staged package (commands and pages are imported by name)."""
    names = []
    for path in sorted((staged / "planner").rglob("*.py")):
        parts = list(path.relative_to(staged).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def data_files(staged: Path = STAGE) -> list[tuple[str, str]]:
    """(file, folder in the bundle) for package-data and the scripts run as files."""
    out: list[tuple[str, str]] = []
    for package, patterns in _setuptools()["package-data"].items():
        folder = staged.joinpath(*package.split("."))
        for pattern in patterns:
            for path in sorted(folder.glob(pattern)):
                if path.is_file():
                    out.append((str(path), str(path.parent.relative_to(staged))))
    for script in SCRIPTS:
        path = staged / script
        out.append((str(path), str(path.parent.relative_to(staged))))
    return out


def icon() -> str | None:
    """The app icon in this platform's format, made from resources/icons/app.png (with
    Pillow, which matplotlib already needs); None when it cannot be made."""
    png = ROOT / "resources" / "icons" / "app.png"
    if sys.platform.startswith("linux"):
        return str(png)
    try:
        from PIL import Image
    except ImportError:
        print("build: Pillow is missing, so the bundle gets no icon", file=sys.stderr)
        return None
    ICONS.mkdir(parents=True, exist_ok=True)
    image = Image.open(png).convert("RGBA")
    if sys.platform == "win32":
        out = ICONS / "app.ico"
        sizes = [(s, s) for s in (16, 24, 32, 48, 64, 128, 256) if s <= image.width]
        image.save(out, sizes=sizes)
    else:
        out = ICONS / "app.icns"
        image.save(out)
    return str(out)
