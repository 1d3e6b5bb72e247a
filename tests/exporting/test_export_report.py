"""The report workbook: sheets, headers, values against the workspace, charts, panes,
filters, print setup, friendly lines without a scenario, pseudonyms, atomic writes."""

from __future__ import annotations

import math
import re

import numpy as np
import openpyxl
import pytest

from planner.errors import Cancelled
from planner.exporting import export_report
from planner.exporting.plans import PLAN_COLUMNS
from planner.matching import score
from planner.progress import Progress
from planner.store import current_levels
from planner.store.levels import ratings_count

DEMAND_ORDER = ["prompt_engineer", "genai_specialist", "ai_copywriter"]  # conftest DEMAND
REPORT_SHEETS = [
    "Summary",
    "Employees",
    "Fit matrix",
    "Fit by department",
    "Allocation",
    "Allocation by role",
    "Training plan",
    "Workshops",
    "Sign-in sheets",
    "Skill gaps",
    "Catalog",
]


@pytest.fixture(scope="module")
def report(planned, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.xlsx"
    export_report(planned, out)
    book = openpyxl.load_workbook(out)
    yield book
    book.close()


def header(ws, row=1):
    return [c.value for c in ws[row] if c.value is not None]


def rows_by(ws, key_col: str, header_row: int = 1) -> dict:
    names = [c.value for c in ws[header_row]]
    index = names.index(key_col)
    return {
        r[index]: dict(zip(names, r, strict=False))
        for r in ws.iter_rows(min_row=header_row + 1, values_only=True)
        if r[index]
    }


def test_report_has_every_sheet_in_order(report):
    assert report.sheetnames == REPORT_SHEETS


def test_employees_sheet_holds_each_level_of_the_workspace(planned, report):
    ws = report["Employees"]
    names = [c.value for c in ws[1]]
    assert names[:5] == ["Employee ID", "Name", "Department", "Job title", "Site"]
    assert {"Email", "Manager", "Weekly training hours (h)"} <= set(names)
    levels = current_levels(planned)
    catalog = planned.catalog()
    rows = rows_by(ws, "Employee ID")
    assert len(rows) == 40
    checked = 0
    for i, key in enumerate(levels.employee_keys):
        for j, skill in enumerate(levels.skill_ids):
            value = rows[key].get(catalog.skills[skill].name)
            if np.isnan(levels.levels[i, j]):
                assert value is None
            else:
                assert value == pytest.approx(float(levels.levels[i, j]))
                checked += 1
    assert checked == ratings_count(planned)
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref.startswith("A1:")
    assert ws.print_title_rows == "$1:$1"
    assert ws.conditional_formatting, "levels carry a colour scale"


def test_fit_matrix_matches_scoring(planned, report):
    ws = report["Fit matrix"]
    scores = score(current_levels(planned), planned.catalog())
    roles = planned.catalog().roles
    rows = rows_by(ws, "Employee ID")
    for i, key in enumerate(scores.employee_keys):
        for j, role_id in enumerate(scores.role_ids):
            assert rows[key][roles[role_id].name] == pytest.approx(
                round(float(scores.fit[i, j]), 1), abs=0.051
            )
        assert rows[key]["Best fit (0-100)"] == pytest.approx(float(scores.fit[i].max()), abs=0.051)
    assert ws.freeze_panes == "C2"
    rule_ranges = [str(r.sqref) for r in ws.conditional_formatting]
    assert any(r.startswith("F2:") for r in rule_ranges)
    # the demanded roles come first, right after the key columns
    demanded = [roles[r].name for r in DEMAND_ORDER]
    assert [c.value for c in ws[1]][6 : 6 + len(demanded)] == demanded


def test_training_plan_rows_match_plan_items(planned, report):
    ws = report["Training plan"]
    names = [c.value for c in ws[1]]
    assert names == [c.header.replace("Cost", "Cost (EUR)") for c in PLAN_COLUMNS]
    items = planned.conn.execute(
        "SELECT e.employee_key, p.module_id, p.hours, p.cost, p.start_date, p.end_date, "
        "p.status FROM plan_items p JOIN employees e ON e.id = p.employee_id"
    ).fetchall()
    col = {n: i for i, n in enumerate(names)}
    rows = {(r[0], r[col["Module ID"]]): r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(items) > 0
    for key, module, hours, cost, start, end, status in items:
        row = rows[(key, module)]
        assert row[col["Hours"]] == pytest.approx(hours)
        assert row[col["Cost (EUR)"]] == pytest.approx(cost)
        assert row[col["Start"]].date().isoformat() == start
        assert row[col["End"]].date().isoformat() == end
        assert row[col["Status"]] == status
    assert ws["F2"].number_format == "yyyy-mm-dd"
    assert "€" in ws["J2"].number_format
    validations = ws.data_validations.dataValidation
    assert any(
        v.formula1 == '"planned,in progress,done"' and "K2" in str(v.sqref) for v in validations
    )
    assert ws.freeze_panes == "C2" and ws.auto_filter.ref


def test_summary_kpis_and_native_charts(planned, report):
    ws = report["Summary"]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert values["People needed (headcount)"] == 9
    filled = planned.conn.execute("SELECT count(*) FROM allocations").fetchone()[0]
    assert values["People chosen"] == filled
    hours = planned.conn.execute("SELECT sum(hours) FROM plan_items").fetchone()[0]
    assert values["Training hours"] == pytest.approx(hours)
    finish = planned.conn.execute("SELECT max(end_date) FROM plan_items").fetchone()[0]
    assert values["Finish date"].date().isoformat() == finish
    assert str(values["Fairness (four-fifths rule)"]).endswith(("flagged", "not checked"))
    assert values["Prompt engineer"] == 4, "demand per role, by role name"
    charts = ws._charts
    assert len(charts) == 2
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert titles[0] in ("Chosen people by time to ready", "Chosen people by readiness")
    assert titles[1] == "Training hours per department, by quarter"
    assert all(c.series for c in charts), "no empty chart"
    assert report["Fit by department"]._images, "the heatmap PNG is embedded"


def test_allocation_sheets_list_people_and_fairness(planned, report):
    ws = report["Allocation"]
    assert header(ws)[:3] == ["Role", "Employee ID", "Name"]
    role_names = {r[0] for r in planned.conn.execute("SELECT name FROM roles")}
    role_ids = {r[0] for r in planned.conn.execute("SELECT id FROM roles")}
    cells = [v for r in ws.iter_rows(min_row=2, values_only=True) for v in r if v]
    assert not role_ids & set(cells), "role names, never ids"
    assert {r[0] for r in ws.iter_rows(min_row=2, values_only=True)} <= role_names
    chosen = {
        r[0]
        for r in planned.conn.execute(
            "SELECT e.employee_key FROM allocations a JOIN employees e ON e.id = a.employee_id"
        )
    }
    assert {r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[1]} == chosen
    fits = [r[6] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all(f == round(f, 1) for f in fits), "fit rounded for reading"
    by_role = report["Allocation by role"]
    texts = [r[0] for r in by_role.iter_rows(values_only=True) if r and r[0]]
    assert "Prompt engineer" in texts
    assert "Fairness check (four-fifths rule)" in texts
    assert any(t.startswith("By department") for t in texts)


def test_every_table_sheet_has_styled_header_panes_filter_and_print_setup(report):
    for name in (
        "Employees",
        "Fit matrix",
        "Allocation",
        "Allocation by role",
        "Training plan",
        "Workshops",
        "Skill gaps",
        "Catalog",
    ):
        ws = report[name]
        assert ws.freeze_panes, name
        assert ws.auto_filter.ref, name
        assert ws.print_title_rows, name
        # wide grids may print portrait when only a few columns are printed
        assert ws.page_setup.orientation == "landscape" or name in ("Employees", "Fit matrix")
        header_row = int(ws.print_title_rows.split(":")[0].strip("$"))
        first = ws.cell(header_row, 1)
        assert first.font.b and first.fill.fgColor.rgb.endswith("1F3B57"), name
    assert report["Sign-in sheets"].page_setup.orientation == "portrait"


def test_sign_in_sheets_one_page_per_cohort(planned, report):
    ws = report["Sign-in sheets"]
    cohorts = planned.conn.execute("SELECT count(*) FROM cohorts").fetchone()[0]
    titles = [
        r[0]
        for r in ws.iter_rows(values_only=True)
        if isinstance(r[0], str) and r[0].startswith("Sign-in sheet")
    ]
    assert len(titles) == cohorts > 0
    assert len(ws.row_breaks.brk) == cohorts - 1
    heads = [
        r
        for r in ws.iter_rows(values_only=True)
        if r[:4] == ("No.", "Name", "Department", "Signature")
    ]
    assert len(heads) == cohorts


def test_catalog_sheet_lists_requirements_with_source_phrase(planned, report):
    ws = report["Catalog"]
    assert header(ws, 3)[:3] == ["Role", "Family", "Skill"]
    catalog = planned.catalog()
    count = sum(len(r.requirements) for r in catalog.roles.values())
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == count
    role = next(iter(catalog.roles.values()))
    assert rows[0][7] == role.source_phrase
    assert rows[0][0] == role.name and rows[0][9] == role.id


def test_report_without_scenario_says_what_it_holds_in_hr_words(bare, tmp_path):
    out = tmp_path / "bare.xlsx"
    export_report(bare, out)
    book = openpyxl.load_workbook(out)
    text = " ".join(
        str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert "No people have been chosen for the new roles yet" in text
    assert "What is missing" in text and "What this report holds" in text
    assert "reskill-planner" not in text and "--demand" not in text, "no command lines"
    figures = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert figures["Employees"] == 12 and figures["People with skill levels"] == 12
    assert book["Skill gaps"].max_row > 3, "gaps to the best-fitting role instead"


def test_empty_workspace_report(workspace, tmp_path):
    out = tmp_path / "empty.xlsx"
    export_report(workspace, out)
    book = openpyxl.load_workbook(out)
    figures = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert figures["Employees"] == 0
    assert book.sheetnames[0] == "Summary"


def test_pseudonymised_report_has_stable_codes_and_no_names(planned, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    export_report(planned, first, pseudonymise=True)
    export_report(planned, second, pseudonymise=True)
    a = openpyxl.load_workbook(first)["Employees"]
    b = openpyxl.load_workbook(second)["Employees"]
    codes_a = [r[:3] for r in a.iter_rows(min_row=2, values_only=True)]
    codes_b = [r[:3] for r in b.iter_rows(min_row=2, values_only=True)]
    assert codes_a == codes_b
    assert all(c[0].startswith("P-") and c[1] == c[0] for c in codes_a)
    assert len({c[0] for c in codes_a}) == 40
    text = " ".join(
        str(v)
        for ws in openpyxl.load_workbook(first)
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v
    )
    # Whole words: a random 8-hex-digit code may contain "E001" by chance ("P-3E001A7C").
    assert not re.search(r"\bPerson 0|example\.com|\bE0\d\d\b", text)


def test_cancel_leaves_no_file_and_keeps_the_old_one(planned, tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"old")
    seen = []
    progress = Progress(lambda done, total, msg: seen.append(done))
    progress.cancel()
    with pytest.raises(Cancelled):
        export_report(planned, out, progress=progress)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_progress_reaches_the_end(planned, tmp_path):
    steps = []
    export_report(
        planned, tmp_path / "r.xlsx", progress=Progress(lambda d, t, m: steps.append((d, t, m)))
    )
    assert steps[-1][2] == "Done"
    assert all(0 <= d <= t for d, t, _ in steps)
    assert not math.isnan(steps[-1][0])


def test_cancel_while_the_big_grids_are_written(planned, tmp_path, monkeypatch):
    """The grids' rows are written at save time; a cancel there still leaves no file."""
    import planner.exporting.context as context

    monkeypatch.setattr(context, "TICK_ROWS", 1)
    out = tmp_path / "report.xlsx"
    progress = Progress()
    seen = []

    def listener(done, total, message):
        seen.append(message)
        if message == "Fit matrix":
            progress.cancel()

    progress._listener = listener
    with pytest.raises(Cancelled):
        export_report(planned, out, progress=progress)
    assert "Employees" in seen and "Saving" in seen, "grid rows stream during the save"
    assert not out.exists() and list(tmp_path.iterdir()) == []
