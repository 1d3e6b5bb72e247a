"""The report on paper: print setup per sheet, Summary figures equal to the CLI's JSON, and
the demo's report printed by LibreOffice in at most 30 pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import uuid
from datetime import date

import openpyxl
import pytest

from planner.cli import main
from planner.exporting import export_report
from planner.exporting.plans import PRINTED_PLAN_COLUMNS

SOFFICE = shutil.which("soffice")
DEMO_DEMAND = {
    "prompt_engineer": 4,
    "genai_specialist": 3,
    "ai_copywriter": 3,
    "ai_ethicist": 2,
    "ai_trainer": 3,
    "conversational_ai_specialist": 3,
}


@pytest.fixture(scope="module")
def book(planned, tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "report.xlsx"
    export_report(planned, out)
    wb = openpyxl.load_workbook(out)
    yield wb
    wb.close()


def area_columns(ws) -> tuple[str, str]:
    """(first, last) column letters of the sheet's print area."""
    ref = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
    m = re.search(r"\$?([A-Z]+)\$?\d+:\$?([A-Z]+)\$?\d+", ref)
    assert m, ref
    return m.group(1), m.group(2)


# Wide grids may print in portrait when their printed selection is narrow (few demanded
# roles): fewer pages, still readable (test_a_narrow_selection_prints_portrait_on_fewer_pages).
MAY_BE_PORTRAIT = ("Employees", "Fit matrix")


def orientation_ok(ws) -> bool:
    orientation = ws.page_setup.orientation
    return orientation == "landscape" or (ws.title in MAY_BE_PORTRAIT and orientation == "portrait")


def fitted(ws, *, one_page: bool = False) -> None:
    setup = ws.page_setup
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert setup.fitToWidth == 1, ws.title
    assert setup.fitToHeight == (1 if one_page else 0), ws.title
    assert setup.paperSize == 9, ws.title


# Landscape, fitted to one page wide, header rows (and ID/Name columns) repeated.
PRINT = {
    "Summary": dict(one_page=True, rows=None, cols=None),
    "Employees": dict(rows="$1:$1", cols="$A:$B"),
    "Fit matrix": dict(rows="$1:$1", cols="$A:$B"),
    "Fit by department": dict(one_page=True, rows=None, cols=None),
    "Allocation": dict(rows="$1:$1", cols=None),
    "Allocation by role": dict(rows="$3:$3", cols=None),
    "Training plan": dict(rows="$1:$1", cols="$A:$B"),
    "Workshops": dict(rows="$3:$3", cols=None),
    "Skill gaps": dict(rows="$3:$3", cols="$A:$B"),
    "Catalog": dict(rows="$3:$3", cols=None),
}


@pytest.mark.parametrize("name", list(PRINT))
def test_print_setup_per_sheet(book, name):
    ws = book[name]
    spec = PRINT[name]
    assert orientation_ok(ws)
    fitted(ws, one_page=spec.get("one_page", False))
    assert ws.print_title_rows == spec["rows"]
    assert ws.print_title_cols == spec["cols"]
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert ws.page_margins.bottom > ws.page_margins.footer, "room for the footer"


def test_sign_in_sheets_print_portrait_one_session_a_page(book):
    ws = book["Sign-in sheets"]
    assert ws.page_setup.orientation == "portrait"
    fitted(ws)


def test_wide_grids_print_a_fitted_selection_and_keep_every_column(planned, book):
    employees = book["Employees"]
    headers = [c.value for c in employees[1]]
    first, last = area_columns(employees)
    printed = openpyxl.utils.column_index_from_string(last)
    assert first == "A" and printed < len(headers), "the full grid stays for the screen"
    assert printed <= 5 + 16
    # the printed skills are the ones the demanded roles require
    catalog = planned.catalog()
    wanted = {
        catalog.skills[q.skill].name for r in DEMAND_ORDER for q in catalog.roles[r].requirements
    }
    assert set(headers[5:printed]) <= wanted
    assert employees.auto_filter.ref.endswith(
        f"{len(planned.conn.execute('SELECT id FROM employees').fetchall()) + 1}"
    )
    fit = book["Fit matrix"]
    _first, last = area_columns(fit)
    heads = [c.value for c in fit[1]]
    printed = openpyxl.utils.column_index_from_string(last)
    assert heads[6:printed] == [catalog.roles[r].name for r in DEMAND_ORDER]
    assert len(heads) > printed


def test_tables_print_their_human_columns(book):
    plan = book["Training plan"]
    _first, last = area_columns(plan)
    assert openpyxl.utils.column_index_from_string(last) == PRINTED_PLAN_COLUMNS
    heads = [c.value for c in plan[1]]
    assert "Module ID" not in heads[:PRINTED_PLAN_COLUMNS]
    catalog = book["Catalog"]
    _first, last = area_columns(catalog)
    heads = [c.value for c in catalog[3]]
    printed = heads[: openpyxl.utils.column_index_from_string(last)]
    assert "Role ID" not in printed and "Skill ID" not in printed
    summary = book["Summary"]
    assert area_columns(summary) == ("A", "I"), "chart data stays right of the page"


def test_headers_name_units_and_currency(book):
    plan_heads = [c.value for c in book["Training plan"][1]]
    assert "Cost (EUR)" in plan_heads
    alloc = [c.value for c in book["Allocation"][1]]
    assert "Fit (0-100)" in alloc and "Cost (EUR)" in alloc
    gaps = " ".join(str(r[0]) for r in book["Skill gaps"].iter_rows(values_only=True) if r[0])
    assert "summed" in gaps and "(a sum, not an average)" in gaps


def test_header_above_its_numbers(book):
    """Headers of number columns sit right, over their figures (no column-off look)."""
    ws = book["Allocation by role"]
    heads = {c.value: c for c in ws[3]}
    assert heads["People needed"].alignment.horizontal == "right"
    assert heads["Role"].alignment.horizontal in (None, "general", "left")
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "Prompt engineer")
    assert row[1].value == 4 and row[1].column == heads["People needed"].column


def test_wrapped_cells_get_a_tall_enough_row(book):
    ws = book["Training plan"]
    module = [c.value for c in ws[1]].index("Module") + 1
    for row in range(2, ws.max_row + 1):
        text = ws.cell(row, module).value or ""
        assert ws.cell(row, module).alignment.wrap_text
        if len(text) > 45:
            assert (ws.row_dimensions[row].height or 15) >= 30, (row, text)


def _cli_json(capsys, args):
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_figures_equal_the_cli_json(workspace, tmp_path, capsys, xh):
    xh.populate(workspace, 40, seed=3)
    demand = tmp_path / "demand.csv"
    demand.write_text(
        "role_id,headcount\n" + "".join(f"{r},{n}\n" for r, n in xh.DEMAND.items()),
        encoding="utf-8",
    )
    path = str(workspace.path)
    allocated = _cli_json(
        capsys, ["allocate", path, "--demand", str(demand), "--include-ineligible", "--json"]
    )
    planned = _cli_json(capsys, ["plan", path, "--start", "2027-01-04", "--json"])
    out = tmp_path / "r.xlsx"
    assert main(["export", path, str(out)]) == 0
    summary = openpyxl.load_workbook(out)["Summary"]
    rows = [r for r in summary.iter_rows(values_only=True) if r and r[0]]
    figures = {r[0]: r[1] for r in rows}
    totals, plan_totals = allocated["totals"], planned["totals"]["scenario"]
    assert figures["People needed (headcount)"] == totals["demanded"]
    assert figures["People chosen"] == totals["filled"]
    assert figures["Places left unfilled"] == totals["unfilled"]
    assert figures["Training hours"] == plan_totals["hours"]
    assert figures["Training cost (EUR)"] == plan_totals["cost"]
    assert figures["Finish date"].date() == date.fromisoformat(plan_totals["finish_date"])
    by_name = {r[0]: r for r in rows}
    for role in allocated["roles"]:
        row = by_name[role["role_name"]]
        assert row[1] == role["headcount"] and row[2] == len(role["chosen"])
        assert row[3] == role["unfilled"]
        per_role = planned["totals"]["by_role"].get(role["role_id"])
        if per_role:
            assert row[5] == pytest.approx(per_role["hours"], abs=0.05)
            assert row[6] == pytest.approx(per_role["cost"], abs=0.005)
            assert row[7].date().isoformat() == per_role["finish_date"]
    total = by_name["All roles"]
    assert (total[1], total[2], total[3]) == (
        totals["demanded"],
        totals["filled"],
        totals["unfilled"],
    )
    assert total[4] == totals["mean_fit"]
    reports = allocated["fairness"]
    headline = [r for r in reports if "eligible" in str(r.get("pool", ""))] or reports
    flagged = sum(g["flagged"] for r in headline for g in r["groups"])
    fairness = figures["Fairness (four-fifths rule)"]
    if not reports:
        assert fairness == "not checked"
    elif flagged:
        assert fairness == f"{flagged} group{'s' if flagged != 1 else ''} flagged"
    else:
        assert fairness == "no group flagged"
    attributes = [r["attribute"] for r in allocated["fairness"]]
    note = next(r for r in rows if r[0] == "Fairness (four-fifths rule)")[3]
    assert all(a.replace("_", " ") in note for a in attributes), "attributes checked named"


def _pdf_pages(xlsx, outdir) -> tuple[int, str]:
    profile = f"file:///tmp/lo_{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                str(xlsx),
            ],
            capture_output=True,
            timeout=240,
            check=True,
        )
    finally:
        shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)
    pdf = (outdir / (xlsx.stem + ".pdf")).read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    return pages, ""


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_demo_report_prints_in_at_most_30_pages(tmp_path, capsys):
    path = str(tmp_path / "demo.rplan")
    assert main(["init", path, "--demo"]) == 0
    demand = tmp_path / "demand.csv"
    demand.write_text(
        "role_id,headcount\n" + "".join(f"{r},{n}\n" for r, n in DEMO_DEMAND.items()),
        encoding="utf-8",
    )
    assert main(["allocate", path, "--demand", str(demand)]) == 0
    assert main(["plan", path, "--start", "2027-01-04"]) == 0
    out = tmp_path / "report.xlsx"
    assert main(["export", path, str(out)]) == 0
    capsys.readouterr()
    pages, _ = _pdf_pages(out, tmp_path)
    assert 11 <= pages <= 30, pages


DEMAND_ORDER = ["prompt_engineer", "genai_specialist", "ai_copywriter"]  # conftest DEMAND


def test_summary_counts_people_past_the_horizon(workspace, tmp_path, capsys, xh):
    """A plan started late ends after the allocation's ready-by date for some people: the
    Summary says how many, as the plan says."""
    xh.populate(workspace, 30, seed=5)
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,3\nai_copywriter,2\n", encoding="utf-8")
    path = str(workspace.path)
    allocated = _cli_json(
        capsys, ["allocate", path, "--demand", str(demand), "--include-ineligible", "--json"]
    )
    ready_by = allocated["totals"]["ready_by"]
    planned = _cli_json(capsys, ["plan", path, "--start", "2031-01-06", "--json"])
    if "past_horizon" in planned:
        expected = len(planned["past_horizon"])
    else:
        expected = sum(
            1
            for p in planned["people"]
            if p["totals"]["finish_date"] and p["totals"]["finish_date"] > ready_by
        )
    assert expected > 0
    out = tmp_path / "r.xlsx"
    export_report(workspace, out)
    figures = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True)
        if r and r[0]
    }
    assert figures["Ready-by date (horizon)"].date().isoformat() == ready_by
    assert figures["People ready after the horizon"] == expected


def test_training_plan_notes_what_the_planner_flags(workspace, tmp_path, capsys, xh):
    """A plan ending after the ready-by date says so on its last module."""
    xh.populate(workspace, 30, seed=5)
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,3\n", encoding="utf-8")
    path = str(workspace.path)
    _cli_json(capsys, ["allocate", path, "--demand", str(demand), "--include-ineligible", "--json"])
    planned = _cli_json(capsys, ["plan", path, "--start", "2031-01-06", "--json"])
    late = {p["employee_key"] for p in planned["past_horizon"]}
    assert late
    out = tmp_path / "r.xlsx"
    export_report(workspace, out)
    ws = openpyxl.load_workbook(out)["Training plan"]
    heads = [c.value for c in ws[1]]
    noted = {
        r[0]
        for r in ws.iter_rows(min_row=2, values_only=True)
        if "ends after the ready-by date" in (r[heads.index("Note")] or "")
    }
    assert noted == late


def test_every_role_keeps_its_label_on_the_readiness_chart(planned, tmp_path):
    """LibreOffice wraps long role names into a narrow column and then drops every other
    label as overlapping: the chart keeps room for one-line labels and grows with the roles."""
    import zipfile

    from planner.exporting.summary import CHART_CM, chart_height

    out = tmp_path / "report.xlsx"
    export_report(planned, out)
    with zipfile.ZipFile(out) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    readiness = next(c for c in charts if "time to ready" in c or "by readiness" in c)
    layout = re.search(r'<manualLayout>.*?<x val="([\d.]+)"/>.*?<w val="([\d.]+)"/>', readiness)
    assert layout, "the bars' area is placed so the labels have room"
    assert float(layout.group(1)) * 17.5 >= 6.0  # cm left of the bars
    assert chart_height(3) == CHART_CM
    assert chart_height(20) >= 4 + 0.45 * 20  # about half a centimetre per role


def test_a_narrow_selection_prints_portrait_on_fewer_pages(tmp_path, capsys):
    """A scenario demanding one role printed the demo's 300-row fit matrix on 10 landscape
    pages (the key columns and one role fill half a landscape page); in portrait it takes
    half as many at a readable scale. A wide selection stays landscape."""
    from planner.exporting.styles import _portrait_is_better

    assert _portrait_is_better(123, 301)  # key columns and one role: 22 cm
    assert not _portrait_is_better(351, 301)  # twenty roles: portrait would print too small
    assert not _portrait_is_better(123, 20)  # one page either way
    path = str(tmp_path / "demo.rplan")
    assert main(["init", path, "--demo"]) == 0
    demand = tmp_path / "one.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,2\n", encoding="utf-8")
    assert main(["allocate", path, "--demand", str(demand)]) == 0
    out = tmp_path / "one.xlsx"
    assert main(["export", path, str(out)]) == 0
    capsys.readouterr()
    book = openpyxl.load_workbook(out)
    assert area_columns(book["Fit matrix"]) == ("A", "G")  # the key columns and the role
    assert book["Fit matrix"].page_setup.orientation == "portrait"
    assert book["Summary"].page_setup.orientation == "landscape"
