"""What the report shows about each chosen person: readiness (with why, when not eligible),
weeks to ready and finish date. These are the core's numbers, looked up, never recomputed:
the scenario's stored allocation (as ``allocate --json`` printed it), the scores, and the
saved plan."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.exporting.cells import as_date
from planner.exporting.context import Context

# Time-to-ready bands of the Summary chart: (label, most weeks).
TIME_BANDS = (
    ("Ready now", 0),
    ("Within 3 months", 13),
    ("3 to 6 months", 26),
    ("6 to 12 months", 52),
    ("12 to 18 months", 78),
    ("Later", math.inf),
)


@dataclass(frozen=True)
class Chosen:
    band: int  # index into planner.matching.READINESS_LABELS
    readiness: str  # the band, or "not eligible (why)"
    weeks: float | None  # weeks to ready, None when unknown or unreachable
    finish: date | None  # the plan's last module


def chosen_people(ctx: Context) -> dict[tuple[int, str], Chosen]:
    """Per (employee id, role id) of the allocation; computed once per export."""
    cached = ctx.__dict__.get("_chosen")
    if cached is None:
        cached = ctx.__dict__["_chosen"] = _chosen(ctx)
    return cached


def _stored(ctx: Context) -> dict[tuple[int, str], dict[str, Any]]:
    out = {}
    for outcome in (ctx.scenario.results.get("roles") or []) if ctx.scenario else []:
        if not isinstance(outcome, dict):
            continue
        for entry in outcome.get("chosen") or []:
            if isinstance(entry, dict) and "employee_id" in entry:
                out[
                    int(entry["employee_id"]), str(entry.get("role_id") or outcome.get("role_id"))
                ] = entry
    return out


def _text(ctx: Context) -> Any:
    """The core's readiness text function, when it has one (else the band's name)."""
    try:
        from planner.matching.gates import readiness_text
    except ImportError:
        return None
    return readiness_text


def _chosen(ctx: Context) -> dict[tuple[int, str], Chosen]:
    from planner.matching import READINESS_LABELS

    scores = ctx.scores
    row_of = {int(e): i for i, e in enumerate(scores.employee_ids.tolist())}
    col_of = {r: j for j, r in enumerate(scores.role_ids)}
    stored = _stored(ctx)
    text = _text(ctx)
    weeks_grid = getattr(scores, "weeks_to_ready", None)
    plans = {p.employee_id: p for p in ctx.plan_set.plans} if ctx.plan_set is not None else {}
    out = {}
    for a in ctx.allocations:
        eid, role_id = a[2], a[0]
        i, j = row_of.get(eid), col_of.get(role_id)
        entry = stored.get((eid, role_id), {})
        plan = plans.get(eid)
        # the plan's weeks to ready when it has them, else the allocation's
        weeks = getattr(plan, "weeks_to_ready", None)
        if weeks is None:
            weeks = entry.get("weeks_to_ready")
        band, readiness = 0, ""
        if i is not None and j is not None:
            band = int(scores.readiness[i, j])
            readiness = READINESS_LABELS[band] if band < len(READINESS_LABELS) else ""
            if text is not None:
                readiness = text(scores, ctx.catalog, i, j)
            if weeks is None and weeks_grid is not None:
                weeks = float(weeks_grid[i, j])
        if not isinstance(weeks, int | float) or not math.isfinite(weeks):
            weeks = None
        finish = plan.finish_date if plan is not None else as_date(entry.get("finish_date"))
        out[eid, role_id] = Chosen(band, readiness, weeks, finish)
    return out


def time_band(weeks: float) -> int:
    """Index into TIME_BANDS of ``weeks`` to ready."""
    for index, (_label, most) in enumerate(TIME_BANDS):
        if weeks <= most:
            return index
    return len(TIME_BANDS) - 1
