"""The command palette: forgiving search over every command, request and need; Enter runs,
Esc closes; shortcuts shown beside commands."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.palette import CommandPalette, Entry, match_score, rank
from workshop_app.ui.stages.decide.page import DecideStage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _nothing() -> None:
    pass


def test_matching_is_forgiving_but_not_random() -> None:
    assert match_score("decide", "Go to Decide") is not None
    assert match_score("gtd", "Go to Decide") is not None  # initials
    assert match_score("prsnt", "Presentation mode") is not None  # letters in order
    assert match_score("dec", "We need a new CRM by March") is None  # no word starts with d
    assert match_score("crm march", "We need a new CRM by March") is not None
    assert match_score("crm june", "We need a new CRM by March") is None
    assert match_score("", "anything") == 0.0
    entries = [
        Entry("Undo", _nothing),
        Entry("Go to Needs", _nothing),
        Entry("Next stage", _nothing),
        Entry("We need a new CRM by March", _nothing, "Request", detail="María González"),
    ]
    assert {e.title for e in rank(entries, "ne")[:2]} == {"Go to Needs", "Next stage"}
    assert rank(entries, "undo")[0].title == "Undo"
    # A match in the detail (who asked) finds the request too, after title matches.
    assert [e.title for e in rank(entries, "maria")] == []  # accents are not folded
    assert [e.title for e in rank(entries, "gonz")] == ["We need a new CRM by March"]


def _open_palette(
    qtbot: QtBot, window: MainWindow, *modifiers: Qt.KeyboardModifier
) -> CommandPalette:
    if modifiers:
        press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)
    else:
        press(qtbot, window, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), CommandPalette))
    palette = QApplication.activeWindow()
    assert isinstance(palette, CommandPalette)
    assert QApplication.focusWidget() is palette.query
    return palette


def test_ctrl_k_finds_a_command_and_enter_runs_it(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    palette = _open_palette(qtbot, window)
    # Every enabled command is there, with its shortcut to the right.
    entries = {e.title: e for e in palette.entries}
    assert entries["Go to Decide"].shortcut == "Ctrl+6"
    assert entries["Presentation mode"].shortcut == "F5"
    assert "Command palette" not in entries
    # Every request and every need is there too.
    assert sum(e.group == "Request" for e in palette.entries) == 6
    assert sum(e.group == "IT idea" for e in palette.entries) == 1  # IT's own, marked as such
    assert sum(e.group == "Need" for e in palette.entries) == 5

    qtbot.keyClicks(palette.query, "go dec")
    assert palette.titles()[0] == "Go to Decide"
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)  # Enter runs the top match
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is None)  # closed and gone
    assert window.current_stage() is not None and window.current_stage().key == "decide"


def test_arrows_choose_and_escape_closes(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("goals")
    palette = _open_palette(qtbot, window, SHIFT)
    qtbot.keyClicks(palette.query, "zzzzzz")
    assert palette.titles() == []
    assert palette.nothing.isVisible()
    palette.query.clear()
    qtbot.keyClicks(palette.query, "stage")
    assert palette.titles()[:2] == ["Next stage", "Previous stage"]
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    assert palette.results.currentRow() == 1
    qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is None)
    assert window.current_stage() is not None and window.current_stage().key == "goals"


def test_a_request_is_found_by_its_words_and_shown_where_you_are(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("decide")
    palette = _open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "weekly excel")
    assert palette.titles() == ["A weekly Excel export of all opportunities"]
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.findChild(CommandPalette) is None)
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)  # stayed on Decide, at that request
    excel = next(r for r in library.workshop(demo_id).requests if "Excel" in r.text)
    assert stage.current_request_id() == excel.id
