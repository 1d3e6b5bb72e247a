"""``reskill-planner catalog roles|skills|modules [--json]``: the shipped catalog."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from planner.catalog import CATEGORIES, FAMILIES, load_shipped_catalog
from planner.cli.output import add_json_flag, print_json, print_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("catalog", help="list the shipped roles, skills or modules",
                            description="List the catalog that ships with the app.")
    parser.add_argument("kind", choices=("roles", "skills", "modules"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_shipped_catalog()
    if args.kind == "roles":
        items = [asdict(r) | {"family_label": FAMILIES[r.family]} for r in catalog.roles.values()]
        if args.json:
            print_json(items)
        else:
            print_table(("id", "name", "family", "skills"),
                        [(r.id, r.name, r.family, len(r.requirements))
                         for r in catalog.roles.values()])
    elif args.kind == "skills":
        if args.json:
            print_json([asdict(s) | {"category_label": CATEGORIES[s.category]}
                        for s in catalog.skills.values()])
        else:
            print_table(("id", "name", "category"),
                        [(s.id, s.name, s.category) for s in catalog.skills.values()])
    else:
        if args.json:
            print_json([asdict(m) | {"currency": catalog.currency}
                        for m in catalog.modules.values()])
        else:
            print_table(("id", "title", "skill", "levels", "hours", "format", "cost"),
                        [(m.id, m.title, m.skill, f"{m.from_level}->{m.to_level}", m.hours,
                          m.format, f"{m.cost:.0f} {catalog.currency}")
                         for m in catalog.modules.values()])
    return 0
