""" "What would change the order" on Align's Priority tab: collapsed by default, opened with the
keyboard, live after each change of a goal's weight, never crowding the ranking on a small
screen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window, press
from tests.ui.layout_checks import layout_problems
from workshop_app.core.kind import Kind
from workshop_app.core.sensitivity import workshop_sensitivity
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.stages.align.page import PRIORITY_TAB, AlignStage
from workshop_app.ui.theme import apply_theme


def _open(
    qtbot: QtBot, library: Library, tmp_path: Path, workshop_id: str, size: tuple[int, int]
) -> tuple[MainWindow, AlignStage]:
    window = make_window(qtbot, library, tmp_path)
    window.resize(*size)
    window.open_workshop(workshop_id)
    window.go_to_stage("align")
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    stage = window.current_stage()
    assert isinstance(stage, AlignStage)
    stage.tabs.setCurrentIndex(PRIORITY_TAB)
    QApplication.processEvents()
    return window, stage


def _two_close_needs(library: Library) -> tuple[str, str]:
    workshop_id = library.create_workshop("Robust?")
    growth = library.add_item(workshop_id, "goal", {"title": "Grow <b>revenue</b>", "weight": 5})
    cost = library.add_item(workshop_id, "goal", {"title": "Cut cost", "weight": 4})
    request = library.add_item(workshop_id, "request", {"text": "A new CRM"})
    needs = [
        library.add_item(workshop_id, "need", {"request_ids": [request], "statement": text})
        for text in ("Fewer payroll questions", "Quotes out in a day")
    ]
    library.set_strength(needs[0], cost, "strong")
    library.set_strength(needs[1], growth, "strong")
    return workshop_id, cost


def test_the_panel_opens_from_the_keyboard_and_follows_each_change(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    workshop_id, cost = _two_close_needs(library)
    window, stage = _open(qtbot, library, tmp_path, workshop_id, (1366, 768))
    panel = stage.robustness
    assert not panel.expanded and not panel.isVisible() and panel.result is None
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.expanded)  # a mnemonic clicks after a short animation
    assert panel.isVisible()
    assert panel.badge.text() == "⚠ Fragile"
    assert "“Grow <b>revenue</b>” from 5 to 4" in panel.verdict.text()
    assert panel.pairs.text() == "#1 ↔ #2 weight of “Grow <b>revenue</b>” 5 → 4"
    assert "Quotes out in a day" in panel.pairs.toolTip()
    assert "40% of the weighted score" in panel.notes.text()
    # A change of a weight elsewhere reaches the panel at once.
    assert window.session is not None
    window.session.edit(Kind.GOAL, cost, "weight", 1)
    qtbot.waitUntil(lambda: panel.badge.text() == "✓ Robust")
    expected = workshop_sensitivity(library.workshop(workshop_id))
    assert panel.verdict.text().replace("\u200b", "") == expected.verdict_text
    qtbot.keyClick(panel.area, Qt.Key.Key_Escape)
    assert not panel.expanded and not panel.isVisible()


@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_the_open_panel_does_not_crowd_the_ranking_on_a_small_screen(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window, stage = _open(qtbot, library, tmp_path, demo_id, size)
        panel = stage.robustness
        before = {w: w.geometry() for w in (stage.ranking, stage.ratings, stage.matrix)}
        panel.toggle.setChecked(True)
        for _ in range(3):
            QApplication.processEvents()
        assert layout_problems(window) == []
        # It lies over the tabs, below the tab bar: the ranking, ratings and matrix keep every
        # pixel they had, and the panel stays inside the tabs.
        assert {w: w.geometry() for w in before} == before
        assert stage.tabs.rect().contains(panel.geometry())
        assert panel.geometry().top() > stage.tabs.tabBar().geometry().bottom()
        assert panel.verdict.isVisible() and panel.verdict.text()
        if size == (1366, 768):  # room enough to show it all without scrolling
            assert not panel.area.verticalScrollBar().isVisible()
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            window.grab().save(str(Path(folder) / f"align-robustness-{size[0]}x{size[1]}.png"))
