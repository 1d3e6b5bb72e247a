"""Backup copies of a workspace: written atomically, a bounded number kept, restorable.

A copy is taken with SQLite's backup API (consistent even while others write) into a
temporary ``.part`` name, then renamed, so a kill or a full disk never leaves a
half-written ``.bak``. Only the newest :data:`KEEP_BACKUPS` copies of a workspace stay.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from planner.errors import WorkspaceError
from planner.store.connection import read_only_reason, write_error
from planner.store.schema import APPLICATION_ID

if TYPE_CHECKING:
    from planner.store.workspace import Workspace

log = logging.getLogger("planner.store")

KEEP_BACKUPS = 5
# A ".part" copy untouched for this long was left by a killed process, not one at work.
STALE_PART_SECONDS = 3600
_STAMP = "%Y%m%d-%H%M%S-%f"
# A copy in progress: "<final name>.<pid>-<token>.part" (older versions: "<final name>.part").
_PART = re.compile(r"(.+\.bak)(?:\.\d+-[0-9a-f]+)?\.part")


@dataclass(frozen=True)
class Backup:
    """One backup copy next to the workspace."""

    path: Path
    reason: str  # before-import, before-v3, before-restore, ...
    created: datetime  # UTC
    size: int

    def describe(self) -> str:
        when = self.created.strftime("%Y-%m-%d %H:%M:%S UTC")
        return f"{when}  {self.reason.replace('-', ' ')}  ({self.size / 1e6:.1f} MB)"


def _pattern(workspace: Path) -> re.Pattern[str]:
    return re.compile(
        re.escape(workspace.stem)
        + r"\.([A-Za-z0-9-]+?)-(\d{8}-\d{6}-\d{6})"
        + re.escape(workspace.suffix)
        + r"\.bak"
    )


def list_backups(workspace: str | Path) -> list[Backup]:
    """The backups of ``workspace`` found next to it, newest first."""
    workspace = Path(workspace)
    pattern = _pattern(workspace)
    found = []
    try:
        entries = list(os.scandir(workspace.parent))
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not entry.is_file():
            continue
        created = datetime.strptime(match.group(2), _STAMP).replace(tzinfo=UTC)
        found.append(Backup(Path(entry.path), match.group(1), created, entry.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def write_backup(
    conn: sqlite3.Connection, workspace: Path, reason: str, *, keep: int | None = KEEP_BACKUPS
) -> Path:
    """Copy the database behind ``conn`` next to ``workspace``; WorkspaceError on failure.

    Two processes backing up the same workspace in the same microsecond get two copies:
    a name already taken is never replaced, the next free microsecond is used instead.

    Args:
        keep: how many backups to keep afterwards (None: delete none).
    """
    ro = read_only_reason(workspace)
    if ro is not None:
        raise WorkspaceError(f"cannot change {workspace}: {ro}. Nothing was changed.")
    now = datetime.now(UTC)

    def name(step: int) -> Path:
        stamp = (now + timedelta(microseconds=step)).strftime(_STAMP)
        return workspace.with_name(f"{workspace.stem}.{reason}-{stamp}{workspace.suffix}.bak")

    target = copy_database(conn, name, blame=workspace, doing="write a backup copy of")
    log.info("backup of %s written to %s", workspace, target)
    if keep is not None:
        prune_backups(workspace, keep)
    return target


def copy_database(
    conn: sqlite3.Connection,
    target: Path | Callable[[int], Path],
    *,
    blame: Path,
    doing: str,
) -> Path:
    """Copy the database behind ``conn`` to ``target`` (a private temporary name, then renamed).

    ``target`` is either a path, replaced if it exists (Save As), or a function giving
    candidate names: the copy takes the first one free and never replaces a file. Returns
    the path written.

    Raises:
        WorkspaceError: the copy failed (full disk, ...); no partial file is left. The
            message says it could not ``doing`` ``blame``.
    """
    first = target if isinstance(target, Path) else target(0)
    # The temporary name is this process's own: another process copying the same database
    # at the same moment never writes, renames or deletes it.
    tmp = first.with_name(f"{first.name}.{os.getpid()}-{secrets.token_hex(3)}.part")
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            # The copy carries the source's WAL flag: leave it a single self-contained file.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        if isinstance(target, Path):
            os.replace(tmp, target)
            return target
        return _publish_new(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        _remove_part(tmp)
        raise write_error(blame, exc, doing) from None


def _publish_new(tmp: Path, names: Callable[[int], Path]) -> Path:
    """Rename ``tmp`` to the first of ``names(0), names(1), ...`` not taken yet."""
    for step in range(1000):
        target = names(step)
        try:
            os.link(tmp, target)  # fails if the name is taken, never replaces
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            if target.exists():
                continue
            os.replace(tmp, target)
            return target
        tmp.unlink()
        return target
    raise FileExistsError(names(0))


def _remove_part(tmp: Path) -> None:
    """Delete a temporary copy and the journal files SQLite may have left beside it."""
    for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
        with contextlib.suppress(OSError):
            leftover.unlink()


def prune_backups(workspace: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` backups (and leftover ``.part`` files)."""
    removed = []
    for old in list_backups(workspace)[keep:]:
        with contextlib.suppress(OSError):
            old.path.unlink()
            removed.append(old.path)
    with contextlib.suppress(OSError):
        for entry in os.scandir(workspace.parent):
            tmp = _PART.fullmatch(entry.name)
            if tmp is None or not _pattern(workspace).fullmatch(tmp.group(1)):
                continue
            # Another process may be writing this one right now: only a stale leftover
            # (from a kill or a crash) is removed.
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > STALE_PART_SECONDS:
                    _remove_part(Path(entry.path))
    return removed


def check_backup(path: Path) -> None:
    """WorkspaceError unless ``path`` is a complete, undamaged workspace copy."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise WorkspaceError(
            f"the backup {path.name} is damaged and cannot be read ({exc})."
        ) from None
    if app_id != APPLICATION_ID or tables == 0 or ok != "ok":
        raise WorkspaceError(
            f"the backup {path.name} is incomplete or damaged; choose another one."
        )


def restore_backup(ws: Workspace, backup: str | Path) -> Path:
    """Replace the workspace's content with ``backup`` (after a backup of the current state).

    Returns the path of the copy taken of the current state, so a restore can be undone.
    """
    backup = Path(backup)
    check_backup(backup)
    safety = ws.backup("before-restore", keep=None)
    with ws.write_lock():
        src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            src.backup(ws.conn)
        except sqlite3.Error as exc:
            raise write_error(ws.path, exc, "restore a backup into") from None
        finally:
            src.close()
    ws.upgrade_after_restore()
    prune_backups(ws.path)
    log.info("%s restored from %s", ws.path, backup)
    return safety
