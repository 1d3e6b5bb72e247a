"""The worker process: runs functions the parent names, one at a time, and reports back.

Run as a script (``sys.executable -I child.py``; a frozen bundle runs its own scripts the
same way). Messages are length-prefixed pickles: the parent sends ``("call", ref, args,
kwargs)``, ``("cancel",)`` or ``("path", folders)`` on stdin; the child answers
``("progress", done, total, message)`` any number of times, then ``("ok", result)`` or
``("error", ...)`` on a private copy of stdout (fd 1 itself goes to stderr, so a stray
print cannot break the protocol).
End of input makes the child cancel what it runs and exit.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import queue
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any, BinaryIO

HEADER = struct.Struct("!Q")
# Progress is sent at most this often (a core loop may report thousands of steps a second).
PROGRESS_INTERVAL = 0.05
# Modules a worker loads before its first call (the parent pre-starts workers at launch).
WARM_MODULES = (
    "numpy",
    "scipy.optimize",
    "planner.matching",
    "planner.planning",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
)
# A cancelled or orphaned call that does not stop within this time ends the process.
EXIT_GRACE = 5.0


def send(stream: BinaryIO, message: tuple[Any, ...] | bytes) -> None:
    """Write a message (or one already pickled with :func:`pack`)."""
    data = message if isinstance(message, bytes) else pack(message)
    stream.write(HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def pack(message: tuple[Any, ...]) -> bytes:
    return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)


def receive(stream: BinaryIO) -> tuple[Any, ...]:
    """The next message; raises EOFError when the other side closed the pipe."""
    header = _read_exactly(stream, HEADER.size)
    return pickle.loads(_read_exactly(stream, HEADER.unpack(header)[0]))


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the other process closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def resolve(ref: str) -> Callable[..., Any]:
    """``"package.module:function"`` → the function."""
    module, _, name = ref.partition(":")
    target: Any = importlib.import_module(module)
    for part in name.split("."):
        target = getattr(target, part)
    return target


def encode_error(exc: BaseException) -> tuple[Any, ...]:
    """``("error", exception or None, type name, message, traceback text)``.

    The exception itself travels when it survives pickling (the known errors do); the
    text is always there for the parent's log and message.
    """
    carried: BaseException | None = exc
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        carried = None
    text = "".join(traceback.format_exception(exc))
    return ("error", carried, type(exc).__name__, str(exc), text)


class _Child:
    def __init__(self, inbox: BinaryIO, outbox: BinaryIO) -> None:
        self.inbox, self.outbox = inbox, outbox
        self.calls: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self.progress: Any = None
        self.lock = threading.Lock()
        self.last = 0.0

    def read_requests(self) -> None:
        """Stdin reader thread: calls go to the main thread, cancel acts at once."""
        try:
            while True:
                message = receive(self.inbox)
                if message[0] in ("call", "path"):
                    self.calls.put(message)
                elif message[0] == "cancel" and self.progress is not None:
                    self.progress.cancel()
        except (EOFError, OSError, pickle.UnpicklingError):
            pass
        # The parent is gone or done with us: stop what runs, then leave.
        if self.progress is not None:
            self.progress.cancel()
        self.calls.put(None)
        threading.Timer(EXIT_GRACE, os._exit, args=(0,)).start()

    def report(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_INTERVAL or done >= total:
            self.last = now
            self.send(("progress", done, total, message))

    def send(self, message: tuple[Any, ...]) -> None:
        with self.lock:
            send(self.outbox, message)

    def serve(self) -> None:
        from planner.progress import Progress

        threading.Thread(target=self.read_requests, name="requests", daemon=True).start()
        self.send(("ready", os.getpid()))
        while True:
            request = self.calls.get()
            if request is None:
                return
            if request[0] == "path":  # where else to import from (tests' helper modules)
                sys.path[:0] = [p for p in request[1] if p not in sys.path]
                continue
            _, ref, args, kwargs = request
            self.progress = Progress(self.report)
            self.last = 0.0
            try:
                result = resolve(ref)(*args, progress=self.progress, **kwargs)
            except BaseException as exc:
                reply = encode_error(exc)
            else:
                reply = ("ok", result)
            self.progress = None
            try:
                self.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError) as exc:
                self.send(encode_error(exc))


def warm_up() -> None:
    """Load the heavy modules now, while the user still reads the window."""
    for name in WARM_MODULES:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def main() -> int:
    # The protocol gets its own copy of stdout; fd 1 goes to stderr for stray prints (to
    # nowhere when there is no stderr: a windowed app on Windows).
    outbox = os.fdopen(os.dup(1), "wb")
    try:
        os.dup2(2, 1)
    except OSError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.stdout = sys.stderr
    inbox = os.fdopen(0, "rb", buffering=0, closefd=False)  # sys.stdin may be None
    os.environ.setdefault("MPLBACKEND", "Agg")
    child = _Child(inbox, outbox)
    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    child.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
