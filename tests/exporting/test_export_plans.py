"""Plans (one sheet per person, or a folder of workbooks) and workshop sign-in sheets."""

from __future__ import annotations

import openpyxl
import pytest

from planner.exporting import ExportError, export_plans, export_workshops
from planner.planning import diff_plan_updates, read_plan_workbook


def plan_counts(ws) -> dict[str, int]:
    return dict(
        ws.conn.execute(
            "SELECT e.employee_key, count(*) FROM plan_items p JOIN employees e "
            "ON e.id = p.employee_id GROUP BY e.employee_key"
        )
    )


def test_plans_workbook_has_a_sheet_per_person(planned, tmp_path):
    out = tmp_path / "plans.xlsx"
    export_plans(planned, out)
    book = openpyxl.load_workbook(out)
    counts = plan_counts(planned)
    assert book.sheetnames[0] == "Training plan"
    assert len(book.sheetnames) == 1 + len(counts)
    assert all(len(n) <= 31 for n in book.sheetnames)
    for name in book.sheetnames[1:]:
        ws = book[name]
        key = ws["C2"].value
        assert ws["A2"].value == "Employee ID"
        assert [c.value for c in ws[9]][:3] == ["#", "Module ID", "Module"]
        items = [r for r in ws.iter_rows(min_row=10, values_only=True) if r[0]]
        assert len(items) == counts[key]
        hours = planned.conn.execute(
            "SELECT sum(hours) FROM plan_items p JOIN employees e ON e.id = p.employee_id "
            "WHERE e.employee_key = ?",
            (key,),
        ).fetchone()[0]
        assert ws["C5"].value == pytest.approx(hours)
        assert ws.freeze_panes == "A10" and ws.print_title_rows == "$9:$9"
        assert ws.data_validations.dataValidation


def test_plans_workbook_reads_back_and_shows_edits(planned, tmp_path):
    out = tmp_path / "plans.xlsx"
    export_plans(planned, out)
    rows = read_plan_workbook(out)
    total = planned.conn.execute("SELECT count(*) FROM plan_items").fetchone()[0]
    assert len(rows) == total
    assert diff_plan_updates(planned, rows) == []
    book = openpyxl.load_workbook(out)
    sheet = book["Training plan"]
    status = [c.value for c in sheet[1]].index("Status") + 1
    sheet.cell(2, status, "done")
    book.save(out)
    changes = diff_plan_updates(planned, read_plan_workbook(out))
    assert [(c.field, c.new) for c in changes if not c.error][:1] == [("status", "done")]


def test_split_writes_one_workbook_per_person(planned, tmp_path):
    written = export_plans(planned, tmp_path / "plans.xlsx", split=True)
    assert written == tmp_path / "plans"
    files = sorted(written.glob("*.xlsx"))
    counts = plan_counts(planned)
    assert len(files) == len(counts)
    for path in files:
        rows = read_plan_workbook(path)
        keys = {r["employee_key"] for r in rows}
        assert len(keys) == 1 and len(rows) == counts[keys.pop()]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temp folder gone"


def test_pseudonymised_split_uses_codes_in_file_names(planned, tmp_path):
    written = export_plans(planned, tmp_path / "ext.xlsx", split=True, pseudonymise=True)
    names = [p.stem for p in written.glob("*.xlsx")]
    assert names and all(n.startswith("P-") and len(n) == 10 for n in names)


def test_workshops_are_sign_in_sheets(planned, tmp_path):
    out = tmp_path / "workshops.xlsx"
    export_workshops(planned, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Sign-in sheets"]
    ws = book["Sign-in sheets"]
    members = planned.conn.execute(
        "SELECT count(*) FROM plan_items WHERE cohort_id IS NOT NULL"
    ).fetchone()[0]
    names = [
        r[1]
        for r in ws.iter_rows(values_only=True)
        if isinstance(r[0], int) and r[1] and r[1].strip()
    ]
    assert len(names) == members
    assert ws.page_setup.orientation == "portrait"
    heights = [d.height for d in ws.row_dimensions.values() if d.height]
    assert heights and min(heights) >= 30


@pytest.mark.parametrize("export", [export_plans, export_workshops])
def test_plans_and_workshops_need_a_plan(bare, tmp_path, export):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError, match="plan"):
        export(bare, out / "x.xlsx")
    assert not list(out.iterdir())
