"""A full disk: reading, exporting elsewhere and closing keep working; only a write fails, with
the sentence that fits. On a real small full filesystem (a tmpfs, mounted when the tests run as
root on Linux) and through SQLite's own SQLITE_FULL, which runs everywhere."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

from tests.unit.storage_helpers import make_populated_db, one_sentence
from workshop_app import crashlog
from workshop_app.cli import main
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import backup
from workshop_app.storage.db import StorageError
from workshop_app.storage.operations import Library

FULL = "The disk is full, so the change could not be saved. Free some space and try again."


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs holding a populated database, then filled to the last byte."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a real full filesystem needs root on Linux to mount a tmpfs")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (no privilege in this container)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> None:
    """Write a file until the disk refuses another byte."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        for size in (1 << 16, 512, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                assert exc.errno == 28  # ENOSPC
    assert shutil.disk_usage(folder).free == 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_on_a_full_disk_reading_and_exporting_elsewhere_work_and_a_write_says_why(
    full_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = full_disk / "workshops.sqlite3"
    (workshop_id,) = make_populated_db(path)
    library = Library(path, make_backup=False)
    library.create_workshop("Changed since the last backup")  # the next open wants a backup
    library.close()
    fill(full_disk)

    code, out, err = run(capsys, "--db", str(path), "list")
    assert (code, err) == (0, "") and "Changed since the last backup" in out
    code, out, err = run(
        capsys, "--db", str(path), "export-pdf", workshop_id, "--out", str(tmp_path)
    )
    assert (code, err) == (0, "") and Path(out.strip()).read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, "--db", str(path), "demo")
    assert (code, out, err) == (1, "", f"workshop-app: {FULL}\n")

    assert not list((full_disk / "backups").glob("*.part*"))  # the failed backup cleaned up
    assert "The automatic backup failed" in crashlog.log_file().read_text(encoding="utf-8")
    (full_disk / "filler").unlink()  # room again: nothing was lost, and it opens as ever
    library = Library(path)
    assert len(library.workshops()) == 2
    library.close()


def test_on_a_full_disk_with_another_window_open_a_second_reader_works(
    full_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = full_disk / "workshops.sqlite3"
    (workshop_id,) = make_populated_db(path)
    window = Library(path)  # "the GUI", holding the database open
    window.create_workshop("Typed in the window")
    fill(full_disk)
    try:
        code, out, err = run(capsys, "--db", str(path), "list")
        assert (code, err) == (0, "") and "Typed in the window" in out
        code, out, err = run(
            capsys, "--db", str(path), "export-pdf", workshop_id, "--out", str(tmp_path)
        )
        assert (code, err) == (0, "")
        with pytest.raises(StorageError) as caught:
            window.create_workshop("No room for this one")
        assert caught.value.message == FULL
        assert "No room for this one" not in {w.title for w in window.workshops()}
    finally:
        window.close()


def real_sqlite_full() -> sqlite3.OperationalError:
    """SQLite's own SQLITE_FULL ("database or disk is full"), raised by SQLite itself."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE TABLE t (x)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        connection.execute("INSERT INTO t VALUES (randomblob(100000))")
    except sqlite3.OperationalError as exc:
        assert exc.sqlite_errorname == "SQLITE_FULL"
        return exc
    finally:
        connection.close()
    raise AssertionError("SQLite accepted the row")


def test_a_backup_failing_with_sqlite_full_never_blocks_reading(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (workshop_id,) = make_populated_db(db_path)
    attempts: list[Path] = []

    def full(_source: sqlite3.Connection, dest: Path, _stop: object = None) -> None:
        attempts.append(dest)
        raise real_sqlite_full()

    monkeypatch.setattr(backup, "copy_database", full)
    library = Library(db_path, make_backup=False)
    library.create_workshop("Not backed up yet")
    library.close()
    # A full open (`list` only reads the file) wants the backup, fails, and still reads.
    code, out, err = run(capsys, "--db", str(db_path), "export-json", workshop_id)
    assert (code, err) == (0, "") and json.loads(out)["workshop"]["id"] == workshop_id
    assert len(attempts) == 1  # it was tried, failed, and said nothing to the user
    assert "SQLITE_FULL" in crashlog.log_file().read_text(encoding="utf-8")


def test_a_write_failing_with_sqlite_full_says_the_disk_is_full(db_path: Path) -> None:
    make_populated_db(db_path)
    library = Library(db_path)

    def no_room(connection: sqlite3.Connection, _record: object) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(library.engine, "connect", no_room)
    library.engine.dispose()  # new connections, each with no room to grow
    with pytest.raises(StorageError) as caught:
        library.add_workshop(demo_workshop())  # needs pages the file may not grow by
    one_sentence(caught.value.message)
    assert caught.value.message == FULL
    assert len(library.workshops()) == 1  # reading is unaffected
    library.close()
