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
