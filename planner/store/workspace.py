"""A workspace: one SQLite file holding the catalog, employees, assessments and scenarios.

Open with :meth:`Workspace.open` (an existing file) or :meth:`Workspace.create`.
Every multi-step write goes through ``with ws.transaction():`` (sqlite-utils ``atomic``:
one transaction, savepoints when nested), so a failure leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import sqlite3
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
from planner.errors import NotAWorkspace, WorkspaceError, WorkspaceVersionError
from planner.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger("planner.store")

WORKSPACE_SUFFIX = ".rplan"
SQLITE_MAGIC = b"SQLite format 3\x00"

DEFAULT_SETTINGS: dict[str, Any] = {
    "weekly_training_hours": 4.0,
    "currency": "EUR",
    "min_cohort": 4,
    "max_cohort": 16,
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Workspace:
    """An open workspace file. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, catalog: Catalog | None = None) -> Workspace:
        """Create a new workspace file with the current schema and a catalog.

        Raises WorkspaceError if the file already exists.
        """
        path = Path(path)
        if path.exists():
            raise WorkspaceError(f"{path} already exists; choose another name or open it.")
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"cannot create {path}: {exc}") from exc
        ws = cls(path, conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        ws._migrate(0, backup=False)
        if catalog is None:
            from planner.catalog import load_shipped_catalog

            catalog = load_shipped_catalog()
        with ws.transaction():
            ws.install_catalog(catalog)
            for key, value in DEFAULT_SETTINGS.items():
                ws.set_setting(key, value)
        return ws

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace, upgrading an older schema after a backup copy.

        Raises NotAWorkspace for any other file and WorkspaceVersionError for a file
        written by a newer version of the app.
        """
        path = Path(path)
        if not path.is_file():
            raise WorkspaceError(f"{path} does not exist.")
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise NotAWorkspace(f"{path} is not a Reskill Planner workspace "
                                    "(it is not an SQLite database).")
        # Look before touching: a read-only probe, so a foreign or newer file stays unchanged.
        try:
            probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                app_id = probe.execute("PRAGMA application_id").fetchone()[0]
                version = probe.execute("PRAGMA user_version").fetchone()[0]
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise NotAWorkspace(f"{path} is not a readable workspace: {exc}") from exc
        if app_id != APPLICATION_ID:
            raise NotAWorkspace(f"{path} is an SQLite database but not a Reskill Planner "
                                "workspace.")
        if version > SCHEMA_VERSION:
            raise WorkspaceVersionError(
                f"{path} was written by a newer version of Reskill Planner (schema "
                f"{version}, this version reads up to {SCHEMA_VERSION}). Update the app to "
                "open it; the file was not changed.")
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"cannot open {path}: {exc}") from exc
        ws = cls(path, conn)
        if version < SCHEMA_VERSION:
            ws._migrate(version, backup=True)
        return ws

    @classmethod
    def open_or_create(cls, path: str | Path) -> Workspace:
        path = Path(path)
        return cls.open(path) if path.exists() else cls.create(path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions, backups, migrations ------------------------------------------------

    def transaction(self) -> contextlib.AbstractContextManager[sqlite_utils.Database]:
        """One transaction (a savepoint when nested): all or nothing."""
        return self.db.atomic()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def backup(self, reason: str) -> Path:
        """Copy the workspace with SQLite's backup API next to it; returns the copy's path."""
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        target = self.path.with_name(f"{self.path.stem}.{reason}-{stamp}{self.path.suffix}.bak")
        dest = sqlite3.connect(target)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        log.info("backup of %s written to %s", self.path, target)
        return target

    def _migrate(self, from_version: int, *, backup: bool) -> None:
        if backup:
            self.backup(f"before-v{SCHEMA_VERSION}")
        for version in range(from_version, SCHEMA_VERSION):
            with self.transaction():
                MIGRATIONS[version](self.conn)
                self.conn.execute(f"PRAGMA user_version = {version + 1}")
            log.info("workspace %s migrated to schema %d", self.path, version + 1)

    # -- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return DEFAULT_SETTINGS.get(key, default)
        return json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                          (key, json.dumps(value)))

    # -- catalog --------------------------------------------------------------------------

    def install_catalog(self, catalog: Catalog) -> None:
        """Add or update the catalog's skills, roles and modules (call inside a transaction)."""
        db = self.db
        db["skills"].upsert_all(
            ({"id": s.id, "name": s.name, "category": s.category, "description": s.description,
              "aliases": json.dumps(list(s.aliases), ensure_ascii=False), "origin": s.origin}
             for s in catalog.skills.values()), pk="id")
        db["skill_adjacency"].upsert_all(
            ({"skill_id": s.id, "from_skill_id": a.from_skill, "factor": a.factor}
             for s in catalog.skills.values() for a in s.adjacent),
            pk=("skill_id", "from_skill_id"))
        db["roles"].upsert_all(
            ({"id": r.id, "name": r.name, "family": r.family, "description": r.description,
              "source_phrase": r.source_phrase, "evidence": json.dumps(list(r.evidence)),
              "origin": r.origin} for r in catalog.roles.values()), pk="id")
        for role in catalog.roles.values():
            self.conn.execute("DELETE FROM role_requirements WHERE role_id = ?", (role.id,))
        db["role_requirements"].insert_all(
            ({"role_id": r.id, "skill_id": q.skill, "target": q.target, "weight": q.weight,
              "must_min": q.must_min, "position": i}
             for r in catalog.roles.values() for i, q in enumerate(r.requirements)))
        db["modules"].upsert_all(
            ({"id": m.id, "title": m.title, "skill_id": m.skill, "from_level": m.from_level,
              "to_level": m.to_level, "hours": m.hours, "format": m.format, "cost": m.cost,
              "provider": m.provider, "description": m.description, "origin": m.origin}
             for m in catalog.modules.values()), pk="id")
        for module in catalog.modules.values():
            self.conn.execute("DELETE FROM module_prerequisites WHERE module_id = ?",
                              (module.id,))
        db["module_prerequisites"].insert_all(
            [{"module_id": m.id, "prereq_module_id": p, "skill_id": None, "min_level": None}
             for m in catalog.modules.values() for p in m.prerequisites]
            + [{"module_id": m.id, "prereq_module_id": None, "skill_id": r.skill,
                "min_level": r.level}
               for m in catalog.modules.values() for r in m.requires])
        self.set_setting("currency", catalog.currency)

    def catalog(self) -> Catalog:
        """The workspace's own catalog (shipped entries plus what HR added or edited)."""
        q = self.conn.execute
        adjacency: dict[str, list[Adjacency]] = {}
        for skill_id, from_id, factor in q("SELECT skill_id, from_skill_id, factor "
                                           "FROM skill_adjacency ORDER BY rowid"):
            adjacency.setdefault(skill_id, []).append(Adjacency(from_id, factor))
        catalog = Catalog(currency=self.setting("currency", "EUR"))
        for sid, name, cat, desc, aliases, origin in q(
                "SELECT id, name, category, description, aliases, origin FROM skills "
                "ORDER BY rowid"):
            catalog.skills[sid] = Skill(sid, name, cat, desc, tuple(json.loads(aliases)),
                                        tuple(adjacency.get(sid, ())), origin)
        requirements: dict[str, list[Requirement]] = {}
        for role_id, skill_id, target, weight, must_min in q(
                "SELECT role_id, skill_id, target, weight, must_min FROM role_requirements "
                "ORDER BY role_id, position"):
            requirements.setdefault(role_id, []).append(
                Requirement(skill_id, target, weight, must_min))
        for rid, name, family, desc, phrase, evidence, origin in q(
                "SELECT id, name, family, description, source_phrase, evidence, origin "
                "FROM roles ORDER BY rowid"):
            catalog.roles[rid] = Role(rid, name, family, desc, phrase,
                                      tuple(requirements.get(rid, ())),
                                      tuple(json.loads(evidence)), origin)
        prereq_modules: dict[str, list[str]] = {}
        prereq_skills: dict[str, list[SkillPrerequisite]] = {}
        for module_id, prereq, skill_id, level in q(
                "SELECT module_id, prereq_module_id, skill_id, min_level "
                "FROM module_prerequisites ORDER BY rowid"):
            if prereq is not None:
                prereq_modules.setdefault(module_id, []).append(prereq)
            else:
                prereq_skills.setdefault(module_id, []).append(SkillPrerequisite(skill_id, level))
        for row in q("SELECT id, title, skill_id, from_level, to_level, hours, format, cost, "
                     "provider, description, origin FROM modules ORDER BY rowid"):
            mid = row[0]
            catalog.modules[mid] = Module(
                id=mid, title=row[1], skill=row[2], from_level=row[3], to_level=row[4],
                hours=row[5], format=row[6], cost=row[7], provider=row[8], description=row[9],
                prerequisites=tuple(prereq_modules.get(mid, ())),
                requires=tuple(prereq_skills.get(mid, ())), origin=row[10])
        return catalog

    # -- small queries shared by the CLI and the GUI ----------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per main table; "ratings" counts imported and single ratings alike."""
        from planner.store.levels import ratings_count  # levels imports this module

        tables = ("employees", "skills", "roles", "modules", "assessments", "scenarios")
        counts = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in tables}
        counts["ratings"] = ratings_count(self)
        return counts


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        log.warning("WAL journal not available for %s (using %s)", path, mode)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def copy_workspace(ws: Workspace, target: str | Path) -> Path:
    """Save a consistent copy of the workspace under another name (File > Save As)."""
    target = Path(target)
    tmp = target.with_name(target.name + ".part")
    dest = sqlite3.connect(tmp)
    try:
        ws.conn.backup(dest)
    finally:
        dest.close()
    shutil.move(tmp, target)
    return target
