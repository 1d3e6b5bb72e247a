"""The employees page as a user types: immediate filtering and a hint when nobody matches."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_each_keystroke_filters_on_the_next_event_loop_turn(window, qtbot, qapp):
    page = window.show_page("employees")
    page.search.setFocus()
    qtbot.keyClicks(page.search, "person 1")
    qapp.processEvents()    # one turn of the event loop: no typing pause is waited for
    assert page.model.rowCount() == 11          # Person 1, 10..19
    qtbot.keyClick(page.search, Qt.Key.Key_5)
    qapp.processEvents()
    assert page.model.rowCount() == 1           # Person 15


def test_no_match_says_how_to_get_people_back(window, qtbot):
    page = window.show_page("employees")
    page.search.setText("nobody is called this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=1_000)
    assert "Nobody among the 60 people matches" in page.hint.text()
    assert "Clear the search box" in page.hint.text()
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=1_000)
    assert page.hint.text().startswith("Showing 60 of 60")
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)     # harmless with an empty box
