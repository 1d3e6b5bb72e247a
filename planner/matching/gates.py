"""Credential gates and the reason someone is not eligible for a role.

A must-have is a **credential gate** when no chain of the catalog's training modules reaches
its minimum from level 0: licensed practice (law, radiology) comes from a degree, a licence
and years of supervised work, never from a course. The rule is structural, so a catalog HR
edits keeps it: remove the modules that would teach a licensed level and the must-have
becomes a gate. Scoring marks missing gates (``Scores.gate_missing``) and names the first
failing must-have (``Scores.blocker``); :func:`why_not` turns that into words.
"""

from __future__ import annotations

from planner.catalog.model import Catalog
from planner.catalog.paths import ModulePaths
from planner.matching import scoring
from planner.matching.scoring import (
    NO_BLOCKER,
    READINESS_LABELS,
    TOO_MANY_HOURS,
    UNREACHABLE_GAP,
    Scores,
)


def credential_gates(
    catalog: Catalog, paths: ModulePaths | None = None
) -> dict[tuple[str, str], int]:
    """{(role id, skill id): minimum} of every credential gate: marked ``gate`` in the
    catalog (minimum: the must-have, else the target), or a must-have no module chain
    reaches from level 0."""
    paths = paths if paths is not None else ModulePaths(catalog)
    gates: dict[tuple[str, str], int] = {}
    for role in catalog.roles.values():
        for req in role.requirements:
            if is_gate(req, paths):
                gates[(role.id, req.skill)] = gate_minimum(req)
    return gates


def gate_minimum(req) -> int:
    """The level a gate requires: its must-have minimum, else its target."""
    return req.must_min if req.must_min is not None else req.target


def is_gate(req, paths: ModulePaths) -> bool:
    """True for a credential gate (see the module docstring)."""
    if getattr(req, "gate", False):
        return True
    return bool(req.must_min) and paths.chain(req.skill, 0, req.must_min) is None


def _skill_name(catalog: Catalog, skill_id: str) -> str:
    skill = catalog.skills.get(skill_id)
    return skill.name if skill is not None else skill_id


UNREACHABLE_TEXT = "no chain of training modules in the catalog closes every gap"


def too_many_hours_text(hours: float) -> str:
    return (
        f"needs {hours:,.0f} h of training, more than the "
        f"{scoring.ELIGIBLE_MAX_HOURS:,.0f} h a reskilling is planned for"
    )


def blocking_text(skill_name: str, minimum: int | None, gate: bool) -> str:
    """The words for one failing must-have (a gate says it cannot be trained)."""
    level = f" {minimum}" if minimum is not None else ""
    if gate:
        return (
            f"credential gate: {skill_name}{level} (licensed or credentialed; no "
            "training module in the catalog reaches it)"
        )
    return f"must-have {skill_name}{level} not met"


def why_not(scores: Scores, catalog: Catalog, row: int, col: int) -> str | None:
    """Why the employee in ``row`` is not eligible for the role in ``col`` (None if eligible).

    Names the first failing must-have, credential gates first, e.g. "credential gate: Legal
    analysis & drafting 4 (no training module in the catalog reaches it)".
    """
    if scores.eligible[row, col]:
        return None
    code = int(scores.blocker[row, col])
    if code == TOO_MANY_HOURS:
        return too_many_hours_text(float(scores.gap_hours[row, col]))
    if code in (UNREACHABLE_GAP, NO_BLOCKER):
        return UNREACHABLE_TEXT
    skill_id = scores.skill_ids[code] if 0 <= code < len(scores.skill_ids) else str(code)
    role = catalog.roles.get(scores.role_ids[col])
    req = (
        next((r for r in role.requirements if r.skill == skill_id), None)
        if role is not None
        else None
    )
    minimum = (
        None
        if req is None
        else (gate_minimum(req) if getattr(req, "gate", False) else req.must_min)
    )
    return blocking_text(
        _skill_name(catalog, skill_id), minimum, bool(scores.gate_missing[row, col])
    )


def readiness_text(scores: Scores, catalog: Catalog, row: int, col: int) -> str:
    """The readiness band in words, with the reason when not eligible."""
    label = READINESS_LABELS[int(scores.readiness[row, col])]
    reason = why_not(scores, catalog, row, col)
    return f"{label} ({reason})" if reason else label
