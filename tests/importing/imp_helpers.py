"""Helpers shared by the importer tests: a small catalog, workspaces, table dumps, files."""

from __future__ import annotations

import sqlite3
import warnings
import zipfile
from pathlib import Path
from typing import Any

from planner.catalog.model import Catalog, Skill
from planner.store import Workspace
from planner.store.levels import iter_ratings

SKILLS = [
    Skill("python", "Python", "ai", aliases=("Python programming",)),
    Skill("prompt_engineering", "Prompt engineering", "ai",
          aliases=("Prompting", "Prompt-Engineering", "Ingénierie de prompt")),
    Skill("sql", "SQL", "data"),
    Skill("data_analysis", "Data analysis", "data", aliases=("Datenanalyse", "Análisis de datos")),
    Skill("ai_ethics", "AI ethics", "governance", aliases=("KI-Ethik",)),
]


def small_catalog() -> Catalog:
    return Catalog(skills={s.id: s for s in SKILLS})


def new_workspace(tmp_path: Path, name: str = "w.rplan") -> Workspace:
    return Workspace.create(tmp_path / name, catalog=small_catalog())


def stored_ratings(ws: Workspace) -> list[tuple[str, str, str, float, str | None]]:
    """Every stored rating (blocks and single rows) as (employee key, skill, source, level,
    raw), sorted."""
    keys = dict(ws.conn.execute("SELECT id, employee_key FROM employees"))
    return sorted((keys[e], s, src, level, raw)
                  for e, s, _a, src, level, raw in iter_ratings(ws))


def dump(ws: Workspace) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, to compare a workspace before and after."""
    tables = [r[0] for r in ws.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: ws.conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def dump_file(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}
    finally:
        conn.close()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>')


def sheet_xml(body: str, prolog: str = "", dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main">{dim}<sheetData>{body}</sheetData>'
            '</worksheet>')


def inline_row(r: int, values: list[Any]) -> str:
    cells = []
    for c, v in enumerate(values):
        ref = f"{chr(65 + c)}{r}"
        if isinstance(v, str):
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}"><v>{v}</v></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def make_xlsx(path: Path, sheet: str, *, extra: list[tuple[str, bytes | str]] = ()) -> Path:
    """A hand-made minimal xlsx (for hostile packages xlsxwriter would never write)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, on purpose here
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("[Content_Types].xml", CONTENT_TYPES)
            zf.writestr("_rels/.rels", ROOT_RELS)
            zf.writestr("xl/workbook.xml", WORKBOOK)
            zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            zf.writestr("xl/worksheets/sheet1.xml", sheet)
            for name, data in extra:
                zf.writestr(name, data)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], *, sheet: str = "Skills",
               merges: list[tuple[int, int, int, int, str]] = (),
               hidden: list[tuple[str, list[list[Any]]]] = ()) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    for name, hrows in hidden:
        hs = wb.add_worksheet(name)
        for r, row in enumerate(hrows):
            hs.write_row(r, 0, row)
        hs.hide()
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    for r0, c0, r1, c1, text in merges:
        ws.merge_range(r0, c0, r1, c1, text)
    if hidden:
        ws.activate()
    wb.close()
    return path


def department_workbook(path: Path, *, per_sheet: int = 5, prefix: str = "D") -> Path:
    """A workbook with one sheet per department (Legal, IT, Clinical), the same columns on
    each, and a "Lists" sheet of another layout that is never imported with them."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    n = 0
    for department in ("Legal", "IT", "Clinical"):
        sheet = wb.create_sheet(department)
        sheet.append(["Employee ID", "Name", "Python", "SQL"])
        for _ in range(per_sheet):
            n += 1
            sheet.append([f"{prefix}{n:03d}", f"Person {n}", n % 6, (n + 2) % 6])
    other = wb.create_sheet("Lists")
    other.append(["Level", "Meaning"])
    other.append([0, "none"])
    wb.save(path)
    return path
