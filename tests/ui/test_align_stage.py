"""Align & prioritise, driven by keyboard and mouse: the matrix, acknowledging, frameworks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.core.scoring import alignment, priority
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.align.logic import chart_points
from workshop_app.ui.stages.align.page import CHART_TAB, PRIORITY_TAB, AlignStage

S = m.Strength


def _open(
    qtbot: QtBot, library: Library, tmp_path: Path, workshop_id: str
) -> tuple[MainWindow, AlignStage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("align")
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    return window, stage


def _small_workshop(library: Library) -> tuple[str, list[str], list[str]]:
    """Two goals, two needs, no links yet: every need starts with alignment unclear."""
    workshop_id = library.create_workshop("Align")
    goals = [
        library.add_item(workshop_id, "goal", {"title": "Grow revenue", "weight": 5}),
        library.add_item(workshop_id, "goal", {"title": "Cut cost", "weight": 3}),
    ]
    request = library.add_item(workshop_id, "request", {"text": "A new CRM"})
    needs = [
        library.add_item(workshop_id, "need", {"request_ids": [request], "statement": text})
        for text in ("Quotes out in a day", "Fewer manual steps")
    ]
    return workshop_id, goals, needs


def test_arrow_keys_and_digits_set_link_strengths_and_the_score_follows(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, (revenue, cost), (quotes, steps) = _small_workshop(library)
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    assert QApplication.focusWidget() is stage.matrix
    assert (stage.matrix.currentIndex().row(), stage.matrix.currentIndex().column()) == (0, 1)
    press(qtbot, window, Qt.Key.Key_3)
    ws = library.workshop(workshop_id)
    assert ws.strength(quotes, revenue) is S.STRONG
    assert alignment(ws, ws.need(quotes)).score == 100  # one strong link to the top goal
    press(qtbot, window, Qt.Key.Key_Right)
    press(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_2)
    ws = library.workshop(workshop_id)
    assert ws.strength(quotes, cost) is S.WEAK
    assert ws.strength(steps, cost) is S.MODERATE
    score = alignment(ws, ws.need(quotes)).score
    assert stage.matrix_model.index(0, 3).data() == str(score)
    assert "Moderate link to “Cut cost”" in stage.why_lines.text()  # the row the cursor is on
    assert "Fewer manual steps" in stage.why_title.text()

    press(qtbot, window, Qt.Key.Key_Space)  # Space steps: moderate -> strong
    assert library.workshop(workshop_id).strength(steps, cost) is S.STRONG
    press(qtbot, window, Qt.Key.Key_Space)  # and round to none
    assert library.workshop(workshop_id).strength(steps, cost) is S.NONE

    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(workshop_id).strength(steps, cost) is S.STRONG
    window.actions_by_id["edit.undo"].trigger()
    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(workshop_id).strength(steps, cost) is S.NONE
    window.actions_by_id["edit.redo"].trigger()
    assert library.workshop(workshop_id).strength(steps, cost) is S.MODERATE
    assert stage.matrix.currentIndex().row() == 1  # the cursor stays where it was


def test_a_click_steps_a_cell(qtbot: QtBot, library: Library, tmp_path: Path) -> None:
    workshop_id, (revenue, _cost), (quotes, _steps) = _small_workshop(library)
    _window, stage = _open(qtbot, library, tmp_path, workshop_id)
    cell = stage.matrix.visualRect(stage.matrix_model.index(0, 1)).center()
    qtbot.mouseClick(stage.matrix.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert library.workshop(workshop_id).strength(quotes, revenue) is S.WEAK
    qtbot.mouseClick(stage.matrix.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert library.workshop(workshop_id).strength(quotes, revenue) is S.MODERATE
    assert stage.matrix_model.index(0, 1).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Moderate link to “Grow revenue”"
    )


def test_an_unclear_need_is_amber_and_must_be_acknowledged(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, _goals, (quotes, steps) = _small_workshop(library)
    window, stage = _open(qtbot, library, tmp_path, workshop_id)
    assert "⚠ 2" in window.navigator.item(4).text()
    assert stage.matrix_model.index(0, 3).data().startswith("⚠")
    assert stage.ack_button.isVisible()
    press(qtbot, window, Qt.Key.Key_A)  # "discussed", from the matrix: what was agreed?
    note = stage.why_card.note
    assert note.isVisible() and note.hasFocus()
    press(qtbot, window, Qt.Key.Key_Return)  # nothing written: nothing recorded
    assert not library.workshop(workshop_id).need(quotes).alignment_acknowledged
    qtbot.keyClicks(note, "Pilot with one team first")
    press(qtbot, window, Qt.Key.Key_Return)
    need = library.workshop(workshop_id).need(quotes)
    assert need.alignment_acknowledged and need.alignment_note == "Pilot with one team first"
    assert "⚠ 1" in window.navigator.item(4).text()
    assert not stage.ack_button.isVisible() and stage.reopen_button.isVisible()
    assert "Pilot with one team first" in stage.why_card.ack_text.text()
    assert "discussed" in stage.matrix_model.index(0, 3).data()

    stage.select_need(steps)
    stage.ack_button.click()
    stage.why_card.note.setText("Revisit with data")
    stage.why_card.record_button.click()
    ws = library.workshop(workshop_id)
    assert ws.need(steps).alignment_acknowledged
    assert AlignStage.progress(ws).state.value == "partial"  # discussed, but nothing linked
    window.actions_by_id["edit.undo"].trigger()  # the note and the discussion, in one step
    undone = library.workshop(workshop_id).need(steps)
    assert not undone.alignment_acknowledged and undone.alignment_note == ""
    window.actions_by_id["edit.redo"].trigger()
    stage.reopen_button.click()
    reopened = library.workshop(workshop_id).need(steps)
    assert not reopened.alignment_acknowledged and reopened.alignment_note == ""


def test_changing_the_framework_changes_the_parts_and_undoes(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    window, stage = _open(qtbot, library, tmp_path, demo_id)
    stage.tabs.setCurrentIndex(PRIORITY_TAB)
    assert QApplication.focusWidget() is stage.ranking
    assert stage.ranking_model.part_names[0] == "Value × 40%"
    stage.framework_buttons[m.Framework.WSJF].click()
    ws = library.workshop(demo_id)
    assert ws.framework is m.Framework.WSJF
    assert "Cost of delay" in stage.ranking_model.part_names
    assert stage.framework_hint.text() == "WSJF = cost of delay ÷ job size"
    top_need, top_priority = stage.ranking_model.rows[0]
    assert top_priority.score == max(priority(ws, n).score for n in ws.needs)
    assert top_need.id == max(ws.needs, key=lambda n: priority(ws, n).score).id
    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(demo_id).framework is m.Framework.WEIGHTED
    assert stage.framework_buttons[m.Framework.WEIGHTED].isChecked()
    window.actions_by_id["edit.redo"].trigger()
    assert stage.framework_buttons[m.Framework.WSJF].isChecked()


def test_ratings_are_typed_saved_and_reorder_the_ranking(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    window, stage = _open(qtbot, library, tmp_path, demo_id)
    stage.tabs.setCurrentIndex(PRIORITY_TAB)
    last_need, _p = stage.ranking_model.rows[-1]
    stage.select_need(last_need.id)
    effort = stage.ratings.effort
    effort.setFocus()
    effort.selectAll()
    qtbot.keyClicks(effort, "1")
    qtbot.keyClick(effort, Qt.Key.Key_Return)
    assert library.workshop(demo_id).need(last_need.id).assessment.effort == 1
    assert stage.ratings.need_id == last_need.id  # still the same need after re-ranking
    assert stage.ranking_model.rows[stage.ranking.currentIndex().row()][0].id == last_need.id
    assert "Priority (" in stage.ratings.formula.text()
    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(demo_id).need(last_need.id).assessment.effort == 8
    assert effort.value() == 8


def test_the_chart_places_every_need_and_a_click_selects_one(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    _window, stage = _open(qtbot, library, tmp_path, demo_id)
    stage.tabs.setCurrentIndex(CHART_TAB)
    ws = library.workshop(demo_id)
    assert len(stage.chart.points) == len(ws.needs) == stage.legend.count()
    last = len(ws.needs)  # the onboarding need, ranked last
    target = next(p for p in chart_points(ws) if p.rank == last)
    centre = stage.chart.centre_of(target)
    qtbot.mouseClick(
        stage.chart, Qt.MouseButton.LeftButton, pos=QPoint(int(centre.x()), int(centre.y()))
    )
    assert stage.need_id == target.need_id
    assert stage.legend.currentRow() == last - 1
    assert "Money pit" in stage.quadrant_hint.text() or "money pit" in stage.quadrant_hint.text()
    image = stage.chart.grab().toImage()
    assert image.width() > 300 and image.height() > 250


def test_phase_flags_show_in_the_matrix_and_the_explanation(
    qtbot: QtBot, demo_id: str, library: Library, tmp_path: Path
) -> None:
    _window, stage = _open(qtbot, library, tmp_path, demo_id)
    ws = library.workshop(demo_id)
    payroll = ws.needs[1]
    assert stage.matrix_model.index(1, 0).data().endswith("⚑")
    stage.select_need(payroll.id)
    assert stage.why_flags.isVisible()
    assert "run phase" in stage.why_flags.text()


def test_a_workshop_without_needs_or_goals_says_what_to_do(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Empty")
    _window, stage = _open(qtbot, library, tmp_path, workshop_id)
    assert stage.empty.isVisible() and not stage.tabs.isVisible()
    request = library.add_item(workshop_id, "request", {"text": "x"})
    stage.session.add("need", {"request_ids": [request], "statement": "y"})
    assert stage.tabs.isVisible()
    assert stage.notice.isVisible() and "No strategic goals" in stage.notice.text()
