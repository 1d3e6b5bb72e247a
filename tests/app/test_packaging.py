"""Packaging: the Linux desktop entry and file type, the README's apt list, the bundle's
entry point and what the spec puts in the bundle (the freezing itself is
build_scripts/smoke_frozen.sh, minutes long, run by hand)."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from planner.ui import platform_check as pc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build_scripts"))

import launcher  # noqa: E402
import staging  # noqa: E402

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux desktop")
ALWAYS_THERE = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g", "libzstd1"}


def install_desktop(*args: str) -> subprocess.CompletedProcess:
    script = ROOT / "build_scripts" / "install_desktop.py"
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=60
    )


@linux
def test_install_desktop_writes_entry_icon_and_rplan_type(tmp_path):
    program = str(tmp_path / "My Apps" / "ReskillPlanner")
    result = install_desktop("--prefix", str(tmp_path), "--exec", program)
    assert result.returncode == 0, result.stderr
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(tmp_path / "applications" / "reskill-planner.desktop")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Icon"] == "reskill-planner"
    assert entry["Exec"] == f'"{program}" %f'
    assert "application/x-reskill-planner" in entry["MimeType"].split(";")
    mime = ElementTree.parse(tmp_path / "mime" / "packages" / "reskill-planner.xml")
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    kind = mime.getroot().find("m:mime-type", ns)
    assert kind.get("type") == "application/x-reskill-planner"
    assert kind.find("m:glob", ns).get("pattern") == "*.rplan"
    assert (tmp_path / "icons/hicolor/scalable/apps/reskill-planner.svg").is_file()
    assert (tmp_path / "icons/hicolor/256x256/apps/reskill-planner.png").is_file()

    result = install_desktop("--prefix", str(tmp_path), "--uninstall")
    assert result.returncode == 0
    assert not (tmp_path / "applications" / "reskill-planner.desktop").exists()


def test_readme_apt_command_covers_what_qts_xcb_plugin_needs():
    plugin = pc.plugin_dir() / "libqxcb.so" if pc.plugin_dir() else None
    if plugin is None or not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    system: list[str] = []
    pc._walk(plugin, system.append)  # every system library, through Qt's own ones
    command = pc.install_command(system, "apt")
    assert command, "a library the xcb plugin needs has no Debian package in the table"
    readme = (ROOT / "README.md").read_text("utf-8")
    documented = re.search(r"^sudo apt install (.+)$", readme, re.MULTILINE)
    assert documented, "README.md has no apt command"
    needed = set(command.removeprefix("sudo apt install ").split()) - ALWAYS_THERE
    assert needed <= set(documented.group(1).split())


def test_the_bundle_runs_only_its_own_scripts(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    script = tmp_path / "planner" / "importing" / "readers.py"
    script.parent.mkdir(parents=True)
    script.write_text("print('hi')")
    assert launcher.bundled_script(["app", "-I", str(script), "a", "b"]) == (script, ["a", "b"])
    outside = tmp_path.parent / "evil.py"
    assert launcher.bundled_script(["app", "-I", str(outside)]) is None
    assert launcher.bundled_script(["app", "--version"]) is None
    assert launcher.bundled_script(["app"]) is None


def test_the_spec_takes_every_module_and_the_package_data(tmp_path):
    staged = staging.stage(tmp_path / "stage")
    modules = staging.modules(staged)
    assert {
        "planner.cli.cmd_catalog",
        "planner.ui.app",
        "planner.resources",
        "planner.sample_data",
    } <= set(modules)
    assert not any("generate" in m for m in modules)
    files = {Path(src).name: folder for src, folder in staging.data_files(staged)}
    assert files["roles.toml"].replace("\\", "/") == "planner/resources/catalog"
    assert files["app.svg"].replace("\\", "/") == "planner/resources/icons"
    assert files["demo_org_wide.xlsx"].replace("\\", "/") == "planner/sample_data"
    assert files["reskill-planner.desktop"].replace("\\", "/") == "planner/resources/linux"
    assert files["readers.py"].replace("\\", "/") == "planner/importing"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", staging.version())
