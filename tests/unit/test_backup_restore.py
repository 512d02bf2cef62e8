"""Automatic backups on open (only when something changed, at most KEEP of them) and restoring
from one (old content back, a safety copy kept, damaged databases replaced, bad input refused)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.unit.storage_helpers import (
    corrupt_middle_pages,
    files_beside,
    make_populated_db,
    one_sentence,
    set_alembic_revision,
)
from workshop_app.storage import backup, db
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library


def reopen(path: Path) -> Path | None:
    library = Library(path)
    library.close()
    return library.last_backup


def titles(path: Path) -> list[str]:
    library = Library(path, make_backup=False)
    try:
        return sorted(w.title for w in library.workshops())
    finally:
        library.close()


def add_workshop(path: Path, title: str) -> None:
    library = Library(path, make_backup=False)
    library.create_workshop(title)
    library.close()


def test_a_new_database_has_no_backup(db_path: Path) -> None:
    assert reopen(db_path) is None
    assert backup.backups(db_path) == []


def test_a_backup_is_made_only_when_something_changed(db_path: Path) -> None:
    add_workshop(db_path, "First")
    first = reopen(db_path)
    assert first is not None and backup.backups(db_path) == [first]
    for _ in range(3):  # unchanged: no new backup, the newest one is reported
        assert reopen(db_path) == first
    assert backup.backups(db_path) == [first]
    add_workshop(db_path, "Second")  # changed, possibly within the same clock tick
    second = reopen(db_path)
    assert second is not None and second != first
    assert backup.backups(db_path) == [second, first]
    assert titles(second) == ["First", "Second"] and titles(first) == ["First"]


def test_at_most_keep_backups_are_kept_newest_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "KEEP", 3)
    made = []
    for number in range(6):
        add_workshop(db_path, f"Workshop {number}")
        made.append(reopen(db_path))
    assert backup.backups(db_path) == list(reversed(made[-3:]))
    assert titles(backup.backups(db_path)[0]) == [f"Workshop {n}" for n in range(6)]


def test_backups_of_another_database_with_a_similar_name_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backup, "KEEP", 2)
    main, other = tmp_path / "workshops.sqlite3", tmp_path / "workshops-old.sqlite3"
    add_workshop(other, "Old")
    other_backup = reopen(other)
    for number in range(3):
        add_workshop(main, f"Main {number}")
        reopen(main)
    assert other_backup is not None and other_backup.exists()  # not pruned as one of main's
    assert other_backup not in backup.backups(main)
    assert backup.backups(other) == [other_backup]
    assert len(backup.backups(main)) == 2


def test_a_backup_is_one_self_contained_file(db_path: Path) -> None:
    add_workshop(db_path, "Solo")
    made = reopen(db_path)
    assert made is not None
    connection = sqlite3.connect(f"{made.as_uri()}?mode=ro", uri=True)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no -wal, -shm, .part


def test_restore_brings_back_old_content_and_keeps_a_safety_copy(db_path: Path) -> None:
    add_workshop(db_path, "Before")
    old = reopen(db_path)
    assert old is not None
    add_workshop(db_path, "Added later")
    safety = backup.restore(old, db_path)
    assert titles(db_path) == ["Before"]
    assert safety is not None and safety.name.endswith("-before-restore.sqlite3")
    assert titles(safety) == ["Added later", "Before"]
    assert safety in backup.backups(db_path)  # listed with the others, can be restored too
    backup.restore(safety, db_path)
    assert titles(db_path) == ["Added later", "Before"]


def test_restore_refuses_while_a_library_has_the_database_open(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restoring under an open window would lose what it saves next: refused, saying so."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    add_workshop(db_path, "Kept")
    old = reopen(db_path)
    assert old is not None
    library = Library(db_path)
    library.create_workshop("Saved while open")
    message = _refuse(old, db_path)
    assert "is open in another Workshop App window" in message and "nothing was restored" in message
    library.create_workshop("Saved after the refusal")  # the open library goes on working
    library.close()
    assert titles(db_path) == ["Kept", "Saved after the refusal", "Saved while open"]
    backup.restore(old, db_path)  # once it is closed, the restore goes ahead
    assert titles(db_path) == ["Kept"]


def test_restore_over_a_database_that_is_not_a_database_any_more(db_path: Path) -> None:
    add_workshop(db_path, "Precious")
    good = reopen(db_path)
    assert good is not None
    garbage = b"\x00garbage" * 4096
    db_path.write_bytes(garbage)
    kept = backup.restore(good, db_path)
    assert titles(db_path) == ["Precious"]
    assert kept is not None and kept.read_bytes() == garbage  # moved aside, not deleted


def test_restore_over_a_corrupted_database(db_path: Path) -> None:
    make_populated_db(db_path, copies=6)
    good = reopen(db_path)
    assert good is not None
    corrupt_middle_pages(db_path)
    damaged = db_path.read_bytes()
    with pytest.raises(StorageError, match="damaged"):
        Library(db_path)
    kept = backup.restore(good, db_path)
    assert kept is not None and kept.read_bytes() == damaged  # kept as it was, for recovery
    assert len(titles(db_path)) == 6
    connection = sqlite3.connect(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def _refuse(backup_path: Path, db_path: Path) -> str:
    before = files_beside(db_path)
    with pytest.raises(StorageError) as caught:
        backup.restore(backup_path, db_path)
    assert files_beside(db_path) == before  # the database was not touched
    one_sentence(str(caught.value))
    return str(caught.value)


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path, db_path: Path) -> None:
    add_workshop(db_path, "Current")
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n", encoding="utf-8")
    foreign = tmp_path / "other-app.sqlite"
    connection = sqlite3.connect(foreign)
    with connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    assert "not a Workshop App backup" in _refuse(text, db_path)
    assert "not a Workshop App backup" in _refuse(foreign, db_path)
    assert "There is no backup file" in _refuse(tmp_path / "missing.sqlite3", db_path)
    assert "is a folder, not a backup file" in _refuse(tmp_path, db_path)
    assert titles(db_path) == ["Current"]


def test_restore_refuses_a_damaged_or_newer_backup(tmp_path: Path, db_path: Path) -> None:
    add_workshop(db_path, "Current")
    damaged = tmp_path / "damaged.sqlite3"
    make_populated_db(damaged, copies=6)
    corrupt_middle_pages(damaged)
    assert "damaged" in _refuse(damaged, db_path)
    newer = tmp_path / "newer.sqlite3"
    make_populated_db(newer)
    set_alembic_revision(newer, "9999_from_the_future")
    assert "newer version of Workshop App" in _refuse(newer, db_path)


def test_restore_into_a_missing_folder(tmp_path: Path, db_path: Path) -> None:
    add_workshop(db_path, "Current")
    made = reopen(db_path)
    assert made is not None
    target = tmp_path / "gone" / "workshops.sqlite3"
    with pytest.raises(StorageError, match="does not exist"):
        backup.restore(made, target)
    assert not target.parent.exists()


def test_restore_while_the_database_is_busy_gives_up_in_time(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python's backup() would retry a locked destination forever; restore must not hang."""
    add_workshop(db_path, "Current")
    made = reopen(db_path)
    assert made is not None
    add_workshop(db_path, "Newer")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        message = _refuse(made, db_path)
        assert "is open in another Workshop App window" in message
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert titles(db_path) == ["Current", "Newer"]  # not moved aside as if it were damaged
