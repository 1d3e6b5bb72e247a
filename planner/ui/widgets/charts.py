"""Matplotlib canvases that draw only when shown (charts are drawn lazily)."""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

Plotter = Callable[[Figure], None]


class LazyCanvas(FigureCanvasQTAgg):
    """A figure whose plotting function runs when the canvas is visible and stale."""

    def __init__(self, parent: QWidget | None = None, width: float = 5, height: float = 3
                 ) -> None:
        figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
        super().__init__(figure)
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)
        self._plotter: Plotter | None = None
        self._stale = False
        self._scheduled = False
        self.draw_count = 0

    def set_plotter(self, plotter: Plotter | None) -> None:
        """Plot with ``plotter`` when next shown; if visible, once control returns to the
        event loop, so several updates in a row (opened, loaded, changed) draw once."""
        self._plotter, self._stale = plotter, True
        if self.isVisible() and not self._scheduled:
            self._scheduled = True
            QTimer.singleShot(0, self, self._scheduled_redraw)

    def _scheduled_redraw(self) -> None:
        self._scheduled = False
        if self.isVisible():
            self.redraw()

    def redraw(self) -> None:
        if not self._stale:
            return
        self._stale = False
        self.figure.clear()
        if self._plotter is not None:
            self._plotter(self.figure)
        self.draw_idle()
        self.draw_count += 1

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.redraw()
