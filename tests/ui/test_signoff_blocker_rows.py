"""The sign-off blockers panel shows every blocker, in order: the first rows at once, the rest
while the panel shows, a few at a time."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workshop_app.core.workflow import Blocker
from workshop_app.ui.stages.signoff.panels import FIRST_ROWS, BlockersPanel


def test_every_blocker_gets_its_row_in_order(qapp: QApplication, qtbot: QtBot) -> None:
    panel = BlockersPanel()
    qtbot.addWidget(panel)
    blockers = [Blocker("decide", f"Decide on “Request {i}”.") for i in range(250)]
    panel.show_blockers(blockers)
    assert len(panel.buttons) == FIRST_ROWS  # hidden: the rest waits
    qapp.processEvents()
    assert len(panel.buttons) == FIRST_ROWS
    panel.show()
    qtbot.waitUntil(lambda: len(panel.buttons) == len(blockers))
    names = [b.accessibleName() for b in panel.buttons]
    assert names == [f"Go to Decide: Decide on “Request {i}”." for i in range(250)]
    panel.show_blockers(blockers[:3])  # a refresh replaces the rows
    assert [b.accessibleName() for b in panel.buttons] == names[:3]
    qapp.processEvents()
    assert len(panel.buttons) == 3
