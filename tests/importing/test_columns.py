"""Skill columns are read as numbers a block of neighbouring columns at a time; the result
is the same as reading each column alone, and a block with text or empty cells falls back."""

from __future__ import annotations

import numpy as np

from planner.importing.checking import Columns
from planner.importing.levels import Scale, floats_of_objects, levels_for_column


def test_neighbouring_number_columns_read_as_one_block():
    rows = [["E1", 1.0, 2.0, "x", 3.0, 4.0], ["E2", 5.0, 1.5, "y", "3", True]]
    columns = Columns(rows)
    floats = columns.floats([1, 2, 4, 5])
    assert sorted(floats) == [1, 2, 4, 5]
    for c in (1, 2, 4, 5):
        assert floats[c].flags.c_contiguous
        np.testing.assert_array_equal(floats[c], floats_of_objects(columns.array[:, c]))


def test_a_block_with_text_is_left_to_the_column_path():
    rows = [["E1", 1.0, None, 2.0, "Advanced"], ["E2", 3.0, 4.0, 1.0, 2.0]]
    columns = Columns(rows)
    floats = columns.floats([1, 2, 3])
    for c in (1, 2, 3):  # an empty cell reads as NaN, as column by column
        np.testing.assert_array_equal(floats[c], floats_of_objects(columns.array[:, c]))
    assert columns.floats([3, 4]) == {}  # text in the run: each column on its own
    levels, mapped, slow = levels_for_column(columns.array[:, 4], Scale())
    assert levels[1] == 2.0 and levels[0] == 4.0 and mapped[0] and not slow


def _prepared_both_ways(path):
    from planner.catalog import load_shipped_catalog
    from planner.importing import detect, load_source
    from planner.importing.checking import prepare
    from planner.importing.report import ImportReport

    catalog = load_shipped_catalog()
    source = load_source(path)
    assert source.cells is not None and source.cells.tolist() == source.rows
    mapping = detect(source, catalog)
    out = []
    for cells in (source.cells, None):
        report = ImportReport(file=source.name, sheet=source.sheet, mapping=mapping)
        prepared = prepare(source.rows, mapping, catalog, report, cells)
        out.append((prepared, [str(i) for i in report.warnings + report.errors]))
    return out


def test_the_readers_matrix_checks_like_the_rows(tmp_path):
    """Rows the table leaves out (a title, a blank row, a totals row) and empty cells."""
    from imp_helpers import write_xlsx

    rows = [["Skills export 2026"], [], ["employee_id", "name", "Python", "SQL", "Excel"]]
    rows += [[f"E{i}", f"Person {i}", i % 6, None if i % 4 else "Advanced", "3"] for i in range(30)]
    rows += [[], ["Total", None, 75, None, None]]
    rows.insert(20, [])  # data rows with a gap: the matrix rows are picked, not sliced
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    (with_cells, issues), (without, expected_issues) = _prepared_both_ways(path)
    assert len(with_cells.keys) == 30 and with_cells.ratings > 60
    assert issues == expected_issues
    assert with_cells.keys == without.keys and with_cells.fields == without.fields
    np.testing.assert_array_equal(with_cells.levels, without.levels)
    assert with_cells.raw == without.raw and with_cells.skill_ids == without.skill_ids


def test_clean_texts_strips_every_cell_that_needs_it():
    import random

    from planner.importing.checking import clean_texts

    rng = random.Random(1)
    parts = ["a", "b c", " ", "\t", "\n", "\xa0", "\u2003", "x\ny", "", "é", "\r"]
    for _ in range(3000):
        values = [
            None if rng.random() < 0.2 else "".join(rng.choices(parts, k=rng.randint(0, 4)))
            for _ in range(rng.randint(0, 5))
        ]
        assert clean_texts(values) == [None if v is None else v.strip() for v in values]
    assert clean_texts(["ok", "bad\x00"]) is None
    assert clean_texts(["x", 3.0]) is None
