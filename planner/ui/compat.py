"""Work-arounds for defects of the installed Qt binding.

PySide6 6.12.0 (abi3 wheel) on Python < 3.12 returns ``None`` from every void method
(``setText``, ``update``, ``processEvents``…) without taking a new reference to it, and
passes ``True``/``False`` to the slots of a ``Signal(bool)`` the same way. Each call
lowers the object's reference count by one, and after a few thousand calls Python aborts
with "none_dealloc: deallocating None" (or "bool_dealloc"). From Python 3.12 these are
immortal and the defect is harmless. Until the binding is fixed (or pinned to an
unaffected version), :class:`NoneGuard` keeps their counts high by raising them from a
timer. It measures the leak first and does nothing when there is none.

The count is raised in place rather than by holding spare references: None lives as long
as the process, so a higher count is harmless, whereas a list of references would grow by
32 MB per top-up (a repaint of the employees table leaks about 750 references, so
scrolling for a minute needs a top-up).
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("planner.ui")

LOW_WATER = 2_000_000        # top up when None's count falls below this
TOP_UP = 4_000_000           # added to None's count per top-up
# True and False leak only through bool signals, and never die either.
GUARDED: tuple[object, ...] = (None, True, False)


def none_leak_per_call() -> int:
    """References to None lost per void Qt call (0 on a correct binding)."""
    if sys.version_info >= (3, 12):
        return 0
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    return max(0, round(lost / 100))


class NoneGuard(QObject):
    """Keeps enough spare references to None while the leaky binding is in use."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = 250) -> None:
        super().__init__(parent)
        self.leak = none_leak_per_call()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.top_up)
        if self.leak:
            log.info("PySide6 leaks a reference to None per call; guarding against it")
            self.top_up()
            self.timer.start()

    def top_up(self) -> None:
        for obj in GUARDED:
            if sys.getrefcount(obj) < LOW_WATER:
                # ob_refcnt is the first field of every object (CPython < 3.12 here).
                ctypes.c_ssize_t.from_address(id(obj)).value += TOP_UP


_guard: NoneGuard | None = None


def install_none_guard(app: QObject) -> NoneGuard:
    """Install the guard once per process (call right after creating the QApplication)."""
    global _guard
    if _guard is None:
        _guard = NoneGuard(app)
    return _guard
