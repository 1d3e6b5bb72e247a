"""Look-alike employee ids: the same text typed differently is one person; ids that only
look alike, and ids sharing an email, are reported naming both rows."""

from __future__ import annotations

from planner.importing import import_file
from planner.importing.identity import clean_id, skeleton

CYRILLIC_E = "\u0415"  # looks like Latin E
GREEK_O = "\u039f"  # looks like Latin O


def _sheet(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text(
        "employee_id,name,email,Python\n"
        + "".join(f"{key},{person},{email},3\n" for key, person, email in rows),
        encoding="utf-8",
    )
    return path


def _keys(ws):
    return {r[0] for r in ws.conn.execute("SELECT employee_key FROM employees")}


def test_the_same_id_typed_differently_is_one_person(workspace, tmp_path):
    rows = [
        ("1002", "Ada", "ada@example.com"),
        ("1002\u200b", "Ada", ""),  # zero-width space
        ("\ufeff1002", "Ada", ""),  # a BOM inside the cell
        ("\uff11\uff10\uff10\uff12", "Ada", ""),  # fullwidth digits
        ("Jos\u00e9-7", "José", "jose@example.com"),  # composed é
        ("Jose\u0301-7", "José", ""),  # decomposed é
    ]
    report = import_file(workspace, _sheet(tmp_path, "same.csv", rows))
    assert _keys(workspace) == {"1002", "José-7"}
    assert report.employees_added == 2
    assert not [w for w in report.warnings if "looks like" in w.message]


def test_ids_that_only_look_alike_are_reported_with_both_rows(workspace, tmp_path):
    rows = [
        ("1002", "Ada", "ada@example.com"),  # row 2
        ("001002", "Ada Two", "ada2@example.com"),  # row 3: leading zeros
        ("E77", "Bob", "bob@example.com"),  # row 4
        (f"{CYRILLIC_E}77", "Bob", "bob2@example.com"),  # row 5: Cyrillic E
        ("e77", "Bob", "bob3@example.com"),  # row 6: lower case
        ("X1", "Cy", "cy@example.com"),  # row 7
        ("X2", "Cy Again", "CY@example.com"),  # row 8: same email
        (f"{GREEK_O}K5", "Di", "di@example.com"),  # row 9
        ("OK5", "Di", "di2@example.com"),  # row 10: Greek O vs Latin O
    ]
    report = import_file(workspace, _sheet(tmp_path, "alike.csv", rows))
    warnings = [str(w) for w in report.warnings]
    text = "\n".join(warnings)
    assert "'001002' looks like id '1002' in row 2 (they differ only in leading zeros)" in text
    assert f"'{CYRILLIC_E}77' looks like id 'E77' in row 4" in text and "alphabet" in text
    assert "'e77' looks like id 'E77' in row 4 (they differ only in upper/lower case)" in text
    assert "'X2' and 'X1' (row 7) share the email 'CY@example.com'" in text
    assert "'OK5' looks like id" in text and "row 9" in text
    # Each warning sits on the later row, so both rows are named.
    assert any(w.startswith("alike!A3") or "A3:" in w for w in warnings)
    assert len(_keys(workspace)) == 9  # nothing silently merged


def test_a_new_id_like_an_existing_employee_is_reported(workspace, tmp_path):
    import_file(workspace, _sheet(tmp_path, "first.csv", [("E1002", "Ada", "ada@example.com")]))
    report = import_file(
        workspace,
        _sheet(
            tmp_path,
            "second.csv",
            [
                (f"{CYRILLIC_E}1002", "Ada", "ada.other@example.com"),
                ("N5", "Someone", "ADA@example.com"),
            ],
        ),
    )
    text = "\n".join(str(w) for w in report.warnings)
    assert f"'{CYRILLIC_E}1002' looks like 'E1002', already in the workspace" in text
    assert "'N5' is new but its email 'ADA@example.com' belongs to 'E1002'" in text


def test_skeleton_and_clean_id():
    assert clean_id("\u200b 1002 \ufeff") == "1002"
    assert clean_id("\uff21\uff11") == "A1"
    assert skeleton("000123") == skeleton("123") == "123"
    assert skeleton(f"{CYRILLIC_E}X") == skeleton("ex")
    assert skeleton("E1") != skeleton("F1")


def test_the_quick_paths_agree_with_the_full_rules():
    import random

    from planner.importing.identity import casefolded_addresses, lookalike_conflicts

    rng = random.Random(3)
    parts = ["0", "7", "12", "E", "e", "\u200b", " ", CYRILLIC_E, "\uff11", "@x.org", "\t"]
    for _ in range(400):
        keys = {"".join(rng.choices(parts, k=rng.randint(1, 4))): r for r in range(6)}
        numbers = {str(rng.randint(0, 30)).zfill(rng.choice([1, 1, 2])): r for r in range(6)}
        for first in (keys, numbers):
            slow = {}
            expected = []
            for key, row in first.items():  # the rule, spelled out
                other = slow.setdefault(skeleton(key), key)
                if other != key:
                    expected.append((key, other, row, first[other]))
            assert [c[:4] for c in lookalike_conflicts(first)] == expected
        emails = list(keys)
        assert casefolded_addresses(emails) == [clean_id(e).casefold() for e in emails]
    assert casefolded_addresses(["Ada@Example.COM", ""]) == ["ada@example.com", ""]
