"""In the room nothing may change unless the facilitator meant it: the library's tabs stay in
the library, redo answers its shortcuts, undo says what it took back and where. Each test drives
the real main window and then reads the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.storage.library import Library
from workshop_app.ui.stages.library import LibraryPage

CTRL = Qt.KeyboardModifier.ControlModifier


def test_library_tabs_stay_in_the_library_while_a_workshop_is_open(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Ctrl+O, then the Portfolio tab, once opened Setup and typed the search into Division."""
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    before = library.workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_O, CTRL)
    page = window.library_page
    tabs = page.tabs.tabBar()
    for switch in ("click portfolio", "click workshops", "ctrl+tab", "ctrl+tab"):
        if switch.startswith("click"):
            index = 1 if switch.endswith("portfolio") else 0
            qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
        else:
            press(qtbot, window, Qt.Key.Key_Tab, CTRL)
        assert isinstance(window.pages.currentWidget(), LibraryPage), switch
        assert window.navigator.currentRow() == -1, switch
        search = page.portfolio.search if page.tabs.currentIndex() == 1 else page.search
        assert QApplication.focusWidget() is search, switch
        search.clear()
        qtbot.keyClicks(search, "barcode")
        assert search.text() == "barcode"
    window.flush_edits()
    assert library.workshop(demo_id) == before


def test_ctrl_shift_z_and_ctrl_y_redo(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    """Ctrl+Shift+Z was bound twice ("ambiguous shortcut"), so it did nothing."""
    workshop_id = library.create_workshop("Intake")
    library.add_item(workshop_id, "request", {"text": "A new CRM"})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)

    def kind() -> m.DecisionKind | None:
        ws = library.workshop(workshop_id)
        return ws.decision_for(ws.requests[0].id).kind

    press(qtbot, window, Qt.Key.Key_P)
    assert kind() is m.DecisionKind.PROCEED
    for redo in (CTRL | Qt.KeyboardModifier.ShiftModifier, CTRL):
        press(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert kind() is None
        press(qtbot, window, Qt.Key.Key_Z if redo != CTRL else Qt.Key.Key_Y, redo)
        assert kind() is m.DecisionKind.PROCEED
