"""The parent side: start worker processes, call functions in them, relay progress/cancel.

``WorkerPool.call("package.module:function", *args, progress=p)`` blocks the calling
thread (a background thread of the app, never the GUI thread) until the worker answers;
while it waits it holds no interpreter lock, so the GUI thread runs freely. Progress
reports come back to ``p``; cancelling ``p`` cancels the call in the worker, and a worker
that does not stop in time is killed (a killed SQLite write leaves nothing behind).
Known errors raised in the worker are raised again here; a bug becomes
:class:`WorkerBug` (with the worker's traceback), a dead worker :class:`WorkerStopped`.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from planner.errors import Cancelled, PlannerError
from planner.progress import Progress
from planner.workers.child import pack, receive, send

log = logging.getLogger("planner.workers")

CHILD_SCRIPT = Path(__file__).with_name("child.py")
CANCEL_GRACE = 5.0  # seconds a cancelled call may take to stop before its worker is killed
POLL = 0.05  # how often a waiting call looks at its cancel flag (seconds)


class WorkerStopped(PlannerError):
    """The worker process ended while it worked (killed, out of memory, crashed)."""


class WorkerUnavailable(OSError):
    """The worker process could not start (it ended before saying it was ready)."""


class WorkerBug(Exception):
    """An unexpected error inside the worker (a bug); carries the worker's traceback."""

    def __init__(self, type_name: str, message: str, remote_traceback: str) -> None:
        super().__init__(f"{type_name} in the worker process: {message}")
        self.remote_traceback = remote_traceback


class WorkerProcess:
    """One worker process and the thread reading its answers."""

    def __init__(self, paths: list[str] | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(CHILD_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.pid = self.proc.pid
        self.ready = False  # it said hello: it runs
        self.messages: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self._send_lock = threading.Lock()
        threading.Thread(target=self._read, name=f"worker-{self.pid}", daemon=True).start()
        if paths:
            self._send(("path", list(paths)))

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def _read(self) -> None:
        assert self.proc.stdout is not None
        try:
            while True:
                self.messages.put(receive(self.proc.stdout))
        except Exception:  # end of the pipe (or garbage): the process is gone or going
            self.messages.put(None)

    def _send(self, message: tuple[Any, ...] | bytes) -> None:
        assert self.proc.stdin is not None
        with self._send_lock:
            send(self.proc.stdin, message)  # type: ignore[arg-type]

    def call(
        self,
        ref: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        progress: Progress | None = None,
    ) -> Any:
        """Run ``ref(*args, progress=…, **kwargs)`` in the worker; see the module doc.

        Raises:
            pickle.PicklingError, TypeError, AttributeError: the arguments cannot be sent
                (nothing was sent; the worker stays usable).
        """
        request = pack(("call", ref, args, kwargs))  # fails before anything is sent
        try:
            self._send(request)
        except OSError:
            stopped = self._stopped()
            if not self.ready:  # it never ran: the caller may do the work itself
                raise WorkerUnavailable(f"the worker process ended at its start ({ref})") \
                    from None
            raise stopped from None
        cancelled_at: float | None = None
        while True:
            try:
                message = self.messages.get(timeout=POLL)
            except queue.Empty:
                if progress is not None and progress.cancelled:
                    if cancelled_at is None:
                        cancelled_at = time.monotonic()
                        with contextlib.suppress(OSError):
                            self._send(("cancel",))
                    elif time.monotonic() - cancelled_at > CANCEL_GRACE:
                        log.info("worker %s did not stop in time: killed", self.pid)
                        self.kill()
                        raise Cancelled("Cancelled; nothing was changed.") from None
                continue
            if message is None:
                if cancelled_at is not None:
                    raise Cancelled("Cancelled; nothing was changed.")
                if not self.ready:
                    self._stopped()
                    raise WorkerUnavailable(f"the worker process ended at its start ({ref})")
                raise self._stopped()
            kind = message[0]
            if kind == "ready":
                self.ready = True
            elif kind == "progress" and progress is not None:
                with contextlib.suppress(Cancelled):  # noticed on the next poll
                    progress.step(*message[1:])
            elif kind == "ok":
                return message[1]
            elif kind == "error":
                _, exc, type_name, text, remote = message
                if isinstance(exc, PlannerError):
                    raise exc
                log.error("worker %s: %s", self.pid, remote)
                raise WorkerBug(type_name, text, remote)

    def _stopped(self) -> WorkerStopped:
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        how = f"exit status {code}"
        if code is not None and code < 0:
            try:
                how = signal.Signals(-code).name
            except ValueError:
                how = f"signal {-code}"
        log.warning("worker process %s stopped (%s)", self.pid, how)
        return WorkerStopped(
            f"the background worker stopped unexpectedly ({how}), perhaps for lack of "
            "memory; the work was not finished. Please try again."
        )

    def close(self, timeout: float = 2.0) -> None:
        """Ask the worker to leave (end of its input); kill it if it does not."""
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def kill(self) -> None:
        if self.alive:
            self.proc.kill()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            log.warning("worker process %s did not end after kill", self.pid)


class WorkerPool:
    """Worker processes reused across calls, with ``spare`` started ahead of need.

    At most ``most`` processes run; a call finding them all busy waits for one. Up to
    ``spare + 1`` idle workers are kept; a returned worker is the next one used.
    """

    def __init__(self, spare: int = 1, most: int = 2, paths: list[str] | None = None) -> None:
        self.spare = spare
        self.most = max(most, spare + 1)
        self.paths = paths
        self._idle: list[WorkerProcess] = []
        self._busy: set[WorkerProcess] = set()
        self.started: list[subprocess.Popen[bytes]] = []  # every process, for leak checks
        self._lock = threading.Lock()
        self._returned = threading.Condition(self._lock)
        self.closed = False
        self.unavailable = False

    def prewarm(self) -> None:
        """Start the spare workers now (they load their modules in the background)."""
        with self._lock:
            self._top_up()

    def _drop_dead(self) -> None:
        """Forget idle workers that ended (their pipes closed, their exit status read)."""
        for worker in [w for w in self._idle if not w.alive]:
            worker.close(0)
        self._idle = [w for w in self._idle if w.alive]

    def _top_up(self) -> None:
        self._drop_dead()
        while (
            not self.closed
            and len(self._idle) < self.spare
            and len(self._idle) + len(self._busy) < self.most
        ):
            self._idle.append(self._start())

    def _start(self) -> WorkerProcess:
        worker = WorkerProcess(self.paths)
        self.started.append(worker.proc)
        return worker

    def _take(self) -> WorkerProcess:
        with self._lock:
            while True:
                if self.closed:
                    raise Cancelled("The app is closing.")
                self._drop_dead()
                if self._idle or len(self._busy) < self.most:
                    break
                # Every worker is busy: wait for a warm one rather than start a cold one
                # (a fresh process takes seconds to load its modules on a busy laptop).
                self._returned.wait(POLL)
            worker = self._idle.pop(0) if self._idle else self._start()
            self._busy.add(worker)
            try:
                self._top_up()
            except OSError:
                log.warning("could not start a spare worker process", exc_info=True)
            return worker

    def _give_back(self, worker: WorkerProcess) -> None:
        with self._lock:
            self._busy.discard(worker)
            keep = not self.closed and worker.alive and len(self._idle) <= self.spare
            if keep:
                self._idle.insert(0, worker)  # the next call takes the warmest worker
            self._returned.notify()
        if not keep:
            worker.close()

    def call(self, ref: str, *args: Any, progress: Progress | None = None, **kwargs: Any) -> Any:
        """``ref(*args, progress=progress, **kwargs)`` in a worker process.

        Raises:
            WorkerUnavailable: no worker process can run here (the caller may run ``ref``
                itself); once seen, the pool starts no more workers.
        """
        if self.unavailable:
            raise WorkerUnavailable("worker processes cannot start here")
        worker = self._take()
        try:
            return worker.call(ref, args, kwargs, progress)
        except WorkerUnavailable:
            self.unavailable = True
            raise
        finally:
            self._give_back(worker)

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in [*self._idle, *self._busy] if w.alive]

    def shutdown(self, timeout: float = 2.0) -> None:
        """Stop every worker (busy ones are cancelled by the end of their input)."""
        with self._lock:
            self.closed = True
            workers = [*self._idle, *self._busy]
            self._idle = []
        for worker in workers:
            worker.close(timeout)


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The app's pool of worker processes (created on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool.closed:
            _pool = WorkerPool()
        return _pool


def shutdown_default_pool() -> None:
    """Stop the app's worker processes (at quit; also run at interpreter exit)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown()


atexit.register(shutdown_default_pool)
