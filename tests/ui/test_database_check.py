"""File → Check database…: the full integrity check, off the UI thread, then what it found."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.unit.storage_helpers import make_populated_db
from tests.unit.test_storage_ownership_and_privacy import break_an_index
from workshop_app.storage.library import Library
from workshop_app.ui import dialogs


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
