"""Review: a follow-up opens on "did the measure move?"; results and verdicts are typed in the
room, land in the database, and undo; a signed-off workshop records results without unlocking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from tests.unit.test_signing_support import signed_off
from workshop_app.core import model as m
from workshop_app.core.demo import demo_results
from workshop_app.storage import portfolio
from workshop_app.storage import results as stored
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.review.page import ReviewStage

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _follow_up(library: Library, demo_id: str) -> str:
    for result in demo_results(library.workshop(demo_id)):
        stored.restore(library, result)
    return portfolio.start_follow_up(library, demo_id)


def _rows(window: MainWindow) -> list[str]:
    return [window.navigator.item(i).text() for i in range(window.navigator.count())]


def _review(window: MainWindow) -> ReviewStage:
    stage = window.current_stage()
    assert isinstance(stage, ReviewStage)
    return stage


def test_a_follow_up_opens_on_the_review_and_records_results_and_verdicts(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    follow_id = _follow_up(library, demo_id)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(follow_id)
    stage = _review(window)  # a follow-up opens here, before new requests
    assert _rows(window)[0].startswith("0  Review") and "0/4" in _rows(window)[0]
    assert _rows(window)[1].startswith("1  Setup")
    assert stage.counter.text() == "0 of 4 commitments reviewed"
    assert stage.list.count() == 4
    assert stage.measure.text() == "Quote turnaround: 5 days → 1 day by Q2 2027"
    assert "Moving toward the target" in stage.trend.text()
    assert "2027-01-31 · 2 days" in stage.history.text()
    assert stage.earlier.text().startswith("Last time: Reshape in")
    assert QApplication.focusWidget() is stage.value

    need_id = stage.current_need_id()
    qtbot.keyClicks(stage.value, "1 day")
    stage.on.setText("2027-03-01")
    stage.note.setText("Live for every team <b>🚀</b>")
    press(qtbot, window, Qt.Key.Key_Return)
    latest = [r for r in library.workshop(follow_id).results if r.need_id == need_id][-1]
    assert (latest.value, latest.date, latest.note) == (
        "1 day",
        "2027-03-01",
        "Live for every team <b>🚀</b>",
    )
    assert stage.value.text() == "" and QApplication.focusWidget() is stage.value
    assert "Target met" in stage.trend.text()

    press(qtbot, window, Qt.Key.Key_1, ALT)  # the verdict: target met
    stored_latest = next(r for r in library.workshop(follow_id).results if r.id == latest.id)
    assert stored_latest.verdict is m.Verdict.MET
    assert stage.verdict_buttons[m.Verdict.MET].isChecked()
    assert stage.counter.text() == "1 of 4 commitments reviewed"
    assert "1/4" in _rows(window)[0]
    assert stage.list.item(0).text().startswith("✓")

    session = window.session
    assert session is not None
    session.undo_stack.undo()
    assert next(r for r in library.workshop(follow_id).results if r.id == latest.id).verdict is None
    session.undo_stack.undo()
    assert latest.id not in {r.id for r in library.workshop(follow_id).results}
    session.undo_stack.redo()
    assert latest.id in {r.id for r in library.workshop(follow_id).results}


def test_a_bad_day_is_refused_calmly_and_what_was_typed_stays(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    follow_id = _follow_up(library, demo_id)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(follow_id)
    stage = _review(window)
    before = len(library.workshop(follow_id).results)
    assert stage.on.text() == date.today().isoformat()
    stage.value.setText("3 days")
    stage.on.setText("31/12/2026")
    press(qtbot, window, Qt.Key.Key_Return)
    assert len(library.workshop(follow_id).results) == before
    assert "YYYY-MM-DD" in window.statusBar().currentMessage()
    assert stage.value.text() == "3 days"
    stage.value.clear()
    press(qtbot, window, Qt.Key.Key_Return)
    assert "Type the latest value first" in window.statusBar().currentMessage()
    press(qtbot, window, Qt.Key.Key_2, ALT)  # a verdict needs a result: N1 has one
    latest = library.workshop(follow_id).results
    assert any(r.verdict is m.Verdict.MOVING for r in latest)


def test_a_signed_off_workshop_records_results_without_unlocking(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    signed = signed_off(library, demo_id)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    assert _rows(window)[0].startswith("0  Results")
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    stage = _review(window)
    assert stage.list.count() == 4  # every commitment of the workshop
    assert stage.counter.text() == "0 of 4 commitments measured"
    stage.value.setText("41 a month")
    stage.list.setCurrentRow(1)
    stage.on.setText("2026-10-31")
    press(qtbot, window, Qt.Key.Key_Return)
    after = library.workshop(demo_id)
    assert [r.value for r in after.results] == ["41 a month"]
    assert stage.counter.text() == "1 of 4 commitments measured"
    assert "1/4" in _rows(window)[0]
    assert after.results[0].need_id == signed.needs[1].id
    assert after.is_locked and after.signatures == signed.signatures


def test_a_first_workshop_has_no_review(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    assert _rows(window)[0].startswith("1  Setup") and len(_rows(window)) == 8
    stage_before = window.current_stage()
    press(qtbot, window, Qt.Key.Key_0, CTRL)
    assert window.current_stage() is stage_before
    assert "follow-up" in window.statusBar().currentMessage()


def test_decide_shows_the_earlier_decision_beside_an_empty_why(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    from workshop_app.ui.stages.decide.page import DecideStage

    follow_id = _follow_up(library, demo_id)
    follow = library.workshop(follow_id)
    reopened = next(r for r in follow.requests if follow.decision_for(r.id).kind is None)
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(follow_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    stage.select_request(reopened.id)
    card = stage.card
    assert card.earlier.isVisible()
    assert card.earlier.full_text().startswith("Last time: Needs information in “Q3 alignment")
    assert card.rationale.toPlainText() == ""
    committed = next(r for r in follow.requests if follow.decision_for(r.id).kind is not None)
    stage.select_request(committed.id)
    assert card.earlier.full_text().startswith("Last time: Reshape in")


def test_any_text_shows_as_typed_and_holds_the_layout(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    from tests.ui.layout_checks import layout_problems
    from workshop_app.core.demo import demo_workshop

    ws = demo_workshop()
    long_word = "Pipeline" * 300
    ws.needs[0].statement = f"<b>Quotes</b> & {long_word} مرحبا 报价 🚀"
    ws.needs[0].target = "<i>1 day</i>"
    earlier_id = library.add_workshop(ws)
    value, note = f"<b>2</b> {long_word[:480]}", f"{long_word} 🚀 עברית"
    stored.record(library, ws.needs[0].id, value, note=note)
    follow_id = portfolio.start_follow_up(library, earlier_id)
    window = make_window(qtbot, library, tmp_path)
    window.resize(1366, 768)
    window.open_workshop(follow_id)
    stage = _review(window)
    qtbot.waitUntil(stage.history.isVisible)
    for _ in range(3):  # wrapping relays out in a few passes
        QApplication.processEvents()
    assert "<b>2</b>" in stage.history.text()  # shown as typed, never as markup
    assert stage.need.full_text().startswith("<b>Quotes</b> & Pipeline")
    assert "<i>1 day</i>" in stage.measure.text()
    assert layout_problems(stage) == []
    assert stage.width() <= window.width()
