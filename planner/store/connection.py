"""One SQLite connection per process per workspace file, shared by every opener.

SQLite coordinates processes with POSIX advisory locks, and POSIX drops *all* of a
process's locks on a file when *any* descriptor of that file is closed (sqlite.org "How
To Corrupt An SQLite Database File", §2.2). A second ``open()`` of a live workspace (a
magic-byte check, a probe connection) therefore makes another process believe it is the
last user: it checkpoints and deletes the ``-wal`` file under our feet and later edits
are lost. So the process keeps one long-lived connection per file, counted by its
openers, and nothing opens a file that is live here (:func:`is_open_here`).

Opening checks the file with that same connection before anything is written: a foreign,
damaged, newer or read-only file is refused or opened read-only without being switched
to WAL.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import NotAWorkspace, WorkspaceError

log = logging.getLogger("planner.store")

BUSY_TIMEOUT_MS = 15_000  # a second writer waits this long for the first to finish

MIN_FREE_BYTES = 256 * 1024  # below this an I/O error on the disk is taken as "disk full"

# check(conn, read_only_reason) validates a fresh connection; it raises to refuse the file.
Check = Callable[[sqlite3.Connection, "str | None"], None]


@dataclass
class Shared:
    """A connection and how many open Workspace objects of this process use it."""

    key: tuple[int, int]
    conn: sqlite3.Connection
    read_only: str | None  # why writing is impossible, or None
    refs: int = 0
    # Held for a whole transaction, so two threads never interleave their writes.
    lock: threading.RLock = field(default_factory=threading.RLock)


_registry: dict[tuple[int, int], Shared] = {}
_registry_lock = threading.RLock()


def file_key(path: Path) -> tuple[int, int] | None:
    """(device, inode) of an existing file, without opening it."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def is_open_here(path: str | Path) -> bool:
    """True if this process holds a workspace connection on ``path`` (never open() it)."""
    key = file_key(Path(path))
    with _registry_lock:
        return key is not None and key in _registry


def check_regular_file(path: Path) -> None:
    """WorkspaceError unless ``path`` is an existing regular file (stat only, no open)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise WorkspaceError(f"{path} does not exist.") from None
    except OSError as exc:
        raise WorkspaceError(f"cannot open {path}: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(mode):
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    if not stat.S_ISREG(mode):
        raise NotAWorkspace(
            f"{path} is not a regular file (a pipe, socket or device), so it cannot be a workspace."
        )


def read_only_reason(path: Path) -> str | None:
    """Why ``path`` cannot be written (file or folder read-only), or None."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "the disk or share it is on is read-only"
    except (OSError, AttributeError):  # no statvfs on this platform
        pass
    if not os.access(path, os.W_OK):
        return f"the file {path.name} is read-only"
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is read-only"
    return None


def acquire(path: Path, check: Check) -> Shared:
    """The process's connection to ``path`` (opened and checked on first use).

    ``check(conn, read_only)`` validates a fresh connection before it is kept; it may
    raise. The registry lock is held meanwhile so two threads never both open the file.
    """
    with _registry_lock:
        check_regular_file(path)
        key = file_key(path)
        assert key is not None
        shared = _registry.get(key)
        if shared is None:
            shared = _open(path, key, check)
            _registry[key] = shared
        shared.refs += 1
        return shared


def release(shared: Shared) -> None:
    """One opener less; the connection closes with the last one."""
    with _registry_lock:
        shared.refs -= 1
        if shared.refs > 0:
            return
        _registry.pop(shared.key, None)
        try:
            shared.conn.close()
        except sqlite3.Error as exc:  # nothing left to lose: the last user is leaving
            log.warning("closing the workspace connection failed: %s", exc)


def _open(path: Path, key: tuple[int, int], check: Check) -> Shared:
    reason = read_only_reason(path)
    uri = path.resolve().as_uri()
    try:
        if reason is None:
            conn = sqlite3.connect(
                f"{uri}?mode=rw", uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            conn = _connect_read_only(path, uri)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"cannot open {path}: {exc}") from exc
    try:
        check(conn, reason)
        _configure(conn, path, reason)
    except BaseException:
        conn.close()
        raise
    return Shared(key, conn, reason)


def _connect_read_only(path: Path, uri: str) -> sqlite3.Connection:
    """A read-only connection; on read-only media without ``-shm`` an immutable one."""
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    # A WAL file in a read-only folder: nobody can write it there, so immutable is exact.
    log.info("opening %s as immutable (read-only media)", path)
    return sqlite3.connect(
        f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
    )


def _configure(conn: sqlite3.Connection, path: Path, read_only: str | None) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if read_only is not None:
        return
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        log.warning("WAL journal not available for %s (using %s)", path, mode)
    conn.execute("PRAGMA synchronous = NORMAL")


def is_disk_full(exc: BaseException, path: Path | None = None) -> bool:
    """True if ``exc`` says the disk is full, or is an I/O error on a disk with no room."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if "full" in str(exc).lower():
        return True
    if path is not None and "i/o" in str(exc).lower():
        try:
            return shutil.disk_usage(path.parent).free < MIN_FREE_BYTES
        except OSError:
            return False
    return False


def write_error(path: Path, exc: BaseException, doing: str = "save changes to") -> WorkspaceError:
    """A known error for a failed write (full disk, read-only file, locked, I/O)."""
    text = str(exc).lower()
    if is_disk_full(exc, path):
        why = "the disk is full; free some space and try again"
    elif "readonly" in text or "read-only" in text:
        why = "the file or its folder is read-only"
    elif "locked" in text or "busy" in text:
        why = (
            "another program (the app or a command) is writing it right now; try again "
            "when it has finished"
        )
    else:
        why = str(exc)
    return WorkspaceError(f"could not {doing} {path}: {why}. Nothing was changed.")
