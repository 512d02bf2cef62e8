"""Who may do what in a library, and who the audit log names.

Facilitators edit; viewers read the portfolio and the summaries. The app does not keep a list
of its own: it follows what the database already enforces. On PostgreSQL that is the server's
privileges for the connected role (docs/team-library-roles.md has the GRANTs a DBA runs); on
SQLite it is whether the file may be written.

The audit log names the person (Library.actor, set once when a library opens): the connected
role (current_user) on PostgreSQL; on SQLite the facilitator named in the workshop, else the
login of the person at the computer.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

READ_ONLY = "You can read this library; editing needs a facilitator's access."


def may_write_file(path: Path) -> bool:
    """Whether a SQLite library may be changed here: the file (or, for a new one, its folder)
    is writable, and nobody marked the file read-only. The mode bits count even for an
    administrator, whom the system would let write anyway: a file marked read-only on purpose
    is opened read-only."""
    try:
        if path.exists():
            mode = path.stat().st_mode
            if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
                return False
            return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        return os.access(path.parent, os.W_OK)
    except OSError:
        return False


#: Whether the connected role may change workshops: INSERT, UPDATE and DELETE on the table every
#: edit changes; before the library's tables exist, whether it may create them.
MAY_WRITE_SQL = (
    "SELECT CASE WHEN to_regclass('workshop') IS NULL"
    " THEN has_schema_privilege(current_user, 'public', 'CREATE')"
    " ELSE has_table_privilege(current_user, 'workshop', 'INSERT')"
    " AND has_table_privilege(current_user, 'workshop', 'UPDATE')"
    " AND has_table_privilege(current_user, 'workshop', 'DELETE') END"
)


def _one(connection: Any, sql: str) -> Any:
    """The first column of the first row, on a SQLAlchemy Connection or a psycopg one."""
    run = getattr(connection, "exec_driver_sql", None) or connection.execute
    row = run(sql).fetchone()
    return row[0] if row else None


def may_write_postgresql(connection: Any) -> bool:
    """Whether the connected role may change workshops, as the server's own privileges say."""
    return bool(_one(connection, MAY_WRITE_SQL))


def role_name(connection: Any) -> str:
    """The role the server knows this connection as (what a PostgreSQL audit entry names)."""
    return str(_one(connection, "SELECT current_user") or "")


def apply_server_access(library: Any, connection: Any) -> None:
    """What opening a team library does once connected: whether this role may write (a viewer's
    writes are then refused by `Library.edit` in one sentence) and who the audit log names."""
    library.writable = may_write_postgresql(connection)
    library.actor = role_name(connection)


def os_login() -> str:
    """The login of the person at this computer, or "" when the system cannot tell."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment nor the password database
        return ""


def actor_for_file(facilitator: str) -> str:
    """Who a SQLite library's audit entry names: the facilitator, else the OS login."""
    return facilitator.strip() or os_login()


def open_for_reading(path: Path) -> Any:
    """The engine of a SQLite library its reader may not change: checked, never migrated nor
    backed up (both write), opened by SQLite read-only. A library that still needs the newer
    schema cannot be shown until someone who may write to it opens it once."""
    from workshop_app.storage import db, migrate

    if not path.exists():
        db.check_openable(path)  # says why it cannot be created here
    engine = db.make_engine(path, read_only=True)
    try:
        with _unreadable_here(path):
            with db.reader(engine).connect() as conn:
                found = db.problems(conn.connection.driver_connection)  # type: ignore[arg-type]
                if found:
                    db.log_details("The quick check of a workshop database failed", found[:50])
                    raise db.damaged(path)
            if migrate.current_revision(engine) != migrate.head_revision():
                raise db.StorageError(
                    f"The workshop database {path} needs an update that only someone who may "
                    "change it can make: ask them to open it once with this version."
                )
    except BaseException:
        engine.dispose()
        raise
    return engine


@contextlib.contextmanager
def _unreadable_here(path: Path) -> Iterator[None]:
    """SQLite's refusals in words; a read-only file in a read-only folder cannot even be read
    (SQLite needs to put its shared index beside it)."""
    from workshop_app.storage import db

    try:
        with db.user_facing_errors(path, writing=False):
            yield
    except db.DamagedDatabaseError:
        raise
    except db.StorageError as exc:
        if os.access(path.parent, os.W_OK):
            raise
        raise db.StorageError(
            f"The workshop database {path} is read-only, and so is its folder, so it cannot be "
            "read here: copy it to a folder you can write to, or check its permissions."
        ) from exc
