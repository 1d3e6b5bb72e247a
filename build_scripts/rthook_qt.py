"""Run-time hook of the bundle, in place of PyInstaller's PySide6 hook: Qt finds its
plugins in the bundle.

PyInstaller's own hook also imports QtCore at every launch, to write a ``qt.conf`` that the
PySide6 wheel already writes itself when QtCore is first imported; that import put Qt and
ICU into even ``--version`` (about 40 ms). This hook imports nothing: commands that never
use Qt do not load it.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6")
if not sys.platform.startswith("win"):
    _qt = os.path.join(_qt, "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
