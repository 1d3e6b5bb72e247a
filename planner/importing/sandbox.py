"""Parse untrusted files in a child process with a memory cap and a timeout.

python-calamine 0.9.1 can abort the whole process (SIGABRT) on a crafted file, and zip
bombs make readers allocate gigabytes. The reader therefore runs in a child started from
a fork server (cheap after the first start), capped with ``RLIMIT_AS``; it pickles its
rows to a temporary file that the parent loads. A crash, a timeout or the memory cap
becomes an :class:`InputRejected` naming the file; cancelling kills the child.

``python -m planner.importing.sandbox FILE`` reads a file the same way (for debugging).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from planner.errors import InputRejected
from planner.progress import Progress

log = logging.getLogger("planner.importing")

DEFAULT_MEMORY_LIMIT = 3 << 30     # address space of the child, bytes
LARGE_MEMORY_LIMIT = 12 << 30
BASE_TIMEOUT = 60.0                # seconds, plus PER_MB_TIMEOUT per MB of file
PER_MB_TIMEOUT = 6.0
MAX_TIMEOUT = 900.0

_context: Any = None


def _mp_context() -> Any:
    global _context
    if _context is None:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
            else "spawn"
        _context = multiprocessing.get_context(method)
        if method == "forkserver":
            # Loaded once in the server, so each child starts in milliseconds.
            _context.set_forkserver_preload(["planner.importing.readers", "python_calamine"])
    return _context


def default_timeout(size: int) -> float:
    return min(MAX_TIMEOUT, BASE_TIMEOUT + PER_MB_TIMEOUT * size / 1e6)


def _child_main(path: str, fmt: str, out_path: str, memory_limit: int) -> None:
    """Entry point of the child: cap memory, read, pickle the result or the error."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    except (ImportError, ValueError, OSError):  # not on this platform
        pass
    from planner.importing import readers

    try:
        result: dict[str, Any] = {"ok": readers.read_any(path, fmt)}
    except readers.ReadError as exc:
        result = {"error": str(exc), "sheet": exc.sheet}
    except MemoryError:
        result = {"error": "reading the file needs more memory than allowed (is it a crafted "
                           "or enormous workbook?)", "sheet": None}
    except RecursionError:
        result = {"error": "the file is nested too deeply to read", "sheet": None}
    with open(out_path, "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)


def parse_in_child(path: str | Path, fmt: str, *, timeout: float | None = None,
                   memory_limit: int = DEFAULT_MEMORY_LIMIT,
                   progress: Progress | None = None) -> dict[str, Any]:
    """Read ``path`` in a sandboxed child; returns readers.read_any's dict.

    Raises:
        InputRejected: the reader refused the file, crashed, ran out of memory or time.
        Cancelled: ``progress`` was cancelled while the child ran (the child is killed).
    """
    path = Path(path)
    name = path.name
    if timeout is None:
        timeout = default_timeout(path.stat().st_size)
    fd, out_path = tempfile.mkstemp(prefix="rplan-read-", suffix=".pickle")
    os.close(fd)
    try:
        ctx = _mp_context()
        child = ctx.Process(target=_child_main, args=(str(path), fmt, out_path, memory_limit),
                            daemon=True, name="planner-reader")
        started = time.monotonic()
        child.start()
        try:
            while True:
                child.join(0.05)
                if child.exitcode is not None:
                    break
                if progress is not None:
                    progress.check()
                if time.monotonic() - started > timeout:
                    raise InputRejected(f"reading the file took longer than {timeout:.0f} s; "
                                        "it may be damaged or crafted to hang readers",
                                        file=name)
        finally:
            if child.exitcode is None:
                child.kill()
                child.join(5)
        log.info("read %s in a child process in %.2f s", name, time.monotonic() - started)
        code = child.exitcode
        if code != 0:
            raise InputRejected(_crash_message(code), file=name)
        try:
            with open(out_path, "rb") as fh:
                result = pickle.load(fh)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            raise InputRejected(f"the reader returned no result ({exc})", file=name) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out_path)
    if "error" in result:
        raise InputRejected(result["error"], file=name, sheet=result.get("sheet"))
    return result["ok"]


def _crash_message(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            signame = signal.Signals(-code).name
        except ValueError:
            signame = f"signal {-code}"
        return (f"the spreadsheet reader crashed on this file ({signame}), most likely "
                "because it is damaged or crafted, or it needs more memory than allowed; "
                "nothing was imported")
    return (f"the spreadsheet reader failed on this file (exit status {code}); it is "
            "probably damaged; nothing was imported")


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
