"""What many HR systems write when asked for "Excel": a web page of tables or an Excel 2003
XML spreadsheet, often named .xls. Both are read (in the sandboxed reader, stdlib parsers
only); hostile variants are refused in words, the workspace unchanged."""

from __future__ import annotations

import pytest
from imp_helpers import dump, new_workspace, stored_ratings

from planner.errors import InputRejected, TooLarge
from planner.importing import import_file, load_source

HTML_EXPORT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Skills report</title>
<style>td { color: red }</style><script>var x = "<td>not a cell</td>";</script></head>
<body>
<table><tr><td>Report</td><td>Skills matrix &amp; levels</td></tr>
<tr><td>Run by</td><td>HRIS</td></tr></table>
<table border="1">
<tr><th rowspan="2">Employee ID</th><th rowspan="2">Name</th><th rowspan="2">Department</th>
    <th colspan="2">Technical</th></tr>
<tr><th>Python</th><th>SQL</th></tr>
<tr><td>E1</td><td>Zoë  M&uuml;ller</td><td>R&amp;D</td><td>3</td><td>2</td></tr>
<tr style="display: none"><td>E9</td><td>Hidden Person</td><td>IT</td><td>5</td><td>5</td></tr>
<tr><td>E2</td><td>Bob<br>Ray</td><td>IT</td><td>Advanced</td><td></td></tr>
</table></body></html>
"""

SPREADSHEET_2003 = """<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Worksheet ss:Name="Parameters"><Table><Row><Cell><Data ss:Type="String">Run</Data></Cell>
 </Row></Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
 <Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
 <Worksheet ss:Name="Skills">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Skills export</Data></Cell></Row>
   <Row ss:Index="3">
    <Cell><Data ss:Type="String">Employee ID</Data></Cell>
    <Cell><Data ss:Type="String">Name</Data></Cell>
    <Cell><Data ss:Type="String">Python</Data></Cell>
    <Cell ss:Index="5"><Data ss:Type="String">Assessed on</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">E1</Data><Comment><Data>checked by HR</Data></Comment></Cell>
    <Cell><Data ss:Type="String"><html:B>Ann</html:B> Lee</Data></Cell>
    <Cell><Data ss:Type="Number">4</Data></Cell>
    <Cell ss:Index="5"><Data ss:Type="DateTime">2026-11-12T00:00:00.000</Data></Cell>
   </Row>
   <Row ss:Hidden="1">
    <Cell><Data ss:Type="String">E7</Data></Cell><Cell><Data ss:Type="String">Old Row</Data></Cell>
    <Cell><Data ss:Type="Number">1</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">E2</Data></Cell><Cell><Data ss:Type="String">Bo Yu</Data></Cell>
    <Cell><Data ss:Type="Number">2</Data></Cell>
   </Row>
  </Table>
 </Worksheet>
</Workbook>
"""


def test_a_web_page_named_xls_is_read_as_its_tables(tmp_path):
    path = tmp_path / "skills_report.xls"
    path.write_text(HTML_EXPORT, encoding="utf-8")
    source = load_source(path)
    assert source.format == "html"
    assert [s.name for s in source.sheets] == ["Table 1", "Table 2"]
    assert source.sheet == "Table 2"  # the skill data, not the report's parameters
    rows = source.rows
    assert rows[0][:4] == ["Employee ID", "Name", "Department", "Technical"]
    assert rows[1][3:] == ["Python", "SQL"]
    assert rows[2][:3] == ["E1", "Zoë Müller", "R&D"]  # entities, whitespace folded
    assert rows[4][1] == "Bob Ray"  # a line break inside a cell
    assert (0, 3, 0, 4) in source.merged  # the colspan group heading
    assert any("is a web page, not a workbook" in n for n in source.notes)
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.employees_added == 2  # the hidden row (display:none) is left out
    levels = {(k, s): lvl for k, s, _src, lvl, _raw in stored_ratings(ws)}
    assert levels[("E1", "python")] == 3 and levels[("E1", "sql")] == 2
    assert ("E9", "python") not in levels
    assert any("hidden" in n.lower() for n in report.notes)


def test_an_excel_2003_xml_spreadsheet_is_read_with_its_types(tmp_path):
    path = tmp_path / "workday_export.xls"
    path.write_text(SPREADSHEET_2003, encoding="utf-8")
    source = load_source(path)
    assert source.format == "xml2003"
    hidden = {s.name: s.hidden for s in source.sheets}
    assert hidden == {"Parameters": True, "Skills": False}
    assert source.sheet == "Skills"
    rows = source.rows
    assert rows[0][0] == "Skills export" and (0, 0, 0, 2) in source.merged
    assert rows[1] == [None] * 5  # ss:Index skipped a row
    assert rows[2] == ["Employee ID", "Name", "Python", None, "Assessed on"]
    assert rows[3][:3] == ["E1", "Ann Lee", 4.0]  # the comment is not the value
    assert rows[3][4].isoformat().startswith("2026-11-12")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.employees_added == 2  # E7's row is hidden
    levels = {(k, s): lvl for k, s, _src, lvl, _raw in stored_ratings(ws)}
    assert levels == {("E1", "python"): 4.0, ("E2", "python"): 2.0}


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "entities.xls",
            '<?xml version="1.0"?><!DOCTYPE Workbook [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet>'
            "<Table><Row><Cell><Data>&b;</Data></Cell></Row></Table></Worksheet></Workbook>",
            "declares a document type",
        ),
        (
            "broken.xml",
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:'
            'spreadsheet"><Worksheet><Table><Row><Cell></Row></Table></Worksheet></Workbook>',
            "damaged",
        ),
        (
            "far_row.xls",
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:'
            'schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
            '<Row ss:Index="2000000000"><Cell><Data ss:Type="String">x</Data></Cell></Row>'
            "</Table></Worksheet></Workbook>",
            "at most 1,048,576",
        ),
        (
            "other.xml",
            '<?xml version="1.0"?><catalog><book id="1"/></catalog>',
            "not a spreadsheet",
        ),
        ("empty_page.html", "<html><body><p>Nothing here</p></body></html>", "no table"),
    ],
)
def test_hostile_or_foreign_markup_is_refused_in_words(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ws = new_workspace(tmp_path)
    before = dump(ws)
    with pytest.raises(InputRejected) as caught:
        import_file(ws, path)
    assert words in str(caught.value) and name in str(caught.value)
    assert dump(ws) == before


def test_a_span_bomb_is_refused_for_its_size(tmp_path):
    """A few bytes per <td colspan=1000> would make a billion cells: counted as they come."""
    row = "<tr>" + '<td colspan="1000">x</td>' * 16 + "</tr>"
    path = tmp_path / "spans.html"
    path.write_text("<table>" + row * 40_000 + "</table>", encoding="utf-8")
    ws = new_workspace(tmp_path)
    with pytest.raises(TooLarge) as caught:
        import_file(ws, path)
    assert "cells" in str(caught.value)
