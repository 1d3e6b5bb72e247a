"""Fairness check of a selection: selection rates per group and the four-fifths rule.

For an attribute HR picks (site, an imported column such as an age band, department…),
each group's selection rate is selected / group size, and its impact ratio is its rate
divided by the highest rate (as in NYC Local Law 144 bias audits). Rates are taken over
the **eligible pool** (the people who could have been chosen: eligible for a demanded
role) and, labelled, over the whole workforce. Impact ratios are shown with two decimals
and a group is flagged when its ratio so shown is below 0.80 (what the reader sees is what
is flagged). Groups smaller than ``SMALL_GROUP`` people are marked small: their rates swing
with one person, so they are neither flagged nor used as the reference rate (unless every
group is small). For each flagged group the report says how many more selections would
clear the flag; with fewer than ``SMALL_SAMPLE`` selections in all, a caveat says that the
rates are too few to conclude anything.

Department is not a default attribute: roles draw on departments by nature (lawyers come
from Legal), so it flags by construction. :func:`default_attributes` picks imported
demographic columns (age band, gender…) and the site.
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
SMALL_SAMPLE = 5
BLANK = "(blank)"
ELIGIBLE_POOL = "eligible pool"
WORKFORCE = "workforce"
_COLUMNS = ("department", "site", "job_title", "manager")
# imported columns that describe people rather than the organisation (checked by default)
_DEMOGRAPHIC = ("age", "gender", "sex", "ethnic", "disab", "nationality", "race")
SMALL_SAMPLE_TEXT = (
    "fewer than {n} people were selected: one person more or less moves "
    "every rate, so these ratios cannot show a pattern either way"
)


def attribute_label(attribute: str) -> str:
    """An attribute in running text: 'job_title' is 'job title', an imported 'Age band' is
    'age band' (an acronym such as 'FTE band' keeps its capitals)."""
    words = str(attribute).replace("_", " ").split(" ")
    first = words[0]
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        words[0] = first[:1].lower() + first[1:]
    return " ".join(words)


def report_title(report: Mapping[str, Any]) -> str:
    """ "by site, over the eligible pool": a saved check's title, from its attribute and
    pool (checks saved before the attribute was worded the same way read alike)."""
    attribute = report.get("attribute")
    if not attribute:
        return str(report.get("title") or "")
    pool = report.get("pool")
    return f"by {attribute_label(str(attribute))}" + (f", over the {pool}" if pool else "")


def ratio_text(ratio: float | None) -> str:
    """An impact ratio with two decimals ("0.80"), "-" when nobody was selected."""
    return "-" if ratio is None else f"{ratio:.2f}"


@dataclass(frozen=True)
class GroupRate:
    group: str
    size: int
    selected: int
    rate: float
    impact_ratio: float | None  # None when nobody at all was selected
    below_four_fifths: bool
    small: bool
    needed_to_clear: int | None = None  # more selections that would lift it to 4/5

    @property
    def flagged(self) -> bool:
        return self.below_four_fifths and not self.small

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "size": self.size,
            "selected": self.selected,
            "rate": round(self.rate, 4),
            "impact_ratio": None if self.impact_ratio is None else round(self.impact_ratio, 2),
            "impact_ratio_text": ratio_text(self.impact_ratio),
            "flagged": self.flagged,
            "small": self.small,
            "needed_to_clear": self.needed_to_clear if self.flagged else None,
        }


@dataclass
class FairnessReport:
    attribute: str
    groups: list[GroupRate] = field(default_factory=list)
    highest_rate: float = 0.0
    pool: str = WORKFORCE  # ELIGIBLE_POOL or WORKFORCE: whom the rates are over

    @property
    def flagged(self) -> list[GroupRate]:
        return [g for g in self.groups if g.flagged]

    @property
    def selected(self) -> int:
        return sum(g.selected for g in self.groups)

    @property
    def caveat(self) -> str | None:
        """The small-sample caveat, when fewer than SMALL_SAMPLE people were selected."""
        return SMALL_SAMPLE_TEXT.format(n=SMALL_SAMPLE) if self.selected < SMALL_SAMPLE else None

    @property
    def title(self) -> str:
        return f"by {attribute_label(self.attribute)}, over the {self.pool}"

    def to_json(self) -> dict[str, Any]:
        return {
            "attribute": self.attribute,
            "pool": self.pool,
            "title": self.title,
            "highest_rate": round(self.highest_rate, 4),
            "threshold": FOUR_FIFTHS,
            "small_group": SMALL_GROUP,
            "selected": self.selected,
            "caveat": self.caveat,
            "groups": [g.to_json() for g in self.groups],
            "flagged": [g.group for g in self.flagged],
        }


def headline_reports(reports: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The saved checks a headline figure counts: those over the eligible pool when the
    scenario has them (the workforce checks repeat the same groups), else all of them."""
    reports = [r for r in reports if isinstance(r, Mapping)]
    return [r for r in reports if r.get("pool") == ELIGIBLE_POOL] or reports


def headline_flags(reports: Iterable[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """(group, attribute as worded in text) of every flagged group of the headline checks, in
    report order: the one count the dashboard, the report's Summary and the CLI give."""
    return [
        (str(g.get("group")), attribute_label(str(r.get("attribute", ""))))
        for r in headline_reports(reports)
        for g in r.get("groups") or []
        if isinstance(g, Mapping) and g.get("flagged")
    ]


def group_labels(ws: Workspace, attribute: str) -> dict[int, str]:
    """Each employee's group for ``attribute``: a profile column or an imported attribute."""
    wanted = attribute.strip().casefold().replace(" ", "_")
    if wanted in _COLUMNS:
        return {
            eid: (value or "").strip() or BLANK
            for eid, value in ws.conn.execute(f"SELECT id, {wanted} FROM employees")
        }
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
        value = next(
            (v for k, v in attrs.items() if k.strip().casefold().replace(" ", "_") == wanted), None
        )
        found = found or value is not None
        labels[eid] = BLANK if value is None or str(value).strip() == "" else str(value).strip()
    if not found and labels:
        choices = ", ".join([*_COLUMNS, *sorted(known)])
        raise PlannerError(f"no employee has the attribute {attribute!r}; choose one of: {choices}")
    return labels


def default_attributes(ws: Workspace) -> list[str]:
    """Attributes checked when HR names none: imported demographic columns (age band,
    gender…) and the site when people have one; never department (see the docstring)."""
    keys: set[str] = set()
    for (raw,) in ws.conn.execute("SELECT attributes FROM employees"):
        try:
            attrs = json.loads(raw or "{}")
        except json.JSONDecodeError:
            continue
        if isinstance(attrs, dict):
            keys.update(str(k) for k in attrs)
    chosen = sorted(k for k in keys if any(w in k.casefold() for w in _DEMOGRAPHIC))
    sites = ws.conn.execute(
        "SELECT count(DISTINCT site) FROM employees WHERE trim(coalesce(site, '')) <> ''"
    ).fetchone()[0]
    if sites > 1:
        chosen.append("site")
    return chosen[:3] or ["site"]


def fairness(
    source: Workspace | Mapping[int, str],
    selected_ids: Iterable[int],
    attribute: str = "department",
    *,
    pool_ids: Iterable[int] | None = None,
) -> FairnessReport:
    """Selection rates per group of ``attribute``, over ``pool_ids`` (the eligible pool)
    when given, else over every employee of ``source`` (the workforce).

    Args:
        source: a workspace (groups read from its employees) or {employee_id: group}.
        selected_ids: workspace ids of the people selected (e.g. an allocation's).
        attribute: department, site, job_title, manager or an imported attribute key.
        pool_ids: the people who could have been selected; the selected are always in it.
    """
    labels = group_labels(source, attribute) if isinstance(source, Workspace) else dict(source)
    selected = set(selected_ids)
    pool = WORKFORCE
    if pool_ids is not None:
        keep = set(pool_ids) | selected
        labels = {e: g for e, g in labels.items() if e in keep}
        pool = ELIGIBLE_POOL
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
        below = ratio is not None and round(ratio, 2) < FOUR_FIFTHS
        groups.append(
            GroupRate(
                g,
                sizes[g],
                chosen[g],
                rates[g],
                ratio,
                below,
                sizes[g] < SMALL_GROUP,
                _needed(chosen[g], sizes[g], highest) if below else None,
            )
        )
    return FairnessReport(attribute, groups, highest, pool)


def _needed(selected: int, size: int, highest: float) -> int | None:
    """More selections a group needs for its ratio (two decimals) to reach 0.80 (None when
    even selecting everyone would not)."""
    for extra in range(0, size - selected + 1):
        rate = (selected + extra) / size
        if round(rate / max(highest, rate), 2) >= FOUR_FIFTHS:
            return extra
    return None
