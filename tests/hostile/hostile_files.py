"""Build hostile and odd input files (a fixture builder: files are made at test time).

Each builder writes one file (or file-system object) and returns its path. They differ
from ``../shared/corpus`` on purpose: hand-written OOXML/ODS/BIFF/zip structures that are
small on disk but structurally hostile (repeat bombs, lying sizes, entity tricks placed
where a quick scan does not look, merges over the whole sheet...). ``big=True`` makes the
size-driven ones full size (50 MB line, a million shared strings) for the on-demand probe
``tests/benchmarks/bench_hostile.py``; CI uses the small versions.

    python tests/hostile/hostile_files.py OUTDIR [--big]     # writes them all
"""

from __future__ import annotations

import io
import os
import random
import shutil
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from planner.importing.report import column_letter

# -- OOXML by hand ------------------------------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
REL_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows_xml(rows: list[list[object]], first_row: int = 1) -> str:
    out = []
    for r, row in enumerate(rows, first_row):
        cells = "".join(cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def sheet_xml(body: str, *, before: str = "", after: str = "", prolog: str = "") -> str:
    return (
        f"{HEAD}{prolog}<worksheet {NS} {RNS}>{before}<sheetData>{body}</sheetData>"
        f"{after}</worksheet>"
    )


def team(n: int = 6) -> list[list[object]]:
    """A small honest skill table: id, name, two catalog skills."""
    rows: list[list[object]] = [["employee_id", "name", "Python", "SQL"]]
    rows += [[f"H{i:04d}", f"Person {i}", i % 5, (i * 3) % 5] for i in range(n)]
    return rows


def write_xlsx(
    path: Path,
    sheets: dict[str, str],
    *,
    shared_strings: str | None = None,
    styles: str | None = None,
    content_types: str | None = None,
    workbook: str | None = None,
    rels: str | None = None,
    extra: dict[str, bytes | str] | None = None,
    macro: bool = False,
) -> Path:
    """A minimal OOXML package from sheet XML strings (any part may be replaced)."""
    names = list(sheets)
    main_ct = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if macro
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT_SHEET}"/>'
        for i in range(1, len(names) + 1)
    )
    ct = content_types or (
        f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main_ct}"/>{overrides}</Types>'
    )
    sheet_tags = "".join(
        f'<sheet name="{n.replace("&", "&amp;").replace(chr(34), "&quot;")}" '
        f'sheetId="{i}" r:id="rId{i}"/>'
        for i, n in enumerate(names, 1)
    )
    wb = workbook or f"{HEAD}<workbook {NS} {RNS}><sheets>{sheet_tags}</sheets></workbook>"
    wb_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{REL_SHEET}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    if shared_strings is not None:
        wb_rels += f'<Relationship Id="rIdS" Type="{REL_SST}" Target="sharedStrings.xml"/>'
    if styles is not None:
        wb_rels += f'<Relationship Id="rIdT" Type="{REL_STYLES}" Target="styles.xml"/>'
    rel_ns = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    wb_rels_xml = rels or f"{HEAD}<Relationships {rel_ns}>{wb_rels}</Relationships>"
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": ct,
        "_rels/.rels": f'{HEAD}<Relationships {rel_ns}><Relationship Id="rId1" '
        f'Type="{REL_DOC}" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": wb,
        "xl/_rels/workbook.xml.rels": wb_rels_xml,
    }
    for i, name in enumerate(names, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheets[name]
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        parts["xl/styles.xml"] = styles
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return path


def plain_xlsx(path: Path, rows: list[list[object]] | None = None, **kw) -> Path:
    return write_xlsx(path, {"Skills": sheet_xml(rows_xml(rows or team()))}, **kw)


# -- OOXML builders -----------------------------------------------------------------------


def xlsx_dimension_xfd(folder: Path, big: bool) -> Path:
    """Declares A1:XFD1048576 and really has a cell at XFD1048576."""
    body = rows_xml(team()) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    xml = sheet_xml(body, before='<dimension ref="A1:XFD1048576"/>')
    return write_xlsx(folder / "dimension_xfd.xlsx", {"Skills": xml})


def xlsx_far_cell_no_dimension(folder: Path, big: bool) -> Path:
    """No dimension tag, but one cell at XFD1048576: the used range is 17 billion cells."""
    body = rows_xml(team()) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return write_xlsx(folder / "far_cell.xlsx", {"Skills": sheet_xml(body)})


def xlsx_last_row_only(folder: Path, big: bool) -> Path:
    """The only rows are r="1048576" (header) on one sheet; data far below on another."""
    only = sheet_xml(
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>employee_id</t></is></c></row>'
    )
    return write_xlsx(folder / "last_row_only.xlsx", {"Skills": only})


def xlsx_header_top_data_bottom(folder: Path, big: bool) -> Path:
    """Header in row 1, 30 skill columns, one person in row 1048576 (31 M cells apart)."""
    header = ["employee_id", "name"] + [f"Skill {i}" for i in range(28)]
    body = rows_xml([header]) + rows_xml([["X1", "Far"] + [3] * 28], first_row=1048576)
    return write_xlsx(folder / "header_top_data_bottom.xlsx", {"Skills": sheet_xml(body)})


def xlsx_100k_styles(folder: Path, big: bool) -> Path:
    count = 100_000
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * count
    styles = (
        f'{HEAD}<styleSheet {NS}><fonts count="1"><font/></fonts><fills count="1"><fill/>'
        f'</fills><borders count="1"><border/></borders><cellXfs count="{count}">{xfs}'
        "</cellXfs></styleSheet>"
    )
    rows = team()
    body = "".join(
        f'<row r="{r}">'
        + "".join(
            cell(f"{column_letter(c)}{r}", v).replace("<c ", f'<c s="{(r * 7 + c) % count}" ', 1)
            for c, v in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    return write_xlsx(folder / "styles_100k.xlsx", {"Skills": sheet_xml(body)}, styles=styles)


def xlsx_1000_sheets(folder: Path, big: bool) -> Path:
    sheets = {f"S{i:04d}": sheet_xml(rows_xml([["a", "b"], [i, i]])) for i in range(999)}
    sheets["Skills"] = sheet_xml(rows_xml(team()))
    return write_xlsx(folder / "sheets_1000.xlsx", sheets)


def xlsx_sst_one_huge_string(folder: Path, big: bool) -> Path:
    """One shared string of random letters (incompressible-ish), used as a header."""
    rng = random.Random(1)
    size = (40 << 20) if big else (3 << 20)
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(size // 64))
    huge = letters * 64  # repetitive at long range: still a few MB compressed when big
    sst = f'{HEAD}<sst {NS} count="1" uniqueCount="1"><si><t>{huge}</t></si></sst>'
    body = rows_xml(team()).replace(
        '<c r="B1" t="inlineStr"><is><t>name</t></is></c>', '<c r="B1" t="s"><v>0</v></c>'
    )
    return write_xlsx(folder / "sst_one_huge.xlsx", {"Skills": sheet_xml(body)}, shared_strings=sst)


def xlsx_sst_million_tiny(folder: Path, big: bool) -> Path:
    count = 1_000_000 if big else 200_000
    items = "".join(f"<si><t>{i}</t></si>" for i in range(count))
    sst = f'{HEAD}<sst {NS} count="{count}" uniqueCount="{count}">{items}</sst>'
    body = rows_xml(team()) + (f'<row r="20"><c r="A20" t="s"><v>{count - 1}</v></c></row>')
    return write_xlsx(
        folder / "sst_many_tiny.xlsx", {"Skills": sheet_xml(body)}, shared_strings=sst
    )


def xlsx_sst_index_out_of_range(folder: Path, big: bool) -> Path:
    sst = f'{HEAD}<sst {NS} count="1" uniqueCount="1"><si><t>x</t></si></sst>'
    body = (
        rows_xml(team()) + '<row r="9"><c r="A9" t="s"><v>4294967295</v></c>'
        '<c r="B9" t="s"><v>-1</v></c></row>'
    )
    return write_xlsx(
        folder / "sst_bad_index.xlsx", {"Skills": sheet_xml(body)}, shared_strings=sst
    )


def xlsx_deep_nesting(folder: Path, big: bool) -> Path:
    depth = 200_000 if big else 50_000
    deep = "<x>" * depth + "</x>" * depth
    body = (
        rows_xml(team()) + f'<row r="9"><c r="A9" t="inlineStr"><is>{deep}<t>z</t></is></c></row>'
    )
    return write_xlsx(folder / "deep_nesting.xlsx", {"Skills": sheet_xml(body)})


def xlsx_deep_nesting_workbook(folder: Path, big: bool) -> Path:
    depth = 100_000
    wb = (
        f"{HEAD}<workbook {NS} {RNS}>"
        + "<extLst>" * depth
        + "</extLst>" * depth
        + '<sheets><sheet name="Skills" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return write_xlsx(
        folder / "deep_workbook.xlsx", {"Skills": sheet_xml(rows_xml(team()))}, workbook=wb
    )


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def _padding(size: int = 70_000) -> str:
    """A comment longer than a quick 64 KB scan, legal before a DOCTYPE."""
    return "<!--" + "p" * size + "-->"


def xlsx_laughs_late_in_sheet(folder: Path, big: bool) -> Path:
    """Billion laughs after 70 KB of comment in the sheet part (beyond a head-only scan)."""
    body = rows_xml(team()).replace("Person 1<", "&lol9;<", 1)
    xml = sheet_xml(body, prolog=_padding() + LAUGHS)
    return write_xlsx(folder / "laughs_late_sheet.xlsx", {"Skills": xml})


def xlsx_xxe_late_in_sheet(folder: Path, big: bool) -> Path:
    body = rows_xml(team()).replace("Person 1<", "&xxe;<", 1)
    xml = sheet_xml(body, prolog=_padding() + XXE)
    return write_xlsx(folder / "xxe_late_sheet.xlsx", {"Skills": xml})


def xlsx_laughs_in_content_types(folder: Path, big: bool) -> Path:
    ct = (
        f'{HEAD}{_padding()}{LAUGHS}<Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="xml" ContentType="&lol9;"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/></Types>'
    )
    return plain_xlsx(folder / "laughs_content_types.xlsx", content_types=ct)


def xlsx_laughs_in_workbook_late(folder: Path, big: bool) -> Path:
    wb = (
        f'{HEAD}{_padding()}{LAUGHS}<workbook {NS} {RNS}><sheets><sheet name="&lol9;" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    return write_xlsx(
        folder / "laughs_workbook.xlsx", {"Skills": sheet_xml(rows_xml(team()))}, workbook=wb
    )


def xlsx_laughs_in_sst_late(folder: Path, big: bool) -> Path:
    sst = f"{HEAD}{_padding()}{LAUGHS}<sst {NS}><si><t>&lol9;</t></si></sst>"
    body = rows_xml(team()) + '<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
    return write_xlsx(folder / "laughs_sst.xlsx", {"Skills": sheet_xml(body)}, shared_strings=sst)


def xlsx_utf16_sheet_with_doctype(folder: Path, big: bool) -> Path:
    """The sheet part in UTF-16 (legal XML) hiding a DOCTYPE from byte scans."""
    text = sheet_xml(rows_xml(team()).replace("Person 1<", "&lol9;<", 1), prolog=LAUGHS)
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")
    return write_xlsx(folder / "utf16_sheet_doctype.xlsx", {"Skills": data})  # type: ignore[dict-item]


def xlsx_utf16_no_bom_sheet(folder: Path, big: bool) -> Path:
    text = sheet_xml(rows_xml(team()), prolog=LAUGHS).replace(
        'encoding="UTF-8"', 'encoding="UTF-16LE"'
    )
    return write_xlsx(folder / "utf16le_sheet_doctype.xlsx", {"Skills": text.encode("utf-16-le")})  # type: ignore[dict-item]


def xlsx_merge_whole_sheet(folder: Path, big: bool) -> Path:
    after = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    return write_xlsx(
        folder / "merge_whole_sheet.xlsx", {"Skills": sheet_xml(rows_xml(team()), after=after)}
    )


def xlsx_merge_header_bomb(folder: Path, big: bool) -> Path:
    """Tens of thousands of overlapping merges across the header rows."""
    count = 100_000 if big else 30_000
    merges = "".join(
        f'<mergeCell ref="A1:{column_letter(2 + i % 16000)}{2 + i % 3}"/>' for i in range(count)
    )
    after = f'<mergeCells count="{count}">{merges}</mergeCells>'
    return write_xlsx(
        folder / "merge_header_bomb.xlsx", {"Skills": sheet_xml(rows_xml(team()), after=after)}
    )


def xlsx_16384_unknown_columns(folder: Path, big: bool) -> Path:
    cols = 16_384 if big else 4_000
    header = ["employee_id", "name"] + [f"Zq{i:05d} Wibble" for i in range(cols - 2)]
    rows = [header] + [
        [f"W{r}", f"P {r}"] + [(r + i) % 5 for i in range(cols - 2)] for r in range(3)
    ]
    return write_xlsx(folder / "unknown_columns.xlsx", {"Skills": sheet_xml(rows_xml(rows))})


def xlsx_duplicate_headers(folder: Path, big: bool) -> Path:
    cols = 5_000
    header = ["employee_id", "name"] + ["Python"] * cols
    rows = [header] + [[f"D{r}", f"P {r}"] + [r % 5] * cols for r in range(3)]
    return write_xlsx(folder / "duplicate_headers.xlsx", {"Skills": sheet_xml(rows_xml(rows))})


def xlsx_giant_header_text(folder: Path, big: bool) -> Path:
    rows = team()
    rows[0][3] = "SQL " + "x" * (1 << 20)
    return write_xlsx(folder / "giant_header.xlsx", {"Skills": sheet_xml(rows_xml(rows))})


# Level cells a skill sheet should never hold, or holds in odd ways.
ODD_LEVELS = [
    *["4/5", "3.5", "Expert", "★★★", "#N/A", "#DIV/0!", "1e308", "-3", "NaN", "inf"],
    *["TRUE", "2024-01-05", "12:30", "=1+1", "+2", "n/a", "∞", "3,5", "５", "½"],
    *["٣", "IV", "0x10", "2-3", "", "   ", "5 (self)", "4 ⭐"],
]


def xlsx_odd_levels(folder: Path, big: bool) -> Path:
    """Formulas, error cells, dates, times, booleans and odd words in level columns."""
    header = ["employee_id", "name", "Python", "SQL", "Excel", "Statistics"]
    odd = ODD_LEVELS
    rows: list[str] = [rows_xml([header])]
    for i, word in enumerate(odd):
        r = i + 2
        cells = [
            cell(f"A{r}", f"L{i:03d}"),
            cell(f"B{r}", f"Odd {i}"),
            cell(f"C{r}", word),
            f'<c r="D{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            f'<c r="E{r}" t="b"><v>{i % 2}</v></c>',
            f'<c r="F{r}" t="d"><v>2024-0{1 + i % 9}-1{i % 9}T1{i % 9}:30:00</v></c>',
        ]
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    rows.append(
        '<row r="30"><c r="A30" t="inlineStr"><is><t>L999</t></is></c>'
        '<c r="B30"><f>A1&amp;A2</f></c><c r="C30" s="1"><v>45000.5</v></c>'
        '<c r="D30" t="n"><v>1E+400</v></c><c r="E30"><v>-0</v></c>'
        '<c r="F30" t="str"><f>NA()</f><v>#N/A</v></c></row>'
    )
    styles = (
        f'{HEAD}<styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    return write_xlsx(
        folder / "odd_levels.xlsx", {"Skills": sheet_xml("".join(rows))}, styles=styles
    )


def xlsx_bad_refs(folder: Path, big: bool) -> Path:
    """Cell references out of order, beyond XFD, A0, lower case, missing."""
    body = (
        rows_xml(team()) + '<row r="9"><c r="ZZZZ9"><v>1</v></c><c r="A0"><v>2</v></c>'
        '<c r="b9"><v>3</v></c><c><v>4</v></c></row><row r="8"><c r="C8"><v>1</v></c></row>'
    )
    return write_xlsx(folder / "bad_refs.xlsx", {"Skills": sheet_xml(body)})


def _one_sheet_pointing_at(target: str) -> str:
    """workbook.xml.rels whose only sheet relationship points at ``target``."""
    return (
        f'{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{REL_SHEET}" '
        f'Target="{target}"/></Relationships>'
    )


def xlsx_sheet_points_outside(folder: Path, big: bool) -> Path:
    return write_xlsx(
        folder / "sheet_points_outside.xlsx",
        {"Skills": sheet_xml(rows_xml(team()))},
        rels=_one_sheet_pointing_at("../../../../../etc/passwd"),
    )


def xlsx_sheet_is_itself(folder: Path, big: bool) -> Path:
    """The workbook's only sheet relationship points at the workbook part."""
    return write_xlsx(
        folder / "sheet_is_workbook.xlsx",
        {"Skills": sheet_xml(rows_xml(team()))},
        rels=_one_sheet_pointing_at("workbook.xml"),
    )


def xlsm_with_macros(folder: Path, big: bool) -> Path:
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4000)
    return plain_xlsx(folder / "macros.xlsm", macro=True, extra={"xl/vbaProject.bin": vba})


def xlsx_hidden_rows_bomb(folder: Path, big: bool) -> Path:
    """Every row tag hidden, 200,000 empty hidden rows after the data."""
    count = 200_000
    extra = "".join(f'<row r="{r}" hidden="1"/>' for r in range(20, 20 + count))
    body = rows_xml(team()) + extra
    return write_xlsx(folder / "hidden_rows_bomb.xlsx", {"Skills": sheet_xml(body)})


def xlsx_empty_rows_million(folder: Path, big: bool) -> Path:
    """A million row tags with spans but no cells."""
    count = 1_048_000 if big else 300_000
    extra = "".join(f'<row r="{r}" spans="1:16384"/>' for r in range(10, 10 + count))
    return write_xlsx(
        folder / "empty_rows_million.xlsx", {"Skills": sheet_xml(rows_xml(team()) + extra)}
    )


def xlsx_wide_sparse(folder: Path, big: bool) -> Path:
    """Data in A..D and a stray value at XFD on every row: 16,384 columns × 2,000 rows."""
    rows = team(2_000 if big else 500)
    body = "".join(
        f'<row r="{r}">'
        + "".join(cell(f"{column_letter(c)}{r}", v) for c, v in enumerate(row))
        + f'<c r="XFD{r}"><v>1</v></c></row>'
        for r, row in enumerate(rows, 1)
    )
    return write_xlsx(folder / "wide_sparse.xlsx", {"Skills": sheet_xml(body)})


def xlsx_huge_inline_strings(folder: Path, big: bool) -> Path:
    """Every name cell is a 200 KB inline string (compresses well, many MB of text)."""
    n = 200 if big else 60
    rows = team(n)
    for row in rows[1:]:
        row[1] = "N" * 200_000
    return write_xlsx(folder / "huge_inline.xlsx", {"Skills": sheet_xml(rows_xml(rows))})


# -- zip structure --------------------------------------------------------------------------


def _zip_bytes(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx_parts(folder: Path) -> dict[str, bytes]:
    tmp = plain_xlsx(folder / ".plain-tmp.xlsx")
    with zipfile.ZipFile(tmp) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    tmp.unlink()
    return parts


def zip_bad_crc(folder: Path, big: bool) -> Path:
    parts = _xlsx_parts(folder)
    data = bytearray(_zip_bytes(parts))
    # Flip the stored CRC of the sheet part in its local header and the central directory.
    name = b"xl/worksheets/sheet1.xml"
    for _at in (data.find(b"PK\x03\x04" + b"", 0),):
        pass
    pos = 0
    while (pos := data.find(name, pos)) >= 0:
        for sig, crc_at in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
            start = data.rfind(sig, 0, pos)
            if start >= 0 and start + (30 if sig == b"PK\x03\x04" else 46) == pos:
                data[start + crc_at] ^= 0xFF
        pos += 1
    path = folder / "bad_crc.xlsx"
    path.write_bytes(bytes(data))
    return path


def zip_duplicate_names(folder: Path, big: bool) -> Path:
    parts = _xlsx_parts(folder)
    buffer = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
            decoy = sheet_xml(rows_xml([["employee_id", "name", "Python"], ["EVIL", "X", 5]]))
            archive.writestr("xl/worksheets/sheet1.xml", decoy)
    path = folder / "duplicate_names.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def zip_case_duplicates(folder: Path, big: bool) -> Path:
    parts = _xlsx_parts(folder)
    parts["XL/Worksheets/Sheet1.xml"] = sheet_xml(rows_xml([["a"], [1]])).encode()
    path = folder / "case_duplicates.xlsx"
    path.write_bytes(_zip_bytes(parts))
    return path


def zip_path_traversal(folder: Path, big: bool) -> Path:
    parts = _xlsx_parts(folder)
    parts["../../../../tmp/rplan-evil.xml"] = b"<x/>"
    parts["/abs/evil.xml"] = b"<x/>"
    parts["xl\\..\\..\\evil.xml"] = b"<x/>"
    path = folder / "path_traversal.xlsx"
    path.write_bytes(_zip_bytes(parts))
    return path


SHEET1 = b"xl/worksheets/sheet1.xml"


def _patch_central(
    data: bytearray, fmt: str, offset: int, value: int, only: bytes | None = None
) -> None:
    """Write ``value`` at ``offset`` of every central-directory entry (or only ``only``'s)."""
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if only is None or data[pos + 46 : pos + 46 + name_len] == only:
            struct.pack_into(fmt, data, pos + offset, value)
        pos = data.find(b"PK\x01\x02", pos + 4)


def zip_huge_declared_size(folder: Path, big: bool) -> Path:
    """The central directory says the sheet inflates to 4 GB (it does not)."""
    data = bytearray(_zip_bytes(_xlsx_parts(folder)))
    _patch_central(data, "<I", 24, 0xFFFFFFF0, only=SHEET1)
    path = folder / "huge_declared.xlsx"
    path.write_bytes(bytes(data))
    return path


def zip_understated_size(folder: Path, big: bool) -> Path:
    """The sheet inflates to 40 MB of blank rows, the directory says 1 KB (a lying bomb)."""
    rows = rows_xml(team()) + "<!-- " + " " * ((40 if big else 8) << 20) + " -->"
    parts = _xlsx_parts(folder)
    parts["xl/worksheets/sheet1.xml"] = sheet_xml(rows).encode()
    data = bytearray(_zip_bytes(parts))
    _patch_central(data, "<I", 24, 1024, only=SHEET1)
    lpos = data.find(b"xl/worksheets/sheet1.xml")
    if lpos >= 30 and data[lpos - 30 : lpos - 26] == b"PK\x03\x04":
        struct.pack_into("<I", data, lpos - 30 + 22, 1024)
    path = folder / "understated_size.xlsx"
    path.write_bytes(bytes(data))
    return path


def zip_overlapping_entries(folder: Path, big: bool) -> Path:
    """Many central-directory entries share one local file (Fifield's overlapping bomb)."""
    parts = _xlsx_parts(folder)
    blob = sheet_xml(rows_xml(team()) + "<!--" + "a" * (10 << 20) + "-->").encode()
    parts["xl/worksheets/sheet1.xml"] = blob
    data = bytearray(_zip_bytes(parts))
    eocd = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<II", data, eocd + 12)
    central = bytes(data[cd_offset : cd_offset + cd_size])
    # the sheet's central entry
    pos, sheet_entry = 0, b""
    while pos < len(central):
        n, e, c = struct.unpack_from("<HHH", central, pos + 28)
        entry = central[pos : pos + 46 + n + e + c]
        if central[pos + 46 : pos + 46 + n] == b"xl/worksheets/sheet1.xml":
            sheet_entry = entry
        pos += len(entry)
    copies = b""
    for i in range(200):
        new_name = f"xl/media/copy{i:03d}.xml".encode()
        head = bytearray(sheet_entry[:46])
        struct.pack_into("<H", head, 28, len(new_name))
        struct.pack_into("<HH", head, 30, 0, 0)
        copies += bytes(head) + new_name
    new_central = central + copies
    count = struct.unpack_from("<H", data, eocd + 10)[0] + 200
    tail = bytearray(data[eocd : eocd + 22])
    struct.pack_into("<HHII", tail, 8, count, count, len(new_central), cd_offset)
    path = folder / "overlapping_entries.xlsx"
    path.write_bytes(bytes(data[:cd_offset]) + new_central + bytes(tail))
    return path


def zip_truncated(folder: Path, big: bool) -> Path:
    data = _zip_bytes(_xlsx_parts(folder))
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def zip_only_eocd(folder: Path, big: bool) -> Path:
    return _file(folder / "empty_zip.xlsx", b"PK\x05\x06" + b"\x00" * 18)


def zip64_parts(folder: Path, big: bool) -> Path:
    """Every entry written with zip64 extra fields (legal, unusual)."""
    parts = _xlsx_parts(folder)
    path = folder / "zip64.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in parts.items():
            with archive.open(name, "w", force_zip64=True) as fh:
                fh.write(data)
    return path


def zip_stored_lie(folder: Path, big: bool) -> Path:
    """Method 'stored' in the directory while the data is deflated."""
    parts = _xlsx_parts(folder)
    data = bytearray(_zip_bytes(parts))
    _patch_central(data, "<H", 10, 0)
    path = folder / "stored_lie.xlsx"
    path.write_bytes(bytes(data))
    return path


def zip_unknown_method(folder: Path, big: bool) -> Path:
    data = bytearray(_zip_bytes(_xlsx_parts(folder)))
    for sig, off in ((b"PK\x01\x02", 10), (b"PK\x03\x04", 8)):
        pos = data.find(sig)
        while pos >= 0:
            struct.pack_into("<H", data, pos + off, 99)  # AES / unknown
            pos = data.find(sig, pos + 4)
    path = folder / "unknown_method.xlsx"
    path.write_bytes(bytes(data))
    return path


def zip_many_entries(folder: Path, big: bool) -> Path:
    parts = _xlsx_parts(folder)
    for i in range(20_000 if big else 12_000):
        parts[f"xl/junk/{i}.bin"] = b""
    path = folder / "many_entries.xlsx"
    path.write_bytes(_zip_bytes(parts))
    return path


def zip_nested_bomb(folder: Path, big: bool) -> Path:
    """An honest workbook carrying a 100 MB-inflating part that is not XML."""
    parts = _xlsx_parts(folder)
    parts["xl/media/image1.png"] = b"\x00" * (100 << 20 if big else 20 << 20)
    path = folder / "embedded_bomb.xlsx"
    path.write_bytes(_zip_bytes(parts))
    return path


# -- ODS ------------------------------------------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'office:version="1.2"'
)


def ods_cell(value: object, extra: str = "") -> str:
    if value is None:
        return f"<table:table-cell{extra}/>"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def ods_rows(rows: list[list[object]]) -> str:
    return "".join(
        "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
        for row in rows
    )


def write_ods(
    path: Path,
    tables: str,
    *,
    prolog: str = "",
    manifest: str | None = None,
    content: bytes | None = None,
) -> Path:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {ODS_NS}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    man = manifest or (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", man)
        archive.writestr("content.xml", content if content is not None else xml)
    return path


def table(name: str, body: str) -> str:
    return f'<table:table table:name="{name}">{body}</table:table>'


def ods_columns_repeated(folder: Path, big: bool) -> Path:
    """A value repeated across 16,384 columns on every row."""
    rep = ' table:number-columns-repeated="16384"'
    body = ods_rows(team()[:1]) + "".join(
        "<table:table-row>" + ods_cell(f"R{i}") + ods_cell(3, rep) + "</table:table-row>"
        for i in range(200)
    )
    return write_ods(folder / "columns_repeated.ods", table("Skills", body))


def ods_rows_repeated(folder: Path, big: bool) -> Path:
    """A row with values repeated 1,048,576 times."""
    body = (
        ods_rows(team())
        + '<table:table-row table:number-rows-repeated="1048576">'
        + ods_cell("X")
        + ods_cell(2)
        + "</table:table-row>"
    )
    return write_ods(folder / "rows_repeated.ods", table("Skills", body))


def ods_both_repeated(folder: Path, big: bool) -> Path:
    """16,384 columns × 1,048,576 rows of one value: 17 billion cells from 1 KB."""
    body = (
        ods_rows(team())
        + '<table:table-row table:number-rows-repeated="1048576">'
        + ods_cell(1, ' table:number-columns-repeated="16384"')
        + "</table:table-row>"
    )
    return write_ods(folder / "both_repeated.ods", table("Skills", body))


def ods_nested_repeats(folder: Path, big: bool) -> Path:
    """Repeated empty rows (legal) then a value at the very bottom."""
    body = (
        ods_rows(team()) + '<table:table-row table:number-rows-repeated="1048500">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        + ods_rows([["Z1", "Bottom", 4, 4]])
    )
    return write_ods(folder / "repeats_then_value.ods", table("Skills", body))


def ods_covered_spans(folder: Path, big: bool) -> Path:
    span = ' table:number-columns-spanned="16384" table:number-rows-spanned="1048576"'
    body = (
        "<table:table-row>"
        + ods_cell("employee_id", span)
        + '<table:covered-table-cell table:number-columns-repeated="16383"/>'
        "</table:table-row>" + ods_rows(team()[1:])
    )
    return write_ods(folder / "covered_spans.ods", table("Skills", body))


def ods_laughs_late(folder: Path, big: bool) -> Path:
    body = ods_rows(team()).replace("Person 1<", "&lol9;<", 1)
    return write_ods(folder / "laughs_late.ods", table("Skills", body), prolog=_padding() + LAUGHS)


def ods_xxe_manifest(folder: Path, big: bool) -> Path:
    man = (
        f'<?xml version="1.0" encoding="UTF-8"?>{_padding()}{XXE}<manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">&xxe;'
        "</manifest:manifest>"
    )
    return write_ods(folder / "xxe_manifest.ods", table("Skills", ods_rows(team())), manifest=man)


def ods_hidden_collapse_bomb(folder: Path, big: bool) -> Path:
    body = (
        ods_rows(team()) + '<table:table-row table:visibility="collapse" '
        'table:number-rows-repeated="2000000000"><table:table-cell/></table:table-row>'
    )
    return write_ods(folder / "collapse_bomb.ods", table("Skills", body))


def ods_nested_tables(folder: Path, big: bool) -> Path:
    depth = 20_000
    inner = (
        "<table:table-row><table:table-cell>"
        + "<table:table>" * depth
        + "</table:table>" * depth
        + "</table:table-cell></table:table-row>"
    )
    return write_ods(folder / "nested_tables.ods", table("Skills", ods_rows(team()) + inner))


def ods_not_xml(folder: Path, big: bool) -> Path:
    return write_ods(folder / "content_not_xml.ods", "", content=os.urandom(5000))


# -- BIFF8 (.xls) in a compound file --------------------------------------------------------


def _rec(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _xls_string(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def biff_workbook(
    rows: list[list[object]],
    *,
    sst_count: int | None = None,
    dimensions: tuple[int, int, int, int] | None = None,
    extra_sst: bytes = b"",
) -> bytes:
    """A minimal BIFF8 Workbook stream: one sheet, strings through the SST."""
    strings = sorted({v for row in rows for v in row if isinstance(v, str)})
    index = {s: i for i, s in enumerate(strings)}
    bof = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0))
    bof_sheet = _rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0))
    sst_body = b"".join(_xls_string(s) for s in strings) + extra_sst
    total = len(strings) if sst_count is None else sst_count
    sst = _rec(0x00FC, struct.pack("<II", total, total) + sst_body)
    name = "Skills"
    sheet_name = struct.pack("<BB", len(name), 0) + name.encode("latin-1")
    globals_ = bof + _rec(0x0042, struct.pack("<H", 1200))  # CODEPAGE
    # BOUNDSHEET with a placeholder offset, fixed below
    boundsheet_len = 4 + 6 + len(sheet_name)
    xf = _rec(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    font = _rec(
        0x0031,
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0)
        + struct.pack("<BB", 5, 0)
        + b"Arial",
    )
    before_sheet = globals_ + font * 5 + xf * 16 + sst + _rec(0x000A, b"")
    offset = len(globals_) + boundsheet_len + len(before_sheet) - len(globals_)
    boundsheet = _rec(0x0085, struct.pack("<IBB", offset, 0, 0) + sheet_name)
    glob = globals_ + boundsheet + before_sheet[len(globals_) :]
    assert len(boundsheet) == boundsheet_len
    height = len(rows)
    width = max(len(r) for r in rows)
    dims = dimensions or (0, height, 0, width)
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                cells += _rec(0x00FD, struct.pack("<HHHI", r, c, 15, index[v]))
            elif isinstance(v, int | float):
                cells += _rec(0x0203, struct.pack("<HHHd", r, c, 15, float(v)))
    sheet = (
        bof_sheet
        + _rec(0x0200, struct.pack("<IIHHH", dims[0], dims[1], dims[2], dims[3], 0))
        + cells
        + _rec(0x000A, b"")
    )
    return glob + sheet


def write_cfb(path: Path, stream: bytes, name: str = "Workbook") -> Path:
    """A compound file holding one stream (padded to at least 4096 bytes: no mini stream)."""
    if len(stream) < 4096:
        stream = stream + b"\x00" * (4096 - len(stream))
    sector = 512
    n_stream = -(-len(stream) // sector)
    n_dir = 1
    # FAT sectors needed (each holds 128 entries)
    n_fat = 1
    while n_fat * 128 < n_fat + n_dir + n_stream:
        n_fat += 1
    fat = []
    fat += [0xFFFFFFFD] * n_fat  # FAT sectors
    first_dir = len(fat)
    fat += [0xFFFFFFFE]  # directory (one sector)
    first_stream = len(fat)
    fat += [first_stream + i + 1 for i in range(n_stream - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (n_fat * 128 - len(fat))
    difat = list(range(n_fat)) + [0xFFFFFFFF] * (109 - n_fat)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, n_fat, first_dir, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", *difat)
    )

    def entry(entry_name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF):
        raw = (entry_name + "\x00").encode("utf-16-le")
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry(
        name, 2, first_stream, len(stream)
    )
    directory = directory.ljust(sector, b"\x00")
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(n_stream * sector, b"\x00")
    path.write_bytes(header + body)
    return path


def xls_plain(folder: Path, big: bool) -> Path:
    return write_cfb(folder / "plain.xls", biff_workbook(team()))


def xls_truncated(folder: Path, big: bool) -> Path:
    good = write_cfb(folder / ".tmp.xls", biff_workbook(team(200))).read_bytes()
    (folder / ".tmp.xls").unlink()
    path = folder / "truncated.xls"
    path.write_bytes(good[: len(good) // 2 + 17])
    return path


def xls_huge_sst(folder: Path, big: bool) -> Path:
    """The SST says it holds 2 billion strings."""
    return write_cfb(folder / "huge_sst.xls", biff_workbook(team(), sst_count=2_000_000_000))


def xls_sst_long_string(folder: Path, big: bool) -> Path:
    """One SST string claims 65,535 characters but the record ends (CONTINUE missing)."""
    lie = struct.pack("<HB", 65535, 1) + "ab".encode("utf-16-le")
    return write_cfb(
        folder / "sst_short_string.xls", biff_workbook(team(), extra_sst=lie, sst_count=999)
    )


def xls_lying_dimensions_big(folder: Path, big: bool) -> Path:
    return write_cfb(folder / "dims_huge.xls", biff_workbook(team(), dimensions=(0, 65536, 0, 256)))


def xls_lying_dimensions_small(folder: Path, big: bool) -> Path:
    return write_cfb(folder / "dims_small.xls", biff_workbook(team(), dimensions=(0, 1, 0, 1)))


def xls_garbage_after_header(folder: Path, big: bool) -> Path:
    path = folder / "ole_garbage.xls"
    rng = random.Random(7)
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(8000))
    )
    return path


def xls_fat_loop(folder: Path, big: bool) -> Path:
    """The stream's sector chain loops back on itself."""
    data = bytearray(write_cfb(folder / "fat_loop.xls", biff_workbook(team())).read_bytes())
    # FAT starts at sector 0 (byte 512): entry for the last stream sector -> first stream
    fat = list(struct.unpack_from("<128I", data, 512))
    first_stream = 2
    last = max(i for i, v in enumerate(fat) if v == 0xFFFFFFFE)
    fat[last] = first_stream
    struct.pack_into("<128I", data, 512, *fat)
    path = folder / "fat_loop.xls"
    path.write_bytes(bytes(data))
    return path


# -- xlsb -----------------------------------------------------------------------------------


def xlsb_garbage(folder: Path, big: bool) -> Path:
    path = folder / "garbage.xlsb"
    rng = random.Random(3)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("xl/workbook.bin", bytes(rng.randrange(256) for _ in range(3000)))
        archive.writestr("xl/_rels/workbook.bin.rels", "<Relationships/>")
    return path


def xlsb_huge_record_length(folder: Path, big: bool) -> Path:
    """BIFF12 records whose length varint claims 2 GB."""
    path = folder / "huge_record.xlsb"
    record = bytes([0x83, 0x01]) + bytes([0xFF, 0xFF, 0xFF, 0x7F])  # BrtBeginBook, huge len
    rel_ns = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "_rels/.rels",
            f'{HEAD}<Relationships {rel_ns}><Relationship Id="r1"'
            f' Type="{REL_DOC}" Target="xl/workbook.bin"/></Relationships>',
        )
        archive.writestr("xl/workbook.bin", record + b"\x00" * 64)
        archive.writestr("xl/_rels/workbook.bin.rels", f"{HEAD}<Relationships {rel_ns}/>")
    return path


def _file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# -- text -----------------------------------------------------------------------------------


def _csv_text(n: int = 6) -> str:
    return "\n".join(",".join(str(v) for v in row) for row in team(n)) + "\n"


def csv_utf16_no_bom(folder: Path, big: bool) -> Path:
    return _file(
        folder / "utf16_no_bom.csv", _csv_text().replace("Person", "Pérsön").encode("utf-16-le")
    )


def csv_utf16_be_no_bom(folder: Path, big: bool) -> Path:
    return _file(folder / "utf16be_no_bom.csv", _csv_text().encode("utf-16-be"))


def csv_mixed_line_endings(folder: Path, big: bool) -> Path:
    lines = _csv_text(9).splitlines()
    ends = ["\r\n", "\n", "\r", "\r\r\n", "\n\r"]
    path = folder / "mixed_endings.csv"
    path.write_bytes("".join(line + ends[i % len(ends)] for i, line in enumerate(lines)).encode())
    return path


def csv_single_huge_line(folder: Path, big: bool) -> Path:
    """One line, no newline at all: 50 MB (5 MB in CI) of comma-separated numbers."""
    size = (50 << 20) if big else (5 << 20)
    path = folder / "single_line.csv"
    with path.open("wb") as fh:
        fh.write(b"employee_id,name,Python")
        chunk = b",3" * (1 << 16)
        written = 0
        while written < size:
            fh.write(chunk)
            written += len(chunk)
    return path


def csv_100k_columns(folder: Path, big: bool) -> Path:
    cols = 100_000
    header = "employee_id,name," + ",".join(f"C{i}" for i in range(cols))
    rows = [f"E{r},P{r}," + ",".join(str((r + i) % 5) for i in range(cols)) for r in range(3)]
    path = folder / "columns_100k.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


def csv_many_rows_narrow(folder: Path, big: bool) -> Path:
    n = 1_000_000 if big else 100_000
    path = folder / "rows_many.csv"
    with path.open("w") as fh:
        fh.write("employee_id,name,Python\n")
        fh.writelines(f"M{i},P,{i % 6}\n" for i in range(n))
    return path


def csv_embedded_nuls(folder: Path, big: bool) -> Path:
    path = folder / "nuls.csv"
    path.write_bytes(
        _csv_text().replace("Person 2", "Per\x00son 2").replace(",3,", ",\x003,").encode()
    )
    return path


def csv_latin1(folder: Path, big: bool) -> Path:
    path = folder / "latin1.csv"
    path.write_bytes(
        (
            "employee_id;name;Python;Français\n"
            "L1;Zoë Müller;3;4\nL2;José Peña;2;5\nL3;Ærøskøbing Å;1;0\n"
        ).encode("latin-1")
    )
    return path


def csv_only_bom(folder: Path, big: bool) -> Path:
    return _file(folder / "only_bom.csv", b"\xef\xbb\xbf")


def csv_only_utf16_bom(folder: Path, big: bool) -> Path:
    return _file(folder / "only_utf16_bom.csv", b"\xff\xfe")


def csv_zero_bytes(folder: Path, big: bool) -> Path:
    return _file(folder / "zero.csv", b"")


def csv_only_newlines(folder: Path, big: bool) -> Path:
    return _file(folder / "newlines.csv", b"\r\n" * 50_000 + b" \t ,,,\n" * 1000)


def csv_unclosed_quote(folder: Path, big: bool) -> Path:
    text = 'employee_id,name,Python\nQ1,"Never closed,3\n' + "Q2,x,4\n" * 50_000
    return _file(folder / "unclosed_quote.csv", text.encode())


def csv_odd_levels(folder: Path, big: bool) -> Path:
    words = ODD_LEVELS
    lines = ["employee_id,name,Python,SQL"]
    lines += [f'V{i},Val {i},"{w}","{words[-1 - i]}"' for i, w in enumerate(words)]
    path = folder / "odd_levels.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def csv_formula_injection(folder: Path, big: bool) -> Path:
    path = folder / "formulas.csv"
    path.write_text(
        'employee_id,name,Python\n=cmd|"/c calc"!A1,@SUM(1),3\n+1,-1,=HYPERLINK("http://x")\n',
        encoding="utf-8",
    )
    return path


def csv_huge_cell(folder: Path, big: bool) -> Path:
    path = folder / "huge_cell.csv"
    path.write_text(
        "employee_id,name,Python\nC1," + "n" * (20 << 20 if big else 3 << 20) + ",3\nC2,ok,4\n"
    )
    return path


def csv_binary_tail(folder: Path, big: bool) -> Path:
    """A clean first 8 KB, then random bytes (a sniff of the head says text)."""
    rng = random.Random(5)
    head = _csv_text(300).encode()
    path = folder / "binary_tail.csv"
    path.write_bytes(head + bytes(rng.randrange(256) for _ in range(200_000)))
    return path


def csv_many_delimiters(folder: Path, big: bool) -> Path:
    path = folder / "delimiter_soup.csv"
    path.write_text("employee_id;name,Python\tSQL|Excel\n" + "A1;x,1\t2|3\n" * 30)
    return path


def text_xml_named_csv(folder: Path, big: bool) -> Path:
    path = folder / "xml_named.csv"
    path.write_text('<?xml version="1.0"?>' + LAUGHS + "<a>&lol9;</a>")
    return path


def text_html_named_xls(folder: Path, big: bool) -> Path:
    path = folder / "report.xls"
    path.write_text("<html><body><table><tr><td>employee_id</td></tr></table></body></html>")
    return path


# -- wrong extensions and the file system ----------------------------------------------------


def wrong_ext_xlsx_named_csv(folder: Path, big: bool) -> Path:
    path = plain_xlsx(folder / ".tmp.xlsx")
    return path.rename(folder / "workbook_named.csv")


def wrong_ext_csv_named_xlsx(folder: Path, big: bool) -> Path:
    path = folder / "text_named.xlsx"
    path.write_text(_csv_text())
    return path


def wrong_ext_ods_named_xlsx(folder: Path, big: bool) -> Path:
    path = write_ods(folder / ".tmp.ods", table("Skills", ods_rows(team())))
    return path.rename(folder / "ods_named.xlsx")


def wrong_ext_xls_named_xlsx(folder: Path, big: bool) -> Path:
    path = write_cfb(folder / ".tmp2.xls", biff_workbook(team()))
    return path.rename(folder / "xls_named.xlsx")


def wrong_ext_none(folder: Path, big: bool) -> Path:
    path = plain_xlsx(folder / ".tmp3.xlsx")
    return path.rename(folder / "no_extension")


def wrong_ext_pdf(folder: Path, big: bool) -> Path:
    return _file(folder / "scan.xlsx", b"%PDF-1.7\n" + os.urandom(3000))


def wrong_ext_gzip(folder: Path, big: bool) -> Path:
    import gzip

    path = folder / "skills.csv"
    path.write_bytes(gzip.compress(_csv_text().encode()))
    return path


def fs_symlink(folder: Path, big: bool) -> Path:
    target = plain_xlsx(folder / "symlink_target.xlsx")
    link = folder / "link.xlsx"
    link.symlink_to(target)
    return link


def fs_dangling_symlink(folder: Path, big: bool) -> Path:
    link = folder / "dangling.xlsx"
    link.symlink_to(folder / "nowhere.xlsx")
    return link


def fs_symlink_loop(folder: Path, big: bool) -> Path:
    a, b = folder / "loop_a.xlsx", folder / "loop_b.xlsx"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def fs_directory(folder: Path, big: bool) -> Path:
    path = folder / "folder.xlsx"
    path.mkdir()
    return path


def fs_fifo(folder: Path, big: bool) -> Path:
    path = folder / "pipe.csv"
    os.mkfifo(path)
    return path


def fs_unreadable(folder: Path, big: bool) -> Path:
    path = plain_xlsx(folder / "unreadable.xlsx")
    path.chmod(0)
    return path


def fs_device(folder: Path, big: bool) -> Path:
    return Path("/dev/zero")


def fs_odd_name(folder: Path, big: bool) -> Path:
    return plain_xlsx(folder / "new\nline ☃ 'quote' $(x).xlsx")


BUILDERS: dict[str, Callable[[Path, bool], Path]] = {
    name.removeprefix("build_"): fn
    for name, fn in list(globals().items())
    if callable(fn)
    and getattr(fn, "__module__", None) == __name__
    and name.split("_", 1)[0]
    in ("xlsx", "xlsm", "zip", "zip64", "ods", "xls", "xlsb", "csv", "text", "wrong", "fs")
    and fn.__code__.co_varnames[:2] == ("folder", "big")
}


def build(name: str, folder: Path, big: bool = False) -> Path:
    """Build one file into ``folder`` (a fresh subfolder per file keeps names apart)."""
    where = folder / name
    where.mkdir(parents=True, exist_ok=True)
    return BUILDERS[name](where, big)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    out = Path(argv[0])
    big = "--big" in argv
    if out.exists():
        for p in out.glob("*/*"):
            if p.is_file() and not os.access(p, os.R_OK):
                p.chmod(0o600)
        shutil.rmtree(out)
    for name in BUILDERS:
        path = build(name, out, big)
        print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
