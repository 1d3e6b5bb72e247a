"""Every hostile or odd file of ``hostile_files.py`` is answered through the command line
and through the import wizard: imported, or refused in words naming the file (and the
sheet, line or cell where it can) — never a traceback, a crash dialog or a hang, and a
refused file leaves the workspace exactly as it was.

The files are small but structurally hostile (repeat bombs, lying sizes, entity tricks
past a quick scan, a cell at XFD1048576...); the cell limit is lowered here so the repeat
and area bombs meet it at CI sizes. Full-size figures (time and peak memory of the whole
process tree): ``tests/benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import hostile_files
import pytest

from planner.cli import main
from planner.importing import budget

# name -> (outcome, what the message or report must say); names not listed may go either way
EXPECT: dict[str, tuple[str, str]] = {
    "xlsx_dimension_xfd": ("refused", r"declares a used area"),
    "xlsx_far_cell_no_dimension": ("refused", r"far_cell\.xlsx, sheet Skills"),
    "xlsx_header_top_data_bottom": ("refused", r"sheet Skills: the sheet spans 1,048,576 rows"),
    "xlsx_wide_sparse": ("refused", r"sheet Skills: the sheet spans .* × 16,384 columns"),
    "xlsx_laughs_late_in_sheet": ("refused", r"sheet1\.xml declares XML entities"),
    "xlsx_xxe_late_in_sheet": ("refused", r"declares XML entities"),
    "xlsx_laughs_in_content_types": ("refused", r"\[Content_Types\]\.xml declares XML entities"),
    "xlsx_laughs_in_workbook_late": ("refused", r"workbook\.xml declares XML entities"),
    "xlsx_laughs_in_sst_late": ("refused", r"sharedStrings\.xml declares XML entities"),
    "xlsx_utf16_sheet_with_doctype": ("refused", r"declares XML entities"),
    "xlsx_utf16_no_bom_sheet": ("refused", r"declares XML entities"),
    "ods_laughs_late": ("refused", r"content\.xml declares XML entities"),
    "ods_xxe_manifest": ("refused", r"manifest\.xml declares XML entities"),
    "ods_rows_repeated": ("refused", r"1,048,\d+ rows"),
    "ods_both_repeated": ("refused", r"both_repeated\.ods"),
    "ods_columns_repeated": ("refused", r"columns_repeated\.ods"),
    "xlsm_with_macros": ("imported", r"6 new"),
    "xlsx_sst_one_huge_string": ("imported", r"6 new"),
    "xls_plain": ("imported", r"6 new"),
    "zip_bad_crc": ("refused", r"damaged"),
    "zip_duplicate_names": ("refused", r"twice"),
    "zip_huge_declared_size": ("refused", r"expand"),
    "zip_truncated": ("refused", r"damaged"),
    "csv_utf16_no_bom": ("imported", r"12 ratings"),
    "csv_utf16_be_no_bom": ("imported", r"12 ratings"),
    "csv_latin1": ("imported", r"3 new"),
    "csv_mixed_line_endings": ("imported", r"9 new"),
    "csv_100k_columns": ("refused", r"100,002 columns; a spreadsheet has at most 16,384"),
    "csv_binary_tail": ("refused", r"binary data, not text, from line 302"),
    "csv_unclosed_quote": ("refused", r"quote opened on line 2 is not closed until line"),
    "csv_zero_bytes": ("refused", r"empty"),
    "csv_only_bom": ("refused", r"empty"),
    "fs_directory": ("refused", r"folder"),
    "fs_fifo": ("refused", r"not a regular file"),
    "fs_device": ("refused", r"not a regular file"),
    "fs_dangling_symlink": ("refused", r"link to a file that does not exist"),
    "fs_symlink_loop": ("refused", r"loop of links"),
    "fs_symlink": ("imported", r"6 new"),
    "wrong_ext_ods_named_xlsx": ("imported", r"6 new"),
    "wrong_ext_xls_named_xlsx": ("imported", r"6 new"),
    "wrong_ext_pdf": ("refused", r"not a spreadsheet"),
}

NAMES = sorted(hostile_files.BUILDERS)
CI_MAX_CELLS = 400_000  # the repeat and area bombs meet the cell limit at CI sizes


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A closed workspace with a few people (so an import first writes a backup)."""
    from planner.importing import import_file
    from planner.store import Workspace

    folder = tmp_path_factory.mktemp("template")
    sheet = folder / "team.csv"
    sheet.write_text("employee_id,name,Python\nT1,Ann,3\nT2,Bob,4\n")
    with Workspace.create(folder / "team.rplan") as ws:
        import_file(ws, sheet)
    return folder / "team.rplan"


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(budget, "MAX_CELLS", CI_MAX_CELLS)


def _snapshot(ws: Path) -> tuple[dict, list[str]]:
    conn = sqlite3.connect(f"file:{ws}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        dump = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()
    return dump, sorted(
        p.name for p in ws.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    )


def _build(name: str, tmp_path: Path) -> Path:
    path = hostile_files.build(name, tmp_path / "files")
    return path


def _check(name: str, outcome: str, text: str, path: Path) -> None:
    assert "Traceback" not in text, text
    assert outcome in ("imported", "refused", "mapping"), text
    if outcome == "mapping":  # the wizard asks the user to choose the columns, with why
        assert "Next is off until you" in text
        return
    if outcome == "refused":
        shown_name = path.name.splitlines()[0]
        assert shown_name in text or path.name in text, f"the file is not named: {text}"
    if name in EXPECT:
        want, pattern = EXPECT[name]
        assert outcome == want, f"{name}: {outcome}, expected {want}: {text}"
        assert re.search(pattern, text), f"{name}: {pattern!r} not in {text!r}"


@pytest.mark.parametrize("name", NAMES)
def test_the_command_line_answers_every_hostile_file(
    name, tmp_path, template, small_limits, capsys
):
    path = _build(name, tmp_path)
    ws = tmp_path / "ws" / "team.rplan"
    ws.parent.mkdir()
    shutil.copy(template, ws)
    before = _snapshot(ws)
    code = main(["import", str(ws), str(path)])
    out = capsys.readouterr()
    text = out.out + out.err
    outcome = {0: "imported", 3: "refused"}.get(code, f"exit {code}")
    _check(name, outcome, text, path)
    if outcome == "refused":
        assert _snapshot(ws) == before, "a refused file changed the workspace"


@pytest.mark.parametrize("name", NAMES)
def test_the_import_wizard_answers_every_hostile_file(name, tmp_path, template, small_limits, qapp):
    import wizard_driver

    path = _build(name, tmp_path)
    ws = tmp_path / "ws" / "team.rplan"
    ws.parent.mkdir()
    shutil.copy(template, ws)
    before = _snapshot(ws)
    result = wizard_driver.drive(ws, path, timeout=60)
    assert not result["bugs"], result
    text = result["message"]
    _check(name, result["outcome"], text, path)
    if result["outcome"] != "imported":
        assert _snapshot(ws) == before, "a refused file changed the workspace"


def test_an_unreadable_file_is_refused_in_words(template):
    """Permissions do not stop root, so as root the command runs as 'nobody' (in a folder
    of its own: pytest's temporary folders are private to root)."""
    base = Path(tempfile.mkdtemp(prefix="rplan-unreadable-"))
    try:
        base.chmod(0o777)
        path = hostile_files.build("fs_unreadable", base)
        path.parent.chmod(0o777)
        ws = base / "team.rplan"
        shutil.copy(template, ws)
        ws.chmod(0o666)
        as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        command = [
            *(as_nobody if os.geteuid() == 0 else []),
            sys.executable,
            "-m",
            "planner",
            "import",
            str(ws),
            str(path),
        ]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "HOME": str(base)},
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and "unreadable.xlsx" in done.stderr
    assert "Permission denied" in done.stderr


MAPPINGS = {
    "not an object": "[]",
    "nested too deeply": "[" * 100_000 + "]" * 100_000,
    "wrong types": '{"layout": "wide", "columns": [{"index": "x", "role": "ignore"}]}',
    "overrides not a table": '{"layout": "wide", "columns": [], "overrides": {"a": [1]}}',
    "not UTF-8": b"\xff\xfe\x00",
    "far too large": b" " * (11 << 20),
}


@pytest.mark.parametrize("kind", sorted(MAPPINGS))
def test_a_hostile_mapping_file_is_refused_in_words(kind, tmp_path, template, capsys):
    ws = tmp_path / "team.rplan"
    shutil.copy(template, ws)
    sheet = tmp_path / "people.csv"
    sheet.write_text("employee_id,name,Python\nP1,Pia,3\n")
    mapping = tmp_path / "saved.json"
    content = MAPPINGS[kind]
    mapping.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = _snapshot(ws)
    code = main(["import", str(ws), str(sheet), "--mapping", str(mapping)])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    assert "saved.json: cannot use the mapping" in err
    assert _snapshot(ws) == before


def test_an_unreadable_file_is_refused_in_words_by_the_wizard(
    tmp_path, template, qapp, monkeypatch
):
    """As root nothing is unreadable, so opening this file fails as it would for a user."""
    import pathlib

    import wizard_driver

    path = _build("fs_unreadable", tmp_path)
    real_open = pathlib.Path.open

    def no_permission(self, *args, **kwargs):
        if self.name == path.name:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", no_permission)
    ws = tmp_path / "ws" / "team.rplan"
    ws.parent.mkdir()
    shutil.copy(template, ws)
    result = wizard_driver.drive(ws, path, timeout=30)
    assert not result["bugs"], result
    assert result["outcome"] == "refused"
    assert "unreadable.xlsx: the file cannot be read (Permission denied)" in result["message"]
