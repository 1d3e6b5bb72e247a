"""Check an edited catalog: every problem names the item and the field it is about.

The shipped catalog is checked by ``loader.validate``; a workspace's own catalog is checked
here before any edit is written, so the GUI, the command line and the workbook import
refuse the same things with the same words. A workbook import turns each problem's
``(kind, key, field)`` into a sheet, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog.model import CATEGORIES, FAMILIES, FORMATS, MAX_LEVEL, Catalog
from planner.errors import CatalogError


@dataclass(frozen=True)
class Problem:
    kind: str  # skill | role | requirement | module | setting
    key: tuple[str, ...]  # (skill id) | (role id) | (role id, skill id) | (module id)
    field: str  # the field (column) at fault
    message: str

    def __str__(self) -> str:
        return self.message


class CatalogEditError(CatalogError):
    """An edit of the catalog was refused; ``problems`` say what and where."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


def currency_problem(code: str) -> str | None:
    """Why ``code`` is not a currency code (three letters such as EUR, CHF), or None."""
    if len(code) == 3 and code.isascii() and code.isalpha() and code.isupper():
        return None
    return f"the currency {code!r} is not a three-letter code such as EUR, USD or CHF"


def check_catalog(catalog: Catalog) -> list[Problem]:
    """Every problem of ``catalog`` (an empty list when it can be saved)."""
    problems: list[Problem] = []
    add = problems.append
    for sid, skill in catalog.skills.items():
        if not sid.strip():
            add(Problem("skill", (sid,), "id", "a skill has no id"))
        if not skill.name.strip():
            add(Problem("skill", (sid,), "name", f"skill {sid} has no name"))
        if skill.category not in CATEGORIES:
            add(
                Problem(
                    "skill",
                    (sid,),
                    "category",
                    f"skill {sid}: unknown category {skill.category!r} (one of "
                    f"{', '.join(CATEGORIES)})",
                )
            )
    names: dict[str, str] = {}
    for rid, role in catalog.roles.items():
        if not rid.strip():
            add(Problem("role", (rid,), "id", "a role has no id"))
        if not role.name.strip():
            add(Problem("role", (rid,), "name", f"role {rid} has no name"))
        elif role.name.strip().casefold() in names:
            add(
                Problem(
                    "role",
                    (rid,),
                    "name",
                    f"role {rid}: the name {role.name!r} is "
                    f"already used by role {names[role.name.strip().casefold()]}",
                )
            )
        else:
            names[role.name.strip().casefold()] = rid
        if role.family not in FAMILIES:
            add(
                Problem(
                    "role",
                    (rid,),
                    "family",
                    f"role {role.name or rid}: unknown family "
                    f"{role.family!r} (one of {', '.join(FAMILIES)})",
                )
            )
        if not role.requirements:
            add(
                Problem(
                    "role",
                    (rid,),
                    "requirements",
                    f"role {role.name or rid} requires no skill; give it at least one",
                )
            )
        seen: set[str] = set()
        for req in role.requirements:
            problems += _requirement_problems(catalog, rid, req, seen)
    for mid, module in catalog.modules.items():
        problems += _module_problems(catalog, mid, module)
    if not any(p.kind == "module" and p.field == "prerequisites" for p in problems):
        cycle = prerequisite_cycle(catalog)
        if cycle:
            titles = " → ".join(f"{catalog.modules[m].title} ({m})" for m in cycle)
            add(
                Problem(
                    "module",
                    (cycle[0],),
                    "prerequisites",
                    f"these modules would be prerequisites of each other: {titles}",
                )
            )
    return problems


def _requirement_problems(catalog: Catalog, rid: str, req, seen: set[str]) -> list[Problem]:
    key = (rid, req.skill)
    name = catalog.roles[rid].name or rid
    out: list[Problem] = []
    if req.skill not in catalog.skills:
        out.append(
            Problem("requirement", key, "skill", f"role {name}: unknown skill {req.skill!r}")
        )
    elif req.skill in seen:
        out.append(
            Problem(
                "requirement", key, "skill", f"role {name}: the skill {req.skill} is required twice"
            )
        )
    seen.add(req.skill)
    if not 1 <= req.target <= MAX_LEVEL:
        out.append(
            Problem(
                "requirement",
                key,
                "target",
                f"role {name}, {req.skill}: target "
                f"level {req.target} is out of range (1–{MAX_LEVEL})",
            )
        )
    if not 1 <= req.weight <= 3:
        out.append(
            Problem(
                "requirement",
                key,
                "weight",
                f"role {name}, {req.skill}: weight {req.weight} is out of range (1–3)",
            )
        )
    if req.must_min is not None:
        if not 0 <= req.must_min <= MAX_LEVEL:
            out.append(
                Problem(
                    "requirement",
                    key,
                    "must_min",
                    f"role {name}, {req.skill}: "
                    f"must-have level {req.must_min} is out of range "
                    f"(0–{MAX_LEVEL})",
                )
            )
        elif req.must_min > req.target:
            out.append(
                Problem(
                    "requirement",
                    key,
                    "must_min",
                    f"role {name}, {req.skill}: "
                    f"the must-have level {req.must_min} is above the target "
                    f"{req.target}",
                )
            )
    return out


def _module_problems(catalog: Catalog, mid: str, module) -> list[Problem]:
    key = (mid,)
    label = f"module {module.title or mid} ({mid})"
    out: list[Problem] = []
    if not mid.strip():
        out.append(Problem("module", key, "id", "a module has no id"))
    if not module.title.strip():
        out.append(Problem("module", key, "title", f"module {mid} has no title"))
    if module.skill not in catalog.skills:
        out.append(Problem("module", key, "skill", f"{label}: unknown skill {module.skill!r}"))
    if module.format not in FORMATS:
        out.append(
            Problem(
                "module",
                key,
                "format",
                f"{label}: unknown format {module.format!r} (one of {', '.join(FORMATS)})",
            )
        )
    if not 0 <= module.from_level < MAX_LEVEL:
        out.append(
            Problem(
                "module",
                key,
                "from_level",
                f"{label}: the start level {module.from_level} is out of range (0–{MAX_LEVEL - 1})",
            )
        )
    if not 1 <= module.to_level <= MAX_LEVEL:
        out.append(
            Problem(
                "module",
                key,
                "to_level",
                f"{label}: the level reached {module.to_level} is out of range (1–{MAX_LEVEL})",
            )
        )
    elif module.to_level <= module.from_level:
        out.append(
            Problem(
                "module",
                key,
                "to_level",
                f"{label}: the level reached "
                f"{module.to_level} is not above the start level "
                f"{module.from_level}",
            )
        )
    if not module.hours > 0:
        out.append(Problem("module", key, "hours", f"{label}: hours must be more than 0"))
    if not module.cost >= 0:
        out.append(Problem("module", key, "cost", f"{label}: the cost cannot be negative"))
    for p in module.prerequisites:
        if p == mid:
            out.append(
                Problem("module", key, "prerequisites", f"{label} cannot be its own prerequisite")
            )
        elif p not in catalog.modules:
            out.append(
                Problem(
                    "module", key, "prerequisites", f"{label}: unknown prerequisite module {p!r}"
                )
            )
    for r in module.requires:
        if r.skill not in catalog.skills:
            out.append(
                Problem("module", key, "requires", f"{label}: requires unknown skill {r.skill!r}")
            )
        elif not 1 <= r.level <= MAX_LEVEL:
            out.append(
                Problem(
                    "module",
                    key,
                    "requires",
                    f"{label}: requires {r.skill} at level {r.level}, out of range (1–{MAX_LEVEL})",
                )
            )
    return out


def prerequisite_cycle(catalog: Catalog) -> list[str]:
    """Module ids of one prerequisite cycle (first id repeated at the end), or []."""
    return prerequisite_walk(catalog)[1]


def prerequisite_walk(catalog: Catalog) -> tuple[list[str], list[str]]:
    """(module ids with every prerequisite first, the first cycle found or [])."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    order: list[str] = []
    for start in sorted(catalog.modules):
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            prereqs = [p for p in catalog.modules[node].prerequisites if p in catalog.modules]
            if index < len(prereqs):
                stack.append((node, index + 1))
                nxt = prereqs[index]
                if state.get(nxt) == 1:
                    return order, [*path[path.index(nxt) :], nxt]
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
                order.append(node)
    return order, []


def refuse_problems(catalog: Catalog) -> None:
    """Raise CatalogEditError listing the problems of ``catalog``, if any."""
    problems = check_catalog(catalog)
    if problems:
        text = (
            problems[0].message
            if len(problems) == 1
            else ("the catalog cannot be saved:\n  " + "\n  ".join(p.message for p in problems))
        )
        raise CatalogEditError(text, problems)
