"""All or nothing: failed, cancelled, dry-run and repeated imports leave the workspace as it
was; the command line reports with exit 0 or 3 and --json."""

from __future__ import annotations

import json

import pytest
from imp_helpers import dump, dump_file, new_workspace, stored_ratings, write_xlsx

from planner.cli import main
from planner.errors import Cancelled, InputRejected
from planner.importing import Mapping, import_file, load_source
from planner.progress import Progress

ROWS = [["Employee ID", "Name", "Python", "SQL", "Underwater basket weaving"]] + \
    [[1000 + i, f"P{i}", i % 6, (i + 2) % 6, i % 5] for i in range(300)]


@pytest.fixture
def seeded(tmp_path):
    ws = new_workspace(tmp_path)
    first = tmp_path / "first.csv"
    first.write_text("Employee ID,Name,Python\n1000,Old name,1\n", encoding="utf-8")
    import_file(ws, first)
    yield ws
    ws.close()


def test_cancel_during_write_rolls_everything_back(tmp_path, seeded):
    path = write_xlsx(tmp_path / "big.xlsx", ROWS)
    before = dump(seeded)
    seeded.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw_before = seeded.path.read_bytes()
    steps = []

    def listener(done, total, message):
        steps.append(message)
        if message == "writing ratings":
            progress.cancel()

    progress = Progress(listener)
    folder_before = sorted(p.name for p in seeded.path.parent.iterdir())
    with pytest.raises(Cancelled):
        import_file(seeded, path, progress=progress)
    assert "writing ratings" in steps
    assert dump(seeded) == before
    # the backup made for the import goes with it: the folder is as it was
    assert sorted(p.name for p in seeded.path.parent.iterdir()) == folder_before
    seeded.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert seeded.path.read_bytes() == raw_before


def test_cancel_while_the_child_reads(tmp_path, seeded):
    path = write_xlsx(tmp_path / "big2.xlsx", ROWS)
    progress = Progress()
    progress.cancel()
    before = dump(seeded)
    with pytest.raises(Cancelled):
        import_file(seeded, path, progress=progress)
    assert dump(seeded) == before


def test_failure_inside_the_transaction_rolls_back(tmp_path, seeded, monkeypatch):
    from planner.importing import writer as commit_module

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(commit_module, "block_rows", boom)
    before = dump(seeded)
    with pytest.raises(RuntimeError):
        import_file(seeded, write_xlsx(tmp_path / "x.xlsx", ROWS))
    assert dump(seeded) == before


def test_dry_run_writes_nothing_and_counts_updates(tmp_path, seeded):
    path = write_xlsx(tmp_path / "dry.xlsx", ROWS)
    before = dump(seeded)
    report = import_file(seeded, path, dry_run=True)
    assert dump(seeded) == before
    assert report.dry_run and report.employees_updated == 1 and report.employees_added == 299


def test_update_keeps_old_fields_and_second_import_is_a_duplicate(tmp_path, seeded):
    path = write_xlsx(tmp_path / "again.xlsx", ROWS)
    report = import_file(seeded, path)
    assert report.employees_added == 299 and report.employees_updated == 1
    assert report.unmapped_columns == ["Underwater basket weaving"]
    assert seeded.conn.execute("SELECT name, first_assessment_id, last_assessment_id FROM "
                               "employees WHERE employee_key = '1000'").fetchone() == \
        ("P0", 1, report.assessment_id)
    before = dump(seeded)
    again = import_file(seeded, path)
    assert again.duplicate_of == report.assessment_id and again.assessment_id is None
    assert dump(seeded) == before
    # The layout's mapping was remembered.
    assert seeded.conn.execute("SELECT count(*) FROM import_mappings").fetchone()[0] == 2


def test_saved_mapping_can_ignore_a_column_and_change_a_scale(tmp_path):
    ws = new_workspace(tmp_path)
    path = tmp_path / "m.csv"
    path.write_text("Employee ID,Python,Hobby\n1,8,3\n2,2,4\n", encoding="utf-8")
    from planner.importing import detect

    mapping = detect(load_source(path), ws.catalog())
    data = json.loads(mapping.to_json())
    for col in data["columns"]:
        if col["header"] == "Hobby":
            col["role"] = "ignore"
        if col["header"] == "Python":
            col["scale"] = "1-10"
    saved = Mapping.from_json(json.dumps(data))
    report = import_file(ws, path, mapping=saved)
    assert report.unmapped_columns == []
    assert {r[0]: r[3] for r in stored_ratings(ws)} == \
        pytest.approx({"1": 4.11, "2": 1.44}, abs=1e-6)


def test_bad_mapping_file_is_a_clear_error(tmp_path, capsys):
    ws = new_workspace(tmp_path)
    ws.close()
    (tmp_path / "m.json").write_text('{"layout": "diagonal"}', encoding="utf-8")
    (tmp_path / "a.csv").write_text("Employee ID,Python\n1,3\n", encoding="utf-8")
    status = main(["import", str(tmp_path / "w.rplan"), str(tmp_path / "a.csv"),
                   "--mapping", str(tmp_path / "m.json")])
    assert status == 3
    assert "m.json" in capsys.readouterr().err


def test_cli_json_report_and_save_mapping(tmp_path, capsys):
    ws = new_workspace(tmp_path)
    ws.close()
    path = tmp_path / "c.csv"
    path.write_text("Employee ID,Name,Python,SQL\n1,Ann,3,zz\n,Bob,2,2\n", encoding="utf-8")
    status = main(["import", str(tmp_path / "w.rplan"), str(path), "--json",
                   "--save-mapping", str(tmp_path / "saved.json")])
    assert status == 0
    report = json.loads(capsys.readouterr().out)
    assert report["employees_added"] == 1 and report["ratings"] == 1
    assert [w["cell"] for w in report["warnings"]] == ["c!D2"]
    assert [e["cell"] for e in report["errors"]] == ["c!A3"]
    saved = Mapping.from_json((tmp_path / "saved.json").read_text(encoding="utf-8"))
    assert saved.by_role("employee_id").header == "Employee ID"
    assert dump_file(tmp_path / "w.rplan")["assessments"][0][1] == "c.csv"


def test_cli_refusal_names_file_and_sheet(tmp_path, capsys):
    ws = new_workspace(tmp_path)
    ws.close()
    path = write_xlsx(tmp_path / "s.xlsx", ROWS)
    status = main(["import", str(tmp_path / "w.rplan"), str(path), "--sheet", "Other"])
    err = capsys.readouterr().err
    assert status == 3
    assert "s.xlsx" in err and "'Other'" in err and "Skills" in err
    with pytest.raises(InputRejected):
        load_source(path, sheet="Other")
