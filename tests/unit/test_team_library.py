"""A team library on a real PostgreSQL server (tests/postgres.py): the same migrations, the same
search results as a library file, `copy-library` both ways byte for byte, and one sentence for
every failure a person can act on, on the command line and never a traceback."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from tests.postgres import PASSWORD, PASSWORD_ROLE, Server
from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import capacity, migrate, results, search, signoff, tables
from workshop_app.storage.catalog import WorkshopSummary
from workshop_app.storage.copying import ENGINE_OWN
from workshop_app.storage.operations import Library


@pytest.fixture
def server(pg_server: Server | None) -> Server:
    if pg_server is None:
        pytest.skip("PostgreSQL half skipped: no server here (tests/postgres.py)")
    return pg_server


@pytest.fixture
def team_url(server: Server) -> Iterator[str]:
    """A new database on the server with nothing in it yet (not even the schema)."""
    url = server.empty_database()
    yield url
    server.drop(url)


def _people(library: Library, workshop_id: str) -> dict[str, m.Participant]:
    return {p.name: p for p in library.workshop(workshop_id).participants}


def _full_library(path: Path) -> list[str]:
    """A library holding what a year of work leaves: a signed-off revision and the one after
    it, a result, capacities, a draft with text from everywhere, and the audit log of it all."""
    library = Library(path)
    try:
        signed = library.add_workshop(demo_workshop())
        for person in sorted(_people(library, signed).values(), key=lambda p: p.decision_maker):
            signoff.sign(library, signed, person.id, person.name)
        second = signoff.reopen(library, signed)
        need = library.workshop(second).needs[0]
        results.record(library, need.id, "42 % fewer tickets", note="Ünïcode ✓ 中文 עברית")
        capacity.set_capacity(library, "2027 Q1", 120, 250_000)
        capacity.set_capacity(library, "2027 Q2", 80)
        draft = library.create_workshop("Straße der Einheit — İstanbul 50%_off", division="R&D")
        library.add_item(draft, "request", {"text": "Payroll <b>fix</b> \\ back-slash"})
        return [w.id for w in library.workshops()]
    finally:
        library.close()


def _rows(target: str | Path) -> dict[str, int]:
    library = Library(target, make_backup=False)
    try:
        with library.read() as s:
            return {
                table: s.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in tables.metadata.tables
                if table not in ENGINE_OWN
            }
    finally:
        library.close()


def _exports(target: str | Path, ids: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    found = []
    for workshop_id in ids:
        assert main(["--db", str(target), "export-json", workshop_id]) == 0
        found.append(capsys.readouterr().out)
    return found


def test_copy_library_to_a_server_and_back_keeps_every_export_byte_for_byte(
    tmp_path: Path, team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source, back = tmp_path / "laptop.sqlite3", tmp_path / "back.sqlite3"
    ids = _full_library(source)
    assert main(["copy-library", str(source), team_url]) == 0
    assert "Copied 3 workshops" in capsys.readouterr().out
    assert main(["copy-library", team_url, str(back)]) == 0
    capsys.readouterr()

    original = _exports(source, ids, capsys)
    assert _exports(team_url, ids, capsys) == original
    assert _exports(back, ids, capsys) == original
    assert _rows(source) == _rows(team_url) == _rows(back)
    assert _rows(source)["audit_entry"] > 10 and _rows(source)["result"] == 1
    for target in (team_url, back):
        copy = Library(target, make_backup=False)
        try:
            assert [c.period for c in capacity.capacities(copy)] == ["2027 Q1", "2027 Q2"]
            assert [a.action for a in copy.audit_log(ids[-1])] == [
                a.action for a in Library(source).audit_log(ids[-1])
            ]
            assert all(copy.content_problem(i) is None for i in ids)
            # The copy goes on working: its audit log numbering continues after the copied one.
            copy.set_field("workshop", ids[0], "location", "Room 2")
        finally:
            copy.close()


def test_copy_library_refuses_a_library_that_holds_workshops(
    tmp_path: Path, team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "laptop.sqlite3"
    _full_library(source)
    assert main(["copy-library", str(source), team_url]) == 0
    capsys.readouterr()
    assert main(["copy-library", str(source), team_url]) == 1
    err = capsys.readouterr().err
    assert "already holds a library" in err and err.count("\n") == 1 and "Traceback" not in err
    assert main(["copy-library", str(source), str(source)]) == 1
    assert "into itself" in capsys.readouterr().err


_QUERIES = [
    "pay", "PAYROLL", "p", "ay", "é", "STRASSE", "straße", "i̇stanbul", "50%", "%", "_", "%_",
    "\\", "<b>", "r&d", "sales", "q3 alignment", "zzz-nowhere", "  crm  ", "ü", "中文",
    "50%_off\nr&d", "off r&", "offr&d", "fix</b>\n", "crm\nfür",
]  # fmt: skip


def _line(summary: WorkshopSummary) -> tuple[str, str]:
    return summary.updated_at, summary.id


def test_search_finds_the_same_workshops_on_both_engines(
    tmp_path: Path, team_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "laptop.sqlite3"
    _full_library(source)
    laptop = Library(source)
    laptop.add_item(laptop.workshops()[0].id, "request", {"text": "Über-CRM für 中文 teams"})
    laptop.close()
    assert main(["copy-library", str(source), team_url]) == 0
    laptop, team = Library(source), Library(team_url)
    try:
        for query in _QUERIES:
            assert team.matching_ids(query) == laptop.matching_ids(query), query
            # The same lines; workshops changed in the same second may come in either order.
            assert sorted(team.workshops(query), key=_line) == sorted(
                laptop.workshops(query), key=_line
            ), query
            assert [w.updated_at for w in team.workshops(query)] == [
                w.updated_at for w in laptop.workshops(query)
            ]
        assert team.matching_ids("payroll") and len(team.matching_ids("%_")) == 1  # escaped
        for library in (laptop, team):  # an edit is found at once, the old words no longer
            draft = next(w.id for w in library.workshops() if w.division == "R&D")
            library.set_field("workshop", draft, "division", "Ωmega ΣΟΦΊΑ")
            assert library.matching_ids("σοφία") == {draft}
            assert draft not in library.matching_ids("r&d")
    finally:
        laptop.close()
        team.close()


def test_the_search_on_a_server_is_answered_by_its_trigram_indexes(server: Server) -> None:
    url = server.new_database()
    library = Library(url)
    try:
        library.add_workshop(demo_workshop())
        sql, parameters = search.matching_workshop_ids("payroll", "postgresql")
        with library.read() as s:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(s.execute(text(f"EXPLAIN {sql}"), parameters).scalars())
        # Each table's stored folded text (migration 0015): the check after the index reads it.
        for table in ("workshop", "request", "need"):
            assert f"Bitmap Index Scan on search_trgm_{table}" in plan
        assert "casefold" not in plan
    finally:
        library.close()
        server.drop(url)


def test_migrating_a_new_team_library_gives_exactly_the_models_schema(team_url: str) -> None:
    library = Library(team_url)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        with library.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": search.include_name}
            )
            assert compare_metadata(context, tables.metadata) == []
            names = set(
                connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                ).scalars()
            )
        assert names == set(tables.metadata.tables) | {"alembic_version"}  # no FTS5, no copies
    finally:
        library.close()
    again = Library(team_url)  # a second start finds nothing to do
    again.close()


def test_the_change_counter_moves_with_writes_only(server: Server) -> None:
    url = server.new_database()
    library = Library(url)
    try:
        start = library.change_count()
        workshop_id = library.create_workshop("Counted")
        assert library.change_count() == start + 1 == library.written
        library.workshops("counted")
        library.set_field("workshop", workshop_id, "title", "Counted")  # nothing changes
        assert library.change_count() == start + 1
    finally:
        library.close()
        server.drop(url)


def _one_sentence(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert all(word in err for word in words), err
    return err


def test_file_backups_restore_and_check_say_that_a_server_keeps_its_own(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.new_database()
    try:
        assert main(["--db", url, "backups"]) == 1
        _one_sentence(capsys, "pg_dump")
        assert main(["--db", url, "restore", str(tmp_path / "x.sqlite3")]) == 1
        _one_sentence(capsys, "pg_dump")
        assert main(["--db", url, "check"]) == 0
        assert "pg_dump" in capsys.readouterr().out
        library = Library(url)
        with pytest.raises(Exception, match="pg_dump"):
            library.restore_backup(tmp_path / "x.sqlite3")
        library.close()
    finally:
        server.drop(url)


def test_a_missing_database_an_unknown_server_and_a_wrong_password_are_one_sentence(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", server.url("no_such_library"), "list"]) == 1
    _one_sentence(capsys, "no database named", "no_such_library")
    assert main(["--db", "postgresql://nobody@/x?host=/nonexistent-folder", "list"]) == 1
    _one_sentence(capsys, "Nothing answers")
    wrong_url = re.sub(r"//[^@/]*@", f"//{PASSWORD_ROLE}:wrong@", server.url("postgres"))
    assert main(["--db", wrong_url, "list"]) == 1
    err = _one_sentence(capsys, "did not accept the user name")
    assert "wrong" not in err  # never the password
    right = wrong_url.replace(":wrong@", f":{PASSWORD}@")
    assert main(["--db", right, "list"]) in (0, 1)  # let in; may lack rights to migrate
    capsys.readouterr()
    assert main(["--db", "postgresql://", "list"]) == 1
    _one_sentence(capsys, "names no database")


@pytest.fixture
def server_without_tls() -> Iterator[int]:
    """A TCP port whose server answers a TLS request with "no" (as PostgreSQL does with
    ssl=off): the client, told to require TLS, must give up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def answer() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(8)  # the SSLRequest
            connection.sendall(b"N")
            connection.recv(1024)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    thread.join(timeout=10)
    listener.close()


def test_a_failed_tls_connection_is_one_sentence(
    server_without_tls: int, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"postgresql://someone@127.0.0.1:{server_without_tls}/team?sslmode=require"
    assert main(["--db", url, "list"]) == 1
    _one_sentence(capsys, "No secure connection", "127.0.0.1")
