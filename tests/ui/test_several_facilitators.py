"""Two facilitators in one library, seen from the window: a refused write says so in one
sentence, shows what the other facilitator saved and keeps what was typed; another writer's
change appears by itself, without disturbing the field being typed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.storage.versions import STALE
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.base import Stage

TYPED = "Lisbon — 会議室 <i>Tejo</i> 🙂 مرحبا"


@pytest.fixture
def other(db_path: Path, library: Library) -> Iterator[Library]:
    """The other facilitator's laptop: a second library on the same database."""
    second = Library(db_path, make_backup=False)
    yield second
    second.close()


def _setup(qtbot: QtBot, library: Library, tmp_path: Path, demo_id: str) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.watching.interval = 0.05  # look often: the test waits for it, never sleeps
    window.open_workshop(demo_id)
    window.go_to_stage("setup")
    return window


def _editor(window: MainWindow, field: str):
    stage = window.current_stage()
    assert isinstance(stage, Stage) and stage.key == "setup"
    editor = getattr(stage, f"{field}_edit")
    assert editor.field == field
    return editor


def test_a_stale_write_is_refused_in_one_sentence_and_what_was_typed_is_kept(
    qtbot: QtBot, library: Library, other: Library, tmp_path: Path, demo_id: str
) -> None:
    window = _setup(qtbot, library, tmp_path, demo_id)
    window.watching.stop()  # the other change arrives while this window does not look
    location = _editor(window, "location")
    other.set_field(Kind.WORKSHOP, demo_id, "location", "Porto, room Douro")

    location.setFocus()
    location.selectAll()
    location.insert(TYPED)  # typed over (QTest cannot type characters outside Latin-1)
    qtbot.keyClick(location, Qt.Key.Key_Return)  # saves now

    assert window.statusBar().currentMessage() == f"⚠ {STALE}"
    assert location.text() == "Porto, room Douro"  # the view is refreshed
    assert library.workshop(demo_id).location == "Porto, room Douro"  # theirs is not lost
    assert not window.session.undo_stack.canUndo()  # the refused edit is no undo step
    button = window.watching.copy_button
    assert button.isVisible() and button.text() == "Copy what I typed"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == TYPED  # nothing typed is lost
    assert window.statusBar().currentMessage().startswith("Copied what you typed")

    # Typed again over the refreshed view, it is saved.
    location.selectAll()
    location.insert(TYPED)
    qtbot.keyClick(location, Qt.Key.Key_Return)
    assert library.workshop(demo_id).location == TYPED
    assert other.workshop(demo_id).location == TYPED


def test_another_writers_change_shows_without_disturbing_the_field_being_typed_in(
    qtbot: QtBot, library: Library, other: Library, tmp_path: Path, demo_id: str
) -> None:
    window = _setup(qtbot, library, tmp_path, demo_id)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: window.watching.running)
    title, location = _editor(window, "title"), _editor(window, "location")

    other.set_field(Kind.WORKSHOP, demo_id, "location", "Porto, room Douro")
    qtbot.waitUntil(lambda: location.text() == "Porto, room Douro", timeout=10_000)

    title.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    title.end(False)
    qtbot.keyClicks(title, ", day two")  # still being typed: not saved yet
    typed = title.text()
    participant = session.workshop.participants[0]
    other.set_field(Kind.PARTICIPANT, participant.id, "name", "Ana Lima")

    # The other change shows once the typing is saved; the field being typed in stays as it is.
    qtbot.waitUntil(lambda: session.workshop.participants[0].name == "Ana Lima", timeout=10_000)
    assert title.text() == typed
    assert title.hasFocus() and title.cursorPosition() == len(typed)
    assert library.workshop(demo_id).title == typed  # saved: another row, so no conflict
    assert window.statusBar().currentMessage() != f"⚠ {STALE}"
    assert not window.watching.copy_button.isVisible()


def test_typing_over_a_row_another_facilitator_changed_meanwhile_is_refused(
    qtbot: QtBot, library: Library, other: Library, tmp_path: Path, demo_id: str
) -> None:
    """The watcher does not read the workshop again under a field being typed in, so the save
    is checked against the version the typing started from."""
    window = _setup(qtbot, library, tmp_path, demo_id)
    qtbot.waitUntil(lambda: window.watching.running)
    title = _editor(window, "title")
    title.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    title.end(False)
    qtbot.keyClicks(title, " (draft)")
    typed = title.text()
    other.set_field(Kind.WORKSHOP, demo_id, "title", "Their title")

    qtbot.waitUntil(lambda: title.text() == "Their title", timeout=10_000)
    assert window.statusBar().currentMessage() == f"⚠ {STALE}"
    assert window.watching.kept_text == typed
    assert library.workshop(demo_id).title == "Their title"


def test_typing_that_saves_nothing_still_lets_the_other_change_show(
    qtbot: QtBot, library: Library, other: Library, tmp_path: Path, demo_id: str
) -> None:
    window = _setup(qtbot, library, tmp_path, demo_id)
    session = window.session
    assert session is not None
    qtbot.waitUntil(lambda: window.watching.running)
    title = _editor(window, "title")
    title.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is title)
    title.end(False)
    qtbot.keyClicks(title, "x")
    qtbot.keyClick(title, Qt.Key.Key_Backspace)  # back as it was: its save writes nothing
    participant = session.workshop.participants[0]
    other.set_field(Kind.PARTICIPANT, participant.id, "name", "Ana Lima")
    qtbot.waitUntil(lambda: session.workshop.participants[0].name == "Ana Lima", timeout=10_000)


def test_the_watcher_stops_with_the_window(
    qtbot: QtBot, library: Library, tmp_path: Path, demo_id: str
) -> None:
    window = _setup(qtbot, library, tmp_path, demo_id)
    qtbot.waitUntil(lambda: window.watching.running)
    window.close()
    assert not window.watching.running
