"""A sheet shaped like sample_data/demo_org_wide.xlsx maps every column on the shipped
catalog with zero errors (the demo workspace depends on it)."""

from __future__ import annotations

from imp_helpers import stored_ratings, write_xlsx

from planner.importing import detect, import_file, load_source

FIELDS = ["Employee ID", "Name", "Email", "Department", "Job title", "Site", "Manager",
          "Weekly training hours", "Rater"]


def test_demo_shaped_sheet_maps_every_column(tmp_path, workspace):
    catalog = workspace.catalog()
    skills = [s.name for s in catalog.skills.values()][:12]
    rows = [FIELDS + skills]
    for i in range(20):
        rows.append([2000 + i, f"Person {i}", f"p{i}@example.com", "Sales", "Analyst",
                     "Berlin", "Boss", 4, "manager" if i % 2 else "self"]
                    + [(i + k) % 6 for k in range(len(skills))])
    path = write_xlsx(tmp_path / "demo_like.xlsx", rows)
    mapping = detect(load_source(path), catalog)
    roles = [c.role for c in mapping.columns]
    assert roles[:9] == ["employee_id", "name", "email", "department", "job_title", "site",
                         "manager", "weekly_hours", "rater"]
    assert all(r.startswith("skill:") for r in roles[9:])
    report = import_file(workspace, path)
    assert report.errors == [] and report.warnings == [] and report.unmapped_columns == []
    assert report.ratings == 20 * len(skills)
    assert {r[2] for r in stored_ratings(workspace)} == {"self", "manager"}
