"""``reskill-planner plan WORKSPACE``: training plans and workshop cohorts for a scenario.

Also ``--progress`` (levels now vs at plan time), ``--compare A B`` (scenarios side by
side) and ``--apply-updates plans.xlsx [--yes]`` (statuses edited offline).
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.arguments import iso_date, non_negative, positive_float, positive_int
from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import PlannerError
from planner.matching.workspace import default_weekly_hours, weekly_hours_note
from planner.planning import (
    NoScenario,
    apply_plan_updates,
    compare_scenarios,
    diff_plan_updates,
    plan_scenario,
    progress_report,
    read_plan_workbook,
    resolve_scenario,
)
from planner.store import Workspace
from planner.wording import counted


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "plan",
        help="plan training and workshop cohorts for an allocation",
        description="Plan learning paths (modules in prerequisite order, scheduled in weeks "
        "within each person's training hours) and workshop cohorts per site for "
        "a scenario's allocation, and save them in the workspace. Statuses of "
        "items still in the plan are kept.",
    )
    parser.add_argument("workspace")
    parser.add_argument("--scenario", help="scenario name (default: the latest one)")
    add_schedule_arguments(parser)
    parser.add_argument(
        "--min-cohort",
        type=positive_int,
        metavar="N",
        help="smallest workshop cohort (default from the settings: 4)",
    )
    parser.add_argument(
        "--max-cohort",
        type=positive_int,
        metavar="N",
        help="largest workshop cohort (default from the settings: 16)",
    )
    parser.add_argument(
        "--blocked-week",
        type=iso_date,
        action="append",
        metavar="YYYY-MM-DD",
        help="a day in a week without training (holidays); repeatable",
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--compare",
        nargs="+",
        metavar="NAME",
        help="compare scenarios side by side instead of planning",
    )
    actions.add_argument(
        "--progress",
        action="store_true",
        help="show progress against the saved plan instead of planning",
    )
    actions.add_argument(
        "--apply-updates",
        metavar="FILE",
        help="read an edited plans workbook and apply its status changes",
    )
    parser.add_argument(
        "--yes", action="store_true", help="with --apply-updates: apply without asking"
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def add_schedule_arguments(parser: argparse.ArgumentParser) -> None:
    """--start, --hours-per-week and --max-wait-weeks, shared by plan and allocate (the
    allocation is planned with the same settings, so both report the same numbers)."""
    parser.add_argument(
        "--start",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="first training week (default: the scenario's last start, else next Monday)",
    )
    parser.add_argument(
        "--hours-per-week",
        type=positive_float,
        metavar="H",
        help="training hours per week for people without their own value "
        "(default: the scenario's, else the workspace setting)",
    )
    parser.add_argument(
        "--max-wait-weeks",
        type=non_negative,
        metavar="N",
        help="longest wait for a workshop cohort; past it the self-paced or "
        "course alternative, else the workshop alone (default 4, or the "
        "workspace setting max_wait_weeks)",
    )


def run(args: argparse.Namespace) -> int:
    if args.yes and not args.apply_updates:
        raise SystemExit("reskill-planner plan: error: --yes goes with --apply-updates")
    with Workspace.open(args.workspace) as ws:
        if args.compare:
            return _compare(ws, args)
        if args.progress:
            return _progress(ws, args)
        if args.apply_updates:
            return _apply(ws, args)
        try:
            return _plan(ws, args)
        except NoScenario as exc:
            if ws.conn.execute("SELECT count(*) FROM scenarios").fetchone()[0]:
                raise
            # the core's message suits the app too; the command line adds its command
            raise NoScenario(
                f"{exc} Run `reskill-planner allocate WORKSPACE --demand DEMAND.csv` first."
            ) from None


def _plan(ws: Workspace, args: argparse.Namespace) -> int:
    plan_set = plan_scenario(
        ws,
        args.scenario,
        start=args.start,
        hours_per_week=args.hours_per_week,
        min_cohort=args.min_cohort,
        max_cohort=args.max_cohort,
        blocked_weeks=args.blocked_week,
        max_wait_weeks=None if args.max_wait_weeks is None else int(args.max_wait_weeks),
    )
    note, changes_nothing = weekly_hours_note(ws, args.hours_per_week)
    if args.hours_per_week is None:
        note = note.replace(
            f"workspace default {default_weekly_hours(ws):g} h",
            f"scenario's {plan_set.settings.hours_per_week:g} h",
        )
    if changes_nothing:
        print(f"Warning: {note}", file=sys.stderr)
    if args.json:
        print_json(plan_set.to_json() | {"weekly_hours": note})
        return 0
    total = plan_set.totals()
    catalog = ws.catalog()
    currency = catalog.currency
    print(
        f"Scenario {plan_set.scenario}: {counted(total.people, 'person', 'people')}, "
        f"{counted(total.modules, 'module', 'modules')}, "
        f"{total.hours:,g} h, cost {total.cost:,.2f} {currency}, finish "
        f"{total.finish_date.isoformat() if total.finish_date else '-'}"
    )
    print(f"{note[0].upper()}{note[1:]}.")
    for line in plan_set.notes:
        print(f"{line[0].upper()}{line[1:]}.")
    horizon = plan_set.settings.horizon
    late = plan_set.past_horizon
    if horizon is not None:
        print(
            f"Ready-by date {horizon.isoformat()}: "
            + (
                f"{len(late)} {'plan finishes' if len(late) == 1 else 'plans finish'} "
                "later: "
                + ", ".join(
                    f"{p.person.employee_key} {p.person.name} ({p.role_id}, "
                    f"{p.finish_date.isoformat()})".replace("  ", " ")
                    for p in late
                )
                if late
                else "every plan finishes by then."
            )
        )
    idle = [p for p in plan_set.plans if p.idle_weeks]
    wait = plan_set.settings.max_wait_weeks
    if idle:
        print(
            f"Waiting for workshop cohorts (at most {wait} weeks each): "
            + ", ".join(f"{p.person.employee_key} {p.idle_weeks} wk" for p in idle)
        )
    released = [p for p in plan_set.plans if p.released_items]
    if released:
        print(
            f"{counted(len(released), 'person is', 'people are')} released from work for a "
            "workshop longer than their weekly training hours (self-study never exceeds "
            "them)."
        )
    print()
    print_table(
        ("role", "people", "modules", "hours", f"cost {currency}", "finish"),
        [
            (
                catalog.roles[role].name if role in catalog.roles else role,
                t.people,
                t.modules,
                f"{t.hours:,g}",
                f"{t.cost:,.2f}",
                t.finish_date,
            )
            for role, t in plan_set.totals_by("role").items()
        ],
    )
    if plan_set.cohorts:
        print()
        print_table(
            ("cohort", "session", "size"),
            [(c.label, c.session_date, len(c.members)) for c in plan_set.cohorts],
        )
    waiting = plan_set.needs_cohort
    if waiting:
        print(
            f"\n{counted(len(waiting), 'workshop place needs', 'workshop places need')} a "
            "cohort (too few people at the site and no self-paced alternative); planned "
            "alone and flagged."
        )
    unmet = sum(len(p.unmet) for p in plan_set.plans)
    if unmet:
        print(
            f"{counted(unmet, 'skill target has', 'skill targets have')} no module chain in "
            "the catalog."
        )
    if plan_set.over_budget:
        print(
            f"\nThe plan costs {plan_set.over_budget:,.2f} {currency} more than the "
            f"scenario's budget of {plan_set.budget:,.2f} {currency} (prerequisite "
            "modules the allocation did not count); re-run allocate with a lower --budget "
            "to make room."
        )
    return 0


def _progress(ws: Workspace, args: argparse.Namespace) -> int:
    rows = progress_report(ws, args.scenario)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        ("id", "name", "role", "items", "done", "due", "verdict"),
        [
            (
                r["employee_key"],
                r["name"],
                r["role"],
                r["items"],
                r["achieved"],
                r["due"],
                r["verdict"],
            )
            for r in rows
        ],
    )
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in ("done", "on_track", "behind")}
    print(", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items()))
    return 0


def _compare(ws: Workspace, args: argparse.Namespace) -> int:
    rows = compare_scenarios(ws, args.compare)
    if args.json:
        print_json(rows)
        return 0
    print_table(
        ("scenario", "people", "roles filled", "hours", "cost", "finish", "cohorts"),
        [
            (
                r["scenario"],
                r["people_moved"],
                f"{r['roles_filled']}/{r['roles_demanded']}",
                f"{r['hours']:g}",
                f"{r['cost']:,.2f}",
                r["finish_date"] or ("-" if r["planned"] else "not planned"),
                r["cohorts"],
            )
            for r in rows
        ],
    )
    return 0


def _apply(ws: Workspace, args: argparse.Namespace) -> int:
    _sid, name = resolve_scenario(ws, args.scenario)
    changes = diff_plan_updates(ws, read_plan_workbook(args.apply_updates), name)
    errors = [c for c in changes if c.error]
    if args.json:
        print_json(
            {
                "scenario": name,
                "changes": [c.__dict__ for c in changes if not c.error],
                "errors": [c.describe() for c in errors],
            }
        )
    else:
        for change in changes:
            print(change.describe())
    if errors:
        raise PlannerError(
            f"{len(errors)} rows of {args.apply_updates} have errors; nothing was applied"
        )
    if not changes:
        if not args.json:
            print("Nothing to change.")
        return 0
    if not args.yes:
        if not sys.stdin.isatty():
            print(
                f"{len(changes)} changes not applied: run again with --yes to apply them.",
                file=sys.stderr,
            )
            return 1
        answer = input(f"Apply {len(changes)} changes to scenario {name}? [y/N] ")
        if answer.strip().casefold() not in {"y", "yes"}:
            print("Nothing was changed.")
            return 1
    count = apply_plan_updates(ws, changes)
    if not args.json:
        print(f"Updated {count} plan items of scenario {name}.")
    return 0
