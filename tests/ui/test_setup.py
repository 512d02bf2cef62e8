"""Setup: the workshop's details, the IT phase, participants and agenda — saved and undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.core.agenda import parse_agenda_item
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.setup.page import SetupStage, parse_person

ALT = Qt.KeyboardModifier.AltModifier


def _setup(qtbot, library: Library, tmp_path, workshop_id: str) -> tuple[MainWindow, SetupStage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_stage("setup")
    stage = window.current_stage()
    assert isinstance(stage, SetupStage)
    return window, stage


def _undo(window: MainWindow) -> None:
    window.actions_by_id["edit.undo"].trigger()


def _redo(window: MainWindow) -> None:
    window.actions_by_id["edit.redo"].trigger()


def test_details_are_typed_field_after_field_with_enter_and_saved(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Untitled workshop")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    assert QApplication.focusWidget() is stage.title_edit
    assert stage.title_edit.selectedText() == "Untitled workshop"
    for text in ("Q4 alignment", "Sales", "Northwind"):
        qtbot.keyClicks(QApplication.focusWidget(), text)
        press(qtbot, window, Qt.Key.Key_Return)  # saves and moves to the next field
    assert QApplication.focusWidget() is stage.date_edit
    qtbot.keyClicks(stage.date_edit, "2026-10-05")
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is stage.location_edit
    ws = library.workshop(workshop_id)
    assert (ws.title, ws.division, ws.company, ws.date) == (
        "Q4 alignment",
        "Sales",
        "Northwind",
        "2026-10-05",
    )
    assert stage.date_echo.text() == "Mon 5 Oct 2026"
    _undo(window)
    assert library.workshop(workshop_id).date == ""
    assert stage.date_edit.text() == ""
    _undo(window)
    assert library.workshop(workshop_id).company == ""
    _redo(window)
    assert library.workshop(workshop_id).company == "Northwind"


def test_a_date_that_is_not_a_real_date_is_explained_and_not_saved(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Q4", date="2026-09-15")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    stage.date_edit.setFocus()
    stage.date_edit.selectAll()
    qtbot.keyClicks(stage.date_edit, "2026-02-30")
    press(qtbot, window, Qt.Key.Key_Return)
    assert library.workshop(workshop_id).date == "2026-09-15"
    assert stage.date_echo.text() == "Use YYYY-MM-DD"
    assert stage.date_echo.property("invalid") is True
    assert QApplication.focusWidget() is stage.date_edit  # stays until the date is right
    qtbot.keyClicks(stage.date_edit, "x/")  # the validator refuses anything but digits and -
    assert stage.date_edit.text() == "2026-02-30"
    stage.date_edit.selectAll()
    press(qtbot, window, Qt.Key.Key_Delete)
    press(qtbot, window, Qt.Key.Key_Return)
    assert library.workshop(workshop_id).date == ""  # emptied on purpose: saved
    assert stage.date_echo.text() == "Not set yet"


def test_the_it_phase_is_chosen_with_the_mouse_or_arrows_and_undone(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Q4")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    assert stage.phase.buttons[None].isChecked()
    qtbot.mouseClick(stage.phase.buttons[m.Phase.RUN], Qt.MouseButton.LeftButton)
    assert library.workshop(workshop_id).it_phase is m.Phase.RUN
    stage.phase.buttons[m.Phase.RUN].setFocus()
    press(qtbot, window, Qt.Key.Key_Down)
    assert library.workshop(workshop_id).it_phase is m.Phase.DELIVER
    assert stage.phase.buttons[m.Phase.DELIVER].isChecked()
    _undo(window)
    assert library.workshop(workshop_id).it_phase is m.Phase.RUN
    assert stage.phase.buttons[m.Phase.RUN].isChecked()
    _undo(window)
    assert library.workshop(workshop_id).it_phase is None
    assert stage.phase.buttons[None].isChecked()


def test_participants_are_added_by_typing_and_marked_as_decision_makers(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Q4", division="Sales")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    assert stage.people_empty.isVisible() and not stage.people_table.isVisible()
    stage.person_input.setFocus()
    stage.person_input.setText("María González, VP Sales")  # non-ASCII: set, then Enter
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.keyClicks(stage.person_input, "Tom Becker")
    press(qtbot, window, Qt.Key.Key_Return)
    assert stage.person_input.text() == "" and QApplication.focusWidget() is stage.person_input
    people = library.workshop(workshop_id).participants
    assert [(p.name, p.role, p.decision_maker) for p in people] == [
        ("María González", "VP Sales", False),
        ("Tom Becker", "", False),
    ]
    _undo(window)  # adding is undoable too
    assert [p.name for p in library.workshop(workshop_id).participants] == ["María González"]
    _redo(window)
    assert SetupStage.progress(library.workshop(workshop_id)).state.value == "partial"
    assert stage.people_count.text() == "nobody decides yet: tick “Decides”"
    # Space on the "Decides" cell ticks it.
    stage.people_table.setFocus()
    stage.people_table.setCurrentIndex(stage.people_model.index(0, 2))
    press(qtbot, window, Qt.Key.Key_Space)
    assert library.workshop(workshop_id).participants[0].decision_maker is True
    assert SetupStage.progress(library.workshop(workshop_id)).state.value == "done"
    assert window.navigator.item(0).text().endswith("✓")
    _undo(window)
    assert library.workshop(workshop_id).participants[0].decision_maker is False


def test_a_participant_is_deleted_with_the_delete_key_and_undo_brings_them_back(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    window, stage = _setup(qtbot, library, tmp_path, demo_id)
    before = library.workshop(demo_id).participants
    stage.people_table.setFocus()
    stage.people_table.selectRow(1)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert [p.name for p in library.workshop(demo_id).participants] == [
        p.name for p in before if p.name != "Tom Becker"
    ]
    _undo(window)
    assert library.workshop(demo_id).participants == before
    _redo(window)
    assert len(library.workshop(demo_id).participants) == len(before) - 1


def test_agenda_items_take_their_minutes_from_the_text_and_reorder_with_alt_arrows(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Q4")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    stage.agenda_input.setFocus()
    for text in ("Goals 15 min", "Requests", "Needs: why does it matter? 40 min"):
        qtbot.keyClicks(stage.agenda_input, text)
        press(qtbot, window, Qt.Key.Key_Return)
    agenda = library.workshop(workshop_id).agenda
    assert [(a.title, a.planned_minutes) for a in agenda] == [
        ("Goals", 15),
        ("Requests", 15),
        ("Needs: why does it matter?", 40),
    ]
    assert stage.agenda_count.text() == "3 items · 1 h 10 min"
    _undo(window)
    assert len(library.workshop(workshop_id).agenda) == 2
    _redo(window)
    assert len(library.workshop(workshop_id).agenda) == 3
    stage.agenda_table.setFocus()
    stage.agenda_table.selectRow(2)
    press(qtbot, window, Qt.Key.Key_Up, ALT)
    titles = [a.title for a in library.workshop(workshop_id).agenda]
    assert titles == ["Goals", "Needs: why does it matter?", "Requests"]
    assert stage.agenda_table.selectionModel().selectedRows()[0].row() == 1
    _undo(window)
    assert [a.title for a in library.workshop(workshop_id).agenda][2] == (
        "Needs: why does it matter?"
    )
    stage.agenda_table.selectRow(0)
    press(qtbot, window, Qt.Key.Key_Delete)
    assert library.workshop(workshop_id).agenda[0].title == "Requests"
    _undo(window)
    assert library.workshop(workshop_id).agenda[0].title == "Goals"


def test_minutes_are_edited_in_the_table(qtbot, library: Library, demo_id: str, tmp_path) -> None:
    window, stage = _setup(qtbot, library, tmp_path, demo_id)
    index = stage.agenda_model.index(0, 1)
    assert stage.agenda_model.setData(index, 30)
    assert library.workshop(demo_id).agenda[0].planned_minutes == 30
    _undo(window)
    assert library.workshop(demo_id).agenda[0].planned_minutes == 15


def test_minutes_are_understood_however_the_room_types_them(
    qtbot, library: Library, tmp_path
) -> None:
    """Regression: "Sign-off 10" kept the 10 in the title and planned 15 minutes."""
    workshop_id = library.create_workshop("Q4")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    stage.agenda_input.setFocus()
    for text in ("Sign-off 10", "Sign-off (10')", "10 min sign-off"):
        qtbot.keyClicks(stage.agenda_input, text)
        press(qtbot, window, Qt.Key.Key_Return)
    stage.agenda_input.insert("Sign-off \u2013 10m")  # an en dash cannot be typed by keyClicks
    press(qtbot, window, Qt.Key.Key_Return)
    agenda = library.workshop(workshop_id).agenda
    assert [(a.title, a.planned_minutes) for a in agenda] == [("Sign-off", 10)] * 4
    assert stage.agenda_input.text() == ""


def test_text_parsing() -> None:
    assert parse_person("María González, VP Sales") == ("María González", "VP Sales")
    assert parse_person("  Tom  ") == ("Tom", "")
    assert parse_person("Ana, CFO, acting") == ("Ana", "CFO, acting")
    assert parse_agenda_item("Needs 40 min") == ("Needs", 40)
    assert parse_agenda_item("Decide, 20 minutes") == ("Decide", 20)
    assert parse_agenda_item("Q3 review 2026") == ("Q3 review 2026", 15)
    assert parse_agenda_item("45 min") == ("45 min", 15)
    assert parse_agenda_item("Break 0 min") == ("Break 0 min", 15)


def test_progress_needs_title_division_people_and_a_decision_maker() -> None:
    ws = m.Workshop(title="Untitled workshop")
    assert SetupStage.progress(ws).state.value == "empty"
    ws.title, ws.division = "Q4", "Sales"
    progress = SetupStage.progress(ws)
    assert progress.state.value == "partial" and "participants" in progress.hint
    ws.participants = [m.Participant("Ana")]
    assert "decision-maker" in SetupStage.progress(ws).hint
    ws.participants[0].decision_maker = True
    assert SetupStage.progress(ws).state.value == "done"


def test_a_signed_off_workshop_shows_read_only(qtbot, library: Library, tmp_path) -> None:
    workshop = m.Workshop(title="Signed", status=m.Status.SIGNED_OFF)
    workshop.participants = [m.Participant("Ana", decision_maker=True)]
    workshop_id = library.add_workshop(workshop)
    _window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    assert stage.title_edit.isReadOnly()
    assert not stage.person_input.isEnabled() and not stage.agenda_input.isEnabled()
    assert not stage.phase.buttons[m.Phase.RUN].isEnabled()
    assert not (
        stage.people_model.flags(stage.people_model.index(0, 2)) & Qt.ItemFlag.ItemIsUserCheckable
    )


def test_hostile_text_stays_plain_and_inside_the_window(qtbot, library: Library, tmp_path) -> None:
    workshop_id = library.create_workshop(
        "<b>Bold</b> 🚀 " + "W" * 400, division="مبيعات", facilitator="山田 太郎"
    )
    library.add_item(workshop_id, "participant", {"name": "x" * 500, "role": "<i>role</i>"})
    library.add_item(workshop_id, "agenda_item", {"title": "y" * 500})
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    window.resize(1366, 768)
    QApplication.processEvents()
    assert stage.title_edit.text().startswith("<b>Bold</b>")
    assert stage.width() <= window.width()
    assert stage.people_table.horizontalHeader().length() <= stage.people_table.width()
