"""File → Check database…: the full integrity check, off the UI thread, then what it found."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.unit.storage_helpers import make_populated_db
from tests.unit.test_storage_ownership_and_privacy import break_an_index
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.opening import LibraryOpening


def run_check(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> QMessageBox:
    shown: list[QMessageBox] = []
    real = dialogs.database_check_result

    def capture(window: object, problem: str | None) -> QMessageBox:
        box = real(window, problem)  # type: ignore[arg-type]
        shown.append(box)
        return box

    monkeypatch.setattr(dialogs, "database_check_result", capture)
    library = Library(db_path)
    window = make_window(qtbot, library, tmp_path)
    action = window.actions_by_id["file.check_database"]
    assert action.isEnabled()  # no workshop needs to be open
    action.trigger()
    qtbot.waitUntil(lambda: bool(shown) and shown[0].isVisible())
    box = shown[0]
    qtbot.addWidget(box)
    box.grab().save(str(tmp_path / "check.png"))
    box.close()
    library.close()
    return box


def test_an_intact_database_is_said_to_be_intact(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    box = run_check(qtbot, db_path, tmp_path, monkeypatch)
    assert "intact" in box.text() and box.icon() == QMessageBox.Icon.Information


def test_damage_is_one_sentence_with_the_way_out(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    break_an_index(db_path)
    box = run_check(qtbot, db_path, tmp_path, monkeypatch)
    assert "is damaged" in box.text() and "workshop-app restore" in box.text()
    assert "missing from index" not in box.text()  # SQLite's findings are in the log only
    assert box.icon() == QMessageBox.Icon.Warning


def test_damage_found_in_the_background_after_a_backup_is_shown(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    Library(db_path).close()  # the backup of what is there now
    break_an_index(db_path)
    library = Library(db_path, make_backup=False)
    library.create_workshop("Changed since the backup")  # so the next open takes one
    library.close()
    shown: list[str | None] = []
    monkeypatch.setattr(
        dialogs, "database_check_result", lambda _w, problem: shown.append(problem) or QMessageBox()
    )
    opening = LibraryOpening(db_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    opening.start()
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown[0] is not None and "is damaged" in shown[0]
    opening.library().close()


def test_no_background_check_when_nothing_changed(
    qtbot: QtBot, db_path: Path, tmp_path: Path
) -> None:
    make_populated_db(db_path)
    Library(db_path).close()
    opening = LibraryOpening(db_path)
    with qtbot.waitSignal(opening.settled, timeout=20_000):
        opening.start()
    library = opening.library()
    assert not library.took_backup  # and so the worker ends without checking
    library.close()
