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

TICK_ROWS = 2000  # report progress (and check for cancel) every so many rows


@dataclass
class Context:
    ws: Workspace
    book: Book
    names: Pseudonyms
    progress: Progress | None = None
    scenario_name: str | None = None
    total: int = 1
    done: int = 0
    cells: int = 0  # non-empty cells written (the benchmark compares)
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
        self.book.append(ws, row)
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

    @functools.cached_property
    def plan_set(self) -> Any:
        """The saved plan as the planning core reads it back (its totals are the CLI's)."""
        if self.scenario is None or not self.planned:
            return None
        from planner.planning import load_plan

        return load_plan(self.ws, self.scenario.id)

    @property
    def planned(self) -> bool:
        """True once the scenario's training plan was made (even if nobody needs a module)."""
        return bool(self.scenario and self.scenario.results.get("plan")) or bool(self.plan)

    @functools.cached_property
    def fairness(self) -> list[dict[str, Any]]:
        """The scenario's fairness reports as the allocation stored them (JSON dicts); for a
        scenario saved without them, the check over the attributes it names (else
        department)."""
        if self.scenario is None:
            return []
        stored = self.scenario.results.get("fairness")
        if isinstance(stored, dict):
            stored = [stored] if "groups" in stored else list(stored.values())
        if isinstance(stored, list):
            return [r for r in stored if isinstance(r, dict) and "groups" in r]
        if not self.allocations:
            return []
        from planner.matching import fairness

        attributes = fairness_attributes(self.scenario.constraints) or ["department"]
        selected = [row[2] for row in self.allocations]
        return [fairness(self.ws, selected, attribute).to_json() for attribute in attributes]

    def no_allocation(self) -> str:
        if self.scenario is None:
            return (
                f"{NO_SCENARIO} Say how many people each role needs and let Reskill "
                "Planner choose them (Allocation page); this sheet fills in then."
            )
        return (
            f"Scenario '{self.scenario.name}' has nobody chosen yet: allocate it again "
            "(Allocation page)."
        )

    def no_plan(self) -> str:
        if self.scenario is None:
            return self.no_allocation()
        return (
            f"Scenario '{self.scenario.name}' has no training plan yet: make the plan "
            "(Plans page) to see modules, dates and costs here."
        )


NO_SCENARIO = "No people have been chosen for the new roles yet (no scenario in this workspace)."


def fairness_attributes(constraints: dict[str, Any]) -> list[str]:
    """The attributes a scenario's fairness was checked by, as saved with it."""
    for key in ("fairness_attributes", "fairness_by"):
        value = constraints.get(key)
        if isinstance(value, list):
            return [str(v) for v in value if v]
        if isinstance(value, str) and value:
            return [value]
    return []


def missing_plan(ctx: Context) -> str:
    """The error text when an export needs a plan the workspace does not have."""
    if ctx.scenario is None:
        return (
            "there is no training plan yet: choose the people for each role (allocate) "
            "and make their training plan first."
        )
    return f"scenario '{ctx.scenario.name}' has no training plan yet: make its training plan first."


def new_context(
    ws: Workspace,
    *,
    scenario: str | None = None,
    pseudonymise: bool = False,
    progress: Progress | None = None,
) -> Context:
    currency = str(ws.setting("currency", "EUR") or "EUR")
    ctx = Context(
        ws, Book(currency), Pseudonyms.for_workspace(ws, pseudonymise), progress, scenario
    )
    _ = ctx.scenario  # a scenario named but missing fails now, before any work
    return ctx
