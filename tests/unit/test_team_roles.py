"""Who may do what on a real team library (tests/postgres.py), set up with the GRANTs of
docs/team-library-roles.md: a viewer opens it read-only and every change — in the app or on the
command line — is refused in the one sentence; a facilitator edits and the audit log names the
role; a role that must give its password connects with the one kept in the keyring, and a wrong
one is one sentence that never shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.keyring_memory import MemoryKeyring
from tests.postgres import PASSWORD, PASSWORD_ROLE, Roles, Server
from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.storage import access, credentials, team
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library

ROLE = PASSWORD_ROLE


@pytest.fixture
def server(pg_server: Server | None) -> Server:
    if pg_server is None:
        pytest.skip("PostgreSQL half skipped: no server here (tests/postgres.py)")
    return pg_server


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


def test_a_viewer_reads_and_every_change_is_refused_in_one_sentence(
    team_roles: Roles, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    viewer = Library(team_roles.url(team_roles.viewer))
    try:
        assert viewer.writable is False and viewer.actor == team_roles.viewer
        (summary,) = viewer.workshops()
        workshop = viewer.workshop(summary.id)  # reading is everything a viewer does
        with pytest.raises(UserError) as caught:
            viewer.set_field("workshop", workshop.id, "title", "Renamed by a viewer")
        assert caught.value.message == access.READ_ONLY
        with pytest.raises(UserError, match="editing needs a facilitator"):
            viewer.create_workshop("Another")
        assert viewer.workshop(summary.id).title == workshop.title
    finally:
        viewer.close()
    file = tmp_path / "w.json"
    file.write_text(json.dumps(interchange.to_dict(demo_workshop())), encoding="utf-8")
    assert main(["--db", team_roles.url(team_roles.viewer), "import", str(file)]) == 1
    assert _err(capsys) == f"workshop-app: {access.READ_ONLY}"
    assert main(["--db", team_roles.url(team_roles.viewer), "list"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_a_facilitator_edits_and_the_audit_log_names_the_role(team_roles: Roles) -> None:
    facilitator = Library(team_roles.url(team_roles.facilitator))
    try:
        assert facilitator.writable is True and facilitator.actor == team_roles.facilitator
        (summary,) = facilitator.workshops()
        facilitator.set_field("workshop", summary.id, "title", "Q3 — 中文 <b>ok</b>")
        workshop_id = facilitator.create_workshop("Made by Maria", facilitator="Someone Else")
        request_id = facilitator.add_item(workshop_id, "request", {"text": "A dashboard"})
        assert facilitator.workshop(summary.id).title == "Q3 — 中文 <b>ok</b>"
        last = facilitator.audit_log(summary.id)[-1]
        assert (last.action, last.field, last.actor) == ("edit", "title", team_roles.facilitator)
        entries = facilitator.audit_log(workshop_id)
        assert {e.actor for e in entries} == {team_roles.facilitator}  # not the named facilitator
        assert entries[-1].entity_id == request_id
    finally:
        facilitator.close()


def test_the_password_comes_from_the_keyring_and_a_wrong_one_is_one_sentence(
    server: Server, memory_keyring: MemoryKeyring
) -> None:
    url = server.new_database()
    try:
        server.run_in(
            url,  # a facilitator's privileges, as the roles document gives them
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}",
        )
        address = server.url(url.partition("?")[0].rsplit("/", 1)[1], PASSWORD_ROLE)
        library, in_address = team.parse(address)
        assert in_address is None  # the address never carries it
        with pytest.raises(StorageError) as caught:
            Library(address).close()
        assert "asks for the password" in caught.value.message
        assert credentials.remember(library, "wrong p@ss", in_keyring=True) is None
        credentials.clear_typed()  # from the keyring alone from here on
        with pytest.raises(StorageError) as caught:
            Library(address).close()
        said = caught.value.message
        assert f"did not accept the user name “{PASSWORD_ROLE}”" in said
        assert "p@ss" not in said and "p%40ss" not in said and said.count(".") <= 3
        assert credentials.remember(library, PASSWORD, in_keyring=True) is None
        credentials.clear_typed()
        assert memory_keyring.passwords == {(credentials.SERVICE, library.key()): PASSWORD}
        opened = Library(address)
        try:
            assert opened.writable is True and opened.actor == PASSWORD_ROLE
            workshop_id = opened.create_workshop("Behind a password")
            assert opened.audit_log(workshop_id)[-1].actor == PASSWORD_ROLE
            assert PASSWORD not in opened.location
        finally:
            opened.close()
    finally:
        server.drop(url)


SEARCHED_TABLES = ("workshop", "request", "need")  # each keeps its folded text (migration 0015)


def test_a_library_older_than_the_app_waits_for_its_owner_to_update_it(
    team_roles: Roles, server: Server
) -> None:
    server.run_in(  # as the library was before the newest migration
        team_roles.owner,
        *(f"ALTER TABLE {table} DROP COLUMN search_folded" for table in SEARCHED_TABLES),
        "UPDATE alembic_version SET version_num = '0014'",
    )
    for role in (team_roles.viewer, team_roles.facilitator):
        with pytest.raises(StorageError) as caught:
            Library(team_roles.url(role)).close()
        assert "needs an update that only its owner can make" in caught.value.message
    owner = Library(team_roles.owner)  # the owner's app updates it
    owner.close()
    viewer = Library(team_roles.url(team_roles.viewer))
    try:
        assert viewer.writable is False and len(viewer.workshops()) == 1
    finally:
        viewer.close()
