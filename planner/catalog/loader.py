"""Read the catalog from TOML (the shipped one in ``resources/catalog``) and check it."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from planner.catalog.checks import prerequisite_walk
from planner.catalog.model import (
    CATEGORIES,
    FAMILIES,
    FORMATS,
    MAX_LEVEL,
    Adjacency,
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)
from planner.errors import CatalogError

CATALOG_FILES = ("skills.toml", "roles.toml", "modules.toml")


def _read_shipped(name: str) -> dict[str, Any]:
    try:
        text = resources.files("planner.resources").joinpath("catalog", name).read_text("utf-8")
        return tomllib.loads(text)
    except OSError as exc:
        raise CatalogError(f"the shipped catalog file {name} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"catalog file {name}: {exc}") from exc


@cache
def _shipped() -> Catalog:
    docs = {name: _read_shipped(name) for name in CATALOG_FILES}
    catalog = catalog_from_documents(docs["skills.toml"], docs["roles.toml"],
                                     docs["modules.toml"])
    validate(catalog)
    return catalog


def load_shipped_catalog() -> Catalog:
    """The catalog that ships with the app (parsed and checked once per process)."""
    return _shipped()


def catalog_from_documents(skills_doc: dict[str, Any], roles_doc: dict[str, Any],
                           modules_doc: dict[str, Any]) -> Catalog:
    """Build a Catalog from parsed TOML documents (see resources/catalog/*.toml)."""
    catalog = Catalog(currency=modules_doc.get("currency", "EUR"),
                      sources=dict(roles_doc.get("sources", {})))
    try:
        for entry in skills_doc.get("skill", []):
            skill = Skill(
                id=entry["id"], name=entry["name"], category=entry["category"],
                description=entry.get("description", ""),
                aliases=tuple(entry.get("aliases", ())),
                adjacent=tuple(Adjacency(a["skill"], float(a["factor"]))
                               for a in entry.get("adjacent", ())),
            )
            _add_unique(catalog.skills, skill, "skill")
        for entry in roles_doc.get("role", []):
            role = Role(
                id=entry["id"], name=entry["name"], family=entry["family"],
                description=entry.get("description", ""),
                source_phrase=entry["source_phrase"],
                evidence=tuple(entry.get("evidence", ())),
                requirements=tuple(
                    Requirement(skill=r["skill"], target=int(r["target"]),
                                weight=int(r["weight"]),
                                must_min=int(r["must"]) if r.get("must") is not None else None,
                                gate=bool(r.get("gate", False)))
                    for r in entry["requirements"]
                ),
            )
            _add_unique(catalog.roles, role, "role")
        for entry in modules_doc.get("module", []):
            module = Module(
                id=entry["id"], title=entry["title"], skill=entry["skill"],
                from_level=int(entry["from_level"]), to_level=int(entry["to_level"]),
                hours=float(entry["hours"]), format=entry["format"],
                cost=float(entry.get("cost", 0.0)), provider=entry.get("provider", ""),
                description=entry.get("description", ""),
                prerequisites=tuple(entry.get("prerequisites", ())),
                requires=tuple(SkillPrerequisite(r["skill"], int(r["level"]))
                               for r in entry.get("requires", ())),
            )
            _add_unique(catalog.modules, module, "module")
    except KeyError as exc:
        raise CatalogError(f"catalog entry lacks the field {exc}") from exc
    return catalog


def _add_unique(table: dict, item: Any, kind: str) -> None:
    if item.id in table:
        raise CatalogError(f"the {kind} id {item.id!r} appears twice in the catalog")
    table[item.id] = item


def validate(catalog: Catalog) -> None:
    """Raise CatalogError on unknown ids, bad values, prerequisite cycles or unreachable targets."""
    problems: list[str] = []
    for skill in catalog.skills.values():
        if skill.category not in CATEGORIES:
            problems.append(f"skill {skill.id}: unknown category {skill.category!r}")
        problems += [f"skill {skill.id}: adjacency to unknown skill {a.from_skill!r}"
                     for a in skill.adjacent if a.from_skill not in catalog.skills]
    for role in catalog.roles.values():
        if role.family not in FAMILIES:
            problems.append(f"role {role.id}: unknown family {role.family!r}")
        for req in role.requirements:
            if req.skill not in catalog.skills:
                problems.append(f"role {role.id}: unknown skill {req.skill!r}")
            if not 1 <= req.target <= MAX_LEVEL or not 1 <= req.weight <= 3:
                problems.append(f"role {role.id}: {req.skill} target/weight out of range")
            if req.must_min is not None and not 0 <= req.must_min <= req.target:
                problems.append(f"role {role.id}: {req.skill} must-have above target")
    for module in catalog.modules.values():
        if module.skill not in catalog.skills:
            problems.append(f"module {module.id}: unknown skill {module.skill!r}")
        if module.format not in FORMATS:
            problems.append(f"module {module.id}: unknown format {module.format!r}")
        if not 0 <= module.from_level < module.to_level <= MAX_LEVEL:
            problems.append(f"module {module.id}: levels {module.from_level}->{module.to_level}")
        if module.hours <= 0 or module.cost < 0:
            problems.append(f"module {module.id}: hours must be > 0 and cost >= 0")
        problems += [f"module {module.id}: unknown prerequisite module {p!r}"
                     for p in module.prerequisites if p not in catalog.modules]
        problems += [f"module {module.id}: prerequisite on unknown skill {r.skill!r}"
                     for r in module.requires if r.skill not in catalog.skills]
    if problems:
        raise CatalogError("the catalog has problems:\n  " + "\n  ".join(problems))
    module_order(catalog)
    unreachable = unreachable_requirements(catalog)
    if unreachable:
        raise CatalogError("no chain of modules reaches:\n  " + "\n  ".join(unreachable))


def module_order(catalog: Catalog) -> list[str]:
    """Module ids in an order where every prerequisite module comes first.

    Raises CatalogError naming the modules of a cycle.
    """
    order, cycle = prerequisite_walk(catalog)
    if cycle:
        raise CatalogError("training modules form a prerequisite cycle: " + " -> ".join(cycle))
    return order


def reachable_levels(catalog: Catalog, start: dict[str, int] | None = None) -> dict[str, int]:
    """Highest level of each skill that modules can lift anyone to, starting from level 0
    (or from the levels in ``start``).

    A module counts once its start level is reached and its skill-level and module
    prerequisites are attainable.
    """
    best = dict.fromkeys(catalog.skills, 0) | dict(start or {})
    usable: set[str] = set()
    changed = True
    while changed:
        changed = False
        for module in catalog.modules.values():
            if module.id in usable:
                continue
            if (best[module.skill] >= module.from_level
                    and all(best.get(r.skill, 0) >= r.level for r in module.requires)
                    and all(p in usable for p in module.prerequisites)):
                usable.add(module.id)
                changed = True
                best[module.skill] = max(best[module.skill], module.to_level)
    return best


def unreachable_requirements(catalog: Catalog) -> list[str]:
    """Role targets no module chain reaches for someone who meets the must-have.

    A credential gate is held, not trained: skipped. A must-have no module reaches from
    level 0 counts as a gate too (licensed practice: law, radiology); the target above it
    must still be reachable from the must-have.
    """
    cache: dict[tuple[str, int], dict[str, int]] = {}
    problems = []
    for role in catalog.roles.values():
        for req in role.requirements:
            if req.gate:
                continue
            key = (req.skill, req.must_min or 0)
            if key not in cache:
                cache[key] = reachable_levels(catalog, {req.skill: key[1]} if key[1] else None)
            best = cache[key].get(req.skill, 0)
            if best < req.target:
                problems.append(f"role {role.id}: {req.skill} level {req.target} (modules "
                                f"reach {best})")
    return problems
