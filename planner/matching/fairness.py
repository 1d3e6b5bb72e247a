"""Fairness check of a selection: selection rates per group and the four-fifths rule.

For an attribute HR picks (department, site, or any imported column such as an age band),
each group's selection rate is selected / group size, and its impact ratio is its rate
divided by the highest rate (as in NYC Local Law 144 bias audits). Groups below four
fifths (0.8) of the highest rate are flagged. Groups smaller than ``SMALL_GROUP`` people
are marked small: their rates swing with one person, so they are neither flagged nor used
as the reference rate (unless every group is small).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from planner.errors import PlannerError
from planner.store.workspace import Workspace

FOUR_FIFTHS = 0.8
SMALL_GROUP = 5
BLANK = "(blank)"
_COLUMNS = ("department", "site", "job_title", "manager")


@dataclass(frozen=True)
class GroupRate:
    group: str
    size: int
    selected: int
    rate: float
    impact_ratio: float | None     # None when nobody at all was selected
    below_four_fifths: bool
    small: bool

    @property
    def flagged(self) -> bool:
        return self.below_four_fifths and not self.small

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "size": self.size, "selected": self.selected,
                "rate": round(self.rate, 4),
                "impact_ratio": None if self.impact_ratio is None else round(self.impact_ratio, 4),
                "flagged": self.flagged, "small": self.small}


@dataclass
class FairnessReport:
    attribute: str
    groups: list[GroupRate] = field(default_factory=list)
    highest_rate: float = 0.0

    @property
    def flagged(self) -> list[GroupRate]:
        return [g for g in self.groups if g.flagged]

    def to_json(self) -> dict[str, Any]:
        return {"attribute": self.attribute, "highest_rate": round(self.highest_rate, 4),
                "threshold": FOUR_FIFTHS, "small_group": SMALL_GROUP,
                "groups": [g.to_json() for g in self.groups],
                "flagged": [g.group for g in self.flagged]}


def group_labels(ws: Workspace, attribute: str) -> dict[int, str]:
    """Each employee's group for ``attribute``: a profile column or an imported attribute."""
    wanted = attribute.strip().casefold().replace(" ", "_")
    if wanted in _COLUMNS:
        return {eid: (value or "").strip() or BLANK for eid, value in
                ws.conn.execute(f"SELECT id, {wanted} FROM employees")}
    labels: dict[int, str] = {}
    known: set[str] = set()
    found = False
    for eid, raw in ws.conn.execute("SELECT id, attributes FROM employees"):
        try:
            attrs = json.loads(raw or "{}")
        except json.JSONDecodeError:
            attrs = {}
        attrs = attrs if isinstance(attrs, dict) else {}
        known.update(attrs)
        value = next((v for k, v in attrs.items()
                      if k.strip().casefold().replace(" ", "_") == wanted), None)
        found = found or value is not None
        labels[eid] = BLANK if value is None or str(value).strip() == "" else str(value).strip()
    if not found and labels:
        choices = ", ".join([*_COLUMNS, *sorted(known)])
        raise PlannerError(f"no employee has the attribute {attribute!r}; choose one of: "
                           f"{choices}")
    return labels


def fairness(source: Workspace | Mapping[int, str], selected_ids: Iterable[int],
             attribute: str = "department") -> FairnessReport:
    """Selection rates per group of ``attribute`` among all employees of ``source``.

    Args:
        source: a workspace (groups read from its employees) or {employee_id: group}.
        selected_ids: workspace ids of the people selected (e.g. an allocation's).
        attribute: department, site, job_title, manager or an imported attribute key.
    """
    labels = group_labels(source, attribute) if isinstance(source, Workspace) else dict(source)
    selected = set(selected_ids)
    sizes: dict[str, int] = {}
    chosen: dict[str, int] = {}
    for eid, group in labels.items():
        sizes[group] = sizes.get(group, 0) + 1
        chosen[group] = chosen.get(group, 0) + (eid in selected)
    rates = {g: chosen[g] / sizes[g] for g in sizes}
    large = [rates[g] for g in sizes if sizes[g] >= SMALL_GROUP]
    highest = max(large or rates.values(), default=0.0)
    groups = []
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        ratio = rates[g] / highest if highest > 0 else None
        groups.append(GroupRate(g, sizes[g], chosen[g], rates[g], ratio,
                                ratio is not None and ratio < FOUR_FIFTHS,
                                sizes[g] < SMALL_GROUP))
    return FairnessReport(attribute, groups, highest)
