"""Decide: single keys record decisions, bound fields save themselves, action items come and go,
and every step is undoable — checked in the database, not only on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from tests.unit.test_signing_support import signed_off
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.decide.page import ACTIONS_TAB, DecideStage

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
K = m.DecisionKind


def _workshop(library: Library, *texts: str) -> str:
    workshop_id = library.create_workshop("Intake")
    for text in texts or ("A new CRM", "A chatbot", "A weekly export", "VR onboarding", "A wiki"):
        library.add_item(workshop_id, "request", {"text": text})
    return workshop_id


def _open_decide(qtbot: QtBot, library: Library, tmp_path: Path, workshop_id: str) -> DecideStage:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    return stage


def _window(stage: DecideStage) -> MainWindow:
    window = stage.window()
    assert isinstance(window, MainWindow)
    return window


def _kinds(library: Library, workshop_id: str) -> list[K | None]:
    ws = library.workshop(workshop_id)
    return [ws.decision_for(r.id).kind for r in ws.requests]


def test_single_keys_decide_every_request_and_undo_redo_them(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library)
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    assert QApplication.focusWidget() is stage.card.bar
    keys = (Qt.Key.Key_P, Qt.Key.Key_R, Qt.Key.Key_D, Qt.Key.Key_X, Qt.Key.Key_N)
    for key in keys:
        press(qtbot, window, key)
        press(qtbot, window, Qt.Key.Key_Down)
    assert _kinds(library, workshop_id) == [
        K.PROCEED,
        K.RESHAPE,
        K.DEFER,
        K.DECLINE,
        K.NEEDS_INFORMATION,
    ]
    assert stage.counter.text() == "5 of 5 decided"
    assert DecideStage.progress(library.workshop(workshop_id)).badge == "5/5"
    # The list shows each decision; the card shows the one in view as chosen.
    assert stage.card.bar.buttons[K.NEEDS_INFORMATION].isChecked()

    window.actions_by_id["edit.undo"].trigger()
    assert _kinds(library, workshop_id)[-1] is None
    assert not stage.card.bar.buttons[K.NEEDS_INFORMATION].isChecked()
    window.actions_by_id["edit.redo"].trigger()
    assert _kinds(library, workshop_id)[-1] is K.NEEDS_INFORMATION

    # Changing one's mind is one key too, and one undo step.
    press(qtbot, window, Qt.Key.Key_Home)
    press(qtbot, window, Qt.Key.Key_X)
    assert _kinds(library, workshop_id)[0] is K.DECLINE
    window.actions_by_id["edit.undo"].trigger()
    assert _kinds(library, workshop_id)[0] is K.PROCEED


def test_clicking_a_decision_button_records_it(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    qtbot.mouseClick(stage.card.bar.buttons[K.DEFER], Qt.MouseButton.LeftButton)
    assert _kinds(library, workshop_id) == [K.DEFER]
    # Clicking the chosen one again keeps it chosen (it is not a toggle).
    qtbot.mouseClick(stage.card.bar.buttons[K.DEFER], Qt.MouseButton.LeftButton)
    assert _kinds(library, workshop_id) == [K.DEFER]
    assert stage.card.bar.buttons[K.DEFER].isChecked()


def test_enter_writes_why_then_fields_save_themselves_and_keys_type_text(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM", "A chatbot")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    card = stage.card
    press(qtbot, window, Qt.Key.Key_R)
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is card.rationale
    # Letters typed into a field are text, not decisions.
    qtbot.keyClicks(card.rationale, "Reshape: integrate the two systems")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is card.owner
    qtbot.keyClicks(card.owner, "Priya")
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is card.next_step
    qtbot.keyClicks(card.next_step, "Two-week discovery")
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is card.due
    qtbot.keyClicks(card.due, "2026-10-02")
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is card.follow_up

    ws = library.workshop(workshop_id)
    decision = ws.decision_for(ws.requests[0].id)
    assert decision.kind is K.RESHAPE
    assert decision.rationale == "Reshape: integrate the two systems"
    assert decision.owner == "Priya"
    assert decision.next_step == "Two-week discovery"
    assert decision.due_date == "2026-10-02"
    assert ws.decision_for(ws.requests[1].id).kind is None

    # Esc goes back to the decision buttons, where a key decides again.
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is stage.card.bar
    # Undo takes back the last edit: the due date.
    window.actions_by_id["edit.undo"].trigger()
    ws = library.workshop(workshop_id)
    assert ws.decision_for(ws.requests[0].id).due_date == ""
    assert card.due.text() == ""


def test_quick_due_dates_are_understood_and_nonsense_is_never_saved(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    card = stage.card
    card.due.setFocus()
    qtbot.keyClicks(card.due, "next blue moon")
    press(qtbot, window, Qt.Key.Key_Return)
    assert card.due_words.text().startswith("Write a date like")
    assert card.due.text() == "next blue moon"  # kept, so it can be corrected
    ws = library.workshop(workshop_id)
    assert ws.decision_for(ws.requests[0].id).due_date == ""
    card.due.selectAll()
    qtbot.keyClicks(card.due, "+2w")
    press(qtbot, window, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    saved = ws.decision_for(ws.requests[0].id).due_date
    assert len(saved) == 10 and saved == card.due.text()
    assert "in 2 weeks" in card.due_words.text() or "in 14 days" in card.due_words.text()


def test_alt_arrows_move_between_requests_keeping_the_field(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM", "A chatbot")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    stage.card.owner.setFocus()
    qtbot.keyClicks(stage.card.owner, "Tom")
    press(qtbot, window, Qt.Key.Key_Down, ALT)
    assert stage.current_request_id() == library.workshop(workshop_id).requests[1].id
    assert stage.card.owner.text() == ""  # the second request's owner, not the first's
    ws = library.workshop(workshop_id)
    assert ws.decision_for(ws.requests[0].id).owner == "Tom"  # saved before moving on
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    assert stage.card.owner.text() == "Tom"


def test_follow_up_added_on_the_card_is_linked_to_its_request(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM", "A chatbot")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    press(qtbot, window, Qt.Key.Key_Down)
    stage.card.follow_up.setFocus()
    qtbot.keyClicks(stage.card.follow_up, "Ask payroll for the error log")
    press(qtbot, window, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    assert [(a.text, a.request_id) for a in ws.actions] == [
        ("Ask payroll for the error log", ws.requests[1].id)
    ]
    assert stage.card.follow_up.text() == ""
    shown = [w.text() for w in stage.card.findChildren(QLabel) if w.isVisible()]
    assert any("Ask payroll for the error log" in text for text in shown)


def test_action_items_rapid_add_delete_and_undo(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    press(qtbot, window, Qt.Key.Key_A, ALT)  # the "Action items" tab
    panel = stage.actions_panel
    assert stage.tabs.currentIndex() == ACTIONS_TAB
    assert QApplication.focusWidget() is panel.capture
    assert stage.focus_widget is panel.capture
    qtbot.keyClicks(panel.capture, "Send the summary to the CEO")
    press(qtbot, window, Qt.Key.Key_Return)
    panel.link.setCurrentIndex(1)  # follows from the first request
    qtbot.keyClicks(panel.capture, "Scope the integration")
    press(qtbot, window, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    assert [(a.text, a.request_id) for a in ws.actions] == [
        ("Send the summary to the CEO", None),
        ("Scope the integration", ws.requests[0].id),
    ]
    assert panel.model.rowCount() == 2
    assert "A new CRM" in str(panel.model.index(1, 3).data())

    # Tab to the table, select the first row, Delete; Ctrl+Z brings it back.
    press(qtbot, window, Qt.Key.Key_Tab)
    while QApplication.focusWidget() is not panel.table:
        press(qtbot, window, Qt.Key.Key_Tab)
    panel.table.selectRow(0)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert [a.text for a in library.workshop(workshop_id).actions] == ["Scope the integration"]
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert [a.text for a in library.workshop(workshop_id).actions] == [
        "Send the summary to the CEO",
        "Scope the integration",
    ]
    window.actions_by_id["edit.redo"].trigger()
    assert len(library.workshop(workshop_id).actions) == 1

    # Due dates in the table accept the quick forms too; "done" is a checkbox.
    due = panel.model.index(0, 2)
    panel.table.setCurrentIndex(due)
    panel.table.edit(due)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "2026-11-30")
    press(qtbot, window, Qt.Key.Key_Return)  # the table commits on its next event-loop turn
    qtbot.waitUntil(lambda: library.workshop(workshop_id).actions[0].due_date == "2026-11-30")
    panel.model.setData(
        panel.model.index(0, 4), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert library.workshop(workshop_id).actions[0].done is True


def test_progress_for_the_navigator() -> None:
    ws = m.Workshop("W")
    assert DecideStage.progress(ws).state.value == "empty"
    ws.requests = [m.Request("a"), m.Request("b")]
    ws.decisions = [m.Decision(ws.requests[0].id, K.DECLINE)]
    progress = DecideStage.progress(ws)
    assert (progress.state.value, progress.badge) == ("partial", "1/2")
    ws.decisions.append(m.Decision(ws.requests[1].id, K.PROCEED))
    assert (DecideStage.progress(ws).state.value, DecideStage.progress(ws).badge) == ("done", "2/2")


def test_demo_card_shows_need_alignment_and_priority(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    stage = _open_decide(qtbot, library, tmp_path, demo_id)
    texts = " ".join(w.text() for w in stage.card.findChildren(QLabel) if w.isVisible())
    assert "Quotes go out within a day" in texts
    assert "Alignment 100 of 100" in texts
    assert "priority" in texts and "rank" in texts
    assert stage.card.rationale.toPlainText().startswith("The need is quote speed")
    assert stage.card.bar.buttons[K.RESHAPE].isChecked()
    # The VR request's need has unclear alignment: the card says so.
    vr = next(r for r in library.workshop(demo_id).requests if r.text.startswith("VR"))
    stage.select_request(vr.id)
    texts = " ".join(w.text() for w in stage.card.findChildren(QLabel) if w.isVisible())
    assert "Alignment unclear" in texts


def test_any_text_stays_inside_the_card(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    hostile = "<b>bold?</b> مرحبا 你好 😀 " + "x" * 10_000
    workshop_id = _workshop(library, hostile)
    request_id = library.workshop(workshop_id).requests[0].id
    library.set_field("request", request_id, "requested_by", hostile[:500])
    library.set_field("request", request_id, "deadline", hostile[:500])
    library.set_field("decision", request_id, "owner", hostile[:500])
    library.add_item(workshop_id, "action", {"text": hostile, "request_id": request_id})
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    qtbot.waitUntil(lambda: 0 < stage.card.width() <= stage.card_scroll.viewport().width())
    assert window.width() <= 1366
    assert stage.card.quote.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bold?</b>" in stage.card.quote.text()


def test_a_signed_off_workshop_cannot_be_decided(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    signed_off(library, demo_id)
    decided = _kinds(library, demo_id)
    assert decided[0] is not K.PROCEED  # so P would change it, were it allowed
    stage = _open_decide(qtbot, library, tmp_path, demo_id)
    window = _window(stage)
    stage.list.setFocus()
    press(qtbot, window, Qt.Key.Key_P)
    assert _kinds(library, demo_id) == decided
    assert not stage.card.rationale.isEnabled()
    assert not stage.card.bar.isEnabled()


def test_many_long_unclear_needs_leave_the_decision_buttons_in_view(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Five long needs with unclear alignment: three compact ones show, the rest are counted,
    and the decision buttons stay on screen at 1366×768 without scrolling."""
    workshop_id = _workshop(library, "A new CRM")
    request_id = library.workshop(workshop_id).requests[0].id
    long = "See which deals are at risk early enough to act, in every region " * 6
    for number in range(1, 6):
        library.add_item(
            workshop_id, "need", {"statement": f"{number}. {long}", "request_ids": [request_id]}
        )
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    window.resize(1366, 768)
    card, viewport = stage.card, stage.card_scroll.viewport()
    qtbot.waitUntil(lambda: 0 < card.width() <= viewport.width())
    texts = " ".join(w.text() for w in card.findChildren(QLabel) if w.isVisible())
    assert texts.count("Alignment unclear") == 3
    assert "and 2 more needs, 2 with alignment unclear" in texts
    bar = card.bar
    bottom = bar.mapTo(viewport, bar.rect().bottomLeft()).y()
    assert stage.card_scroll.verticalScrollBar().value() == 0
    assert 0 < bottom <= viewport.height()


def test_typing_into_the_request_list_never_changes_a_decision(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    """Clicking a request and typing "pending" once flipped its decision eight times."""
    workshop_id = _workshop(library)
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    second = stage.list.visualItemRect(stage.list.item(1)).center()
    qtbot.mouseClick(stage.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert QApplication.focusWidget() is stage.list
    before, audited = library.workshop(workshop_id), len(library.audit_log(workshop_id))
    qtbot.keyClicks(stage.list, "pending needs a proper review")
    press(qtbot, window, Qt.Key.Key_Return)
    stage.flush_edits()
    assert library.workshop(workshop_id) == before
    assert len(library.audit_log(workshop_id)) == audited
    assert window.undo_group.activeStack().count() == 0
    # On the decision buttons the same letter decides, and says so.
    stage.card.bar.setFocus()
    press(qtbot, window, Qt.Key.Key_N)
    assert _kinds(library, workshop_id).count(K.NEEDS_INFORMATION) == 1
    assert window.statusBar().currentMessage() == "Decision: Needs information · Ctrl+Z undoes"
    window.status_timer.timeout.emit()  # the once-a-second counts wait until it has been read
    assert window.statusBar().currentMessage() == "Decision: Needs information · Ctrl+Z undoes"


def test_moving_to_the_next_request_shows_its_quote(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = _workshop(library, "A new CRM", "A chatbot")
    stage = _open_decide(qtbot, library, tmp_path, workshop_id)
    window = _window(stage)
    window.resize(1024, 640)
    stage.card_scroll.setFixedHeight(200)  # short enough that the card scrolls
    bar = stage.card_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    press(qtbot, window, Qt.Key.Key_Down, ALT)
    assert stage.card.quote.full_text() == "A chatbot"
    assert bar.value() == 0
