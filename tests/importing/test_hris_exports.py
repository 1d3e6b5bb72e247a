"""Stand-ins for real HRIS exports, built at test time as each product writes them:
Workday's report parameters above the table, SuccessFactors' rating labels, Oracle's
several "Rating …" columns, Personio's German semicolon CSV, form exports answered twice."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from imp_helpers import new_workspace, stored_ratings, write_xlsx

from planner.importing import import_file
from planner.importing.headers import is_attribute_header, role_of_header
from planner.importing.levels import parse_level


def _csv(path: Path, rows: list[list[object]], *, encoding="utf-8", delimiter=",") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def _levels(ws) -> dict[tuple[str, str], float]:
    return {(key, skill): level for key, skill, _src, level, _raw in stored_ratings(ws)}


def test_workday_report_parameters_above_the_table_are_not_its_header(tmp_path):
    rows: list[list[object]] = [
        ["Worker Skills and Proficiency"],
        ["Report Parameters"],
        ["Organization", "Acme Corp (Top Level)"],
        ["Include Subordinate Organizations", "Yes"],
        [],
        ["Worker", "Worker ID", "Supervisory Organization", "Skill", "Proficiency Level"],
    ]
    rows += [
        [f"Anna Person{i}", f"W{i:05d}", "Legal (Jane Boss)", "Python", "Advanced"]
        for i in range(6)
    ]
    rows += [["Total", None, None, None, 6]]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "workday.xlsx", rows))
    assert report.employees_added == 6 and not report.errors
    assert _levels(ws)[("W00003", "python")] == 4.0


def test_a_two_column_table_is_still_found_at_the_top(tmp_path):
    rows: list[list[object]] = [["Name", "Python"]] + [[f"Person {i}", 3] for i in range(5)]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "two.xlsx", rows))
    assert report.employees_added == 5


@pytest.mark.parametrize(
    "label, level",
    [
        ("Unsatisfactory", 1.0),
        ("Does not meet expectations", 1.0),
        ("Needs Improvement", 2.0),
        ("Partially meets expectations", 2.0),
        ("Developing", 2.0),
        ("Meets Expectations", 3.0),
        ("Exceeds Expectations", 4.0),
        ("Role Model", 5.0),
        ("Outstanding", 5.0),
        ("Erfüllt die Erwartungen", 3.0),
    ],
)
def test_rating_scale_labels_of_hr_systems_are_levels(label, level):
    assert parse_level(label).level == level


def test_successfactors_labels_are_imported_not_warned_blank(tmp_path):
    labels = ["Needs Improvement", "Meets Expectations", "Exceeds Expectations", "Role Model"]
    rows: list[list[object]] = [["Person ID External", "Full Name", "Competency", "Rating"]]
    rows += [[f"10{i}", f"Person {i}", "Python", labels[i % 4]] for i in range(8)]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "sf.xlsx", rows))
    assert not report.warnings, report.warnings
    assert _levels(ws)[("103", "python")] == 5.0


def test_oracle_rating_model_is_not_read_as_the_level(tmp_path):
    words = ["Novice", "Basic", "Intermediate", "Advanced", "Expert"]
    rows: list[list[object]] = [
        [
            "Person Number",
            "Person Name",
            "Content Item",
            "Rating Model",
            "Rating Level",
            "Rating Level Description",
        ]
    ]
    rows += [
        [str(100 + i), f"Person{i}, Anna", "SQL", "Proficiency 5 Point", i % 5 + 1, words[i % 5]]
        for i in range(10)
    ]
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "oracle.csv", rows))
    assert not report.warnings, report.warnings
    assert report.ratings == 10
    assert _levels(ws)[("102", "sql")] == 3.0


@pytest.mark.parametrize(
    "header", ["Required Level", "Expected Proficiency", "Soll-Niveau", "Target Level"]
)
def test_a_required_level_is_not_the_persons_level(header):
    assert role_of_header(header)[0] is None and is_attribute_header(header)


def test_required_level_next_to_the_rating_is_kept_apart(tmp_path):
    rows: list[list[object]] = [["Employee ID", "Name", "Skill", "Required Level", "Rating"]]
    rows += [[f"E{i}", f"Person {i}", "Python", 5, i % 5] for i in range(10)]
    ws = new_workspace(tmp_path)
    import_file(ws, write_xlsx(tmp_path / "gap.xlsx", rows))
    assert _levels(ws)[("E2", "python")] == 2.0


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_personio_german_long_export_with_decimal_comma_weights(tmp_path, encoding):
    rows: list[list[object]] = [
        [
            "Personalnummer",
            "Vorname",
            "Nachname",
            "Abteilung",
            "Fähigkeit",
            "Kenntnisstand",
            "Gewichtung",
        ]
    ]
    words = ["Grundkenntnisse", "Fortgeschritten", "Experte"]
    for i in range(6):
        for k, skill in enumerate(["Python", "Datenanalyse"]):
            rows.append(
                [f"{i:06d}", "Jörg", f"Müller{i}", "Finanzen", skill, words[(i + k) % 3], "0,5"]
            )
    ws = new_workspace(tmp_path)
    report = import_file(
        ws, _csv(tmp_path / "personio.csv", rows, encoding=encoding, delimiter=";")
    )
    assert report.employees_added == 6 and not report.warnings, report.warnings
    assert report.ratings == 12
    levels = _levels(ws)
    assert levels[("000001", "python")] == 4.0 and levels[("000001", "data_analysis")] == 5.0


def test_words_only_columns_do_not_take_a_fraction_scale_from_another_column(tmp_path):
    rows: list[list[object]] = [["Personalnummer", "Name", "Python", "SQL", "Auslastung"]]
    rows += [[f"{i:04d}", f"Person {i}", "Experte", 3, "0,75"] for i in range(6)]
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "wide.csv", rows, delimiter=";"))
    levels = _levels(ws)
    assert not report.unmapped_columns and not report.skills_added
    assert levels[("0001", "python")] == 5.0 and levels[("0001", "sql")] == 3.0
    assert {skill for _key, skill in levels} == {"python", "sql"}


def test_a_form_question_names_a_short_skill(tmp_path):
    rows: list[list[object]] = [
        ["Timestamp", "Email Address", "How would you rate your SQL skills?"]
    ]
    rows += [[f"2026-11-0{i + 1} 09:00:00", f"p{i}@acme.com", i % 5 + 1] for i in range(5)]
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "form.csv", rows))
    assert not report.skills_added and report.ratings == 5
    assert _levels(ws)[("p2@acme.com", "sql")] == 3.0


@pytest.mark.parametrize(
    "header, older, newer",
    [
        ("Timestamp", "11/12/2026 9:05:00", "11/12/2026 16:40:12"),  # Google Forms, US
        ("Timestamp", "2026/11/12 9:05:00 AM GMT+1", "2026/11/12 4:40:12 PM GMT+1"),
        ("Completion time", "12.11.2026 09:05", "12.11.2026 16:40"),
        ("Zeitstempel", "2026-11-12T09:05:00", "2026-11-12T16:40:00"),
    ],
)
def test_a_form_answered_twice_keeps_the_newest_answer(tmp_path, header, older, newer):
    rows: list[list[object]] = [[header, "Email", "Name", "How would you rate your Python skills?"]]
    rows.append([newer, "ann@acme.com", "Ann Lee", 5])  # exports sorted newest first
    rows += [[older, f"p{i}@acme.com", f"P {i}", 2] for i in range(4)]
    rows.append([older, "ann@acme.com", "Ann Lee", 1])
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "form.csv", rows))
    assert report.employees_added == 5
    assert _levels(ws)[("ann@acme.com", "python")] == 5.0
    assert any(header in w.message and "newer" in w.message for w in report.warnings)


def _matrix(path: Path, *, merge: bool, heading: str = "— {} —") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Skills matrix 2026"])
    ws.append([])
    ws.append(["Name", "Technical", None, "Business"])
    ws.append([None, "Python", "SQL", "Data analysis"])
    ws.merge_cells("B3:C3")
    for dept in ("Legal", "Finance"):
        ws.append([heading.format(dept)])
        if merge:
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        for i in range(3):
            ws.append([f"{dept[0]}. Person{i}", i + 1, 2, 3])
    ws.append(["Pat Unrated"])  # a person with no ratings yet stays a person
    wb.save(path)
    return path


@pytest.mark.parametrize(
    "merge, heading", [(True, "{}"), (True, "— {} —"), (False, "--- {} ---"), (False, "{}:")]
)
def test_group_headings_inside_a_hand_made_matrix_are_departments(tmp_path, merge, heading):
    ws = new_workspace(tmp_path)
    report = import_file(ws, _matrix(tmp_path / "matrix.xlsx", merge=merge, heading=heading))
    assert report.employees_added == 7, report.notes
    assert sum("looks like a group heading" in n for n in report.notes) == 2
    depts = dict(ws.conn.execute("SELECT name, department FROM employees"))
    assert depts["L. Person1"] == "Legal" and depts["F. Person2"] == "Finance"
    assert _levels(ws)[("F. Person2", "python")] == 3.0


def test_levels_shown_by_colours_only_are_named_not_imported_as_blanks(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Python", "SQL"])
    for i in range(5):
        ws.append([f"Person {i}"])
        for c in (2, 3):
            colour = ("FF0000", "FFFF00", "00FF00")[(i + c) % 3]
            ws.cell(ws.max_row, c).fill = PatternFill("solid", fgColor=colour)
    wb.save(tmp_path / "colours.xlsx")
    workspace = new_workspace(tmp_path)
    report = import_file(workspace, tmp_path / "colours.xlsx", dry_run=True)
    said = [w.message for w in report.warnings if "empty in every row" in w.message]
    assert said and "colours cannot be read" in said[0] and "'Python'" in said[0]


def test_cornerstone_competency_title_is_the_skill_not_a_job_title(tmp_path):
    rows: list[list[object]] = [
        ["User ID", "User Full Name", "Competency Title", "Expected Proficiency", "Proficiency"]
    ]
    words = ["Beginner", "Intermediate", "Advanced", "Expert"]
    rows += [[f"{1000 + i}", f"Person {i}", "SQL", "Expert", words[i % 4]] for i in range(8)]
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "cornerstone.csv", rows))
    assert report.layout == "long" and report.ratings == 8
    assert _levels(ws)[("1002", "sql")] == 4.0  # the person's "Advanced", not the expected


def test_an_eight_level_scale_tops_out_at_eight(tmp_path):
    rows: list[list[object]] = [["User Email", "Skill Name", "Skill Level"]]
    rows += [[f"u{i}@acme.com", "Python", i % 8 + 1] for i in range(16)]
    ws = new_workspace(tmp_path)
    import_file(ws, _csv(tmp_path / "degreed.csv", rows))
    levels = _levels(ws)
    assert levels[("u7@acme.com", "python")] == 5.0 and levels[("u0@acme.com", "python")] == 1.0


def test_a_form_answered_twice_keeps_the_newest_answers_details_too(tmp_path):
    rows: list[list[object]] = [["Timestamp", "Email", "Team", "Python"]]
    rows.append(["2026-11-12 16:40:00", "ann@acme.com", "Finance", 5])
    rows += [["2026-11-12 09:00:00", f"p{i}@acme.com", "IT", 2] for i in range(4)]
    rows.append(["2026-11-12 09:05:00", "ann@acme.com", "Legal", 1])
    ws = new_workspace(tmp_path)
    report = import_file(ws, _csv(tmp_path / "form.csv", rows))
    team = dict(ws.conn.execute("SELECT employee_key, department FROM employees"))
    assert team["ann@acme.com"] == "Finance"
    assert any("newer row" in w.message and "'Legal'" in w.message for w in report.warnings)
