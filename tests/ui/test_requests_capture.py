"""Capturing requests: type, Enter, next — saved to disk at once and undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.helpers import make_window, press
from workshop_app.storage.operations import Library


def test_typing_a_request_and_pressing_enter_saves_it_and_clears_the_input(
    qtbot, library: Library, tmp_path
) -> None:
    workshop_id = library.create_workshop("Intake")
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    qtbot.keyClicks(stage.capture, "A new CRM by March")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    qtbot.keyClicks(stage.capture, "A dashboard")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    assert stage.capture.text() == ""
    assert [r.text for r in library.workshop(workshop_id).requests] == [
        "A new CRM by March",
        "A dashboard",
    ]
    window.actions_by_id["edit.undo"].trigger()
    assert [r.text for r in library.workshop(workshop_id).requests] == ["A new CRM by March"]
    window.actions_by_id["edit.redo"].trigger()
    assert len(library.workshop(workshop_id).requests) == 2


def test_ctrl_number_jumps_between_stages(qtbot, demo_id: str, library: Library, tmp_path) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_stage().key == "requests"
    press(qtbot, window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_stage().key == "needs"
