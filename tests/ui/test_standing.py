"""Where IT stands, in Setup: the evidence for the phase, the division's last workshop, and a
slide back said plainly; choosing a phase records what it is compared with, undoable at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.setup.page import SetupStage


def _setup(qtbot, library: Library, tmp_path, workshop_id: str) -> tuple[MainWindow, SetupStage]:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.go_to_stage("setup")
    stage = window.current_stage()
    assert isinstance(stage, SetupStage)
    return window, stage


def _earlier_workshop(library: Library) -> str:
    autumn = library.create_workshop("Autumn", division="Sales", date="2026-09-15")
    library.set_field(Kind.WORKSHOP, autumn, "it_phase", "deliver")
    return autumn


def test_a_slide_back_since_the_last_workshop_is_recorded_and_said(
    qtbot, library: Library, tmp_path
) -> None:
    _earlier_workshop(library)
    today = library.create_workshop("Winter", division="sales ", date="2026-12-07")
    window, stage = _setup(qtbot, library, tmp_path, today)
    panel = stage.standing
    assert panel.history.text() == "Last workshop with sales: Deliver (2026-09-15)"
    assert not panel.movement.isVisible()

    qtbot.mouseClick(stage.phase.buttons[m.Phase.RUN], Qt.MouseButton.LeftButton)
    ws = library.workshop(today)
    assert (ws.it_phase, ws.earlier_phase, ws.earlier_phase_date) == (
        m.Phase.RUN,
        m.Phase.DELIVER,
        "2026-09-15",
    )
    assert panel.movement.isVisible()
    assert panel.movement.text() == (
        "⚠ IT's standing with sales slid back from Deliver to Run since 2026-09-15."
    )
    assert panel.movement.objectName() == "attention"

    window.actions_by_id["edit.undo"].trigger()  # one step: the phase and what it compares with
    ws = library.workshop(today)
    assert (ws.it_phase, ws.earlier_phase, ws.earlier_phase_date) == (None, None, "")
    assert not panel.movement.isVisible()

    qtbot.mouseClick(stage.phase.buttons[m.Phase.INNOVATE], Qt.MouseButton.LeftButton)
    assert "moved up from Deliver to Innovate" in panel.movement.text()
    assert panel.movement.objectName() == "muted"


def test_the_evidence_for_the_phase_is_typed_and_saved(qtbot, library: Library, tmp_path) -> None:
    workshop_id = library.create_workshop("Q4", division="HR")
    window, stage = _setup(qtbot, library, tmp_path, workshop_id)
    assert stage.standing.history.text().startswith("With this division")  # none with HR yet
    reliability = stage.standing.evidence["it_reliability"]
    reliability.setFocus()
    qtbot.keyClicks(reliability, "Payroll wrong every month ")
    reliability.insert("💥 <b>ok</b>")  # QTest cannot type characters outside the BMP
    press(qtbot, window, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is stage.standing.evidence["it_delivery"]
    QApplication.focusWidget().insert("سريع")
    press(qtbot, window, Qt.Key.Key_Return)
    ws = library.workshop(workshop_id)
    assert ws.it_reliability == "Payroll wrong every month 💥 <b>ok</b>"
    assert ws.it_delivery == "سريع"
    window.actions_by_id["edit.undo"].trigger()
    assert library.workshop(workshop_id).it_delivery == ""
