"""The sign-off stage, driven the way the room does it: each participant types, draws, signs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.core import signoff as rules
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.requests.page import RequestsStage
from workshop_app.ui.stages.signoff.audit import AuditLogDialog
from workshop_app.ui.stages.signoff.page import SignoffStage


def _open_signoff(qtbot: QtBot, library: Library, workshop_id: str, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.open_workshop(workshop_id)
    window.go_to_stage("signoff")
    return window


def _stage(window: MainWindow) -> SignoffStage:
    stage = window.current_stage()
    assert isinstance(stage, SignoffStage)
    return stage


def _person(library: Library, workshop_id: str, name: str) -> m.Participant:
    return next(p for p in library.workshop(workshop_id).participants if p.name == name)


def _signature(library: Library, workshop_id: str, name: str) -> m.Signature | None:
    person = _person(library, workshop_id, name)
    return next(
        (s for s in library.workshop(workshop_id).signatures if s.participant_id == person.id),
        None,
    )


def _draw(qtbot: QtBot, stage: SignoffStage) -> None:
    pad = stage.form.pad
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(pad, left, pos=QPoint(20, 40))
    for step in range(1, 12):
        qtbot.mouseMove(pad, QPoint(20 + step * 15, 40 + (12 if step % 2 else -12)))
    qtbot.mouseRelease(pad, left, pos=QPoint(200, 50))
    qtbot.mousePress(pad, left, pos=QPoint(30, 70))
    qtbot.mouseMove(pad, QPoint(220, 68))
    qtbot.mouseRelease(pad, left, pos=QPoint(230, 68))


def test_the_whole_room_signs_off_in_the_gui_and_a_reopen_starts_revision_two(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    # Optional participants come first, so nobody is shut out by the final signature.
    assert stage.participants.ids()[:3] == [
        _person(library, demo_id, "Priya Raman").id,
        _person(library, demo_id, "Jonas Lindqvist").id,
        _person(library, demo_id, "Lena Fischer").id,
    ]
    assert stage.participants.current_id() == _person(library, demo_id, "Priya Raman").id
    assert stage.current_panel is stage.form
    assert QApplication.focusWidget() is stage.form.name

    # Priya types her name, draws a signature and presses Enter.
    qtbot.keyClicks(stage.form.name, "Priya Raman")
    _draw(qtbot, stage)
    assert stage.form.clear_button.isVisible()
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    priya = _signature(library, demo_id, "Priya Raman")
    assert priya is not None and priya.stance is m.Stance.AGREE
    strokes = rules.parse_drawing(priya.drawing)
    assert len(strokes) == 2 and len(strokes[0]) >= 5
    assert all(0 <= x <= 1000 and 0 <= y <= 1000 for stroke in strokes for x, y in stroke)

    # Jonas is next; he agrees with a reservation, all by keyboard: name → stance → note → Enter.
    assert stage.participants.current_id() == _person(library, demo_id, "Jonas Lindqvist").id
    assert stage.form.name.text() == "" and stage.form.pad.is_empty()
    assert QApplication.focusWidget() is stage.form.name
    qtbot.keyClicks(stage.form.name, "Jonas Lindqvist")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is stage.form.agree
    press(qtbot, window, Qt.Key.Key_Down)
    assert stage.form.reservation.isChecked()
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is stage.form.note
    qtbot.keyClicks(stage.form.note, "Payroll fixes must not wait for the CRM budget.")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is stage.form.sign_button
    press(qtbot, window, Qt.Key.Key_Return)
    jonas = _signature(library, demo_id, "Jonas Lindqvist")
    assert jonas is not None and jonas.stance is m.Stance.AGREE_WITH_RESERVATION
    assert jonas.note == "Payroll fixes must not wait for the CRM budget."
    assert jonas.drawing == ""

    # The CTO is next and signs with her typed name.
    assert stage.participants.current_id() == _person(library, demo_id, "Lena Fischer").id
    qtbot.keyClicks(stage.form.name, "Lena Fischer")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    assert _signature(library, demo_id, "Lena Fischer") is not None

    # María mistypes; the form says so plainly and nothing is recorded.
    assert stage.participants.current_id() == _person(library, demo_id, "María González").id
    qtbot.keyClicks(stage.form.name, "Maria Gonzales")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    assert stage.form.error.isVisible()
    assert "does not match “María González”" in stage.form.error.text()
    assert _signature(library, demo_id, "María González") is None
    # Accents and capitals do not matter; non-ASCII goes in with setText.
    stage.form.name.setText("maría gonzález")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    assert _signature(library, demo_id, "María González") is not None
    assert not stage.form.error.isVisible()
    assert "María González signed" in stage.form.confirmation.text()

    qtbot.keyClicks(stage.form.name, "tom becker")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)

    # The last decision-maker is told that this signature signs the revision off.
    assert stage.participants.current_id() == _person(library, demo_id, "Alex Moreau").id
    assert stage.form.sign_button.text() == "Sign and lock"
    assert stage.banner.title.text() == "Alex Moreau's signature will sign the revision off"
    assert library.workshop(demo_id).status is not m.Status.SIGNED_OFF
    qtbot.keyClicks(stage.form.name, "Alex Moreau")
    qtbot.mouseClick(stage.form.sign_button, Qt.MouseButton.LeftButton)

    signed = library.workshop(demo_id)
    assert signed.status is m.Status.SIGNED_OFF
    assert len(signed.signatures) == 6
    assert stage.banner.property("tone") == "done"
    assert stage.reopen_button.isVisible()
    assert stage.reopen_button.text() == "Reopen as revision 2"
    assert stage.current_panel is stage.view
    assert not stage.view.withdraw_button.isVisible()
    assert not window.actions_by_id["edit.undo"].isEnabled()  # nothing to undo into a locked one

    # Elsewhere the revision is read-only, and a change that gets through is refused.
    window.go_to_stage("requests")
    requests = window.current_stage()
    assert isinstance(requests, RequestsStage)
    assert not requests.capture.isEnabled()
    session = window.session
    assert session is not None
    first = signed.requests[0]
    session.edit("request", first.id, "text", "Changed after sign-off")
    assert library.workshop(demo_id).requests[0].text == first.text
    assert "signed off" in window.statusBar().currentMessage()

    # Reopen: revision 2 opens, editable and unsigned; revision 1 keeps its signatures.
    window.go_to_stage("signoff")
    qtbot.mouseClick(stage.reopen_button, Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.workshop_id != demo_id
    reopened = library.workshop(window.session.workshop_id)
    assert reopened.revision == 2 and reopened.lineage_id == signed.lineage_id
    assert reopened.signatures == [] and not reopened.is_locked
    assert window.current_stage() is stage
    assert not stage.reopen_button.isVisible()
    assert stage.revisions_button.isVisibleTo(stage)
    before = library.workshop(demo_id)
    assert before.status is m.Status.SIGNED_OFF and len(before.signatures) == 6
    window.go_to_stage("requests")
    assert requests.capture.isEnabled()
    assert [s.revision for s in signoff.revisions(library, signed.lineage_id)] == [1, 2]

    # From revision 1, the button now leads to revision 2 instead of reopening again.
    window.open_workshop(demo_id)
    window.go_to_stage("signoff")
    assert stage.reopen_button.text() == "Open revision 2"


def test_a_signature_can_be_withdrawn_and_a_later_change_voids_it_visibly(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    qtbot.keyClicks(stage.form.name, "Priya Raman")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    priya = _person(library, demo_id, "Priya Raman")
    assert stage.participants.select_id(priya.id)
    assert stage.current_panel is stage.view
    assert stage.view.withdraw_button.isVisible()
    qtbot.mouseClick(stage.view.withdraw_button, Qt.MouseButton.LeftButton)
    assert _signature(library, demo_id, "Priya Raman") is None
    assert stage.current_panel is stage.form

    qtbot.keyClicks(stage.form.name, "Priya Raman")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    session = window.session
    assert session is not None
    request = library.workshop(demo_id).requests[0]
    session.edit("request", request.id, "text", "We need a CRM integration by March")

    assert stage.participants.select_id(priya.id)
    row = next(
        stage.participants.item(r)
        for r in range(stage.participants.count())
        if stage.participants.item(r).data(Qt.ItemDataRole.UserRole) == priya.id
    )
    assert "Void" in row.data(Qt.ItemDataRole.UserRole + 3)
    assert stage.current_panel is stage.form  # a void signature is signed again
    assert "void" in stage.form.notice.text()
    assert stage.banner.property("tone") == "attention"
    assert SignoffStage.progress(library.workshop(demo_id)).badge == "0/3"

    qtbot.keyClicks(stage.form.name, "Priya Raman")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    states = rules.signature_status(library.workshop(demo_id))
    assert next(s for s in states if s.participant.id == priya.id).valid


def test_a_reservation_needs_its_note(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    assert not stage.form.note.isVisibleTo(stage.form)
    qtbot.keyClicks(stage.form.name, "Priya Raman")
    stage.form.reservation.setChecked(True)
    assert stage.form.note.isVisible()
    qtbot.mouseClick(stage.form.sign_button, Qt.MouseButton.LeftButton)
    assert "Write down the reservation" in stage.form.error.text()
    assert QApplication.focusWidget() is stage.form.note
    assert library.workshop(demo_id).signatures == []


def test_what_blocks_the_sign_off_is_listed_with_a_way_to_fix_it(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Intake, not ready")
    window = _open_signoff(qtbot, library, workshop_id, tmp_path)
    stage = _stage(window)
    assert stage.current_panel is stage.blockers
    assert stage.banner.property("tone") == "attention"
    texts = [b.text() for b in stage.blockers.buttons]
    assert texts == ["Go to Setup", "Go to Goals", "Go to Requests"]
    assert stage.no_people.isVisible()
    qtbot.mouseClick(stage.blockers.buttons[1], Qt.MouseButton.LeftButton)
    assert window.current_stage() is not None
    assert window.current_stage().key == "goals"  # type: ignore[union-attr]


def test_the_summary_shows_each_decision_and_user_text_stays_text(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    session_text = "<b>not bold</b> & שלום 你好"
    workshop = library.workshop(demo_id)
    library.set_field("decision", workshop.requests[0].id, "owner", session_text)
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    text = stage.summary.toPlainText()
    for request in workshop.requests:
        decision = workshop.decision_for(request.id)
        assert decision.kind is not None
        assert request.text in text and decision.kind.label in text
    assert session_text in text  # shown literally, not as markup
    assert "Content digest" in stage.digest.text()


def test_the_audit_log_lists_signatures_and_filters(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    qtbot.keyClicks(stage.form.name, "Priya Raman")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    qtbot.mouseClick(stage.audit_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, AuditLogDialog) and w.isVisible()
    )
    qtbot.waitExposed(dialog)
    whats = [dialog.model.item(row, 2).text() for row in range(dialog.model.rowCount())]
    assert "Signed" in whats
    signed_row = whats.index("Signed")
    assert "Priya Raman" in dialog.model.item(signed_row, 3).text()
    total = dialog.proxy.rowCount()
    qtbot.keyClicks(dialog.filter, "signed")
    assert 0 < dialog.proxy.rowCount() < total
    dialog.close()


def test_a_narrow_window_puts_summary_and_participants_in_tabs(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    assert not stage.narrow_tabs.isVisible() and stage.summary.isVisible()
    window.resize(1024, 640)
    qtbot.waitUntil(stage.narrow_tabs.isVisible)
    assert stage.narrow_tabs.currentWidget() is stage.people_box
    assert stage.form.isVisible()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: not stage.narrow_tabs.isVisible())
    assert stage.summary.isVisible() and stage.participants.isVisible()


def test_escape_in_the_form_goes_back_to_the_participants(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    assert QApplication.focusWidget() is stage.form.name
    press(qtbot, window, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is stage.participants
    press(qtbot, window, Qt.Key.Key_Down)
    assert stage.participants.current_id() == _person(library, demo_id, "Jonas Lindqvist").id
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is stage.form.name


def test_signing_again_after_a_change_keeps_the_reservation_and_says_what_changed(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    """Re-signing used to start on "I agree", so Enter silently dropped a reservation."""
    window = _open_signoff(qtbot, library, demo_id, tmp_path)
    stage = _stage(window)
    priya = _person(library, demo_id, "Priya Raman")
    qtbot.keyClicks(stage.form.name, "Priya Raman")
    stage.form.reservation.setChecked(True)
    stage.form.note.setPlainText("Budget still to be confirmed")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)
    first = _signature(library, demo_id, "Priya Raman")
    assert first is not None and first.stance is m.Stance.AGREE_WITH_RESERVATION

    session = window.session
    assert session is not None
    request = library.workshop(demo_id).requests[1]
    session.edit("decision", request.id, "due_date", "2026-12-24")
    assert stage.participants.select_id(priya.id)
    assert stage.current_panel is stage.form
    notice = stage.form.notice.text()
    assert "the due date of a decision changed (Decide)" in notice, notice
    assert stage.form.reservation.isChecked()
    assert stage.form.note.toPlainText() == "Budget still to be confirmed"

    qtbot.keyClicks(stage.form.name, "Priya Raman")
    qtbot.keyClick(stage.form.name, Qt.Key.Key_Return)  # Enter, as people do
    again = _signature(library, demo_id, "Priya Raman")
    assert again is not None and again.id != first.id
    assert (again.stance, again.note) == (
        m.Stance.AGREE_WITH_RESERVATION,
        "Budget still to be confirmed",
    )
