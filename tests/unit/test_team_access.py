"""A team library's address, its password in the keyring, who may write, who the log names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import keyring
import pytest

from tests.keyring_memory import MemoryKeyring, NoKeyring
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.core.kind import Kind
from workshop_app.storage import access, credentials, location, team
from workshop_app.storage.operations import Library
from workshop_app.storage.team import TeamAddressError, TeamLibrary, Tls

AWKWARD_USERS = ["ana", "a@b.example", "dom\\user", "x:y/z%20", "Zoë Ğül", "李雷", "o'neil #1"]


@pytest.mark.parametrize("user", AWKWARD_USERS)
@pytest.mark.parametrize("database", ["workshops", "cio office/2027", "portfolio%", "Ünïcode"])
def test_an_address_round_trips_whatever_the_names(user: str, database: str) -> None:
    library = TeamLibrary(host="db.example.org", database=database, user=user, port=6543)
    url = library.url()
    assert url.startswith("postgresql://")
    assert url.count("@") == 1  # the user's own @ is encoded
    parsed, password = team.parse(url)
    assert parsed == library
    assert password is None


def test_tls_settings_round_trip_with_the_ca_file() -> None:
    ca = "/etc/ssl/certs/cio office CA/ça.pem"
    library = TeamLibrary(
        host="db.example.org", database="w", user="u", tls=Tls.VERIFY_FULL, ca_file=ca
    )
    url = library.url()
    assert "sslmode=verify-full" in url
    assert team.parse(url)[0] == library
    required = TeamLibrary(host="h", database="w", user="u", tls=Tls.REQUIRE)
    assert required.url() == "postgresql://u@h:5432/w?sslmode=require"
    assert team.parse("postgresql://u@h/w")[0].tls is Tls.OFF


def test_an_ipv6_server_gets_brackets() -> None:
    library = TeamLibrary(host="fd00::5", database="w", user="u")
    assert "@[fd00::5]:5432/" in library.url()
    assert team.parse(library.url())[0].host == "fd00::5"


@pytest.mark.parametrize("password", ["s3cret", "p@ss:w/rd%", "пароль ✓", "a b&c=d;e"])
def test_a_password_in_a_pasted_address_is_taken_out_and_never_put_back(password: str) -> None:
    from urllib.parse import quote

    pasted = f"postgresql://{quote('Zoë@x', safe='')}:{quote(password, safe='')}@h:5432/w"
    library, found = team.parse(pasted)
    assert found == password
    assert library.user == "Zoë@x"
    assert password not in library.url() and quote(password, safe="") not in library.url()
    assert library.key() == "Zoë@x@h:5432/w"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("could not connect: postgresql://ana:hunter2@db/w", "hunter2"),
        ("host=db user=ana password=hunter2 dbname=w", "hunter2"),
        ("host=db password='hun ter2' dbname=w", "hun ter2"),
        ("postgresql://ana@db/w?password=hunter2&sslmode=require", "hunter2"),
        ("postgresql+psycopg://ana:p%40ss@db/w", "p%40ss"),
    ],
)
def test_redaction_takes_every_password_out(text: str, secret: str) -> None:
    redacted = team.redact(text)
    assert secret not in redacted
    assert team.HIDDEN in redacted
    assert "db" in redacted  # the rest stays readable


def test_redaction_of_a_known_secret_anywhere() -> None:
    assert "p@ss" not in team.redact("auth failed for p@ss", secret="p@ss")
    assert "p%40ss" not in team.redact("x p%40ss y", secret="p@ss")


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"host": "", "database": "w", "user": "u"}, "server"),
        ({"host": "h", "database": "", "user": "u"}, "database"),
        ({"host": "h", "database": "w", "user": ""}, "user name"),
        ({"host": "h", "database": "w", "user": "u", "port": 0}, "port"),
        ({"host": "h:5432", "database": "w", "user": "u"}, "port"),
        ({"host": "h", "database": "w", "user": "u", "tls": Tls.VERIFY_FULL}, "CA certificate"),
    ],
)
def test_an_unusable_address_is_one_sentence(values: dict[str, object], words: str) -> None:
    with pytest.raises(TeamAddressError) as caught:
        TeamLibrary(**values)  # type: ignore[arg-type]
    assert words in caught.value.message
    assert caught.value.message.count(".") <= 2 and "\n" not in caught.value.message


def test_bad_addresses_are_refused_in_words() -> None:
    with pytest.raises(TeamAddressError, match="postgresql://"):
        team.parse("mysql://u@h/w")
    with pytest.raises(TeamAddressError, match="port"):
        team.parse("postgresql://u@h:99999/w")


def test_display_names_never_show_a_password() -> None:
    assert team.display_name("postgresql://ana:pw@db.example.org/w") == "ana@db.example.org/w"
    assert team.display_name("postgresql://ana@db:6000/w") == "ana@db:6000/w"
    assert team.display_name("/home/ana/workshops.sqlite3") == "/home/ana/workshops.sqlite3"
    assert location.is_team_url("postgres://x@y/z") and not location.is_team_url("C:/x.sqlite3")


# -- the keyring --------------------------------------------------------------------------------
LIB = TeamLibrary(host="db.example.org", database="workshops", user="Zoë@cio")


def test_a_remembered_password_is_in_the_keyring_under_its_key(
    memory_keyring: MemoryKeyring,
) -> None:
    assert credentials.remember(LIB, "p@ss:w/rd", in_keyring=True) is None
    assert memory_keyring.passwords == {
        ("Workshop App", "Zoë@cio@db.example.org:5432/workshops"): "p@ss:w/rd"
    }
    credentials.clear_typed()
    assert credentials.password_for(LIB.url()) == "p@ss:w/rd"
    assert credentials.connect_args(LIB.url()) == {"password": "p@ss:w/rd"}
    credentials.forget(LIB)
    assert memory_keyring.passwords == {}
    assert credentials.connect_args(LIB.url()) == {}


def test_a_password_asked_each_time_stays_in_memory_only(memory_keyring: MemoryKeyring) -> None:
    credentials.remember(LIB, "typed", in_keyring=False)
    assert memory_keyring.passwords == {}
    assert credentials.password_for(LIB.url()) == "typed"
    assert credentials.password_for("/a/file.sqlite3") is None


def test_without_a_keyring_nothing_raises_and_it_says_so_once() -> None:
    keyring.set_keyring(NoKeyring())
    assert credentials.keyring_problem() == credentials.NO_KEYRING
    assert credentials.remember(LIB, "pw", in_keyring=True) == credentials.NO_KEYRING
    assert credentials.password_for(LIB.url()) == "pw"  # asked each time: kept for this run
    credentials.clear_typed()
    assert credentials.saved_password(LIB) is None
    credentials.forget(LIB)  # nothing to forget, and no error either


# -- who may write, who the log names ---------------------------------------------------------
def _read_only(path: Path) -> None:
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP)


def test_a_read_only_file_opens_for_reading_and_refuses_every_write(db_path: Path) -> None:
    lib = Library(db_path)
    workshop_id = lib.add_workshop(demo_workshop())
    lib.close()
    before = db_path.read_bytes()
    _read_only(db_path)
    viewer = Library(db_path)
    try:
        assert not viewer.writable
        assert viewer.workshop(workshop_id).title == demo_workshop().title
        assert [w.id for w in viewer.workshops()] == [workshop_id]
        for write in (
            lambda: viewer.set_field(Kind.WORKSHOP, workshop_id, "title", "Changed"),
            lambda: viewer.create_workshop("Another"),
            lambda: viewer.delete_workshop(workshop_id),
        ):
            with pytest.raises(UserError) as caught:
                write()
            assert caught.value.message == access.READ_ONLY
    finally:
        viewer.close()
    assert db_path.read_bytes() == before  # not a byte changed, whoever ran the test
    os.chmod(db_path, 0o600)
    assert Library(db_path).writable


def test_the_audit_log_names_the_facilitator_else_the_login(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(access, "os_login", lambda: "ana.k")
    named = library.create_workshop("Sales", facilitator="María López")
    library.set_field(Kind.WORKSHOP, named, "division", "Sales")
    unnamed = library.create_workshop("IT")
    library.set_field(Kind.WORKSHOP, unnamed, "division", "IT")
    assert {r.actor for r in library.audit_log(unnamed)} == {"ana.k"}
    assert library.audit_log(named)[-1].actor == "María López"
    library.actor = "facilitator_ana"  # what a server's current_user gives
    library.set_field(Kind.WORKSHOP, named, "division", "Sales & Ops")
    assert library.audit_log(named)[-1].actor == "facilitator_ana"


def test_a_writable_file_is_writable_and_a_missing_folder_is_not(tmp_path: Path) -> None:
    assert access.may_write_file(tmp_path / "new.sqlite3")
    assert not access.may_write_file(tmp_path / "missing" / "new.sqlite3")


def test_the_pdf_appendix_names_who_changed_what(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    from workshop_app.cli import main
    from workshop_app.storage.audit import summary_lines

    lib = Library(db_path)
    workshop_id = lib.create_workshop("Sales", facilitator="María López")
    lib.set_field(Kind.WORKSHOP, workshop_id, "division", "Sales")
    lib.actor = "jonas_k"  # as on a team library: the connected role
    lib.set_field(Kind.WORKSHOP, workshop_id, "division", "Sales & Ops")
    lines = summary_lines(lib.audit_log(workshop_id))
    lib.close()
    assert lines[1].endswith(" · María López · edit workshop: division")
    assert lines[2].endswith(" · jonas_k · edit workshop: division")
    out = tmp_path / "summary.pdf"
    code = main(["--db", str(db_path), "export-pdf", workshop_id, "--audit", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Appendix: audit summary" in text
    assert "María López" in text and "jonas_k" in text
