"""Hostile-file tests share ``hostile_files`` (the fixture builder) and ``wizard_driver``
(pytest runs with --import-mode=importlib, which does not put test folders on sys.path)."""

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/hostile/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))
