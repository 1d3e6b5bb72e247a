"""The demo organisation that fills a new workspace, so the app is never empty."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from planner.progress import Progress
from planner.store import Workspace

DEMO_FILE = "demo_org_wide.xlsx"


def demo_file() -> Path:
    """Path of the shipped demo workbook (a real file, also when installed)."""
    return Path(str(resources.files("planner.sample_data").joinpath(DEMO_FILE)))


def ensure_demo_data(ws: Workspace, progress: Progress | None = None) -> bool:
    """Import the demo organisation unless this workspace already has it; True if imported."""
    from planner.importing import import_file

    path = demo_file()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if ws.conn.execute("SELECT 1 FROM assessments WHERE sha256 = ?", (digest,)).fetchone():
        return False
    import_file(ws, path, progress=progress)
    return True
