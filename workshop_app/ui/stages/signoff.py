"""Sign-off stage (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.ui.stages.base import Stage, stage_header


class SignoffStage(Stage):
    key = "signoff"
    title = "Sign-off"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(stage_header("Participants confirm the summary."))
        layout.addStretch(1)
