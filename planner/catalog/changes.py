"""Edits of a catalog as pure functions: each takes a catalog and returns a changed copy.

Nothing here writes: ``planner.catalog.saving.edit_catalog`` applies one of these to a
workspace in one transaction and returns the catalog as it was, for undo. Every function
raises :class:`~planner.catalog.checks.CatalogEditError` when the result would be invalid
(unknown skill, level out of range, a must-have above its target, a prerequisite cycle…).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from planner.catalog.checks import CatalogEditError, currency_problem, refuse_problems
from planner.catalog.model import Catalog, Module, Requirement, Role

WORKSPACE = "workspace"  # origin of roles and modules the organisation added


def copy_catalog(catalog: Catalog) -> Catalog:
    """A copy that can be changed without touching ``catalog`` (items are immutable)."""
    return Catalog(
        dict(catalog.skills),
        dict(catalog.roles),
        dict(catalog.modules),
        catalog.currency,
        dict(catalog.sources),
    )


def new_id(name: str, taken: object, prefix: str = "") -> str:
    """A readable id from ``name`` (ASCII snake_case) that is not in ``taken``."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = prefix + (re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item")
    candidate, n = base, 2
    while candidate in taken:  # type: ignore[operator]
        candidate, n = f"{base}_{n}", n + 1
    return candidate


def _role(catalog: Catalog, role_id: str) -> Role:
    try:
        return catalog.roles[role_id]
    except KeyError:
        raise CatalogEditError(f"there is no role {role_id!r} in this catalog") from None


def _checked(catalog: Catalog) -> Catalog:
    refuse_problems(catalog)
    return catalog


# -- roles ----------------------------------------------------------------------------------


def add_role(
    catalog: Catalog,
    name: str,
    family: str,
    requirements: tuple[Requirement, ...],
    *,
    description: str = "",
    role_id: str | None = None,
) -> Catalog:
    """A new role of the organisation's own (no source phrase: the article does not name it)."""
    out = copy_catalog(catalog)
    rid = role_id or new_id(name, out.roles)
    if rid in out.roles:
        raise CatalogEditError(f"there is already a role with the id {rid!r}")
    out.roles[rid] = Role(
        rid, name.strip(), family, description, "", tuple(requirements), origin=WORKSPACE
    )
    return _checked(out)


def duplicate_role(catalog: Catalog, role_id: str, name: str) -> Catalog:
    """A copy of a role under a new name; the copy is the organisation's own role."""
    source = _role(catalog, role_id)
    return add_role(
        catalog, name, source.family, source.requirements, description=source.description
    )


def rename_role(catalog: Catalog, role_id: str, name: str) -> Catalog:
    """Give a role another name; its id, source phrase and origin stay."""
    out = copy_catalog(catalog)
    out.roles[role_id] = replace(_role(catalog, role_id), name=name.strip())
    return _checked(out)


def update_role(catalog: Catalog, role_id: str, **fields: object) -> Catalog:
    """Change a role's name, family or description (not its id or source phrase)."""
    unknown = set(fields) - {"name", "family", "description"}
    if unknown:
        raise CatalogEditError(f"a role's {', '.join(sorted(unknown))} cannot be edited")
    out = copy_catalog(catalog)
    out.roles[role_id] = replace(_role(catalog, role_id), **fields)  # type: ignore[arg-type]
    return _checked(out)


def delete_role(catalog: Catalog, role_id: str) -> Catalog:
    out = copy_catalog(catalog)
    _role(catalog, role_id)
    del out.roles[role_id]
    return out


# -- requirements ---------------------------------------------------------------------------


def set_requirement(
    catalog: Catalog,
    role_id: str,
    skill: str,
    *,
    target: int,
    weight: int = 2,
    must_min: int | None = None,
    gate: bool = False,
    replacing: str | None = None,
) -> Catalog:
    """Add or change the requirement of ``skill`` in a role.

    Args:
        replacing: the skill of the requirement being edited when the skill itself changes
            (the requirement keeps its place in the list).
    """
    role = _role(catalog, role_id)
    new = Requirement(
        skill, int(target), int(weight), None if must_min is None else int(must_min), bool(gate)
    )
    old_skill = replacing or skill
    reqs = list(role.requirements)
    index = next((i for i, r in enumerate(reqs) if r.skill == old_skill), None)
    if index is None:
        reqs.append(new)
    else:
        reqs[index] = new
    out = copy_catalog(catalog)
    out.roles[role_id] = replace(role, requirements=tuple(reqs))
    return _checked(out)


def remove_requirement(catalog: Catalog, role_id: str, skill: str) -> Catalog:
    role = _role(catalog, role_id)
    reqs = tuple(r for r in role.requirements if r.skill != skill)
    if len(reqs) == len(role.requirements):
        raise CatalogEditError(f"role {role.name} does not require {skill!r}")
    out = copy_catalog(catalog)
    out.roles[role_id] = replace(role, requirements=reqs)
    return _checked(out)


# -- modules --------------------------------------------------------------------------------


def put_module(catalog: Catalog, module: Module) -> Catalog:
    """Add a module, or replace the module with the same id (prerequisite cycles refused)."""
    out = copy_catalog(catalog)
    if module.id not in out.modules and module.origin != WORKSPACE:
        module = replace(module, origin=WORKSPACE)
    out.modules[module.id] = module
    return _checked(out)


def update_module(catalog: Catalog, module_id: str, **fields: object) -> Catalog:
    """Change fields of a module (title, skill, from_level, to_level, hours, format, cost,
    provider, description, prerequisites, requires)."""
    try:
        module = catalog.modules[module_id]
    except KeyError:
        raise CatalogEditError(f"there is no module {module_id!r} in this catalog") from None
    if "id" in fields or "origin" in fields:
        raise CatalogEditError("a module's id and origin cannot be edited")
    if "prerequisites" in fields:
        fields["prerequisites"] = tuple(fields["prerequisites"])  # type: ignore[arg-type]
    return put_module(catalog, replace(module, **fields))  # type: ignore[arg-type]


def delete_module(catalog: Catalog, module_id: str) -> Catalog:
    if module_id not in catalog.modules:
        raise CatalogEditError(f"there is no module {module_id!r} in this catalog")
    users = [m.title for m in catalog.modules.values() if module_id in m.prerequisites]
    if users:
        raise CatalogEditError(
            f"module {catalog.modules[module_id].title} is a prerequisite "
            f"of {', '.join(users)}; remove it there first"
        )
    out = copy_catalog(catalog)
    del out.modules[module_id]
    return out


# -- settings and the shipped catalog ------------------------------------------------------


def set_currency(catalog: Catalog, code: str) -> Catalog:
    code = code.strip().upper()
    problem = currency_problem(code)
    if problem:
        raise CatalogEditError(problem)
    out = copy_catalog(catalog)
    out.currency = code
    return out


def take_shipped(
    catalog: Catalog,
    shipped: Catalog,
    *,
    roles: tuple[str, ...] = (),
    modules: tuple[str, ...] = (),
) -> Catalog:
    """Put back the shipped version of roles and modules (re-adding deleted ones, and the
    skills and prerequisite modules they need)."""
    out = copy_catalog(catalog)
    for rid in roles:
        if rid not in shipped.roles:
            raise CatalogEditError(f"{rid!r} is not a role of the shipped catalog")
        out.roles[rid] = shipped.roles[rid]
    pending = list(modules)
    while pending:
        mid = pending.pop()
        if mid not in shipped.modules:
            raise CatalogEditError(f"{mid!r} is not a module of the shipped catalog")
        out.modules[mid] = shipped.modules[mid]
        pending += [p for p in shipped.modules[mid].prerequisites if p not in out.modules]
    needed = {q.skill for rid in roles for q in shipped.roles[rid].requirements}
    for mid in modules:
        needed |= {shipped.modules[mid].skill, *(r.skill for r in shipped.modules[mid].requires)}
    for skill in needed - out.skills.keys():
        out.skills[skill] = shipped.skills[skill]
    return _checked(out)
