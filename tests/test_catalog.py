"""The shipped catalog (resources/catalog/*.toml) and the loader's checks."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from planner.catalog import CATEGORIES, FAMILIES, FORMATS, load_shipped_catalog
from planner.catalog.loader import (
    catalog_from_documents,
    module_order,
    reachable_levels,
    unreachable_requirements,
    validate,
)
from planner.errors import CatalogError

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "generative-ai-jobs-2025.txt"

REQUIRED_ROLES = {
    "genai_specialist", "prompt_engineer", "ai_trainer", "ai_model_auditor", "ai_ethicist",
    "ai_governance_officer", "fairness_auditor", "content_moderation_specialist",
    "ai_copywriter", "ai_graphic_designer", "ai_integration_specialist",
    "procedural_content_designer", "ai_lawyer", "ai_medical_practitioner",
    "ai_curriculum_designer", "finetuning_data_scientist", "rl_specialist", "recsys_trainer",
    "conversational_ai_specialist", "ai_forecasting_analyst",
}
# Roles that combine a traditional profession with AI, and the domain skill each must have.
DOMAIN_MUST_HAVE = {
    "ai_lawyer": "legal_analysis",
    "ai_medical_practitioner": "medical_imaging",
    "ai_curriculum_designer": "learning_design",
    "ai_forecasting_analyst": "financial_analysis",
}
HUMAN_OVERSIGHT_ROLES = {"ai_lawyer", "ai_medical_practitioner", "content_moderation_specialist"}


@pytest.fixture(scope="module")
def catalog():
    return load_shipped_catalog()


def _tiny(modules, roles=()):
    """A small catalog from plain dicts: one skill "a" and the given modules and roles."""
    skills_doc = {"skill": [{"id": "a", "name": "A", "category": "ai"}]}
    return catalog_from_documents(skills_doc, {"role": list(roles)},
                                  {"currency": "EUR", "module": list(modules)})


def _module(mid, frm, to, prerequisites=()):
    return {"id": mid, "title": mid, "skill": "a", "from_level": frm, "to_level": to,
            "hours": 2, "format": "self-paced", "cost": 0,
            "prerequisites": list(prerequisites)}


# ---- the shipped catalog ----

def test_shipped_catalog_loads_and_validates(catalog):
    validate(catalog)  # raises on any problem
    assert catalog.currency == "EUR"
    assert load_shipped_catalog() is catalog  # parsed once per process


def test_roles_cover_the_article(catalog):
    assert len(catalog.roles) >= 20
    assert set(catalog.roles) >= REQUIRED_ROLES
    assert {r.family for r in catalog.roles.values()} == set(FAMILIES)
    for role in catalog.roles.values():
        assert role.name and role.description
        assert len(role.requirements) >= 4, role.id
        assert len({r.skill for r in role.requirements}) == len(role.requirements), role.id
        assert role.evidence, role.id
        assert set(role.evidence) <= set(catalog.sources), role.id


def test_source_phrases_are_verbatim_and_short(catalog):
    if not ARTICLE.is_file():
        pytest.skip(f"article not found at {ARTICLE}")
    text = ARTICLE.read_text(encoding="utf-8")
    for role in catalog.roles.values():
        assert role.source_phrase in text, role.id
        assert 1 <= len(role.source_phrase.split()) <= 15, role.id


def test_skills_span_all_categories(catalog):
    assert len(catalog.skills) >= 60
    assert {s.category for s in catalog.skills.values()} == set(CATEGORIES)
    for skill in catalog.skills.values():
        assert skill.name and skill.description, skill.id
        assert skill.id == skill.id.lower() and " " not in skill.id
        for adjacency in skill.adjacent:
            assert adjacency.from_skill != skill.id
            assert 0.3 <= adjacency.factor <= 0.6, skill.id
    # staff skills that HR sheets usually carry
    for common in ("python", "sql", "excel", "statistics", "project_management",
                   "communication", "stakeholder_engagement", "customer_service",
                   "copywriting", "graphic_design", "video_editing"):
        assert common in catalog.skills


def test_modules_use_every_format(catalog):
    assert len(catalog.modules) >= 120
    assert {m.format for m in catalog.modules.values()} == set(FORMATS)
    for module in catalog.modules.values():
        assert module.title and module.provider and module.description, module.id
        assert module.id.startswith("M-"), module.id


def test_hours_follow_the_rule_of_thumb(catalog):
    ranges = {0: (2, 5), 1: (5, 60), 2: (30, 120), 3: (40, 200), 4: (40, 200)}
    for m in catalog.modules.values():
        if m.to_level == m.from_level + 1:
            low, high = ranges[m.from_level]
            assert low <= m.hours <= high, m.id
        if m.from_level == 4:
            assert m.format == "mentoring", m.id


def test_most_workshops_have_an_alternative(catalog):
    by_step = defaultdict(set)
    for m in catalog.modules.values():
        by_step[(m.skill, m.from_level, m.to_level)].add(m.format)
    early = [formats for (_, frm, _), formats in by_step.items() if frm <= 2]
    with_workshop = [formats for formats in early if "workshop" in formats]
    assert len(with_workshop) >= 0.2 * len(early)
    alternatives = [f for f in with_workshop if f & {"self-paced", "course"}]
    assert len(alternatives) >= 0.8 * len(with_workshop)


def test_hybrid_roles_require_their_domain_skill(catalog):
    for role_id, skill_id in DOMAIN_MUST_HAVE.items():
        req = {r.skill: r for r in catalog.roles[role_id].requirements}[skill_id]
        assert req.must_min is not None and req.must_min >= 3, role_id
        assert req.weight == 3, role_id
    for role in catalog.roles.values():
        if role.family == "hybrid":
            assert any(catalog.skills[r.skill].category == "domain" and r.must_min
                       for r in role.requirements), role.id


def test_every_role_has_an_ai_literacy_baseline(catalog):
    for role in catalog.roles.values():
        req = {r.skill: r for r in role.requirements}["ai_literacy"]
        assert req.must_min is not None and req.must_min >= 1, role.id
        if role.id in HUMAN_OVERSIGHT_ROLES:
            assert req.must_min >= 2 and req.target >= 3, role.id


def test_must_haves_gate_on_foundations_not_on_what_training_teaches(catalog):
    """A must-have is the level needed before reskilling: the new AI skills ask for little."""
    for role in catalog.roles.values():
        for req in role.requirements:
            skill = catalog.skills[req.skill]
            if req.must_min is not None and skill.category == "ai" and skill.id != "python":
                assert req.must_min <= 2, (role.id, req.skill)


def test_shared_skills_are_shared(catalog):
    users = defaultdict(set)
    for role in catalog.roles.values():
        for req in role.requirements:
            users[req.skill].add(role.id)
    assert {"ai_lawyer", "ai_medical_practitioner", "ai_copywriter"} <= \
        users["ai_output_verification"]
    assert len(users["prompt_design"]) >= 4
    assert {"ai_ethicist", "ai_governance_officer"} <= users["risk_management"]
    assert {"ai_model_auditor", "fairness_auditor"} <= users["ai_audit"]
    assert {"ai_model_auditor", "fairness_auditor"} <= users["bias_testing"]
    assert {"copywriting"} <= {a.from_skill for a in catalog.skills["prompt_design"].adjacent}


def test_every_requirement_is_reachable(catalog):
    # Issue 11: a credential gate (law, radiology) is a must-have no module reaches from 0;
    # the target above it is reachable for someone who holds the credential.
    assert unreachable_requirements(catalog) == []
    for role in catalog.roles.values():
        for req in role.requirements:
            start = {req.skill: req.must_min} if req.must_min else None
            assert reachable_levels(catalog, start)[req.skill] >= req.target, (role.id,
                                                                               req.skill)


def test_module_order_puts_prerequisites_first(catalog):
    order = module_order(catalog)
    assert sorted(order) == sorted(catalog.modules)
    position = {mid: i for i, mid in enumerate(order)}
    with_prereqs = [m for m in catalog.modules.values() if m.prerequisites]
    assert with_prereqs
    for module in with_prereqs:
        for prereq in module.prerequisites:
            assert position[prereq] < position[module.id]


def test_aliases_are_unique(catalog):
    names = {s.name.casefold(): s.id for s in catalog.skills.values()}
    owner: dict[str, str] = {}
    for skill in catalog.skills.values():
        for alias in skill.aliases:
            key = alias.casefold()
            assert key not in owner, f"{alias!r} on {skill.id} and {owner.get(key)}"
            owner[key] = skill.id
            assert names.get(key, skill.id) == skill.id, f"{alias!r} is another skill's name"


@pytest.mark.parametrize(("skill_id", "expected"), [
    ("machine_learning", ["Maschinelles Lernen", "apprentissage automatique",
                          "aprendizaje automático", "apprendimento automatico",
                          "aprendizado de máquina"]),
    ("communication", ["Kommunikation", "comunicación", "comunicazione", "communicatie",
                       "comunicação"]),
    ("legal_analysis", ["Recht", "droit", "derecho", "diritto", "direito"]),
    ("statistics", ["Statistik", "statistiques", "estadística", "statistica", "statistiek",
                    "estatística"]),
    ("project_management", ["Projektmanagement", "gestion de projet", "gestión de proyectos",
                            "projectmanagement", "gestão de projetos"]),
])
def test_translated_aliases(catalog, skill_id, expected):
    aliases = {a.casefold() for a in catalog.skills[skill_id].aliases}
    for alias in expected:
        assert alias.casefold() in aliases, (skill_id, alias)


def test_many_skills_have_translations(catalog):
    # skills with names in the six European languages carry ten or more aliases
    translated = [s.id for s in catalog.skills.values() if len(s.aliases) >= 10]
    assert len(translated) >= 30


# ---- the loader's checks on small catalogs ----

def test_prerequisite_cycle_is_reported_with_its_modules():
    catalog = _tiny([_module("M-A-01", 0, 1, ["M-A-12"]), _module("M-A-12", 1, 2, ["M-A-01"]),
                     _module("M-A-23", 2, 3)])
    with pytest.raises(CatalogError) as info:
        validate(catalog)
    message = str(info.value)
    assert "cycle" in message
    assert "M-A-01" in message and "M-A-12" in message
    assert "M-A-23" not in message


def test_unreachable_requirement_is_reported():
    role = {"id": "r", "name": "R", "family": "specialist", "source_phrase": "x",
            "requirements": [{"skill": "a", "target": 3, "weight": 2, "must": 2}]}
    catalog = _tiny([_module("M-A-01", 0, 1), _module("M-A-12", 1, 2)], [role])
    problems = unreachable_requirements(catalog)
    assert len(problems) == 1
    assert "role r" in problems[0] and "a level 3" in problems[0]
    with pytest.raises(CatalogError, match="no chain of modules reaches"):
        validate(catalog)


def test_module_prerequisite_gates_reachability():
    role = {"id": "r", "name": "R", "family": "specialist", "source_phrase": "x",
            "requirements": [{"skill": "a", "target": 2, "weight": 1}]}
    open_chain = _tiny([_module("M-A-01", 0, 1), _module("M-A-12", 1, 2)], [role])
    assert unreachable_requirements(open_chain) == []
    skills_doc = {"skill": [{"id": "a", "name": "A", "category": "ai"},
                            {"id": "b", "name": "B", "category": "data"}]}
    modules = [_module("M-A-01", 0, 1),
               {**_module("M-A-12", 1, 2), "requires": [{"skill": "b", "level": 1}]}]
    gated = catalog_from_documents(skills_doc, {"role": [role]}, {"module": modules})
    assert reachable_levels(gated)["a"] == 1
    assert unreachable_requirements(gated)


def test_unknown_references_are_reported():
    role = {"id": "r", "name": "R", "family": "nonsense", "source_phrase": "x",
            "requirements": [{"skill": "zz", "target": 2, "weight": 1}]}
    catalog = _tiny([_module("M-A-01", 0, 1, ["M-NOPE"])], [role])
    with pytest.raises(CatalogError) as info:
        validate(catalog)
    message = str(info.value)
    assert "nonsense" in message and "'zz'" in message and "M-NOPE" in message


def test_duplicate_ids_are_refused():
    with pytest.raises(CatalogError, match="appears twice"):
        _tiny([_module("M-A-01", 0, 1), _module("M-A-01", 0, 1)])


def test_workshops_fit_in_one_week(catalog):
    """A cohort meets in one week, so a workshop lasts at most five days (40 h)."""
    long = [m.id for m in catalog.modules.values() if m.format == "workshop" and m.hours > 40]
    assert not long
