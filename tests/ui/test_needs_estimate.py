"""The estimate on the Needs stage: person-days, money and confidence, typed and undone."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.stages.needs.page import NeedsStage
from workshop_app.ui.theme import apply_theme


def test_the_estimate_is_typed_saved_refused_in_words_and_undone(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.open_workshop(demo_id)
        window.go_to_stage("needs")
        stage = window.current_stage()
        assert isinstance(stage, NeedsStage)
        row = stage.panel.estimate
        need_id = stage.panel.need_id
        stage.probe_scroll.ensureWidgetVisible(row)
        qtbot.waitUntil(lambda: layout_problems(window) == [])  # once the resize is laid out

        row.days.setFocus()
        qtbot.keyClicks(row.days, "1,200")
        qtbot.keyClick(row.days, Qt.Key.Key_Return)
        assert QApplication.focusWidget() is row.money
        qtbot.keyClicks(row.money, "45000")
        qtbot.keyClick(row.money, Qt.Key.Key_Return)
        row.confidence.setCurrentIndex(row.confidence.findData(m.Confidence.LOW))
        row.confidence.activated.emit(row.confidence.currentIndex())
        need = library.workshop(demo_id).need(need_id)
        assert need is not None
        assert (need.estimate_days, need.estimate_money) == (1200, 45_000)
        assert need.estimate_confidence is m.Confidence.LOW
        assert row.money.text() == "45,000"
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            stage.probe_scroll.ensureWidgetVisible(row)
            QApplication.processEvents()
            window.grab().save(str(Path(folder) / "needs-estimate.png"))

        # Words are refused in words, and nothing changes.
        row.days.selectAll()
        qtbot.keyClicks(row.days, "lots")
        qtbot.keyClick(row.days, Qt.Key.Key_Return)
        assert "whole number" in window.statusBar().currentMessage()
        need = library.workshop(demo_id).need(need_id)
        assert need is not None and need.estimate_days == 1200

        window.actions_by_id["edit.undo"].trigger()  # the confidence
        window.actions_by_id["edit.undo"].trigger()  # the money
        need = library.workshop(demo_id).need(need_id)
        assert need is not None
        assert (need.estimate_money, need.estimate_confidence) == (None, None)
        assert row.money.text() == ""
