"""The wall for the room (Shift+F5): it shows the stage the facilitator is on, large, follows
the stage and every edit, and never takes the keyboard from the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import ActionId
from workshop_app.ui.wall import slides
from workshop_app.ui.wall.window import StageWall


def _texts(wall: StageWall) -> list[str]:
    return [label.text() for label in wall.findChildren(QLabel) if label.isVisibleTo(wall)]


def test_the_wall_follows_the_stage_and_the_edits(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("goals")
    window.actions_by_id[ActionId.WALL].trigger()
    wall = window.findChild(StageWall)
    assert isinstance(wall, StageWall)
    qtbot.waitExposed(wall)
    assert QApplication.activeWindow() is window  # typing stays on the laptop
    ws = window.session.workshop  # type: ignore[union-attr]
    heaviest = max(ws.goals, key=lambda g: g.weight)
    qtbot.waitUntil(lambda: "Strategic goals" in _texts(wall))
    assert _texts(wall)[2] == heaviest.title

    window.go_to_stage("decide")
    qtbot.waitUntil(lambda: "Decisions" in _texts(wall), timeout=3000)
    window.session.edit(Kind.DECISION, ws.requests[0].id, "rationale", "Because <b>R&D</b>")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: any("Because <b>R&D</b>" in t for t in _texts(wall)))
    wall.grab().save("/tmp/stage_wall_decide.png")
    big = max(label.font().pixelSize() for label in wall.findChildren(QLabel))
    assert big >= 24
    qtbot.keyClick(wall, Qt.Key.Key_Escape)
    assert not wall.isVisible()


def test_every_stage_has_its_slide_and_long_lists_are_cut() -> None:
    ws = demo_workshop()
    for key in ("setup", "goals", "requests", "needs", "align", "decide", "signoff", "export"):
        slide = slides.slide_for(key, ws)
        assert slide.title and slide.lines, key
    assert slides.slide_for("align", ws).lines[0].detail.startswith("priority ")
    empty = m.Workshop(title="Blank")
    assert slides.slide_for("requests", empty).empty == "No requests yet."
    signed = slides.signoff(ws)
    assert [line.done for line in signed.lines] == [False] * len(ws.participants)
