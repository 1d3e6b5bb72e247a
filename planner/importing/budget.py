"""A time and memory budget for reading one file in *this* process, derived from its size.

The reader child is capped (``sandbox.py``); this caps the parent too, where the rows are
checked and mapped: a crafted file must not make it run for minutes or take gigabytes.
``allow_large`` lifts the memory cap and stretches the time. The time limit uses a timer
signal, so it applies on the main thread (the command line); GUI worker threads rely on
their cancel button and the child's caps instead.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

from planner.errors import InputRejected

log = logging.getLogger("planner.importing")

BASE_SECONDS = 20.0  # plus PER_MB_SECONDS per MB of input
PER_MB_SECONDS = 6.0
MAX_SECONDS = 900.0
LARGE_FACTOR = 4.0  # --allow-large: this much more time, no memory cap
BASE_MEMORY = 512 << 20  # bytes of address space above what the process uses
PER_BYTE_MEMORY = 100  # per byte of input
MAX_MEMORY = 1280 << 20


BYTES_PER_CELL = 60  # what checking a cell costs in the parent, measured


def check_cells(
    rows: list[list[object]], size: int, *, name: str, sheet: str, allow_large: bool = False
) -> None:
    """Refuse at once a sheet whose cells would need more than the memory budget."""
    if allow_large or not rows:
        return
    cells = len(rows) * max(len(rows[0]), len(rows[-1]))
    if cells * BYTES_PER_CELL > memory_budget(size):
        raise InputRejected(
            f"the sheet holds {len(rows):,} rows and {cells:,} cells, more than can be "
            "checked within the memory allowed for a file of this size; nothing was "
            "imported. If you trust it, pass --allow-large",
            file=name,
            sheet=sheet,
        )


def time_budget(size: int, allow_large: bool = False) -> float:
    seconds = min(MAX_SECONDS, BASE_SECONDS + PER_MB_SECONDS * size / 1e6)
    return seconds * (LARGE_FACTOR if allow_large else 1.0)


def memory_budget(size: int) -> int:
    return min(MAX_MEMORY, BASE_MEMORY + PER_BYTE_MEMORY * size)


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so no ``except Exception`` swallows it."""


@contextlib.contextmanager
def parent_budget(path: str | Path, *, allow_large: bool = False) -> Iterator[None]:
    """Refuse the file (InputRejected) if working on it here exceeds its budget."""
    path = Path(path)
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    seconds = time_budget(size, allow_large)
    name = path.name
    out_of_memory = False
    with _memory_cap(None if allow_large else memory_budget(size)):
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        except _OutOfTime:
            raise InputRejected(
                f"working on this file took longer than {seconds:.0f} s, far more than a file "
                "of its size needs; it may be crafted to hang readers. Nothing was imported",
                file=name,
            ) from None
        except MemoryError:
            # Refused below, once the cap is lifted and this traceback (which holds the
            # big rows) is gone: building the message here could fail for lack of memory.
            out_of_memory = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if out_of_memory:
        gc.collect()
        raise InputRejected(
            "this file needs more memory than a file of its size should; nothing was "
            "imported. If you trust it, pass --allow-large",
            file=name,
        )


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _OutOfTime


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
