"""Helpers shared by the GUI tests (imported by name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

SKILLS = ("Python", "SQL", "Prompt engineering", "Data visualisation", "Statistics",
          "Machine learning", "Communication", "Project management")
DEPARTMENTS = ("Finance", "Legal", "Sales", "IT", "HR")
SITES = ("Berlin", "Lyon", "Leeds")


def write_sheet(path: Path, n: int = 60, seed: int = 7) -> Path:
    """A wide skills sheet in CSV with ``n`` people."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Employee ID", "Name", "Department", "Job title", "Site", *SKILLS])
        for i in range(n):
            out.writerow([f"E{i:04d}", f"Person {i} {rng.choice(['Ann', 'Bob', 'Eve'])}",
                          rng.choice(DEPARTMENTS), rng.choice(["Analyst", "Clerk"]),
                          rng.choice(SITES),
                          *(rng.choice(["", 1, 2, 3, 4, 5]) for _ in SKILLS)])
    return path



def dialogs(name: str = "errorDialog") -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w.objectName() == name and w.isVisible()]
