"""In the room nothing may change unless the facilitator meant it: the library's tabs stay in
the library, redo answers its shortcuts, undo says what it took back and where. Each test drives
the real main window and then reads the database."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.helpers import app_wide_state_kept, make_window, press
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.library.page import LibraryPage
from workshop_app.ui.stages.decide.page import DecideStage
from workshop_app.ui.stages.goals.page import GoalsStage
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.stages.requests.page import RequestsStage
from workshop_app.ui.stages.setup.page import SetupStage
from workshop_app.ui.theme import apply_theme

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
    for switch in ("click portfolio", "click workshops", "ctrl+tab", "ctrl+tab", "ctrl+tab"):
        if switch.startswith("click"):
            index = 1 if switch.endswith("portfolio") else 0
            qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(index).center())
        else:
            press(qtbot, window, Qt.Key.Key_Tab, CTRL)
        assert isinstance(window.pages.currentWidget(), LibraryPage), switch
        assert window.navigator.currentRow() == -1, switch
        if page.tabs.currentWidget() is page.views.roadmap_tab:  # the timeline, to move with arrows
            assert QApplication.focusWidget() is page.roadmap.timeline, switch
            qtbot.keyClicks(page.roadmap.timeline, "barcode")
            continue
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


def test_text_left_in_add_fields_comes_back_unconfirmed_after_closing(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Closing lost what was typed into an "add" field without Enter; it must come back into
    the same field next time, and never be added without the facilitator pressing Enter."""
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    requests = window.stage("requests")
    assert isinstance(requests, RequestsStage)
    qtbot.keyClicks(requests.capture, "A barcode scanner for the warehouse")
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    goals = window.stage("goals")
    assert isinstance(goals, GoalsStage)
    qtbot.keyClicks(goals.groups[m.GoalLevel.DIVISION].capture, "Halve returns")
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    needs = window.stage("needs")
    assert isinstance(needs, NeedsStage)
    rung_for = needs.panel.ladder.need_id
    needs.panel.ladder.new_rung.insert("Because returns cost us 3 % — ünïcode too")
    before = library.workshop(demo_id)
    window.close()
    assert library.workshop(demo_id) == before  # nothing added on closing

    again = make_window(qtbot, library, tmp_path)
    again.open_workshop(demo_id)  # reopens on Needs, where it was left
    needs = again.stage("needs")
    assert isinstance(needs, NeedsStage)
    assert needs.panel.ladder.need_id == rung_for
    assert needs.panel.ladder.new_rung.text() == "Because returns cost us 3 % — ünïcode too"
    assert "not added yet" in again.statusBar().currentMessage()
    press(qtbot, again, Qt.Key.Key_2, CTRL)
    goals = again.stage("goals")
    assert isinstance(goals, GoalsStage)
    assert goals.groups[m.GoalLevel.DIVISION].capture.text() == "Halve returns"
    assert goals.groups[m.GoalLevel.COMPANY].capture.text() == ""
    goals.groups[m.GoalLevel.DIVISION].capture.clear()  # not wanted after all
    press(qtbot, again, Qt.Key.Key_1, CTRL)
    press(qtbot, again, Qt.Key.Key_2, CTRL)
    assert goals.groups[m.GoalLevel.DIVISION].capture.text() == ""  # and it stays gone
    press(qtbot, again, Qt.Key.Key_3, CTRL)
    requests = again.stage("requests")
    assert isinstance(requests, RequestsStage)
    assert requests.capture.text() == "A barcode scanner for the warehouse"
    assert library.workshop(demo_id) == before
    requests.capture.setFocus()
    press(qtbot, again, Qt.Key.Key_Return)  # the facilitator confirms it: now it is added
    assert library.workshop(demo_id).requests[-1].text == "A barcode scanner for the warehouse"
    again.close()
    third = make_window(qtbot, library, tmp_path)
    third.open_workshop(demo_id)
    press(qtbot, third, Qt.Key.Key_3, CTRL)
    requests = third.stage("requests")
    assert isinstance(requests, RequestsStage)
    assert requests.capture.text() == ""


def test_undo_on_another_stage_says_what_and_where_and_goes_there(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Ctrl+Z on Goals once took back a due date on Decide without a word."""
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    decide = window.current_stage()
    assert isinstance(decide, DecideStage)
    press(qtbot, window, Qt.Key.Key_Down)  # request 2, on the decision buttons
    second = library.workshop(demo_id).requests[1]
    decide.card.due.setFocus()
    decide.card.due.selectAll()
    qtbot.keyClicks(decide.card.due, "2026-12-24")
    press(qtbot, window, Qt.Key.Key_Return)
    assert library.workshop(demo_id).decision_for(second.id).due_date == "2026-12-24"

    press(qtbot, window, Qt.Key.Key_2, CTRL)
    goals = window.current_stage()
    assert isinstance(goals, GoalsStage)
    goals.groups[m.GoalLevel.COMPANY].table.setFocus()  # not a field with its own undo
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.workshop(demo_id).decision_for(second.id).due_date != "2026-12-24"
    assert window.statusBar().currentMessage() == "Undid: due date · Decide · request 2"
    assert window.current_stage() is decide
    assert decide.current_request_id() == second.id

    press(qtbot, window, Qt.Key.Key_2, CTRL)
    window.history.redo_action.trigger()
    assert library.workshop(demo_id).decision_for(second.id).due_date == "2026-12-24"
    assert window.statusBar().currentMessage() == "Redid: due date · Decide · request 2"
    assert window.current_stage() is decide


def test_ctrl_z_in_an_empty_field_undoes_the_last_change(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """An empty text field swallowed Ctrl+Z, so the shortcut the status bar offers was dead."""
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    request = library.workshop(demo_id).requests[0]
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    press(qtbot, window, Qt.Key.Key_X)
    assert library.workshop(demo_id).decision_for(request.id).kind is m.DecisionKind.DECLINE
    press(qtbot, window, Qt.Key.Key_2, CTRL)  # the cursor in Goals' empty capture field
    assert QApplication.focusWidget() is window.stage("goals").focus_widget
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.workshop(demo_id).decision_for(request.id).kind is not m.DecisionKind.DECLINE
    assert window.statusBar().currentMessage() == "Undid: decision · Decide · request 1"


def test_a_table_drop_down_shows_every_choice_and_enter_then_esc_keeps_it(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """With the theme's padded rows the list was one row short, and Esc after choosing with
    Enter threw the choice away."""
    with app_wide_state_kept():
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.open_workshop(demo_id)
        press(qtbot, window, Qt.Key.Key_3, CTRL)
        stage = window.current_stage()
        assert isinstance(stage, RequestsStage)
        urgency = stage.table.model().index(0, 3)
        stage.table.setFocus()
        stage.table.setCurrentIndex(urgency)
        stage.table.edit(urgency)
        combo = QApplication.focusWidget()
        assert isinstance(combo, QComboBox)
        combo.showPopup()
        view = combo.view()
        qtbot.waitUntil(view.isVisible)
        assert view.verticalScrollBar().maximum() == 0  # nothing hidden behind a scroll arrow
        qtbot.keyClick(view, Qt.Key.Key_End)
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not view.isVisible())
        press(qtbot, window, Qt.Key.Key_Escape)
        assert library.workshop(demo_id).requests[0].urgency is m.Urgency.CRITICAL


def test_asked_by_and_the_facilitator_suggest_the_participants(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    names = [p.name for p in library.workshop(demo_id).participants]
    press(qtbot, window, Qt.Key.Key_3, CTRL)
    requests = window.current_stage()
    assert isinstance(requests, RequestsStage)
    asked_by = requests.model.index(0, 1)
    requests.table.setFocus()
    requests.table.setCurrentIndex(asked_by)
    requests.table.edit(asked_by)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    completer = editor.completer()
    assert completer is not None
    completer.setCompletionPrefix("raman")  # any part of the name, any case
    found = completer.completionModel()
    assert [found.index(r, 0).data() for r in range(found.rowCount())] == ["Priya Raman"]
    editor.setText("Priya Raman")
    press(qtbot, window, Qt.Key.Key_Return)  # Qt commits a cell on its next pass
    qtbot.waitUntil(lambda: library.workshop(demo_id).requests[0].requested_by == "Priya Raman")

    press(qtbot, window, Qt.Key.Key_1, CTRL)
    setup = window.current_stage()
    assert isinstance(setup, SetupStage)
    completer = setup.facilitator_edit.completer()
    assert completer is not None
    assert completer.model().data(completer.model().index(0, 0)) == names[0]
    assert completer.model().rowCount() == len(names)
