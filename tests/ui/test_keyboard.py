"""Keyboard only: every stage is reachable with Ctrl+1…8 and Ctrl+PgUp/PgDn, the cursor lands
where typing starts, and Tab moves on within the stage."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import STAGE_KEYS
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.base import Stage

CTRL = Qt.KeyboardModifier.ControlModifier
NUMBER_KEYS = (
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_5,
    Qt.Key.Key_6,
    Qt.Key.Key_7,
    Qt.Key.Key_8,
)


def _focus() -> QWidget | None:
    return QApplication.focusWidget()


def _assert_arrived(window: MainWindow, key: str) -> Stage:
    stage = window.current_stage()
    assert stage is not None and stage.key == key
    assert window.navigator.currentRow() == STAGE_KEYS.index(key)
    focus = _focus()
    if stage.focus_widget is not None:  # stages still being built may not have one yet
        assert focus is stage.focus_widget, (key, focus)
        assert focus.isVisible()
    return stage


def _assert_tab_moves_on(qtbot: QtBot, window: MainWindow, stage: Stage) -> None:
    start = _focus()
    if stage.focus_widget is None or start is None:
        return
    press(qtbot, window, Qt.Key.Key_Tab)
    after = _focus()
    assert after is not None and after is not start, stage.key
    assert after.isVisible() and after.window() is window
    press(qtbot, window, Qt.Key.Key_Backtab)


def test_every_stage_by_number_with_the_cursor_where_typing_starts(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    press(qtbot, window, Qt.Key.Key_O, CTRL)  # the library first
    assert window.current_stage() is None
    window.open_workshop(demo_id)
    for number, key in zip(NUMBER_KEYS, STAGE_KEYS, strict=True):
        press(qtbot, window, number, CTRL)
        stage = _assert_arrived(window, key)
        _assert_tab_moves_on(qtbot, window, stage)


def test_stepping_through_the_stages_and_round_the_end(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    for key in (*STAGE_KEYS[1:], STAGE_KEYS[0]):
        press(qtbot, window, Qt.Key.Key_PageDown, CTRL)
        _assert_arrived(window, key)
    for key in (STAGE_KEYS[-1], *reversed(STAGE_KEYS[:-1])):
        press(qtbot, window, Qt.Key.Key_PageUp, CTRL)
        _assert_arrived(window, key)


def test_deciding_a_workshop_without_the_mouse(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Intake")
    for text in ("A new CRM", "A chatbot"):
        library.add_item(workshop_id, "request", {"text": text})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    press(qtbot, window, Qt.Key.Key_P)  # proceed
    press(qtbot, window, Qt.Key.Key_Return)  # write why
    qtbot.keyClicks(_focus(), "Small and aligned")
    press(qtbot, window, Qt.Key.Key_Tab)  # owner
    qtbot.keyClicks(_focus(), "Priya")
    press(qtbot, window, Qt.Key.Key_Escape)  # back to the decision buttons
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_X)  # decline
    ws = library.workshop(workshop_id)
    first, second = (ws.decision_for(r.id) for r in ws.requests)
    assert (first.kind.value if first.kind else None, first.rationale, first.owner) == (
        "proceed",
        "Small and aligned",
        "Priya",
    )
    assert second.kind is not None and second.kind.value == "decline"
    assert window.navigator.item(5).text().endswith("2/2")


def test_the_stage_list_is_made_with_the_first_workshop_and_tabbed_to_before_the_stage(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """The start screen shows no stage list, so the window's start does not make one; made
    later, it still comes where it stands on screen, right before the page area."""
    window = make_window(qtbot, library, tmp_path)
    assert window._navigator is None
    window.open_workshop(demo_id)
    navigator = window.navigator
    assert navigator.isVisible()
    navigator.setFocus()
    qtbot.waitUntil(lambda: _focus() is navigator)
    press(qtbot, window, Qt.Key.Key_Tab)
    focus = _focus()
    area = window.pages.parentWidget().parentWidget()  # the scroll area the pages are in
    assert focus is area, focus
    press(qtbot, window, Qt.Key.Key_Backtab)
    assert _focus() is navigator
