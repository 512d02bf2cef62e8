"""Against a real PostgreSQL server (tests/postgres.py; skipped in one line where none is
installed): who may write follows the server's privileges, set up with the GRANTs of
docs/team-library-roles.md, and a failed connection is one sentence without the password."""

from __future__ import annotations

import pytest

from tests.postgres import PASSWORD, PASSWORD_ROLE, Roles, Server
from workshop_app.storage import access, server
from workshop_app.storage.team import TeamLibrary


def test_the_documented_roles_give_a_facilitator_edits_and_a_viewer_reading(
    team_roles: Roles,
) -> None:
    import psycopg

    def reach(user: str) -> server.Reached:
        with psycopg.connect(team_roles.url(user)) as connection:
            return server.Reached(
                access.role_name(connection), access.may_write_postgresql(connection)
            )

    assert reach(team_roles.facilitator) == server.Reached(team_roles.facilitator, True)
    assert reach(team_roles.viewer) == server.Reached(team_roles.viewer, False)


def test_a_wrong_password_is_one_sentence_without_it(pg_server: Server | None) -> None:
    if pg_server is None or pg_server.socket_folder is None:
        pytest.skip("PostgreSQL half skipped: no private server on a unix socket here")
    target = pg_server.new_database()
    try:
        folder, database = pg_server.socket_folder, target.partition("?")[0].rsplit("/", 1)[1]
        library = TeamLibrary(host=folder, database=database, user=PASSWORD_ROLE)
        with pytest.raises(server.ConnectionRefusedByServerError) as caught:
            server.try_connect(library, "wrong p@ss")
        assert f"did not accept the user name “{PASSWORD_ROLE}”" in caught.value.message
        assert "p@ss" not in caught.value.message
        # Let in, and the server says what this role may do: nothing was granted to it.
        assert server.try_connect(library, PASSWORD) == server.Reached(PASSWORD_ROLE, False)
        missing = TeamLibrary(host=folder, database="nothing", user=PASSWORD_ROLE)
        with pytest.raises(server.ConnectionRefusedByServerError, match="no database named"):
            server.try_connect(missing, PASSWORD)
    finally:
        pg_server.drop(target)


def test_nothing_answering_is_one_sentence() -> None:
    library = TeamLibrary(host="127.0.0.1", port=1, database="w", user="u")
    with pytest.raises(server.ConnectionRefusedByServerError) as caught:
        server.try_connect(library, "pw")
    assert caught.value.message == (
        "Nothing answers at 127.0.0.1:1. Check the server name and port, and the network."
    )
