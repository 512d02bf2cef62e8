"""Schema migrations, applied automatically whenever a database is opened.

Runs Alembic from code (no alembic.ini) against the package's own migration scripts. Migrations
run with foreign keys off, because SQLite's batch mode rebuilds tables that others reference;
`PRAGMA foreign_key_check` afterwards proves nothing was left dangling.

A brand-new library file does not run the migrations one by one: it gets the schema they
build, made once per process in memory (`_copy_new_schema`).

Alembic is imported only when there is something to do: at start-up the database's revision is
read with one query and compared with the newest script's, found by reading the scripts' own
`revision` and `down_revision` assignments. Importing Alembic would add a sixth of a second and
about 24 MB to every start for nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from workshop_app.storage import db, schema_version
from workshop_app.storage.db import StorageError

if TYPE_CHECKING:
    from alembic.config import Config


def script_location() -> Path:
    """Where the migration scripts are."""
    return schema_version.migrations_folder()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location()))
    return config


def head_revision() -> str:
    """The newest revision of the scripts; StorageError when there is none to be found."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    except CommandError:  # no scripts folder at all
        head = None
    if head is None:
        # An app installed without its migration scripts (e.g. a bundle that left them out)
        # would see no schema to build and fail later on every query ("no such table").
        raise StorageError(
            f"Workshop App is incomplete and cannot start: its database migration scripts are "
            f"missing from {script_location()}; install it again."
        )
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows (and so can open or upgrade)."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with db.reader(engine).connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
        except (OperationalError, ProgrammingError):
            conn.rollback()  # PostgreSQL: the failed statement ended the transaction
            rows = None  # no such table: a new or foreign database; Alembic says which
        if rows is not None and len(rows) <= 1:
            return str(rows[0][0]) if rows else None
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, path: Path | str) -> None:
    """Bring the database to the newest schema, or refuse one written by a newer app."""
    current = current_revision(engine)
    if current is not None and current == schema_version.declared_head(script_location()):
        return  # the usual start: nothing to migrate, and no need for Alembic
    if current == head_revision():
        return
    from alembic import command

    if current is not None and current not in known_revisions():
        raise StorageError(
            f"{path} was saved by a newer version of Workshop App. "
            "Update Workshop App to open it; the file was left untouched."
        )
    if engine.dialect.name != "sqlite":
        _upgrade_server(engine)
        return
    if current is None and _copy_new_schema(engine):
        return
    with engine.connect() as conn:
        try:
            # Straight to the driver: this pragma is ignored once a transaction has begun.
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            config = alembic_config()
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            conn.rollback()
        finally:
            # Foreign keys are off on this connection: close it rather than hand it back to the
            # pool (closing also rolls back whatever a failed migration left uncommitted).
            conn.invalidate()
    if problems:
        raise StorageError(
            f"Updating {path} to the new format left broken references. "
            "Restore the latest backup with `workshop-app restore`."
        )


@dataclass(frozen=True)
class NewSchema:
    """What the migrations leave in an empty library: its schema statements in an order that
    can run (tables, then what refers to them), the rows they wrote, its two header numbers."""

    statements: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[object, ...], ...]], ...]
    pragmas: tuple[tuple[str, int], ...]


def _copy_new_schema(engine: Engine) -> bool:
    """A brand-new library file (no tables at all) gets the schema the migrations built once
    per process in memory, replayed in one transaction: the same schema as migrating the file
    itself, in milliseconds instead of a tenth of a second each time a program makes several
    libraries. The write lock is taken before looking, so two programs creating one library at
    once make it once. False (nothing done) for any other database."""
    with engine.begin() as conn:
        if conn.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").first() is not None:
            return False
        schema = _migrated_in_memory()
        for statement in schema.statements:
            conn.exec_driver_sql(statement)
        for table, rows in schema.rows:
            marks = ", ".join("?" * len(rows[0]))
            conn.exec_driver_sql(f'INSERT INTO "{table}" VALUES ({marks})', list(rows))
        for name, value in schema.pragmas:
            conn.exec_driver_sql(f"PRAGMA {name} = {value}")
    return True


_KIND_ORDER = {"table": 0, "index": 1, "view": 2, "trigger": 3}


@cache
def _migrated_in_memory() -> NewSchema:
    """Built once per process."""
    from alembic import command

    with db.make_memory_engine().connect() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
        driver = conn.connection.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        # FTS5 makes its shadow tables itself; SQLite its own sqlite_* tables.
        kinds = {name: kind for _schema, name, kind, *_ in driver.execute("PRAGMA table_list")}
        made = [
            (kind, name, sql)
            for kind, name, sql in driver.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
            )
            if kinds.get(name) != "shadow" and not name.startswith("sqlite_")
        ]
        rows = [
            (name, tuple(driver.execute(f'SELECT * FROM "{name}"').fetchall()))
            for kind, name, _sql in made
            if kind == "table" and kinds.get(name) == "table"
        ]
        pragmas = tuple(
            (name, int(driver.execute(f"PRAGMA {name}").fetchone()[0]))
            for name in ("user_version", "application_id")
        )
    return NewSchema(
        statements=tuple(sql for kind, _name, sql in sorted(made, key=lambda m: _KIND_ORDER[m[0]])),
        rows=tuple((name, found) for name, found in rows if found),
        pragmas=pragmas,
    )


#: Held while a team library is migrated, so two facilitators starting a new version at once
#: migrate it once: the second waits, then finds nothing left to do.
_MIGRATION_LOCK = 20_2026


def _upgrade_server(engine: Engine) -> None:
    """PostgreSQL: DDL is transactional and foreign keys stay on, so the upgrade is one
    transaction that either happens whole or not at all."""
    from alembic import command

    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
