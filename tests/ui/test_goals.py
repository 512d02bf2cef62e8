"""Goals: rapid capture per level, weights, measures, reorder and delete — saved and undoable."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.goals.page import GoalsStage, dots

ALT = Qt.KeyboardModifier.AltModifier
COMPANY, DIVISION = m.GoalLevel.COMPANY, m.GoalLevel.DIVISION


def _goals(qtbot, library: Library, tmp_path, workshop_id: str) -> tuple[MainWindow, GoalsStage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_stage("goals")
    stage = window.current_stage()
    assert isinstance(stage, GoalsStage)
    return window, stage


def _undo(window: MainWindow) -> None:
    window.actions_by_id["edit.undo"].trigger()


def _redo(window: MainWindow) -> None:
    window.actions_by_id["edit.redo"].trigger()


def _titles(library: Library, workshop_id: str, level: m.GoalLevel | None = None) -> list[str]:
    goals = library.workshop(workshop_id).goals
    return [g.title for g in goals if level is None or g.level is level]


def test_goals_are_captured_per_level_with_enter(qtbot, library: Library, tmp_path) -> None:
    workshop_id = library.create_workshop("Q4")
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    company = stage.groups[COMPANY]
    division = stage.groups[DIVISION]
    assert QApplication.focusWidget() is company.capture
    assert company.empty.isVisible() and division.empty.isVisible()
    assert stage.detail_empty.isVisible()
    assert GoalsStage.progress(library.workshop(workshop_id)).state.value == "empty"
    for text in ("Grow revenue 15%", "Keep attrition under 8%"):
        qtbot.keyClicks(company.capture, text)
        press(qtbot, window, Qt.Key.Key_Return)
    assert company.capture.text() == "" and QApplication.focusWidget() is company.capture
    assert (
        GoalsStage.progress(library.workshop(workshop_id)).hint == "Still needed: a division goal"
    )
    division.capture.setFocus()
    qtbot.keyClicks(division.capture, "Faster quote-to-cash")
    press(qtbot, window, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    assert [(g.title, g.level, g.weight) for g in ws.goals] == [
        ("Grow revenue 15%", COMPANY, 3),
        ("Keep attrition under 8%", COMPANY, 3),
        ("Faster quote-to-cash", DIVISION, 3),
    ]
    assert GoalsStage.progress(ws).state.value == "done"
    assert window.navigator.item(1).text().endswith("✓ 3")
    # The newest goal is the one described on the right.
    assert stage.title_edit.text() == "Faster quote-to-cash"
    _undo(window)
    assert _titles(library, workshop_id, DIVISION) == []
    _redo(window)
    assert _titles(library, workshop_id, DIVISION) == ["Faster quote-to-cash"]


def test_number_keys_set_the_weight_and_the_dots_follow(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    window, stage = _goals(qtbot, library, tmp_path, demo_id)
    company = stage.groups[COMPANY]
    company.table.setFocus()
    company.table.selectRow(2)  # "Hold operating cost flat while growing", weight 3
    goal_id = company.model.items[2].id
    press(qtbot, window, Qt.Key.Key_5)
    assert library.workshop(demo_id).goal(goal_id).weight == 5
    assert stage.weight.value == 5
    assert stage.weight_words.text() == "5 of 5 · critical"
    _undo(window)
    assert library.workshop(demo_id).goal(goal_id).weight == 3
    assert stage.weight.value == 3
    # The dots on the right: keys and clicks.
    stage.weight.setFocus()
    press(qtbot, window, Qt.Key.Key_Left)
    assert library.workshop(demo_id).goal(goal_id).weight == 2
    first_dot = QPoint(stage.weight.width() // 10, stage.weight.height() // 2)  # of five dots
    qtbot.mouseClick(stage.weight, Qt.MouseButton.LeftButton, pos=first_dot)
    assert library.workshop(demo_id).goal(goal_id).weight == 1
    assert stage.weight.accessibleDescription() == "1 of 5, nice to have"
    _undo(window)
    _undo(window)
    assert library.workshop(demo_id).goal(goal_id).weight == 3
    assert dots(3) == "●●●○○"


def test_the_selected_goal_is_described_and_can_change_level(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    window, stage = _goals(qtbot, library, tmp_path, demo_id)
    division = stage.groups[DIVISION]
    division.table.setFocus()
    division.table.selectRow(0)
    goal = division.model.items[0]
    assert stage.title_edit.text() == goal.title
    assert stage.groups[COMPANY].selected() is None  # one selection across both lists
    stage.measure_edit.setFocus()
    stage.measure_edit.selectAll()
    qtbot.keyClicks(stage.measure_edit, "Days to signed quote")
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is stage.description_edit
    qtbot.keyClicks(stage.description_edit, " Contracts too.")
    stage.flush_edits()
    saved = library.workshop(demo_id).goal(goal.id)
    assert saved.measure == "Days to signed quote"
    assert "Contracts too." in saved.description
    stage.level_choice.setCurrentIndex(stage.level_choice.findData(COMPANY))
    stage.level_choice.activated.emit(stage.level_choice.currentIndex())
    assert library.workshop(demo_id).goal(goal.id).level is COMPANY
    assert stage.groups[COMPANY].model.row_of(goal.id) >= 0
    assert stage.title_edit.text() == goal.title  # still the one described
    _undo(window)
    assert library.workshop(demo_id).goal(goal.id).level is DIVISION
    _undo(window)
    _undo(window)
    assert library.workshop(demo_id).goal(goal.id) == goal


def test_alt_arrows_reorder_within_a_level(qtbot, library: Library, demo_id: str, tmp_path) -> None:
    window, stage = _goals(qtbot, library, tmp_path, demo_id)
    before = _titles(library, demo_id)
    company = stage.groups[COMPANY]
    company.table.setFocus()
    company.table.selectRow(0)
    press(qtbot, window, Qt.Key.Key_Down, ALT)
    press(qtbot, window, Qt.Key.Key_Down, ALT)
    press(qtbot, window, Qt.Key.Key_Down, ALT)  # already last among company goals: no-op
    assert _titles(library, demo_id, COMPANY) == [
        "Keep regretted attrition under 8%",
        "Hold operating cost flat while growing",
        "Grow mid-market revenue 15%",
    ]
    assert _titles(library, demo_id, DIVISION) == [t for t in before if t in _division(before)]
    assert company.selected().title == "Grow mid-market revenue 15%"
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    assert _titles(library, demo_id, COMPANY)[1] == "Grow mid-market revenue 15%"
    _undo(window)
    _undo(window)
    _undo(window)
    assert _titles(library, demo_id) == before


def _division(titles: list[str]) -> set[str]:
    return {"Faster quote-to-cash", "HR time goes to people, not paperwork"} & set(titles)


def test_deleting_a_goal_is_undone_with_its_alignment_links(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    before = library.workshop(demo_id)
    window, stage = _goals(qtbot, library, tmp_path, demo_id)
    company = stage.groups[COMPANY]
    company.table.setFocus()
    company.table.selectRow(0)
    goal_id = company.model.items[0].id
    assert any(link.goal_id == goal_id for link in before.links)
    press(qtbot, window, Qt.Key.Key_Delete)
    after = library.workshop(demo_id)
    assert after.goal(goal_id) is None
    assert not any(link.goal_id == goal_id for link in after.links)
    assert company.selected() is not None  # the next goal is selected, ready for Delete again
    _undo(window)
    assert library.workshop(demo_id) == before


def test_a_signed_off_workshop_shows_goals_read_only(qtbot, library: Library, tmp_path) -> None:
    workshop = m.Workshop(title="Signed", status=m.Status.SIGNED_OFF)
    workshop.goals = [m.StrategicGoal("Grow", weight=4)]
    workshop_id = library.add_workshop(workshop)
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    company = stage.groups[COMPANY]
    assert not company.capture.isEnabled()
    assert stage.title_edit.isReadOnly() and stage.weight.read_only
    company.table.setFocus()
    company.table.selectRow(0)
    press(qtbot, window, Qt.Key.Key_2)
    stage.weight.set_value(1)
    assert library.workshop(workshop_id).goals[0].weight == 4


def test_long_and_hostile_goal_text_stays_inside(qtbot, library: Library, tmp_path) -> None:
    workshop_id = library.create_workshop("Q4")
    library.add_item(workshop_id, "goal", {"title": "<b>" + "G" * 497, "measure": "م" * 400})
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    window.resize(1366, 768)
    QApplication.processEvents()
    table = stage.groups[COMPANY].table
    assert table.horizontalHeader().length() <= table.viewport().width() + 2
    assert stage.title_edit.text().startswith("<b>GGG")
    assert stage.mapTo(window, QPoint(stage.width(), 0)).x() <= window.width()
