"""The shipped sample files import as a user would expect them to."""

from __future__ import annotations

import numpy as np

from planner.demo import demo_file, ensure_demo_data
from planner.importing import import_file
from planner.store import current_levels

SAMPLES = demo_file().parent


def test_demo_wide_file_imports_cleanly(workspace):
    assert ensure_demo_data(workspace)
    assert not ensure_demo_data(workspace)           # idempotent
    assert workspace.counts()["employees"] == 300
    levels = current_levels(workspace)
    assert np.isfinite(levels.levels).sum() > 300 * 80
    row = workspace.conn.execute(
        "SELECT department, site, attributes FROM employees WHERE employee_key = 'E10001'"
    ).fetchone()
    assert row[0] and row[1] and "age" in row[2].lower()


def test_long_file_updates_the_same_people(workspace):
    ensure_demo_data(workspace)
    report = import_file(workspace, SAMPLES / "demo_org_long.csv")
    assert report.errors == [] and report.warnings == []
    assert report.employees_added == 0 and report.employees_updated == 300
    levels = current_levels(workspace)
    python = levels.skill_ids.index("python")
    assert (levels.sources[:, python] == 3).any()     # manager ratings now win


def test_messy_file_imports_with_the_right_warnings(workspace):
    ensure_demo_data(workspace)
    report = import_file(workspace, SAMPLES / "demo_org_messy.xlsx")
    messages = [str(i) for i in report.warnings]
    assert any("maybe" in m and "J47" in m for m in messages)
    assert any("appears again" in m and "department" in m for m in messages)
    assert [str(e) for e in report.errors] and "A46" in str(report.errors[0])
    assert report.unmapped_columns == []
    assert report.employees_updated >= 38
    names = {r[0] for r in workspace.conn.execute("SELECT name FROM employees")}
    assert '=HYPERLINK("http://example.org","click")' in names
    assert workspace.conn.execute(
        "SELECT 1 FROM employees WHERE employee_key = '1002'").fetchone()
