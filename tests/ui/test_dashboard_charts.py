"""The Dashboard's readiness chart: what a reader can act on, with a title that fits."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

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
    notes = [t.get_text().strip() for t in ax.texts]
    for role_id in demand:
        j = scores.role_ids.index(role_id)
        count = int(np.count_nonzero(scores.readiness[:, j] == not_eligible))
        assert f"+{count:,} not eligible" in notes
