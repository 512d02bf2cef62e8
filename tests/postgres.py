"""A real PostgreSQL server for the tests of team libraries.

`.ci/run` starts one in a private folder and names it in WORKSHOP_APP_TEST_PG (a URL to a
database the tests may create databases from). Without it, the tests start their own private
server from the installed binaries (Debian's /usr/lib/postgresql/*/bin): in a short-named
temporary folder (a unix socket path must stay under 107 bytes), on a unix socket only, as the
`postgres` user when run as root (initdb refuses root). Where neither is possible the
PostgreSQL half of the tests is skipped, with one line saying why.

Each test gets a database of its own, copied from a template that was migrated once (CREATE
DATABASE … TEMPLATE takes a few tens of milliseconds; migrating takes half a second), and
dropped afterwards.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ENV = "WORKSHOP_APP_TEST_PG"
TEMPLATE = "workshop_template"
#: A role that must give its password (all others are trusted on the private socket), so a
#: wrong password can be tried for real.
PASSWORD_ROLE = "wa_password_check"
PASSWORD = "the-right-one"
ROLES_DOC = Path(__file__).resolve().parents[1] / "docs" / "team-library-roles.md"


@dataclass(frozen=True)
class Roles:
    """A team library with the documented roles: one facilitator and one viewer (role names)."""

    server: Server
    database: str
    owner: str  # the owner's address
    facilitator: str
    viewer: str

    def url(self, role: str) -> str:
        return self.server.url(self.database, role)

    def drop(self) -> None:
        self.server.run(f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")


class Server:
    """A PostgreSQL server the tests may create and drop databases on."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url  # libpq URL of a database to run CREATE DATABASE from
        self._numbers = itertools.count()
        self._prefix = f"wt{os.getpid()}"
        self._template_ready = False

    def url(self, database: str, user: str | None = None) -> str:
        """The address of `database`, as the admin or as `user`."""
        head, _, tail = self.admin_url.partition("?")
        base = head.rsplit("/", 1)[0]
        if user is not None:
            scheme, _, rest = base.partition("://")
            base = f"{scheme}://{user}@{rest.rpartition('@')[2]}"
        return f"{base}/{database}" + (f"?{tail}" if tail else "")

    @property
    def socket_folder(self) -> str | None:
        """The folder of the server's unix socket (a private server's), else None."""
        found = re.search(r"[?&]host=(/[^&]+)", self.admin_url)
        return found.group(1) if found else None

    def documented_roles(self) -> Roles:
        """A library set up as docs/team-library-roles.md says: a database owned by its owner
        role (who migrated it), and the GRANTs of the document run as written, with every name
        made unique to this run (roles belong to the whole server)."""
        tag = f"{self._prefix}_{next(self._numbers)}"
        names = {
            name: f"{name}_{tag}"
            for name in ("workshop_owner", "workshop_facilitators", "workshop_viewers")
        }
        names |= {"maria": f"maria_{tag}", "jonas": f"jonas_{tag}", "workshops": f"lib_{tag}"}
        block = re.search(r"```sql\n(.*?)```", ROLES_DOC.read_text(encoding="utf-8"), re.S)
        assert block is not None, "docs/team-library-roles.md lost its SQL"
        sql = re.sub(r"\b(\w+)\b", lambda m: names.get(m.group(1), m.group(1)), block.group(1))
        owner, database = names["workshop_owner"], names["workshops"]
        self.run(f"CREATE ROLE {owner} LOGIN", f"CREATE DATABASE {database} OWNER {owner}")
        from workshop_app.storage.operations import Library

        Library(self.url(database, owner)).close()  # the owner's first open creates the tables
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]
        return Roles(
            self,
            database,
            owner=self.url(database, owner),
            facilitator=names["maria"],
            viewer=names["jonas"],
        )

    def run(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def run_in(self, url: str, *statements: str) -> None:
        """Run statements as the admin in the database at `url` (one of new_database's)."""
        import psycopg

        database = url.partition("?")[0].rsplit("/", 1)[1]
        with psycopg.connect(self.url(database), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def _template(self) -> None:
        if self._template_ready:
            return
        from workshop_app.storage.operations import Library

        name = f"{self._prefix}_{TEMPLATE}"
        self.run(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}")
        Library(self.url(name)).close()  # migrated once; closing lets go of every connection
        self._template_ready = True

    def close(self) -> None:
        """Drop the template (a server given by the CI outlives the tests)."""
        if self._template_ready:
            self.run(f"DROP DATABASE IF EXISTS {self._prefix}_{TEMPLATE} WITH (FORCE)")

    def new_database(self) -> str:
        """A new, migrated, empty team library; returns its URL."""
        self._template()
        name = f"{self._prefix}_{next(self._numbers)}"
        self.run(f"CREATE DATABASE {name} TEMPLATE {self._prefix}_{TEMPLATE}")
        return self.url(name)

    def empty_database(self) -> str:
        """A new database with nothing in it (not migrated)."""
        name = f"{self._prefix}_{next(self._numbers)}"
        self.run(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.partition("?")[0].rsplit("/", 1)[1]
        self.run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def unavailable() -> str | None:
    """Why no server can be had here (None: one can)."""
    if os.environ.get(ENV):
        return None
    if binaries() is None:
        return f"PostgreSQL is not installed here and {ENV} is not set"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a `postgres` user to run PostgreSQL as"
    return None


def start(folder: Path) -> str:
    """Start a private server in `folder` (empty, short path); returns its admin URL."""
    bin_dir = binaries()
    assert bin_dir is not None
    as_user, user = _as_user(folder)
    data = folder / "data"
    locale = "C.UTF-8"  # the server's own lower() then folds beyond ASCII too
    initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "--no-sync", "-E", "UTF8"]
    subprocess.run(
        [*as_user, *initdb, f"--locale={locale}", "-U", user],
        check=True,
        capture_output=True,
    )
    hba = data / "pg_hba.conf"
    rules = f"local all {PASSWORD_ROLE} scram-sha-256\nlocal all all trust\n"
    hba.write_text(rules)
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [*_ctl(folder, as_user), "-o", options, "-w", "start"], check=True, capture_output=True
    )
    role = f"CREATE ROLE {PASSWORD_ROLE} LOGIN PASSWORD '{PASSWORD}'"
    psql = [str(bin_dir / "psql"), "-h", str(folder), "-U", user, "-d", "postgres", "-qc", role]
    subprocess.run(psql, check=True, capture_output=True)
    return f"postgresql://{user}@/postgres?host={folder}"


def stop(folder: Path) -> None:
    as_user, _user = _as_user(folder, create=False)
    halt = [*_ctl(folder, as_user), "-m", "immediate", "-w", "stop"]
    subprocess.run(halt, check=False, capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def _as_user(folder: Path, *, create: bool = True) -> tuple[list[str], str]:
    """Run the server as ourselves, or as `postgres` when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return [], pwd.getpwuid(os.geteuid()).pw_name
    if create:
        shutil.chown(folder, "postgres")
    return ["runuser", "-u", "postgres", "--"], "postgres"


def _ctl(folder: Path, as_user: list[str]) -> list[str]:
    bin_dir = binaries()
    assert bin_dir is not None
    return [
        *as_user,
        str(bin_dir / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "log"),
    ]


@contextmanager
def private_server() -> Iterator[Server]:
    """A server of our own in a temporary folder, stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="wa-pg-", dir="/tmp"))
    try:
        yield Server(start(folder))
    finally:
        stop(folder)


@contextmanager
def server() -> Iterator[Server | None]:
    """The CI's server, or a private one, or None where there can be none."""
    given = os.environ.get(ENV)
    if given:
        shared = Server(given)
        try:
            yield shared
        finally:
            shared.close()
    elif unavailable() is None:
        with private_server() as started:
            yield started
    else:
        yield None


if __name__ == "__main__":  # .ci/run: `python -m tests.postgres start|stop FOLDER`
    import sys

    command, place = sys.argv[1], Path(sys.argv[2])
    if command == "start":
        print(start(place))
    else:
        stop(place)
