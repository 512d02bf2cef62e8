"""File → Backups…, Import…, Export JSON…, and the backups offered when the database or a
workshop is damaged: driven through the real window, dialogs built by their factories."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.unit.storage_helpers import corrupt_middle_pages
from tests.unit.test_silent_damage import _crash_after_saving, _flip
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.backup import backups
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs
from workshop_app.ui.backups import BackupsDialog
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.opening import LibraryOpening

OPEN_TIMEOUT_MS = 10_000


def _recording(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Replace a dialog factory with one that records what it built."""
    made: list[Any] = []
    real: Callable[..., Any] = getattr(dialogs, name)

    def record(*args: Any) -> Any:
        made.append(real(*args))
        return made[-1]

    monkeypatch.setattr(dialogs, name, record)
    return made


def _two_backups(path: Path) -> list[str]:
    """A database with backups of one workshop, then of three; returns the three ids."""
    library = Library(path)
    ids = [library.add_workshop(demo_workshop())]
    library.close()
    library = Library(path)  # changed since the last backup: backed up (1 workshop)
    ids += [library.add_workshop(m.Workshop(title=t)) for t in ("Finance", "People")]
    library.close()
    Library(path).close()  # backed up again (3 workshops)
    assert len(backups(path)) == 2
    return ids


def _damaged_with_backups(path: Path) -> None:
    _two_backups(path)
    library = Library(path)
    for _ in range(5):  # enough pages to damage in the middle
        library.add_workshop(demo_workshop())
    library.close()
    corrupt_middle_pages(path)


def _cells(dialog: BackupsDialog, row: int) -> list[str]:
    return [dialog.table.item(row, column).text() for column in range(4)]


def test_backups_lists_each_backup_and_restores_one(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    first, *later = _two_backups(path)
    library = Library(path)
    try:
        window = make_window(qtbot, library, tmp_path)
        window.open_workshop(later[0])  # open in the window: gone after the restore
        made = _recording(monkeypatch, "backups_dialog")
        window.actions_by_id["file.backups"].trigger()
        (dialog,) = made
        assert dialog.isVisible()  # open(), not exec(): nothing blocked
        assert [_cells(dialog, row)[2] for row in range(2)] == ["3", "1"]  # newest first
        assert all(_cells(dialog, row)[1].endswith("kB") for row in range(2))
        assert dialog.restore_button.isEnabled()  # the newest is selected

        dialog.table.selectRow(1)
        dialog.restore_button.click()

        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert [s.id for s in library.workshops()] == [first]
        assert window.session is None and window.sessions == {}
        assert window.pages.currentWidget() is window.library_page
        assert "Restored the backup of" in window.statusBar().currentMessage()
        assert any(p.name.endswith("-before-restore.sqlite3") for p in backups(path))
        library.add_workshop(m.Workshop(title="After the restore"))  # still usable
    finally:
        library.close()


def test_a_backup_that_cannot_be_restored_says_why_in_the_dialog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    _two_backups(path)
    library = Library(path)
    backups(path)[0].write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)  # a broken backup
    try:
        window = make_window(qtbot, library, tmp_path)
        made = _recording(monkeypatch, "backups_dialog")
        window.show_backups()
        (dialog,) = made
        try:
            assert _cells(dialog, 0)[2] == "unreadable"
            dialog.restore_button.click()
            assert dialog.isVisible() and not dialog.problem.isHidden()
            assert "damaged" in dialog.problem.text()
            assert len(library.workshops()) == 3  # nothing changed
        finally:
            dialog.close()
    finally:
        library.close()


@pytest.fixture
def opening(tmp_path: Path) -> Iterator[LibraryOpening]:
    made = LibraryOpening(tmp_path / "workshops.sqlite3")
    yield made
    made.wait()
    if made.is_finished() and made.error is None:
        made.library().close()


def _window_opening(qtbot: QtBot, opening: LibraryOpening, tmp_path: Path) -> MainWindow:
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    window.show()
    opening.start()
    return window


def test_a_damaged_database_offers_its_backups_and_opens_the_restored_one(
    qtbot: QtBot, tmp_path: Path, opening: LibraryOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = opening.path
    _damaged_with_backups(path)
    notices = _recording(monkeypatch, "cannot_open")
    made = _recording(monkeypatch, "backups_dialog")

    window = _window_opening(qtbot, opening, tmp_path)
    qtbot.waitUntil(lambda: bool(notices), timeout=OPEN_TIMEOUT_MS)
    (box,) = notices
    restore = next(b for b in box.buttons() if b.text() == "Restore from a backup…")
    restore.click()
    qtbot.waitUntil(lambda: bool(made))
    (dialog,) = made
    dialog.restore_button.click()  # the newest backup

    qtbot.waitUntil(
        lambda: opening.is_finished() and opening.error is None, timeout=OPEN_TIMEOUT_MS
    )
    qtbot.waitUntil(lambda: len(window.library_page.summaries) == 3)
    assert window.isVisible()
    assert any(".damaged-" in p.name or "before-restore" in p.name for p in path.parent.rglob("*"))


def test_a_damaged_database_closes_when_no_backup_is_restored(
    qtbot: QtBot, tmp_path: Path, opening: LibraryOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damaged_with_backups(opening.path)
    before = opening.path.read_bytes()
    notices = _recording(monkeypatch, "cannot_open")
    made = _recording(monkeypatch, "backups_dialog")
    window = _window_opening(qtbot, opening, tmp_path)
    qtbot.waitUntil(lambda: bool(notices), timeout=OPEN_TIMEOUT_MS)
    next(b for b in notices[0].buttons() if b.text() == "Restore from a backup…").click()
    qtbot.waitUntil(lambda: bool(made))
    made[0].reject()  # Close, nothing restored
    qtbot.waitUntil(lambda: not window.isVisible())
    assert opening.path.read_bytes() == before


def test_a_damaged_workshop_says_so_when_opened_and_still_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "workshops.sqlite3"
    library = Library(path)
    ws_id = library.add_workshop(demo_workshop())
    library.add_item(ws_id, "request", {"text": "Quotes for María take five days"})
    library.close()
    _flip(path, "for María".encode(), "for MaRía".encode())
    library = Library(path)
    try:
        window = make_window(qtbot, library, tmp_path)
        notices = _recording(monkeypatch, "damage_notice")
        backups_made = _recording(monkeypatch, "backups_dialog")
        window.open_workshop(ws_id)
        (box,) = notices
        assert box.isVisible() and "not as Workshop App last saved it" in box.informativeText()
        assert window.session is not None and window.session.workshop_id == ws_id
        next(b for b in box.buttons() if b.text() == "Backups…").click()
        qtbot.waitUntil(lambda: bool(backups_made))
        backups_made[0].close()
    finally:
        library.close()


def test_edits_lost_with_the_wal_are_reported_when_the_window_opens(
    qtbot: QtBot, tmp_path: Path, opening: LibraryOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    _crash_after_saving(opening.path)
    Path(f"{opening.path}-wal").unlink()
    Path(f"{opening.path}-shm").unlink()
    notices = _recording(monkeypatch, "damage_notice")
    window = _window_opening(qtbot, opening, tmp_path)
    qtbot.waitUntil(lambda: bool(notices), timeout=OPEN_TIMEOUT_MS)
    (box,) = notices
    assert "-wal" in box.informativeText()
    box.close()
    assert window.isVisible()


def test_import_then_export_json_from_the_file_menu(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Library(tmp_path / "elsewhere.sqlite3")
    shared = tmp_path / "shared.json"
    shared.write_text(source.export_json(source.add_workshop(demo_workshop())), encoding="utf-8")
    source.close()
    library = Library(tmp_path / "workshops.sqlite3")
    try:
        window = make_window(qtbot, library, tmp_path)
        assert not window.actions_by_id["file.export_json"].isEnabled()  # no workshop open
        monkeypatch.setattr(dialogs, "choose_import_file", lambda _w: shared)
        window.actions_by_id["file.import"].trigger()
        (summary,) = library.workshops()
        assert window.session is not None and window.session.workshop_id == summary.id
        assert "Imported" in window.statusBar().currentMessage()

        target = tmp_path / "out.json"
        monkeypatch.setattr(dialogs, "choose_json_target", lambda _w, _s: target)
        window.actions_by_id["file.export_json"].trigger()
        assert target.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
    finally:
        library.close()


def test_an_import_that_is_refused_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    library = Library(tmp_path / "workshops.sqlite3")
    try:
        window = make_window(qtbot, library, tmp_path)
        monkeypatch.setattr(dialogs, "choose_import_file", lambda _w: bad)
        notices = _recording(monkeypatch, "notice")
        window.import_workshop()
        (box,) = notices
        assert box.isVisible() and "expected a JSON object" in box.text()
        assert "\n" not in box.text()
        assert library.workshops() == []
        box.close()
    finally:
        library.close()


def test_the_file_menu_offers_import_export_and_backups(
    qtbot: QtBot, tmp_path: Path, library: Library
) -> None:
    window = make_window(qtbot, library, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert {"Import…", "Export JSON…", "Backups…"} <= set(texts)
