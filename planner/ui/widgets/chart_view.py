"""A chart drawn on a worker thread, so drawing never freezes the window.

Matplotlib needs 100-300 ms to lay out and render a figure with text; a
:class:`ChartView` runs the plotting function on the thread pool with its own Agg figure
(no Qt involved there), and shows the finished picture. It draws only while visible, once
per change (several updates in a row draw once), and again after a resize. ``figure()``
plots a fresh figure for saving as PNG or SVG.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.progress import Progress
from planner.ui.tasks import Task, run_task

Plotter = Callable[[Figure], None]
DPI = 100


def render(plotter: Plotter, width: int, height: int, ratio: float) -> QImage:
    """Plot into a new Agg figure of ``width``×``height`` pixels (any thread)."""
    dpi = DPI * ratio
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=dpi, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    plotter(fig)
    canvas.draw()
    buffer = canvas.buffer_rgba()
    h, w = buffer.shape[:2]
    image = QImage(bytes(buffer), w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
    image.setDevicePixelRatio(ratio)
    return image


class ChartView(QWidget):
    """Shows what ``plotter(figure)`` draws; the drawing happens off the GUI thread."""

    def __init__(self, parent: QWidget | None = None, width: float = 5, height: float = 3) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)
        self._hint = QSize(int(width * DPI), int(height * DPI))
        self._plotter: Plotter | None = None
        self._image: QImage | None = None
        self._stale = False
        self._task: Task | None = None
        self._generation = 0
        self.draw_count = 0
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.redraw)

    def sizeHint(self) -> QSize:
        return self._hint

    def set_plotter(self, plotter: Plotter | None) -> None:
        """Draw with ``plotter`` when visible (once, however many updates come in a row)."""
        self._plotter = plotter
        self._generation += 1
        self._stale = True
        if plotter is None:
            self._image = None
            self.update()
        if self.isVisible():
            self._timer.start(0)

    def figure(self) -> Figure:
        """A freshly plotted figure of the current chart (for saving)."""
        fig = Figure(
            figsize=(self.width() / DPI, self.height() / DPI), dpi=DPI, layout="constrained"
        )
        FigureCanvasAgg(fig)
        if self._plotter is not None:
            self._plotter(fig)
        return fig

    @property
    def drawing(self) -> bool:
        return self._task is not None and not self._task.done

    def redraw(self) -> None:
        if not self._stale or self._plotter is None or not self.isVisible():
            return
        if self.drawing:
            self._timer.start()  # draw the newest chart when this one is done
            return
        self._stale = False
        plotter, generation = self._plotter, self._generation
        size, ratio = self.size(), self.devicePixelRatioF()
        width, height = max(size.width(), 200), max(size.height(), 120)

        def done(image: QImage) -> None:
            if generation == self._generation:
                self._image = image
                self.draw_count += 1
                self.update()

        def work(progress: Progress) -> QImage:
            progress.check()
            return render(plotter, width, height, ratio)

        self._task = run_task(work, title="Drawing a chart", on_done=done)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        painter.end()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if (
            self._plotter is not None
            and event.oldSize().isValid()
            and event.oldSize() != event.size()
        ):
            self._stale = True
            self._timer.start()
