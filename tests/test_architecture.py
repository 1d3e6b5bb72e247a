"""The core never imports Qt: only planner.ui may (STYLE.md, "The core knows nothing of Qt")."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import planner

ROOT = Path(__file__).resolve().parents[1]


def core_modules() -> list[str]:
    names = ["planner"]
    for info in pkgutil.walk_packages(planner.__path__, "planner."):
        if info.name == "planner.ui" or info.name.startswith("planner.ui."):
            continue
        names.append(info.name)
    return names


def test_core_modules_import_without_qt():
    modules = core_modules()
    assert "planner.importing" in modules and "planner.cli" in modules
    assert not any(m.startswith("planner.ui") for m in modules)
    # With PySide6 blocked, any import of it raises ImportError.
    code = ("import sys\n"
            "sys.modules['PySide6'] = None\n"
            "sys.modules['shiboken6'] = None\n"
            "import importlib\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.startswith(('planner.ui', 'PySide6.')))\n"
            "assert not bad, bad\n"
            "print('ok', len(sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_the_ui_package_is_the_one_that_imports_qt():
    ui = ROOT / "planner" / "ui"
    assert any("PySide6" in p.read_text(encoding="utf-8") for p in ui.rglob("*.py"))
    for path in (ROOT / "planner").rglob("*.py"):
        if ui in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import PySide6" not in text and "from PySide6" not in text, path


def test_import_linter_contract():
    binary = shutil.which("lint-imports")
    if binary is None:
        # Not installed (e.g. a minimal CI image): the subprocess test above still guards.
        return
    result = subprocess.run([binary], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout
