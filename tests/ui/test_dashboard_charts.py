"""The Dashboard's readiness chart: what a reader can act on, with a title that fits."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner.matching.scoring import READINESS_LABELS
from planner.matching.workspace import score_workspace
from planner.store import Workspace
from planner.ui.pages.dashboard import plot_readiness


def test_readiness_chart_bars_eligible_people_and_counts_the_rest(demo_template):
    with Workspace.open(demo_template) as ws:
        scored = score_workspace(ws)
    scores, catalog = scored.scores, scored.catalog
    demand = {"prompt_engineer": 3, "ai_lawyer": 2}
    fig = Figure(figsize=(5, 4), layout="constrained")
    plot_readiness(fig, scores, catalog, demand)
    ax = fig.axes[0]

    # The title belongs to the figure, so it spans the role labels instead of being cut at
    # the plot's width.
    assert fig.get_suptitle() and not ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [label for label in READINESS_LABELS if label != "not eligible"]

    not_eligible = READINESS_LABELS.index("not eligible")
    notes = [t.get_text() for t in fig.axes[1].get_yticklabels()]
    for role_id in demand:
        j = scores.role_ids.index(role_id)
        count = int(np.count_nonzero(scores.readiness[:, j] == not_eligible))
        assert f"+{count:,} not eligible" in notes


def test_not_eligible_counts_never_run_past_the_plot_frame(demo_template):
    """In a narrow panel (a laptop at 150 %), '+211 not eligible' after a long bar crossed
    the frame and left the figure; the counts are a column right of the plot now."""
    with Workspace.open(demo_template) as ws:
        scored = score_workspace(ws)
    for size in ((4.2, 3.2), (6.4, 4.0)):
        fig = Figure(figsize=size, dpi=100, layout="constrained")
        plot_readiness(fig, scored.scores, scored.catalog, {})
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        frame = fig.axes[0].get_window_extent(renderer)
        notes = [t for t in fig.findobj(Text) if "not eligible" in t.get_text() and t.get_visible()]
        assert len(notes) == 10
        for note in notes:
            box = note.get_window_extent(renderer)
            assert box.x0 >= frame.x1 - 1, (size, note.get_text())
            assert box.x1 <= fig.bbox.x1 + 1, (size, note.get_text())
