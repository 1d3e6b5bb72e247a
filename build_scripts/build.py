"""Build the standalone app: ``python build_scripts/build.py [--onefile] [--check]``.

Runs PyInstaller on build_scripts/reskill_planner.spec and leaves the one-folder bundle in
``dist/ReskillPlanner/`` (the app, the catalog, the icons and the demo organisation),
prints its size and fails when it is larger than 250 MB. ``--check`` then runs the frozen
``--version`` and ``--self-test``. PyInstaller is not needed to run the app; install it
with ``pip install -e '.[build]'``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "build_scripts"))
import icu_data  # noqa: E402  (build_scripts/icu_data.py)

SPEC = ROOT / "build_scripts" / "reskill_planner.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
MAX_MB = 250
NAME = "ReskillPlanner"


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable(onefile: bool) -> Path:
    suffix = ".exe" if sys.platform == "win32" else ""
    if onefile:
        return DIST / f"{NAME}{suffix}"
    if sys.platform == "win32":
        return DIST / NAME / "reskill-planner.exe"  # the console twin prints
    return DIST / NAME / f"{NAME}{suffix}"


def build(onefile: bool) -> Path:
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise SystemExit(
            "build: PyInstaller is not installed; run: pip install -e '.[build]'"
        ) from None
    env_onefile = os.environ.get("RESKILL_ONEFILE")
    os.environ["RESKILL_ONEFILE"] = "1" if onefile else "0"
    started = time.monotonic()
    try:
        pyinstaller.run(
            [
                str(SPEC),
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(DIST),
                "--workpath",
                str(WORK),
            ]
        )
    finally:
        if env_onefile is None:
            os.environ.pop("RESKILL_ONEFILE", None)
        else:
            os.environ["RESKILL_ONEFILE"] = env_onefile
    print(f"build: PyInstaller took {time.monotonic() - started:.0f} s")
    return executable(onefile)


def strip_libraries(bundle: Path) -> int:
    """Strip symbol tables from the bundle's shared libraries (Linux, with binutils);
    returns the bytes saved. Libraries in ``*.libs`` folders (patched by the wheels'
    auditwheel) are left alone: stripping them breaks their load commands."""
    strip = shutil.which("strip")
    if not sys.platform.startswith("linux") or strip is None or not bundle.is_dir():
        return 0
    saved = 0
    for path in sorted(bundle.rglob("*.so*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.endswith(".libs") for part in path.relative_to(bundle).parts):
            continue
        before = path.stat().st_size
        result = subprocess.run([strip, "--strip-unneeded", str(path)], capture_output=True)
        if result.returncode == 0:
            saved += before - path.stat().st_size
    return saved


def _exports(path: Path) -> frozenset[str] | None:
    """The dynamic symbols a library defines, with their versions (``nm``), or None."""
    nm = shutil.which("nm")
    if nm is None:
        return None
    result = subprocess.run(
        [nm, "-D", "--defined-only", "--with-symbol-versions", str(path)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        return None
    return frozenset(line.split()[-1] for line in result.stdout.splitlines() if line.strip())


def _library_kind(name: str) -> tuple[str, str] | None:
    """``("libgfortran", ".so.5.0.0")`` for a wheel's vendored ``libgfortran-8f1e9814.so.5.0.0``
    (auditwheel adds one or two hashes to the name)."""
    match = re.fullmatch(r"(lib[A-Za-z0-9_+]+)(?:-[0-9a-f]{8})+(\.so(?:\.\d+)*)", name)
    return (match.group(1), match.group(2)) if match else None


def link_duplicates(bundle: Path) -> int:
    """Replace a second copy of a library in the wheels' ``*.libs`` folders by a relative
    symlink to the first: byte-identical copies, and builds of the same library with the
    same soname version that define exactly the same symbols and symbol versions (numpy
    and scipy each vendor their own libgfortran.so.5 and libquadmath.so.0). The loader then
    maps one file for both. Returns the bytes saved."""
    if sys.platform == "win32" or not bundle.is_dir():
        return 0
    seen: dict[tuple[str, int], Path] = {}
    kinds: dict[tuple[str, str], list[tuple[Path, frozenset[str]]]] = {}
    saved = 0
    for path in sorted(bundle.glob("*.libs/*")):
        if path.is_symlink() or not path.is_file():
            continue
        key = (path.name, path.stat().st_size)
        first = seen.setdefault(key, path)
        if first is not path and first.read_bytes() == path.read_bytes():
            saved += _replace_by_link(path, first)
            continue
        kind = _library_kind(path.name)
        exports = _exports(path) if kind else None
        if not exports:
            continue
        same = [p for p, e in kinds.get(kind, []) if e == exports and p.parent != path.parent]
        if same:
            saved += _replace_by_link(path, same[0])
        else:
            kinds.setdefault(kind, []).append((path, exports))
    return saved + drop_unneeded_vendored(bundle)


def _replace_by_link(path: Path, target: Path) -> int:
    size = path.stat().st_size
    path.unlink()
    path.symlink_to(os.path.relpath(target, path.parent))
    return size


def drop_unneeded_vendored(bundle: Path) -> int:
    """Remove the ``*.libs`` libraries that nothing outside them links any more, directly
    or through other vendored libraries (a wheel vendors only what its modules link, so
    nothing else loads them), and symlinks whose target is gone. Returns the bytes saved."""
    from planner.ui.platform_check import needed

    vendored: dict[str, list[Path]] = {}
    for path in sorted(bundle.glob("*.libs/*")):
        if path.is_file():
            vendored.setdefault(path.name, []).append(path)
    todo = [
        p
        for p in bundle.rglob("*")
        if p.is_file() and not p.is_symlink() and not p.parent.name.endswith(".libs")
    ]
    reached: set[Path] = set()
    while todo:
        for name in needed(todo.pop()):
            for path in vendored.get(name, []):  # the same name may be in two wheels
                if path.resolve() not in reached:
                    reached.add(path.resolve())
                    todo.append(path.resolve())
    saved = 0
    for paths in vendored.values():
        for path in paths:
            if not path.is_symlink() and path.resolve() not in reached:
                saved += path.stat().st_size
                path.unlink()
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() and not path.exists():
            path.unlink()
    return saved


def squeeze_padding(data: bytes, granule: int = 0x10000, minimum: int = 1 << 20) -> bytes | None:
    """The ELF64 library ``data`` without the zero-filled hole patchelf leaves when it
    appends a segment at a 2 MiB boundary (Pillow's libXau: 2.1 MB, of which 2.0 MB
    zeros), or None when it has no such hole of ``minimum`` bytes. The file contents after
    the hole move down by a multiple of ``granule`` (64 KiB, every page size), so each
    segment keeps its offset/address congruence; load segments aligned to more than
    ``granule`` are aligned to ``granule``. Only file offsets in the ELF headers change."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 0x36)
    used = [(0, 64), (phoff, phoff + phentsize * phnum), (shoff, shoff + shentsize * shnum)]
    segments = []
    for i in range(phnum):
        kind, _flags, offset, _vaddr, _paddr, filesz, _memsz, align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize
        )
        segments.append((kind, offset, align))
        if filesz:
            used.append((offset, offset + filesz))
    sections = []
    for i in range(shnum):
        _name, kind, _flags, _addr, offset, size = struct.unpack_from(
            "<IIQQQQ", data, shoff + i * shentsize
        )
        sections.append(offset)
        if kind != 8 and size:  # SHT_NOBITS takes no file space
            used.append((offset, offset + size))
    start, stop, end = 0, 0, 0
    for begin, finish in sorted(used):
        if begin - end > stop - start:
            start, stop = end, begin
        end = max(end, finish)
    delta = (stop - start) // granule * granule
    if delta < minimum or data[stop - delta : stop].count(0) != delta:
        return None

    def moved(offset: int) -> int:
        return offset - delta if offset >= stop else offset

    out = bytearray(data[: stop - delta] + data[stop:])
    struct.pack_into("<QQ", out, 0x20, moved(phoff), moved(shoff))
    for i, (kind, offset, align) in enumerate(segments):
        base = moved(phoff) + i * phentsize
        struct.pack_into("<Q", out, base + 8, moved(offset))
        if kind == 1 and offset >= stop and align > granule:  # PT_LOAD
            struct.pack_into("<Q", out, base + 48, granule)
    for i, offset in enumerate(sections):
        struct.pack_into("<Q", out, moved(shoff) + i * shentsize + 24, moved(offset))
    return bytes(out)


def _loads(path: Path) -> bool:
    """Whether the dynamic loader accepts the library (in a separate process)."""
    probe = "import ctypes, sys; ctypes.CDLL(sys.argv[1])"
    return (
        subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True).returncode
        == 0
    )


def squeeze_vendored(bundle: Path) -> int:
    """Remove patchelf's zero padding from the wheels' vendored libraries (Linux), keeping
    a library only when the loader still accepts it; returns the bytes saved."""
    if not sys.platform.startswith("linux") or not bundle.is_dir():
        return 0
    saved = 0
    for path in sorted(bundle.glob("*.libs/*")):
        if path.is_symlink() or not path.is_file():
            continue
        data = path.read_bytes()
        squeezed = squeeze_padding(data)
        if squeezed is None:
            continue
        path.write_bytes(squeezed)
        if _loads(path):
            saved += len(data) - len(squeezed)
        else:
            path.write_bytes(data)
            print(f"build: {path.name} kept as it was (the squeezed copy did not load)")
    return saved


def check(exe: Path) -> None:
    """The frozen program's --version and --self-test (headless)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for args in (["--version"], ["--self-test"]):
        result = subprocess.run(
            [str(exe), *args], capture_output=True, text=True, env=env, timeout=600
        )
        print(result.stdout.rstrip())
        if result.returncode != 0:
            print(result.stderr.rstrip(), file=sys.stderr)
            raise SystemExit(
                f"build: the frozen {' '.join(args)} failed (exit {result.returncode})"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--onefile", action="store_true", help="one self-extracting executable instead of a folder"
    )
    parser.add_argument(
        "--check", action="store_true", help="then run the frozen --version and --self-test"
    )
    args = parser.parse_args()
    exe = build(args.onefile)
    if not exe.is_file():
        raise SystemExit(f"build: {exe} was not built")
    bundle = exe if args.onefile else DIST / NAME
    saved = strip_libraries(bundle)
    if saved:
        print(f"build: stripping the libraries saved {saved / 1e6:.1f} MB")
    saved = icu_data.trim(bundle / "_internal") if bundle.is_dir() else 0
    if saved:
        print(f"build: leaving out the ICU data Qt never reads saved {saved / 1e6:.1f} MB")
    saved = squeeze_vendored(bundle / "_internal")
    if saved:
        print(f"build: removing padding from vendored libraries saved {saved / 1e6:.1f} MB")
    saved = link_duplicates(bundle / "_internal")
    if saved:
        print(f"build: linking duplicate vendored libraries saved {saved / 1e6:.1f} MB")
    mac_app = DIST / "Reskill Planner.app"
    size = folder_size(mac_app if mac_app.is_dir() else bundle)
    megabytes = size / 1e6
    print(f"build: {bundle} is {megabytes:.1f} MB (limit {MAX_MB} MB)")
    if args.check:
        check(exe)
    if megabytes > MAX_MB:
        print(f"build: the bundle is larger than {MAX_MB} MB", file=sys.stderr)
        return 1
    shutil.rmtree(ROOT / "build" / "stage", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
