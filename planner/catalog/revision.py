"""Which catalog a scenario was made under: a hash of the catalog's content.

Allocations and plans store the hash of the catalog they were computed with (columns
``scenarios.catalog_hash`` and ``plan_catalog_hash``); after an edit of the catalog,
:func:`stale_scenarios` names the scenarios whose figures came from an older catalog.
The currency is not part of the hash (it changes labels, not figures).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from planner.catalog.model import Catalog

if TYPE_CHECKING:
    from planner.store.workspace import Workspace


def catalog_hash(catalog: Catalog) -> str:
    """A short, order-independent fingerprint of what scoring and planning read."""
    content = {
        "skills": sorted((asdict(s) for s in catalog.skills.values()), key=lambda d: d["id"]),
        "roles": sorted((asdict(r) for r in catalog.roles.values()), key=lambda d: d["id"]),
        "modules": sorted((asdict(m) for m in catalog.modules.values()), key=lambda d: d["id"]),
    }
    for item in (*content["skills"], *content["roles"], *content["modules"]):
        item.pop("origin", None)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stamp_scenario(ws: Workspace, scenario_id: int, what: str = "allocation") -> None:
    """Record that the scenario's allocation (or plan) was made under the current catalog."""
    column = "plan_catalog_hash" if what == "plan" else "catalog_hash"
    ws.conn.execute(
        f"UPDATE scenarios SET {column} = ? WHERE id = ?", (catalog_hash(ws.catalog()), scenario_id)
    )


def stamp_unrecorded(ws: Workspace, current_hash: str) -> None:
    """Scenarios saved before hashes were recorded were made under ``current_hash``
    (the catalog could not change before); called just before the catalog is edited."""
    ws.conn.execute(
        "UPDATE scenarios SET catalog_hash = ? WHERE catalog_hash = ''", (current_hash,)
    )
    ws.conn.execute(
        "UPDATE scenarios SET plan_catalog_hash = ? WHERE plan_catalog_hash = '' "
        "AND id IN (SELECT scenario_id FROM plan_items)",
        (current_hash,),
    )


@dataclass(frozen=True)
class StaleScenario:
    name: str
    allocation: bool  # the allocation was made under an older catalog
    plan: bool  # the plan was made under an older catalog

    @property
    def advice(self) -> str:
        """What the reader sees and what to do, in words for the app and the report."""
        if not self.allocation:
            todo = "build its plan again to use the current one"
        else:
            todo = "allocate it again to use the current one" + (
                " (its plan is built again with it)" if self.plan else "")
        return f"{str(self)[0].upper()}{str(self)[1:]}: {todo}"

    def __str__(self) -> str:
        parts = [p for p, stale in (("allocation", self.allocation), ("plan", self.plan)) if stale]
        return (
            f"scenario {self.name!r}: its {' and '.join(parts)} "
            f"{'was' if len(parts) == 1 else 'were'} made under an older catalog"
        )


def stale_scenarios(ws: Workspace, name: str | None = None) -> list[StaleScenario]:
    """Scenarios (or the one named) whose allocation or plan was computed with a
    different catalog."""
    current = catalog_hash(ws.catalog())
    out = []
    for scenario, alloc, plan, has_plan in ws.conn.execute(
        "SELECT name, catalog_hash, plan_catalog_hash, "
        "EXISTS (SELECT 1 FROM plan_items p WHERE p.scenario_id = s.id) "
        "FROM scenarios s WHERE ? IS NULL OR name = ? ORDER BY name",
        (name, name),
    ):
        old_alloc = bool(alloc) and alloc != current
        old_plan = bool(has_plan) and bool(plan) and plan != current
        if old_alloc or old_plan:
            out.append(StaleScenario(scenario, old_alloc, old_plan))
    return out


def rerun_scenario(ws: Workspace, name: str) -> list[str]:
    """Allocate a saved scenario again with the current catalog (same demand and
    constraints), and plan it again if it had a plan; returns what was re-run."""
    from planner.matching import load_scenario
    from planner.matching.run import allocate_scenario
    from planner.planning.store import _json_column

    saved = load_scenario(ws, name)
    attributes = _json_column(ws, saved.id, "constraints").get("fairness_attributes")
    # the allocate command's own path: time to ready, the plans' numbers, fairness checked
    # on the same attributes, and the plan built again when there was one
    run = allocate_scenario(ws, saved.name, saved.demand, saved.constraints,
                            attributes=attributes or None)
    return ["allocation"] + (["plan"] if run.replanned else [])
