"""Charts: native Excel charts over tables on the same sheet, and a matplotlib heatmap PNG
where a picture reads better (role × department average fit)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.layout import Layout, ManualLayout
from openpyxl.chart.text import RichText
from openpyxl.drawing.image import Image
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties

SERIES_COLOURS = ("2E7D32", "9CCC65", "FFB74D", "E57373")  # ready, near, reskill, far


def bar_chart(
    ws: Any,
    *,
    title: str,
    header_row: int,
    first_row: int,
    last_row: int,
    label_col: int,
    value_cols: Sequence[int],
    y_title: str = "",
    x_title: str = "",
    stacked: bool = False,
    horizontal: bool = False,
    colours: Sequence[str] = (),
    width: float = 18,
    height: float = 10,
    title_size: int = 0,
    label_size: int = 0,
    label_cm: float = 0,
) -> BarChart:
    """A bar chart of columns ``value_cols`` (header at ``header_row``) by the labels in
    ``label_col``; rows first_row..last_row of ``ws``. ``label_cm`` (horizontal bars) keeps
    that much room left of the bars for the labels, so they print on one line each: left to
    itself, LibreOffice wraps long labels into a narrow column and then drops every other
    one as overlapping."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    if title_size:
        chart.title.tx.rich.p[0].pPr = ParagraphProperties(
            defRPr=CharacterProperties(sz=title_size, b=True)
        )
    chart.style = 10
    chart.width, chart.height = width, height
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    for col in value_cols:
        data = Reference(ws, min_col=col, max_col=col, min_row=header_row, max_row=last_row)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(ws, min_col=label_col, max_col=label_col, min_row=first_row, max_row=last_row)
    )
    for series, colour in zip(chart.series, colours, strict=False):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.y_axis.title = y_title or None
    chart.x_axis.title = x_title or None
    chart.y_axis.majorGridlines = None if horizontal else chart.y_axis.majorGridlines
    # openpyxl hides axes by default (delete=True); LibreOffice and Excel then show bare bars.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first row at the top
        chart.x_axis.tickLblSkip = 1  # a label for every role
        chart.x_axis.txPr = _font(label_size or 800)
        if label_cm:
            chart.layout = _plot_room(width, height, left_cm=label_cm)  # the plot area's
    elif label_size:
        chart.x_axis.txPr = _font(label_size)
    if len(value_cols) == 1:
        chart.legend = None
    else:
        chart.legend.position = "b"
    return chart


def _plot_room(width: float, height: float, *, left_cm: float) -> Layout:
    """The bars' area of a chart ``width`` × ``height`` cm: ``left_cm`` free on the left, room
    for the title and the value axis above and a two-line legend below."""
    top, bottom, right = 1.6, 1.4, 0.6
    return Layout(
        manualLayout=ManualLayout(
            layoutTarget="inner",
            xMode="edge",
            yMode="edge",
            x=left_cm / width,
            y=top / height,
            w=(width - left_cm - right) / width,
            h=(height - top - bottom) / height,
        )
    )


def _font(size: int) -> RichText:
    """Axis label text properties at ``size`` hundredths of a point."""
    return RichText(
        p=[
            Paragraph(
                pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)),
                endParaRPr=CharacterProperties(sz=size),
            )
        ]
    )


def heatmap_png(
    values: np.ndarray,
    rows: Sequence[str],
    cols: Sequence[str],
    *,
    title: str,
    vmin: float = 0,
    vmax: float = 100,
) -> bytes:
    """A labelled heatmap (rows × cols, NaN blank) as PNG bytes (Agg backend, no window)."""
    from matplotlib.figure import Figure

    width = min(22.0, max(7.0, 2.5 + 0.55 * len(cols)))
    height = min(22.0, max(4.0, 1.8 + 0.32 * len(rows)))
    fig = Figure(figsize=(width, height), dpi=110)
    ax = fig.add_subplot()
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, cmap="RdYlGn", vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(cols)), labels=cols, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(rows)), labels=rows, fontsize=8)
    if values.size <= 900:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7, color="black")
    ax.set_title(title, fontsize=11)
    fig.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="average fit")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def png_image(data: bytes, max_width_px: int = 1100) -> Image:
    """An openpyxl image from PNG bytes, scaled down to ``max_width_px`` if wider."""
    image = Image(io.BytesIO(data))
    if image.width > max_width_px:
        scale = max_width_px / image.width
        image.width, image.height = int(image.width * scale), int(image.height * scale)
    return image
