"""Write an edited catalog into a workspace, in one transaction, and give back the old one.

:func:`edit_catalog` is the single way the app and the command line change a workspace's
catalog: it reads the catalog, applies a change (see ``changes.py``), checks it and writes
only what differs. The catalog it returns is the one before the edit; writing that back
with :func:`restore_catalog` is undo, and gives the exact previous catalog.

Roles and modules that saved scenarios or plans use, and skills that people are rated
in, are never deleted (that would drop or orphan their rows): the edit is refused and the
message names the scenarios.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from planner.catalog.checks import CatalogEditError, refuse_problems
from planner.catalog.model import Catalog
from planner.catalog.revision import catalog_hash, stamp_unrecorded

if TYPE_CHECKING:
    from planner.store.workspace import Workspace

log = logging.getLogger("planner.catalog")


def edit_catalog(ws: Workspace, change: Callable[[Catalog], Catalog]) -> Catalog:
    """Apply ``change`` to the workspace's catalog in one transaction; returns the old one.

    Raises:
        CatalogEditError: the change is invalid or would delete something still in use.
    """
    with ws.transaction():
        before = ws.catalog()
        after = change(before)
        write_catalog(ws, after, before)
    return before


def restore_catalog(ws: Workspace, catalog: Catalog) -> Catalog:
    """Make ``catalog`` the workspace's catalog again (undo); returns the one replaced."""
    return edit_catalog(ws, lambda _current: catalog)


def write_catalog(ws: Workspace, new: Catalog, old: Catalog | None = None) -> None:
    """Make the workspace's catalog equal ``new``, writing only the differences."""
    refuse_problems(new)
    with ws.transaction():
        old = old if old is not None else ws.catalog()
        if catalog_hash(old) != catalog_hash(new):
            stamp_unrecorded(ws, catalog_hash(old))
        _refuse_deleting_used(ws, old, new)
        _write_skills(ws, old, new)
        _write_roles(ws, old, new)
        _write_modules(ws, old, new)
        for rid in old.roles.keys() - new.roles.keys():
            ws.conn.execute("DELETE FROM roles WHERE id = ?", (rid,))
        for mid in old.modules.keys() - new.modules.keys():
            ws.conn.execute("DELETE FROM modules WHERE id = ?", (mid,))
        for sid in old.skills.keys() - new.skills.keys():
            ws.conn.execute("DELETE FROM skills WHERE id = ?", (sid,))
        if new.currency != old.currency:
            ws.set_setting("currency", new.currency)
    log.info("catalog of %s saved", ws.path.name)


def _refuse_deleting_used(ws: Workspace, old: Catalog, new: Catalog) -> None:
    problems: list[str] = []
    q = ws.conn.execute
    scenarios = [
        (name, json.loads(demand or "{}"))
        for name, demand in q("SELECT name, demand FROM scenarios")
    ]
    for rid in sorted(old.roles.keys() - new.roles.keys()):
        users = sorted(
            {n for n, demand in scenarios if rid in demand}
            | {
                r[0]
                for r in q(
                    "SELECT s.name FROM scenarios s WHERE EXISTS (SELECT 1 FROM "
                    "allocations a WHERE a.scenario_id = s.id AND a.role_id = ?) OR "
                    "EXISTS (SELECT 1 FROM plan_items p WHERE p.scenario_id = s.id "
                    "AND p.role_id = ?)",
                    (rid, rid),
                )
            }
        )
        if users:
            problems.append(
                f"role {old.roles[rid].name} is used by {_scenarios(users)}; it cannot be deleted"
            )
    for mid in sorted(old.modules.keys() - new.modules.keys()):
        users = sorted(
            r[0]
            for r in q(
                "SELECT s.name FROM scenarios s WHERE EXISTS (SELECT 1 FROM plan_items p WHERE "
                "p.scenario_id = s.id AND p.module_id = ?) OR EXISTS (SELECT 1 FROM cohorts c "
                "WHERE c.scenario_id = s.id AND c.module_id = ?)",
                (mid, mid),
            )
        )
        if users:
            problems.append(
                f"module {old.modules[mid].title} is in the plan of {_scenarios(users)}; "
                "it cannot be deleted"
            )
    gone = old.skills.keys() - new.skills.keys()
    if gone:
        rated = {r[0] for r in q("SELECT DISTINCT skill_id FROM ratings")}
        for (ids,) in q("SELECT DISTINCT skill_ids FROM rating_blocks"):
            rated.update(json.loads(ids))
        problems += [
            f"people are rated in the skill {old.skills[s].name}; it cannot be deleted"
            for s in sorted(gone & rated)
        ]
    if problems:
        raise CatalogEditError("; ".join(problems))


def _write_skills(ws: Workspace, old: Catalog, new: Catalog) -> None:
    for sid, skill in new.skills.items():
        if old.skills.get(sid) == skill:
            continue
        ws.conn.execute(
            "INSERT INTO skills (id, name, category, description, aliases, origin) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "category = excluded.category, description = excluded.description, "
            "aliases = excluded.aliases, origin = excluded.origin",
            (
                sid,
                skill.name,
                skill.category,
                skill.description,
                json.dumps(list(skill.aliases), ensure_ascii=False),
                skill.origin,
            ),
        )
    for sid, skill in new.skills.items():
        if old.skills.get(sid) is None or old.skills[sid].adjacent != skill.adjacent:
            ws.conn.execute("DELETE FROM skill_adjacency WHERE skill_id = ?", (sid,))
            ws.conn.executemany(
                "INSERT INTO skill_adjacency (skill_id, from_skill_id, factor) VALUES (?, ?, ?)",
                [(sid, a.from_skill, a.factor) for a in skill.adjacent],
            )


def _write_roles(ws: Workspace, old: Catalog, new: Catalog) -> None:
    for rid, role in new.roles.items():
        if old.roles.get(rid) == role:
            continue
        ws.conn.execute(
            "INSERT INTO roles (id, name, family, description, source_phrase, evidence, origin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "family = excluded.family, description = excluded.description, "
            "source_phrase = excluded.source_phrase, evidence = excluded.evidence, "
            "origin = excluded.origin",
            (
                rid,
                role.name,
                role.family,
                role.description,
                role.source_phrase,
                json.dumps(list(role.evidence)),
                role.origin,
            ),
        )
        ws.conn.execute("DELETE FROM role_requirements WHERE role_id = ?", (rid,))
        ws.conn.executemany(
            "INSERT INTO role_requirements (role_id, skill_id, target, weight, must_min, gate, "
            "position) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, q.skill, q.target, q.weight, q.must_min, int(q.gate), i)
                for i, q in enumerate(role.requirements)
            ],
        )


def _write_modules(ws: Workspace, old: Catalog, new: Catalog) -> None:
    changed = [m for mid, m in new.modules.items() if old.modules.get(mid) != m]
    for m in changed:
        ws.conn.execute(
            "INSERT INTO modules (id, title, skill_id, from_level, to_level, hours, format, "
            "cost, provider, description, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET title = excluded.title, skill_id = excluded.skill_id, "
            "from_level = excluded.from_level, to_level = excluded.to_level, "
            "hours = excluded.hours, format = excluded.format, cost = excluded.cost, "
            "provider = excluded.provider, description = excluded.description, "
            "origin = excluded.origin",
            (
                m.id,
                m.title,
                m.skill,
                m.from_level,
                m.to_level,
                m.hours,
                m.format,
                m.cost,
                m.provider,
                m.description,
                m.origin,
            ),
        )
    for m in changed:
        ws.conn.execute("DELETE FROM module_prerequisites WHERE module_id = ?", (m.id,))
        ws.conn.executemany(
            "INSERT INTO module_prerequisites (module_id, prereq_module_id, skill_id, "
            "min_level) VALUES (?, ?, ?, ?)",
            [(m.id, p, None, None) for p in m.prerequisites]
            + [(m.id, None, r.skill, r.level) for r in m.requires],
        )
    # prerequisites pointing at modules about to be deleted (their owners changed above)
    for mid in old.modules.keys() - new.modules.keys():
        ws.conn.execute("DELETE FROM module_prerequisites WHERE module_id = ?", (mid,))


def _scenarios(names: list[str]) -> str:
    """'the scenario 'A'' or 'the scenarios 'A', 'B''."""
    quoted = ", ".join(repr(n) for n in names)
    return f"the scenario {quoted}" if len(names) == 1 else f"the scenarios {quoted}"
