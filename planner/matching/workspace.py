"""Scoring a workspace: its catalog, current levels and module chains in one bundle."""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.matching.scoring import Scores, score
from planner.progress import Progress
from planner.store.levels import LevelMatrix, current_levels
from planner.store.workspace import Workspace


@dataclass
class ScoredWorkspace:
    catalog: Catalog
    levels: LevelMatrix
    paths: ModulePaths
    scores: Scores


def score_workspace(ws: Workspace, progress: Progress | None = None) -> ScoredWorkspace:
    """Load the workspace's catalog and current levels, and score everyone for every role."""
    catalog = ws.catalog()
    levels = current_levels(ws)
    paths = ModulePaths(catalog)
    return ScoredWorkspace(catalog, levels, paths, score(levels, catalog, paths,
                                                          progress=progress))
