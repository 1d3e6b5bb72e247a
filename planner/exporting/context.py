"""What every export shares: the workspace, the workbook, pseudonyms, progress and data
loaded once (levels, scores, the scenario and its plan)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from planner.catalog.model import Catalog
from planner.exporting import readers
from planner.exporting.pseudonymise import Pseudonyms
from planner.exporting.styles import Book
from planner.progress import Progress
from planner.store.levels import LevelMatrix, current_levels
from planner.store.workspace import Workspace

TICK_ROWS = 2000   # report progress (and check for cancel) every so many rows


@dataclass
class Context:
    ws: Workspace
    book: Book
    names: Pseudonyms
    progress: Progress | None = None
    scenario_name: str | None = None
    total: int = 1
    done: int = 0
    cells: int = 0                     # non-empty cells written (the benchmark compares)
    _since: int = field(default=0, repr=False)

    # -- progress ------------------------------------------------------------------------

    def tick(self, rows: int = 1, message: str = "") -> None:
        """Count written rows; every TICK_ROWS report progress (raises Cancelled)."""
        self.done += rows
        self._since += rows
        if self._since >= TICK_ROWS:
            self._since = 0
            self.step(message)

    def step(self, message: str = "") -> None:
        if self.progress is not None:
            self.total = max(self.total, self.done)
            self.progress.step(self.done, self.total, message)

    def append(self, ws: Any, row: list[Any]) -> None:
        ws.append(row)
        self.cells += len(row) - row.count(None)

    # -- data, loaded once -------------------------------------------------------------------

    @functools.cached_property
    def catalog(self) -> Catalog:
        return self.ws.catalog()

    @functools.cached_property
    def levels(self) -> LevelMatrix:
        return current_levels(self.ws)

    @functools.cached_property
    def scores(self) -> Any:
        from planner.matching import score

        return score(self.levels, self.catalog)

    @functools.cached_property
    def employees(self) -> list[tuple]:
        return readers.employees(self.ws)

    @functools.cached_property
    def scenario(self) -> readers.ScenarioInfo | None:
        return readers.scenario(self.ws, self.scenario_name)

    @functools.cached_property
    def allocations(self) -> list[tuple]:
        return readers.allocations(self.ws, self.scenario.id) if self.scenario else []

    @functools.cached_property
    def plan(self) -> list[readers.PlanRow]:
        return readers.plan_rows(self.ws, self.scenario.id) if self.scenario else []

    @functools.cached_property
    def cohorts(self) -> list[readers.CohortInfo]:
        return readers.cohorts(self.ws, self.scenario.id) if self.scenario else []

    @property
    def currency(self) -> str:
        return self.book.currency

    def no_allocation(self) -> str:
        if self.scenario is None:
            return ("No allocation yet: run Allocate (reskill-planner allocate WORKSPACE "
                    "--demand DEMAND.csv).")
        return f"Scenario {self.scenario.name!r} has no allocation: run Allocate again."

    def no_plan(self) -> str:
        if self.scenario is None:
            return self.no_allocation()
        return (f"No training plan yet for scenario {self.scenario.name!r}: run Plan "
                "(reskill-planner plan WORKSPACE).")


def missing_plan(ctx: Context) -> str:
    """The error text when an export needs a plan the workspace does not have."""
    if ctx.scenario is None:
        return ("there is no training plan yet: run `reskill-planner allocate WORKSPACE "
                "--demand DEMAND.csv` and then `reskill-planner plan WORKSPACE` first.")
    return (f"scenario {ctx.scenario.name!r} has no training plan yet: run "
            f"`reskill-planner plan WORKSPACE --scenario {ctx.scenario.name!r}` first.")


def new_context(ws: Workspace, *, scenario: str | None = None, pseudonymise: bool = False,
                progress: Progress | None = None) -> Context:
    currency = str(ws.setting("currency", "EUR") or "EUR")
    ctx = Context(ws, Book(currency), Pseudonyms.for_workspace(ws, pseudonymise), progress,
                  scenario)
    _ = ctx.scenario       # a scenario named but missing fails now, before any work
    return ctx
