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
# Python files the app runs as scripts (the import sandbox's reader, the worker process).
SCRIPTS = ("planner/importing/readers.py", "planner/workers/child.py")
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


# Qt: the app uses QtCore, QtGui and QtWidgets (matplotlib's Qt canvas too, and its
# qt_compat imports QtSvg). The Qt libraries that plugins need (Svg for the SVG icon,
# XcbQpa, DBus...) come along as binaries; the other Python modules of PySide6 stay out.
def _names(prefix: str, names: str) -> list[str]:
    return [prefix + name for name in names.split()]


QT_UNUSED = _names(
    "PySide6.",
    (
        "Qt3DAnimation Qt3DCore Qt3DExtras Qt3DInput Qt3DLogic Qt3DRender QtBluetooth "
        "QtCharts QtConcurrent QtDataVisualization QtDBus QtDesigner QtGraphs QtHelp "
        "QtHttpServer QtLocation QtMultimedia QtMultimediaWidgets QtNetwork QtNetworkAuth "
        "QtNfc QtOpenGL QtOpenGLWidgets QtPdf QtPdfWidgets QtPositioning QtPrintSupport "
        "QtQml QtQuick QtQuick3D QtQuickControls2 QtQuickTest QtQuickWidgets "
        "QtRemoteObjects QtScxml QtSensors QtSerialBus QtSerialPort QtSpatialAudio QtSql "
        "QtStateMachine QtSvgWidgets QtTest QtTextToSpeech QtUiTools "
        "QtWebChannel QtWebEngineCore QtWebEngineQuick QtWebEngineWidgets QtWebSockets "
        "QtWebView QtXml"
    ),
)
# matplotlib: the Qt and Agg backends (PNG, and SVG for "save chart") are all it needs.
MPL_UNUSED = _names(
    "matplotlib.backends.",
    (
        "backend_tkagg backend_tkcairo _backend_tk backend_gtk3 backend_gtk3agg "
        "backend_gtk3cairo backend_gtk4 backend_gtk4agg backend_gtk4cairo _backend_gtk "
        "backend_wx backend_wxagg backend_wxcairo backend_webagg backend_webagg_core "
        "backend_nbagg backend_macosx backend_cairo backend_qtcairo backend_pgf "
        "backend_template"
    ),
)
# scipy: the app uses scipy.optimize (linear_sum_assignment, and milp with HiGHS) and
# scipy.sparse; these subpackages never load with them.
SCIPY_UNUSED = _names(
    "scipy.",
    (
        "cluster datasets fftpack integrate interpolate io misc ndimage odr signal stats "
        "special.cython_special"
    ),
)
# lxml: openpyxl uses lxml.etree only.
LXML_UNUSED = _names("lxml.", "objectify html sax builder isoschematron")
# Pillow: matplotlib writes PNG with its core; no AVIF, WebP, colour management or Tk.
PIL_UNUSED = _names("PIL.", "_avif _webp _imagingcms _imagingtk ImageQt ImageTk")
# Modules PyInstaller would otherwise take along (tests/app/test_packaging.py checks that
# none of them is one the app imports).
EXCLUDES = [
    *QT_UNUSED,
    *MPL_UNUSED,
    *SCIPY_UNUSED,
    *PIL_UNUSED,
    *LXML_UNUSED,
    "numpy._core._multiarray_tests",
    "ssl",  # no network: no OpenSSL (hashlib falls back to Python's own digests)
    "_ssl",
    "_hashlib",
    "readline",
    "tkinter",
    "_tkinter",
    "IPython",
    "jupyter_client",
    "ipykernel",
    "notebook",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "pandas",
    "xlsxwriter",
    "pydoc_data",
    "lib2to3",
    "setuptools",
    "pip",
    "PyInstaller",
]


# PyInstaller run-time hooks the bundle does without. pyi_rth_pyside6 imports QtCore at
# every launch (~40 ms before even --version) to write the qt.conf the PySide6 wheel writes
# itself; rthook_qt.py sets the plugin path instead. pyi_rth_mplconfig gives matplotlib a
# new temporary config folder in every process, so the app and each worker process
# rebuilt matplotlib's font cache (a scan of every system font) at every launch; without
# it matplotlib keeps its cache and settings where the installed app does.
REPLACED_HOOKS = ("pyi_rth_pyside6", "pyi_rth_mplconfig")


# Qt plugins the app never needs: embedded-device and VNC platforms, evdev input, the GTK
# theme (it drags in GTK's libraries), and image formats the app does not read.
UNUSED_QT_PLUGINS = (
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimal",
    "platforms/libqvkkhrdisplay",
    "platforms/libqvnc",
    "egldeviceintegrations/",
    "generic/",
    "platformthemes/libqgtk3",
    "imageformats/libqtiff",
    "imageformats/libqwebp",
    "imageformats/libqicns",
    "imageformats/libqtga",
    "imageformats/libqwbmp",
)


# Data the app never reads: Qt's translations (the app speaks English), matplotlib's
# PostScript/PDF core-font metrics, its examples' sample data, and its serif, monospace
# and STIX fonts (the charts use DejaVu Sans; mathtext falls back to the Computer Modern
# fonts, which stay).
UNUSED_DATA = (
    "PySide6/Qt/translations/",
    "matplotlib/mpl-data/fonts/afm/",
    "matplotlib/mpl-data/fonts/pdfcorefonts/",
    "matplotlib/mpl-data/fonts/ttf/STIX",
    "matplotlib/mpl-data/fonts/ttf/LICENSE_STIX",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSerif",
    "matplotlib/mpl-data/fonts/ttf/DejaVuSansMono",
    "matplotlib/mpl-data/sample_data/",  # the data of matplotlib's examples
    "matplotlib/mpl-data/plot_directive/",  # its Sphinx extension's template
)


def unused_data(dest: str) -> bool:
    return posix(dest).startswith(UNUSED_DATA)


def posix(name: str) -> str:
    return name.replace("\\", "/")


def unused_qt_plugin(dest: str) -> bool:
    dest = posix(dest)
    return dest.startswith("PySide6/Qt/plugins/") and any(p in dest for p in UNUSED_QT_PLUGINS)


def _is_plain_library(dest: str) -> bool:
    """A shared library only loaded because something links it (not a module or plugin)."""
    dest = posix(dest)
    name = dest.rsplit("/", 1)[-1]
    if ".so" not in name or "cpython-" in name or ".abi3." in name or name.startswith("libpython"):
        return False
    folder = dest.rsplit("/", 1)[0] if "/" in dest else ""
    return folder in ("", "PySide6/Qt/lib") or folder.endswith(".libs")


def prune_libraries(binaries: list) -> list:
    """Drop the plain libraries that no kept module, plugin or library links (ELF)."""
    from planner.ui.platform_check import needed

    libraries = {
        posix(dest).rsplit("/", 1)[-1]: (dest, src)
        for dest, src, _kind in binaries
        if _is_plain_library(dest)
    }
    todo = [src for dest, src, _kind in binaries if not _is_plain_library(dest)]
    kept: set[str] = set()
    while todo:
        for soname in needed(Path(todo.pop())):
            if soname in libraries and soname not in kept:
                kept.add(soname)
                todo.append(libraries[soname][1])
    dropped = sorted(set(libraries) - kept)
    if dropped:
        print(f"build: {len(dropped)} libraries nothing needs are left out: {' '.join(dropped)}")
    return [
        entry
        for entry in binaries
        if not _is_plain_library(entry[0]) or posix(entry[0]).rsplit("/", 1)[-1] in kept
    ]
