"""The workspace schema and its forward migrations.

``PRAGMA user_version`` holds the schema version; ``PRAGMA application_id`` marks the
file as a workspace. Each migration moves the file one version forward, inside one
transaction, after a backup copy has been taken (see ``workspace.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x52504C4E  # "RPLN"

# Version 1: catalog, employees, assessments and ratings.
_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL            -- JSON
);
CREATE TABLE skills (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL DEFAULT '[]',        -- JSON list
    origin TEXT NOT NULL DEFAULT 'catalog'     -- catalog | workspace | unmapped
);
CREATE TABLE skill_adjacency (
    skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    from_skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    factor REAL NOT NULL CHECK (factor > 0 AND factor <= 1),
    PRIMARY KEY (skill_id, from_skill_id)
);
CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    family TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source_phrase TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',       -- JSON list of source short names
    origin TEXT NOT NULL DEFAULT 'catalog'
);
CREATE TABLE role_requirements (
    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES skills(id),
    target INTEGER NOT NULL CHECK (target BETWEEN 1 AND 5),
    weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 3),
    must_min INTEGER CHECK (must_min BETWEEN 0 AND 5),
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (role_id, skill_id)
);
CREATE TABLE modules (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    skill_id TEXT NOT NULL REFERENCES skills(id),
    from_level INTEGER NOT NULL,
    to_level INTEGER NOT NULL,
    hours REAL NOT NULL,
    format TEXT NOT NULL,
    cost REAL NOT NULL DEFAULT 0,
    provider TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT 'catalog',
    CHECK (from_level < to_level)
);
CREATE TABLE module_prerequisites (
    module_id TEXT NOT NULL REFERENCES modules(id) ON DELETE CASCADE,
    prereq_module_id TEXT REFERENCES modules(id),
    skill_id TEXT REFERENCES skills(id),
    min_level INTEGER,
    CHECK ((prereq_module_id IS NULL) <> (skill_id IS NULL))
);
CREATE INDEX module_prerequisites_module ON module_prerequisites(module_id);
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    source_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    sheet TEXT,
    imported_at TEXT NOT NULL,                 -- ISO 8601, UTC
    layout TEXT NOT NULL DEFAULT '',           -- wide | long
    mapping TEXT NOT NULL DEFAULT '{}',        -- JSON
    rows_read INTEGER NOT NULL DEFAULT 0,
    employees_added INTEGER NOT NULL DEFAULT 0,
    employees_updated INTEGER NOT NULL DEFAULT 0,
    ratings INTEGER NOT NULL DEFAULT 0,
    warnings TEXT NOT NULL DEFAULT '[]',       -- JSON list
    errors TEXT NOT NULL DEFAULT '[]'          -- JSON list
);
CREATE INDEX assessments_sha ON assessments(sha256);
CREATE TABLE employees (
    id INTEGER PRIMARY KEY,
    employee_key TEXT NOT NULL UNIQUE,         -- the sheet's stable id (or email)
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    department TEXT NOT NULL DEFAULT '',
    job_title TEXT NOT NULL DEFAULT '',
    site TEXT NOT NULL DEFAULT '',
    manager TEXT NOT NULL DEFAULT '',
    weekly_hours REAL,                         -- training hours per week, NULL = default
    attributes TEXT NOT NULL DEFAULT '{}',     -- JSON: extra columns kept from the sheet
    first_assessment_id INTEGER REFERENCES assessments(id),
    last_assessment_id INTEGER REFERENCES assessments(id)
);
CREATE TABLE ratings (
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
    assessment_id INTEGER REFERENCES assessments(id) ON DELETE CASCADE,
    source TEXT NOT NULL DEFAULT 'self',       -- self | peer | manager | validated | training
    level REAL NOT NULL CHECK (level BETWEEN 0 AND 5),
    raw TEXT,                                  -- the value as written in the sheet
    rated_at TEXT NOT NULL,                    -- ISO 8601
    PRIMARY KEY (employee_id, skill_id, assessment_id, source)
);
CREATE INDEX ratings_skill ON ratings(skill_id);
CREATE TABLE import_mappings (
    signature TEXT PRIMARY KEY,                -- layout + normalised headers
    mapping TEXT NOT NULL,                     -- JSON
    updated_at TEXT NOT NULL
);
"""

# Version 2: scenarios with their allocation, plans and workshop cohorts.
_V2 = """
CREATE TABLE scenarios (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    demand TEXT NOT NULL DEFAULT '{}',         -- JSON {role_id: headcount}
    constraints TEXT NOT NULL DEFAULT '{}',    -- JSON: budget, max_hours, hours_per_week, ...
    results TEXT NOT NULL DEFAULT '{}'         -- JSON: summary of the last run
);
CREATE TABLE allocations (
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    fit REAL NOT NULL,
    gap_hours REAL NOT NULL,
    cost REAL NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (scenario_id, employee_id)
);
CREATE TABLE allocation_rules (
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    role_id TEXT REFERENCES roles(id) ON DELETE CASCADE,   -- NULL: excluded from every role
    kind TEXT NOT NULL CHECK (kind IN ('pin', 'exclude')),
    PRIMARY KEY (scenario_id, employee_id, kind, role_id)
);
CREATE TABLE cohorts (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    module_id TEXT NOT NULL REFERENCES modules(id),
    site TEXT NOT NULL DEFAULT '',
    week INTEGER NOT NULL,
    session_date TEXT NOT NULL,
    facilitator TEXT NOT NULL DEFAULT '',
    room TEXT NOT NULL DEFAULT ''
);
CREATE TABLE plan_items (
    id INTEGER PRIMARY KEY,
    scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles(id),
    module_id TEXT NOT NULL REFERENCES modules(id),
    seq INTEGER NOT NULL,
    start_week INTEGER NOT NULL,
    end_week INTEGER NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    hours REAL NOT NULL,
    cost REAL NOT NULL,
    cohort_id INTEGER REFERENCES cohorts(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in progress', 'done')),
    status_date TEXT,
    UNIQUE (scenario_id, employee_id, module_id)
);
CREATE INDEX plan_items_employee ON plan_items(employee_id);
"""

Migration = Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Migration:
    def run(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";"):
            if statement.strip():
                conn.execute(statement)

    return run


# MIGRATIONS[i] moves a file from version i to version i + 1.
MIGRATIONS: list[Migration] = [_script(_V1), _script(_V2)]
SCHEMA_VERSION = len(MIGRATIONS)

# Version 3: ratings of an import stored as dense matrices, one row per assessment (and
# chunk of employees) instead of a row per rating: a 50,000 × 40 sheet is a few rows
# rather than two million. The ``ratings`` table stays for single ratings (GUI edits,
# training). Blobs are little-endian numpy arrays; ``levels`` and ``sources`` are
# row-major ``len(employee_ids)`` × ``len(skill_ids)``; an employee id may repeat when
# the sheet rated the same person by several raters (one row per employee and rater).
_V3 = """
CREATE TABLE rating_blocks (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    skill_ids TEXT NOT NULL,                   -- JSON list: the matrix columns
    employee_ids BLOB NOT NULL,                -- int64 workspace employee ids: the rows
    levels BLOB NOT NULL,                      -- float32 rows × columns, NaN = not rated
    sources BLOB NOT NULL,                     -- int8 rank: 1 self, 2 peer, 3 manager, 4 validated
    raw TEXT NOT NULL DEFAULT '{}',            -- JSON {"row,col": text} for interpreted text
    rated_at TEXT NOT NULL
);
CREATE INDEX rating_blocks_assessment ON rating_blocks(assessment_id);
"""

MIGRATIONS.append(_script(_V3))
SCHEMA_VERSION = len(MIGRATIONS)

# Version 4: the catalog can be edited. A requirement may be a credential gate (no module
# closes it); scenarios remember the catalog (its hash) their allocation and plan were
# made under, so a later edit can say they are out of date ('' = not recorded).
_V4 = """
ALTER TABLE role_requirements ADD COLUMN gate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scenarios ADD COLUMN catalog_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE scenarios ADD COLUMN plan_catalog_hash TEXT NOT NULL DEFAULT ''
"""

MIGRATIONS.append(_script(_V4))
SCHEMA_VERSION = len(MIGRATIONS)
