"""Backups taken only after a change (a counter in the database, not file times), safety copies
that rotation never prunes, interrupted backups cleaned up, and restore never losing a saved edit
to another process writing at the same time."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.unit.storage_helpers import make_populated_db
from workshop_app.storage import backup, db
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library


def counter(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return db.change_count(connection)
    finally:
        connection.close()


def open_and_close(path: Path) -> Path | None:
    library = Library(path)
    library.close()
    return library.last_backup


def test_opening_an_unchanged_database_copies_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    first = open_and_close(db_path)
    copies: list[Path] = []
    real_copy = backup.copy_database
    monkeypatch.setattr(
        backup,
        "copy_database",
        lambda source, dest, stop=None: (copies.append(dest), real_copy(source, dest, stop)),
    )
    window = Library(db_path)  # creates the -wal that the old check mistook for a change
    assert open_and_close(db_path) is None  # open elsewhere: no backup is even considered
    window.close()
    for _ in range(3):
        assert open_and_close(db_path) == first
    assert copies == []


def test_no_backup_is_attempted_while_another_window_has_the_database_open(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    open_and_close(db_path)
    window = Library(db_path)
    window.create_workshop("Changed in the window")
    attempts: list[Path] = []
    monkeypatch.setattr(
        backup, "copy_database", lambda _source, dest, _stop=None: attempts.append(dest)
    )
    assert open_and_close(db_path) is None
    assert attempts == []
    window.close()
    monkeypatch.undo()
    made = open_and_close(db_path)  # alone now: the change is backed up
    assert made is not None and "Changed in the window" in made.read_bytes().decode(
        "utf-8", "replace"
    )


def test_every_saved_change_and_only_a_change_moves_the_counter(db_path: Path) -> None:
    make_populated_db(db_path)
    library = Library(db_path)
    workshop_id = library.create_workshop("Counted")
    title_set = counter(db_path)
    library.set_field("workshop", workshop_id, "title", "Counted")  # the same value: no change
    assert counter(db_path) == title_set
    library.set_field("workshop", workshop_id, "title", "Counted again")
    assert counter(db_path) == title_set + 1
    library.close()
    made = open_and_close(db_path)
    assert made is not None and "Counted again" in made.read_bytes().decode("utf-8", "replace")


def test_a_database_from_before_the_counter_is_backed_up_once_then_counted(
    db_path: Path,
) -> None:
    make_populated_db(db_path)
    connection = sqlite3.connect(db_path)
    connection.execute("PRAGMA user_version = 0")  # as every database written before it
    connection.close()
    first = open_and_close(db_path)
    assert first is not None and counter(db_path) > 0
    assert open_and_close(db_path) == first
    assert len(backup.backups(db_path)) == 1


def test_the_safety_copy_of_a_restore_outlives_the_rotation(db_path: Path) -> None:
    make_populated_db(db_path)
    old = open_and_close(db_path)
    assert old is not None
    safety = backup.restore(old, db_path)
    assert safety is not None
    for n in range(backup.KEEP + 2):
        library = Library(db_path)
        library.create_workshop(f"Import {n}")
        library.close()
    assert open_and_close(db_path) is not None
    kept = backup.backups(db_path)
    assert safety in kept
    assert len([p for p in kept if p != safety]) == backup.KEEP


def test_pieces_of_an_interrupted_backup_go_on_the_next_open(db_path: Path) -> None:
    make_populated_db(db_path)
    folder = backup.backup_dir(db_path)
    folder.mkdir(exist_ok=True)
    stale = [
        folder / "workshops-20260101-101010-000001.sqlite3.part",
        folder / "workshops-20260101-101010-000001.sqlite3.part-journal",
        folder / "workshops-20260101-101010-000002-before-restore.sqlite3.part",
    ]
    others = [folder / "workshops-old-20260101-101010-000001.sqlite3.part", folder / "notes.txt"]
    window = Library(db_path)
    for piece in stale + others:
        piece.write_bytes(b"\0" * 4096)
    open_and_close(db_path)  # while another window has it open, its backup may be running
    assert all(p.exists() for p in stale)
    window.close()
    open_and_close(db_path)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in others)  # another database's, and not a backup at all


def test_a_backup_killed_half_way_is_cleaned_on_the_next_open(db_path: Path) -> None:
    """A real process killed (SIGKILL) inside the online backup, leaving its .part behind."""
    make_populated_db(db_path, copies=3)
    library = Library(db_path, make_backup=False)
    library.create_workshop("Changed")
    library.close()
    code = textwrap.dedent(
        f"""
        import os, signal, sqlite3, sys
        from pathlib import Path
        from workshop_app.storage import backup
        from workshop_app.storage.operations import Library

        real_connect = sqlite3.connect
        def connect_then_die(target, *args, **kwargs):
            if str(target).endswith(".part"):
                os.kill(os.getpid(), signal.SIGKILL)  # mid-backup, .part already created
            return real_connect(target, *args, **kwargs)
        backup.sqlite3.connect = connect_then_die
        Library(Path({str(db_path)!r}))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, timeout=120)
    assert result.returncode == -9
    assert list(backup.backup_dir(db_path).glob("*.part*"))
    made = open_and_close(db_path)
    assert made is not None
    assert sorted(p.name for p in backup.backup_dir(db_path).iterdir()) == [made.name]


WRITER = """
import sys
from workshop_app.core.errors import UserError
from workshop_app.storage.operations import Library

path, count, hold = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "hold"
library = Library(path, make_backup=False) if hold else None
for n in range(count):
    try:
        current = library or Library(path, make_backup=False)
        current.create_workshop(f"edit {n}")
        if not hold:
            current.close()
    except UserError:
        continue  # refused while the restore held the file: not saved, and not acknowledged
    print(n, flush=True)  # acknowledged: the facilitator saw it saved
print("done", flush=True)
sys.stdin.readline()  # a holding writer keeps the database open until the test lets go
"""


def start_writer(db_path: Path, count: int, hold: bool) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(count), "hold" if hold else "each"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )


def acknowledged_until(writer: subprocess.Popen[str], at_least: int) -> list[int]:
    assert writer.stdout is not None
    acks: list[int] = []
    while len(acks) < at_least:
        line = writer.stdout.readline()
        assert line and line != "done\n", "the writer stopped early"
        acks.append(int(line))
    return acks


def rest_of(writer: subprocess.Popen[str]) -> list[int]:
    """The edits acknowledged until the writer finished."""
    assert writer.stdout is not None and writer.stdin is not None
    writer.stdin.close()  # it may let go once its edits are done
    with writer.stdout:
        acks = [int(line) for line in writer.stdout if line != "done\n"]
    assert writer.wait(timeout=120) == 0
    return acks


def all_titles(*paths: Path) -> set[str]:
    found: set[str] = set()
    for path in paths:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        found |= {row[0] for row in connection.execute("SELECT title FROM workshop")}
        connection.close()
    return found


def test_restore_racing_a_writer_that_reopens_for_every_edit_loses_no_saved_edit(
    db_path: Path,
) -> None:
    make_populated_db(db_path)
    old = open_and_close(db_path)
    assert old is not None
    writer = start_writer(db_path, count=60, hold=False)
    acks = acknowledged_until(writer, 5)
    safeties = []
    for _ in range(3):
        try:
            safety = backup.restore(old, db_path)
        except StorageError as exc:  # the writer had it open at that instant: said, not lost
            assert "is open in another Workshop App window" in exc.message
        else:
            assert safety is not None
            safeties.append(safety)
        acks += acknowledged_until(writer, 3)
    acks += rest_of(writer)
    assert safeties, "no restore got in between the edits"
    kept = all_titles(db_path, *safeties)
    assert {f"edit {n}" for n in acks} <= kept


def test_restore_refuses_while_a_writer_process_holds_the_database(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    make_populated_db(db_path)
    old = open_and_close(db_path)
    assert old is not None
    writer = start_writer(db_path, count=30, hold=True)
    acks = acknowledged_until(writer, 5)
    with pytest.raises(StorageError) as caught:
        backup.restore(old, db_path)
    assert re.search(
        r"is open in another Workshop App window .* nothing was restored", str(caught.value)
    )
    acks += rest_of(writer)
    assert len(acks) == 30
    assert {f"edit {n}" for n in acks} <= all_titles(db_path)
