"""The catalog workbook: export, edit in a spreadsheet, import back (CLI and API agree)."""

from __future__ import annotations

import openpyxl
import pytest

from planner.catalog import changes
from planner.catalog.model import Module, SkillPrerequisite
from planner.catalog.saving import edit_catalog
from planner.cli import main

NEW_MODULE = [
    "M-OWN-PC",
    "Prompt clinic (in-house)",
    "prompt_design",
    1,
    2,
    6,
    "workshop",
    150,
    "Our L&D team",
    "Two mornings with our own cases",
    "M-AILIT-01",
    "ai_literacy:1",
]


def _row_of(sheet, **match):
    header = [c.value.split(" (")[0] for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = {h: c for h, c in zip(header, row, strict=False)}
        if all(values[k].value == v for k, v in match.items()):
            return values
    raise AssertionError(match)


def test_workbook_round_trip_equals_the_same_edits_through_the_api(ch, tmp_path, capsys):
    by_sheet = ch.rated_workspace(tmp_path / "sheet.rplan", {"A": {"python": 2}})
    by_api = ch.rated_workspace(tmp_path / "api.rplan", {"A": {"python": 2}})
    by_sheet.close()
    book_path = tmp_path / "catalog.xlsx"
    assert main(["catalog", str(tmp_path / "sheet.rplan"), "--export", str(book_path)]) == 0
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == ["roles", "requirements", "skills", "modules", "settings"]
    assert book["requirements"].data_validations.dataValidation  # drop-downs are there
    _row_of(book["modules"], id="M-AILIT-12")["cost"].value = 275  # a price
    _row_of(book["requirements"], **{"role id": "prompt_engineer", "skill id": "python"})[
        "target"
    ].value = 4  # a target
    book["modules"].append(NEW_MODULE)  # a new module
    book.save(book_path)

    assert (
        main(["catalog", str(tmp_path / "sheet.rplan"), "--import", str(book_path), "--dry-run"])
        == 0
    )
    out = capsys.readouterr().out
    assert "3 differences" in out and "nothing was written" in out
    assert "cost 0 → 275" in out and "python: target 2, weight 2 → target 4" in out
    assert main(["catalog", str(tmp_path / "sheet.rplan"), "--import", str(book_path)]) == 0

    edit_catalog(by_api, lambda c: changes.update_module(c, "M-AILIT-12", cost=275.0))
    edit_catalog(
        by_api,
        lambda c: changes.set_requirement(
            c,
            "prompt_engineer",
            "python",
            target=4,
            weight=c.roles["prompt_engineer"].requirements[4].weight,
        ),
    )
    edit_catalog(
        by_api,
        lambda c: changes.put_module(
            c,
            Module(
                "M-OWN-PC",
                "Prompt clinic (in-house)",
                "prompt_design",
                1,
                2,
                6.0,
                "workshop",
                150.0,
                "Our L&D team",
                "Two mornings with our own cases",
                ("M-AILIT-01",),
                (SkillPrerequisite("ai_literacy", 1),),
            ),
        ),
    )
    from planner.store import Workspace

    with Workspace.open(tmp_path / "sheet.rplan") as imported:
        assert imported.catalog() == by_api.catalog()
        assert ch.catalog_rows(imported) == ch.catalog_rows(by_api)
    by_api.close()


def test_an_untouched_export_imports_with_no_differences(ch, tmp_path, capsys):
    ch.rated_workspace(tmp_path / "w.rplan", {}).close()
    book_path = tmp_path / "c.xlsx"
    main(["catalog", str(tmp_path / "w.rplan"), "--export", str(book_path)])
    assert main(["catalog", str(tmp_path / "w.rplan"), "--import", str(book_path)]) == 0
    assert "No differences." in capsys.readouterr().out


@pytest.mark.parametrize(
    "sheet,match,column,value,words",
    [
        (
            "requirements",
            {"role id": "prompt_engineer", "skill id": "python"},
            "target",
            9,
            "sheet requirements, row {row}, column C (target)",
        ),
        (
            "requirements",
            {"role id": "prompt_engineer", "skill id": "python"},
            "must have",
            5,
            "sheet requirements, row {row}, column E (must have): .*above the target",
        ),
        (
            "requirements",
            {"role id": "prompt_engineer", "skill id": "python"},
            "skill id",
            "pyhton",
            "sheet requirements, row {row}, column B (skill id): .*unknown skill",
        ),
        (
            "modules",
            {"id": "M-AILIT-12"},
            "hours",
            "lots",
            "sheet modules, row {row}, column F (hours): 'lots' is not a number",
        ),
        (
            "modules",
            {"id": "M-AILIT-12"},
            "prerequisites",
            "M-AILIT-23",
            "sheet modules, row {row}, column K (prerequisites)",
        ),
        (
            "roles",
            {"id": "prompt_engineer"},
            "family",
            "wizards",
            "sheet roles, row {row}, column C (family): .*unknown family",
        ),
    ],
)
def test_bad_edits_are_refused_naming_sheet_row_and_column(
    ch, tmp_path, capsys, sheet, match, column, value, words
):
    import re

    ch.rated_workspace(tmp_path / "w.rplan", {}).close()
    book_path = tmp_path / "c.xlsx"
    main(["catalog", str(tmp_path / "w.rplan"), "--export", str(book_path)])
    book = openpyxl.load_workbook(book_path)
    if column == "prerequisites":  # a cycle: 23 needs 12 and 12 needs 23
        _row_of(book["modules"], id="M-AILIT-23")["prerequisites"].value = "M-AILIT-12"
    cell = _row_of(book[sheet], **match)[column]
    cell.value = value
    book.save(book_path)
    from planner.store import Workspace

    with Workspace.open(tmp_path / "w.rplan") as ws:
        before = ch.catalog_rows(ws)
    assert main(["catalog", str(tmp_path / "w.rplan"), "--import", str(book_path)]) == 3
    err = capsys.readouterr().err
    assert re.search(re.escape(words.split(".*")[0].format(row=cell.row)), err), err
    if ".*" in words:
        assert re.search(words.format(row=cell.row).replace("(", r"\(").replace(")", r"\)"), err), (
            err
        )
    assert "Traceback" not in err
    with Workspace.open(tmp_path / "w.rplan") as ws:
        assert ch.catalog_rows(ws) == before


def test_catalog_lists_a_workspace_and_says_what_differs_from_the_shipped_one(ch, tmp_path, capsys):
    ws = ch.rated_workspace(tmp_path / "w.rplan", {})
    edit_catalog(ws, lambda c: changes.rename_role(c, "prompt_engineer", "Prompt writer"))
    ws.close()
    path = str(tmp_path / "w.rplan")
    assert main(["catalog", path, "roles"]) == 0
    assert "Prompt writer" in capsys.readouterr().out
    assert main(["catalog", path]) == 0
    assert "name Prompt engineer → Prompt writer" in capsys.readouterr().out.replace(
        "Prompt Engineer", "Prompt engineer"
    )
    assert main(["catalog", path, "--reset-role", "prompt_engineer"]) == 0
    assert main(["catalog", path]) == 0
    assert "Same as the shipped catalog." in capsys.readouterr().out
    assert main(["catalog", path, "--currency", "GBP"]) == 0
    assert main(["catalog", path, "modules"]) == 0
    assert "cost GBP" in capsys.readouterr().out


def test_missing_sheets_and_columns_and_non_workbooks_are_refused_by_name(ch, tmp_path, capsys):
    ch.rated_workspace(tmp_path / "w.rplan", {}).close()
    ws_path, book_path = str(tmp_path / "w.rplan"), tmp_path / "c.xlsx"
    main(["catalog", ws_path, "--export", str(book_path)])
    book = openpyxl.load_workbook(book_path)
    del book["requirements"]
    book["roles"].delete_cols(2)  # the name column
    book.save(book_path)
    assert main(["catalog", ws_path, "--import", str(book_path)]) == 3
    err = capsys.readouterr().err
    assert "sheet requirements: the workbook has no sheet named 'requirements'" in err
    assert "sheet roles, row 1: the column 'name' is missing" in err
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"\x00\x01not a workbook at all" * 10)
    assert main(["catalog", ws_path, "--import", str(fake), "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert "fake.xlsx" in err and "Traceback" not in err
