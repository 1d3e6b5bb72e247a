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


def _mount(target, options: str) -> bool:
    import subprocess

    target.mkdir(exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A factory: ``small_disk(kib)`` -> a folder on a tmpfs of that size (unmounted after).

    Needs permission to mount (root in CI containers); skipped where mounting is impossible.
    """
    import subprocess

    mounted = []

    def make(kib: int):
        target = tmp_path / f"disk{len(mounted)}"
        if os.geteuid() != 0 or not _mount(target, f"size={kib}k"):
            pytest.skip("cannot mount a small file system here (not root)")
        mounted.append(target)
        return target

    yield make
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def make_read_only(tmp_path):
    """A factory: ``make_read_only(folder)`` makes a folder (and its files) unwritable.

    As root (where file modes do not stop writes) the folder becomes a read-only mount
    holding copies of its files; otherwise its modes are cleared. Returns the folder.
    """
    import shutil
    import stat
    import subprocess

    mounted, chmodded = [], []

    def make(folder):
        if os.geteuid() == 0:
            staging = folder.with_name(folder.name + ".staging")
            shutil.copytree(folder, staging)
            shutil.rmtree(folder)
            if not _mount(folder, "size=64m"):
                pytest.skip("cannot mount a read-only file system here")
            mounted.append(folder)
            for item in staging.iterdir():
                shutil.copy2(item, folder / item.name)
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for item in folder.iterdir():
                item.chmod(stat.S_IRUSR | stat.S_IRGRP)
            folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
            chmodded.append(folder)
        return folder

    yield make
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)
    for folder in chmodded:
        folder.chmod(stat.S_IRWXU)
