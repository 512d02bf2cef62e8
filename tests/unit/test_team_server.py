"""Against a real PostgreSQL server (skipped in one line where none is installed): who may
write follows the server's privileges, set up with the GRANTs of docs/team-library-roles.md,
and a failed connection is one sentence without the password."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from workshop_app.storage import server
from workshop_app.storage.team import TeamLibrary

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DOC = Path(__file__).resolve().parents[2] / "docs" / "team-library-roles.md"


def _as_postgres(*command: str) -> list[str]:
    import os

    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def pg_server() -> Iterator[str]:
    """A private server on a unix socket; yields the socket folder."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("No PostgreSQL server is installed here.")
    folder = Path(tempfile.mkdtemp(prefix="pgt"))  # short: a socket path has a length limit
    if _as_postgres("x")[0] == "runuser":
        shutil.chown(folder, "postgres")
    data = folder / "data"
    secret = folder / "pw"
    secret.write_text("owner-pw\n")
    if _as_postgres("x")[0] == "runuser":
        shutil.chown(secret, "postgres")
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "scram-sha-256",
            "--no-sync",
            "-U",
            "postgres",
            f"--pwfile={secret}",
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(folder / "log"),
            "-o",
            f"-k {folder} -c listen_addresses=''",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield str(folder)
    finally:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def _sql(socket: str, sql: str, *, database: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(
        host=socket, user="postgres", password="owner-pw", dbname=database, autocommit=True
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def roles(pg_server: str) -> str:
    """The library `workshops` with a table, and the roles the documentation creates."""
    _sql(pg_server, "CREATE ROLE workshop_owner LOGIN PASSWORD 'owner-pw'")
    _sql(pg_server, "CREATE DATABASE workshops OWNER workshop_owner")
    _sql(
        pg_server,
        "SET ROLE workshop_owner; CREATE TABLE workshop (id text primary key)",
        database="workshops",
    )
    block = re.search(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None
    _sql(pg_server, block.group(1), database="workshops")
    return pg_server


def test_the_documented_roles_give_a_facilitator_edits_and_a_viewer_reading(roles: str) -> None:
    import psycopg

    def reach(user: str) -> server.Reached:
        with psycopg.connect(host=roles, user=user, password="change me", dbname="workshops") as c:
            from workshop_app.storage import access

            return server.Reached(access.role_name(c), access.may_write_postgresql(c))

    assert reach("maria") == server.Reached("maria", True)
    assert reach("jonas") == server.Reached("jonas", False)


def test_a_wrong_password_is_one_sentence_without_it(
    roles: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    real = psycopg.connect
    monkeypatch.setattr(psycopg, "connect", lambda url, **kw: real(url, host=roles, **kw))
    library = TeamLibrary(host="localhost", database="workshops", user="maria")
    with pytest.raises(server.ConnectionRefusedByServerError) as caught:
        server.try_connect(library, "wrong p@ss")
    assert "did not accept the user name “maria”" in caught.value.message
    assert "p@ss" not in caught.value.message
    assert server.try_connect(library, "change me") == server.Reached("maria", True)
    viewer = TeamLibrary(host="localhost", database="workshops", user="jonas")
    assert server.try_connect(viewer, "change me").writable is False
    missing = TeamLibrary(host="localhost", database="nothing", user="maria")
    with pytest.raises(server.ConnectionRefusedByServerError, match="no database named"):
        server.try_connect(missing, "change me")


def test_nothing_answering_is_one_sentence() -> None:
    library = TeamLibrary(host="127.0.0.1", port=1, database="w", user="u")
    with pytest.raises(server.ConnectionRefusedByServerError) as caught:
        server.try_connect(library, "pw")
    assert caught.value.message == (
        "Nothing answers at 127.0.0.1:1. Check the server name and port, and the network."
    )
