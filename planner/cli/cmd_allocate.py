"""``reskill-planner allocate WORKSPACE --demand D.csv [--budget X] [--max-hours H] ...``.

Fills the demanded headcount per role with the best people (an assignment problem), saves
the result as a scenario, and checks the selection rates per group (four-fifths rule).
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.arguments import non_negative
from planner.cli.cmd_match import employee_names, hours_text, resolve_role
from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import InputRejected
from planner.matching import (
    DEFAULT_SCENARIO,
    HOURS_WEIGHT,
    REASONS,
    Constraints,
    Demand,
    allocate,
    fairness,
    save_scenario,
    score_workspace,
)
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
                        help="check selection rates by this attribute: department, site, "
                             "job_title or an imported column such as age_band (repeatable; "
                             "default department)")
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with Workspace.open(args.workspace) as ws:
        bundle = score_workspace(ws)
        catalog, scores = bundle.catalog, bundle.scores
        demand = Demand.from_csv(args.demand, catalog)

        def employee(key: str, option: str) -> int:
            try:
                return scores.employee_id_of_key(key)
            except KeyError:
                raise InputRejected(f"{option}: no employee with id {key!r} in "
                                    f"{args.workspace}") from None

        constraints = Constraints(max_hours_per_person=args.max_hours, budget=args.budget,
                                  hours_weight=args.hours_weight,
                                  eligible_only=not args.include_ineligible)
        for key, role in args.pin:
            constraints.pins[employee(key, "--pin")] = resolve_role(catalog, role)
        for key, role in args.exclude:
            eid = employee(key, "--exclude")
            if role is None:
                constraints.exclusions[eid] = None
            elif constraints.exclusions.get(eid, set()) is not None:
                constraints.exclusions.setdefault(eid, set()).add(resolve_role(catalog, role))
        result = allocate(scores, demand, constraints)
        selected = [p.employee_id for p in result.placements]
        reports = [fairness(ws, selected, attr) for attr in args.fairness_by or ["department"]]
        scenario_id = save_scenario(ws, args.scenario, demand, constraints, result)
        names = employee_names(ws)

    if args.json:
        data = result.to_json()
        for role in data["roles"]:
            role["role_name"] = catalog.roles[role["role_id"]].name
            for person in role["chosen"] + role["runner_ups"]:
                person["name"] = names.get(person["employee_id"], ("", ""))[0]
        data |= {"scenario": {"id": scenario_id, "name": args.scenario},
                 "currency": catalog.currency,
                 "fairness": [r.to_json() for r in reports]}
        print_json(data)
        return 0

    currency = catalog.currency
    for role_id, outcome in result.roles.items():
        filled = len(outcome.chosen)
        print(f"{catalog.roles[role_id].name} ({role_id}): {filled} of {outcome.headcount}")
        if outcome.chosen:
            print_table(("id", "name", "fit", "gap h", f"cost {currency}", "pinned"),
                        [(p.employee_key, names.get(p.employee_id, ("", ""))[0],
                          f"{p.fit:.1f}", hours_text(p.gap_hours), f"{p.cost:,.0f}",
                          "yes" if p.pinned else "")
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
    for warning in result.warnings:
        print(f"Warning: {warning}")
    for report in reports:
        print(f"\nSelection rates by {report.attribute} (flag below 4/5 of the highest rate):")
        print_table(("group", "people", "selected", "rate", "impact ratio", "flag"),
                    [(g.group, g.size, g.selected, f"{g.rate:.1%}",
                      "-" if g.impact_ratio is None else f"{g.impact_ratio:.2f}",
                      "below 4/5" if g.flagged else ("small group" if g.small else ""))
                     for g in report.groups])
    print(f"\nSaved as scenario {args.scenario!r} in {args.workspace}.")
    return 0
