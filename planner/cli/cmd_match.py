"""``reskill-planner match WORKSPACE [--role ID] [--employee ID] [--top N] [--json]``.

Rankings put eligible people first; not-eligible rows say why (a must-have or a credential
gate). Weeks to ready = gap hours / the person's weekly training hours (or the workspace
default). Without options: every role with its best candidates. ``--role``: that role's candidates
and what most often holds them back. ``--employee``: that person's best roles; with
``--role`` too, the skill-by-skill explanation of the score.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any

from planner.catalog.model import Catalog
from planner.cli.arguments import positive_int
from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import InputRejected
from planner.matching import (
    Match,
    Scores,
    best_roles,
    explain,
    role_blockers,
    score_workspace,
    top_candidates,
)
from planner.matching.gates import why_not
from planner.store import Workspace


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "match", help="fit of employees for roles, rankings and explanations",
        description="Score every employee for every role (fit 0-100, must-haves, training "
                    "hours to close the gaps) and show the best candidates per role, the "
                    "best roles per person, or why a score is what it is.")
    parser.add_argument("workspace")
    parser.add_argument("--role", help="a role id or name: its best candidates")
    parser.add_argument("--employee", metavar="ID",
                        help="an employee id from the sheet: their best roles (with --role: "
                             "the full explanation)")
    parser.add_argument("--top", type=positive_int, default=10, metavar="N",
                        help="how many candidates or roles to list (default 10)")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def resolve_role(catalog: Catalog, text: str) -> str:
    """A role id from an id or a name (case-insensitive); InputRejected if unknown."""
    wanted = text.strip().casefold()
    for role in catalog.roles.values():
        if wanted in (role.id.casefold(), role.name.casefold()):
            return role.id
    raise InputRejected(f"unknown role {text!r}; `reskill-planner catalog roles` lists them")


def employee_names(ws: Workspace) -> dict[int, tuple[str, str]]:
    """{employee id: (name, department)}."""
    return {r[0]: (r[1], r[2]) for r in
            ws.conn.execute("SELECT id, name, department FROM employees")}


def number(value: float, digits: int = 1) -> float | None:
    """A JSON-safe number (None for inf = no module chain reaches the target)."""
    return round(float(value), digits) if math.isfinite(value) else None


def hours_text(value: float) -> str:
    return "unreachable" if not math.isfinite(value) else f"{value:g}"


def weeks_text(value: float) -> str:
    return "-" if not math.isfinite(value) else f"{value:g}"


def reason_of(scores: Scores, catalog: Catalog, m: Match) -> str | None:
    """Why ``m`` is not eligible (None when eligible)."""
    if m.eligible:
        return None
    return why_not(scores, catalog, scores.row_of(m.employee_id), scores.col_of(m.role_id))


def match_json(m: Match, names: dict[int, tuple[str, str]],
               why: str | None = None) -> dict[str, Any]:
    return {"rank": m.rank, "employee_key": m.employee_key, "employee_id": m.employee_id,
            "name": names.get(m.employee_id, ("", ""))[0], "role_id": m.role_id,
            "fit": number(m.fit), "eligible": m.eligible, "gap_hours": number(m.gap_hours),
            "gap_cost": number(m.gap_cost, 2), "readiness": m.readiness,
            "unknown_skills": m.unknown_count, "weeks_to_ready": number(m.weeks_to_ready, 0),
            "why_not": why}


def readiness_cell(m: Match, why: str | None) -> str:
    return f"{m.readiness} ({why})" if why else m.readiness


def _candidate_rows(matches: list[Match], names: dict[int, tuple[str, str]],
                    scores: Scores, catalog: Catalog) -> list[tuple]:
    return [(m.rank, m.employee_key, names.get(m.employee_id, ("", ""))[0], f"{m.fit:.1f}",
             "yes" if m.eligible else "no", hours_text(m.gap_hours),
             weeks_text(m.weeks_to_ready), readiness_cell(m, reason_of(scores, catalog, m)))
            for m in matches]


CANDIDATE_HEADERS = ("#", "id", "name", "fit", "eligible", "gap h", "weeks", "readiness")


def run(args: argparse.Namespace) -> int:
    with Workspace.open(args.workspace) as ws:
        bundle = score_workspace(ws)
        names = employee_names(ws)
    catalog, scores = bundle.catalog, bundle.scores
    role_id = resolve_role(catalog, args.role) if args.role else None
    employee_id = None
    if args.employee is not None:
        try:
            employee_id = scores.employee_id_of_key(args.employee.strip())
        except KeyError:
            raise InputRejected(f"no employee with id {args.employee!r} in "
                                f"{args.workspace}") from None
    if not len(scores.employee_ids) and not args.json:
        print("No employees yet: import a skills sheet first (reskill-planner import).")
        return 0

    if employee_id is not None and role_id is not None:
        why = explain(bundle.levels, catalog, employee_id, role_id, bundle.paths)
        if args.json:
            row = scores.row_of(employee_id)
            print_json({"employee_key": why.employee_key, "role_id": role_id,
                        "role_name": why.role_name, "fit": number(why.fit, 2),
                        "eligible": why.eligible, "gap_hours": number(why.gap_hours),
                        "gap_cost": number(why.gap_cost, 2), "readiness": why.readiness,
                        "why_not": why.why_not,
                        "weekly_hours": float(scores.weekly_hours[row]),
                        "weeks_to_ready": number(
                            scores.weeks_to_ready[row, scores.col_of(role_id)], 0),
                        "skills": [{
                            "skill_id": g.skill_id, "skill_name": g.skill_name,
                            "level": g.level, "unknown": g.unknown,
                            "effective_level": round(g.effective, 2), "via": g.via,
                            "via_factor": g.via_factor, "target": g.target,
                            "weight": g.weight, "must_min": g.must_min, "must_met": g.must_met,
                            "points_lost": round(g.points_lost, 2), "hours": number(g.hours),
                            "cost": number(g.cost, 2), "modules": list(g.modules),
                            "text": g.text} for g in why.skills]})
            return 0
        name = names.get(employee_id, ("", ""))[0]
        row = scores.row_of(employee_id)
        weeks = scores.weeks_to_ready[row, scores.col_of(role_id)]
        print(f"{why.employee_key} {name} → {why.role_name}: fit {why.fit:.1f}, "
              f"{'eligible' if why.eligible else 'not eligible'}, "
              f"{hours_text(why.gap_hours)} h to close the gaps "
              f"({why.gap_cost:,.0f} {catalog.currency}), {why.readiness}"
              + (f" ({why.why_not})" if why.why_not else "")
              + (f"; ready in {weeks:g} weeks at {scores.weekly_hours[row]:g} h a week"
                 if math.isfinite(weeks) else ""))
        for line in why.lines():
            print(f"  {line}")
        return 0

    if employee_id is not None:
        roles = best_roles(scores, employee_id, args.top)
        if args.json:
            print_json([match_json(m, names, reason_of(scores, catalog, m))
                        | {"role_name": catalog.roles[m.role_id].name} for m in roles])
            return 0
        print(f"Best roles for {args.employee} {names.get(employee_id, ('', ''))[0]}")
        print_table(("#", "role", "fit", "eligible", "gap h", "weeks", "readiness"),
                    [(m.rank, catalog.roles[m.role_id].name, f"{m.fit:.1f}",
                      "yes" if m.eligible else "no", hours_text(m.gap_hours),
                      weeks_text(m.weeks_to_ready),
                      readiness_cell(m, reason_of(scores, catalog, m))) for m in roles])
        return 0

    role_ids = [role_id] if role_id else list(scores.role_ids)
    if args.json:
        out = []
        for rid in role_ids:
            entry = {"role_id": rid, "role_name": catalog.roles[rid].name,
                     "candidates": [match_json(m, names, reason_of(scores, catalog, m))
                                    for m in top_candidates(scores, rid, args.top)]}
            if role_id:
                entry["blockers"] = [vars(b) for b in
                                     role_blockers(bundle.levels, catalog, rid, top=5)]
            out.append(entry)
        print_json(out[0] if role_id else out)
        return 0
    for i, rid in enumerate(role_ids):
        if i:
            sys.stdout.write("\n")
        print(f"{catalog.roles[rid].name} ({rid})")
        print_table(CANDIDATE_HEADERS, _candidate_rows(top_candidates(scores, rid, args.top),
                                                       names, scores, catalog))
    if role_id:
        print("\nWhat holds candidates back most often:")
        print_table(("skill", "target", "below target", "fail must-have", "not assessed",
                     "avg points lost"),
                    [(b.skill_name, b.target, f"{b.below_target:.0%}",
                      f"{b.failing_must:.0%}" if b.must_min is not None else "-",
                      f"{b.unknown:.0%}", f"{b.mean_points_lost:.1f}")
                     for b in role_blockers(bundle.levels, catalog, role_id, top=5)])
    return 0
