"""Realistic HR exports, written here: HRIS grids, an LMS long CSV, survey exports, a legacy
1-10 sheet, French percentages, an SFIA sheet. Each generator returns the path and what a
correct import must find (ids -> names/titles, the skill every rating column reads as).

Shared by the importer tests and the wizard tests (which put this folder on sys.path).
"""

from __future__ import annotations

import csv
import random
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

FIRST = [
    "Anna",
    "Jonas",
    "Léa",
    "Mateo",
    "Giulia",
    "Sanne",
    "João",
    "Emre",
    "Chloé",
    "Lukas",
    "Sofía",
    "Pieter",
    "Inês",
    "Marco",
    "Hannah",
    "Noah",
]
LAST = [
    "Müller",
    "Schmidt",
    "Dubois",
    "García",
    "Rossi",
    "de Vries",
    "Silva",
    "Yılmaz",
    "Lefèvre",
    "Becker",
    "Fernández",
    "Janssen",
    "Costa",
    "Bianchi",
    "Wagner",
    "Peeters",
]


@dataclass
class Expected:
    """What the import of a generated file must produce."""

    names: dict[str, str] = field(default_factory=dict)  # employee key -> name
    titles: dict[str, str] = field(default_factory=dict)  # employee key -> job title
    skills: dict[str, str] = field(default_factory=dict)  # header -> catalog skill id
    unmatched: list[str] = field(default_factory=list)  # headers reported as unmatched
    levels: dict[tuple[str, str], float] = field(default_factory=dict)  # (key, skill) -> level


def people(n: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    return [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(n)]


def write_rows_xlsx(
    path: Path, rows: list[list[Any]], sheet: str = "Sheet1", percent_cols: tuple[int, ...] = ()
) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(sheet)
    pct = wb.add_format({"num_format": "0%"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if c in percent_cols and isinstance(value, float):
                ws.write_number(r, c, value, pct)
            else:
                ws.write(r, c, value)
    wb.close()
    return path


def hris_grid(path: Path, n: int = 24) -> tuple[Path, Expected]:
    """A Workday-style grid: title rows, 'Worker' codes, 'Legal Name' as 'Last, First',
    'Known As' display names, 'Business Title', skills with abbreviations and slashes."""
    exp = Expected()
    skills = {
        "Python": "python",
        "Data Vis.": "data_visualisation",
        "Imaging / Radiology": "medical_imaging",
        "Employment Contract Law": "anti_discrimination_law",
        "Stakeholder Mgmt": "stakeholder_engagement",
        "Project management": "project_management",
    }
    exp.skills = dict(skills)
    header = [
        "Worker",
        "Legal Name",
        "Known As",
        "Business Title",
        "Supervisory Organization",
        "Location",
        "Manager",
        "Primary Work Email",
        "Cost Center",
        "Hire Date",
        "Contract Type",
        *skills,
    ]
    rows: list[list[Any]] = [
        ["Workforce skills inventory"],
        ["Report generated 2026-11-30 09:14 by HR Analytics"],
        [],
        header,
    ]
    rng = random.Random(3)
    titles = ["Paralegal", "Radiographer", "Data Analyst", "HR Business Partner"]
    for i, (first, last) in enumerate(people(n, 1)):
        key = f"W{100230 + i}"
        known = f"{first} {last}"
        title = titles[i % len(titles)]
        exp.names[key], exp.titles[key] = known, title
        levels = [rng.randint(0, 5) for _ in skills]
        for (_h, sid), level in zip(skills.items(), levels, strict=True):
            exp.levels[(key, sid)] = float(level)
        rows.append(
            [
                key,
                f"{last}, {first}",
                known,
                title,
                f"ORG-{i % 3} Operations",
                ["Hamburg", "Lyon", "Porto"][i % 3],
                "Katrin Vogel",
                f"{first.lower()}.{i}@example.com",
                f"CC{4100 + i % 4}",
                f"20{10 + i % 10}-0{1 + i % 9}-15",
                ["Permanent", "Fixed term"][i % 2],
                *levels,
            ]
        )
    rows.append(
        [
            "Total",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            *[sum(r[11 + k] for r in rows[4:]) for k in range(len(skills))],
        ]
    )
    return write_rows_xlsx(path, rows, "Export"), exp


def employee_codes_grid(path: Path, n: int = 12) -> tuple[Path, Expected]:
    """'Employee' holds the codes and 'Name' the names; 'Position Title'; a duplicate skill
    pair ('Radiology' and 'Medical imaging') and a skill whose name has an attribute word."""
    exp = Expected()
    header = [
        "Employee",
        "Name",
        "Position Title",
        "Department",
        "Radiology",
        "Medical imaging",
        "Contract Law",
        "Age band",
    ]
    exp.skills = {
        "Radiology": "medical_imaging",
        "Medical imaging": "medical_imaging",
        "Contract Law": "legal_analysis",
    }
    rows: list[list[Any]] = [header]
    for i, (first, last) in enumerate(people(n, 2)):
        key = f"E-{2040 + i}"
        exp.names[key], exp.titles[key] = f"{first} {last}", "Radiologist"
        rows.append(
            [
                key,
                f"{first} {last}",
                "Radiologist",
                "Imaging",
                1 + i % 5,
                1 + (i + 1) % 5,
                i % 4,
                ["20-29", "30-39", "40-49"][i % 3],
            ]
        )
    return write_rows_xlsx(path, rows), exp


def lms_long_csv(path: Path, n: int = 10) -> tuple[Path, Expected]:
    """A German LMS export: semicolons, cp1252, 'Nachname, Vorname', one row per person
    and skill, German skill names and level words, who rated."""
    exp = Expected()
    skills = {
        "Arbeitsrecht": "anti_discrimination_law",
        "Datenanalyse": "statistics",
        "Projektmanagement": "project_management",
        "Datenschutz": "data_privacy",
        "Künstliche Intelligenz Grundlagen": None,
    }
    words = {
        "Grundkenntnisse": 2.0,
        "Fortgeschritten": 4.0,
        "Experte": 5.0,
        "Keine": 0.0,
        "Gute Kenntnisse": 3.0,
    }
    lines = [
        "Personalnummer;Nachname, Vorname;Stellenbezeichnung;Abteilung;Kompetenz;"
        "Niveau;Bewertet von;Datum der Bewertung"
    ]
    rng = random.Random(5)
    for i, (first, last) in enumerate(people(n, 3)):
        key = str(500100 + i)
        exp.names[key], exp.titles[key] = f"{last}, {first}", "Sachbearbeiterin Personal"
        for skill, sid in skills.items():
            word = rng.choice(list(words))
            if sid:
                exp.levels[(key, sid)] = words[word]
            lines.append(
                f"{key};{last}, {first};Sachbearbeiterin Personal;Personalwesen;"
                f"{skill};{word};Selbsteinschätzung;0{1 + i % 9}.10.2026"
            )
    exp.skills = {k: v for k, v in skills.items() if v}
    exp.unmatched = ["Künstliche Intelligenz Grundlagen"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path, exp


def forms_survey(path: Path, n: int = 9) -> tuple[Path, Expected]:
    """A Microsoft-Forms-like export: a response number, times, email, name and one
    question per skill with the skill in brackets, after a dash or after a dot."""
    exp = Expected()
    questions = {
        "How would you rate your skill in [Excel]?": "excel",
        "How would you rate your skill in [Prompt engineering]?": "prompt_design",
        "Q4 - Python (self rating)": "python",
        "Q5 - Data visualisation (self rating)": "data_visualisation",
        'Please rate yourself: "Forklift operation"': None,
        "Rate your skills.Negotiation": "negotiation",
    }
    header = ["ID", "Start time", "Completion time", "Email", "Name", *questions]
    words = ["Beginner", "Intermediate", "Advanced", "Expert", "Basic"]
    value_of = {"Beginner": 1.0, "Basic": 2.0, "Intermediate": 3.0, "Advanced": 4.0, "Expert": 5.0}
    rows: list[list[Any]] = [header]
    rng = random.Random(9)
    for i, (first, last) in enumerate(people(n, 4)):
        email = f"{first.lower()}.{last.lower().replace(' ', '')}{i}@example.org"
        exp.names[email] = f"{first} {last}"
        answers = [rng.choice(words) for _ in questions]
        for (_q, sid), answer in zip(questions.items(), answers, strict=True):
            if sid:
                exp.levels[(email, sid)] = value_of[answer]
        rows.append(
            [
                i + 1,
                f"11/2{i}/26 9:0{i}:11",
                f"11/2{i}/26 9:1{i}:40",
                email,
                f"{first} {last}",
                *answers,
            ]
        )
    exp.skills = {q: s for q, s in questions.items() if s}
    exp.unmatched = ['Please rate yourself: "Forklift operation"']
    return write_rows_xlsx(path, rows, "Form1"), exp


def legacy_ten(path: Path, n: int = 14) -> tuple[Path, Expected]:
    """An old 1-10 sheet: 'Staff No.', 'Employee Name', 'Job', 'Dept', skills rated 1-10."""
    exp = Expected()
    skills = {
        "SQL": "sql",
        "Statistics": "statistics",
        "Customer Service": "customer_service",
        "Accounting": "accounting",
    }
    rows: list[list[Any]] = [["Staff No.", "Employee Name", "Job", "Dept", *skills]]
    rng = random.Random(11)
    for i, (first, last) in enumerate(people(n, 5)):
        key = str(7001 + i)
        exp.names[key], exp.titles[key] = f"{first} {last}", "Clerk"
        levels = [rng.randint(1, 10) for _ in skills]
        levels[0] = 10 if i == 0 else levels[0]
        levels[1] = 1 if i == 0 else levels[1]
        for sid, value in zip(skills.values(), levels, strict=True):
            exp.levels[(key, sid)] = round(1 + (value - 1) * 4 / 9, 2)
        rows.append([key, f"{first} {last}", "Clerk", "Back office", *levels])
    exp.skills = dict(skills)
    return write_rows_xlsx(path, rows, "Skills 2009"), exp


FRENCH_SKILLS = {
    "Analyse de données": "statistics",
    "Droit du travail": "anti_discrimination_law",
    "Gestion de projet": "project_management",
    "Imagerie médicale": "medical_imaging",
    "Droit des affaires": "legal_analysis",
}


def french_rows(n: int) -> tuple[list[list[Any]], Expected]:
    exp = Expected()
    rows: list[list[Any]] = [
        ["Matricule", "Nom", "Prénom", "Intitulé du poste", "Service", "Site", *FRENCH_SKILLS]
    ]
    rng = random.Random(13)
    for i, (first, last) in enumerate(people(n, 6)):
        key = f"FR{300 + i}"
        exp.names[key], exp.titles[key] = f"{first} {last}", "Juriste"
        shares = [rng.choice([0.2, 0.4, 0.6, 0.8, 1.0]) for _ in FRENCH_SKILLS]
        for sid, share in zip(FRENCH_SKILLS.values(), shares, strict=True):
            exp.levels[(key, sid)] = round(share * 5, 2)
        rows.append([key, last, first, "Juriste", "Direction juridique", "Lyon", *shares])
    exp.skills = dict(FRENCH_SKILLS)
    return rows, exp


def french_xlsx(path: Path, n: int = 8) -> tuple[Path, Expected]:
    """French headers, 'Nom' and 'Prénom' apart, levels as percentages (number format)."""
    rows, exp = french_rows(n)
    return write_rows_xlsx(
        path, rows, "Compétences", percent_cols=tuple(range(6, 6 + len(FRENCH_SKILLS)))
    ), exp


def french_ods(path: Path, n: int = 8) -> tuple[Path, Expected]:
    """The same as an OpenDocument sheet with percentage cells."""
    rows, exp = french_rows(n)
    cells = []
    for row in rows:
        out = []
        for value in row:
            if isinstance(value, float):
                out.append(
                    f'<table:table-cell office:value-type="percentage" '
                    f'office:value="{value}"><text:p>{value:.0%}</text:p>'
                    "</table:table-cell>"
                )
            else:
                out.append(
                    '<table:table-cell office:value-type="string"><text:p>'
                    f"{escape(str(value))}</text:p></table:table-cell>"
                )
        cells.append(f"<table:table-row>{''.join(out)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Compétences">'
        f"{''.join(cells)}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path, exp


def sfia_sheet(path: Path, n: int = 10) -> tuple[Path, Expected]:
    """Rated on SFIA 1-7 (the title says so): 1-4 stay, 5-7 become 5 (ROLE_EVIDENCE)."""
    exp = Expected()
    skills = {
        "Machine learning (MLNG)": "machine_learning",
        "Data science": "statistics",
        "Risk management (BURM)": "risk_management",
        "Quality assurance": "quality_assurance",
    }
    rows: list[list[Any]] = [
        ["SFIA 9 skills assessment — Digital team"],
        [],
        ["Employee number", "Full name", "Job role", *skills],
    ]
    sfia = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0, 6: 5.0, 7: 5.0}
    for i, (first, last) in enumerate(people(n, 7)):
        key = str(9100 + i)
        exp.names[key], exp.titles[key] = f"{first} {last}", "Data engineer"
        levels = [1 + (i + k) % 7 for k in range(len(skills))]
        for sid, value in zip(skills.values(), levels, strict=True):
            if sid:
                exp.levels[(key, sid)] = sfia[value]
        rows.append([key, f"{first} {last}", "Data engineer", *levels])
    exp.skills = {h: s for h, s in skills.items() if s}
    return write_rows_xlsx(path, rows, "SFIA"), exp


def qualtrics_csv(path: Path, n: int = 8) -> tuple[Path, Expected]:
    """A Qualtrics-style export: question codes, then the question texts, then import ids,
    then the answers; the employee id asked as a question, names in CamelCase columns."""
    exp = Expected()
    items = {
        "Python": "python",
        "SQL": "sql",
        "Negotiation": "negotiation",
        "Forklift operation": None,
    }
    codes = [
        "StartDate",
        "EndDate",
        "Status",
        "Progress",
        "Finished",
        "ResponseId",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "Q1",
        *[f"Q2_{k + 1}" for k in range(len(items))],
    ]
    texts = [
        "Start Date",
        "End Date",
        "Response Type",
        "Progress",
        "Finished",
        "Response ID",
        "Recipient Last Name",
        "Recipient First Name",
        "Recipient Email",
        "What is your employee ID?",
        *[f"How would you rate your proficiency in the following? - {k}" for k in items],
    ]
    ids = [f'{{"ImportId":"{c}"}}' for c in codes]
    words = ["Beginner", "Intermediate", "Advanced", "Expert"]
    value_of = {"Beginner": 1.0, "Intermediate": 3.0, "Advanced": 4.0, "Expert": 5.0}
    lines = [codes, texts, ids]
    for i, (first, last) in enumerate(people(n, 8)):
        key = f"E{4100 + i}"
        exp.names[key] = f"{first} {last}"
        answers = [words[(i + k) % 4] for k in range(len(items))]
        for sid, answer in zip(items.values(), answers, strict=True):
            if sid:
                exp.levels[(key, sid)] = value_of[answer]
        lines.append(
            [
                "2026-11-02 09:00:00",
                "2026-11-02 09:04:10",
                "IP Address",
                "100",
                "True",
                f"R_{i}xYz",
                last,
                first,
                f"{first.lower()}{i}@example.com",
                key,
                *answers,
            ]
        )
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(lines)
    exp.skills = {t: s for t, s in zip(texts[10:], items.values(), strict=True) if s}
    exp.unmatched = [texts[-1]]
    return path, exp


def surveymonkey_xlsx(path: Path, n: int = 7) -> tuple[Path, Expected]:
    """A SurveyMonkey-style export: a question merged over its answer columns in the first
    header row, the skills (or "Response") in the second, respondent metadata first."""
    import xlsxwriter

    exp = Expected()
    skills = {"Python": "python", "Excel": "excel", "Public speaking": "presentation_skills"}
    top = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    words = {"Beginner": 1.0, "Intermediate": 3.0, "Advanced": 4.0, "Expert": 5.0}
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet")
    ws.write_row(0, 0, top)
    ws.merge_range(0, 9, 0, 11, "How would you rate your skills in the following areas?")
    ws.write(0, 12, "What is your job title?")
    ws.write_row(1, 9, [*skills, "Response"])
    for i, (first, last) in enumerate(people(n, 9)):
        email = f"{first.lower()}.{i}@example.net"
        exp.names[email], exp.titles[email] = f"{first} {last}", "Controller"
        answers = [list(words)[(i + k) % 4] for k in range(len(skills))]
        for sid, answer in zip(skills.values(), answers, strict=True):
            exp.levels[(email, sid)] = words[answer]
        ws.write_row(
            2 + i,
            0,
            [
                11400000000 + i,
                400123,
                "11/02/2026 09:00:00",
                "11/02/2026 09:05:00",
                "10.0.0.1",
                email,
                first,
                last,
                "",
                *answers,
                "Controller",
            ],
        )
    wb.close()
    exp.skills = dict(skills)
    return path, exp


ALL = {
    "hris": hris_grid,
    "codes": employee_codes_grid,
    "lms": lms_long_csv,
    "survey": forms_survey,
    "legacy": legacy_ten,
    "french_xlsx": french_xlsx,
    "french_ods": french_ods,
    "sfia": sfia_sheet,
    "qualtrics": qualtrics_csv,
    "surveymonkey": surveymonkey_xlsx,
}
SUFFIX = {
    "hris": ".xlsx",
    "codes": ".xlsx",
    "lms": ".csv",
    "survey": ".xlsx",
    "legacy": ".xlsx",
    "french_xlsx": ".xlsx",
    "french_ods": ".ods",
    "qualtrics": ".csv",
    "surveymonkey": ".xlsx",
    "sfia": ".xlsx",
}
