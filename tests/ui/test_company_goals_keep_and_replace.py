"""The company goal library, second round: "Keep ours" outlives the app and holds for one version;
undoing a rewording gives a template's goal back as a template's; a pick can take the place of
a template's goal in one undoable step; the palette and the Workshop menu open the picker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.company_goals import (
    add_company_goal,
    edit_company_goal,
    keep_our_words,
    kept_words,
    pick_company_goal,
)
from workshop_app.storage.operations import Library
from workshop_app.storage.signoff import reopen
from workshop_app.storage.templates import available_templates, create_from_template
from workshop_app.ui import dialogs
from workshop_app.ui.company_goals import PickCompanyGoals
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.palette import CommandPalette
from workshop_app.ui.stages.goals.page import GoalsStage

PICK = "workshop.pick_company_goals"


def _goals(qtbot, library: Library, tmp_path, workshop_id: str) -> tuple[MainWindow, GoalsStage]:
    window = make_window(qtbot, library, tmp_path)
    window.resize(1366, 768)
    window.open_workshop(workshop_id)
    window.go_to_stage("goals")
    stage = window.current_stage()
    assert isinstance(stage, GoalsStage)
    return window, stage


def _capture(monkeypatch) -> list[Any]:
    made: list[Any] = []
    real = dialogs.pick_company_goals

    def factory(*args: Any, **kwargs: Any) -> Any:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(dialogs, "pick_company_goals", factory)
    return made


def _picked(library: Library, title: str = "Grow revenue 15%") -> tuple[str, str, str]:
    """A workshop holding a goal picked from the library, whose goal then changed (version 2)."""
    goal = add_company_goal(library, title, measure="ARR", period="2027")
    workshop_id = library.create_workshop("Sales Q1", division="Sales")
    picked_id = library.add_item(
        workshop_id, Kind.GOAL, pick_company_goal(library, workshop_id, goal.id)
    )
    edit_company_goal(library, goal.id, title="Grow revenue 20%")
    return goal.id, workshop_id, picked_id


def test_keep_ours_is_remembered_after_the_app_closes_until_a_later_version(
    qtbot, db_path: Path, tmp_path: Path
) -> None:
    library = Library(db_path)
    goal_id, workshop_id, picked_id = _picked(library)
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    stage.show_goal_id(picked_id)
    note = stage.library_note
    assert note.note.isVisible()
    note.keep_button.click()
    assert not note.note.isVisible()
    assert kept_words(library, workshop_id) == {(goal_id, 2)}
    assert library.workshop(workshop_id).goals[0].title == "Grow revenue 15%"  # nothing changed
    window.close()
    library.close()

    again = Library(db_path)  # the app opened again: the note stays away for version 2
    try:
        window, stage = _goals(qtbot, again, tmp_path, workshop_id)
        stage.show_goal_id(picked_id)
        assert stage.library_note.version.isVisible()
        assert not stage.library_note.note.isVisible()
        edit_company_goal(again, goal_id, title="Grow revenue 25%")  # version 3 asks again
        stage.show_goal_id(picked_id)
        assert stage.library_note.note.isVisible()
        assert "version 3" in stage.library_note.text.text()
        window.close()
    finally:
        again.close()


def test_keep_ours_holds_for_a_signed_off_revision_and_the_one_reopened_from_it(
    library: Library, demo_id: str
) -> None:
    from tests.unit.test_signing_support import signed_off

    goal = add_company_goal(library, "Cut the cost to serve by a tenth")
    library.add_item(demo_id, Kind.GOAL, pick_company_goal(library, demo_id, goal.id))
    edit_company_goal(library, goal.id, measure="Cost per order")
    signed = signed_off(library, demo_id)
    keep_our_words(library, demo_id, goal.id, 2)  # changes nothing in the signed revision
    keep_our_words(library, demo_id, goal.id, 2)  # twice is once
    assert library.workshop(demo_id) == signed
    assert library.content_problem(demo_id) is None
    reopened = reopen(library, demo_id)
    assert kept_words(library, reopened) == {(goal.id, 2)}
    other = library.create_workshop("Finance Q1")
    assert kept_words(library, other) == set()


def test_undoing_a_rewording_gives_the_templates_wording_back_as_a_template(
    qtbot, library: Library, tmp_path: Path
) -> None:
    workshop_id = create_from_template(library, available_templates()[0])
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    before = library.workshop(workshop_id).goals[0]
    assert before.placeholder
    assert stage.show_field(before.id, "title")
    qtbot.keyClicks(stage.title_edit, "Grow revenue in DACH 10%")
    qtbot.keyClick(stage.title_edit, Qt.Key.Key_Return)
    assert not library.workshop(workshop_id).goals[0].placeholder
    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(workshop_id).goals[0] == before  # exactly as it was
    assert "template's wording" in stage.library_note.version.text()
    assert "template's words" in GoalsStage.progress(library.workshop(workshop_id)).hint
    window.actions_by_id["edit.redo"].trigger()
    after = library.workshop(workshop_id).goals[0]
    assert (after.title, after.placeholder) == ("Grow revenue in DACH 10%", False)


def test_a_pick_takes_the_place_of_the_selected_templates_goal_in_one_step(
    qtbot, library: Library, tmp_path: Path, monkeypatch
) -> None:
    workshop_id = create_from_template(library, available_templates()[0])
    add_company_goal(library, "Grow <b>ARR</b> 15% 🚀 مرحبا", measure="ARR", period="2027")
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    goals_before = library.workshop(workshop_id).goals
    template = goals_before[0]
    assert template.placeholder and template.level is m.GoalLevel.COMPANY
    stage.show_goal_id(template.id)
    made = _capture(monkeypatch)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_G, ctrl_shift)
    qtbot.waitUntil(lambda: len(made) == 1)
    dialog = made[0]
    assert isinstance(dialog, PickCompanyGoals)
    qtbot.waitExposed(dialog)
    assert dialog.where.isVisible() and dialog.replacing() == template.id
    assert template.title in dialog.where.currentText()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    goals = library.workshop(workshop_id).goals
    assert [g.id for g in goals] == [g.id for g in goals_before]  # in its place, nothing added
    placed = goals[0]
    assert (placed.title, placed.measure, placed.library_version, placed.library_period) == (
        "Grow <b>ARR</b> 15% 🚀 مرحبا",
        "ARR",
        1,
        "2027",
    )
    assert placed.library_goal_id and not placed.placeholder
    assert placed.weight == template.weight  # the room's weight stays
    assert "is now in place of the template's" in dialog.said.text()
    assert dialog.replacing() is None  # the next pick is added unless chosen otherwise
    assert stage.current_goal_id == template.id
    dialog.close()
    window.actions_by_id["edit.undo"].trigger()  # one step back: the template's goal as it was
    assert library.workshop(workshop_id).goals == goals_before


def test_a_templates_goal_of_the_same_name_is_offered_to_be_replaced_not_doubled(
    qtbot, library: Library, tmp_path: Path, monkeypatch
) -> None:
    workshop_id = create_from_template(library, available_templates()[0])
    template = library.workshop(workshop_id).goals[0]
    add_company_goal(library, template.title)
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    division = next(g for g in library.workshop(workshop_id).goals if g.level.value == "division")
    stage.show_goal_id(division.id)  # no template company goal selected: added as new
    made = _capture(monkeypatch)
    window.actions_by_id[PICK].trigger()
    dialog = made[0]
    qtbot.waitExposed(dialog)
    assert dialog.where.isVisible() and dialog.replacing() is None
    assert "in this workshop" not in dialog.found.item(0).text()  # a template's is no goal yet
    count = len(library.workshop(workshop_id).goals)
    dialog.pick_current()
    assert "in a template's words" in dialog.said.text()
    assert len(library.workshop(workshop_id).goals) == count
    dialog.where.setCurrentIndex(dialog.where.findData(template.id))
    dialog.pick_current()
    goals = library.workshop(workshop_id).goals
    assert goals[0].id == template.id and goals[0].library_goal_id and not goals[0].placeholder
    dialog.close()


def test_the_palette_opens_the_company_goals_to_pick_from_any_stage(
    qtbot, library: Library, tmp_path: Path, monkeypatch
) -> None:
    add_company_goal(library, "Grow revenue 15%")
    workshop_id = library.create_workshop("Sales Q1")
    window = make_window(qtbot, library, tmp_path)
    window.show_library()
    palette = CommandPalette(window)
    palette.query.setText("pick from the company")
    assert "Pick from the company goals" not in palette.titles()  # no workshop open yet
    palette.close()
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    made = _capture(monkeypatch)
    palette = CommandPalette(window)
    palette.show()
    palette.query.setText("pick company goals")
    assert palette.titles()[0].startswith("Pick from the company goals")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(made) == 1)
    assert isinstance(window.current_stage(), GoalsStage)
    dialog = made[0]
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert [g.title for g in library.workshop(workshop_id).goals] == ["Grow revenue 15%"]
    dialog.close()
