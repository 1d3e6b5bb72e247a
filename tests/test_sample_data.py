"""The demo organisation and the generator of synthetic organisations."""

from __future__ import annotations

import numpy as np
from openpyxl import load_workbook
from planner.sample_data import generate
from planner.sample_data.generate import generate_org, write_demo

from planner.demo import demo_file

SAMPLE_DIR = demo_file().parent


def test_generator_is_deterministic():
    a = generate_org(200, n_skills=20, seed=3)
    b = generate_org(200, n_skills=20, seed=3)
    c = generate_org(200, n_skills=20, seed=4)
    assert a.names == b.names and a.departments == b.departments
    assert np.array_equal(a.levels, b.levels, equal_nan=True)
    assert not np.array_equal(a.levels, c.levels, equal_nan=True)


def test_shape_departments_sites_and_blanks():
    org = generate_org(2000, n_skills=40, seed=1)
    assert org.levels.shape == (2000, 40)
    assert org.skill_ids[:3] == list(generate.COMMON_ORDER[:3])
    assert {d.name for d in generate.DEPARTMENTS} == set(org.departments)
    assert set(org.sites) == set(generate.SITES)
    assert len(set(org.employee_ids)) == 2000
    blanks = np.isnan(org.levels).mean()
    assert 0.02 < blanks < 0.08
    finite = org.levels[~np.isnan(org.levels)]
    assert finite.min() >= 0 and finite.max() <= 5


def test_levels_follow_the_department():
    org = generate_org(3000, seed=2)
    legal = org.levels[:, org.skill_ids.index("legal_analysis")]
    imaging = org.levels[:, org.skill_ids.index("medical_imaging")]
    dept = np.array(org.departments)
    assert np.nanmean(legal[dept == "Legal"]) > np.nanmean(legal[dept == "Engineering"]) + 2
    assert np.nanmean(imaging[dept == "Radiology"]) > 3.5
    assert np.nanmean(imaging[dept != "Radiology"]) < 1


def _values(path, sheet=None):
    wb = load_workbook(path, read_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def test_committed_demo_files_match_the_generator(tmp_path):
    write_demo(tmp_path)
    for name in ("demo_org_wide.xlsx", "demo_org_messy.xlsx"):
        assert _values(tmp_path / name) == _values(SAMPLE_DIR / name), name
    assert (tmp_path / "demo_org_long.csv").read_text() == \
        (SAMPLE_DIR / "demo_org_long.csv").read_text()


def test_messy_file_has_its_oddities():
    wb = load_workbook(SAMPLE_DIR / "demo_org_messy.xlsx")
    ws = wb["Survey Q3"]
    assert wb["Lookup"].sheet_state == "hidden"
    assert ws.merged_cells.ranges and ws.column_dimensions["C"].hidden
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    texts = {c for c in cells if isinstance(c, str)}
    assert {"Fortgeschritten", "maybe", "Average"} & texts == {"Fortgeschritten", "maybe",
                                                                "Average"}
    assert any(t.endswith("/5") for t in texts) and any(t.endswith("%") for t in texts)
    assert 1002.0 in cells
    assert any(t.startswith("=HYPERLINK") for t in texts)
