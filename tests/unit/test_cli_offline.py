"""`check-out`, `check-in` and `checked-out` end to end: with two real library files, and from a
team library on a real PostgreSQL server, behind a password, into a laptop's file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests import postgres
from tests.keyring_memory import MemoryKeyring
from tests.postgres import PASSWORD, Server
from tests.postgres import PASSWORD_ROLE as ROLE
from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.core.demo import demo_workshop
from workshop_app.core.kind import Kind
from workshop_app.storage import credentials, signoff, team
from workshop_app.storage.operations import Library


@pytest.fixture
def files(tmp_path: Path) -> tuple[str, str, str]:
    team, laptop = tmp_path / "team.db", tmp_path / "laptop.db"
    library = Library(team)
    ws_id = library.add_workshop(demo_workshop())
    library.close()
    return str(team), str(laptop), ws_id


def _edit(path: str, kind: Kind, item_id: str, name: str, value: str) -> None:
    library = Library(path)
    try:
        library.set_field(kind, item_id, name, value)
    finally:
        library.close()


def _workshop(path: str, ws_id: str):  # type: ignore[no-untyped-def]
    library = Library(path)
    try:
        return library.workshop(ws_id)
    finally:
        library.close()


def test_out_and_back_with_a_conflict_settled_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
    files: tuple[str, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    team, laptop, ws_id = files
    monkeypatch.chdir(tmp_path)  # a relative --from is kept as the full path
    code, out, err = run(capsys, "--db", laptop, "check-out", ws_id[:8], "--from", "team.db")
    assert (code, err) == (0, "")
    assert f"is offline in {laptop}" in out and f"check-in {ws_id[:8]}" in out
    code, out, _ = run(capsys, "--db", team, "checked-out")
    assert "Checked out to " in out and ws_id[:8] in out
    code, out, _ = run(capsys, "--db", laptop, "checked-out")
    assert f"offline copy from {team}" in out

    ws = _workshop(team, ws_id)
    request, need = ws.requests[0], ws.needs[0]
    _edit(laptop, Kind.REQUEST, request.id, "deadline", "Offsite: March")
    _edit(team, Kind.REQUEST, request.id, "deadline", "Office: <b>June</b> 東京")
    _edit(laptop, Kind.NEED, need.id, "baseline", "measured at the offsite")
    monkeypatch.chdir("/")
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8])
    assert code == 1
    assert_one_line_error(err, "1 conflict to settle", "--take", "nothing was changed")
    assert "1 change from the offline copy" in out
    assert "1. Request “We need a new CRM by March” · deadline" in out
    assert "Offsite: March" in out and "Office: <b>June</b> 東京" in out
    assert _workshop(team, ws_id).needs[0].baseline == need.baseline  # nothing written yet

    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8], "--take", "9=mine")
    assert_one_line_error(err, "no conflict 9")
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id, "--take", "1=theirs")
    assert (code, err) == (0, "")
    assert "is back in" in out and "1 conflict settled" in out
    after = _workshop(team, ws_id)
    assert after.requests[0].deadline == "Office: <b>June</b> 東京"
    assert after.needs[0].baseline == "measured at the offsite"
    code, out, _ = run(capsys, "--db", team, "checked-out")
    assert out == "No workshop is taken offline from or to this library.\n"
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id)
    assert code == 1
    assert_one_line_error(err, "no workshop with the id")  # the copy went home


def test_check_out_to_another_library_and_refusals(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str, str], tmp_path: Path
) -> None:
    team, laptop, ws_id = files
    code, _, err = run(capsys, "check-out", ws_id, "--from", team, "--to", laptop)
    assert (code, err) == (0, "")
    code, _, err = run(capsys, "check-out", ws_id, "--from", team, "--to", str(tmp_path / "b.db"))
    assert code == 1
    assert_one_line_error(err, "already taken offline", "bring that copy back first")
    code, _, err = run(capsys, "check-out", "nope", "--from", team, "--to", laptop)
    assert code == 1
    assert_one_line_error(err, "no workshop with the id")
    code, _, err = run(capsys, "check-in", ws_id, "--db", laptop, "--take", "maybe")
    assert code == 1
    assert_one_line_error(err, "mine, theirs or both")
    code, out, err = run(capsys, "check-in", ws_id, "--db", laptop, "--take", "mine")
    assert (code, err) == (0, "")
    assert "0 changes from the offline copy, 0 from the team library." in out


def test_commands_on_a_workshop_taken_offline_warn_and_go_on(
    capsys: pytest.CaptureFixture[str], files: tuple[str, str, str]
) -> None:
    team, laptop, ws_id = files
    run(capsys, "--db", laptop, "check-out", ws_id, "--from", team)
    code, out, err = run(capsys, "--db", team, "export-json", ws_id)
    assert code == 0 and out.startswith("{")
    assert err.startswith("workshop-app: warning: Checked out to ") and err.count("\n") == 1


# -- from a team library on a PostgreSQL server --------------------------------------------------
@pytest.fixture
def team_behind_a_password(pg_server: Server | None) -> Iterator[tuple[str, str, str]]:
    """A team library holding the demo workshop, reached as a facilitator who must give a
    password: (the admin's address, the facilitator's address with the password in it, the
    workshop's id)."""
    if pg_server is None:
        pytest.skip(f"PostgreSQL half skipped: {postgres.unavailable()}")
    admin = pg_server.new_database()
    try:
        pg_server.run_in(
            admin,  # a facilitator's privileges, as docs/team-library-roles.md gives them
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}",
        )
        database = admin.partition("?")[0].rsplit("/", 1)[1]
        typed = pg_server.url(database, f"{ROLE}:{quote(PASSWORD, safe='')}")
        ws_id = _add_demo(admin)
        yield admin, typed, ws_id
    finally:
        pg_server.drop(admin)


def _add_demo(where: str) -> str:
    library = Library(where)
    try:
        return library.add_workshop(demo_workshop())
    finally:
        library.close()


def test_out_of_a_team_library_and_back_with_the_password_from_the_keyring(
    capsys: pytest.CaptureFixture[str],
    team_behind_a_password: tuple[str, str, str],
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    admin, typed, ws_id = team_behind_a_password
    laptop = str(tmp_path / "laptop.db")
    code, out, err = run(capsys, "--db", laptop, "check-out", ws_id[:8], "--from", typed)
    assert (code, err) == (0, "")
    assert f"is offline in {laptop}" in out and PASSWORD not in out
    where, _password = team.parse(typed)
    assert memory_keyring.passwords == {(credentials.SERVICE, where.key()): PASSWORD}
    credentials.clear_typed()  # a later run: the password comes from the keyring alone
    code, out, _ = run(capsys, "--db", laptop, "checked-out")
    assert f"offline copy from {where.url()}" in out and PASSWORD not in out
    for name in (laptop, f"{laptop}-wal"):  # the laptop's library never holds it
        assert not Path(name).exists() or PASSWORD.encode() not in Path(name).read_bytes()
    code, out, _ = run(capsys, "--db", admin, "checked-out")
    assert "Checked out to " in out and ws_id[:8] in out

    ws = _workshop(admin, ws_id)
    request, need = ws.requests[0], ws.needs[0]
    _edit(laptop, Kind.REQUEST, request.id, "deadline", "Offsite: March")
    _edit(admin, Kind.REQUEST, request.id, "deadline", "Office: <b>June</b> 東京")
    _edit(laptop, Kind.NEED, need.id, "baseline", "measured at the offsite 🚀")
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8])
    assert code == 1
    assert_one_line_error(err, "1 conflict to settle", "nothing was changed")
    assert "Offsite: March" in out and "Office: <b>June</b> 東京" in out
    assert _workshop(admin, ws_id).needs[0].baseline == need.baseline

    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id[:8], "--take", "mine")
    assert (code, err) == (0, "")
    assert f"is back in {where.url()}" in out and "1 conflict settled" in out
    after = _workshop(admin, ws_id)
    assert after.requests[0].deadline == "Offsite: March"
    assert after.needs[0].baseline == "measured at the offsite 🚀"
    code, out, _ = run(capsys, "--db", admin, "checked-out")
    assert out == "No workshop is taken offline from or to this library.\n"
    library = Library(admin)
    try:  # the audit log names the facilitator's role, who brought it back
        back = [e for e in library.audit_log(ws_id) if e.action == "bring back"]
        assert [e.actor for e in back] == [ROLE]
    finally:
        library.close()


def test_signed_off_in_the_team_library_meanwhile_comes_back_as_the_next_revision(
    capsys: pytest.CaptureFixture[str],
    team_behind_a_password: tuple[str, str, str],
    tmp_path: Path,
) -> None:
    admin, typed, ws_id = team_behind_a_password
    laptop = str(tmp_path / "laptop.db")
    code, _, err = run(capsys, "--db", laptop, "check-out", ws_id, "--from", typed)
    assert (code, err) == (0, "")
    credentials.clear_typed()
    request = _workshop(admin, ws_id).requests[0]
    _edit(laptop, Kind.REQUEST, request.id, "deadline", "Changed offsite")
    library = Library(admin)
    try:
        for person in library.workshop(ws_id).participants:
            if person.decision_maker:
                signoff.sign(library, ws_id, person.id, person.name)
        signed = library.workshop(ws_id)
        assert signed.is_locked
    finally:
        library.close()
    code, out, err = run(capsys, "--db", laptop, "check-in", ws_id)
    assert (code, err) == (0, "")
    assert "never merged" in out and "The changes are revision 2: " in out
    new_id = out.rsplit(": ", 1)[1].strip()
    assert _workshop(admin, ws_id) == signed  # exactly as signed
    nxt = _workshop(admin, new_id)
    assert nxt.requests[0].deadline == "Changed offsite" and not nxt.is_locked
