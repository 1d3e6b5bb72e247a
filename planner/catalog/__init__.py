"""The catalog: skills, roles with their requirements, and training modules."""

from planner.catalog.loader import load_shipped_catalog
from planner.catalog.model import (
    CATEGORIES,
    FAMILIES,
    FORMATS,
    Adjacency,
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)

__all__ = [
    "CATEGORIES",
    "FAMILIES",
    "FORMATS",
    "Adjacency",
    "Catalog",
    "Module",
    "Requirement",
    "Role",
    "Skill",
    "SkillPrerequisite",
    "load_shipped_catalog",
]
