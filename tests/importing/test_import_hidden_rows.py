"""Rows hidden in the workbook are skipped with a note, and encrypted .xls files are named."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from imp_helpers import dump, make_xlsx, new_workspace, stored_ratings

from planner.errors import InputRejected
from planner.importing import hidden, import_file, load_source
from planner.importing.sniff import sniff

HEADER = ["Employee ID", "Name", "Python", "SQL"]
PEOPLE = [[1000 + i, f"Person {i}", i % 5 + 1, 3] for i in range(1, 9)]


def openpyxl_workbook(path: Path, rows: list[list], hidden_rows: list[int]) -> Path:
    """``hidden_rows`` are 1-based, as Excel numbers them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Skills"
    for row in rows:
        ws.append(row)
    for r in hidden_rows:
        ws.row_dimensions[r].hidden = True
    wb.save(path)
    return path


def keys(ws) -> set[str]:
    return {k for (k,) in ws.conn.execute("SELECT employee_key FROM employees")}


def test_hidden_rows_are_not_imported_and_the_report_says_so(tmp_path):
    # Row 1: an old header someone hid; it must not be taken for the header.
    rows = [["Old id", "Old name", "Old skill"], HEADER, *PEOPLE]
    path = openpyxl_workbook(tmp_path / "hidden.xlsx", rows, hidden_rows=[1, 5, 6, 10])
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.errors == []
    # Rows 5, 6 and 10 hold persons 3, 4 and 8.
    assert keys(ws) == {"1001", "1002", "1005", "1006", "1007"}
    assert "3 hidden rows (5, 6, 10) were skipped" in report.notes
    assert {k for k, *_ in stored_ratings(ws)} == keys(ws)


def test_workbook_without_hidden_rows_imports_everyone(tmp_path):
    path = openpyxl_workbook(tmp_path / "plain.xlsx", [HEADER, *PEOPLE], hidden_rows=[])
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.errors == [] and report.employees_added == 8
    assert len(keys(ws)) == 8
    assert not any("hidden" in n for n in report.notes)


def test_sheet_whose_data_rows_are_all_hidden_is_refused_saying_so(tmp_path):
    path = openpyxl_workbook(tmp_path / "all.xlsx", [HEADER, *PEOPLE[:3]],
                             hidden_rows=[2, 3, 4])
    ws = new_workspace(tmp_path)
    before = dump(ws)
    with pytest.raises(InputRejected, match=r"all 3 are hidden"):
        import_file(ws, path)
    assert dump(ws) == before


def _sheet(rows: str, prefix: str = "") -> str:
    ns = f"xmlns{':' + prefix[:-1] if prefix else ''}"
    return (f'<?xml version="1.0" encoding="UTF-8"?><{prefix}worksheet {ns}="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><'
            f'{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>')


def _row(r: int | None, attrs: str = "", prefix: str = "") -> str:
    number = f' r="{r}"' if r is not None else ""
    text = "x" * 40   # long enough for the tiny chunks below to cut rows apart
    return (f'<{prefix}row{number} spans="1:2"{attrs}><{prefix}c t="inlineStr"><{prefix}is>'
            f'<{prefix}t>{text}</{prefix}t></{prefix}is></{prefix}c></{prefix}row>')


@pytest.mark.parametrize("chunk", [37, 1 << 18])
def test_scanner_reads_prefixes_true_and_rows_without_numbers(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(hidden, "CHUNK", chunk)
    # Open XML SDK style: an x: prefix, hidden="true", a gap in the row numbers.
    prefixed = "".join([_row(1, prefix="x:"), _row(2, ' hidden="true"', "x:"),
                        _row(3, ' hidden="0"', "x:"), _row(7, ' hidden="1"', "x:"),
                        _row(8, prefix="x:")])
    path = make_xlsx(tmp_path / "prefixed.xlsx", _sheet(prefixed, "x:"))
    assert hidden.hidden_rows(path, "xlsx") == {"Sheet1": frozenset({1, 6})}
    # No r attributes at all (optional in the standard): rows are counted.
    unnumbered = "".join([_row(None), _row(None, ' hidden="1"'), _row(None),
                          _row(None, ' customHeight="1" hidden="1"')])
    path = make_xlsx(tmp_path / "unnumbered.xlsx", _sheet(unnumbered))
    assert hidden.hidden_rows(path, "xlsx") == {"Sheet1": frozenset({1, 3})}
    # A cell text mentioning hidden="1" is not a hidden row.
    path = make_xlsx(tmp_path / "text.xlsx", _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>hidden="1"</t></is></c></row>'))
    assert hidden.hidden_rows(path, "xlsx") == {}


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2"><office:body><office:spreadsheet>
<table:table table:name="Skills">
{rows}
</table:table></office:spreadsheet></office:body></office:document-content>"""


def _ods_row(values: list, attrs: str = "") -> str:
    cells = "".join(
        f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
        "</table:table-cell>" if isinstance(v, int) else
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in values)
    return f"<table:table-row{attrs}>{cells}</table:table-row>"


def test_ods_collapsed_and_filtered_rows_are_skipped(tmp_path):
    rows = "".join([
        _ods_row(["Employee ID", "Name", "Python"]),
        _ods_row([1, "Ann", 3]),
        _ods_row([9, "Ghost", 5], ' table:number-rows-repeated="2" table:visibility="collapse"'),
        _ods_row([7, "Filtered", 2], ' table:visibility="filter"'),
        _ods_row([2, "Bob", 4], ' table:visibility="visible"'),
    ])
    path = tmp_path / "hidden.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", ODS_CONTENT.format(rows=rows))
        zf.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
            'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>'))
    assert load_source(path).hidden == frozenset({2, 3, 4})
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert keys(ws) == {"1", "2"}
    assert "3 hidden rows (3, 4, 5) were skipped" in report.notes


# -- encrypted .xls (BIFF FILEPASS) ---------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
ENCRYPTED_XLS = ["poi__xor-encryption-abc.xls", "sheetjs__password_2002_40_xor.xls",
                 "sheetjs__password_2002_128_strong.xls"]
PLAIN_XLS = sorted(p.name for p in CORPUS.glob("*.xls")
                   if p.name not in ENCRYPTED_XLS) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(),
                                  reason="the shared corpus folder is absent")


@needs_corpus
@pytest.mark.parametrize("name", ENCRYPTED_XLS)
def test_encrypted_xls_is_refused_as_password_protected(tmp_path, name):
    ws = new_workspace(tmp_path)
    before = dump(ws)
    with pytest.raises(InputRejected) as info:
        import_file(ws, CORPUS / name)
    message = str(info.value)
    assert "password protected" in message and "damaged" not in message, message
    assert dump(ws) == before


@needs_corpus
@pytest.mark.parametrize("name", PLAIN_XLS)
def test_plain_xls_is_not_taken_for_encrypted(name):
    try:
        assert sniff(CORPUS / name).format in ("xls", "csv")
    except InputRejected as exc:   # fuzzed files may be refused, but not as encrypted
        assert "password" not in str(exc)
