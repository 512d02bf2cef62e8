"""A log-out, a shut-down, Ctrl+C in the terminal or closing that terminal closes the window as
its close button does: what was just typed, not yet saved by the pause, reaches the disk first."""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import app_wide_state_kept, make_window, press
from workshop_app.storage.operations import Library
from workshop_app.ui import app as app_module
from workshop_app.ui.stages.setup.page import SetupStage


@pytest.fixture
def termination_closes_windows() -> Iterator[None]:
    """The app's handlers for this test, the test runner's own ones back afterwards."""
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    with app_wide_state_kept():
        app_module.close_on_termination(qapp)
        yield


def _title_on_disk(db: Path, workshop_id: str) -> str:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as raw:
        row = raw.execute("SELECT title FROM workshop WHERE id = ?", (workshop_id,)).fetchone()
    return str(row[0]) if row else ""


@pytest.mark.parametrize(
    "number", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=["SIGTERM", "SIGINT", "SIGHUP"]
)
def test_a_termination_signal_saves_what_was_typed_and_closes(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
    termination_closes_windows: None,
    number: signal.Signals,
) -> None:
    workshop_id = library.create_workshop("Old title")
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    stage = window.stage("setup")
    assert isinstance(stage, SetupStage)
    window.go_to_stage("setup")
    press(qtbot, window, Qt.Key.Key_End)
    qtbot.keyClicks(stage.title_edit, " 2027")
    assert stage.title_edit.pending  # typed, not yet saved
    assert _title_on_disk(library.path, workshop_id) == "Old title"

    os.kill(os.getpid(), number)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert _title_on_disk(library.path, workshop_id) == "Old title 2027"


def test_a_signal_while_the_window_is_still_being_built_closes_it_once_shown(
    qtbot: QtBot, library: Library, tmp_path: Path, termination_closes_windows: None
) -> None:
    """The handler runs wherever Python happens to be (here: before the window shows, as in a
    log-out during start-up); it leaves the closing to the event loop, which sees the window."""
    from PySide6.QtCore import QSettings

    from workshop_app.ui.main_window import MainWindow

    window = MainWindow(library, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    os.kill(os.getpid(), signal.SIGTERM)  # handled before the window is visible
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
