"""Fixtures shared by the whole suite. Core tests never need Qt."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# GUI tests run offscreen; matplotlib never opens a window.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

# The machine is shared and noisy: no per-example deadlines, a moderate example count.
settings.register_profile("default", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


@pytest.fixture
def workspace(tmp_path):
    """A fresh workspace with the shipped catalog and no employees."""
    from planner.store import Workspace

    ws = Workspace.create(tmp_path / "test.rplan")
    yield ws
    ws.close()


def table_dump(ws) -> dict[str, list[tuple]]:
    """Every row of every table, for 'nothing changed' comparisons."""
    names = [r[0] for r in ws.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {n: sorted(ws.conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names}


@pytest.fixture
def dump_tables():
    """The function table_dump, for tests that compare a workspace before and after."""
    return table_dump
