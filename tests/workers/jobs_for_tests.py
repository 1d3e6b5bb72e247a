"""Functions the worker processes of these tests run (imported there by name)."""

from __future__ import annotations

import os
import time

from planner.errors import InputRejected
from planner.progress import Progress


def add(a: int, b: int, progress: Progress) -> int:
    for i in range(3):
        progress.step(i, 3, "adding")
        time.sleep(0.06)
    progress.step(3, 3, "added")
    return a + b


def until_cancelled(progress: Progress) -> None:
    while True:
        progress.step(0, 1, "waiting")
        time.sleep(0.01)


def deaf(progress: Progress) -> None:
    """Says it started, then never looks at its cancel flag."""
    progress.step(0, 1, "started")
    time.sleep(120)


def known_error(progress: Progress) -> None:
    raise InputRejected("the level must be 0 to 5", file="team.xlsx", sheet="Skills", cell="C7")


def bug(progress: Progress) -> None:
    return {}["missing"]


def die(progress: Progress) -> None:
    os._exit(9)


def chatty(progress: Progress) -> str:
    print("a stray print must not break the conversation")
    return "fine"


def pid(progress: Progress) -> int:
    return os.getpid()
