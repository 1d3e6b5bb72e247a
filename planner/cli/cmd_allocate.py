"""``reskill-planner allocate WORKSPACE --demand D.csv [--budget X] [--max-hours H] ...``.

Fills the demanded headcount per role with the best people (an assignment problem; exact
mixed-integer solve under a budget), only people ready by the ready-by date (default 18
months after the start), with the hours, cost and finish of the plans they lead to; saves
the result as a scenario, and checks the selection rates per group over the eligible pool
and the workforce (four-fifths rule).
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.arguments import iso_date, non_negative
from planner.cli.cmd_match import employee_names, hours_text, resolve_role, weeks_text
from planner.cli.cmd_plan import add_schedule_arguments
from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import InputRejected
from planner.matching import (
    DEFAULT_SCENARIO,
    HOURS_WEIGHT,
    REASONS,
    Constraints,
    Demand,
    score_workspace,
)
from planner.matching.allocation import DEFAULT_HORIZON_MONTHS
from planner.matching.fairness import headline_flags, headline_reports, ratio_text
from planner.matching.run import allocate_scenario
from planner.matching.workspace import weekly_hours_note
from planner.store import Workspace


def pin_rule(text: str) -> tuple[str, str]:
    employee, sep, role = text.rpartition("=")   # role ids never hold "="; ids may
    if not sep or not employee.strip() or not role.strip():
        raise argparse.ArgumentTypeError(f"expected EMPLOYEE=ROLE, got {text!r}")
    return employee.strip(), role.strip()


def exclude_rule(text: str) -> tuple[str, str | None]:
    employee, sep, role = text.partition("=")
    if not employee.strip() or (sep and not role.strip()):
        raise argparse.ArgumentTypeError(f"expected EMPLOYEE or EMPLOYEE=ROLE, got {text!r}")
    return employee.strip(), role.strip() or None


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "allocate", help="choose whom to reskill into which role for a demand",
        description="Fill the headcount per role given in a CSV file (role_id,headcount; role "
                    "names work too) with the best-fitting eligible people, at most one role "
                    "each, weighing fit against training hours, within an optional budget "
                    "and maximum hours per person. The result is saved as a scenario and "
                    "checked for selection-rate fairness (four-fifths rule).")
    parser.add_argument("workspace")
    parser.add_argument("--demand", required=True, metavar="D.csv",
                        help="CSV with role_id,headcount per line")
    parser.add_argument("--budget", type=non_negative, metavar="X",
                        help="total training cost of the chosen people must stay within X")
    parser.add_argument("--max-hours", type=non_negative, metavar="H",
                        help="nobody needing more than H training hours is chosen")
    parser.add_argument("--hours-weight", type=non_negative, default=HOURS_WEIGHT, metavar="W",
                        help=f"fit points one training hour costs (default {HOURS_WEIGHT})")
    parser.add_argument("--include-ineligible", action="store_true",
                        help="also choose people who miss a must-have minimum")
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO, metavar="NAME",
                        help=f"save the result under this name (default {DEFAULT_SCENARIO!r})")
    parser.add_argument("--pin", type=pin_rule, action="append", default=[],
                        metavar="EMP=ROLE", help="fix an employee to a role (repeatable)")
    parser.add_argument("--exclude", type=exclude_rule, action="append", default=[],
                        metavar="EMP[=ROLE]",
                        help="keep an employee out of a role, or out of every role "
                             "(repeatable)")
    parser.add_argument("--fairness-by", action="append", metavar="ATTR",
                        help="check selection rates by this attribute: site, department, "
                             "job_title or an imported column such as age_band (repeatable; "
                             "default: imported columns such as age band or gender, and site)")
    parser.add_argument("--ready-by", type=iso_date, metavar="YYYY-MM-DD",
                        help="only people whose plan ends by this date are chosen (default: "
                             f"{DEFAULT_HORIZON_MONTHS} months after the start)")
    add_schedule_arguments(parser)
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Workspace.open(args.workspace) as ws:
        scored = score_workspace(ws, hours_per_week=args.hours_per_week)
        catalog, scores = scored.catalog, scored.scores
        demand = Demand.from_csv(args.demand, catalog)

        def employee(key: str, option: str) -> int:
            try:
                return scores.employee_id_of_key(key)
            except KeyError:
                raise InputRejected(f"{option}: no employee with id {key!r} in "
                                    f"{args.workspace}") from None

        constraints = Constraints(max_hours_per_person=args.max_hours, budget=args.budget,
                                  hours_weight=args.hours_weight,
                                  eligible_only=not args.include_ineligible,
                                  start=args.start, ready_by=args.ready_by)
        if args.ready_by is not None and args.start is not None and args.ready_by <= args.start:
            raise InputRejected(f"--ready-by {args.ready_by} is not after --start {args.start}")
        for key, role in args.pin:
            constraints.pins[employee(key, "--pin")] = resolve_role(catalog, role)
        for key, role in args.exclude:
            eid = employee(key, "--exclude")
            if role is None:
                constraints.exclusions[eid] = None
            elif constraints.exclusions.get(eid, set()) is not None:
                constraints.exclusions.setdefault(eid, set()).add(resolve_role(catalog, role))
        run_ = allocate_scenario(
            ws, args.scenario, demand, constraints, attributes=args.fairness_by,
            hours_per_week=args.hours_per_week,
            max_wait_weeks=None if args.max_wait_weeks is None else int(args.max_wait_weeks),
            scored=scored)
        note, changes_nothing = weekly_hours_note(ws, args.hours_per_week)
        names = employee_names(ws)
    result = run_.result
    if changes_nothing:
        print(f"Warning: {note}", file=sys.stderr)

    if args.json:
        data = run_.to_json()
        data.pop("scenario_id", None)
        for role in data["roles"]:
            role["role_name"] = catalog.roles[role["role_id"]].name
            for person in role["chosen"] + role["runner_ups"]:
                person["name"] = names.get(person["employee_id"], ("", ""))[0]
        data |= {"scenario": {"id": run_.scenario_id, "name": args.scenario},
                 "currency": catalog.currency, "weekly_hours": note}
        print_json(data)
        return 0

    currency = catalog.currency
    ready_by = result.ready_by
    print(f"Ready by {ready_by.isoformat() if ready_by else 'any date'}"
          + ("" if args.ready_by or ready_by is None
             else f" (default: {DEFAULT_HORIZON_MONTHS} months after the start "
                  f"{result.start.isoformat()})")
          + f"; {note}.")
    for role_id, outcome in result.roles.items():
        filled = len(outcome.chosen)
        print(f"{catalog.roles[role_id].name} ({role_id}): {filled} of {outcome.headcount}")
        if outcome.chosen:
            print_table(("id", "name", "fit", "plan h", "weeks", "ready", f"cost {currency}",
                         "pinned"),
                        [(p.employee_key, names.get(p.employee_id, ("", ""))[0],
                          f"{p.fit:.1f}", hours_text(p.gap_hours), weeks_text(p.weeks_to_ready),
                          p.finish_date or "-", f"{p.cost:,.0f}", "yes" if p.pinned else "")
                         for p in outcome.chosen])
        if outcome.unfilled:
            print(f"  {outcome.unfilled} unfilled: {REASONS[outcome.reason or '']}")
        if outcome.runner_ups:
            print("  runner-ups: " + ", ".join(
                f"{p.employee_key} {names.get(p.employee_id, ('', ''))[0]} ({p.fit:.1f})"
                for p in outcome.runner_ups))
        sys.stdout.write("\n")
    totals = result.totals()
    print(f"Filled {totals['filled']} of {totals['demanded']} slots; mean fit "
          f"{totals['mean_fit']:.1f}; {result.total_hours:,.0f} training hours; cost "
          f"{result.total_cost:,.0f} {currency}"
          + (f" (budget {args.budget:,.0f})" if args.budget is not None else ""))
    print("Hours, cost and weeks are those of each person's plan (prerequisites and workshop "
          "alternatives included).")
    if result.solver == "milp":
        print("Within the budget: the best allocation possible (proven optimal)."
              if result.optimality_gap is None else
              f"Within the budget: within {result.optimality_gap:.2%} of the best possible "
              "(the exact solve stopped at its time limit).")
    for warning in result.warnings:
        print(f"Warning: {warning}")
    for line in run_.notes[1:]:   # the first is the weekly hours, printed at the top
        print(f"{line[0].upper()}{line[1:]}.")
    for report in run_.fairness:
        print(f"\nSelection rates {report.title} (flag below 0.80 of the highest rate):")
        print_table(("group", "people", "selected", "rate", "impact ratio", "flag"),
                    [(g.group, g.size, g.selected, f"{g.rate:.1%}", ratio_text(g.impact_ratio),
                      (f"below 0.80: {g.needed_to_clear} more "
                       f"{'selection clears' if g.needed_to_clear == 1 else 'selections clear'}"
                       " it" if g.needed_to_clear is not None else "below 0.80") if g.flagged
                      else ("small group" if g.small else ""))
                     for g in report.groups])
        if report.caveat:
            print(f"  Note: {report.caveat}.")
    if run_.fairness:
        checks = [r.to_json() for r in run_.fairness]
        flags = headline_flags(checks)
        print(f"\nFairness: {len(flags)} group{'' if len(flags) == 1 else 's'} flagged over "
              f"the {headline_reports(checks)[0]['pool']}"
              + (": " + ", ".join(f"{g} ({a})" for g, a in flags) if flags else "") + ".")
    print(f"\nSaved as scenario {args.scenario!r} in {args.workspace}.")
    return 0
