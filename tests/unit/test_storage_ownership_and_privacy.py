"""Whose database it is (decided before anything writes), damage in one sentence with the way
out, the full integrity check on demand, and files and logs that keep the user's data private."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from tests.unit.storage_helpers import (
    files_beside,
    flip_a_byte_in_a_table_page,
    make_populated_db,
    one_sentence,
)
from workshop_app import crashlog
from workshop_app.cli import main
from workshop_app.storage import backup, db, files
from workshop_app.storage.db import DamagedDatabaseError, StorageError
from workshop_app.storage.operations import Library


def refusal(path: Path) -> StorageError:
    with pytest.raises(StorageError) as caught:
        Library(path)
    one_sentence(caught.value.message)
    return caught.value


def alembic_database(path: Path, version: str, tables: tuple[str, ...], wal: bool) -> None:
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (version,))
    for table in tables:
        connection.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
@pytest.mark.parametrize(
    ("tables", "said"),
    [
        (("users", "orders"), "a database of another program"),
        (("workshop", "goal"), "saved by a newer version of Workshop App"),
    ],
    ids=["another-program", "a-newer-workshop-app"],
)
def test_a_database_with_an_unknown_alembic_revision_stays_byte_identical(
    tmp_path: Path, tables: tuple[str, ...], said: str, wal: bool
) -> None:
    path = tmp_path / "theirs.sqlite3"
    alembic_database(path, "9f3a1c77e0b2", tables, wal)
    before = files_beside(path)
    error = refusal(path)
    assert said in error.message and "untouched" in error.message
    assert files_beside(path) == before  # same bytes (header 18-19 too), no -wal, no -shm
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.sqlite3"]  # no backups/


@pytest.mark.parametrize(
    "damage",
    ["drop workshop", "drop search", "empty alembic_version"],
)
def test_a_known_revision_missing_its_tables_is_damage_with_the_way_out(
    db_path: Path, damage: str
) -> None:
    make_populated_db(db_path)
    connection = sqlite3.connect(db_path)
    statement = {
        "drop workshop": "DROP TABLE signature",
        "drop search": "DROP TABLE search_text",
        "empty alembic_version": "DELETE FROM alembic_version",
    }[damage]
    connection.execute(statement)
    connection.commit()
    connection.close()
    before = files_beside(db_path)
    error = refusal(db_path)
    assert isinstance(error, DamagedDatabaseError)
    assert "is damaged" in error.message and "workshop-app restore" in error.message
    assert files_beside(db_path) == before


def test_a_flipped_byte_is_one_line_for_the_user_and_details_in_the_log(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workshop_id,) = make_populated_db(db_path)
    flip_a_byte_in_a_table_page(db_path)
    code = main(["--db", str(db_path), "export-json", workshop_id])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "is damaged" in err and "workshop-app restore" in err
    logged = crashlog.log_file().read_text(encoding="utf-8")
    assert "The quick check of a workshop database failed" in logged
    assert "SQLITE_CORRUPT" in logged.split("failed", 1)[1]  # SQLite's words, for who helps


def break_an_index(path: Path) -> None:
    """Index entries that no longer match their table: what only integrity_check notices."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_search_text_workshop_id "
        "ON search_text (item_id)' WHERE name = 'ix_search_text_workshop_id'"
    )
    connection.commit()
    connection.close()


def test_check_finds_what_the_quick_check_on_opening_does_not(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_populated_db(db_path)
    assert main(["--db", str(db_path), "check"]) == 0
    assert "intact" in capsys.readouterr().out
    break_an_index(db_path)
    library = Library(db_path)  # the quick check on opening passes: reading goes on
    assert library.workshops()
    problem = library.check_database()
    library.close()
    assert problem is not None and "is damaged" in problem
    one_sentence(problem)
    code = main(["--db", str(db_path), "check"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "") and err.count("\n") == 1 and "workshop-app restore" in err
    assert "missing from index" in crashlog.log_file().read_text(encoding="utf-8")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_its_companions_backups_and_log_are_the_owners_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "umask", os.umask)  # restored afterwards
    previous = os.umask(0o022)  # the usual: files readable by everyone
    try:
        make_populated_db(db_path)
        library = Library(db_path)
        library.create_workshop("Private")
        for companion in ("", "-wal", "-shm"):
            assert mode(Path(f"{db_path}{companion}")) == 0o600, companion
        library.close()
        made = Library(db_path)
        made.close()
        assert made.last_backup is not None and mode(made.last_backup) == 0o600
        assert mode(backup.backup_dir(db_path)) == 0o700
        assert crashlog.note("A finding", ["details"]) is not None
        assert mode(crashlog.log_file()) == 0o600 and mode(crashlog.log_file().parent) == 0o700
    finally:
        os.umask(previous)


def test_a_database_and_log_left_readable_by_others_are_made_private(db_path: Path) -> None:
    make_populated_db(db_path)
    db_path.chmod(0o644)
    Library(db_path).close()
    assert mode(db_path) == 0o600
    crashlog.log_file().write_text("written by an older version\n", encoding="utf-8")
    crashlog.log_file().chmod(0o644)
    crashlog.note("A finding", [])
    assert mode(crashlog.log_file()) == 0o600


def test_a_private_file_is_never_readable_by_others_not_even_before_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signing key: created 0600, not chmod-ed after it was already in place."""
    modes_at_rename: list[int] = []
    real_replace = os.replace

    def watching_replace(source: str | Path, target: str | Path) -> None:
        modes_at_rename.append(mode(Path(source)))
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", watching_replace)
    chmods: list[object] = []
    monkeypatch.setattr(files.os, "chmod", lambda *args: chmods.append(args))
    from workshop_app.report import identity

    made = identity.create_identity("Ana Pérez", "Example Ltd", "ana@example.com", "a passphrase")
    assert modes_at_rename[0] == 0o600  # the key; its public certificate follows
    assert not [c for c in chmods if ".p12" in str(c)]
    assert mode(made.path) == 0o600


def test_sql_errors_never_carry_workshop_text_into_the_log(db_path: Path) -> None:
    library = Library(db_path)
    secret = "María's confidential merger plan"
    with pytest.raises(OperationalError) as caught, library.engine.connect() as connection:
        connection.execute(text("INSERT INTO no_such_table VALUES (:v)"), {"v": secret})
    library.close()
    assert secret not in str(caught.value)
    crashlog.record(caught.type, caught.value, caught.tb)
    logged = crashlog.log_file().read_text(encoding="utf-8")
    assert secret not in logged and "OperationalError" in logged and "SQLITE_ERROR" in logged


def test_describe_tells_a_full_disk_from_a_failing_one(tmp_path: Path) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert db.describe(full, tmp_path / "w.sqlite3") == (
        "The disk is full, so the change could not be saved. Free some space and try again."
    )
    message = db.describe(full, tmp_path / "w.sqlite3", writing=False)
    assert message is not None and "is full" in message and "saved" not in message
