"""The mouse wheel never changes a combo box or spin box that has no keyboard focus.

Scrolling a page over a drop-down would otherwise silently change a filter or a setting.
Installed once on the application (``install_wheel_guard(app)``); the wheel event goes to
the scrollable parent instead. Qt gives a combo box (its default focus policy is WheelFocus)
the focus *before* the application's filters see the wheel event, so the guard also turns
that policy into StrongFocus: click or Tab to focus, never the wheel.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


def no_wheel_focus(widget: QWidget) -> None:
    """A guarded widget takes the focus from a click or Tab, never from the wheel."""
    policy = widget.focusPolicy()
    if policy == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, GUARDED):
            no_wheel_focus(watched)
            return False
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, GUARDED)
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
        for widget in app.allWidgets():
            if isinstance(widget, GUARDED):
                no_wheel_focus(widget)
    return guard
