"""Needs stage (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.ui.stages.base import Stage, stage_header


class NeedsStage(Stage):
    key = "needs"
    title = "Needs"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(stage_header("Why does it matter? Find the need behind each request."))
        layout.addStretch(1)
