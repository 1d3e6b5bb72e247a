"""The demo organisation that fills a new workspace, so the app is never empty."""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from pathlib import Path

from planner.progress import Progress
from planner.store import Workspace

DEMO_FILE = "demo_org_wide.xlsx"


def demo_file() -> Path:
    """Path of the shipped demo workbook (a real file, also when installed)."""
    return Path(str(resources.files("planner.sample_data").joinpath(DEMO_FILE)))


@functools.lru_cache(maxsize=1)
def demo_digest() -> str:
    """SHA-256 of the shipped demo workbook ("" when it is not installed)."""
    path = demo_file()
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def is_demo(ws: Workspace) -> bool:
    """True when the workspace holds the demo organisation (its import is recorded)."""
    digest = demo_digest()
    return bool(digest) and ws.conn.execute(
        "SELECT 1 FROM assessments WHERE sha256 = ?", (digest,)).fetchone() is not None


def ensure_demo_data(ws: Workspace, progress: Progress | None = None) -> bool:
    """Import the demo organisation unless this workspace already has it; True if imported."""
    from planner.importing import import_file

    path = demo_file()
    if is_demo(ws):
        return False
    import_file(ws, path, progress=progress)
    return True
