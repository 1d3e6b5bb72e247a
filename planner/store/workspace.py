"""A workspace: one SQLite file holding the catalog, employees, assessments and scenarios.

Open with :meth:`Workspace.open` (an existing file) or :meth:`Workspace.create`.
Every multi-step write goes through ``with ws.transaction():`` (sqlite-utils ``atomic``:
one transaction, savepoints when nested), so a failure leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from planner.catalog.model import (
    Adjacency,
    Catalog,
    Module,
    Requirement,
    Role,
    Skill,
    SkillPrerequisite,
)
from planner.errors import DamagedWorkspace, NotAWorkspace, WorkspaceError, WorkspaceVersionError
from planner.store.backups import KEEP_BACKUPS, copy_database, write_backup
from planner.store.connection import Shared, acquire, is_open_here, release, write_error
from planner.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger("planner.store")

WORKSPACE_SUFFIX = ".rplan"

DEFAULT_SETTINGS: dict[str, Any] = {
    "weekly_training_hours": 4.0,
    "currency": "EUR",
    "min_cohort": 4,
    "max_cohort": 16,
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Workspace:
    """An open workspace file. Use as a context manager or call :meth:`close`.

    Every Workspace of one process on one file shares a single connection (see
    ``connection.py``); ``read_only`` says why writing is impossible, or is None.
    """

    def __init__(self, path: Path, shared: Shared) -> None:
        self.path = path
        self._shared: Shared | None = shared
        self.conn = shared.conn
        self.db = sqlite_utils.Database(shared.conn)
        self.read_only = shared.read_only

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, catalog: Catalog | None = None) -> Workspace:
        """Create a new workspace file with the current schema and a catalog.

        The file is built under a temporary name and appears complete or not at all.
        Raises WorkspaceError if the file already exists.
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise WorkspaceError(f"{path} already exists; choose another name or open it.")
        if catalog is None:
            from planner.catalog import load_shipped_catalog

            catalog = load_shipped_catalog()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.creating")
        try:
            conn = sqlite3.connect(tmp, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            building = cls(tmp, Shared((0, 0), conn, None))
            try:
                building._migrate(0, backup=False)
                with building.transaction():
                    building.install_catalog(catalog)
                    for key, value in DEFAULT_SETTINGS.items():
                        building.set_setting(key, value)
            finally:
                building.close()
            _publish(tmp, path)
        except (sqlite3.Error, OSError, WorkspaceError) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            if isinstance(exc, FileExistsError):
                raise WorkspaceError(
                    f"{path} already exists; choose another name or open it."
                ) from None
            raise WorkspaceError(
                f"cannot create {path}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace, upgrading an older schema after a backup copy.

        A file that cannot be written (read-only file, folder or disk) opens read-only:
        reading works, writing raises WorkspaceError naming the reason.

        Raises NotAWorkspace for any other file and WorkspaceVersionError for a file
        written by a newer version of the app.
        """
        path = Path(path)
        shared = acquire(path, lambda conn, ro: _check_file(path, conn, ro))
        ws = cls(path, shared)
        try:
            # Under the write lock: two threads opening an older file upgrade it once.
            with ws.write_lock():
                version = ws.schema_version
                if version < SCHEMA_VERSION:
                    ws._migrate(version, backup=True)
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def open_or_create(cls, path: str | Path) -> Workspace:
        path = Path(path)
        return cls.open(path) if path.exists() else cls.create(path)

    def close(self) -> None:
        if self._shared is not None:
            release(self._shared)
            self._shared = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions, backups, migrations ------------------------------------------------

    def check_writable(self) -> None:
        """WorkspaceError naming the reason if this workspace cannot be changed."""
        if self.read_only is not None:
            raise WorkspaceError(
                f"{self.path} can be viewed but not changed: {self.read_only}. Nothing was changed."
            )

    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Keep other threads of this process from writing meanwhile."""
        assert self._shared is not None, "the workspace is closed"
        with self._shared.lock:
            yield

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction (a savepoint when nested): all or nothing.

        The outermost level takes the write lock at once (``BEGIN IMMEDIATE``), so what is
        read inside cannot be changed by another process before it is written; a full
        disk, a read-only file or a busy workspace becomes a WorkspaceError.
        """
        with self.write_lock():
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            self.check_writable()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise write_error(self.path, exc) from None
            try:
                yield self.db
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise write_error(self.path, exc) from None
                raise

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def backup(self, reason: str, *, keep: int | None = KEEP_BACKUPS) -> Path:
        """Copy the workspace with SQLite's backup API next to it; returns the copy's path.

        Written under a temporary name and renamed; at most ``keep`` copies are kept.
        """
        self.check_writable()
        return write_backup(self.conn, self.path, reason, keep=keep)

    def _migrate(self, from_version: int, *, backup: bool) -> None:
        if self.read_only is not None:
            raise WorkspaceError(
                f"{self.path} was made by an older version and must be upgraded before it "
                f"can be opened, but {self.read_only}. Copy it to a writable folder."
            )
        if backup:
            self.backup(f"before-v{SCHEMA_VERSION}")
        for version in range(from_version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[version](self.conn)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
            log.info("workspace %s migrated to schema %d", self.path, version + 1)

    def upgrade_after_restore(self) -> None:
        """Bring a restored older copy up to the current schema (no backup needed)."""
        version = self.schema_version
        if version < SCHEMA_VERSION:
            self._migrate(version, backup=False)

    # -- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return DEFAULT_SETTINGS.get(key, default)
        return json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )

    # -- catalog --------------------------------------------------------------------------

    def install_catalog(self, catalog: Catalog) -> None:
        """Add or update the catalog's skills, roles and modules (call inside a transaction)."""
        db = self.db
        db["skills"].upsert_all(
            (
                {
                    "id": s.id,
                    "name": s.name,
                    "category": s.category,
                    "description": s.description,
                    "aliases": json.dumps(list(s.aliases), ensure_ascii=False),
                    "origin": s.origin,
                }
                for s in catalog.skills.values()
            ),
            pk="id",
        )
        db["skill_adjacency"].upsert_all(
            (
                {"skill_id": s.id, "from_skill_id": a.from_skill, "factor": a.factor}
                for s in catalog.skills.values()
                for a in s.adjacent
            ),
            pk=("skill_id", "from_skill_id"),
        )
        db["roles"].upsert_all(
            (
                {
                    "id": r.id,
                    "name": r.name,
                    "family": r.family,
                    "description": r.description,
                    "source_phrase": r.source_phrase,
                    "evidence": json.dumps(list(r.evidence)),
                    "origin": r.origin,
                }
                for r in catalog.roles.values()
            ),
            pk="id",
        )
        for role in catalog.roles.values():
            self.conn.execute("DELETE FROM role_requirements WHERE role_id = ?", (role.id,))
        db["role_requirements"].insert_all(
            (
                {
                    "role_id": r.id,
                    "skill_id": q.skill,
                    "target": q.target,
                    "weight": q.weight,
                    "must_min": q.must_min,
                    "gate": int(q.gate),
                    "position": i,
                }
                for r in catalog.roles.values()
                for i, q in enumerate(r.requirements)
            )
        )
        db["modules"].upsert_all(
            (
                {
                    "id": m.id,
                    "title": m.title,
                    "skill_id": m.skill,
                    "from_level": m.from_level,
                    "to_level": m.to_level,
                    "hours": m.hours,
                    "format": m.format,
                    "cost": m.cost,
                    "provider": m.provider,
                    "description": m.description,
                    "origin": m.origin,
                }
                for m in catalog.modules.values()
            ),
            pk="id",
        )
        for module in catalog.modules.values():
            self.conn.execute("DELETE FROM module_prerequisites WHERE module_id = ?", (module.id,))
        db["module_prerequisites"].insert_all(
            [
                {"module_id": m.id, "prereq_module_id": p, "skill_id": None, "min_level": None}
                for m in catalog.modules.values()
                for p in m.prerequisites
            ]
            + [
                {
                    "module_id": m.id,
                    "prereq_module_id": None,
                    "skill_id": r.skill,
                    "min_level": r.level,
                }
                for m in catalog.modules.values()
                for r in m.requires
            ]
        )
        self.set_setting("currency", catalog.currency)

    def catalog(self) -> Catalog:
        """The workspace's own catalog (shipped entries plus what HR added or edited)."""
        q = self.conn.execute
        adjacency: dict[str, list[Adjacency]] = {}
        for skill_id, from_id, factor in q(
            "SELECT skill_id, from_skill_id, factor FROM skill_adjacency ORDER BY rowid"
        ):
            adjacency.setdefault(skill_id, []).append(Adjacency(from_id, factor))
        catalog = Catalog(currency=self.setting("currency", "EUR"))
        for sid, name, cat, desc, aliases, origin in q(
            "SELECT id, name, category, description, aliases, origin FROM skills ORDER BY rowid"
        ):
            catalog.skills[sid] = Skill(
                sid,
                name,
                cat,
                desc,
                tuple(json.loads(aliases)),
                tuple(adjacency.get(sid, ())),
                origin,
            )
        requirements: dict[str, list[Requirement]] = {}
        for role_id, skill_id, target, weight, must_min, gate in q(
            "SELECT role_id, skill_id, target, weight, must_min, gate FROM "
            "role_requirements ORDER BY role_id, position"
        ):
            requirements.setdefault(role_id, []).append(
                Requirement(skill_id, target, weight, must_min, bool(gate))
            )
        for rid, name, family, desc, phrase, evidence, origin in q(
            "SELECT id, name, family, description, source_phrase, evidence, origin "
            "FROM roles ORDER BY rowid"
        ):
            catalog.roles[rid] = Role(
                rid,
                name,
                family,
                desc,
                phrase,
                tuple(requirements.get(rid, ())),
                tuple(json.loads(evidence)),
                origin,
            )
        prereq_modules: dict[str, list[str]] = {}
        prereq_skills: dict[str, list[SkillPrerequisite]] = {}
        for module_id, prereq, skill_id, level in q(
            "SELECT module_id, prereq_module_id, skill_id, min_level "
            "FROM module_prerequisites ORDER BY rowid"
        ):
            if prereq is not None:
                prereq_modules.setdefault(module_id, []).append(prereq)
            else:
                prereq_skills.setdefault(module_id, []).append(SkillPrerequisite(skill_id, level))
        for row in q(
            "SELECT id, title, skill_id, from_level, to_level, hours, format, cost, "
            "provider, description, origin FROM modules ORDER BY rowid"
        ):
            mid = row[0]
            catalog.modules[mid] = Module(
                id=mid,
                title=row[1],
                skill=row[2],
                from_level=row[3],
                to_level=row[4],
                hours=row[5],
                format=row[6],
                cost=row[7],
                provider=row[8],
                description=row[9],
                prerequisites=tuple(prereq_modules.get(mid, ())),
                requires=tuple(prereq_skills.get(mid, ())),
                origin=row[10],
            )
        return catalog

    # -- small queries shared by the CLI and the GUI ----------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per main table; "ratings" counts imported and single ratings alike."""
        from planner.store.levels import ratings_count  # levels imports this module

        tables = ("employees", "skills", "roles", "modules", "assessments", "scenarios")
        counts = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        counts["ratings"] = ratings_count(self)
        return counts


def _check_file(path: Path, conn: sqlite3.Connection, read_only: str | None) -> None:
    """Refuse anything but a complete workspace this version can read (nothing written)."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[
            0
        ]
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise NotAWorkspace(
                f"{path} is not a Reskill Planner workspace (it is not an SQLite database)."
            ) from None
        if isinstance(exc, sqlite3.OperationalError):  # the file is fine, its folder is not
            raise write_error(path, exc, "open") from None
        log.warning("cannot read %s: %s", path, exc)
        raise DamagedWorkspace(
            f"{path} is damaged: part of it cannot be read. It may have been cut short while "
            "being copied or written; the file was not changed.",
            path,
        ) from None
    if app_id != APPLICATION_ID:
        raise NotAWorkspace(f"{path} is an SQLite database but not a Reskill Planner workspace.")
    if tables == 0 or version == 0:
        what = "holds no tables" if tables == 0 else "holds tables but no schema version"
        raise DamagedWorkspace(
            f"{path} is marked as a Reskill Planner workspace but {what}: it is damaged or "
            "was cut short while being written; the file was not changed.",
            path,
        )
    if version > SCHEMA_VERSION:
        raise WorkspaceVersionError(
            f"{path} was written by a newer version of Reskill Planner (schema "
            f"{version}, this version reads up to {SCHEMA_VERSION}). Update the app to "
            "open it; the file was not changed."
        )


def _publish(tmp: Path, path: Path) -> None:
    """Give the finished file its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # no hard links on this file system
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def copy_workspace(ws: Workspace, target: str | Path) -> Path:
    """Save a consistent copy of the workspace under another name (File > Save As)."""
    target = Path(target)
    if is_open_here(target):  # replacing a live workspace would corrupt it
        raise WorkspaceError(
            f"{target} is a workspace open in this app; choose another name for the copy."
        )
    copy_database(ws.conn, target, blame=target, doing="save a copy as")
    return target
