"""Compact coloured cells for skill levels 0–5 (and a spin box to edit one)."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from planner.ui.models.employees_model import LEVEL_ROLE, format_level

# Light to dark blue: readable black text on 0–3, white on 4–5.
LEVEL_COLOURS = ("#f1f3f6", "#dbe8fb", "#b7d1f6", "#86b2ee", "#4f8be0", "#1f5fbf")


def level_colour(level: float) -> QColor:
    index = max(0, min(5, round(level)))
    return QColor(LEVEL_COLOURS[index])


class LevelDelegate(QStyledItemDelegate):
    """Paints a level as a small coloured block with the number; blank when not assessed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        level = index.data(LEVEL_ROLE)
        if level is None:
            super().paint(painter, option, index)
            return
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        if not math.isnan(level):
            rect = QRect(option.rect).adjusted(2, 2, -2, -2)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(level_colour(level))
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(QColor("white") if level >= 3.5 else QColor("#1d232b"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, format_level(level))
        painter.restore()

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QDoubleSpinBox(parent)
        editor.setRange(0.0, 5.0)
        editor.setDecimals(1)
        editor.setSingleStep(1.0)
        editor.setFrame(False)
        return editor
