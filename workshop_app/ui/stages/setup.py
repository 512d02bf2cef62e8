"""Setup stage (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.ui.stages.base import Stage, stage_header


class SetupStage(Stage):
    key = "setup"
    title = "Setup"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(stage_header("Who is in the room, and what is on the agenda?"))
        layout.addStretch(1)
