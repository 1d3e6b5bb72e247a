"""A matplotlib chart drawn on a worker thread and shown as an image.

Drawing even a small bar chart costs 100-300 ms of matplotlib on a busy laptop, too long for
the GUI thread (a page must never freeze). The figure is a plain Agg figure, built and
rendered by the background-task helper; the GUI thread only turns the pixels into a pixmap.
The last figure is kept (``figure``) for "Save chart as PNG or SVG…".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget
from shiboken6 import isValid

from planner.progress import Progress
from planner.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Plotter = Callable[["Figure"], None]
DPI = 100


def render(
    plotter: Plotter, width: int, height: int, ratio: float = 1.0
) -> tuple[Figure, bytes, int, int]:
    """Plot and rasterise a figure of ``width`` × ``height`` logical pixels (any thread)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # loaded by the first chart
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI * ratio, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    plotter(figure)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    return figure, bytes(canvas.buffer_rgba()), w, h


class BackgroundChart(QLabel):
    """Shows ``plotter``'s figure at the widget's size; redraws (off the GUI thread) when
    the plotter changes or the widget is resized."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 220) -> None:
        super().__init__(parent)
        self.setObjectName("backgroundChart")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(min_height)
        self.figure: Figure | None = None
        self.draw_count = 0
        self.task: Task | None = None
        self._plotter: Plotter | None = None
        self._token = 0
        self._size = QSize()
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._redraw)

    def set_plotter(self, plotter: Plotter | None) -> None:
        self._plotter = plotter
        if plotter is None:
            self._token += 1
            self.figure = None
            self.clear()
            return
        self._redraw()

    def _redraw(self) -> None:
        if self._plotter is None:
            return
        self._token += 1
        token, plotter = self._token, self._plotter
        size = self.size() if self.width() > 50 and self.height() > 50 else QSize(440, 280)
        self._size = QSize(size)
        ratio = self.devicePixelRatioF()
        width, height = size.width(), size.height()

        def done(result: tuple[Figure, bytes, int, int]) -> None:
            if not isValid(self) or token != self._token:
                return  # closed, or a newer chart was asked for meanwhile
            figure, pixels, w, h = result
            image = QImage(pixels, w, h, QImage.Format.Format_RGBA8888).copy()
            image.setDevicePixelRatio(ratio)
            self.figure = figure
            self.setPixmap(QPixmap.fromImage(image))
            self.draw_count += 1

        def work(_progress: Progress) -> tuple[Figure, bytes, int, int]:
            return render(plotter, width, height, ratio)

        self.task = run_task(work, title="Drawing a chart", on_done=done)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._plotter is not None and (
            abs(event.size().width() - self._size.width()) > 8
            or abs(event.size().height() - self._size.height()) > 8
        ):
            self._resize_timer.start()
