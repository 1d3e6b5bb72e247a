"""Parse untrusted files in a child process with a memory cap and a timeout.

python-calamine 0.9.1 can abort the whole process (SIGABRT) on a crafted file, and zip
bombs make readers allocate gigabytes. The reader therefore runs in a child process
(``readers.py`` run as a script, so it imports nothing but calamine and starts fast),
capped with ``RLIMIT_AS``; it pickles its rows into a pipe that the parent reads (no
file with personal data is ever written).
A crash, a timeout or the memory cap becomes an :class:`InputRejected` naming the file;
cancelling kills the child.

(multiprocessing's spawn and forkserver were tried first: both re-run the caller's
``__main__`` script in the child, which breaks scripts without a main guard.)

``python -m planner.importing.sandbox FILE`` reads a file the same way (for debugging).
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import logging
import pickle
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from planner.errors import InputRejected, TooLarge
from planner.progress import Progress

log = logging.getLogger("planner.importing")

DEFAULT_MEMORY_LIMIT = 1 << 30  # address space of the child, bytes
LARGE_MEMORY_LIMIT = 12 << 30
BASE_TIMEOUT = 60.0  # seconds, plus PER_MB_TIMEOUT per MB of file
PER_MB_TIMEOUT = 6.0
MAX_TIMEOUT = 900.0
GRACE_SECONDS = 30.0  # for a child to exit once its pipe is closed
READER_SCRIPT = Path(__file__).with_name("readers.py")


def default_timeout(size: int) -> float:
    return min(MAX_TIMEOUT, BASE_TIMEOUT + PER_MB_TIMEOUT * size / 1e6)


def parse_in_child(
    path: str | Path,
    fmt: str,
    *,
    timeout: float | None = None,
    memory_limit: int = DEFAULT_MEMORY_LIMIT,
    max_cells: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Read ``path`` in a sandboxed child; returns readers.read_any's dict.

    ``max_cells``: a sheet with more cells is refused by the child before it sends any
    row (None: the reader's own limit).

    Raises:
        InputRejected: the reader refused the file, crashed, ran out of memory or time.
        Cancelled: ``progress`` was cancelled while the child ran (the child is killed).
    """
    path = Path(path)
    name = path.name
    if timeout is None:
        timeout = default_timeout(path.stat().st_size)
    clean_stale_temp()
    err = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    received: list[Any] = []
    try:
        started = time.monotonic()
        # The rows come back through a pipe, never a file: a crash leaves no personal data
        # in the temporary folder.
        child = subprocess.Popen(
            [
                sys.executable,
                "-I",
                str(READER_SCRIPT),
                str(path.resolve()),
                fmt,
                "-",
                str(memory_limit),
                *([str(max_cells)] if max_cells is not None else []),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
        )
        assert child.stdout is not None
        _widen_pipe(child.stdout)
        # Unpickled as it streams in: the rows never sit in memory twice.
        reading: dict[str, str | None] = {"sheet": None}  # the sheet the child works on
        drain = threading.Thread(
            target=_receive,
            args=(child.stdout, received, reading),
            name="reader-pipe",
            daemon=True,
        )
        drain.start()
        try:
            # Until the child's last message (or the end of the pipe) arrived; the child's
            # own exit (freeing what it read) is not waited for then.
            while drain.is_alive():
                drain.join(0.01)
                if progress is not None:
                    progress.check()
                if time.monotonic() - started > timeout:
                    raise InputRejected(
                        f"reading the file took longer than {timeout:.0f} s; "
                        "it may be damaged or crafted to hang readers",
                        file=name,
                    )
        finally:
            if drain.is_alive():  # cancelled or out of time
                child.kill()
                child.wait(5)
                drain.join(30)
            child.stdout.close()
        log.info("read %s in a child process in %.2f s", name, time.monotonic() - started)
        outcome = received.pop() if received else EOFError("nothing received")
        if isinstance(outcome, dict):  # the whole answer: how the child ends does not matter
            threading.Thread(target=_reap, args=(child,), name="reader-exit", daemon=True).start()
        else:
            code = _exit_code(child)
            if code != 0:
                err.seek(0)
                detail = err.read()[-2000:].decode("utf-8", "replace")
                # Only in the log (the reader's own panic text means nothing to a user): the
                # message below says what happened.
                log.info("reader child for %s exited with %s: %s", name, code, detail)
                raise InputRejected(_crash_message(code), file=name, sheet=reading["sheet"])
            raise InputRejected(f"the reader returned no result ({outcome})", file=name) from None
        result = outcome
    finally:
        err.close()
    if "error" in result:
        refusal = TooLarge if result.get("kind") == "too-large" else InputRejected
        raise refusal(result["error"], file=name, sheet=result.get("sheet"))
    return result["ok"]


PIPE_BYTES = 1 << 20  # Linux lets any process widen a pipe to 1 MiB


def _widen_pipe(stream: Any) -> None:
    """A wider pipe (Linux): the child writes a whole chunk while the parent unpickles the
    previous one, instead of both waiting on each 64 KiB."""
    with contextlib.suppress(ImportError, AttributeError, OSError, ValueError):
        import fcntl

        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _exit_code(child: subprocess.Popen[bytes]) -> int | None:
    """The child's exit status once it is gone (it is killed if it lingers)."""
    try:
        return child.wait(GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait(5)


def _reap(child: subprocess.Popen[bytes]) -> None:
    """Wait for a child that sent everything (on a thread); kill it if it lingers."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        _exit_code(child)


def _receive(
    stream: Any, received: list[Any], reading: dict[str, str | None] | None = None
) -> None:
    """Unpickle the child's chunks as they arrive (on a thread); an error is the result.

    The child says which sheet it opens, sends each sheet's size, its rows a chunk at a
    time, then ("ok", "", summary) or ("error", sheet, message) (readers.child_main): this
    thread unpickles a chunk while the child reads the next one; ``reading["sheet"]`` is
    the sheet being read, for the message if the child dies on it.
    """
    sheets = _Sheets()
    try:
        with paused_gc():
            while True:
                kind, name, value = _ReaderUnpickler(stream).load()
                if kind == "reading":
                    if reading is not None:
                        reading["sheet"] = name
                elif kind == "rows":
                    sheets.add(name, value)
                elif kind == "size":
                    sheets.size(name, *value)
                elif kind == "ok":
                    read = value.pop("read")
                    rows = {s: sheets.rows.pop(s, []) for s in read}
                    cells = {s: sheets.matrix(s) for s in read}
                    received.append({"ok": {**value, "rows": rows, "cells": cells}})
                    return
                else:  # "error", or "too-large" (refused for its size alone)
                    received.append({"error": value, "sheet": name, "kind": kind})
                    return
    except Exception as exc:  # a broken or foreign stream: the parent refuses the file
        received.append(exc)


class _Sheets:
    """The rows received so far, and each sheet's cells as an object matrix filled chunk by
    chunk while the child reads the next one (the checks slice columns out of it)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[list[Any]]] = {}
        self._cells: dict[str, np.ndarray | None] = {}
        self._filled: dict[str, int] = {}

    def size(self, name: str, height: int, width: int) -> None:
        self._cells[name] = np.empty((height, width), dtype=object) if height and width else None
        self._filled[name] = 0

    def add(self, name: str, chunk: list[list[Any]]) -> None:
        self.rows.setdefault(name, []).extend(chunk)
        cells = self._cells.get(name)
        if cells is None:
            return
        start = self._filled[name]
        end = start + len(chunk)
        try:
            if end > len(cells) or set(map(len, chunk)) != {cells.shape[1]}:
                raise ValueError("not the rows announced")
            cells[start:end] = chunk
        except ValueError:  # rows of other widths: no matrix for this sheet
            self._cells[name] = None
            return
        self._filled[name] = end

    def matrix(self, name: str) -> np.ndarray | None:
        cells = self._cells.get(name)
        if cells is None or self._filled.get(name) != len(cells):
            return None
        cells.flags.writeable = False  # shared by every step that reads the sheet
        return cells


class _ReaderUnpickler(pickle.Unpickler):
    """Only plain values and dates come from the reader: no other class is ever built from
    the pipe, even if a crafted file took over the child."""

    ALLOWED = frozenset({"datetime", "date", "time", "timedelta"})

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in self.ALLOWED:
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"the reader sent an unexpected {module}.{name}")


def clean_stale_temp() -> None:
    """Delete row files an older version left in the temporary folder after a crash."""
    cutoff = time.time() - 600
    for leftover in Path(tempfile.gettempdir()).glob("rplan-read-*.pickle"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of cells are built.

    Cell values hold no reference cycles, but every few hundred new lists or dicts would
    make the collector walk everything allocated so far: pausing it halves load times.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _crash_message(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = f"signal {-code}"
        return (
            f"the spreadsheet reader crashed on this file ({signame}), most likely "
            "because it is damaged or crafted, or it needs more memory than allowed; "
            "nothing was imported"
        )
    return (
        f"the spreadsheet reader failed on this file (exit status {code}); it is "
        "probably damaged; nothing was imported"
    )


def main(argv: list[str] | None = None) -> int:
    """Debugging aid: read FILE in the sandbox and print the sheets and their sizes."""
    from planner.importing.sniff import sniff

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m planner.importing.sandbox FILE", file=sys.stderr)
        return 2
    try:
        sniffed = sniff(args[0])
        data = parse_in_child(args[0], sniffed.format)
    except InputRejected as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 3
    for sheet in data["sheets"]:
        rows = data["rows"].get(sheet["name"])
        size = f"{len(rows)} rows" if rows is not None else "not a worksheet"
        print(f"{sheet['name']} ({sheet['visible']}, {sheet['kind']}): {size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
