"""The Needs stage, driven as a facilitator does: keyboard first, everything saved and undoable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from tests.unit.test_signing_support import signed_off
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.base import ProgressState
from workshop_app.ui.stages.needs.page import NeedsStage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _open(
    qtbot: QtBot, library: Library, tmp_path: Path, workshop_id: str
) -> tuple[MainWindow, NeedsStage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("needs")
    _activate(qtbot, window)
    stage = window.current_stage()
    assert isinstance(stage, NeedsStage)
    return window, stage


def _activate(qtbot: QtBot, window: MainWindow) -> None:
    """Opening a workshop can leave the window inactive offscreen; focus needs it active."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _intake(library: Library, *texts: str) -> tuple[str, list[str]]:
    workshop_id = library.create_workshop("Intake")
    ids = [library.add_item(workshop_id, "request", {"text": text}) for text in texts]
    return workshop_id, ids


def _focused() -> object:
    return QApplication.focusWidget()


def _undo(window: MainWindow) -> None:
    window.actions_by_id["edit.undo"].trigger()


def _redo(window: MainWindow) -> None:
    window.actions_by_id["edit.redo"].trigger()


def test_a_need_is_built_by_keyboard_and_lands_in_the_database(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "We need a new CRM by March")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    assert _focused() is stage.start_button  # arriving: the one obvious action
    press(qtbot, window, Qt.Key.Key_Return)
    need = library.workshop(workshop_id).needs_for(crm)[0]
    panel = stage.panel
    assert _focused() is panel.ladder.new_rung
    for answer in ("Reps copy data between two tools", "Quotes take five days"):
        qtbot.keyClicks(_focused(), answer)
        press(qtbot, window, Qt.Key.Key_Return)
    assert library.workshop(workshop_id).need(need.id).why_ladder == [
        "Reps copy data between two tools",
        "Quotes take five days",
    ]
    assert _focused() is panel.ladder.new_rung  # ready for the next rung
    press(qtbot, window, Qt.Key.Key_Return)  # an empty line moves the conversation on
    assert _focused() is panel.statement
    qtbot.keyClicks(panel.statement, "Quotes go out within a day")
    press(qtbot, window, Qt.Key.Key_Return)
    assert _focused() is panel.measure
    for text in ("Quote turnaround", "5 days", "1 day", "Q2"):
        qtbot.keyClicks(_focused(), text)
        press(qtbot, window, Qt.Key.Key_Return)
    assert _focused() is panel.beneficiaries
    qtbot.keyClicks(panel.beneficiaries, "Account executives")
    press(qtbot, window, Qt.Key.Key_Return)
    assert _focused() is panel.cost

    saved = library.workshop(workshop_id).need(need.id)
    assert saved is not None
    assert saved.statement == "Quotes go out within a day"
    assert (saved.measure, saved.baseline, saved.target, saved.by_when) == (
        "Quote turnaround",
        "5 days",
        "1 day",
        "Q2",
    )
    assert saved.beneficiaries == "Account executives"
    assert saved.request_ids == [crm]
    assert NeedsStage.progress(library.workshop(workshop_id)).badge == "1/1"
    assert "✓" in window.navigator.item(3).text()


def test_ladder_rungs_are_edited_removed_and_every_step_undoes(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "A new CRM")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    ladder = stage.panel.ladder
    for answer in ("one", "two", "three"):
        qtbot.keyClicks(ladder.new_rung, answer)
        qtbot.keyClick(ladder.new_rung, Qt.Key.Key_Return)

    def rungs() -> list[str]:
        return library.workshop(workshop_id).needs_for(crm)[0].why_ladder

    assert rungs() == ["one", "two", "three"]
    second = ladder.rungs[1]
    second.setFocus()
    second.selectAll()
    qtbot.keyClicks(second, "TWO")
    qtbot.keyClick(second, Qt.Key.Key_Return)  # commits and moves to the next rung
    assert rungs() == ["one", "TWO", "three"]
    assert _focused() is ladder.rungs[2]
    ladder.rungs[2].clear()
    qtbot.keyClick(ladder.rungs[2], Qt.Key.Key_Backspace)  # an empty rung goes away
    assert rungs() == ["one", "TWO"]
    assert not ladder.rungs[2].isVisible()
    ladder.removers[0].click()
    assert rungs() == ["TWO"]

    _undo(window)
    assert rungs() == ["one", "TWO"]
    _undo(window)
    assert rungs() == ["one", "TWO", "three"]
    _undo(window)  # the typing in rung 2 is one step
    assert rungs() == ["one", "two", "three"]
    _undo(window)
    assert rungs() == ["one", "two"]
    _redo(window)
    assert rungs() == ["one", "two", "three"]
    assert [r.text() for r in ladder.rungs[:3]] == ["one", "two", "three"]


def test_choices_save_at_once_and_customer_facing_suggests_the_cto(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "A customer portal")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    panel = stage.panel
    panel.serves.buttons[1].click()
    panel.lens.buttons[1].click()
    need = library.workshop(workshop_id).needs_for(crm)[0]
    # Whether the request serves the need is answered for this request (see test_purpose_ui).
    assert (need.serves_for, need.lens) == ({crm: m.Serves.PARTLY}, m.Lens.CUSTOMER_FACING)
    assert panel.cto_hint.isVisible()
    _undo(window)
    assert library.workshop(workshop_id).needs_for(crm)[0].lens is None
    assert not panel.cto_hint.isVisible()
    assert not any(button.isChecked() for button in panel.lens.buttons)
    _redo(window)
    assert panel.lens.buttons[1].isChecked()


def test_typing_is_saved_before_another_request_is_shown(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (first, second) = _intake(library, "First", "Second")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    qtbot.keyClicks(stage.panel.cost, "Deals slip")  # no pause, no Enter
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert stage.request_id == second
    ws = library.workshop(workshop_id)
    assert ws.needs_for(first)[0].cost_of_inaction == "Deals slip"
    assert ws.needs_for(second) == []
    assert stage.need_pages.currentIndex() == 1  # the "find the need" card
    press(qtbot, window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert stage.request_id == first
    assert stage.panel.cost.toPlainText() == "Deals slip"


def test_split_adds_a_second_need_to_the_same_request(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "A new CRM")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    stage.panel.statement.setPlainText("Quotes out in a day")
    stage.panel.statement.flush()
    press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT)
    needs = library.workshop(workshop_id).needs_for(crm)
    assert len(needs) == 2
    assert stage.need_tabs.isVisible() and stage.need_tabs.count() == 2
    assert stage.panel.need_id == needs[1].id
    assert _focused() is stage.panel.ladder.new_rung
    stage.need_tabs.setCurrentIndex(0)
    assert stage.panel.need_id == needs[0].id
    assert stage.panel.statement.toPlainText() == "Quotes out in a day"
    _undo(window)
    assert len(library.workshop(workshop_id).needs_for(crm)) == 1
    assert not stage.need_tabs.isVisible()
    _redo(window)
    assert [n.id for n in library.workshop(workshop_id).needs_for(crm)] == [n.id for n in needs]


# The offscreen platform cannot grab the keyboard for a popup menu, and says so.
def test_a_second_request_points_at_an_existing_need_and_can_be_unlinked(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm, esign) = _intake(library, "A new CRM", "E-signature for contracts")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    stage.panel.statement.setPlainText("Quotes out in a day")
    stage.panel.statement.flush()
    quotes = library.workshop(workshop_id).needs_for(crm)[0]
    stage.select_request(esign)
    stage.create_need()  # started one, then realised it is the same need
    assert len(library.workshop(workshop_id).needs) == 2
    press(qtbot, window, Qt.Key.Key_M, CTRL | SHIFT)  # "same need as…", from the keyboard
    qtbot.waitUntil(stage.attach_menu.isVisible)
    actions = [a for a in stage.attach_menu.actions() if a.data()]
    stage.attach_menu.hide()
    assert [a.text() for a in actions] == ["Quotes out in a day"]
    actions[0].trigger()

    ws = library.workshop(workshop_id)
    assert [n.id for n in ws.needs] == [quotes.id]  # the empty need was folded away
    assert ws.need(quotes.id).request_ids == [crm, esign]
    assert stage.panel.need_id == quotes.id
    assert "A new CRM" in stage.shared_label.text()
    assert stage.remove_button.text() == "Unlink from this request"

    _undo(window)  # one step undoes the whole merge
    ws = library.workshop(workshop_id)
    assert len(ws.needs) == 2 and ws.need(quotes.id).request_ids == [crm]
    _redo(window)
    stage.remove_button.click()
    ws = library.workshop(workshop_id)
    assert ws.need(quotes.id).request_ids == [crm]
    assert ws.needs_for(esign) == []
    _undo(window)
    assert library.workshop(workshop_id).need(quotes.id).request_ids == [crm, esign]


def test_removing_the_only_need_of_a_request_is_undoable(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "A new CRM")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    qtbot.keyClicks(stage.panel.ladder.new_rung, "Because")
    qtbot.keyClick(stage.panel.ladder.new_rung, Qt.Key.Key_Return)
    assert stage.remove_button.text() == "Remove need"
    stage.remove_button.click()
    assert library.workshop(workshop_id).needs == []
    assert _focused() is stage.start_button
    _undo(window)
    assert library.workshop(workshop_id).needs_for(crm)[0].why_ladder == ["Because"]
    assert stage.panel.ladder.rungs[0].text() == "Because"


def test_the_prompt_card_cycles_with_a_shortcut_and_follows_the_conversation(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, _ids = _intake(library, "A new CRM")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    card = stage.prompt_card
    first = card.question.text()
    assert first == "Why does that matter?"
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert card.question.text() != first
    assert card.position.text() == "2 of 5"
    press(qtbot, window, Qt.Key.Key_J, CTRL | SHIFT)
    assert card.question.text() == first
    card.next_button.click()
    assert card.current.probe == "why"
    stage.create_need()
    stage.panel.cost.setFocus()
    assert card.current.probe == "cost"
    assert card.caption.text() == "ASK NEXT · IF WE DO NOTHING"


def test_the_command_palette_jumps_to_a_request_with_the_cursor_in_its_probe(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    ws = library.workshop(demo_id)
    onboarding = ws.requests[4]  # VR onboarding: its need has no cost of doing nothing yet
    window.go_to_stage("needs")
    _activate(qtbot, window)
    stage = window.current_stage()
    assert isinstance(stage, NeedsStage)
    stage.select_request(onboarding.id)
    assert stage.request_list.currentIndex().row() == 4
    assert "VR onboarding" in stage.quote.text()
    assert _focused() is stage.panel.cost
    assert stage.prompt_card.current.probe == "cost"
    assert stage.phase_flag.isVisible()  # innovation while IT is in the run phase


def test_arbitrary_text_displays_safely_without_widening_the_window(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    nasty = "<b>bold</b> مرحبا 你好 🚀 " + "x" * 10_000
    workshop_id, (request_id,) = _intake(library, nasty)
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    width = window.width()
    stage.create_need()
    stage.panel.statement.setPlainText(nasty)
    stage.panel.statement.flush()
    stage.select_request(request_id)
    QApplication.processEvents()
    assert window.width() == width
    assert stage.quote.textFormat() == Qt.TextFormat.PlainText
    assert stage.quote.minimumSizeHint().width() < 400
    assert stage.need_tabs.count() == 1
    assert library.workshop(workshop_id).needs[0].statement == nasty


def test_a_signed_off_workshop_shows_its_needs_read_only(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    signed_off(library, demo_id)
    _window, stage = _open(qtbot, library, tmp_path, demo_id)
    assert stage.panel.statement.isReadOnly()
    assert not stage.panel.ladder.new_rung.isVisible()
    assert not stage.split_button.isVisible()
    assert not stage.panel.lens.buttons[0].isEnabled()


def test_needs_progress_counts_requests_with_a_need() -> None:
    ws = m.Workshop("W", requests=[m.Request("a"), m.Request("b")])
    assert NeedsStage.progress(m.Workshop("Empty")).state is ProgressState.EMPTY
    progress = NeedsStage.progress(ws)
    assert (progress.state, progress.badge) == (ProgressState.ATTENTION, "0/2")
    ws.needs = [m.Need("Result", [ws.requests[0].id, ws.requests[1].id])]
    progress = NeedsStage.progress(ws)
    assert (progress.state, progress.badge) == (ProgressState.DONE, "2/2")


def test_typing_the_need_statement_is_one_undo_step(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (crm,) = _intake(library, "A new CRM")
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    stage.create_need()
    statement = stage.panel.statement
    statement.setFocus()
    qtbot.keyClicks(statement, "Quotes go out")
    qtbot.waitUntil(lambda: not statement.pending)  # saved when typing pauses, no Enter
    qtbot.keyClicks(statement, " within a day")
    qtbot.keyClick(statement, Qt.Key.Key_Return)
    assert library.workshop(workshop_id).needs_for(crm)[0].statement == "Quotes go out within a day"
    assert stage.model.index(0).data(Qt.ItemDataRole.AccessibleTextRole).endswith("need found")
    _undo(window)
    assert library.workshop(workshop_id).needs_for(crm)[0].statement == ""
    assert statement.toPlainText() == ""
    assert NeedsStage.progress(library.workshop(workshop_id)).state is ProgressState.ATTENTION
    _redo(window)
    assert statement.toPlainText() == "Quotes go out within a day"
