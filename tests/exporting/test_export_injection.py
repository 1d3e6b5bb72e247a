"""Formula injection: names that look like formulas stay text cells in every export."""

from __future__ import annotations

import openpyxl
import pytest

from planner.exporting import export_plans, export_report, export_workshops
from planner.exporting.cells import safe_number, safe_text


def hostile_cells(path, hostile):
    """Every cell of the workbook whose value is one of ``hostile``, as (sheet, cell)."""
    book = openpyxl.load_workbook(path)
    found = []
    for ws in book:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in hostile:
                    found.append((ws.title, cell))
    return found


@pytest.mark.parametrize("kind", ["report", "plans", "workshops"])
def test_hostile_names_are_text_cells(planned, tmp_path, xh, kind):
    out = tmp_path / f"{kind}.xlsx"
    {"report": export_report, "plans": export_plans, "workshops": export_workshops}[kind](
        planned, out)
    names = {r[0] for r in planned.conn.execute("SELECT name FROM employees")}
    hostile = set(xh.HOSTILE_NAMES) | {"=Engineer"}
    expected = hostile & (names | {"=Engineer"})
    found = hostile_cells(out, hostile)
    if kind == "report":
        # the Employees sheet lists everyone, with the exact text
        assert {c.value for _, c in found} == expected
    else:
        assert found, "some planned people carry hostile names"
    for sheet, cell in found:
        assert cell.data_type == "s", (sheet, cell.coordinate, cell.value)
    # and nothing in the file is a formula at all
    book = openpyxl.load_workbook(out)
    assert not [c for ws in book for row in ws.iter_rows() for c in row
                if c.data_type == "f"]


def test_formula_texts_keep_quote_prefix(planned, tmp_path):
    out = tmp_path / "r.xlsx"
    export_report(planned, out)
    ws = openpyxl.load_workbook(out)["Employees"]
    cell = next(c for c in ws["B"] if c.value == '=HYPERLINK("http://x","y")')
    assert cell.quotePrefix
    plain = next(c for c in ws["B"] if c.value == "Person 010")
    assert not plain.quotePrefix


def test_safe_values():
    assert safe_text(None, "plain") == "plain"
    assert safe_text(None, "") is None
    assert safe_text(None, "bad\x01text") == "badtext"
    cell = safe_text(None, "=1+1")
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert safe_number(float("nan")) is None and safe_number(float("inf")) is None
    assert safe_number(2) == 2 and safe_number(2.5) == 2.5
