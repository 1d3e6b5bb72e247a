"""Deterministic synthetic organisations: the shipped demo files and benchmark-sized orgs.

``python -m planner.sample_data.generate --demo OUTDIR`` writes the three demo files;
``python -m planner.sample_data.generate --employees 50000 --skills 40 --out big.xlsx``
writes a large wide workbook for benchmarks. Same seed, same data, on every machine.

Levels follow department and job title (lawyers know law, radiologists read images,
marketers write copy), with AI skills mostly low and a few enthusiasts, so matching
shows a spread from "ready" to "far".
"""

from __future__ import annotations

import argparse
import csv
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from openpyxl.utils import get_column_letter

from planner.catalog import Catalog, load_shipped_catalog

PROFILE_HEADERS = ("Employee ID", "Name", "Email", "Department", "Job title", "Site", "Manager",
                   "Weekly training hours", "Rater", "Cost centre", "Age band", "Contract")
SITES = ("Lyon", "Leeds", "Leipzig", "Lisbon", "Lodz")
SITE_WEIGHTS = (0.28, 0.24, 0.2, 0.16, 0.12)
AGE_BANDS = ("<30", "30-39", "40-49", "50+")
RATERS = ("self", "manager", "validated")

FIRST_NAMES = (
    "Ada", "Amara", "Anna", "Aisha", "Björn", "Bruno", "Camille", "Carlos", "Chen", "Chiara",
    "Chloé", "Daniel", "Dmitri", "Elif", "Emma", "Fatima", "Felix", "Grace", "Hannah", "Hugo",
    "Inês", "Ivan", "Jakub", "Jana", "Javier", "Jonas", "José", "Julia", "Jürgen", "Kenji",
    "Kwame", "Lara", "Leon", "Lucia", "Luis", "Maja", "Marco", "Maria", "Mateo", "Mei", "Nadia",
    "Nikos", "Noah", "Olga", "Omar", "Paula", "Pedro", "Priya", "Rafael", "Renée", "Rosa",
    "Samir", "Sara", "Sofia", "Tariq", "Tomas", "Ugo", "Valentina", "Victor", "Wei", "Yara",
    "Yusuf", "Zofia", "Zoé", "Ewa", "Ananya", "Oluwaseun", "Siobhan", "Hiroshi", "Leila",
)
LAST_NAMES = (
    "Almeida", "Andersen", "Bauer", "Becker", "Bernard", "Costa", "Dubois", "Dvořák",
    "Fernandes", "Fischer", "Garcia", "Gomez", "Gonçalves", "Haddad", "Hoffmann", "Ivanova",
    "Jansen", "Kaminski", "Khan", "Kowalska", "Laurent", "Lefèvre", "Lopez", "Martin",
    "Mensah", "Meyer", "Moreau", "Müller", "Nguyen", "Nowak", "Núñez", "Okafor", "Oliveira",
    "Öztürk", "Patel", "Petit", "Pereira", "Rossi", "Russo", "Santos", "Schmidt", "Schneider",
    "Silva", "Smith", "Suzuki", "Tanaka", "Taylor", "Thomas", "Vasquez", "Wagner", "Walker",
    "Weber", "Wilson", "Wójcik", "Yilmaz", "Zhang", "O'Brien", "Kim", "Adeyemi", "Novak",
)

# Skills every organisation rates, most common first: a benchmark org with ``n_skills=N``
# takes the first N of these (then the rest of the catalog in catalog order).
COMMON_ORDER = (
    "communication", "excel", "project_management", "ai_literacy", "presentation_skills",
    "stakeholder_engagement", "python", "sql", "statistics", "data_visualisation",
    "copywriting", "graphic_design", "customer_service", "legal_analysis", "medical_imaging",
    "learning_design", "teaching", "financial_analysis", "accounting", "game_design",
    "machine_learning", "prompt_design", "llm_knowledge", "data_privacy", "ai_ethics",
    "risk_management", "compliance", "marketing", "sales", "ux_design", "video_editing",
    "software_development", "data_preparation", "report_writing", "creative_problem_solving",
    "agile", "people_leadership", "business_analysis", "hr_management", "negotiation",
)

# The generative-AI skills an "AI enthusiast" picked up on their own, whatever their job.
ENTHUSIAST_SKILLS = (
    "ai_literacy", "prompt_design", "llm_knowledge", "ai_output_verification",
    "image_generation", "chatbot_configuration", "emerging_tech", "genai_media_pipelines",
    "ai_ethics", "ai_supervision",
)


@dataclass(frozen=True)
class Title:
    """A job title: its share of the department, seniority and own skill means."""

    name: str
    share: float
    seniority: float = 0.0      # added to the department's strong skills (means above 2)
    lead: bool = False          # manages people
    profile: dict[str, float] = field(default_factory=dict)   # overrides the department's


@dataclass(frozen=True)
class Department:
    name: str
    weight: float
    cost_centre: str
    titles: tuple[Title, ...]
    profile: dict[str, float] = field(default_factory=dict)   # skill -> mean level


DEPARTMENTS: tuple[Department, ...] = (
    Department("Marketing", 0.11, "CC-100", (
        Title("Copywriter", 0.35, profile={"copywriting": 3.9, "seo_content": 3.0}),
        Title("Content strategist", 0.25, profile={"brief_analysis": 3.4, "seo_content": 3.2,
                                                   "customer_analytics": 2.6}),
        Title("SEO specialist", 0.2, -0.2, profile={"seo_content": 3.9, "copywriting": 2.8,
                                                    "customer_analytics": 3.0}),
        Title("Marketing manager", 0.2, 0.4, True, {"people_leadership": 3.2,
                                                    "stakeholder_engagement": 3.4}),
        ), {"copywriting": 3.2, "marketing": 3.5, "seo_content": 2.6, "brief_analysis": 2.8,
            "customer_analytics": 2.2, "creative_problem_solving": 3.0, "communication": 3.4,
            "prompt_design": 1.6, "ai_output_verification": 1.4, "ip_licensing": 1.8,
            "data_visualisation": 2.0, "image_generation": 1.0, "sales": 2.4}),
    Department("Legal", 0.07, "CC-200", (
        Title("Associate", 0.4, profile={"legal_analysis": 4.1}),
        Title("Paralegal", 0.25, -0.4, profile={"legal_analysis": 2.8,
                                                "legal_research_tools": 3.4}),
        Title("Privacy & compliance counsel", 0.2, profile={
            "data_privacy": 3.9, "compliance": 3.9, "ai_regulation": 3.5, "ai_governance": 3.5,
            "risk_management": 3.7, "anti_discrimination_law": 3.3, "quality_assurance": 2.8,
            "ai_audit": 2.0, "ai_ethics": 2.8, "bias_testing": 1.8}),
        Title("Senior counsel", 0.15, 0.5, True, {"legal_analysis": 4.5,
                                                  "people_leadership": 3.0}),
        ), {"legal_analysis": 3.9, "legal_research_tools": 2.8, "data_privacy": 2.8,
            "compliance": 3.0, "anti_discrimination_law": 2.6, "ai_supervision": 1.6,
            "ai_regulation": 1.8, "negotiation": 3.2, "report_writing": 3.4,
            "ai_output_verification": 1.6, "risk_management": 2.6, "ai_literacy": 1.9,
            "communication": 3.4, "stakeholder_engagement": 2.8}),
    Department("Radiology", 0.07, "CC-300", (
        Title("Radiologist", 0.35, 0.2, profile={"medical_imaging": 4.5,
                                                 "subject_matter_expertise": 4.3,
                                                 "model_evaluation": 1.6}),
        Title("Radiographer", 0.35, profile={"medical_imaging": 3.2, "quality_assurance": 3.2}),
        Title("PACS administrator", 0.15, profile={
            "medical_imaging": 1.8, "subject_matter_expertise": 2.4, "data_quality": 3.2,
            "data_privacy": 3.4, "cybersecurity": 2.6, "sql": 2.6, "cloud_computing": 2.2,
            "data_labelling": 2.4}),
        Title("Clinical lead", 0.15, 0.4, True, {"medical_imaging": 4.5,
                                                 "medical_ai_regulation": 2.6,
                                                 "people_leadership": 3.4}),
        ), {"medical_imaging": 4.0, "medical_ai_regulation": 1.8, "data_privacy": 2.6,
            "ai_output_verification": 1.6, "quality_assurance": 2.8, "statistics": 2.0,
            "model_evaluation": 1.2, "subject_matter_expertise": 3.8, "ai_literacy": 1.8,
            "data_labelling": 1.6}),
    Department("Teaching & L&D", 0.08, "CC-400", (
        Title("Learning designer", 0.35, profile={"learning_design": 4.0, "ai_pedagogy": 2.2}),
        Title("Trainer", 0.3, profile={"teaching": 4.2, "presentation_skills": 4.0,
                                       "learning_design": 2.8}),
        Title("E-learning developer", 0.2, profile={
            "learning_design": 3.4, "emerging_tech": 2.6, "ai_pedagogy": 2.4,
            "prompt_design": 2.0, "video_editing": 2.4}),
        Title("L&D manager", 0.15, 0.3, True, {"stakeholder_engagement": 3.6,
                                               "change_management": 3.4}),
        ), {"learning_design": 3.2, "teaching": 3.6, "ai_pedagogy": 1.8,
            "presentation_skills": 3.6, "ai_ethics": 1.9, "feedback_writing": 3.2,
            "subject_matter_expertise": 3.0, "prompt_design": 1.4, "ai_literacy": 1.9,
            "communication": 3.6}),
    Department("Engineering", 0.12, "CC-500", (
        Title("Software engineer", 0.45),
        Title("Senior engineer", 0.2, 0.5, profile={"mlops": 2.4, "llm_knowledge": 2.6}),
        Title("DevOps engineer", 0.2, profile={"cloud_computing": 3.9, "mlops": 2.8,
                                               "cybersecurity": 3.0}),
        Title("Engineering manager", 0.15, 0.3, True, {"people_leadership": 3.2,
                                                       "agile": 3.8}),
        ), {"python": 3.3, "software_development": 3.7, "javascript": 3.0,
            "cloud_computing": 3.0, "mlops": 1.8, "machine_learning": 1.8, "agile": 3.2,
            "cybersecurity": 2.4, "llm_knowledge": 2.0, "prompt_design": 2.0,
            "math_for_ml": 2.4, "experimentation": 2.0, "chatbot_configuration": 1.4,
            "deep_learning": 1.4, "rl_algorithms": 1.0, "reward_design": 0.8,
            "efficiency_benchmarking": 2.0, "data_engineering": 2.4, "ai_literacy": 2.2}),
    Department("Data & Analytics", 0.09, "CC-600", (
        Title("Data scientist", 0.3, profile={
            "machine_learning": 3.6, "statistics": 4.1, "deep_learning": 3.3,
            "fine_tuning": 2.8, "math_for_ml": 3.5, "rl_algorithms": 1.8,
            "reward_design": 1.6, "data_preparation": 3.9, "report_writing": 3.3}),
        Title("Data analyst", 0.25, -0.2, profile={"sql": 4.0, "data_visualisation": 3.8,
                                                  "machine_learning": 2.0,
                                                  "deep_learning": 1.2}),
        Title("ML engineer", 0.2, profile={
            "deep_learning": 3.9, "mlops": 3.7, "fine_tuning": 3.6, "llm_knowledge": 3.4,
            "machine_learning": 3.9, "python": 4.3, "efficiency_benchmarking": 3.0,
            "rl_algorithms": 2.6, "reward_design": 2.2, "math_for_ml": 3.7,
            "model_evaluation": 3.3, "software_development": 3.2, "cloud_computing": 2.8,
            "data_preparation": 3.6, "ai_ethics": 2.2}),
        Title("Model validation analyst", 0.12, profile={
            "model_evaluation": 3.9, "bias_testing": 3.4, "ai_audit": 3.0,
            "efficiency_benchmarking": 3.0, "report_writing": 3.8, "ai_governance": 2.6,
            "statistics": 4.0, "ai_ethics": 2.6, "anti_discrimination_law": 2.4,
            "data_privacy": 2.8}),
        Title("Analytics lead", 0.13, 0.3, True, {"stakeholder_engagement": 3.4,
                                                  "people_leadership": 3.0}),
        ), {"python": 3.6, "sql": 3.7, "statistics": 3.6, "machine_learning": 3.0,
            "deep_learning": 2.0, "data_preparation": 3.5, "data_visualisation": 3.2,
            "math_for_ml": 3.0, "model_evaluation": 2.6, "experimentation": 3.0,
            "fine_tuning": 1.6, "recommender_systems": 2.0, "time_series": 2.6,
            "customer_analytics": 2.6, "data_quality": 3.0, "llm_knowledge": 2.2,
            "bias_testing": 1.6, "report_writing": 3.0, "rl_algorithms": 1.2,
            "data_engineering": 2.8, "r_programming": 2.4, "ai_literacy": 2.4}),
    Department("Customer Service", 0.1, "CC-700", (
        Title("Service agent", 0.55, -0.2),
        Title("Quality coach", 0.15, profile={"escalation_design": 3.4, "feedback_writing": 3.4,
                                              "customer_analytics": 2.6,
                                              "data_labelling": 2.6}),
        Title("Chatbot content designer", 0.1, profile={
            "conversation_design": 3.3, "chatbot_configuration": 2.8, "prompt_design": 2.4,
            "customer_analytics": 2.6, "escalation_design": 3.0, "llm_knowledge": 1.8}),
        Title("Team lead", 0.12, 0.3, True, {"people_leadership": 3.0}),
        Title("Service operations manager", 0.08, 0.4, True, {"people_leadership": 3.4,
                                                              "customer_analytics": 3.0}),
        ), {"customer_service": 3.9, "conversation_design": 2.0, "escalation_design": 2.6,
            "language_culture": 3.0, "policy_interpretation": 2.4, "communication": 3.6,
            "chatbot_configuration": 1.2, "data_labelling": 1.8, "feedback_writing": 2.4,
            "customer_analytics": 1.8}),
    Department("Design", 0.07, "CC-800", (
        Title("Graphic designer", 0.4, profile={"graphic_design": 4.1, "image_editing": 3.8}),
        Title("UX designer", 0.25, profile={"ux_design": 3.9, "user_research": 3.4,
                                            "prototyping": 3.6, "graphic_design": 3.0}),
        Title("Illustrator", 0.2, profile={"image_editing": 3.9, "photography": 3.0}),
        Title("Art director", 0.15, 0.5, True, {"brief_analysis": 3.8,
                                                "people_leadership": 3.0}),
        ), {"graphic_design": 3.7, "image_editing": 3.5, "ux_design": 2.4,
            "brief_analysis": 3.2, "image_generation": 1.8, "photography": 2.6,
            "ip_licensing": 2.0, "prototyping": 2.6, "user_research": 2.2,
            "creative_problem_solving": 3.4}),
    Department("Game Studio", 0.07, "CC-900", (
        Title("Game designer", 0.35, profile={"game_design": 4.1, "user_research": 3.2,
                                              "procedural_generation": 2.2}),
        Title("Level designer", 0.25, profile={"game_design": 3.7,
                                               "procedural_generation": 2.6}),
        Title("Gameplay programmer", 0.25, profile={
            "software_development": 3.8, "python": 3.3, "math_for_ml": 3.2,
            "rl_algorithms": 1.8, "reward_design": 1.8, "game_design": 2.8}),
        Title("Technical artist", 0.15, 0.2, True, {"animation_3d": 3.6,
                                                    "image_generation": 2.2}),
        ), {"game_design": 3.5, "procedural_generation": 1.8, "prototyping": 3.2,
            "user_research": 2.6, "software_development": 2.6, "python": 2.2,
            "animation_3d": 2.8, "image_generation": 1.6, "math_for_ml": 2.2,
            "rl_algorithms": 1.0, "reward_design": 1.2, "creative_problem_solving": 3.2}),
    Department("Finance", 0.07, "CC-110", (
        Title("Financial analyst", 0.35, profile={"financial_analysis": 4.0,
                                                  "time_series": 3.0}),
        Title("Accountant", 0.25, -0.2, profile={"accounting": 4.1}),
        Title("Risk & internal audit analyst", 0.2, profile={
            "risk_management": 3.9, "compliance": 3.5, "quality_assurance": 3.4,
            "ai_audit": 2.4, "report_writing": 3.7, "ai_regulation": 2.6,
            "ai_governance": 2.6, "time_series": 2.6}),
        Title("FP&A manager", 0.2, 0.4, True, {"financial_analysis": 4.2, "time_series": 3.2,
                                               "people_leadership": 3.0}),
        ), {"financial_analysis": 3.6, "accounting": 3.4, "excel": 4.1,
            "time_series": 2.4, "statistics": 2.8, "risk_management": 2.8,
            "data_visualisation": 2.8, "sql": 2.0, "machine_learning": 1.2,
            "model_evaluation": 1.4, "presentation_skills": 3.0, "business_analysis": 3.0}),
    Department("HR", 0.05, "CC-120", (
        Title("HR business partner", 0.35, profile={"change_management": 3.4}),
        Title("Recruiter", 0.25, -0.2, profile={"negotiation": 3.2}),
        Title("People analyst", 0.2, profile={
            "statistics": 3.5, "bias_testing": 3.2, "anti_discrimination_law": 3.5,
            "machine_learning": 2.4, "sql": 2.8, "data_privacy": 3.2, "ai_audit": 2.2,
            "ai_ethics": 2.6}),
        Title("Head of people", 0.2, 0.4, True, {"people_leadership": 3.8}),
        ), {"hr_management": 3.8, "anti_discrimination_law": 3.0, "data_privacy": 2.6,
            "stakeholder_engagement": 3.4, "change_management": 3.0, "statistics": 1.8,
            "bias_testing": 1.4, "ai_ethics": 1.8, "communication": 3.5}),
    Department("Trust & Safety", 0.05, "CC-130", (
        Title("Content moderator", 0.5, -0.1, profile={"misinformation_detection": 3.2,
                                                       "data_labelling": 3.0}),
        Title("Policy specialist", 0.25, profile={
            "ai_ethics": 3.8, "ai_regulation": 3.2, "stakeholder_engagement": 3.6,
            "risk_management": 3.5, "ai_governance": 3.4, "ai_literacy": 2.8}),
        Title("Investigations lead", 0.25, 0.4, True, {"misinformation_detection": 3.6,
                                                       "people_leadership": 2.8}),
        ), {"policy_interpretation": 3.7, "misinformation_detection": 2.8,
            "language_culture": 3.5, "ai_ethics": 2.4, "data_labelling": 2.4,
            "risk_management": 2.4, "ai_governance": 1.6, "ai_regulation": 1.8,
            "quality_assurance": 2.4, "ai_literacy": 2.3, "model_evaluation": 1.2}),
    Department("Media Production", 0.04, "CC-140", (
        Title("Video editor", 0.35, profile={"video_editing": 4.0}),
        Title("VFX artist", 0.3, profile={"vfx_production": 3.9, "genai_media_pipelines": 2.2,
                                          "emerging_tech": 2.8}),
        Title("Scriptwriter", 0.15, profile={"scriptwriting": 3.9, "copywriting": 3.0}),
        Title("Producer", 0.2, 0.3, True, {"digital_replica_rights": 2.8,
                                           "project_management": 3.6}),
        ), {"video_editing": 3.4, "vfx_production": 3.0, "scriptwriting": 2.6,
            "genai_media_pipelines": 1.6, "digital_replica_rights": 2.0,
            "music_production": 2.4, "emerging_tech": 2.4, "animation_3d": 2.4,
            "ip_licensing": 2.4}),
    Department("E-commerce", 0.04, "CC-150", (
        Title("Growth analyst", 0.35, profile={"experimentation": 3.8,
                                               "customer_analytics": 3.8,
                                               "recommender_systems": 2.4, "python": 2.6}),
        Title("Merchandiser", 0.3, -0.2, profile={"sales": 3.4}),
        Title("Product owner", 0.2, profile={"agile": 3.6, "user_research": 2.8}),
        Title("E-commerce manager", 0.15, 0.4, True, {"people_leadership": 3.0}),
        ), {"customer_analytics": 3.3, "experimentation": 3.0, "recommender_systems": 1.6,
            "sql": 2.8, "marketing": 3.0, "statistics": 2.6, "data_privacy": 2.0,
            "python": 1.8, "business_analysis": 3.0}),
)

# What everyone has a little of (means; department and title profiles override).
BASELINE: dict[str, float] = {
    "communication": 3.0, "excel": 2.6, "project_management": 2.0, "ai_literacy": 1.6,
    "presentation_skills": 2.5, "stakeholder_engagement": 2.3, "report_writing": 2.3,
    "creative_problem_solving": 2.3, "agile": 1.4, "prompt_design": 1.2,
    "llm_knowledge": 0.7, "data_privacy": 1.5, "ai_ethics": 0.8, "people_leadership": 1.5,
    "negotiation": 1.6, "feedback_writing": 2.0, "language_culture": 2.0,
    "ai_output_verification": 0.8,
}
OTHER_MEAN = 0.4        # any other catalog skill: mostly 0, sometimes 1
NOISE = 0.8             # spread of one person's level around their title's mean


@dataclass
class Org:
    """A synthetic organisation: profile columns and a levels matrix (NaN = not assessed)."""

    employee_ids: list[str]
    names: list[str]
    emails: list[str]
    departments: list[str]
    job_titles: list[str]
    sites: list[str]
    managers: list[str]
    weekly_hours: list[float]
    raters: list[str]
    cost_centres: list[str]
    age_bands: list[str]
    contracts: list[str]
    skill_ids: list[str]
    skill_names: list[str]
    levels: np.ndarray

    def __len__(self) -> int:
        return len(self.employee_ids)

    def profile_row(self, i: int) -> list:
        return [self.employee_ids[i], self.names[i], self.emails[i], self.departments[i],
                self.job_titles[i], self.sites[i], self.managers[i], self.weekly_hours[i],
                self.raters[i], self.cost_centres[i], self.age_bands[i], self.contracts[i]]


def skill_order(catalog: Catalog) -> list[str]:
    """All catalog skills, the common ones first (a stable, documented order)."""
    rest = [s for s in catalog.skills if s not in COMMON_ORDER]
    return [s for s in COMMON_ORDER if s in catalog.skills] + rest


def _title_means(skills: list[str]) -> tuple[list[tuple[int, Title]], np.ndarray]:
    """Every (department index, title) and its mean level per skill."""
    column = {s: j for j, s in enumerate(skills)}
    base = np.array([BASELINE.get(s, OTHER_MEAN) for s in skills])
    titles: list[tuple[int, Title]] = []
    rows = []
    for d, dept in enumerate(DEPARTMENTS):
        for title in dept.titles:
            mu = base.copy()
            for s, mean in (dept.profile | title.profile).items():
                if s in column:
                    mu[column[s]] = mean
            # Seniority deepens what the job is about, not everything.
            mu = mu + title.seniority * (mu > 2.0)
            titles.append((d, title))
            rows.append(mu)
    return titles, np.array(rows)


def generate_org(n_employees: int, *, n_skills: int | None = None, seed: int = 7,
                 catalog: Catalog | None = None, blank_share: float = 0.05) -> Org:
    """A deterministic organisation of ``n_employees`` rated on the first ``n_skills``.

    Args:
        n_employees: people in the organisation.
        n_skills: rate only the first N skills of ``skill_order`` (all when None).
        seed: the numpy Generator seed; same seed, same organisation.
        catalog: the skills to rate (the shipped catalog when None).
        blank_share: share of levels left blank (not assessed).
    """
    catalog = catalog or load_shipped_catalog()
    rng = np.random.default_rng(seed)
    skills = skill_order(catalog)[: n_skills or None]
    n = n_employees

    titles, means = _title_means(skills)
    # Head counts follow the weights exactly (largest remainder), so a small org still has
    # its few ML engineers and counsels; only who sits where is random.
    weights = np.array([DEPARTMENTS[d].weight * t.share for d, t in titles])
    quota = n * weights / weights.sum()
    counts = np.floor(quota).astype(int)
    counts[np.argsort(counts - quota, kind="stable")[: n - counts.sum()]] += 1
    title_index = rng.permutation(np.repeat(np.arange(len(titles)), counts))
    site_index = rng.choice(len(SITES), size=n, p=SITE_WEIGHTS)
    combos = len(FIRST_NAMES) * len(LAST_NAMES)
    name_index = rng.choice(combos, size=n, replace=n > combos)   # unique while they last

    mu = means[title_index]
    # A few enthusiasts taught themselves generative AI, whatever their job.
    enthusiasm = np.where(rng.random(n) < 0.12, rng.uniform(0.8, 2.2, n), 0.0)
    keen = np.array([s in ENTHUSIAST_SKILLS for s in skills])
    mu = mu + enthusiasm[:, None] * keen[None, :]
    levels = np.clip(np.rint(mu + rng.normal(0.0, NOISE, size=mu.shape)), 0, 5)
    levels[rng.random(levels.shape) < blank_share] = np.nan

    ids = [f"E{10001 + i}" for i in range(n)]
    names = [f"{FIRST_NAMES[k // len(LAST_NAMES)]} {LAST_NAMES[k % len(LAST_NAMES)]}"
             for k in name_index]
    departments = [DEPARTMENTS[titles[t][0]].name for t in title_index]
    job_titles = [titles[t][1].name for t in title_index]
    leads = [titles[t][1].lead for t in title_index]
    sites = [SITES[s] for s in site_index]
    hours = rng.integers(2, 9, size=n).astype(float).tolist()
    raters = [RATERS[r] for r in rng.choice(3, size=n, p=(0.6, 0.3, 0.1))]
    # Leads are older on average.
    age_p = np.where(np.array(leads)[:, None], (0.05, 0.3, 0.4, 0.25), (0.25, 0.35, 0.24, 0.16))
    ages = [AGE_BANDS[int(a)] for a in (rng.random(n)[:, None] > np.cumsum(age_p, 1)).sum(1)]
    contracts = ["fixed-term" if x < 0.15 else "permanent" for x in rng.random(n)]
    return Org(ids, names, _emails(names), departments, job_titles, sites,
               _managers(names, departments, sites, leads), hours, raters,
               [DEPARTMENTS[titles[t][0]].cost_centre for t in title_index], ages, contracts,
               skills, [catalog.skills[s].name for s in skills], levels)


def _emails(names: list[str]) -> list[str]:
    """first.last@example.org in plain ASCII; a number tells namesakes apart."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        local = ".".join("".join(c for c in part if c.isalnum())
                         for part in ascii_name.lower().split())
        seen[local] = seen.get(local, 0) + 1
        suffix = str(seen[local]) if seen[local] > 1 else ""
        out.append(f"{local}{suffix}@example.org")
    return out


def _managers(names: list[str], departments: list[str], sites: list[str],
              leads: list[bool]) -> list[str]:
    """A department's first lead heads it; others report to a lead of their department
    (on their site when there is one), leads to the head; the head to nobody."""
    head: dict[str, int] = {}
    site_lead: dict[tuple[str, str], int] = {}
    for i, (dept, site, lead) in enumerate(zip(departments, sites, leads, strict=True)):
        if lead:
            head.setdefault(dept, i)
            site_lead.setdefault((dept, site), i)
    out = []
    for i, (dept, site, lead) in enumerate(zip(departments, sites, leads, strict=True)):
        boss = head.get(dept) if lead else site_lead.get((dept, site), head.get(dept))
        out.append("" if boss is None or boss == i else names[boss])
    return out


def _level_cell(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def write_wide_xlsx(org: Org, path: str | Path, *, fast: bool | None = None) -> Path:
    """One row per employee, one column per skill (levels 0-5, blank = not assessed).

    Args:
        org: the organisation.
        path: the .xlsx to write.
        fast: write the sheet XML directly (about 3x quicker than openpyxl for benchmark
            orgs, same cell values); by default only above 100,000 cells, so the shipped
            demo comes from openpyxl.
    """
    path = Path(path)
    if fast is None:
        fast = len(org) * (len(PROFILE_HEADERS) + len(org.skill_ids)) > 100_000
    if fast:
        _write_wide_fast(org, path)
        return path
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Skills")
    ws.freeze_panes = "C2"
    for letter, width in _PROFILE_WIDTHS:
        ws.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for text in (*PROFILE_HEADERS, *org.skill_names):
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    rows = org.levels.tolist()
    for i in range(len(org)):
        ws.append([*(v if v != "" else None for v in org.profile_row(i)),
                   *(None if v != v else int(v) for v in rows[i])])
    wb.save(path)
    return path


_PROFILE_WIDTHS = (("A", 13), ("B", 22), ("C", 30), ("D", 18), ("E", 26), ("F", 9),
                   ("G", 22), ("H", 9), ("I", 10), ("J", 10), ("K", 9), ("L", 11))
_NS = "http://schemas.openxmlformats.org/"
_FAST_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="' + _NS + 'package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<Relationships xmlns="' + _NS + 'package/2006/relationships"><Relationship Id="rId1" '
        'Type="' + _NS + 'officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<workbook xmlns="' + _NS + 'spreadsheetml/2006/main" xmlns:r="' + _NS +
        'officeDocument/2006/relationships"><sheets><sheet name="Skills" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="' + _NS + 'package/2006/relationships">'
        '<Relationship Id="rId1" Type="' + _NS + 'officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + _NS +
        'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<styleSheet xmlns="' + _NS + 'spreadsheetml/2006/main"><fonts count="2"><font>'
        '<sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"'
        '/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/>'
        '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/>'
        '<xf fontId="1" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
        'xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def _write_wide_fast(org: Org, path: Path) -> None:
    """The wide sheet as hand-written SpreadsheetML (inline strings, no shared table)."""
    import zipfile
    from xml.sax.saxutils import escape

    letters = [get_column_letter(c + 1) for c in range(len(PROFILE_HEADERS) + len(org.skill_ids))]
    n_profile = len(PROFILE_HEADERS)

    def text(ref: str, value: str, style: str = "") -> str:
        return f'<c r="{ref}" t="inlineStr"{style}><is><t>{escape(value)}</t></is></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, xml in _FAST_PARTS.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            raw.write(
                ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                 'xmlns="' + _NS + 'spreadsheetml/2006/main"><sheetViews><sheetView '
                 'workbookViewId="0"><pane xSplit="2" ySplit="1" topLeftCell="C2" '
                 'activePane="bottomRight" state="frozen"/></sheetView></sheetViews><cols>'
                 + "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>'
                           for c, (_, w) in enumerate(_PROFILE_WIDTHS, start=1))
                 + '</cols><sheetData><row r="1">'
                 + "".join(text(f"{letters[c]}1", h, ' s="1"')
                           for c, h in enumerate((*PROFILE_HEADERS, *org.skill_names)))
                 + "</row>").encode())
            rows = org.levels.tolist()
            chunk: list[str] = []
            for i in range(len(org)):
                r = i + 2
                cells = [f'<row r="{r}">']
                for c, value in enumerate(org.profile_row(i)):
                    if isinstance(value, str):
                        if value:
                            cells.append(text(f"{letters[c]}{r}", value))
                    else:
                        cells.append(f'<c r="{letters[c]}{r}"><v>{value:g}</v></c>')
                cells.extend(f'<c r="{letters[c]}{r}"><v>{int(v)}</v></c>'
                             for c, v in enumerate(rows[i], start=n_profile) if v == v)
                cells.append("</row>")
                chunk.append("".join(cells))
                if len(chunk) == 1000:
                    raw.write("".join(chunk).encode())
                    chunk.clear()
            raw.write(("".join(chunk) + "</sheetData></worksheet>").encode())


LONG_HEADERS = ("employee_id", "name", "department", "skill", "level", "rater")


def write_long_csv(org: Org, path: str | Path, *, rater: str = "manager",
                   skills: int | None = None) -> Path:
    """One row per employee × skill (the first ``skills`` skills, all when None), as HR
    systems and LMSs export; blanks (not assessed) have no row."""
    path = Path(path)
    names = org.skill_names[:skills]
    levels = org.levels[:, : len(names)].tolist()
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(LONG_HEADERS)
        for i, row in enumerate(levels):
            head = (org.employee_ids[i], org.names[i], org.departments[i])
            out.writerows((*head, name, int(v), rater)
                          for name, v in zip(names, row, strict=True) if v == v)
    return path


# The messy sheet's skill columns: header as HR typed it, and how levels are written.
MESSY_SKILLS: tuple[tuple[str, str, str], ...] = (
    ("python", "Python (1-10)", "ten"),
    ("machine_learning", "Maschinelles Lernen", "de"),
    ("prompt_design", "Prompt engineering", "fr"),
    ("copywriting", "Copywriting ", "fraction"),
    ("legal_analysis", "Análisis jurídico", "es"),
    ("communication", "Communication", "en"),
    ("statistics", "Statistics %", "percent"),
    ("ai_literacy", "AI literacy", "number"),
)
_WORDS = {
    "en": ("None", "Beginner", "Basic", "Intermediate", "Advanced", "Expert"),
    "de": ("keine", "Anfänger", "Grundkenntnisse", "Mittel", "Fortgeschritten", "Experte"),
    "es": ("Ninguno", "Principiante", "Básico", "Intermedio", "Avanzado", "Experto"),
    "fr": ("aucun", "débutant", "de base", "intermédiaire", "avancé", "expert"),
}


def _messy_value(kind: str, level: float) -> object:
    if np.isnan(level):
        return "N/A" if kind in _WORDS else None
    lvl = int(level)
    if kind in _WORDS:
        return _WORDS[kind][lvl]
    if kind == "ten":
        return lvl * 2 if lvl else 1
    if kind == "fraction":
        return f"{lvl}/5"
    if kind == "percent":
        return f"{lvl * 20}%"
    return lvl


def write_messy_xlsx(org: Org, path: str | Path, *, people: int = 40) -> Path:
    """A hand-kept survey: title rows, two-row merged header, text levels, a few bad rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Survey Q3"
    ws["A1"] = "Skills survey 2025 — Q3 (confidential)"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "Collected by HR; levels as written by each manager."
    profile = ["Emp. No.", "Full name", "E-mail", "Dept", "Position", "Location"]
    skill_headers = [h for _, h, _ in MESSY_SKILLS]
    # Row 4: groups over merged cells; row 5: the real headers; column G stays blank.
    ws["A4"] = "Profile"
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=len(profile))
    first_skill = len(profile) + 2
    ws.cell(row=4, column=first_skill, value="Technical skills")
    ws.merge_cells(start_row=4, start_column=first_skill, end_row=4,
                   end_column=first_skill + 3)
    ws.cell(row=4, column=first_skill + 4, value="Domain & professional skills")
    ws.merge_cells(start_row=4, start_column=first_skill + 4, end_row=4,
                   end_column=first_skill + len(skill_headers) - 1)
    for c, header in enumerate(profile, start=1):
        ws.cell(row=5, column=c, value=header).font = Font(bold=True)
    for c, header in enumerate(skill_headers, start=first_skill):
        ws.cell(row=5, column=c, value=header).font = Font(bold=True)
    columns = [org.skill_ids.index(s) for s, _, _ in MESSY_SKILLS]
    row = 6
    for i in range(people):
        key: object = org.employee_ids[i]
        name = org.names[i] + ("  " if i % 7 == 3 else "")      # stray trailing spaces
        if i == 5:
            key = 1002.0                                         # an id that became a float
        values = [key, name, org.emails[i], org.departments[i], org.job_titles[i],
                  org.sites[i]]
        for c, value in enumerate(values, start=1):
            ws.cell(row=row, column=c, value=value)
        for k, (_, _, kind) in enumerate(MESSY_SKILLS):
            ws.cell(row=row, column=first_skill + k,
                    value=_messy_value(kind, org.levels[i, columns[k]]))
        row += 1
    bad_rows = [
        # no id at all: the row is skipped with an error
        ["", "Nameless Row", "", "Marketing", "Copywriter", "Lyon"],
        # the same id again with another department: a conflict to report
        [org.employee_ids[2], org.names[2], org.emails[2],
         "Finance" if org.departments[2] != "Finance" else "Legal", "Controller", "Leeds"],
        # a formula-looking name must stay text all the way to the exports
        ["E19999", '=HYPERLINK("http://example.org","click")', "x@example.org", "Design",
         "Illustrator", "Lisbon"],
    ]
    for r, values in enumerate(bad_rows):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=c, value=value)
            cell.data_type = "s" if isinstance(value, str) else cell.data_type  # text, not =f()
        for k, (_, _, kind) in enumerate(MESSY_SKILLS):
            ws.cell(row=row, column=first_skill + k,
                    value="maybe" if (r == 1 and k == 2) else _messy_value(kind, 2.0))
        row += 1
    ws.cell(row=row, column=1, value="Average")
    for k in range(len(MESSY_SKILLS)):
        ws.cell(row=row, column=first_skill + k, value=2.5)
    ws.column_dimensions["C"].hidden = True                      # e-mails hidden, still data
    for letter, width in (("A", 10), ("B", 22), ("D", 16), ("E", 22), ("F", 10)):
        ws.column_dimensions[letter].width = width
    for k in range(len(skill_headers)):
        ws.column_dimensions[get_column_letter(first_skill + k)].width = 14
    lookup = wb.create_sheet("Lookup")
    lookup.append(["Level words used in this survey"])
    for words in _WORDS.values():
        lookup.append(list(words))
    lookup.sheet_state = "hidden"
    path = Path(path)
    wb.save(path)
    return path


DEMO_PEOPLE = 300
DEMO_LONG_SKILLS = 14     # the most common skills: keeps the csv small


def reassess(org: Org, *, seed: int, share: float = 0.3) -> Org:
    """The same people rated again (e.g. by their managers): some levels move by one."""
    rng = np.random.default_rng(seed)
    moved = rng.random(org.levels.shape) < share
    step = rng.choice((-1.0, 1.0), size=org.levels.shape, p=(0.55, 0.45))
    levels = np.where(moved, np.clip(org.levels + step, 0, 5), org.levels)
    return replace(org, levels=levels)


def write_demo(outdir: str | Path) -> list[Path]:
    """The three shipped demo files: one organisation, rated three ways."""
    outdir = Path(outdir)
    org = generate_org(DEMO_PEOPLE, seed=7)
    return [write_wide_xlsx(org, outdir / "demo_org_wide.xlsx"),
            write_long_csv(reassess(org, seed=8), outdir / "demo_org_long.csv",
                           skills=DEMO_LONG_SKILLS),
            write_messy_xlsx(reassess(org, seed=9), outdir / "demo_org_messy.xlsx")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo", metavar="OUTDIR", help="write the three demo files")
    parser.add_argument("--employees", type=int, default=50_000)
    parser.add_argument("--skills", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", help="wide xlsx of a large organisation")
    parser.add_argument("--long", help="long csv of the same organisation")
    args = parser.parse_args(argv)
    if args.demo:
        paths = write_demo(args.demo)
        print("wrote " + ", ".join(str(p) for p in paths))
        return 0
    if not (args.out or args.long):
        parser.error("give --demo OUTDIR, or --out and/or --long")
    org = generate_org(args.employees, n_skills=args.skills, seed=args.seed)
    written = []
    if args.out:
        written.append(write_wide_xlsx(org, args.out))
    if args.long:
        written.append(write_long_csv(org, args.long))
    print(f"{len(org)} employees x {len(org.skill_ids)} skills: "
          + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
