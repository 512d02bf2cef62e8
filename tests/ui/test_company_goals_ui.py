"""The company goal library on screen: picking goals from the Goals stage with the keyboard, the
manager that adds, versions and retires them, the quiet note when the company's goal changed,
and a template's goals that do not count until reworded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.storage.company_goals import (
    add_company_goal,
    company_goals,
    edit_company_goal,
    pick_company_goal,
)
from workshop_app.storage.operations import Library
from workshop_app.storage.templates import available_templates, create_from_template
from workshop_app.ui import dialogs
from workshop_app.ui.company_goals import CompanyGoalsDialog, PickCompanyGoals
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.goals.page import GoalsStage

COMPANY = m.GoalLevel.COMPANY


def _goals(qtbot, library: Library, tmp_path, workshop_id: str) -> tuple[MainWindow, GoalsStage]:
    window = make_window(qtbot, library, tmp_path)
    window.resize(1366, 768)
    window.open_workshop(workshop_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_stage("goals")
    stage = window.current_stage()
    assert isinstance(stage, GoalsStage)
    return window, stage


def _capture(monkeypatch, name: str) -> list[Any]:
    made: list[Any] = []
    real = getattr(dialogs, name)

    def factory(*args: Any, **kwargs: Any) -> Any:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(dialogs, name, factory)
    return made


def test_goals_are_picked_from_the_library_with_the_keyboard(
    qtbot, library: Library, tmp_path, monkeypatch
) -> None:
    add_company_goal(library, "Grow mid-market revenue 15%", measure="ARR", period="2027")
    add_company_goal(library, "Keep regretted attrition under 8%", period="2027")
    add_company_goal(library, "Cut travel cost", period="2026")
    workshop_id = library.create_workshop("Sales Q1")
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    made = _capture(monkeypatch, "pick_company_goals")
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_G, ctrl_shift)  # keyboard-first
    qtbot.waitUntil(lambda: len(made) == 1)
    dialog = made[0]
    assert isinstance(dialog, PickCompanyGoals)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.search)
    assert dialog.found.count() == 3
    dialog.period.setText("2027")
    assert dialog.found.count() == 2
    qtbot.keyClicks(dialog.search, "attrition")
    assert dialog.found.count() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    assert [(g.title, g.library_version, g.library_period) for g in ws.goals] == [
        ("Keep regretted attrition under 8%", 1, "2027")
    ]
    assert "Added" in dialog.said.text()
    # The same goal again is refused in words, not added twice.
    dialog.pick(ws.goals[0].library_goal_id)
    assert "already has" in dialog.said.text() and len(library.workshop(workshop_id).goals) == 1
    dialog.search.clear()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    assert dialog.found.currentRow() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert len(library.workshop(workshop_id).goals) == 2
    assert stage.title_edit.text() == "Grow mid-market revenue 15%"
    dialog.close()
    window.actions_by_id["edit.undo"].trigger()  # a pick is undone like any added goal
    assert [g.title for g in library.workshop(workshop_id).goals] == [
        "Keep regretted attrition under 8%"
    ]


def test_the_manager_adds_versions_and_retires_goals(
    qtbot, library: Library, tmp_path, monkeypatch
) -> None:
    workshop_id = library.create_workshop("Sales Q1")
    _window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    made = _capture(monkeypatch, "company_goals_dialog")
    stage.manage_company_goals()
    dialog = made[0]
    assert isinstance(dialog, CompanyGoalsDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)
    dialog.title.setText("Grow <b>revenue</b> 15% 🚀 مرحبا")
    dialog.period.setText("2027")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # nothing selected: Enter adds
    (goal,) = company_goals(library)
    assert goal.title == "Grow <b>revenue</b> 15% 🚀 مرحبا" and goal.current.period == "2027"
    assert dialog.found.count() == 1 and dialog.current_id() == goal.id
    dialog.title.setText("Grow revenue 20%")
    dialog.save_button.click()
    assert [v.version for v in company_goals(library)[0].versions] == [1, 2]
    assert "version 2" in dialog.said.text() and "earlier" in dialog.history.text()
    dialog.save_button.click()
    assert dialog.said.text() == "Nothing changed."
    dialog.new_goal()
    dialog.title.setText("grow REVENUE 20%")
    dialog.add_button.click()
    assert "already has the goal" in dialog.said.text() and len(company_goals(library)) == 1
    dialog.found.setCurrentRow(0)
    dialog.retire_button.click()
    assert company_goals(library)[0].retired and dialog.found.count() == 0
    dialog.show_retired.setChecked(True)
    assert dialog.found.count() == 1 and "retired" in dialog.found.item(0).text()
    dialog.found.setCurrentRow(0)
    assert not dialog.save_button.isEnabled() and dialog.title.isReadOnly()
    dialog.close()


def test_a_changed_company_goal_is_noted_and_never_changed_by_itself(
    qtbot, library: Library, tmp_path
) -> None:
    goal = add_company_goal(library, "Grow revenue 15%", measure="ARR", period="2027")
    workshop_id = library.create_workshop("Sales Q1")
    from workshop_app.core.kind import Kind

    picked_id = library.add_item(
        workshop_id, Kind.GOAL, pick_company_goal(library, workshop_id, goal.id)
    )
    edit_company_goal(library, goal.id, title="Grow revenue 20%", measure="ARR and NRR")
    window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    stage.show_goal_id(picked_id)
    note = stage.library_note
    assert note.note.isVisible() and "version 2" in note.text.text()
    assert note.version.text() == "Company goal, version 1 · 2027"
    assert library.workshop(workshop_id).goals[0].title == "Grow revenue 15%"  # untouched
    note.update_button.click()
    kept = library.workshop(workshop_id).goals[0]
    assert (kept.title, kept.measure, kept.library_version) == (
        "Grow revenue 20%",
        "ARR and NRR",
        2,
    )
    assert not note.note.isVisible()
    window.actions_by_id["edit.undo"].trigger()  # one step back to the words it had
    kept = library.workshop(workshop_id).goals[0]
    assert (kept.title, kept.library_version) == ("Grow revenue 15%", 1)
    assert note.note.isVisible()
    note.keep_button.click()
    assert not note.note.isVisible()
    assert library.workshop(workshop_id).goals[0].library_version == 1


def test_a_templates_goals_do_not_count_until_reworded(qtbot, library: Library, tmp_path) -> None:
    workshop_id = create_from_template(library, available_templates()[0])
    _window, stage = _goals(qtbot, library, tmp_path, workshop_id)
    progress = GoalsStage.progress(library.workshop(workshop_id))
    assert progress.state.value == "partial" and "template's words" in progress.hint
    assert "template's wording" in stage.library_note.version.text()
    assert stage.show_field(library.workshop(workshop_id).goals[0].id, "title")
    assert QApplication.focusWidget() is stage.title_edit
    qtbot.keyClicks(stage.title_edit, "Grow revenue in DACH 10%")
    qtbot.keyClick(stage.title_edit, Qt.Key.Key_Return)
    assert not library.workshop(workshop_id).goals[0].placeholder
    assert stage.library_note.version.text() == ""


def test_the_workshops_library_opens_the_company_goals(qtbot, library: Library, tmp_path) -> None:
    add_company_goal(library, "Grow revenue 15%")
    window = make_window(qtbot, library, tmp_path)
    window.show_library()
    dialog = window.library_page.manage_company_goals()
    assert isinstance(dialog, CompanyGoalsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.found.count() == 1 and dialog.found.item(0).text() == "Grow revenue 15%"
    dialog.close()
