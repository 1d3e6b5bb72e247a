"""Plain data classes for the catalog (no I/O, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

# Skill categories and role families, with the labels the UI and exports show.
CATEGORIES: dict[str, str] = {
    "ai": "AI & technical",
    "data": "Data",
    "governance": "Governance & ethics",
    "creative": "Creative",
    "domain": "Domain",
    "professional": "Professional",
}
FAMILIES: dict[str, str] = {
    "specialist": "AI specialists in generative technologies",
    "ethics_governance": "Ethical AI and governance",
    "creative": "AI in creative industries",
    "hybrid": "Hybrid professions",
    "training_finetuning": "AI training and fine-tuning",
}
FORMATS: tuple[str, ...] = ("self-paced", "workshop", "mentoring", "course")
MAX_LEVEL = 5


@dataclass(frozen=True)
class Adjacency:
    """Part of the level in ``from_skill`` counts towards the owning skill."""

    from_skill: str
    factor: float


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    adjacent: tuple[Adjacency, ...] = ()
    origin: str = "catalog"  # catalog | workspace | unmapped


@dataclass(frozen=True)
class Requirement:
    skill: str
    target: int
    weight: int
    must_min: int | None = None
    # A credential gate (a licence, a degree): no training module closes it, so a person
    # must already hold the must-have minimum (or the target when there is none).
    gate: bool = False


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    family: str
    description: str
    source_phrase: str
    requirements: tuple[Requirement, ...]
    evidence: tuple[str, ...] = ()
    origin: str = "catalog"


@dataclass(frozen=True)
class SkillPrerequisite:
    skill: str
    level: int


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    skill: str
    from_level: int
    to_level: int
    hours: float
    format: str
    cost: float
    provider: str = ""
    description: str = ""
    prerequisites: tuple[str, ...] = ()
    requires: tuple[SkillPrerequisite, ...] = ()
    origin: str = "catalog"


@dataclass
class Catalog:
    skills: dict[str, Skill] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    currency: str = "EUR"
    sources: dict[str, str] = field(default_factory=dict)

    def skill_ids(self) -> list[str]:
        return list(self.skills)

    def role_ids(self) -> list[str]:
        return list(self.roles)
