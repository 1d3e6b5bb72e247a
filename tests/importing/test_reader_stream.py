"""The reader child sends its rows in chunks as it reads them: the parent gets exactly the
cells a whole-sheet read gives (A1-aligned, empty cells None), a failure after some chunks
refuses the file, and nothing but plain values and dates is ever built from the pipe."""

from __future__ import annotations

import datetime as dt
import io
import pickle
from pathlib import Path

import pytest

from planner.errors import InputRejected
from planner.importing import readers, sandbox


def _offset_workbook(path: Path, rows: int) -> Path:
    """Data from C3 on (a title row, blanks, dates), over more than one chunk."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Skills")
    sheet.write(0, 4, "Skills export")
    sheet.write_row(2, 2, ["employee_id", "name", "joined", "Python", "SQL"])
    for i in range(rows):
        r = 3 + i
        sheet.write(r, 2, 1000 + i)
        sheet.write(r, 3, f"Person {i}")
        sheet.write_datetime(r, 4, dt.datetime(2020, 1, 1) + dt.timedelta(days=i), dates)
        sheet.write(r, 5, i % 6)
        if i % 7:
            sheet.write(r, 6, i % 4)  # every 7th SQL cell left empty
    book.add_worksheet("Empty")
    book.close()
    return path


def _whole_sheet(path: Path) -> list[list[object]]:
    """What one whole-sheet read gives (empty cells None)."""
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Skills")
    return [[None if v == "" else v for v in row] for row in sheet.to_python(skip_empty_area=False)]


def test_chunks_join_into_the_whole_sheet_a1_aligned(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_CELLS", 50)  # 7 rows a chunk
    path = _offset_workbook(tmp_path / "offset.xlsx", 40)
    chunks = [value for kind, _, value in readers.stream_any(str(path), "xlsx") if kind == "rows"]
    assert len(chunks) > 5 and all(len(c) <= 7 for c in chunks)
    result = readers.read_any(str(path), "xlsx")
    expected = _whole_sheet(path)
    assert len(expected) == 43 and expected[2][2:4] == ["employee_id", "name"]
    assert expected[0][4] == "Skills export" and expected[10][6] is None
    assert isinstance(expected[3][4], dt.date)
    assert result["rows"] == {"Skills": expected, "Empty": []}
    assert [s["name"] for s in result["sheets"]] == ["Skills", "Empty"]


def test_the_child_streams_a_sheet_larger_than_a_chunk(tmp_path):
    rows = readers.CHUNK_CELLS // 7 * 2 + 5  # three chunks from the real child
    path = _offset_workbook(tmp_path / "big.xlsx", rows)
    data = sandbox.parse_in_child(path, "xlsx")
    assert data["rows"]["Skills"] == _whole_sheet(path)
    assert data["rows"]["Empty"] == []
    assert "read" not in data
    # The same cells as a matrix, filled chunk by chunk, read-only.
    cells = data["cells"]["Skills"]
    assert cells.shape == (rows + 3, 7) and cells.tolist() == data["rows"]["Skills"]
    assert not cells.flags.writeable
    assert data["cells"]["Empty"] is None


def test_rows_of_unequal_width_come_without_a_matrix():
    sheets = sandbox._Sheets()
    sheets.size("S", 3, 2)
    sheets.add("S", [["a", "b"], ["c", "d"]])
    sheets.add("S", [["e"]])
    assert sheets.rows["S"] == [["a", "b"], ["c", "d"], ["e"]]
    assert sheets.matrix("S") is None
    sheets.size("T", 2, 1)
    sheets.add("T", [["x"]])
    assert sheets.matrix("T") is None  # fewer rows than announced
    sheets.add("T", [["y"]])
    assert sheets.matrix("T").tolist() == [["x"], ["y"]]


def test_csv_chunks_are_the_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "CHUNK_CELLS", 10)
    path = tmp_path / "people.csv"
    path.write_text("id,name,Python\n" + "".join(f"E{i},P {i},{i % 5}\n" for i in range(30)))
    result = readers.read_any(str(path), "csv")
    rows = result["rows"]["people"]
    assert len(rows) == 31 and rows[0] == ["id", "name", "Python"]
    assert rows[-1] == ["E29", "P 29", "4"]


FAKE_READER = """
import pickle, sys
out = open(1, "wb", closefd=False)
for event in EVENTS:
    out.write(pickle.dumps(event))
out.flush()
"""


def _fake_child(tmp_path: Path, monkeypatch, events: str) -> Path:
    script = tmp_path / "fake_reader.py"
    script.write_text(FAKE_READER.replace("EVENTS", events))
    monkeypatch.setattr(sandbox, "READER_SCRIPT", script)
    sheet = tmp_path / "s.xlsx"
    sheet.write_bytes(b"not read by the fake reader")
    return sheet


def test_an_error_after_some_chunks_refuses_the_file(tmp_path, monkeypatch):
    sheet = _fake_child(
        tmp_path,
        monkeypatch,
        "[('rows', 'S', [['id', 'x']]), ('rows', 'S', [[1.0, 2.0]]), "
        "('error', 'S2', 'the sheet cannot be read (broken)')]",
    )
    with pytest.raises(InputRejected, match="broken") as caught:
        sandbox.parse_in_child(sheet, "xlsx")
    assert caught.value.sheet == "S2"


def test_a_stream_cut_short_refuses_the_file(tmp_path, monkeypatch):
    sheet = _fake_child(tmp_path, monkeypatch, "[('rows', 'S', [['id', 'x']])]")
    with pytest.raises(InputRejected, match="returned no result"):
        sandbox.parse_in_child(sheet, "xlsx")


def test_nothing_but_values_and_dates_is_unpickled_from_the_pipe():
    received: list[object] = []
    stream = io.BytesIO(
        pickle.dumps(("rows", "S", [[dt.date(2020, 1, 2), 1.0, "a", None]]))
        + pickle.dumps(("ok", "", {"sheets": [], "read": ["S"]}))
    )
    sandbox._receive(stream, received)
    assert received == [
        {
            "ok": {
                "sheets": [],
                "rows": {"S": [[dt.date(2020, 1, 2), 1.0, "a", None]]},
                "cells": {"S": None},  # no size announced: rows only
            }
        }
    ]
    hostile = io.BytesIO(pickle.dumps(("rows", "S", [[Path("/etc/passwd")]])))
    received = []
    sandbox._receive(hostile, received)
    assert isinstance(received[0], pickle.UnpicklingError)


def test_a_child_that_lingers_after_its_answer_does_not_hold_up_the_import(tmp_path, monkeypatch):
    """The answer is complete once the last message arrived: how (and when) the child then
    ends does not matter, and a child that does not end is killed after a grace period."""
    sheet = _fake_child(
        tmp_path,
        monkeypatch,
        "[('size', 'S', (1, 2)), ('rows', 'S', [['id', 'x']]), "
        "('ok', '', {'sheets': [{'name': 'S', 'visible': 'visible', 'kind': 'worksheet'}], "
        "'read': ['S'], 'merged': {'S': []}, 'notes': []})]",
    )
    script = sandbox.READER_SCRIPT
    script.write_text(script.read_text() + "import time\ntime.sleep(600)\n")
    monkeypatch.setattr(sandbox, "GRACE_SECONDS", 1.0)
    data = sandbox.parse_in_child(sheet, "xlsx", timeout=20)
    assert data["rows"] == {"S": [["id", "x"]]} and data["cells"]["S"].shape == (1, 2)


def test_the_pipe_from_the_child_is_widened_where_the_system_allows():
    import os
    import sys

    read, write = os.pipe()
    try:
        with os.fdopen(read, "rb", closefd=False) as stream:
            sandbox._widen_pipe(stream)  # never raises, whatever the platform
        if sys.platform.startswith("linux"):
            import fcntl

            assert fcntl.fcntl(read, fcntl.F_GETPIPE_SZ) == sandbox.PIPE_BYTES
    finally:
        os.close(read)
        os.close(write)
