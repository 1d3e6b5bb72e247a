"""Before Qt starts: can its platform plugin load here, and is there a display?

On a fresh Debian or Ubuntu machine the xcb plugin that PySide6 ships needs system
libraries (libxcb-cursor0, libxcb-icccm4, …) that are often missing; Qt then prints a
page of plugin diagnostics and aborts. :func:`problem` tries to load the plugin the app
will use first (cheap when it works: Qt loads the same libraries a moment later) and,
when that fails, finds every missing system library and returns one line with the
package-manager command that installs them.

This module must not import Qt: on such a machine ``import PySide6.QtGui`` itself fails.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import struct
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# The C library's own parts.
BASE = (
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "ld-linux-x86-64.so.2",
    "ld-linux-aarch64.so.1",
    "ld-linux-armhf.so.3",
)
# System library (soname) → the package that provides it, per package manager. Covers
# what PySide6's xcb, wayland and offscreen plugins and QtGui/QtWidgets need.
APT = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libz.so.1": "zlib1g",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libzstd.so.1": "libzstd1",
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
} | dict.fromkeys(BASE, "libc6")
DNF = (
    {
        "libxcb-cursor.so.0": "xcb-util-cursor",
        "libxcb-icccm.so.4": "xcb-util-wm",
        "libxcb-util.so.1": "xcb-util",
        "libxcb-image.so.0": "xcb-util-image",
        "libxcb-keysyms.so.1": "xcb-util-keysyms",
        "libxcb-render-util.so.0": "xcb-util-renderutil",
        "libX11-xcb.so.1": "libX11-xcb",
        "libX11.so.6": "libX11",
        "libXau.so.6": "libXau",
        "libXdmcp.so.6": "libXdmcp",
        "libSM.so.6": "libSM",
        "libICE.so.6": "libICE",
        "libxkbcommon.so.0": "libxkbcommon",
        "libxkbcommon-x11.so.0": "libxkbcommon-x11",
        "libGL.so.1": "libglvnd-glx",
        "libGLX.so.0": "libglvnd-glx",
        "libOpenGL.so.0": "libglvnd-opengl",
        "libGLdispatch.so.0": "libglvnd",
        "libEGL.so.1": "libglvnd-egl",
        "libfontconfig.so.1": "fontconfig",
        "libfreetype.so.6": "freetype",
        "libpng16.so.16": "libpng",
        "libexpat.so.1": "expat",
        "libz.so.1": "zlib",
        "libglib-2.0.so.0": "glib2",
        "libgthread-2.0.so.0": "glib2",
        "libdbus-1.so.3": "dbus-libs",
        "libwayland-client.so.0": "libwayland-client",
        "libwayland-cursor.so.0": "libwayland-cursor",
        "libwayland-egl.so.1": "libwayland-egl",
        "libzstd.so.1": "libzstd",
        "libstdc++.so.6": "libstdc++",
        "libgcc_s.so.1": "libgcc",
    }
    | dict.fromkeys(BASE, "glibc")
    | {
        f"libxcb{part}.so.{v}": "libxcb"
        for part, v in (
            ("", 1),
            ("-randr", 0),
            ("-render", 0),
            ("-shape", 0),
            ("-shm", 0),
            ("-sync", 1),
            ("-xfixes", 0),
            ("-xkb", 1),
            ("-xinput", 0),
            ("-glx", 0),
        )
    }
)
MANAGERS = {"apt": ("sudo apt install", APT), "dnf": ("sudo dnf install", DNF)}

OS_RELEASE = Path("/etc/os-release")
Loader = Callable[[str], object]
_NOT_FOUND = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def problem(environ: Mapping[str, str] | None = None) -> str | None:
    """One line saying why the desktop app cannot start here, or None when it can."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return None
    candidates = platforms(env)
    plugins = plugin_dir()
    if plugins is None or not candidates:
        return None
    missing: list[str] = []
    display = None
    for name in candidates:
        plugin = plugins / f"libq{name}.so"
        if not plugin.is_file():
            continue  # not shipped here (a trimmed bundle): Qt skips it too
        found = missing_libraries(plugin)
        if found:
            missing = missing or found
            continue
        display = display or _display_problem(name, env)
        if display is None:
            return None
    if missing:
        return missing_message(missing, distribution(), candidates[-1])
    return display


def platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order (``QT_QPA_PLATFORM`` or its default)."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return [p.split(":", 1)[0].strip() for p in chosen.split(";") if p.strip()]
    if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def plugin_dir() -> Path | None:
    """PySide6's ``Qt/plugins/platforms`` folder, found without importing PySide6."""
    roots = []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None:
        roots += list(spec.submodule_search_locations or [])
    if getattr(sys, "_MEIPASS", None):
        roots.append(str(Path(sys._MEIPASS) / "PySide6"))
    for root in roots:
        folder = Path(root) / "Qt" / "plugins" / "platforms"
        if folder.is_dir():
            return folder
    return None


def _load(path: str) -> object:
    return ctypes.CDLL(path)


def missing_libraries(plugin: Path, load: Loader | None = None) -> list[str]:
    """The system libraries (sonames) that keep ``plugin`` from loading; [] if it loads."""
    load = load or _load
    try:
        load(str(plugin))
        return []
    except OSError as first:
        missing = sorted(_walk(plugin, load))
        if not missing:  # the loader named something the walk could not find
            name = _NOT_FOUND.search(str(first))
            missing = [name.group(1) if name else plugin.name]
        return missing


def _walk(plugin: Path, load: Loader) -> list[str]:
    """Follow DT_NEEDED from ``plugin`` through Qt's own libraries; try each system one."""
    qt_lib = plugin.parents[2] / "lib"
    local = [plugin.parent, qt_lib, *plugin.parents[4:5]]  # the last: a frozen bundle
    seen: set[str] = set()
    missing: list[str] = []
    todo = [plugin]
    while todo:
        for soname in needed(todo.pop()):
            if soname in seen:
                continue
            seen.add(soname)
            inside = next((d / soname for d in local if (d / soname).is_file()), None)
            if inside is not None:
                todo.append(inside)
                continue
            try:
                load(soname)
            except OSError as exc:
                name = _NOT_FOUND.search(str(exc))
                lib = name.group(1) if name else soname
                if lib not in missing:
                    missing.append(lib)
    return missing


def needed(path: Path) -> list[str]:
    """The DT_NEEDED entries (sonames) of an ELF shared library; [] if it is not one."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or len(data) < 64:
        return []
    bits64, little = data[4] == 2, data[5] == 1
    e = "<" if little else ">"
    try:
        if bits64:
            (shoff,) = struct.unpack_from(e + "Q", data, 0x28)
            shentsize, shnum = struct.unpack_from(e + "HH", data, 0x3A)
        else:
            (shoff,) = struct.unpack_from(e + "I", data, 0x20)
            shentsize, shnum = struct.unpack_from(e + "HH", data, 0x2E)
        sections = []
        for i in range(shnum):
            base = shoff + i * shentsize
            if bits64:
                _name, kind, _flags, _addr, offset, size, link = struct.unpack_from(
                    e + "IIQQQQI", data, base
                )
            else:
                _name, kind, _flags, _addr, offset, size, link = struct.unpack_from(
                    e + "IIIIIII", data, base
                )
            sections.append((kind, offset, size, link))
        out = []
        for kind, offset, size, link in sections:
            if kind != 6:  # SHT_DYNAMIC
                continue
            str_offset = sections[link][1]
            entry = struct.Struct(e + ("qQ" if bits64 else "iI"))
            for pos in range(offset, offset + size, entry.size):
                tag, value = entry.unpack_from(data, pos)
                if tag == 0:
                    break
                if tag == 1:  # DT_NEEDED
                    end = data.index(b"\0", str_offset + value)
                    out.append(data[str_offset + value : end].decode())
        return out
    except (struct.error, IndexError, ValueError, OverflowError, UnicodeDecodeError):
        return []


def distribution(os_release: Path | None = None) -> str | None:
    """``apt`` or ``dnf`` for the Debian and Fedora families, else None."""
    try:
        text = (os_release or OS_RELEASE).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    ids: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip("\"'").lower().split())
    if ids & {"debian", "ubuntu"}:
        return "apt"
    if ids & {"fedora", "rhel", "centos"}:
        return "dnf"
    return None


def install_command(sonames: Iterable[str], manager: str | None) -> str | None:
    """The command that installs the packages providing ``sonames``, if all are known."""
    if manager not in MANAGERS:
        return None
    prefix, table = MANAGERS[manager]
    packages: list[str] = []
    for soname in sonames:
        if soname not in table:
            return None
        if table[soname] not in packages:
            packages.append(table[soname])
    return f"{prefix} {' '.join(packages)}" if packages else None


def missing_message(sonames: list[str], manager: str | None, platform: str) -> str:
    libs = ", ".join(sonames)
    command = install_command(sonames, manager)
    if command:
        return (
            f"the desktop app needs system libraries that are missing ({libs}); "
            f"install them with: {command}"
        )
    return (
        f"the desktop app needs system libraries that are missing ({libs}) for Qt's "
        f"{platform} platform; install the packages that provide them"
    )


def _display_problem(platform: str, env: Mapping[str, str]) -> str | None:
    if platform == "xcb" and not env.get("DISPLAY"):
        return (
            "no graphical display (DISPLAY is not set): start the app from a desktop "
            "session; the commands work without one (reskill-planner --help)"
        )
    if platform == "wayland" and not env.get("WAYLAND_DISPLAY"):
        return (
            "no graphical display (WAYLAND_DISPLAY is not set): start the app from a "
            "desktop session; the commands work without one (reskill-planner --help)"
        )
    return None
