"""The import template: headers, drop-downs, sheets, and a round trip through the importer
without any mapping."""

from __future__ import annotations

import openpyxl

from planner.exporting import export_report, export_template
from planner.exporting.template import PROFILE_HEADERS, TEMPLATE_ROWS
from planner.importing import import_file
from planner.store.levels import iter_ratings


def test_template_headers_and_validations(workspace, tmp_path):
    out = tmp_path / "template.xlsx"
    export_template(workspace, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Employees", "Instructions", "Levels"]
    ws = book["Employees"]
    catalog = workspace.catalog()
    headers = [c.value for c in ws[1]]
    assert headers == [*PROFILE_HEADERS, *(s.name for s in catalog.skills.values())]
    assert ws.freeze_panes == "C2"
    lists = {v.formula1: str(v.sqref) for v in ws.data_validations.dataValidation}
    levels = lists['"0,1,2,3,4,5"']
    last_col = openpyxl.utils.get_column_letter(len(headers))
    assert levels == f"J2:{last_col}{TEMPLATE_ROWS + 1}"
    assert lists['"self,peer,manager,validated"'] == f"I2:I{TEMPLATE_ROWS + 1}"
    level_rows = [r for r in book["Levels"].iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in level_rows] == [0, 1, 2, 3, 4, 5]


def test_template_from_a_catalog(workspace, tmp_path):
    out = tmp_path / "t.xlsx"
    export_template(workspace.catalog(), out)
    assert openpyxl.load_workbook(out)["Employees"]["J1"].value


def test_filled_template_imports_without_mapping(workspace, tmp_path):
    out = tmp_path / "template.xlsx"
    export_template(workspace, out)
    book = openpyxl.load_workbook(out)
    ws = book["Employees"]
    headers = [c.value for c in ws[1]]
    skills = list(workspace.catalog().skills)
    people = [
        ["E1", "Ann Lee", "ann@example.com", "IT", "Developer", "Paris", "Bob", 5, "manager"],
        ["E2", "Bo Chan", "bo@example.com", "HR", "HR partner", "Lyon", "Bob", None, "self"],
        ["E3", "Cy Dee", "cy@example.com", "IT", "Analyst", "Paris", "Ann", 3, "validated"],
    ]
    for r, profile in enumerate(people, 2):
        for c, value in enumerate(profile, 1):
            ws.cell(r, c, value)
        for j in range(len(skills)):
            if (j + r) % 3:
                ws.cell(r, len(PROFILE_HEADERS) + 1 + j, (j * r) % 6)
    book.save(tmp_path / "filled.xlsx")

    report = import_file(workspace, tmp_path / "filled.xlsx")

    assert not report.errors and not report.skills_added and not report.unmapped_columns
    rows = workspace.conn.execute(
        "SELECT employee_key, name, email, department, job_title, site, manager, "
        "weekly_hours FROM employees ORDER BY employee_key"
    ).fetchall()
    assert rows[0] == ("E1", "Ann Lee", "ann@example.com", "IT", "Developer", "Paris", "Bob", 5.0)
    assert rows[2][1] == "Cy Dee"
    keys = dict(workspace.conn.execute("SELECT id, employee_key FROM employees"))
    ratings = {(keys[e], s): (lvl, src) for e, s, _a, src, lvl, _raw in iter_ratings(workspace)}
    expected = {}
    for r, profile in enumerate(people, 2):
        for j, skill in enumerate(skills):
            if (j + r) % 3:
                expected[(profile[0], skill)] = (float((j * r) % 6), profile[8])
    assert ratings == expected
    assert headers[len(PROFILE_HEADERS)] == workspace.catalog().skills[skills[0]].name


def test_report_of_an_imported_workspace_shows_imported_levels(workspace, tmp_path):
    out = tmp_path / "template.xlsx"
    export_template(workspace, out)
    book = openpyxl.load_workbook(out)
    ws = book["Employees"]
    for c, value in enumerate(["E9", "Di Eno", "", "Ops", "", "Lyon", "", None, "peer"], 1):
        ws.cell(2, c, value)
    ws.cell(2, len(PROFILE_HEADERS) + 1, 4)  # first skill
    ws.cell(2, len(PROFILE_HEADERS) + 3, 0)  # third skill: assessed as none
    book.save(tmp_path / "filled.xlsx")
    import_file(workspace, tmp_path / "filled.xlsx")

    export_report(workspace, tmp_path / "report.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["Employees"]
    headers = [c.value for c in sheet[1]]
    names = [s.name for s in workspace.catalog().skills.values()]
    skill_headers = [h for h in headers if h in names]
    assert sorted(skill_headers) == sorted([names[0], names[2]])  # only skills rated
    values = dict(zip(headers, [c.value for c in sheet[2]], strict=False))
    assert (values[names[0]], values[names[2]]) == (4, 0)
    summary = openpyxl.load_workbook(tmp_path / "report.xlsx")["Summary"]
    figures = {r[0]: r[1] for r in summary.iter_rows(values_only=True) if r and r[0]}
    assert figures["People with skill levels"] == 1
