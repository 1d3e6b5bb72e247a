"""What build_scripts/ leaves out of the bundle never takes a function away: no module the
app (or a library, on the app's paths) imports is excluded; the trimmed ICU data gives
Qt the same answers; a vendored library is only replaced by one with the same symbols.
Quick checks without PyInstaller (the freezing itself is build_scripts/smoke_frozen.sh)."""

from __future__ import annotations

import ast
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build_scripts"))

import icu_data  # noqa: E402
import staging  # noqa: E402

# build_scripts/build.py, under its own name (a "build" package may be installed too)
_spec = importlib.util.spec_from_file_location("build_script", ROOT / "build_scripts" / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux bundle steps")
binutils = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("as", "ld", "nm")), reason="needs binutils"
)


def excluded(module: str) -> str | None:
    """The EXCLUDES entry that leaves ``module`` out of the bundle, if any."""
    for entry in staging.EXCLUDES:
        if module == entry or module.startswith(entry + "."):
            return entry
    return None


def imported_modules(folder: Path) -> dict[str, str]:
    """Every absolute module a package imports anywhere (also inside functions), with
    the file that imports it; ``from a import b`` counts ``a`` and ``a.b``."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_no_module_the_app_imports_is_left_out_of_the_bundle():
    modules = imported_modules(ROOT / "planner")
    assert "scipy.optimize" in modules and "PySide6.QtWidgets" in modules  # the scan works
    wrong = {m: (f, excluded(m)) for m, f in modules.items() if excluded(m)}
    assert not wrong, f"excluded from the bundle but imported by the app: {wrong}"


def test_no_module_loaded_on_the_apps_paths_is_left_out(tmp_path):
    """The self-test's import, match, allocate, plan and export, and the charts (Qt and
    Agg canvases, PNG and SVG files) in a fresh process: nothing they load is excluded."""
    probe = (
        "import sys\n"
        "from planner.cli import main\n"
        "try:\n    main(['--self-test'])\nexcept SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg\n"
        "from matplotlib.figure import Figure\n"
        "fig = Figure()\n"
        "fig.add_subplot().barh(['a', 'b'], [1, 2])\n"
        "FigureCanvasQTAgg(fig).draw()\n"
        f"fig.savefig(r'{tmp_path / 'chart.png'}')\n"
        f"fig.savefig(r'{tmp_path / 'chart.svg'}')\n"
        "print('\\n'.join(sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = set(result.stdout.split())
    assert {"scipy.optimize._highspy._core", "matplotlib.backends.backend_svg"} <= loaded
    wrong = sorted(
        m for m in loaded
        if excluded(m) and m not in HAS_FALLBACK and m.split(".")[0] not in TRIED_IF_INSTALLED
    )
    assert not wrong, f"loaded by the app but excluded from the bundle: {wrong}"


# Excluded modules that are tried and, when missing, replaced by an equivalent (checked below).
HAS_FALLBACK = {"_hashlib"}  # OpenSSL's digests: hashlib has its own sha256, hmac works on it
# Packages a library imports only when they happen to be installed, and works without (the
# app never uses them): sqlite-utils loads pandas at import if it finds it.
TRIED_IF_INSTALLED = {"pandas"}


def test_sqlite_utils_works_without_pandas(tmp_path):
    probe = (
        "import sys\nsys.modules['pandas'] = None\n"
        "import sqlite_utils\n"
        f"db = sqlite_utils.Database(r'{tmp_path / 'x.db'}')\n"
        "db['t'].insert({'a': 1})\nprint(db['t'].count)\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "1", run.stderr


def test_the_digests_the_app_uses_are_the_same_without_openssl():
    probe = (
        "import sys\n"
        "if sys.argv[1] == 'without':\n    sys.modules['_hashlib'] = None\n"
        "import hashlib, hmac\n"
        "print(hashlib.sha256(b'reskill').hexdigest(),"
        " hmac.new(b'key', b'E10001', hashlib.sha256).hexdigest())\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, mode], capture_output=True, text=True, timeout=60
        )
        for mode in ("with", "without")
    ]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout.split()) == 2


# -- ICU data ------------------------------------------------------------------------------


def qt_lib() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "lib"


def icu_library() -> Path:
    found = sorted(qt_lib().glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 brings no ICU (Windows and macOS use the system's)")
    return found[0]


@linux
def test_the_icu_package_is_read_and_written_byte_for_byte():
    symbol, package = icu_data.package_of(icu_library())
    assert symbol.startswith("icudt") and symbol.endswith("_dat")
    header, items = icu_data.items(package)
    assert icu_data.pack(header, items) == package
    names = [name.split("/", 1)[1] for name, _data in items]
    assert names == sorted(names)  # ICU finds items by binary search
    kept = [n for n in names if not icu_data.unreachable(n)]
    assert any(n.startswith("brkitr/") for n in names)
    assert not any(n.startswith(icu_data.UNREACHABLE) for n in kept)
    # what Qt's collation, converters, calendars and time-zone names read stays
    for needed in (
        "coll/root.res",
        "coll/ucadata.icu",
        "coll/de.res",
        "cnvalias.icu",
        "zoneinfo64.res",
        "metaZones.res",
        "zone/de.res",
        "root.res",
        "de.res",
    ):
        assert needed in kept


@linux
def test_qt_calls_only_the_icu_services_whose_data_stays():
    """Else build.py keeps the whole ICU package (and says which function needs it)."""
    import PySide6

    folder = Path(PySide6.__file__).parent
    calls: dict[str, str] = {}
    for path in folder.rglob("*.so*"):
        if not path.is_symlink() and not path.name.startswith("libicu"):
            for function in icu_data.icu_imports(path):
                calls.setdefault(function, path.name)
    assert "ucol_open" in calls  # the scan sees Qt's imports
    other = {f: lib for f, lib in calls.items() if not icu_data.ALLOWED.match(f)}
    assert not other


QT_ICU_PROBE = r"""
import functools, sys
from PySide6.QtCore import (QBuffer, QByteArray, QCollator, QLocale, QStringConverter,
                            QTimeZone, QXmlStreamReader, Qt)
maps = open("/proc/self/maps").read()
print("icudata", sorted({l.split()[-1] for l in maps.splitlines() if "libicudata" in l}))
words = ["Äpfel", "apple", "Zebra", "Øre", "Oslo", "Österreich", "İstanbul", "ıi", "10 a",
         "9 a", "čas", "cas", "Łódź", "Ελλάδα", "Москва", "東京", "서울", "ñandú", "ß", "ss"]
for name in ("de_DE", "sv_SE", "da_DK", "tr_TR", "cs_CZ", "pl_PL", "ja_JP", "zh_CN", "ko_KR",
             "es_ES", "fi_FI", "ru_RU", "el_GR", "ar_EG", "he_IL", "en_US", "fr_FR", "th_TH"):
    loc = QLocale(name)
    for numeric in (False, True):
        c = QCollator(loc)
        c.setNumericMode(numeric)
        c.setCaseSensitivity(Qt.CaseInsensitive)
        print("coll", name, numeric, sorted(words, key=functools.cmp_to_key(c.compare)))
    print("case", name, loc.toUpper("ıi istanbul ß"), loc.toLower("İI ΣΑΣ"))
codecs = sorted(QStringConverter.availableCodecs())
print("codecs", codecs)
for name in ("Shift_JIS", "windows-1252", "ISO-8859-2", "KOI8-R", "Big5", "GB18030", "EUC-KR"):
    buf = QBuffer()
    buf.setData(QByteArray(b'<?xml version="1.0" encoding="' + name.encode()
                           + b'"?><a>' + bytes(range(0x80, 0x100)) + b"</a>"))
    buf.open(QBuffer.ReadOnly)
    r = QXmlStreamReader(buf)
    text = []
    while not r.atEnd():
        r.readNext()
        if r.isCharacters():
            text.append(r.text())
    print("cnv", name, r.hasError(), text)
for zone in QTimeZone.availableTimeZoneIds()[::12]:
    tz = QTimeZone(zone)
    for name in ("en_US", "de_DE", "ja_JP", "pt_BR", "ar_EG"):
        print("tz", bytes(zone).decode(), name, [tz.displayName(t, n, QLocale(name))
              for t in (QTimeZone.StandardTime, QTimeZone.DaylightTime)
              for n in (QTimeZone.LongName, QTimeZone.ShortName)])
"""


def run_probe(env_extra: dict[str, str]) -> list[str]:
    env = dict(os.environ, **env_extra)
    result = subprocess.run(
        [sys.executable, "-c", QT_ICU_PROBE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.splitlines()


@linux
@binutils
def test_the_trimmed_icu_data_gives_qt_the_same_answers(tmp_path):
    """Collation (file dialogs sort names with it), converters, time-zone names and case
    mapping come out the same with the trimmed library (loaded first through
    LD_LIBRARY_PATH) as with PySide6's own."""
    library = tmp_path / icu_library().name
    shutil.copy(icu_library(), library)
    saved = icu_data.trim(tmp_path)
    assert saved > 10_000_000
    assert icu_data.package_of(library)[1][12:16] == b"CmnD"

    original = run_probe({})
    trimmed = run_probe({"LD_LIBRARY_PATH": str(tmp_path)})
    assert str(icu_library()) in original[0] and str(library) in trimmed[0]
    assert len(original) > 300
    assert original[1:] == trimmed[1:]


# -- vendored libraries ----------------------------------------------------------------------


def vendored(wheel_libs: str, stem: str) -> Path:
    """The wheel's own build of a library (scipy.libs also holds numpy's copies)."""
    import numpy

    folder = Path(numpy.__file__).parents[1] / wheel_libs
    own = [
        p
        for p in sorted(folder.glob(f"{stem}-*"))
        if not (folder.parent / "numpy.libs" / p.name).exists() or wheel_libs == "numpy.libs"
    ]
    if not own:
        pytest.skip(f"no {stem} of its own in {wheel_libs}")
    return own[0]


@linux
@binutils
def test_a_second_build_of_a_vendored_library_is_linked_only_when_its_symbols_match(
    tmp_path,
):
    """numpy and scipy each vendor libgfortran.so.5 (and libquadmath.so.0): scipy's copy
    becomes a link to numpy's when both define the same symbols and versions, and a
    library nothing needs any more goes; a library with other symbols stays."""
    import scipy.linalg._fblas as fblas

    bundle = tmp_path / "_internal"
    for wheel in ("numpy.libs", "scipy.libs"):
        (bundle / wheel).mkdir(parents=True)
        for stem in ("libgfortran", "libquadmath"):
            shutil.copy(vendored(wheel, stem), bundle / wheel)
    consumers = bundle / "scipy" / "linalg"
    consumers.mkdir(parents=True)
    shutil.copy(fblas.__file__, consumers)  # links scipy's libgfortran
    numpy_gfortran = bundle / "numpy.libs" / vendored("numpy.libs", "libgfortran").name
    scipy_gfortran = bundle / "scipy.libs" / vendored("scipy.libs", "libgfortran").name
    scipy_quadmath = bundle / "scipy.libs" / vendored("scipy.libs", "libquadmath").name
    if build._exports(numpy_gfortran) != build._exports(scipy_gfortran):
        pytest.skip("these wheels' libgfortran builds differ")

    saved = build.link_duplicates(bundle)

    assert scipy_gfortran.is_symlink() and scipy_gfortran.resolve() == numpy_gfortran.resolve()
    assert numpy_gfortran.is_file() and not numpy_gfortran.is_symlink()
    # numpy's gfortran (now also scipy's) needs numpy's libquadmath; scipy's is orphaned
    assert not scipy_quadmath.exists()
    assert (bundle / "numpy.libs" / vendored("numpy.libs", "libquadmath").name).is_file()
    assert saved > 0


@linux
@binutils
def test_a_vendored_library_with_other_symbols_is_not_linked(tmp_path, monkeypatch):
    import scipy.linalg._fblas as fblas

    monkeypatch.setattr(build, "drop_unneeded_vendored", lambda bundle: 0)
    (tmp_path / "numpy.libs").mkdir()
    (tmp_path / "scipy.libs").mkdir()
    first = tmp_path / "numpy.libs" / vendored("numpy.libs", "libquadmath").name
    shutil.copy(vendored("numpy.libs", "libquadmath"), first)
    other = tmp_path / "scipy.libs" / "libquadmath-0badc0de.so.0.0.0"
    shutil.copy(fblas.__file__, other)  # same name pattern, other symbols
    assert build._library_kind(first.name) == build._library_kind(other.name)

    assert build.link_duplicates(tmp_path) == 0
    assert not other.is_symlink() and not first.is_symlink()


@linux
def test_patchelfs_zero_padding_is_squeezed_out_and_the_library_still_works(tmp_path, monkeypatch):
    """Pillow's vendored libXau is 2.1 MB, almost all a zero hole before the segment
    patchelf appended; without it the loader still takes it and it still works."""
    import ctypes

    import PIL

    found = sorted((Path(PIL.__file__).parents[1] / "pillow.libs").glob("libXau-*"))
    if not found:
        pytest.skip("this Pillow vendors no libXau")
    original = found[0].read_bytes()
    squeezed = build.squeeze_padding(original)
    assert squeezed is not None and len(original) - len(squeezed) > 1_000_000
    assert icu_data.dynamic_symbols(squeezed) == icu_data.dynamic_symbols(original)
    assert build.squeeze_padding(squeezed) is None  # nothing left to squeeze
    library = tmp_path / found[0].name
    library.write_bytes(squeezed)
    assert build._loads(library)
    xau = ctypes.CDLL(str(library))
    xau.XauFileName.restype = ctypes.c_char_p
    monkeypatch.delenv("XAUTHORITY", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert xau.XauFileName() == str(tmp_path / ".Xauthority").encode()


def test_a_library_without_a_hole_is_left_alone():
    import numpy.linalg._umath_linalg as umath_linalg

    assert build.squeeze_padding(Path(umath_linalg.__file__).read_bytes()) is None
    assert build.squeeze_padding(b"not an ELF file") is None
