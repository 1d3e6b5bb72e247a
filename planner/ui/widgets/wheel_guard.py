"""The mouse wheel never changes a combo box or spin box that has no keyboard focus.

Scrolling a page over a drop-down would otherwise silently change a filter or a setting.
Installed once on the application (``install_wheel_guard(app)``); the wheel event goes to
the scrollable parent instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QComboBox | QAbstractSpinBox)
            and not watched.hasFocus()
        ):
            parent = watched.parentWidget()
            if isinstance(parent, QWidget):
                QApplication.sendEvent(parent, event)
            return True
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard once per application; returns it."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard
