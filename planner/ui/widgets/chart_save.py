"""Save a chart as PNG or SVG from its context menu (or a button calling ``save_chart``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from planner.ui.folders import documents_dir

FILTERS = "PNG image (*.png);;SVG drawing (*.svg)"


def save_figure(canvas: Any, path: str | Path) -> Path:
    """Write the chart to ``path`` (the format follows the suffix, PNG if none).

    ``canvas`` has the figure as ``figure`` (LazyCanvas, BackgroundChart) or ``figure()``.
    """
    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        path = path.with_suffix(".png")
    figure = canvas.figure() if callable(canvas.figure) else canvas.figure
    figure.savefig(path, dpi=150, format=path.suffix[1:].lower())
    return path


def save_chart(canvas: Any, name: str = "chart", parent: QWidget | None = None) -> Path | None:
    """Ask where to save the chart, then save it; None when cancelled."""
    suggested = str(documents_dir() / f"{name}.png")
    path, chosen = QFileDialog.getSaveFileName(
        parent or canvas, "Save chart as", suggested, FILTERS
    )
    if not path:
        return None
    if not Path(path).suffix:
        path += ".svg" if "svg" in chosen.lower() else ".png"
    return save_figure(canvas, path)


def add_save_menu(canvas: QWidget, name: str = "chart") -> QAction:
    """A right-click "Save chart as PNG or SVG…" entry on ``canvas``."""
    action = QAction("Save chart as PNG or SVG…", canvas)
    action.setObjectName("saveChart")
    action.triggered.connect(lambda _checked=False: save_chart(canvas, name))
    canvas.addAction(action)
    canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return action
