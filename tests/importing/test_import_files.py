"""Real-looking and hostile files, generated here: each imports right or is refused clearly."""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np
import pytest
from imp_helpers import (
    dump,
    inline_row,
    make_xlsx,
    new_workspace,
    sheet_xml,
    small_catalog,
    stored_ratings,
    write_xlsx,
)

from planner.errors import InputRejected, TooLarge
from planner.importing import detect, import_file, load_source, preview_levels, validate
from planner.store import current_levels


def levels_of(ws, key: str) -> dict[str, float]:
    # Levels are stored as float32: round back to the 2 decimals the importer keeps.
    return {skill: round(level, 4) for k, skill, _src, level, _raw in stored_ratings(ws)
            if k == key}


def refused(tmp_path: Path, path: Path, *words: str) -> str:
    ws = new_workspace(tmp_path, f"{path.stem}.rplan")
    before = dump(ws)
    with pytest.raises(InputRejected) as info:
        import_file(ws, path)
    assert dump(ws) == before
    message = str(info.value)
    assert path.name in message
    for word in words:
        assert word in message, message
    return message


# -- hostile ------------------------------------------------------------------------------

def test_zip_bomb_is_refused_and_allow_large_is_offered(tmp_path):
    body = inline_row(1, ["Employee ID", "Python"]) + " " * 20_000_000
    path = make_xlsx(tmp_path / "bomb.xlsx", sheet_xml(body))
    refused(tmp_path, path, "zip bomb")
    with pytest.raises(TooLarge):  # refused for its size alone: the user may trust it
        import_file(new_workspace(tmp_path, "again.rplan"), path)


def test_the_command_line_says_how_to_read_a_file_refused_for_its_size(tmp_path, capsys):
    from planner.cli import main

    body = inline_row(1, ["Employee ID", "Python"]) + " " * 20_000_000
    path = make_xlsx(tmp_path / "bomb.xlsx", sheet_xml(body))
    workspace = tmp_path / "team.rplan"
    new_workspace(tmp_path, "team.rplan").close()
    assert main(["import", str(workspace), str(path)]) != 0
    err = capsys.readouterr().err
    assert "bomb.xlsx" in err and err.rstrip().endswith("if you trust the file, pass --allow-large")
    # a damaged file is not offered the flag: no size makes it readable
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    assert main(["import", str(workspace), str(damaged)]) != 0
    assert "--allow-large" not in capsys.readouterr().err


def test_far_corner_dimension_is_refused_before_parsing(tmp_path):
    body = inline_row(1, ["Employee ID", "Python"]) + \
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = make_xlsx(tmp_path / "corner.xlsx",
                     sheet_xml(body, dimension="A1:XFD1048576"))
    refused(tmp_path, path, "XFD1048576", "cells")


def test_far_corner_cell_without_dimension_crashes_only_the_child(tmp_path):
    body = inline_row(1, ["Employee ID", "Python"]) + \
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = make_xlsx(tmp_path / "corner2.xlsx", sheet_xml(body))
    message = refused(tmp_path, path)
    assert "crashed" in message or "too large" in message or "memory" in message


def test_duplicate_zip_entries_are_refused(tmp_path):
    good = sheet_xml(inline_row(1, ["Employee ID", "Python"]) + inline_row(2, [1, 3]))
    path = make_xlsx(tmp_path / "dup.xlsx", good,
                     extra=[("xl/worksheets/sheet1.xml", good)])
    refused(tmp_path, path, "twice")


def test_entity_expansion_is_refused(tmp_path):
    prolog = ('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
    path = make_xlsx(tmp_path / "lol.xlsx",
                     sheet_xml(inline_row(1, ["Employee ID", "&lol2;"]), prolog=prolog))
    refused(tmp_path, path, "entities")


def test_random_bytes_named_xlsx_are_not_a_spreadsheet(tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(bytes(range(256)) * 20)
    refused(tmp_path, path, "not a spreadsheet")


def test_word_document_is_named(tmp_path):
    path = make_xlsx(tmp_path / "letter.xlsx", "", extra=[("word/document.xml", "<w/>")])
    path.unlink()
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    refused(tmp_path, path, "Word document")


def test_empty_and_truncated_files(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    refused(tmp_path, tmp_path / "empty.xlsx", "empty")
    good = write_xlsx(tmp_path / "good.xlsx", [["Employee ID", "Python"], [1, 3]])
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:900])
    refused(tmp_path, cut, "damaged")


def test_csv_named_xlsx_is_read_as_csv(tmp_path):
    path = tmp_path / "liar.xlsx"
    path.write_text("Employee ID,Name,Python\n7,Ann,4\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.errors == [] and levels_of(ws, "7") == {"python": 4.0}


def test_nul_bytes_control_chars_and_huge_cells_are_cleaned_with_warnings(tmp_path):
    huge = "y" * 150_000
    path = tmp_path / "dirty.csv"
    path.write_text(f"Employee ID,Name,Notes,Python\n1,An\x00n,{huge},3\n2,B\x07ob,ok,2\n",
                    encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    names = dict(ws.conn.execute("SELECT employee_key, name FROM employees"))
    assert names == {"1": "Ann", "2": "Bob"}
    cells = {w.cell: w.message for w in report.warnings}
    assert "dirty!B2" in cells and "control" in cells["dirty!B2"]
    assert "dirty!C2" in cells and "100,000" in cells["dirty!C2"]
    notes = ws.conn.execute("SELECT attributes FROM employees WHERE employee_key = '1'")
    assert len(notes.fetchone()[0]) < 100_100


def test_nan_and_infinite_levels_are_never_stored(tmp_path):
    path = tmp_path / "nan.csv"
    path.write_text("Employee ID,Python,SQL\n1,inf,3\n2,nan,-inf\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert all(0 <= r[3] <= 5 for r in stored_ratings(ws))   # also false for NaN
    assert levels_of(ws, "1") == {"sql": 3.0}
    assert {w.cell for w in report.warnings} >= {"nan!B2", "nan!C3"}


# -- real-looking -------------------------------------------------------------------------

def test_float_ids_title_rows_totals_and_blank_columns(tmp_path):
    rows = [["Skills matrix, Q3"], ["exported 2024-05-01"], [],
            ["Employee ID", "Name", None, "Python", "SQL", "Cost centre"],
            [1002.0, "Ann", None, 4, 5, "CC1"], [1003.0, "Bob", None, 2, None, "CC2"],
            [], ["Total", None, None, 6, 5]]
    path = write_xlsx(tmp_path / "title.xlsx", rows)
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.errors == [] and report.warnings == []
    assert report.employees_added == 2 and report.ratings == 3
    assert levels_of(ws, "1002") == {"python": 4.0, "sql": 5.0}
    assert levels_of(ws, "1003") == {"python": 2.0}       # blank = not assessed, not 0
    assert any("totals" in n for n in report.notes)
    attrs = ws.conn.execute("SELECT attributes FROM employees WHERE employee_key='1002'")
    assert attrs.fetchone()[0] == '{"Cost centre": "CC1"}'


def test_semicolon_csv_with_decimal_commas_in_cp1252(tmp_path):
    text = "Personalnummer;Name;Abteilung;Python;Datenanalyse\n17;Jörg;Vertrieb;3,5;4\n"
    path = tmp_path / "de.csv"
    path.write_bytes(text.encode("cp1252"))
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.errors == []
    assert levels_of(ws, "17") == {"python": 3.5, "data_analysis": 4.0}
    assert ws.conn.execute("SELECT name, department FROM employees").fetchone() == \
        ("Jörg", "Vertrieb")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_bom_csv(tmp_path, encoding):
    path = tmp_path / "u.csv"
    path.write_bytes("Employee ID\tNom\tPython\n5\tÉlodie\t2\n".encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    ws = new_workspace(tmp_path)
    import_file(ws, path)
    assert ws.conn.execute("SELECT name FROM employees").fetchone() == ("Élodie",)
    assert levels_of(ws, "5") == {"python": 2.0}


def test_text_levels_in_several_languages(tmp_path):
    path = tmp_path / "labels.csv"
    labels = ["Advanced", "Fortgeschritten", "débutant", "Experto", "intermedio", "gevorderd",
              "Avançado", "keine", "N/A", "sort of"]
    lines = ["Employee ID,Python"] + [f"{i},{label}" for i, label in enumerate(labels, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    got = {k: levels_of(ws, str(k)).get("python") for k in range(1, 11)}
    assert got == {1: 4.0, 2: 4.0, 3: 1.0, 4: 5.0, 5: 3.0, 6: 4.0, 7: 4.0, 8: 0.0,
                   9: None, 10: None}
    assert [w.cell for w in report.warnings] == ["labels!B11"]
    assert "sort of" in report.warnings[0].message


def test_scales_from_header_hints_and_values(tmp_path):
    rows = [["Employee ID", "Python (1-10)", "SQL %", "Data analysis", "AI ethics (SFIA)"],
            [1, 10, 80, "3/5", 7], [2, 1, 20, "4 of 4", 1], [3, 5.5, "50%", None, 4]]
    path = write_xlsx(tmp_path / "scales.xlsx", rows)
    ws = new_workspace(tmp_path)
    import_file(ws, path)
    assert levels_of(ws, "1") == {"python": 5.0, "sql": 4.0, "data_analysis": 3.0,
                                  "ai_ethics": 5.0}
    assert levels_of(ws, "2") == {"python": 1.0, "sql": 1.0, "data_analysis": 5.0,
                                  "ai_ethics": 1.0}
    assert levels_of(ws, "3") == {"python": 3.0, "sql": 2.5, "ai_ethics": 4.0}   # SFIA 4 is our 4


def test_file_scale_one_to_ten_detected_from_values(tmp_path):
    rows = [["Employee ID", "Python", "SQL"], [1, 10, 4], [2, 8, 6]]
    path = write_xlsx(tmp_path / "ten.xlsx", rows)
    source = load_source(path)
    mapping = detect(source, small_catalog())
    assert [c.scale.label for c in mapping.skill_columns()] == ["1-10", "1-10"]
    rows_preview = preview_levels(source, mapping)
    assert ("Python", 10.0, 5.0, "scale 1-10") in rows_preview


def test_two_row_header_with_merged_group_cells(tmp_path):
    rows = [["Team skills 2024"], [],
            ["Employee", None, None, "Technical skills", None, "Governance"],
            ["Employee ID", "Name", "Site", "Python", "SQL", "AI ethics"],
            ["A-1", "Ann", "Berlin", "Expert", "3", "2"],
            ["A-2", "Bob", "Paris", "Grundkenntnisse", "1", ""]]
    merges = [(2, 0, 2, 2, "Employee"), (2, 3, 2, 4, "Technical skills")]
    path = write_xlsx(tmp_path / "two.xlsx", rows, merges=merges)
    source = load_source(path)
    mapping = detect(source, small_catalog())
    assert mapping.header_rows == [2, 3]
    roles = {c.header: c.role for c in mapping.columns}
    assert roles["Python"] == "skill:python" and roles["Site"] == "site"
    assert next(c for c in mapping.columns if c.header == "Python").group == "Technical skills"
    ws = new_workspace(tmp_path)
    import_file(ws, path)
    assert levels_of(ws, "A-1") == {"python": 5.0, "sql": 3.0, "ai_ethics": 2.0}
    assert levels_of(ws, "A-2") == {"python": 2.0, "sql": 1.0}


def test_hidden_sheet_is_listed_but_not_chosen_and_unknown_sheet_lists_names(tmp_path):
    path = write_xlsx(tmp_path / "hid.xlsx", [["Employee ID", "Python"], [1, 3]],
                      hidden=[("Lookup", [["code", "label"], ["a", "b"]])])
    source = load_source(path)
    assert [(s.name, s.hidden) for s in source.sheets] == [("Lookup", True), ("Skills", False)]
    assert source.sheet == "Skills"
    with pytest.raises(InputRejected, match=r"Lookup.*hidden.*Skills"):
        load_source(path, sheet="Nope")
    source.select("Lookup")
    assert source.rows[0] == ["code", "label"]


def test_long_layout_with_raters(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "Employee ID,Name,Skill,Level,Rated by\n"
        "1,Ann,Python,3,self\n1,Ann,Python,4,Manager\n1,Ann,Prompting,2,self\n"
        "2,Bob,Quantum knitting,5,self\n2,Bob,SQL,Advanced,peer\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.layout == "long" and report.errors == []
    rows = stored_ratings(ws)
    assert rows == [("1", "prompt_engineering", "self", 2.0, None),
                    ("1", "python", "manager", 4.0, None), ("1", "python", "self", 3.0, None),
                    ("2", "sql", "peer", 4.0, "Advanced"),
                    ("2", "unmapped_quantum_knitting", "self", 5.0, None)]
    levels = current_levels(ws)
    ann = levels.row_of(ws.conn.execute("SELECT id FROM employees WHERE employee_key = '1'"
                                        ).fetchone()[0])
    assert levels.levels[ann, levels.skill_ids.index("python")] == 4.0   # manager wins
    assert levels.sources[ann, levels.skill_ids.index("python")] == 3
    assert ws.conn.execute("SELECT origin FROM skills WHERE id = 'unmapped_quantum_knitting'"
                           ).fetchone() == ("unmapped",)


def test_duplicate_ids_merge_and_conflicts_are_reported(tmp_path):
    path = tmp_path / "dups.csv"
    path.write_text("Employee ID,Name,Python,SQL\n1,Ann,3,\n1,,,4\n2,Bob,1,1\n2,Bob,2,1\n",
                    encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert levels_of(ws, "1") == {"python": 3.0, "sql": 4.0}
    assert levels_of(ws, "2") == {"python": 2.0, "sql": 1.0}
    assert [w.cell for w in report.warnings] == ["dups!row 5"]


def test_missing_ids_are_row_errors_with_addresses(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("Employee ID,Name,Python\n1,Ann,3\n,Nobody,4\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert [e.cell for e in report.errors] == ["gaps!A3"]
    assert report.employees_added == 1


def test_sheet_without_employee_column_is_refused_by_validate(tmp_path):
    path = tmp_path / "noid.csv"
    path.write_text("Colour,Python\nred,3\n", encoding="utf-8")
    source = load_source(path)
    catalog = small_catalog()
    with pytest.raises(InputRejected, match="no column identifies employees"):
        validate(source, detect(source, catalog), catalog)


def test_a_sheet_is_stored_as_one_block_keeping_only_interpreted_text(tmp_path):
    path = tmp_path / "block.csv"
    path.write_text("Employee ID,Python,SQL,AI ethics\n1,Advanced,3,\n2,4,expert,n/a\n"
                    "3,,,80%\n", encoding="utf-8")
    ws = new_workspace(tmp_path)
    report = import_file(ws, path)
    assert report.ratings == 5 and report.errors == []
    assert ws.conn.execute("SELECT count(*) FROM rating_blocks").fetchone()[0] == 1
    assert ws.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
    raw = {(r[0], r[1]): r[4] for r in stored_ratings(ws) if r[4] is not None}
    assert raw == {("1", "python"): "Advanced", ("2", "sql"): "expert",
                   ("3", "ai_ethics"): "80%"}     # "3" and "4" are plain numbers: not kept
    levels = current_levels(ws)
    row = levels.row_of(ws.conn.execute("SELECT id FROM employees WHERE employee_key = '3'"
                                        ).fetchone()[0])
    assert levels.levels[row, levels.skill_ids.index("ai_ethics")] == 4.0
    assert np.isnan(levels.levels[row, levels.skill_ids.index("python")])
