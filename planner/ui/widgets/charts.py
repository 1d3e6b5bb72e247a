"""Matplotlib charts that draw only when shown, and load matplotlib only then.

A :class:`LazyCanvas` starts as an empty widget. The first time it is painted with
something to plot (so the window is already on screen), it creates its matplotlib canvas
right after that paint: the app's first window never waits for matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QPaintEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

Plotter = Callable[["Figure"], None]


class LazyCanvas(QWidget):
    """A figure whose plotting function runs when the canvas is visible and stale."""

    def __init__(self, parent: QWidget | None = None, width: float = 5, height: float = 3) -> None:
        super().__init__(parent)
        self._size = (width, height)
        self._canvas: FigureCanvasQTAgg | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(200)
        self._plotter: Plotter | None = None
        self._stale = False
        self._scheduled = False
        self.draw_count = 0

    @property
    def canvas(self) -> FigureCanvasQTAgg:
        """The matplotlib canvas (created, and matplotlib imported, on first use)."""
        if self._canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            figure = Figure(figsize=self._size, dpi=100, layout="constrained")
            self._canvas = FigureCanvasQTAgg(figure)
            self._canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self._layout.addWidget(self._canvas)
            if self.isVisible():  # take the placeholder's size now, before any drawing
                self._layout.activate()
                self._canvas.show()
                if self._stale:
                    self._schedule()
        return self._canvas

    def sizeHint(self) -> QSize:
        """The figure's size at 100 dpi, as matplotlib's canvas asks (before it exists)."""
        if self._canvas is not None:
            return self._canvas.sizeHint()
        return QSize(round(self._size[0] * 100), round(self._size[1] * 100))

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def set_plotter(self, plotter: Plotter | None) -> None:
        """Plot with ``plotter`` when next shown; if visible, once control returns to the
        event loop, so several updates in a row (opened, loaded, changed) draw once."""
        self._plotter, self._stale = plotter, True
        if self._canvas is None:
            self.update()  # the first paint creates the canvas (paintEvent)
        elif self.isVisible():
            self._schedule()

    def _schedule(self) -> None:
        if not self._scheduled:
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
        figure = self.figure
        figure.clear()
        if self._plotter is not None:
            self._plotter(figure)
        self.canvas.draw_idle()
        self.draw_count += 1

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._canvas is None and self._stale:
            self._schedule()  # after this paint: the window is already on screen

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._canvas is not None:
            self.redraw()
