"""The app's heavy steps as plain functions a worker process runs (no Qt here).

Each takes plain, picklable data (a workspace path, never an open connection: the worker
opens its own) and a ``progress`` keyword; what it returns travels back pickled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.progress import Progress

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from planner.matching import Constraints, Demand, ScoredWorkspace
    from planner.planning import PlanSet

Plotter = Callable[["Figure"], None]
DPI = 100


def allocate(
    path: Path,
    demand: Demand,
    constraints: Constraints,
    name: str,
    attributes: list[str],
    progress: Progress,
) -> dict[str, Any]:
    """The allocate command's steps (the core's allocate_scenario: everyone scored as the
    workspace is saved, the plans' numbers, fairness over the eligible pool and the
    workforce, the scenario saved). Cancelling before the save changes nothing."""
    from planner.matching import default_attributes
    from planner.matching.run import allocate_scenario
    from planner.store.workspace import Workspace

    with Workspace.open(path) as ws:
        if set(attributes) == set(default_attributes(ws)):
            attributes = []  # the defaults, in the core's order (as the command line)
        run = allocate_scenario(
            ws,
            name,
            demand,
            constraints,
            attributes=attributes or None,
            progress=progress,
        )
    return {
        "scenario_id": run.scenario_id,
        "results": run.result.to_json(),
        "fairness": [r.to_json() for r in run.fairness],
        "notes": list(run.notes),
    }


def score(path: Path, progress: Progress) -> ScoredWorkspace:
    """Everyone scored for every role (the catalog, levels and paths with it)."""
    from planner.matching import score_workspace
    from planner.store.workspace import Workspace

    with Workspace.open(path) as ws:
        return score_workspace(ws, progress=progress)


def build_plan(
    path: Path, scenario_id: int, options: dict[str, Any], progress: Progress
) -> PlanSet:
    """Plan a scenario and save it (the plan command's core call)."""
    from planner.planning import plan_scenario
    from planner.store.workspace import Workspace

    with Workspace.open(path) as ws:
        return plan_scenario(ws, scenario_id, progress=progress, **options)


def render(
    plotter: Plotter, width: int, height: int, ratio: float = 1.0
) -> tuple[Figure, bytes, int, int]:
    """Plot and rasterise a figure of ``width`` × ``height`` logical pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI * ratio, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    plotter(figure)
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    return figure, bytes(canvas.buffer_rgba()), w, h


def render_pixels(
    plotter: Plotter,
    width: int,
    height: int,
    ratio: float = 1.0,
    *,
    progress: Progress | None = None,
) -> tuple[bytes, int, int]:
    """:func:`render` without the figure (what a worker process sends back)."""
    if progress is not None:
        progress.check()
    _, pixels, w, h = render(plotter, width, height, ratio)
    return pixels, w, h
