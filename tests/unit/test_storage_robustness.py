"""Bad databases: each is refused in one plain sentence that says what to do, never with a
traceback, and the file is never changed (its bytes are compared before and after)."""

from __future__ import annotations

import json
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from tests.unit.storage_helpers import (
    corrupt_middle_pages,
    files_beside,
    make_populated_db,
    one_sentence,
    run_as_ordinary_user,
    set_alembic_revision,
)
from workshop_app.core.errors import UserError
from workshop_app.storage import db
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library


def refuse_to_open(path: Path) -> str:
    with pytest.raises(StorageError) as caught:
        Library(path)
    message = str(caught.value)
    one_sentence(message)
    return message


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Shopping list: milk, eggs\n" * 200, encoding="utf-8")
    before = files_beside(path)
    message = refuse_to_open(path)
    assert "not a Workshop App database" in message and "restore" in message
    assert files_beside(path) == before  # nothing changed, no -wal or -shm appeared


def test_a_database_of_another_program_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    other = sqlite3.connect(path)
    with other:
        other.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        other.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    other.close()
    before = files_beside(path)
    message = refuse_to_open(path)
    assert "another program" in message and "left untouched" in message
    assert files_beside(path) == before  # not switched to WAL, no tables of ours added


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    library = Library(path)
    assert library.workshops() == []
    library.close()


def test_a_corrupted_database(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=6)
    corrupt_middle_pages(path)
    before = files_beside(path)
    message = refuse_to_open(path)
    assert "damaged" in message and "workshop-app restore" in message
    assert files_beside(path) == before


def test_a_database_from_a_newer_version_of_the_app(tmp_path: Path) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    set_alembic_revision(path, "9999_from_the_future")
    before = files_beside(path)
    message = refuse_to_open(path)
    assert "newer version of Workshop App" in message and "Update" in message
    assert files_beside(path) == before


def test_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "workshops.sqlite3"
    message = refuse_to_open(path)
    assert "does not exist" in message
    assert not path.parent.exists()  # not created behind the user's back


def test_a_folder_given_as_the_database(tmp_path: Path) -> None:
    assert "is a folder" in refuse_to_open(tmp_path)


def test_a_locked_database_reports_busy_within_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    (workshop_id,) = make_populated_db(path)
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    library = Library(path)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
        before = path.read_bytes()
        started = time.monotonic()
        with pytest.raises(StorageError) as caught:
            library.set_field("workshop", workshop_id, "location", "Elsewhere")
        waited = time.monotonic() - started
        one_sentence(str(caught.value))
        assert "busy in another Workshop App window or process" in str(caught.value)
        assert 0.25 <= waited < 5, waited  # it waited for busy_timeout, then gave up
        assert path.read_bytes() == before
        assert library.workshop(workshop_id).location != "Elsewhere"  # reading still works
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    library.set_field("workshop", workshop_id, "location", "Elsewhere")  # free again: it works
    assert library.workshop(workshop_id).location == "Elsewhere"
    library.close()


_OPEN_AND_REPORT = """
import json, sys
from workshop_app.core.errors import UserError
from workshop_app.storage.operations import Library
results = []
for path in sys.argv[1:] or {paths!r}:
    try:
        Library(path).close()
        results.append("opened")
    except UserError as exc:
        results.append(str(exc))
print(json.dumps(results))
"""


def _open_as_ordinary_user(*paths: Path, prelude: str = "") -> list[str]:
    code = prelude + _OPEN_AND_REPORT.format(paths=[str(p) for p in paths])
    result = run_as_ordinary_user(code)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return list(json.loads(result.stdout))


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Path:
    """A folder holding a populated database, with the file and the folder made read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    make_populated_db(folder / "workshops.sqlite3")
    (folder / "workshops.sqlite3").chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    yield folder
    folder.chmod(stat.S_IRWXU)
    (folder / "workshops.sqlite3").chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_database_and_folder(read_only_folder: Path) -> None:
    path = read_only_folder / "workshops.sqlite3"
    before = files_beside(path)
    existing, new = _open_as_ordinary_user(path, read_only_folder / "new.sqlite3")
    one_sentence(existing)
    one_sentence(new)
    assert "is read-only" in existing and "permissions" in existing
    assert "Cannot create a workshop database" in new and "read-only" in new
    assert files_beside(path) == before
    assert not (read_only_folder / "new.sqlite3").exists()


def test_sqlite_refusing_a_read_only_file_is_still_one_sentence(read_only_folder: Path) -> None:
    """Even when the permission pre-check is fooled, SQLite's own refusal becomes a sentence."""
    path = read_only_folder / "workshops.sqlite3"
    before = files_beside(path)
    fooled = "import os\nos.access = lambda *args, **kwargs: True\n"
    (message,) = _open_as_ordinary_user(path, prelude=fooled)
    one_sentence(message)
    assert str(path) in message
    assert "read-only" in message or "cannot be opened" in message
    assert files_beside(path) == before


def test_errors_a_user_can_act_on_are_user_errors() -> None:
    """The CLI and the GUI show UserError as a sentence; StorageError must be one."""
    assert issubclass(StorageError, UserError)
    assert db.describe(sqlite3.OperationalError("no such table: goal"), Path("x")) is None
