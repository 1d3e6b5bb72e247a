"""Progress reporting and cancellation for long work, shared by the CLI and the GUI.

Core functions take ``progress: Progress | None``; they call ``progress.step(done, total,
message)`` from time to time, which raises :class:`~planner.errors.Cancelled` once the
user asked to stop. The GUI passes a token whose ``cancel()`` it wires to a button.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from planner.errors import Cancelled

Listener = Callable[[int, int, str], None]


class Progress:
    """A progress sink with a cancel flag; safe to cancel from another thread."""

    def __init__(self, listener: Listener | None = None) -> None:
        self._listener = listener
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self._cancelled.is_set():
            raise Cancelled("Cancelled; nothing was changed.")

    def step(self, done: int, total: int, message: str = "") -> None:
        self.check()
        if self._listener is not None:
            self._listener(done, total, message)


def report(progress: Progress | None, done: int, total: int, message: str = "") -> None:
    """Call ``progress.step`` when a progress sink was given."""
    if progress is not None:
        progress.step(done, total, message)
