"""Odd files get the right words: a lying extension, a pipe, NUL bytes, malformed sheet XML,
a workspace offered as a spreadsheet (never opened a second time while it is live)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from planner.cli import main
from planner.errors import InputRejected
from planner.importing import import_file, load_source
from planner.store import Workspace


def _xlsx(path: Path, rows: int = 20) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Skills"
    sheet.append(["employee_id", "name", "Python"])
    for i in range(rows):
        sheet.append([f"E{i}", f"Person {i}", i % 5])
    book.save(path)
    return path


def _rewrite_sheet(src: Path, dest: Path, change) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = change(data)
            zout.writestr(info, data)
    return dest


def test_a_workbook_with_a_lying_extension_is_read_and_named(tmp_path):
    lying = tmp_path / "skills.xls"
    lying.write_bytes(_xlsx(tmp_path / "real.xlsx").read_bytes())
    source = load_source(lying)
    assert len(source.rows) == 21
    assert any("ends in .xls but it is an .xlsx workbook" in n for n in source.notes)


def test_a_pipe_is_named_as_such_without_blocking(tmp_path):
    fifo = tmp_path / "skills.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputRejected, match="not a regular file"):
        load_source(fifo)


def test_a_folder_is_named_as_a_folder(tmp_path):
    folder = tmp_path / "skills.xlsx"
    folder.mkdir()
    with pytest.raises(InputRejected, match="folder"):
        load_source(folder)


def test_nul_bytes_in_a_csv_are_removed_and_named_by_cell(workspace, tmp_path):
    sheet = tmp_path / "nul.csv"
    sheet.write_bytes(b"employee_id,name,Python\nE1,A\x00\x00\x00\x00\x00da,3\nE2,Bob,4\n")
    report = import_file(workspace, sheet)
    assert report.employees_added == 2
    assert any("NUL" in w.message and w.cell.endswith("B2") for w in report.warnings)
    names = {r[0] for r in workspace.conn.execute("SELECT name FROM employees")}
    assert names == {"Ada", "Bob"}


def test_binary_data_named_csv_says_it_holds_nul_bytes(tmp_path):
    junk = tmp_path / "data.csv"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputRejected, match=r"NUL bytes .*line 1, byte 1"):
        load_source(junk)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.replace(b"</row>", b"</rowx>", 1),  # mismatched tag
        lambda d: d.replace(b'<row r="5"', b'<row r="5" x="1" x="2"', 1),  # duplicate attribute
    ],
)
def test_malformed_sheet_xml_is_refused_naming_the_sheet(workspace, tmp_path, damage, dump_tables):
    bad = _rewrite_sheet(_xlsx(tmp_path / "ok.xlsx"), tmp_path / "bad.xlsx", damage)
    before = dump_tables(workspace)
    with pytest.raises(InputRejected, match=r"sheet Skills: the sheet's XML is damaged"):
        import_file(workspace, bad)
    assert dump_tables(workspace) == before


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/worksheets/sheet1.xml"])
@pytest.mark.parametrize("damage", ["data", "crc"])
def test_a_zip_part_with_bad_data_or_crc_is_called_damaged(workspace, tmp_path, part, damage):
    good = _xlsx(tmp_path / "ok.xlsx", rows=300)
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo(part)
    if damage == "data":
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        data[start + info.compress_size // 2] ^= 0xFF
    else:                                    # the stored checksum, in both headers
        crc = info.CRC.to_bytes(4, "little")
        data = bytearray(bytes(data).replace(crc, bytes(b ^ 0xFF for b in crc)))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputRejected, match=r"damaged|cannot be read"):
        import_file(workspace, bad)


def test_a_workspace_offered_as_a_spreadsheet_is_named(tmp_path):
    path = tmp_path / "other.rplan"
    Workspace.create(path).close()
    with pytest.raises(InputRejected, match="SQLite database, not a spreadsheet"):
        load_source(path)


def test_the_open_workspace_is_never_opened_again_as_a_spreadsheet(workspace, monkeypatch):
    import builtins

    real_open = builtins.open
    opened = []

    def spy(file, *args, **kwargs):
        opened.append(Path(file) if isinstance(file, str | os.PathLike) else file)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: spy(self, *a, **k))
    with pytest.raises(InputRejected, match="workspace that is open"):
        load_source(workspace.path)
    assert workspace.path not in opened


# -- small command-line cases ----------------------------------------------------------------


def test_employees_json_streams_the_same_records_as_the_library(tmp_path, capsys):
    from planner.store.employees import list_employees

    path = tmp_path / "ws.rplan"
    with Workspace.create(path) as ws:
        import_file(ws, _xlsx(tmp_path / "s.xlsx", rows=30))
        expected = list_employees(ws)
    assert main(["employees", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(expected))
    assert main(["employees", str(path), "--json", "--skill", "Python", "--min-level", "9"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_pin_accepts_an_employee_id_containing_equals(tmp_path, capsys):
    path = tmp_path / "ws.rplan"
    sheet = tmp_path / "s.csv"
    sheet.write_text(
        "employee_id,name,Python,Prompt engineering\nA=1,Ada,4,4\nB2,Bob,3,3\nC3,Cy,2,2\n"
    )
    demand = tmp_path / "demand.csv"
    demand.write_text("role_id,headcount\nprompt_engineer,1\n")
    with Workspace.create(path) as ws:
        import_file(ws, sheet)
    code = main(
        ["allocate", str(path), "--demand", str(demand), "--pin", "A=1=prompt_engineer", "--json"]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "A=1" in out


@pytest.mark.parametrize("kind", ["fifo", "folder", "workbook", "huge"])
def test_odd_demand_files_are_refused_with_words(tmp_path, kind):
    from planner.catalog import load_shipped_catalog
    from planner.matching.demand import MAX_DEMAND_BYTES, Demand

    path = tmp_path / "demand.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "workbook":
        path.write_bytes(_xlsx(tmp_path / "d.xlsx").read_bytes())
    else:
        path.write_bytes(b"prompt_engineer,1\n" * (MAX_DEMAND_BYTES // 10))
    words = {"fifo": "not a regular file", "folder": "not a regular file",
             "workbook": "save it as CSV", "huge": "far too large"}[kind]
    with pytest.raises(InputRejected, match=words):
        Demand.from_csv(path, load_shipped_catalog())
