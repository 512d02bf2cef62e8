"""Schema migrations, applied automatically whenever a database is opened.

Runs Alembic from code (no alembic.ini) against the package's own migration scripts. Migrations
run with foreign keys off, because SQLite's batch mode rebuilds tables that others reference;
`PRAGMA foreign_key_check` afterwards proves nothing was left dangling.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from workshop_app.storage import db
from workshop_app.storage.db import StorageError


def alembic_config() -> Config:
    config = Config()
    location = resources.files("workshop_app.storage") / "migrations"
    config.set_main_option("script_location", str(location))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this version of the app knows (and so can open or upgrade)."""
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with db.reader(engine).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, path: Path) -> None:
    """Bring the database to the newest schema, or refuse one written by a newer app."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current == script.get_current_head():
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            f"{path} was saved by a newer version of Workshop App. "
            "Update Workshop App to open it; the file was left untouched."
        )
    with engine.connect() as conn:
        # Straight to the driver: this pragma is ignored once a transaction has begun.
        conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        conn.commit()
        problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        conn.rollback()
    if problems:
        raise StorageError(
            f"Updating {path} to the new format left broken references. "
            "Restore the latest backup with `workshop-app restore`."
        )
