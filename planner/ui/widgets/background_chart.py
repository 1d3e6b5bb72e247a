"""A matplotlib chart drawn in a worker process and shown as an image.

Drawing even a small bar chart costs 100-300 ms of matplotlib on a busy laptop, too long for
the GUI thread (a page must never freeze), and a thread of the app would still hold the
interpreter lock the GUI thread needs. The plotter (a picklable function with its data, e.g.
``functools.partial(plot_hours, fig_data…)``) is sent to a worker process
(``planner.workers``), which plots and rasterises an Agg figure; the GUI thread only turns
the pixels into a pixmap. A plotter that cannot be pickled is drawn on a thread instead.
``figure`` plots the chart again here when asked (for "Save chart as PNG or SVG…").
"""

from __future__ import annotations

import logging
import pickle
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget
from shiboken6 import isValid

from planner.progress import Progress
from planner.ui.tasks import Task, call_in_worker, run_task, waiting_pool
from planner.workers.jobs import Plotter, render, render_pixels

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["BackgroundChart", "Plotter", "render"]

RENDER = "planner.workers.jobs:render_pixels"
log = logging.getLogger(__name__)


def draw(plotter: Plotter, width: int, height: int, ratio: float,
         progress: Progress) -> tuple[bytes, int, int]:
    """The chart's pixels, from a worker process when the plotter can travel there."""
    from planner.workers.process import WorkerStopped

    try:
        try:
            return call_in_worker(RENDER, plotter, width, height, ratio, progress=progress)
        except WorkerStopped as exc:
            # drawing writes nothing: a worker that died under it (a crash, the system
            # short of memory) is replaced and the chart drawn once more before it fails
            log.warning("a chart's worker stopped (%s); drawing it again", exc)
            return call_in_worker(RENDER, plotter, width, height, ratio, progress=progress)
    except (pickle.PicklingError, TypeError, AttributeError):
        return render_pixels(plotter, width, height, ratio)  # a local plotter: this thread


class BackgroundChart(QLabel):
    """Shows ``plotter``'s figure at the widget's size; redraws (off the GUI thread) when
    the plotter changes or the widget is resized."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 220) -> None:
        super().__init__(parent)
        self.setObjectName("backgroundChart")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumHeight(min_height)
        self.draw_count = 0
        self.task: Task | None = None
        self._plotter: Plotter | None = None
        self._figure: Figure | None = None
        self._drawn: tuple[Plotter, int, int, float] | None = None
        self._token = 0
        self._size = QSize()
        self._resize_timer = QTimer(self, singleShot=True, interval=120)
        self._resize_timer.timeout.connect(self._redraw)

    @property
    def figure(self) -> Figure | None:
        """The figure shown, plotted again on this thread (only when asked: saving)."""
        if self._figure is None and self._drawn is not None:
            self._figure = render(*self._drawn)[0]
        return self._figure

    def set_plotter(self, plotter: Plotter | None) -> None:
        self._plotter = plotter
        if plotter is None:
            self._token += 1
            self._figure = self._drawn = None
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

        def done(result: tuple[bytes, int, int]) -> None:
            if not isValid(self) or token != self._token:
                return  # closed, or a newer chart was asked for meanwhile
            pixels, w, h = result
            image = QImage(pixels, w, h, QImage.Format.Format_RGBA8888).copy()
            image.setDevicePixelRatio(ratio)
            self._figure, self._drawn = None, (plotter, width, height, ratio)
            self.setPixmap(QPixmap.fromImage(image))
            self.draw_count += 1

        self.task = run_task(
            lambda p: draw(plotter, width, height, ratio, p),
            title="Drawing a chart",
            on_done=done,
            pool=waiting_pool(),
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._plotter is not None and (
            abs(event.size().width() - self._size.width()) > 8
            or abs(event.size().height() - self._size.height()) > 8
        ):
            self._resize_timer.start()
