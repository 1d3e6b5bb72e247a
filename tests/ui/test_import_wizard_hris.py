"""HRIS export shapes through the import wizard: Workday's parameter block above the
table, a hand-made matrix with group headings between the people, a form answered twice."""

from __future__ import annotations

import csv

from openpyxl import Workbook
from test_import_wizard_realistic import import_through, open_on_mapping, roles_by_header

from planner.store import Workspace
from planner.store.levels import iter_ratings


def _stored(window):
    with Workspace.open(window.state.path) as ws:
        people = dict(ws.conn.execute("SELECT employee_key, department FROM employees"))
        keys = dict(ws.conn.execute("SELECT id, employee_key FROM employees"))
        levels = {(keys[e], s): v for e, s, _a, _src, v, _raw in iter_ratings(ws)}
    return people, levels


def test_workday_report_with_parameters_through_the_wizard(window, qtbot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Worker Skills"])
    ws.append(["Organization", "Acme Corp (Top Level)"])
    ws.append(["Effective Date", "2026-11-30"])
    ws.append([])
    ws.append(["Worker", "Worker ID", "Supervisory Organization", "Skill", "Proficiency Level"])
    for i in range(6):
        ws.append([f"Anna Worker{i}", f"W9{i:04d}", "Legal", "Python", "Meets Expectations"])
    wb.save(tmp_path / "workday.xlsx")
    wizard = open_on_mapping(window, qtbot, tmp_path / "workday.xlsx")
    roles = roles_by_header(wizard)
    assert roles["Worker ID"] == "employee_id" and roles["Skill"] == "skill_name"
    assert roles["Proficiency Level"] == "level"
    import_through(wizard, qtbot, window)
    _people, levels = _stored(window)
    assert levels[("W90003", "python")] == 3.0
    wizard.accept()


def test_matrix_with_group_headings_through_the_wizard(window, qtbot, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Python", "SQL"])
    for dept in ("Legal", "Finance"):
        ws.append([f"— {dept} —"])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
        for i in range(3):
            ws.append([f"{dept} Person{i}", i + 1, 2])
    wb.save(tmp_path / "matrix.xlsx")
    wizard = open_on_mapping(window, qtbot, tmp_path / "matrix.xlsx")
    notes = wizard.mapping_page.notes.text()
    assert "group heading" in notes and "department" in notes
    import_through(wizard, qtbot, window)
    people, levels = _stored(window)
    assert "— Legal —" not in people and people["Finance Person2"] == "Finance"
    assert levels[("Finance Person2", "python")] == 3.0
    wizard.accept()


def test_form_answered_twice_through_the_wizard(window, qtbot, tmp_path):
    with open(tmp_path / "form.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Timestamp", "Email Address", "How would you rate your SQL skills?"])
        out.writerow(["11/12/2026 16:40:00", "ann@acme.com", 5])
        for i in range(4):
            out.writerow(["11/12/2026 9:00:00", f"p{i}@acme.com", 2])
        out.writerow(["11/12/2026 9:05:00", "ann@acme.com", 1])
    wizard = open_on_mapping(window, qtbot, tmp_path / "form.csv")
    assert roles_by_header(wizard)["How would you rate your SQL skills?"] == "skill:sql"
    import_through(wizard, qtbot, window)
    _people, levels = _stored(window)
    assert levels[("ann@acme.com", "sql")] == 5.0
    wizard.accept()


def test_web_page_and_excel_2003_exports_through_the_wizard(window, qtbot, tmp_path):
    """HR systems' "Export to Excel" often writes a web page or Excel 2003 XML named .xls:
    the wizard reads them and says what they are."""
    rows = "".join(
        f"<tr><td>H{i}</td><td>Page Person{i}</td><td>{i % 5 + 1}</td></tr>" for i in range(5)
    )
    page = tmp_path / "hris_export.xls"
    page.write_text(
        "<html><body><table><tr><th>Employee ID</th><th>Name</th><th>Python</th></tr>"
        f"{rows}</table></body></html>",
        encoding="utf-8",
    )
    wizard = open_on_mapping(window, qtbot, page)
    assert "is a web page" in wizard.mapping_page.notes.text()
    import_through(wizard, qtbot, window)
    wizard.accept()
    cells = "".join(
        f'<Row><Cell><Data ss:Type="String">X{i}</Data></Cell><Cell><Data ss:Type="String">'
        f'Xml Person{i}</Data></Cell><Cell><Data ss:Type="Number">{i % 5 + 1}</Data></Cell>'
        "</Row>"
        for i in range(5)
    )
    xml = tmp_path / "export2003.xml"
    xml.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Skills">'
        '<Table><Row><Cell><Data ss:Type="String">Employee ID</Data></Cell><Cell><Data '
        'ss:Type="String">Name</Data></Cell><Cell><Data ss:Type="String">Python</Data>'
        f"</Cell></Row>{cells}</Table></Worksheet></Workbook>",
        encoding="utf-8",
    )
    wizard = open_on_mapping(window, qtbot, xml)
    import_through(wizard, qtbot, window)
    wizard.accept()
    _people, levels = _stored(window)
    assert levels[("H3", "python")] == 4.0 and levels[("X2", "python")] == 3.0
