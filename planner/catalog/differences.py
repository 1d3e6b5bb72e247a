"""What differs between two catalogs, in words (import preview, reset, the CLI)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from planner.catalog.model import Catalog, Module, Requirement, Role, Skill


@dataclass(frozen=True)
class Difference:
    kind: str  # skill | role | module | setting
    id: str
    name: str
    change: str  # added | removed | changed
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "setting":
            return f"{self.name}: {'; '.join(self.details)}"
        head = f"{self.kind} {self.name} ({self.id}): {self.change}"
        return head + (": " + "; ".join(self.details) if self.details else "")


def _text(value: object) -> str:
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value) or "none"
    if isinstance(value, float):
        return f"{value:g}"
    if value is None or value == "":
        return "none"
    return str(value)


def _field_changes(old: object, new: object, skip: tuple[str, ...] = ()) -> list[str]:
    out = []
    for f in fields(old):  # type: ignore[arg-type]
        if f.name in skip:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if a != b:
            out.append(f"{f.name.replace('_', ' ')} {_text(a)} → {_text(b)}")
    return out


def _requirement(req: Requirement) -> str:
    must = "" if req.must_min is None else f", must have {req.must_min}"
    return f"target {req.target}, weight {req.weight}{must}" + (
        ", credential gate" if req.gate else ""
    )


def _role_changes(old: Role, new: Role) -> list[str]:
    out = _field_changes(old, new, skip=("requirements", "origin", "evidence"))
    before = {r.skill: r for r in old.requirements}
    after = {r.skill: r for r in new.requirements}
    for skill, req in after.items():
        if skill not in before:
            out.append(f"requires {skill} ({_requirement(req)})")
        elif before[skill] != req:
            out.append(f"{skill}: {_requirement(before[skill])} → {_requirement(req)}")
    out += [f"no longer requires {skill}" for skill in before if skill not in after]
    if not out and [r.skill for r in old.requirements] != [r.skill for r in new.requirements]:
        out.append("requirements in another order")
    return out


def differences(old: Catalog, new: Catalog) -> list[Difference]:
    """Everything that changes when ``old`` becomes ``new`` (skills, roles, modules, currency)."""
    out: list[Difference] = []
    groups: tuple[tuple[str, dict, dict], ...] = (
        ("skill", old.skills, new.skills),
        ("role", old.roles, new.roles),
        ("module", old.modules, new.modules),
    )
    for kind, before, after in groups:
        for key, item in after.items():
            name = _name(item)
            if key not in before:
                out.append(Difference(kind, key, name, "added"))
            elif before[key] != item:
                details = (
                    _role_changes(before[key], item)
                    if kind == "role"
                    else _field_changes(before[key], item, skip=("origin",))
                )
                if details:
                    out.append(Difference(kind, key, name, "changed", tuple(details)))
        out += [
            Difference(kind, key, _name(item), "removed")
            for key, item in before.items()
            if key not in after
        ]
    if old.currency != new.currency:
        out.append(
            Difference(
                "setting", "currency", "currency", "changed", (f"{old.currency} → {new.currency}",)
            )
        )
    return out


def _name(item: Skill | Role | Module) -> str:
    return item.title if isinstance(item, Module) else item.name
