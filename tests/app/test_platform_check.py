"""First launch on a bare Linux machine: one line naming the packages, never Qt's dump."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.ui import platform_check as pc

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux platform plugins")
MISSING = ("libxcb-cursor.so.0", "libxkbcommon-x11.so.0")


def unloadable(*sonames: str):
    """A loader like ctypes.CDLL on a machine where ``sonames`` are not installed: the
    plugin fails naming the first one, each missing library fails when loaded alone."""

    def load(name: str) -> object:
        if name.endswith("libqxcb.so"):
            raise OSError(
                f"{sonames[0]}: cannot open shared object file: No such file or directory"
            )
        if name in sonames:
            raise OSError(f"{name}: cannot open shared object file: No such file or directory")
        return object()

    return load


def test_elf_reader_lists_what_the_real_xcb_plugin_needs():
    plugin = pc.plugin_dir() / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    needed = pc.needed(plugin)
    assert "libQt6Gui.so.6" in needed
    assert any(n.startswith("libxcb") for n in needed)
    # every system library of the plugin has an apt and a dnf package
    system = [
        n for n in needed if not n.startswith(("libQt6", "libstdc++", "libc.", "libm.", "libgcc_s"))
    ]
    assert system
    assert pc.install_command(system, "apt").startswith("sudo apt install ")
    assert pc.install_command(system, "dnf").startswith("sudo dnf install ")


@linux
def test_missing_libraries_follow_the_real_plugin_through_qt(monkeypatch):
    plugin = pc.plugin_dir() / "libqxcb.so"
    if not plugin.is_file():
        pytest.skip("this PySide6 has no xcb plugin")
    tried: list[str] = []

    def load(name: str) -> object:
        tried.append(name)
        return unloadable(*MISSING)(name)

    assert pc.missing_libraries(plugin, load) == list(MISSING)
    # Qt's own libraries are followed inside PySide6, never loaded by soname
    assert not any(name.startswith("libQt6") for name in tried)
    assert "libEGL.so.1" in tried  # needed by libQt6Gui, not by the plugin itself


@linux
def test_problem_is_one_apt_line_for_xcb(monkeypatch, tmp_path):
    monkeypatch.setattr(pc, "_load", unloadable(*MISSING))
    release = tmp_path / "os-release"
    release.write_text('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')
    monkeypatch.setattr(pc, "OS_RELEASE", release)
    line = pc.problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    assert line is not None and "\n" not in line
    assert line.endswith("install them with: sudo apt install libxcb-cursor0 libxkbcommon-x11-0")
    assert "libxcb-cursor.so.0" in line


@linux
def test_loadable_plugin_is_no_problem_but_a_missing_display_is(monkeypatch):
    monkeypatch.setattr(pc, "_load", lambda name: object())
    assert pc.problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}) is None
    assert pc.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert "DISPLAY is not set" in pc.problem({"QT_QPA_PLATFORM": "xcb"})


def test_distribution_and_commands(tmp_path):
    release = tmp_path / "os-release"
    release.write_text("ID=fedora\nVERSION_ID=40\n")
    assert pc.distribution(release) == "dnf"
    release.write_text('ID="linuxmint"\nID_LIKE="ubuntu debian"\n')
    assert pc.distribution(release) == "apt"
    release.write_text("ID=arch\n")
    assert pc.distribution(release) is None
    assert pc.distribution(tmp_path / "missing") is None
    assert pc.install_command(["libxcb-keysyms.so.1", "libxcb-randr.so.0"], "dnf") == (
        "sudo dnf install xcb-util-keysyms libxcb"
    )
    assert pc.install_command(["libunknown.so.3"], "apt") is None
    message = pc.missing_message(["libunknown.so.3"], "apt", "xcb")
    assert "libunknown.so.3" in message and "install the packages" in message


def test_elf_reader_ignores_what_is_not_a_library(tmp_path):
    assert pc.needed(tmp_path / "nothing.so") == []
    (tmp_path / "text.so").write_text("not an ELF file")
    assert pc.needed(tmp_path / "text.so") == []
    (tmp_path / "short.so").write_bytes(b"\x7fELF\x02\x01" + b"\xff" * 80)
    assert pc.needed(tmp_path / "short.so") == []


@linux
def test_launch_with_an_unloadable_plugin_prints_one_line_and_never_starts_qt(tmp_path):
    """The real entry point, in a fresh process, with the xcb plugin made unloadable."""
    code = textwrap.dedent(f"""
        import sys
        from planner.ui import platform_check
        platform_check._load = {unloadable.__name__}(*{MISSING!r})
        platform_check.OS_RELEASE = __import__("pathlib").Path("os-release")
        from planner.cli import main
        code = main([])
        assert not any(m.startswith("PySide6.Qt") for m in sys.modules), "Qt was loaded"
        sys.exit(code)
    """)
    source = Path(__file__).read_text()
    helper = source[source.index("def unloadable") : source.index("def test_elf_reader_lists")]
    (tmp_path / "os-release").write_text("ID=debian\n")
    env = {
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":0",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", helper + code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 4, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        "reskill-planner: the desktop app needs system libraries that are missing "
        "(libxcb-cursor.so.0, libxkbcommon-x11.so.0); install them with: "
        "sudo apt install libxcb-cursor0 libxkbcommon-x11-0"
    ]
    assert "qt.qpa" not in result.stderr


@linux
def test_a_platform_not_shipped_is_skipped_like_qt_does(monkeypatch):
    monkeypatch.setattr(pc, "_load", unloadable(*MISSING))
    monkeypatch.setattr(pc, "distribution", lambda: "apt")
    line = pc.problem({"QT_QPA_PLATFORM": "notshipped;xcb", "DISPLAY": ":0"})
    assert line is not None and "sudo apt install libxcb-cursor0" in line
    assert pc.problem({"QT_QPA_PLATFORM": "notshipped"}) is None
