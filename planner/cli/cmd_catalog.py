"""``reskill-planner catalog``: list the shipped or a workspace's catalog; export it to a
workbook, import an edited copy, take shipped roles/modules back, set the currency."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from planner.catalog import CATEGORIES, FAMILIES, Catalog, load_shipped_catalog
from planner.cli.output import add_json_flag, print_json, print_table
from planner.errors import InputRejected
from planner.wording import counted

KINDS = ("roles", "skills", "modules")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "catalog",
        help="list, export, import or reset the catalog (roles, skills, modules)",
        description="Without a workspace: list the catalog that ships with the app "
        "(catalog roles|skills|modules). With a workspace: list its own catalog "
        "(catalog WS roles), say how it differs from the shipped one and which "
        "scenarios were made under an older catalog (catalog WS), write it as a "
        "workbook to edit in Excel (--export), read an edited workbook back "
        "(--import, with --dry-run to only show the differences), take the "
        "shipped version of a role or module back (--reset-role, --reset-module) "
        "or set the currency of prices (--currency).",
    )
    parser.add_argument(
        "target",
        metavar="WS|roles|skills|modules",
        type=_target,
        help="a workspace file, or roles/skills/modules for the shipped list",
    )
    parser.add_argument(
        "kind", nargs="?", choices=KINDS, help="with a workspace: list its roles, skills or modules"
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--export",
        metavar="FILE.xlsx",
        help="write the workspace's catalog as an editable workbook",
    )
    actions.add_argument(
        "--import",
        dest="import_",
        metavar="FILE.xlsx",
        help="read an edited catalog workbook, show the differences and "
        "apply them in one transaction",
    )
    actions.add_argument(
        "--reset-role",
        action="append",
        metavar="ROLE_ID",
        help="take the shipped version of this role back (repeatable)",
    )
    actions.add_argument(
        "--reset-module",
        action="append",
        metavar="MODULE_ID",
        help="take the shipped version of this module back (repeatable)",
    )
    actions.add_argument(
        "--currency", metavar="CODE", help="the currency of module prices, e.g. EUR, CHF, USD"
    )
    actions.add_argument(
        "--rerun",
        metavar="SCENARIO",
        help="allocate (and plan, if it had a plan) a scenario again with the current catalog",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="with --import: only show the differences, write nothing",
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.target in KINDS and args.kind is None and not Path(args.target).exists():
        if _has_action(args):
            raise InputRejected(
                "--export, --import, --reset-*, --currency and --rerun need a "
                "workspace: reskill-planner catalog WS --export FILE.xlsx"
            )
        _list(load_shipped_catalog(), args.target, args.json)
        return 0
    if args.dry_run and not args.import_:
        raise InputRejected("--dry-run goes with --import")
    from planner.store.workspace import Workspace

    with Workspace.open(args.target) as ws:
        if args.kind is not None:
            _list(ws.catalog(), args.kind, args.json)
            return 0
        if args.export:
            from planner.catalog.workbook import export_catalog

            path = export_catalog(ws.catalog(), args.export)
            print(f"Catalog of {ws.path.name} written to {path}.")
            return 0
        if args.rerun:
            from planner.catalog.revision import rerun_scenario

            done = rerun_scenario(ws, args.rerun)
            print(
                f"Scenario {args.rerun!r}: {' and '.join(done)} made again with the current "
                "catalog."
            )
            return 0
        if args.import_:
            return _import(ws, args)
        if args.reset_role or args.reset_module or args.currency:
            return _edit(ws, args)
        _status(ws, args.json)
    return 0


def _target(text: str) -> str:
    if text in KINDS or Path(text).is_file():
        return text
    raise argparse.ArgumentTypeError(
        f"{text!r} is neither roles, skills or modules nor a workspace file"
    )


def _has_action(args: argparse.Namespace) -> bool:
    return any(
        (
            args.export,
            args.import_,
            args.reset_role,
            args.reset_module,
            args.currency,
            args.rerun,
            args.dry_run,
        )
    )


def _import(ws, args: argparse.Namespace) -> int:
    from planner.catalog.differences import differences
    from planner.catalog.saving import write_catalog
    from planner.catalog.workbook import read_catalog_workbook

    current = ws.catalog()
    edited = read_catalog_workbook(args.import_, current)
    changes = differences(current, edited)
    if args.json:
        print_json(
            {
                "differences": [asdict(d) for d in changes],
                "applied": not args.dry_run and bool(changes),
            }
        )
    else:
        for line in changes:
            print(f"  {line}")
        print(counted(len(changes), "difference", "differences") if changes else "No differences.")
    if args.dry_run or not changes:
        if args.dry_run and not args.json:
            print("Dry run: nothing was written.")
        return 0
    ws.backup("before-catalog-import")
    write_catalog(ws, edited, current)
    if not args.json:
        print(f"Applied to {ws.path.name}.")
        _print_stale(ws)
    return 0


def _edit(ws, args: argparse.Namespace) -> int:
    from planner.catalog import changes
    from planner.catalog.differences import differences
    from planner.catalog.saving import edit_catalog

    if args.currency:
        before = edit_catalog(ws, lambda c: changes.set_currency(c, args.currency))
    else:
        shipped = load_shipped_catalog()
        before = edit_catalog(
            ws,
            lambda c: changes.take_shipped(
                c,
                shipped,
                roles=tuple(args.reset_role or ()),
                modules=tuple(args.reset_module or ()),
            ),
        )
    for line in differences(before, ws.catalog()):
        print(f"  {line}")
    print(f"Saved in {ws.path.name}.")
    _print_stale(ws)
    return 0


def _status(ws, as_json: bool) -> None:
    from planner.catalog.differences import differences
    from planner.catalog.revision import stale_scenarios

    catalog = ws.catalog()
    changed = differences(load_shipped_catalog(), catalog)
    stale = stale_scenarios(ws)
    if as_json:
        print_json(
            {
                "currency": catalog.currency,
                "roles": len(catalog.roles),
                "skills": len(catalog.skills),
                "modules": len(catalog.modules),
                "differences_from_shipped": [asdict(d) for d in changed],
                "stale_scenarios": [asdict(s) for s in stale],
            }
        )
        return
    print(
        f"{ws.path.name}: {len(catalog.roles)} roles, {len(catalog.skills)} skills, "
        f"{len(catalog.modules)} modules; prices in {catalog.currency}."
    )
    if changed:
        print("Differences from the shipped catalog:")
        for line in changed:
            print(f"  {line}")
    else:
        print("Same as the shipped catalog.")
    _print_stale(ws, stale)


def _print_stale(ws, stale=None) -> None:
    from planner.catalog.revision import stale_scenarios

    for item in stale if stale is not None else stale_scenarios(ws):
        print(
            f"Note: {item}; re-run it with: reskill-planner catalog {ws.path} --rerun {item.name!r}"
        )


def _list(catalog: Catalog, kind: str, as_json: bool) -> None:
    if kind == "roles":
        if as_json:
            print_json(
                [
                    asdict(r) | {"family_label": FAMILIES.get(r.family, r.family)}
                    for r in catalog.roles.values()
                ]
            )
        else:
            print_table(
                ("id", "name", "family", "skills", "origin"),
                [
                    (r.id, r.name, r.family, len(r.requirements), r.origin)
                    for r in catalog.roles.values()
                ],
            )
    elif kind == "skills":
        if as_json:
            print_json(
                [
                    asdict(s) | {"category_label": CATEGORIES.get(s.category, s.category)}
                    for s in catalog.skills.values()
                ]
            )
        else:
            print_table(
                ("id", "name", "category"),
                [(s.id, s.name, s.category) for s in catalog.skills.values()],
            )
    elif as_json:
        print_json([asdict(m) | {"currency": catalog.currency} for m in catalog.modules.values()])
    else:
        print_table(
            ("id", "title", "skill", "levels", "hours", "format", f"cost {catalog.currency}"),
            [
                (
                    m.id,
                    m.title,
                    m.skill,
                    f"{m.from_level}->{m.to_level}",
                    f"{m.hours:g}",
                    m.format,
                    f"{m.cost:,.0f}",
                )
                for m in catalog.modules.values()
            ],
        )
