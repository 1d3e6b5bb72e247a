"""What HRIS exports put around the data: notes under the table, rater wording with extra
words ("Manager Assessment"), long-format summaries that speak of skills, not columns."""

from __future__ import annotations

import pytest
from imp_helpers import new_workspace, stored_ratings, write_xlsx

from planner.importing import import_file
from planner.importing.layout import find_table
from planner.importing.mapping import source_of


@pytest.mark.parametrize(
    "value, source",
    [
        ("Manager Assessment", "manager"),
        ("Self Assessment", "self"),
        ("Self-rating", "self"),
        ("Employee self-evaluation", "self"),
        ("Peer Review", "peer"),
        ("360 feedback by line manager", "manager"),
        ("Vorgesetzter (Bewertung)", "manager"),
        ("Validated by assessor", "validated"),
        ("Certification exam", "validated"),
        ("Manager", "manager"),
        ("Assessment centre", "validated"),
        # two sources, or none: not guessed
        ("Self and manager", None),
        ("Assessment", None),
        ("HR", None),
        ("", None),
    ],
)
def test_rater_wording_with_extra_words_names_the_source(value, source):
    assert source_of(value) == source


def _rows(footer: list[list[object]]) -> list[list[object]]:
    rows = [["Acme Corp - skills export"], [], ["Employee ID", "Name", "Python", "SQL"]]
    rows += [[f"E{i}", f"Person {i}", i % 5 + 1, 3] for i in range(12)]
    return rows + footer


@pytest.mark.parametrize(
    "footer, notes",
    [
        ([[], ["Confidential – internal use only"]], 1),
        ([["Source: HRIS"], ["Generated on 2026-11-30 by the reporting service"]], 2),
        ([[None, None, "Note: levels are self-assessed unless stated"]], 1),
    ],
)
def test_notes_under_the_table_are_left_out_and_named(tmp_path, footer, notes):
    rows = _rows(footer)
    table = find_table(rows)
    assert table is not None and len(table.note_rows) == notes
    assert len(table.data_rows) == 12
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "export.xlsx", rows))
    assert report.employees_added == 12 and not report.errors
    said = [n for n in report.notes if "looks like a note under the table" in n]
    assert len(said) == notes and f"row {len(rows)}" in said[-1]


@pytest.mark.parametrize(
    "last",
    [
        ["E99"],  # a person with no ratings yet: an id alone
        ["Jane Smith"],  # a name alone (two words)
        ["E99", "Jane Smith"],
    ],
)
def test_a_last_row_with_little_in_it_is_still_data(last):
    rows = _rows([last])
    table = find_table(rows)
    assert table is not None and table.note_rows == [] and len(table.data_rows) == 13


def test_a_narrow_table_has_no_notes():
    """Rows of two values: a lone text under them may be a row like the others."""
    rows = [["Employee ID", "Name"]] + [[f"E{i}", f"P {i}"] for i in range(10)]
    rows += [["Checked by the HR team"]]
    table = find_table(rows)
    assert table is not None and table.note_rows == []


def test_a_long_export_with_rater_wording_and_a_footer(tmp_path):
    rows = [
        ["Competency report"],
        [],
        ["Worker ID", "Worker", "Competency", "Proficiency Rating", "Assessment Type"],
    ]
    for i in range(10):
        rows.append([f"W{i}", f"Last{i}, First{i}", "Python", "3 - Proficient",
                     "Manager Assessment"])
        rows.append([f"W{i}", f"Last{i}, First{i}", "Forklift operation", "2 - Basic",
                     "Self Assessment"])
    rows += [[], ["Confidential – internal use only"]]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "long.xlsx", rows))
    assert report.employees_added == 10 and not report.errors
    assert not [w for w in report.warnings if "not recognised" in str(w)]
    sources = {(skill, source) for _key, skill, source, _level, _raw in stored_ratings(ws)}
    assert ("python", "manager") in sources
    assert "2 skills named, 1 new to the catalog" in report.summary()
    assert any(
        line.startswith("unmatched: 'Forklift operation' (column C)") for line in report.details()
    )


@pytest.mark.parametrize(
    "value, level",
    [
        ("Proficient (3)", 3.0),
        ("Beginner (1)", 1.0),
        ("Advanced – 4", 4.0),
        ("Expert: 5", 5.0),
        ("★★★☆☆", 3.0),
        ("●●○○○", 2.0),
        ("☆☆☆☆☆", 0.0),
        ("★★★★", 4.0),  # no empty symbol: the count is the level on the column's scale
    ],
)
def test_level_words_with_their_number_and_drawn_ratings_are_levels(value, level):
    from planner.importing.levels import parse_level
    from planner.importing.profiling import _kind

    parsed = parse_level(value)
    assert parsed.level == level and not parsed.note
    assert _kind(value)[0] == "level"  # and the column is recognised as holding levels


@pytest.mark.parametrize("value", ["✓", "✔", "→", "Python 3", "Windows 10"])
def test_a_symbol_or_text_that_is_no_level_is_named_never_read_as_blank(value):
    from planner.importing.levels import parse_level

    parsed = parse_level(value)
    assert parsed.level is None and "is not a level" in parsed.note


@pytest.mark.parametrize("blank", ["-", "—", "?", " ", "n/a"])
def test_dashes_and_question_marks_stay_not_assessed(blank):
    from planner.importing.levels import parse_level

    assert parse_level(blank) == parse_level(None)


def test_a_wide_export_rated_in_words_with_numbers_and_stars(tmp_path):
    """Every skill column holds 'Label (N)' or stars only: the columns are skills, the
    levels are read (none silently blank)."""
    header = ["User ID", "Full Name", "Python", "SQL", "Prompting"]
    labelled = ["Beginner (1)", "Intermediate (2)", "Proficient (3)", "Advanced (4)", "Expert (5)"]
    stars = ["★☆☆☆☆", "★★☆☆☆", "★★★☆☆", "★★★★☆", "★★★★★"]
    rows = [header]
    for i in range(15):
        rows.append([f"u{i}", f"Person {i}", labelled[i % 5], stars[i % 5], labelled[(i + 2) % 5]])
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "words.xlsx", rows))
    assert report.employees_added == 15 and report.ratings == 45
    assert not report.warnings and not report.errors
    levels = {(key, skill): level for key, skill, _source, level, _raw in stored_ratings(ws)}
    assert levels[("u2", "python")] == 3.0 and levels[("u3", "sql")] == 4.0
    assert levels[("u0", "prompt_engineering")] == 3.0


def _levels(ws):
    return {(key, skill): level for key, skill, _source, level, _raw in stored_ratings(ws)}


def test_a_history_export_newest_first_keeps_the_newest_rating(tmp_path):
    """A long export sorted newest first: the sheet's rating dates decide a repeat, not
    the row order."""
    import datetime as dt

    rows = [["Employee ID", "Name", "Skill", "Level", "Assessment date"]]
    rows += [
        ["H1", "Ann", "Python", 4, dt.datetime(2026, 10, 1)],
        ["H1", "Ann", "Python", 1, dt.datetime(2023, 3, 1)],
        ["H2", "Bob", "Python", 2, "2021-01-01"],
        ["H2", "Bob", "Python", 5, "2026-09-01"],  # newer and later: it wins either way
        ["H3", "Cy", "SQL", 3, "05.09.2026"],
        ["H3", "Cy", "SQL", 1, "05.09.2025"],
        ["H4", "Di", "SQL", 2, None],  # no dates: the later row wins, as before
        ["H4", "Di", "SQL", 4, None],
    ]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "history.xlsx", rows))
    levels = _levels(ws)
    assert levels[("H1", "python")] == 4.0
    assert levels[("H2", "python")] == 5.0
    assert levels[("H3", "sql")] == 3.0
    assert levels[("H4", "sql")] == 4.0
    said = [str(w) for w in report.warnings]
    assert any("newer rating is kept (row 2, Assessment date 2026-10-01)" in w for w in said)
    assert any("H4 has SQL twice" in w and "the later row wins" in w for w in said)


def test_a_wide_sheet_with_repeated_people_keeps_each_skills_newest_rating(tmp_path):
    rows = [["Employee ID", "Name", "Python", "SQL", "Last reviewed", "Hire date"]]
    rows += [
        ["W1", "Ann", 4, None, "2026-06-01", "2010-01-01"],
        ["W1", "Ann", 1, 2, "2022-06-01", "2010-01-01"],  # older: SQL is new, Python is not
        ["W1", "Ann", None, 3, "2024-06-01", "2010-01-01"],  # newer than the SQL kept
        ["W2", "Bob", 2, 2, "2026-01-01", "2012-01-01"],
    ]
    ws = new_workspace(tmp_path)
    report = import_file(ws, write_xlsx(tmp_path / "wide.xlsx", rows))
    levels = _levels(ws)
    assert levels[("W1", "python")] == 4.0
    assert levels[("W1", "sql")] == 3.0
    assert any("newer rating by 'Last reviewed' is kept" in str(w) for w in report.warnings)


@pytest.mark.parametrize(
    "headers, used",
    [
        (["Assessment date"], "Assessment date"),
        (["Hire date", "Rated on"], "Rated on"),
        (["Bewertungsdatum"], "Bewertungsdatum"),
        (["Hire date"], None),
        (["Date of birth", "Start date"], None),
        (["Date", "Review date"], "Review date"),
        (["Last reviewed"], "Last reviewed"),
        (["Rated by"], None),
    ],
)
def test_the_rating_date_column_is_the_one_about_the_rating(headers, used):
    from planner.importing.mapping import ColumnMap, Mapping
    from planner.importing.rating_dates import rating_date_column

    columns = [ColumnMap(0, "Employee ID", "employee_id")]
    columns += [ColumnMap(n + 1, h, "attribute") for n, h in enumerate(headers)]
    found = rating_date_column(Mapping("long", [0], columns))
    assert (found.header if found else None) == used


def test_slashed_dates_follow_the_order_the_column_shows():
    from planner.importing.mapping import ColumnMap
    from planner.importing.rating_dates import RowDates

    us = ["12/31/2025", "03/04/2026", "04/03/2026"]
    dates = RowDates(ColumnMap(0, "Rated on", "attribute"), lambda r: us[r])
    assert dates.day(1) < dates.day(2)  # March 4th before April 3rd
    eu = ["31/12/2025", "03/04/2026", "04/03/2026"]
    dates = RowDates(ColumnMap(0, "Rated on", "attribute"), lambda r: eu[r])
    assert dates.day(1) > dates.day(2)  # 3 April after 4 March
