"""The demo organisation and the generator of synthetic organisations."""

from __future__ import annotations

import csv

import numpy as np
from openpyxl import load_workbook
from planner.sample_data import generate
from planner.sample_data.generate import (
    generate_org,
    main,
    write_demo,
    write_long_csv,
    write_wide_xlsx,
)
from python_calamine import CalamineWorkbook

from planner.catalog import load_shipped_catalog
from planner.demo import demo_file
from planner.matching import READINESS_LABELS, score
from planner.store.levels import LevelMatrix

SAMPLE_DIR = demo_file().parent


def test_generator_is_deterministic():
    a = generate_org(200, n_skills=20, seed=3)
    b = generate_org(200, n_skills=20, seed=3)
    c = generate_org(200, n_skills=20, seed=4)
    assert [a.profile_row(i) for i in range(200)] == [b.profile_row(i) for i in range(200)]
    assert a.levels.tobytes() == b.levels.tobytes()
    assert not np.array_equal(a.levels, c.levels, equal_nan=True)


def test_shape_profile_columns_and_blanks():
    org = generate_org(2000, n_skills=40, seed=1)
    assert org.levels.shape == (2000, 40)
    assert org.skill_ids == list(generate.COMMON_ORDER)
    assert {d.name for d in generate.DEPARTMENTS} == set(org.departments)
    assert set(org.sites) == set(generate.SITES)
    assert len(set(org.employee_ids)) == len(set(org.names)) == len(set(org.emails)) == 2000
    assert all(e.isascii() and e.endswith("@example.org") for e in org.emails)
    assert {min(org.weekly_hours), max(org.weekly_hours)} == {2.0, 8.0}
    assert set(org.age_bands) == set(generate.AGE_BANDS)
    assert set(org.contracts) == {"permanent", "fixed-term"}
    assert set(org.raters) == set(generate.RATERS)
    blanks = np.isnan(org.levels).mean()
    assert 0.03 < blanks < 0.07
    finite = org.levels[~np.isnan(org.levels)]
    assert finite.min() == 0 and finite.max() == 5 and (finite == np.rint(finite)).all()


def test_managers_come_from_the_same_department():
    org = generate_org(600, n_skills=5, seed=5)
    dept_of = dict(zip(org.names, org.departments, strict=True))
    managed = [(m, d) for m, d in zip(org.managers, org.departments, strict=True) if m]
    assert len(managed) > 580
    assert all(dept_of[m] == d for m, d in managed)


def test_levels_follow_department_and_title():
    org = generate_org(3000, seed=2)
    dept, title = np.array(org.departments), np.array(org.job_titles)

    def mean(skill, mask):
        return np.nanmean(org.levels[:, org.skill_ids.index(skill)][mask])

    assert mean("legal_analysis", dept == "Legal") > mean("legal_analysis",
                                                          dept == "Engineering") + 2
    assert mean("medical_imaging", title == "Radiologist") > 4
    assert mean("medical_imaging", title == "Radiographer") > \
        mean("medical_imaging", title == "PACS administrator") + 1
    assert mean("medical_imaging", dept != "Radiology") < 1
    assert mean("copywriting", dept == "Marketing") > 3
    assert mean("sql", dept == "Data & Analytics") > mean("sql", dept == "Design") + 2
    # AI skills stay low on the whole, with a few enthusiasts far above.
    llm = org.levels[:, org.skill_ids.index("llm_knowledge")]
    assert np.nanmean(llm[dept == "Legal"]) < 1.5 and np.nanmax(llm[dept == "Legal"]) >= 3


def test_every_role_has_internal_candidates_in_the_demo():
    catalog = load_shipped_catalog()
    org = generate_org(generate.DEMO_PEOPLE, seed=7)
    skills = list(catalog.skills)
    levels = org.levels[:, [org.skill_ids.index(s) for s in skills]].astype(np.float32)
    matrix = LevelMatrix(np.arange(1, len(org) + 1, dtype=np.int64), org.employee_ids,
                         skills, levels, np.ones(levels.shape, dtype=np.int8))
    scores = score(matrix, catalog)
    reskill = READINESS_LABELS.index("reskill")
    within_reach = (scores.readiness <= reskill).sum(axis=0)
    assert dict(zip(scores.role_ids, within_reach, strict=True)) == \
        {r: n for r, n in zip(scores.role_ids, within_reach, strict=True) if n >= 2}
    bands = np.bincount(scores.readiness.ravel(), minlength=4) / scores.readiness.size
    assert bands[0] + bands[1] > 0, "someone is ready or near"
    assert bands[2] + bands[3] > 0.95, "most people need reskilling"


def _sheets(path):
    """Every sheet's cell values as openpyxl reads them back."""
    wb = load_workbook(path)
    out = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    wb.close()
    return out


def test_committed_demo_files_match_the_generator(tmp_path):
    write_demo(tmp_path)
    for name in ("demo_org_wide.xlsx", "demo_org_messy.xlsx"):
        assert _sheets(tmp_path / name) == _sheets(SAMPLE_DIR / name), \
            f"{name} is stale: python -m planner.sample_data.generate --demo sample_data"
    assert (tmp_path / "demo_org_long.csv").read_bytes() == \
        (SAMPLE_DIR / "demo_org_long.csv").read_bytes()
    for name in ("demo_org_wide.xlsx", "demo_org_long.csv", "demo_org_messy.xlsx"):
        assert (SAMPLE_DIR / name).stat().st_size < 300_000, name


def test_wide_file_layout():
    rows = _sheets(SAMPLE_DIR / "demo_org_wide.xlsx")["Skills"]
    catalog = load_shipped_catalog()
    assert rows[0][:12] == list(generate.PROFILE_HEADERS)
    assert set(rows[0][12:]) == {s.name for s in catalog.skills.values()}
    assert len(rows) == generate.DEMO_PEOPLE + 1
    assert rows[1][0] == "E10001" and rows[1][1] and rows[1][8] in generate.RATERS


def test_long_csv_holds_the_assessed_levels(tmp_path):
    org = generate_org(50, n_skills=12, seed=11)
    with write_long_csv(org, tmp_path / "long.csv", skills=6).open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(generate.LONG_HEADERS)
    assert len(rows) - 1 == np.isfinite(org.levels[:, :6]).sum()
    assert {r[3] for r in rows[1:]} == set(org.skill_names[:6])
    assert {r[5] for r in rows[1:]} == {"manager"}


def test_fast_writer_matches_openpyxl_writer(tmp_path):
    org = generate_org(120, n_skills=30, seed=12)
    write_wide_xlsx(org, tmp_path / "fast.xlsx", fast=True)
    write_wide_xlsx(org, tmp_path / "slow.xlsx", fast=False)
    assert _sheets(tmp_path / "fast.xlsx") == _sheets(tmp_path / "slow.xlsx")

    def calamine(name):
        return CalamineWorkbook.from_path(str(tmp_path / name)).get_sheet_by_index(0) \
            .to_python()

    assert calamine("fast.xlsx") == calamine("slow.xlsx")


def test_cli_prints_a_one_line_summary(tmp_path, capsys):
    out, long = tmp_path / "big.xlsx", tmp_path / "big.csv"
    assert main(["--employees", "40", "--skills", "8", "--out", str(out),
                 "--long", str(long)]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    assert len(_sheets(out)["Skills"]) == 41 and long.stat().st_size > 0


def test_messy_file_has_its_oddities():
    wb = load_workbook(SAMPLE_DIR / "demo_org_messy.xlsx")
    ws = wb["Survey Q3"]
    assert wb["Lookup"].sheet_state == "hidden"
    assert ws.column_dimensions["C"].hidden
    assert {str(r) for r in ws.merged_cells.ranges} >= {"A4:F4"}
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0].startswith("Skills survey") and not any(rows[2])   # title, blank row
    assert rows[3][0] == "Profile" and "Technical skills" in rows[3]     # group header row
    assert rows[4][0] == "Emp. No." and rows[4][6] is None                # blank separator
    assert all(r[6] is None for r in rows)
    cells = [c for r in rows for c in r if c is not None]
    texts = {c for c in cells if isinstance(c, str)}
    for word in ("Advanced", "Fortgeschritten", "débutant", "N/A", "maybe"):
        assert word in texts, word
    for language, words in generate._WORDS.items():                     # en de es fr
        assert len(texts & set(words)) >= 3, language
    assert any(t.endswith("/5") for t in texts) and any(t.endswith("%") for t in texts)
    assert any(t.endswith(" ") for t in texts)                           # trailing spaces
    assert rows[-1][0] == "Average"
    assert 1002.0 in [r[0] for r in rows]
    assert any(r[0] in (None, "") and r[1] for r in rows[5:-1])          # a row without id
    ids = [r[0] for r in rows[5:-1] if r[0]]
    dup = next(i for i in ids if ids.count(i) > 1)
    assert len({r[3] for r in rows if r[0] == dup}) == 2                  # conflicting dept
    injected = next(c for c in ws["B"] if str(c.value).startswith("=HYPERLINK"))
    assert injected.data_type == "s"                                      # text, not formula
