"""A time and memory budget for reading one file in *this* process, derived from its size.

The reader child is capped (``sandbox.py``); this caps the parent too, where the rows are
checked and mapped: a crafted file must not make it run for minutes or take gigabytes.
``allow_large`` lifts the memory cap and stretches the time. Without it every file is
answered within ``DEFAULT_MAX_SECONDS``.

The time limit works on any thread: a timer signal on the main thread (the command line),
an asynchronous exception raised in the worker thread otherwise (the GUI wizard, whose
steps share one :class:`FileBudget`). The memory cap (an address-space limit) is for the
whole process, so it applies on the main thread of the command line only; elsewhere the
cell limits (``check_cells`` and the reader child's ``max_cells``) bound the memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from planner.errors import InputRejected, TooLarge

log = logging.getLogger("planner.importing")

BASE_SECONDS = 12.0  # plus PER_MB_SECONDS per MB of input
PER_MB_SECONDS = 6.0
MAX_SECONDS = 900.0
DEFAULT_MAX_SECONDS = 20.0  # without --allow-large every file is answered within this
LARGE_FACTOR = 4.0  # --allow-large: this much more time, no memory cap
BASE_MEMORY = 512 << 20  # bytes of address space above what the process uses
PER_BYTE_MEMORY = 100  # per byte of input
MAX_MEMORY = 1280 << 20


BYTES_PER_CELL = 60  # what checking a cell costs in the parent, measured
# Cells of one sheet read without --allow-large: the parent's rows (BYTES_PER_CELL each) and
# the reader child's copy (capped at 1 GiB) then fit in 1.5 GB together. 50,000 people ×
# 160 columns; a million rows of 8.
MAX_CELLS = 8_000_000
MAX_COLUMNS = 16_384  # Excel's limit: no spreadsheet is wider


def max_cells(size: int, allow_large: bool = False) -> int | None:
    """The most cells one sheet of a file of ``size`` bytes may have (None: no limit)."""
    if allow_large:
        return None
    return min(MAX_CELLS, memory_budget(size) // BYTES_PER_CELL)


def check_cells(
    rows: list[list[object]], size: int, *, name: str, sheet: str, allow_large: bool = False
) -> None:
    """Refuse at once a sheet whose cells would need more than the memory budget."""
    if allow_large or not rows:
        return
    cells = len(rows) * max(len(rows[0]), len(rows[-1]))
    limit = max_cells(size)
    if limit is not None and cells > limit:
        raise TooLarge(
            f"the sheet holds {len(rows):,} rows and {cells:,} cells, more than can be "
            "checked within the memory allowed for a file of this size; nothing was "
            "imported",
            file=name,
            sheet=sheet,
        )


def time_budget(size: int, allow_large: bool = False) -> float:
    seconds = BASE_SECONDS + PER_MB_SECONDS * size / 1e6
    if allow_large:
        return min(MAX_SECONDS, seconds * LARGE_FACTOR)
    return min(DEFAULT_MAX_SECONDS, seconds)


def memory_budget(size: int) -> int:
    return min(MAX_MEMORY, BASE_MEMORY + PER_BYTE_MEMORY * size)


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so no ``except Exception`` swallows it."""


@contextlib.contextmanager
def parent_budget(path: str | Path, *, allow_large: bool = False) -> Iterator[None]:
    """Refuse the file (InputRejected) if working on it here exceeds its budget."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    name = path.name
    main = threading.current_thread() is threading.main_thread()
    out_of_memory = False
    seconds = time_budget(size, allow_large)
    with _memory_cap(None if allow_large or not main else memory_budget(size)):
        try:
            with time_limit(seconds, name=name):
                yield
        except _OutOfTime:  # the timer went off while the block was already unwinding
            raise _too_long(seconds, name) from None
        except MemoryError:
            # Refused below, once the cap is lifted and this traceback (which holds the
            # big rows) is gone: building the message here could fail for lack of memory.
            out_of_memory = True
    if out_of_memory:
        gc.collect()
        raise TooLarge(
            "this file needs more memory than a file of its size should; nothing was "
            "imported",
            file=name,
        )


class FileBudget:
    """One file's time budget shared by the steps that work on it one after the other (the
    import wizard's read, table search, level preview, checks and import): each step gets
    what the earlier ones left, so the file is answered within its budget in all."""

    def __init__(self, path: str | Path, *, allow_large: bool = False) -> None:
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        self.name = path.name
        self.seconds = time_budget(size, allow_large)
        self.spent = 0.0

    @contextlib.contextmanager
    def step(self) -> Iterator[None]:
        """Run one step within what is left (a step after the budget is spent: refused)."""
        if self.spent >= self.seconds:
            raise _too_long(self.seconds, self.name)
        started = time.monotonic()
        try:
            with time_limit(self.seconds - self.spent, name=self.name, total=self.seconds):
                yield
        except _OutOfTime:  # the timer went off while the block was already unwinding
            raise _too_long(self.seconds, self.name) from None
        finally:
            self.spent += time.monotonic() - started


@contextlib.contextmanager
def time_limit(seconds: float, *, name: str, total: float | None = None) -> Iterator[None]:
    """Refuse the file named ``name`` (InputRejected) if the block runs past ``seconds``.

    On the main thread a timer signal interrupts the block; on another thread an
    asynchronous exception is raised in it (delivered between two Python instructions, so
    a long call into C ends first). Either way the block unwinds as for any exception:
    transactions roll back, the reader child is killed.
    """
    try:
        if threading.current_thread() is threading.main_thread():
            with _alarm(seconds):
                yield
        else:
            with _thread_deadline(seconds):
                yield
    except _OutOfTime:
        raise _too_long(total if total is not None else seconds, name) from None


class FileTooSlow(InputRejected):
    """The file took longer than its time budget: the file is refused, not the mapping."""


def _too_long(seconds: float, name: str) -> InputRejected:
    return FileTooSlow(
        f"working on this file took longer than {seconds:.0f} s, far more than a file "
        "of its size needs; it may be crafted to hang readers. Nothing was imported",
        file=name,
    )


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _OutOfTime


@contextlib.contextmanager
def _thread_deadline(seconds: float) -> Iterator[None]:
    """Raise _OutOfTime in this thread after ``seconds`` unless the block ended first."""
    ident = threading.get_ident()
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                _set_async_exc(ident, _OutOfTime)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["active"] = False
            if state["fired"]:
                _set_async_exc(ident, None)  # one still pending is dropped: the block is over


def _set_async_exc(ident: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(ident), ctypes.py_object(exc) if exc is not None else None
    )


@contextlib.contextmanager
def _memory_cap(allowance: int | None) -> Iterator[None]:
    """Lower the soft address-space limit to current use + ``allowance`` meanwhile."""
    try:
        import resource
    except ImportError:  # not on this platform
        yield
        return
    if allowance is None:
        yield
        return
    base = _address_space()
    if base == 0:  # cannot tell what the process already uses
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = base + allowance
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:
        log.info("no memory cap for this import: %s", exc)
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """This process's current virtual size in bytes (Linux); 0 where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    import os

    return pages * os.sysconf("SC_PAGE_SIZE")
