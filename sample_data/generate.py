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

from planner.catalog import Catalog, load_shipped_catalog

PROFILE_HEADERS = ("Employee ID", "Name", "Email", "Department", "Job title", "Site", "Manager",
                   "Weekly training hours", "Rater", "Cost centre", "Age band", "Contract")
SITES = ("Lyon", "Leeds", "Leipzig", "Lisbon", "Lodz")
SITE_WEIGHTS = (0.28, 0.24, 0.2, 0.16, 0.12)
AGE_BANDS = ("<30", "30-39", "40-49", "50+")
RATERS = ("self", "manager", "validated")

FIRST_NAMES = (
    "Ada", "Amara", "Anna", "Aisha", "Bruno", "Camille", "Carlos", "Chen", "Chiara", "Daniel",
    "Dmitri", "Elif", "Emma", "Fatima", "Felix", "Grace", "Hannah", "Hugo", "Ines", "Ivan",
    "Jakub", "Jana", "Javier", "Jonas", "Julia", "Kenji", "Lara", "Leon", "Lucia", "Luis",
    "Maja", "Marco", "Maria", "Mateo", "Mei", "Nadia", "Nikos", "Noah", "Olga", "Omar",
    "Paula", "Pedro", "Priya", "Rafael", "Rosa", "Samir", "Sara", "Sofia", "Tariq", "Tomas",
    "Ugo", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zofia", "Zoe", "Ewa", "Kwame",
)
LAST_NAMES = (
    "Almeida", "Andersen", "Bauer", "Becker", "Bernard", "Costa", "Dubois", "Fernandes",
    "Fischer", "Garcia", "Gomez", "Haddad", "Hoffmann", "Ivanova", "Jansen", "Kaminski",
    "Kowalska", "Laurent", "Lefebvre", "Lopez", "Martin", "Meyer", "Moreau", "Nowak",
    "Okafor", "Oliveira", "Petit", "Pereira", "Rossi", "Russo", "Santos", "Schmidt",
    "Schneider", "Silva", "Smith", "Suzuki", "Tanaka", "Taylor", "Thomas", "Vasquez",
    "Wagner", "Walker", "Weber", "Wilson", "Wojcik", "Yilmaz", "Zhang", "Nguyen", "Khan",
    "Mensah",
)

# Skills every organisation rates, most common first (benchmarks take the first N).
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


@dataclass(frozen=True)
class Department:
    name: str
    weight: float
    cost_centre: str
    titles: tuple[str, ...]
    profile: dict[str, float] = field(default_factory=dict)   # skill -> mean level


DEPARTMENTS: tuple[Department, ...] = (
    Department("Marketing", 0.11, "CC-100", ("Marketing manager", "Copywriter",
               "Content strategist", "SEO specialist"),
               {"copywriting": 3.4, "marketing": 3.4, "seo_content": 2.8, "brief_analysis": 2.8,
                "customer_analytics": 2.2, "creative_problem_solving": 3.0,
                "prompt_design": 1.5, "ai_output_verification": 1.4, "ip_licensing": 1.6,
                "data_visualisation": 2.0, "image_generation": 1.0}),
    Department("Legal", 0.07, "CC-200", ("Associate", "Senior counsel", "Paralegal",
               "Contracts manager"),
               {"legal_analysis": 4.0, "legal_research_tools": 2.8, "data_privacy": 3.0,
                "compliance": 3.2, "anti_discrimination_law": 2.6, "ai_supervision": 1.6,
                "ai_regulation": 1.6, "negotiation": 3.0, "report_writing": 3.2,
                "ai_output_verification": 1.6, "risk_management": 2.6}),
    Department("Radiology", 0.07, "CC-300", ("Radiologist", "Radiographer",
               "PACS administrator", "Clinical lead"),
               {"medical_imaging": 4.1, "medical_ai_regulation": 1.8, "data_privacy": 2.6,
                "ai_output_verification": 1.6, "quality_assurance": 2.8, "statistics": 2.0,
                "model_evaluation": 1.2, "subject_matter_expertise": 3.8, "ai_literacy": 1.6}),
    Department("Teaching & L&D", 0.08, "CC-400", ("Learning designer", "Trainer",
               "L&D manager", "E-learning developer"),
               {"learning_design": 3.5, "teaching": 3.8, "ai_pedagogy": 1.8,
                "presentation_skills": 3.6, "ai_ethics": 1.6, "feedback_writing": 3.0,
                "subject_matter_expertise": 3.0, "prompt_design": 1.4, "ai_literacy": 1.6}),
    Department("Engineering", 0.12, "CC-500", ("Software engineer", "Senior engineer",
               "DevOps engineer", "Engineering manager"),
               {"python": 3.2, "software_development": 3.7, "javascript": 3.0,
                "cloud_computing": 3.0, "mlops": 1.8, "machine_learning": 1.8, "agile": 3.2,
                "cybersecurity": 2.4, "llm_knowledge": 2.0, "prompt_design": 2.0,
                "math_for_ml": 2.2, "experimentation": 2.0, "chatbot_configuration": 1.4}),
    Department("Data & Analytics", 0.09, "CC-600", ("Data scientist", "Data analyst",
               "ML engineer", "Analytics lead"),
               {"python": 3.6, "sql": 3.7, "statistics": 3.6, "machine_learning": 3.0,
                "deep_learning": 2.2, "data_preparation": 3.5, "data_visualisation": 3.2,
                "math_for_ml": 3.0, "model_evaluation": 2.6, "experimentation": 3.0,
                "fine_tuning": 1.6, "recommender_systems": 1.8, "time_series": 2.4,
                "customer_analytics": 2.6, "data_quality": 3.0, "llm_knowledge": 2.2,
                "bias_testing": 1.6, "report_writing": 3.0, "rl_algorithms": 1.2}),
    Department("Customer Service", 0.1, "CC-700", ("Service agent", "Team lead",
               "Quality coach", "Service operations manager"),
               {"customer_service": 3.8, "conversation_design": 1.8, "escalation_design": 2.4,
                "language_culture": 3.0, "policy_interpretation": 2.4,
                "chatbot_configuration": 1.2, "data_labelling": 1.8, "feedback_writing": 2.4,
                "customer_analytics": 1.8}),
    Department("Design", 0.07, "CC-800", ("Graphic designer", "Art director",
               "UX designer", "Illustrator"),
               {"graphic_design": 3.9, "image_editing": 3.6, "ux_design": 3.0,
                "brief_analysis": 3.2, "image_generation": 1.8, "photography": 2.6,
                "ip_licensing": 2.0, "prototyping": 2.8, "user_research": 2.4,
                "creative_problem_solving": 3.4}),
    Department("Game Studio", 0.07, "CC-900", ("Game designer", "Level designer",
               "Gameplay programmer", "Technical artist"),
               {"game_design": 3.7, "procedural_generation": 2.0, "prototyping": 3.2,
                "user_research": 2.8, "software_development": 2.8, "python": 2.2,
                "animation_3d": 2.8, "image_generation": 1.6, "math_for_ml": 2.0,
                "rl_algorithms": 1.0, "creative_problem_solving": 3.2}),
    Department("Finance", 0.07, "CC-110", ("Financial analyst", "Controller",
               "Accountant", "FP&A manager"),
               {"financial_analysis": 3.8, "accounting": 3.6, "excel": 4.0,
                "time_series": 2.4, "statistics": 2.6, "risk_management": 2.8,
                "data_visualisation": 2.6, "sql": 2.0, "machine_learning": 1.0,
                "model_evaluation": 1.2, "presentation_skills": 3.0}),
    Department("HR", 0.05, "CC-120", ("HR business partner", "Recruiter",
               "People analyst", "Compensation specialist"),
               {"hr_management": 3.8, "anti_discrimination_law": 3.0, "data_privacy": 2.6,
                "stakeholder_engagement": 3.4, "change_management": 3.0, "statistics": 1.8,
                "bias_testing": 1.4, "ai_ethics": 1.6}),
    Department("Trust & Safety", 0.04, "CC-130", ("Content moderator", "Policy specialist",
               "Trust & safety analyst", "Investigations lead"),
               {"policy_interpretation": 3.6, "misinformation_detection": 2.8,
                "language_culture": 3.4, "ai_ethics": 2.4, "data_labelling": 2.6,
                "risk_management": 2.4, "ai_governance": 1.6, "ai_regulation": 1.8,
                "quality_assurance": 2.4}),
    Department("Media Production", 0.03, "CC-140", ("Producer", "Video editor",
               "VFX artist", "Scriptwriter"),
               {"video_editing": 3.7, "vfx_production": 3.2, "scriptwriting": 3.0,
                "genai_media_pipelines": 1.6, "digital_replica_rights": 1.8,
                "music_production": 2.4, "emerging_tech": 2.4, "animation_3d": 2.4}),
    Department("E-commerce", 0.03, "CC-150", ("E-commerce manager", "Merchandiser",
               "Growth analyst", "Product owner"),
               {"customer_analytics": 3.4, "experimentation": 3.0, "recommender_systems": 1.6,
                "sql": 2.8, "marketing": 3.0, "statistics": 2.6, "data_privacy": 2.0,
                "python": 1.8, "business_analysis": 3.0}),
)

# What everyone has a little of (means; department profiles override).
BASELINE: dict[str, float] = {
    "communication": 3.0, "excel": 2.6, "project_management": 2.0, "ai_literacy": 1.8,
    "presentation_skills": 2.5, "stakeholder_engagement": 2.3, "report_writing": 2.3,
    "creative_problem_solving": 2.3, "agile": 1.4, "prompt_design": 1.2,
    "llm_knowledge": 0.7, "data_privacy": 1.5, "ai_ethics": 0.8, "people_leadership": 1.5,
    "negotiation": 1.6, "feedback_writing": 2.0, "language_culture": 2.0,
}
LEAD_TITLE_WORDS = ("Senior", "lead", "manager", "Art director", "Controller")


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


def generate_org(n_employees: int, *, n_skills: int | None = None, seed: int = 7,
                 catalog: Catalog | None = None, blank_share: float = 0.05) -> Org:
    """A deterministic organisation of ``n_employees`` rated on the first ``n_skills``."""
    catalog = catalog or load_shipped_catalog()
    rng = np.random.default_rng(seed)
    skills = skill_order(catalog)[: n_skills or None]
    column = {s: j for j, s in enumerate(skills)}
    n = n_employees

    weights = np.array([d.weight for d in DEPARTMENTS])
    dept_index = rng.choice(len(DEPARTMENTS), size=n, p=weights / weights.sum())
    title_pick = rng.integers(0, 4, size=n)
    site_index = rng.choice(len(SITES), size=n, p=SITE_WEIGHTS)
    first = rng.integers(0, len(FIRST_NAMES), size=n)
    last = rng.integers(0, len(LAST_NAMES), size=n)

    # Means: baseline, then the department's profile; the rest of the catalog stays low.
    means = np.full((len(DEPARTMENTS), len(skills)), 0.4, dtype=np.float64)
    for s, j in column.items():
        means[:, j] = BASELINE.get(s, 0.4)
    for d, dept in enumerate(DEPARTMENTS):
        for s, mean in dept.profile.items():
            if s in column:
                means[d, column[s]] = mean
    mu = means[dept_index]
    # Seniority lifts the domain levels; an "AI enthusiast" streak lifts AI skills.
    seniority = np.where(title_pick == 1, 0.5, np.where(title_pick == 2, -0.4, 0.0))
    enthusiasm = np.where(rng.random(n) < 0.12, rng.uniform(0.8, 2.2, n), 0.0)
    ai_cols = np.array([catalog.skills[s].category == "ai" for s in skills])
    mu = mu + seniority[:, None] * (mu > 2.0) + enthusiasm[:, None] * ai_cols[None, :]
    levels = np.clip(np.rint(mu + rng.normal(0.0, 0.8, size=mu.shape)), 0, 5)
    levels[rng.random(levels.shape) < blank_share] = np.nan

    ids = [f"E{10001 + i}" for i in range(n)]
    names = [f"{FIRST_NAMES[f]} {LAST_NAMES[la]}" for f, la in zip(first, last, strict=True)]
    emails = [_email(name, i) for i, name in enumerate(names)]
    departments = [DEPARTMENTS[d].name for d in dept_index]
    titles = [DEPARTMENTS[d].titles[t] for d, t in zip(dept_index, title_pick, strict=True)]
    managers = _managers(names, departments, titles)
    hours = (rng.integers(2, 9, size=n)).astype(float).tolist()
    raters = [RATERS[r] for r in rng.choice(3, size=n, p=(0.6, 0.3, 0.1))]
    ages = [AGE_BANDS[a] for a in rng.choice(4, size=n, p=(0.22, 0.34, 0.26, 0.18))]
    contracts = ["fixed-term" if x < 0.15 else "permanent" for x in rng.random(n)]
    return Org(ids, names, emails, departments, titles, [SITES[s] for s in site_index],
               managers, hours, raters, [DEPARTMENTS[d].cost_centre for d in dept_index],
               ages, contracts, skills, [catalog.skills[s].name for s in skills], levels)


def _email(name: str, i: int) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    first, last = ascii_name.lower().split(" ", 1)
    return f"{first}.{last.replace(' ', '')}{i % 97}@example.org"


def _managers(names: list[str], departments: list[str], titles: list[str]) -> list[str]:
    """Each department's first lead-titled person manages it (and reports to nobody)."""
    heads: dict[str, str] = {}
    for name, dept, title in zip(names, departments, titles, strict=True):
        if dept not in heads and any(w in title for w in LEAD_TITLE_WORDS):
            heads[dept] = name
    return ["" if heads.get(d) == n else heads.get(d, "") for n, d in zip(names, departments,
                                                                           strict=True)]


def _level_cell(value: float) -> int | None:
    return None if np.isnan(value) else int(value)


def write_wide_xlsx(org: Org, path: str | Path) -> Path:
    """One row per employee, one column per skill (levels 0-5), openpyxl write-only."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Skills")
    ws.freeze_panes = "C2"
    ws.append([*PROFILE_HEADERS, *org.skill_names])
    rows = org.levels.tolist()
    for i in range(len(org)):
        ws.append([*org.profile_row(i),
                   *(None if v != v else int(v) for v in rows[i])])
    path = Path(path)
    wb.save(path)
    return path


def write_long_csv(org: Org, path: str | Path, *, rater: str = "manager",
                   skills: int | None = 30) -> Path:
    """One row per employee × skill (the first ``skills`` skills), as HR systems export."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["employee_id", "name", "department", "site", "skill", "level", "rater"])
        for i in range(len(org)):
            for j, name in enumerate(org.skill_names[:skills]):
                value = org.levels[i, j]
                if not np.isnan(value):
                    out.writerow([org.employee_ids[i], org.names[i], org.departments[i],
                                  org.sites[i], name, int(value), rater])
    return path


# The messy sheet's skill columns: header as HR typed it, and how levels are written.
MESSY_SKILLS: tuple[tuple[str, str, str], ...] = (
    ("python", "Python (1-10)", "ten"),
    ("machine_learning", "Maschinelles Lernen", "de"),
    ("prompt_design", "Prompt engineering", "en"),
    ("copywriting", "Copywriting ", "fraction"),
    ("legal_analysis", "Análisis jurídico", "es"),
    ("communication", "Communication", "fr"),
    ("statistics", "Statistics %", "percent"),
    ("ai_literacy", "AI literacy", "number"),
)
_WORDS = {
    "en": ("None", "Beginner", "Basic", "Intermediate", "adv.", "Expert"),
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
        [org.employee_ids[2], org.names[2], org.emails[2], "Finance", "Controller", "Leeds"],
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
    lookup = wb.create_sheet("Lookup")
    lookup.append(["Level words used in this survey"])
    for words in _WORDS.values():
        lookup.append(list(words))
    lookup.sheet_state = "hidden"
    path = Path(path)
    wb.save(path)
    return path


DEMO_PEOPLE = 300


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
            write_long_csv(reassess(org, seed=8), outdir / "demo_org_long.csv"),
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
        written.append(write_long_csv(org, args.long, skills=None))
    print(f"{len(org)} employees x {len(org.skill_ids)} skills: "
          + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
