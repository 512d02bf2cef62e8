"""Which engine a library lives on: a SQLite file (the default, one person's laptop) or a
PostgreSQL server (a team library, `--db postgresql://…`). Everything that differs between the
two is decided here, behind one small interface (`Backend`); the operations above it
(storage/operations.py) are the same on both.

What differs:

- connecting: SQLite's pragmas and registered Python functions (storage/db.py) against a
  server reached over the network, whose failures a person can act on (unreachable, refused
  password, missing database, TLS) and are said in one sentence each;
- search: FTS5 trigram documents against pg_trgm indexes (storage/search.py);
- the change counter: `PRAGMA user_version` against the sequence `library_change`;
- integrity: SQLite's checks and the row seals against the server's own guarantees. Row
  seals detect damage to a file on a laptop; a team library is not a file anyone holds, and
  what protects its record is the server: its roles and privileges, and the audit log each
  operation writes (docs/team-library.md says so plainly);
- backups: the app's file backups, restore, probe, quick reads and upkeep are SQLite's; a
  team library's backups are the server's own (`pg_dump`), and those commands say so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlmodel import Session

from workshop_app.storage import credentials, db, seal, search, server, watch
from workshop_app.storage.db import StorageError
from workshop_app.storage.location import SERVER_BACKUPS, is_team_url
from workshop_app.storage.team import redact

__all__ = ["SERVER_BACKUPS", "Backend", "PostgresBackend", "backend_for"]


def server_url(target: str) -> URL:
    """The SQLAlchemy URL for a postgresql:// address, with psycopg (3) as the driver."""
    try:
        url = make_url(target)
    except ArgumentError:
        raise StorageError(
            "That team library address is not a valid PostgreSQL URL. Write it as "
            "postgresql://USER@HOST/DATABASE."
        ) from None
    if not url.database:
        raise StorageError(
            f"The team library address {redact(target)} names no database. Write it as "
            "postgresql://USER@HOST/DATABASE."
        )
    return url.set(drivername="postgresql+psycopg")


#: The server settings of the app's sessions (libpq's `options`).
SESSION_OPTIONS = "-c jit=off"


class Backend:
    """What one engine does its own way. The SQLite file is the default implementation."""

    #: A team library on a server (no file backups, no seals, no quick reads of a file).
    server = False
    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)

    def connection(self, s: Session) -> Any:
        """What storage/catalog.py queries run on."""
        return db.driver_connection(s)

    def errors(self, *, writing: bool = True) -> contextlib.AbstractContextManager[None]:
        """Failures a person can act on become StorageError; bugs pass through."""
        return db.user_facing_errors(self.path, writing=writing)

    def mark(self, s: Session) -> int:
        """Taken before a write transaction's body, for `after_write`."""
        return db.driver_connection(s).total_changes

    def after_write(self, s: Session, mark: int) -> int | None:
        """Before the commit: if the body changed anything, index it for search and move the
        change counter on; returns the counter then (None: nothing changed)."""
        connection = db.driver_connection(s)
        if connection.total_changes == mark:
            return None
        search.refresh(connection)  # the search index follows in the same commit
        db.count_change(connection)
        return db.change_count(connection)

    def change_count(self, s: Session) -> int:
        return db.change_count(db.driver_connection(s))

    def change_feed(self, engine: Engine) -> watch.ChangeFeed:
        """A file has nothing to listen to: the watcher looks at the counter now and then."""
        return watch.PollingFeed()

    def seal_problems(self, s: Session, workshop_id: str) -> int:
        return seal.problems(db.driver_connection(s), workshop_id)

    def problems(self, s: Session, *, thorough: bool) -> list[str]:
        return db.problems(db.driver_connection(s), thorough=thorough)


class ServerConnection:
    """storage/catalog.py's queries (written for sqlite3: `?` or `:name` parameters) on a
    team library's connection."""

    dialect = "postgresql"

    def __init__(self, s: Session) -> None:
        self._connection = s.connection()

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        if isinstance(parameters, Mapping):
            return self._connection.execute(text(sql), dict(parameters))
        pieces = sql.split("?")
        named = pieces[0] + "".join(f":p{i}{piece}" for i, piece in enumerate(pieces[1:]))
        values = {f"p{i}": value for i, value in enumerate(parameters)}
        return self._connection.execute(text(named), values)


class PostgresBackend(Backend):
    """A team library on a PostgreSQL server."""

    server = True
    dialect = "postgresql"

    def __init__(self, target: str) -> None:
        self.target = target
        self.url = server_url(target)
        super().__init__(Path(self.url.database or ""))
        self.location = redact(target)

    def make_engine(self) -> Engine:
        return create_engine(
            self.url,
            hide_parameters=True,  # an error's text must never carry workshop content
            pool_pre_ping=True,  # a server restarted overnight: reconnect, never fail an edit
            pool_size=2,
            max_overflow=10,
            connect_args={  # defaults: the address's own parameters win
                **{
                    name: value
                    for name, value in (
                        ("connect_timeout", 10),
                        ("application_name", "Workshop App"),
                        # Its queries are short, or a scan whose time is reading rows: compiling
                        # them first (JIT) only added a fifth to a search of 20,000 workshops.
                        ("options", SESSION_OPTIONS),
                    )
                    if name not in self.url.query
                },
                # The password from the keyring (or typed this run), as libpq's own parameter.
                **credentials.connect_args(self.target),
            },
        )

    def open(self) -> Engine:
        """Connect, and bring the library to the newest schema: the first app to arrive after
        an update migrates it, if its role may (the owner's; docs/team-library-roles.md)."""
        from workshop_app.storage import migrate

        engine = self.make_engine()
        try:
            with self.errors(writing=False):
                try:
                    migrate.upgrade(engine, self.location)
                except DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
                        raise
                    raise StorageError(
                        f"The team library {self.location} needs an update that only its owner "
                        "can make: ask them, or the server's administrator, to open it once with "
                        "this version."
                    ) from exc
        except BaseException:
            engine.dispose()
            raise
        return engine

    def connection(self, s: Session) -> ServerConnection:
        return ServerConnection(s)

    @contextlib.contextmanager
    def errors(self, *, writing: bool = True) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            secret = credentials.password_for(self.target)
            message = server.explain(exc, self.target, secret=secret, writing=writing)
            if message is None:
                raise
            raise StorageError(message) from exc

    def mark(self, s: Session) -> int:
        return 0

    def after_write(self, s: Session, mark: int) -> int | None:
        # Whether this transaction wrote anything: only then has the server given it an id.
        wrote = s.execute(text("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")).scalar()
        if not wrote:
            return None
        # Open windows of other facilitators hear of it at commit (storage/watch.py).
        s.execute(text("SELECT pg_notify(:channel, '')"), {"channel": watch.CHANNEL})
        return int(s.execute(text("SELECT nextval('library_change')")).scalar_one())

    def change_count(self, s: Session) -> int:
        last, called = s.execute(text("SELECT last_value, is_called FROM library_change")).one()
        return int(last) if called else 0

    def change_feed(self, engine: Engine) -> watch.ChangeFeed:
        """The server tells of every commit: a connection of the feed's own, out of the pool
        (its LISTEN must not be handed to an edit)."""

        def listener() -> Any:
            pooled = engine.raw_connection()
            connection = pooled.driver_connection  # gone from the proxy once detached
            pooled.detach()
            return connection

        return watch.NotifyFeed(listener)

    def seal_problems(self, s: Session, workshop_id: str) -> int:
        return 0  # no seals on a server: its privileges and the audit log protect the record

    def problems(self, s: Session, *, thorough: bool) -> list[str]:
        s.execute(text("SELECT 1")).one()  # reachable, and the server checks its own pages
        return []


def backend_for(target: str | Path) -> Backend:
    if is_team_url(target):
        return PostgresBackend(str(target))
    return Backend(Path(target).expanduser().resolve())
