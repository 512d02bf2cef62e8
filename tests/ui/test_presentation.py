"""Presentation mode: F5 puts the request in view on the wall, arrows move, Esc comes back to the
same place; nothing is editable; it follows edits; any text stays on the screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.presentation import NEED_MIN_PT, PresentationWindow, served_goals
from workshop_app.ui.stages.decide.page import DecideStage

CTRL = Qt.KeyboardModifier.ControlModifier


def _texts(widget: PresentationWindow) -> str:
    return " | ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def _key(qtbot: QtBot, widget: PresentationWindow, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)


def _present(qtbot: QtBot, window: MainWindow) -> PresentationWindow:
    press(qtbot, window, Qt.Key.Key_F5)
    presentation = window.findChild(PresentationWindow)
    assert presentation is not None
    qtbot.waitUntil(presentation.isVisible)
    # Keys go to the active window (the main window's Esc shortcut must not catch them).
    qtbot.waitUntil(lambda: QApplication.activeWindow() is presentation)
    return presentation


def test_f5_presents_the_request_in_view_and_esc_returns_to_the_same_place(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)
    stage = window.current_stage()
    assert isinstance(stage, DecideStage)
    requests = library.workshop(demo_id).requests
    press(qtbot, window, Qt.Key.Key_Down)  # the chatbot request
    assert stage.current_request_id() == requests[1].id

    presentation = _present(qtbot, window)
    assert presentation.isFullScreen()
    assert presentation.request_id == requests[1].id
    assert "Request 2 of 7" in _texts(presentation)
    assert "“An AI chatbot for employees' HR questions”" in _texts(presentation)
    assert "Employees get a correct payslip every month without asking" in _texts(presentation)
    assert "Reshape" in _texts(presentation)

    _key(qtbot, presentation, Qt.Key.Key_Right)
    assert presentation.request_id == requests[2].id
    _key(qtbot, presentation, Qt.Key.Key_PageDown)  # a presenter's clicker
    assert presentation.request_id == requests[3].id
    _key(qtbot, presentation, Qt.Key.Key_PageUp)
    _key(qtbot, presentation, Qt.Key.Key_Left)
    assert presentation.request_id == requests[1].id
    _key(qtbot, presentation, Qt.Key.Key_Left)
    _key(qtbot, presentation, Qt.Key.Key_Left)  # stops at the first
    assert presentation.request_id == requests[0].id
    _key(qtbot, presentation, Qt.Key.Key_End)
    assert presentation.request_id == requests[-1].id
    _key(qtbot, presentation, Qt.Key.Key_Right)  # stops at the last
    assert presentation.request_id == requests[-1].id
    _key(qtbot, presentation, Qt.Key.Key_Home)
    _key(qtbot, presentation, Qt.Key.Key_Right)
    _key(qtbot, presentation, Qt.Key.Key_Right)

    _key(qtbot, presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Same stage; the request that was on the wall is the one in view; typing goes on there.
    assert window.current_stage() is stage
    assert stage.current_request_id() == requests[2].id
    assert QApplication.focusWidget() is stage.card.bar

    # F5 again starts where we are, and F5 inside presentation mode leaves it too.
    presentation = _present(qtbot, window)
    assert presentation.request_id == requests[2].id
    _key(qtbot, presentation, Qt.Key.Key_F5)
    assert not presentation.isVisible()
    assert window.current_stage() is stage


def test_presentation_follows_edits_and_nothing_on_it_is_editable(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id = library.create_workshop("Intake")
    library.add_item(workshop_id, "request", {"text": "A new CRM"})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    presentation = _present(qtbot, window)
    assert "Still to decide" in _texts(presentation)
    assert "has not been found yet" in _texts(presentation)
    editable = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractButton, QComboBox, QAbstractSpinBox)
    widgets = presentation.findChildren(QWidget)
    assert not [w for w in widgets if isinstance(w, editable) and w.isVisible()]
    labels = [w for w in presentation.findChildren(QLabel) if w.isVisible()]
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)

    assert window.session is not None
    request_id = window.session.workshop.requests[0].id
    window.session.edit("decision", request_id, "kind", m.DecisionKind.DECLINE)
    window.session.edit("decision", request_id, "rationale", "Served by saved views")
    assert "Decline" in _texts(presentation)
    assert "Served by saved views" in _texts(presentation)
    _key(qtbot, presentation, Qt.Key.Key_Escape)
    assert not presentation.isVisible()


def test_the_timer_sits_quietly_in_a_corner(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    now = [1000.0]
    window.timer.clock = lambda: now[0]
    window.timer.toggle()
    presentation = _present(qtbot, window)
    assert presentation.clock.text() == "Goals and where IT stands: 15:00 left"
    now[0] += 16 * 60
    window.timer.refresh()
    assert presentation.clock.text() == "Goals and where IT stands: 1:00 over"
    assert presentation.clock.property("overtime") is True
    _key(qtbot, presentation, Qt.Key.Key_Escape)
    window.timer.toggle()


def test_any_text_fits_the_wall_in_large_type(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    hostile = "<b>R&D</b> <i>x مرحبا 你好 😀 " + "W" * 10_000
    ws = m.Workshop(hostile[:400])
    request = m.Request(hostile)
    goal = m.StrategicGoal(hostile[:500], weight=5)
    need = m.Need(hostile, [request.id], [hostile] * 12)
    ws.requests, ws.goals, ws.needs = [request], [goal], [need]
    ws.links = [m.AlignmentLink(need.id, goal.id, m.Strength.STRONG)]
    ws.decisions = [m.Decision(request.id, m.DecisionKind.DECLINE, hostile)]
    workshop_id = library.add_workshop(ws)
    request_id = request.id
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    assert window.session is not None
    presentation = PresentationWindow.instance(window)
    for size in (QSize(1920, 1080), QSize(1366, 768)):
        image = presentation.snapshot(window.session, request_id, size)
        assert image.size() == size
        labels = [w for w in presentation.findChildren(QLabel) if w.isVisibleTo(presentation)]
        assert len(labels) > 10
        for label in labels:
            left = label.mapTo(presentation, QPoint(0, 0)).x()
            assert left >= 0 and left + label.width() <= size.width(), label.objectName()
        needs = [w for w in labels if w.objectName() in ("presNeed", "presNeedSmall")]
        assert len(needs) == 1
        assert needs[0].font().pointSizeF() >= NEED_MIN_PT
        assert "<b>R&D</b>" in needs[0].text()
        assert presentation.fits()  # the type stepped down and details were left out
        shown = " ".join(w.text() for w in labels)
        assert "more steps" in shown
    assert not presentation.isVisible()


def test_served_goals_strongest_first() -> None:
    ws = m.Workshop("W")
    a, b, c = m.StrategicGoal("A"), m.StrategicGoal("B"), m.StrategicGoal("C")
    ws.goals = [a, b, c]
    one, two = m.Need("one"), m.Need("two")
    ws.needs = [one, two]
    ws.links = [
        m.AlignmentLink(one.id, a.id, m.Strength.WEAK),
        m.AlignmentLink(two.id, a.id, m.Strength.MODERATE),
        m.AlignmentLink(one.id, c.id, m.Strength.STRONG),
        m.AlignmentLink(one.id, b.id, m.Strength.NONE),
    ]
    assert [(g.title, s) for g, s in served_goals(ws, [one, two])] == [
        ("C", m.Strength.STRONG),
        ("A", m.Strength.MODERATE),
    ]


def test_from_the_needs_stage_it_starts_at_the_request_in_view(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    stage = window.current_stage()
    assert stage is not None and stage.key == "needs"
    requests = library.workshop(demo_id).requests
    select = getattr(stage, "select_request", None)
    if select is None:  # the Needs stage is still being built
        return
    select(requests[3].id)
    presentation = _present(qtbot, window)
    assert presentation.request_id == requests[3].id
    _key(qtbot, presentation, Qt.Key.Key_Right)
    _key(qtbot, presentation, Qt.Key.Key_Escape)
    assert window.current_stage() is stage
    assert getattr(stage, "request_id", requests[4].id) == requests[4].id
