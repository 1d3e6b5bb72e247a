"""Realistic HR exports (written by ``realistic.py``) through the command line: names, titles,
ids and every skill column right, and nothing dropped without a line in the report."""

from __future__ import annotations

import json

import pytest
import realistic
from imp_helpers import stored_ratings

from planner.cli import main
from planner.store import Workspace


def cli_import(tmp_path, name, capsys, *extra):
    path, expected = realistic.ALL[name](tmp_path / f"{name}{realistic.SUFFIX[name]}")
    ws_path = tmp_path / f"{name}.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path), *extra]) == 0
    out = capsys.readouterr().out
    return ws_path, expected, out


def people(ws_path):
    with Workspace.open(ws_path) as ws:
        rows = ws.conn.execute("SELECT employee_key, name, job_title FROM employees")
        return {k: (n, t) for k, n, t in rows}


def levels(ws_path):
    with Workspace.open(ws_path) as ws:
        return {(k, s): round(level, 2) for k, s, _src, level, _raw in stored_ratings(ws)}


@pytest.mark.parametrize("name", sorted(realistic.ALL))
def test_realistic_file_imports_people_and_every_skill(tmp_path, capsys, name):
    ws_path, expected, _ = cli_import(tmp_path, name, capsys, "--json")
    found = people(ws_path)
    assert set(found) == set(expected.names)
    for key, name_ in expected.names.items():
        assert found[key][0] == name_, key
        if expected.titles:
            assert found[key][1] == expected.titles[key], key
    stored = levels(ws_path)
    for (key, skill), level in expected.levels.items():
        assert stored.get((key, skill)) == pytest.approx(level, abs=0.01), (key, skill)


@pytest.mark.parametrize("name", sorted(realistic.ALL))
def test_report_names_every_skill_column_and_lists_the_unmatched(tmp_path, capsys, name):
    path, expected = realistic.ALL[name](tmp_path / f"{name}{realistic.SUFFIX[name]}")
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for header, skill in expected.skills.items():
        assert report["skills_mapped"].get(header, skill) == skill, header
    long_names = set(report["skills_mapped"]) - {c["header"] for c in report["columns"]}
    if report["layout"] == "wide":
        assert set(expected.skills) <= set(report["skills_mapped"])
    else:
        assert set(expected.skills) <= long_names
    listed = {u["name"] for u in report["unmatched"]}
    for header in expected.unmatched:
        assert any(name in header for name in listed), (header, listed)
    for item in report["unmatched"]:
        assert item["closest"], item  # the closest catalog skills are offered
    # every column that is not a skill, a field or ignored is kept as an attribute
    roles = {c["role"] for c in report["columns"]}
    assert roles <= {
        "employee_id",
        "name",
        "first_name",
        "last_name",
        "email",
        "department",
        "job_title",
        "site",
        "manager",
        "weekly_hours",
        "rater",
        "skill_name",
        "level",
        "attribute",
        "ignore",
        "unknown_skill",
    } | {r for r in roles if r.startswith("skill:")}


def test_cli_text_report_shows_scale_per_column_and_unmatched(tmp_path, capsys):
    _, _, out = cli_import(tmp_path, "survey", capsys)
    assert "'Q4 - Python (self rating)': Python, scale 0-5" in out
    assert "unmatched: 'Forklift operation' (column J) matches no catalog skill" in out
    assert "closest catalog skills:" in out


def test_sfia_levels_follow_its_table_and_the_scale_is_shown(tmp_path, capsys):
    ws_path, _, out = cli_import(tmp_path, "sfia", capsys)
    assert "scale SFIA 1-7" in out
    stored = levels(ws_path)
    # 9100 has 1, 2, 3, 4; 9104 has 5, 6, 7, 1 (ML, statistics, risk, QA)
    assert stored[("9103", "machine_learning")] == 4.0
    assert stored[("9104", "machine_learning")] == 5.0
    assert stored[("9104", "statistics")] == 5.0
    assert stored[("9104", "risk_management")] == 5.0


def test_duplicate_skill_columns_say_which_value_won(tmp_path, capsys):
    ws_path, _, out = cli_import(tmp_path, "codes", capsys)
    line = next(x for x in out.splitlines() if "both read as" in x)
    assert "'Radiology'" in line and "'Medical imaging'" in line
    assert "is kept" in line and "different levels" in line
    stored = levels(ws_path)
    # both match by name: the column further right (Medical imaging, 1 + (i+1) % 5) wins
    assert stored[("E-2040", "medical_imaging")] == 2.0


def test_manager_rating_column_wins_over_self_rating_column(tmp_path, capsys):
    path = tmp_path / "two.csv"
    path.write_text(
        "Employee ID,Name,Python (self rating),Python (manager rating)\n"
        "A1,Ann Lee,5,3\nA2,Bo Chan,2,\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "a manager rating is trusted more than a self rating" in out
    stored = levels(ws_path)
    assert stored[("A1", "python")] == 3.0 and stored[("A2", "python")] == 2.0


def test_level_values_make_a_skill_column_whatever_the_header_holds(tmp_path, capsys):
    path = tmp_path / "attr.csv"
    path.write_text(
        "Employee ID,Name,Contract type,Commercial Contract Law,Pay grade,"
        "Underwater welding,Job level,Years of experience\n"
        "A1,Ann Lee,Permanent,3,7,Advanced,3,5\nA2,Bo Chan,Fixed term,4,9,Beginner,4,2\n"
        "A3,Cy Diaz,Permanent,2,7,Expert,2,8\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    roles = {c["header"]: c["role"] for c in report["columns"]}
    assert roles["Contract type"] == "attribute" and roles["Pay grade"] == "attribute"
    assert roles["Job level"] == "attribute" and roles["Years of experience"] == "attribute"
    assert roles["Commercial Contract Law"] == "skill:legal_analysis"
    assert roles["Underwater welding"] == "unknown_skill"
    assert [u["name"] for u in report["unmatched"]] == ["Underwater welding"]
    assert levels(ws_path)[("A3", "unmapped_underwater_welding")] == 5.0


def test_text_file_with_a_spreadsheet_name_is_named_as_such(tmp_path, capsys):
    path = tmp_path / "skills.xlsx"
    path.write_text("Employee ID;Name;Python\nA1;Ann Lee;3\n", encoding="utf-8")
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path)]) == 0
    out = capsys.readouterr().out
    assert "skills.xlsx is a text file, not a workbook, although its name ends in .xlsx" in out
    assert levels(ws_path)[("A1", "python")] == 3.0


def test_saved_mapping_carries_the_users_readings_of_values(tmp_path, capsys):
    path = tmp_path / "odd.csv"
    path.write_text(
        "Employee ID,Name,Python,SQL\nA1,Ann Lee,3,ok\nA2,Bo Chan,ok,5\n", encoding="utf-8"
    )
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    saved = tmp_path / "m.json"
    assert main(["import", str(ws_path), str(path), "--dry-run", "--save-mapping", str(saved)]) == 0
    assert "'ok' is not a level" in capsys.readouterr().err
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    mapping["overrides"] = {"0-5": {"ok": 3, "3": 2}}
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    assert main(["import", str(ws_path), str(path), "--mapping", str(saved)]) == 0
    assert "not a level" not in capsys.readouterr().err
    stored = levels(ws_path)
    assert stored[("A1", "sql")] == 3.0 and stored[("A2", "python")] == 3.0
    assert stored[("A1", "python")] == 2.0 and stored[("A2", "sql")] == 5.0


def test_rater_named_on_every_skill_column_is_the_sheets_rater(tmp_path, capsys):
    path = tmp_path / "mgr.csv"
    path.write_text(
        "Employee ID,Name,Python (manager rating),SQL (manager rating)\nA1,Ann Lee,5,3\n",
        encoding="utf-8",
    )
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path)]) == 0
    with Workspace.open(ws_path) as ws:
        assert {src for _k, _s, src, _l, _r in stored_ratings(ws)} == {"manager"}


def test_employee_column_of_numbers_is_the_id_and_name_holds_the_names(tmp_path, capsys):
    path = tmp_path / "e.csv"
    path.write_text(
        "Employee,Name,Python\n1,Ann Lee,3\n2,Bo Chan,4\n3,Cy Diaz,2\n", encoding="utf-8"
    )
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path)]) == 0
    assert people(ws_path) == {"1": ("Ann Lee", ""), "2": ("Bo Chan", ""), "3": ("Cy Diaz", "")}
    assert levels(ws_path)[("2", "python")] == 4.0


def test_lms_course_rows_with_scores_are_one_row_per_person_and_skill(tmp_path, capsys):
    rows = ["Employee ID,Employee Name,Course Title,Score,Completion Date"]
    for i in range(4):
        for course in ("Advanced Excel 2019", "Python for Beginners", "GDPR Essentials"):
            rows.append(f"U{i},Ann Lee {i},{course},{60 + 10 * i},2026-01-0{i + 1}")
    path = tmp_path / "lms.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ws_path = tmp_path / "w.rplan"
    Workspace.create(ws_path).close()
    assert main(["import", str(ws_path), str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["layout"] == "long"
    assert report["skills_mapped"] == {
        "Advanced Excel 2019": "excel",
        "Python for Beginners": "python",
        "GDPR Essentials": "data_privacy",
    }
    assert levels(ws_path)[("U3", "python")] == 4.5  # 90 % on the 0-100 score
