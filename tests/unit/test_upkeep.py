"""Opening for the window defers the quick check and the backup (storage/upkeep.py): the library
accepts edits at once, and nothing the checks or the backup guarantee is lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.unit.storage_helpers import flip_a_byte_in_a_table_page, make_populated_db
from workshop_app.storage import backup
from workshop_app.storage.operations import Library
from workshop_app.storage.upkeep import Upkeep


def changed_since_its_backup(path: Path) -> Path:
    """A library backed up once and then changed; returns that backup."""
    make_populated_db(path)
    library = Library(path)
    first = library.last_backup
    library.create_workshop("Changed since the backup")
    library.close()
    assert first is not None
    return first


def test_the_backup_follows_the_opening_and_still_comes_first_after_a_change(
    db_path: Path,
) -> None:
    first = changed_since_its_backup(db_path)
    library = Library(db_path, check_later=True)
    assert backup.backups(db_path) == [first]  # nothing copied while opening
    assert library.upkeep.pending()
    library.create_workshop("Accepted before the backup")
    assert library.upkeep.run() is None
    assert library.took_backup and library.last_backup != first
    assert library.last_backup is not None
    assert b"Accepted before the backup" in library.last_backup.read_bytes()
    assert not library.upkeep.pending()
    library.close()


class EditsOnce:
    """A stop signal that, at the first step of the backup, edits through another connection."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.edited = False

    def is_set(self) -> bool:
        if not self.edited:
            self.edited = True
            self.library.create_workshop("Edited while the backup ran")
        return False


def test_an_edit_made_while_the_backup_runs_is_not_lost_and_lands_in_the_next_backup(
    db_path: Path,
) -> None:
    changed_since_its_backup(db_path)
    window = Library(db_path, check_later=True)
    backup.STEP_PAGES, pages = 1, backup.STEP_PAGES  # many steps, so the edit comes between
    try:
        source = sqlite3.connect(db_path, isolation_level=None)
        editing = EditsOnce(window)
        taken = backup.backup_if_changed(source, db_path, stop=editing)  # type: ignore[arg-type]
        source.close()
    finally:
        backup.STEP_PAGES = pages
    assert editing.edited and taken is not None
    assert b"Edited while the backup ran" not in taken.read_bytes()  # one snapshot, whole
    window.close()
    reopened = Library(db_path, check_later=True)
    reopened.upkeep.run()
    assert reopened.last_backup not in (None, taken)
    assert reopened.last_backup is not None
    assert b"Edited while the backup ran" in reopened.last_backup.read_bytes()
    reopened.close()


def test_damage_found_after_the_opening_is_one_sentence_and_nothing_is_backed_up(
    db_path: Path,
) -> None:
    changed_since_its_backup(db_path)
    flip_a_byte_in_a_table_page(db_path)
    library = Library(db_path, check_later=True)  # the schema reads fine: it opens
    problem = library.upkeep.run()
    assert problem is not None and "is damaged" in problem and "workshop-app restore" in problem
    assert not library.took_backup and len(backup.backups(db_path)) == 1
    library.close()


def test_stopping_abandons_the_backup_and_leaves_no_part_behind(db_path: Path) -> None:
    first = changed_since_its_backup(db_path)
    library = Library(db_path, check_later=True)
    library.upkeep.stop()
    assert library.upkeep.run() is None
    assert backup.backups(db_path) == [first]
    assert not list(backup.backup_dir(db_path).glob("*.part*"))
    library.close()


def test_nothing_is_owed_without_check_later(db_path: Path) -> None:
    make_populated_db(db_path)
    library = Library(db_path)
    assert not (library.upkeep.quick_check or library.upkeep.backup)
    library.close()
    assert Upkeep(db_path).run() is None
