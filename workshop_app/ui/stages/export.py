"""Export stage (being built)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from workshop_app.ui.stages.base import Stage, stage_header


class ExportStage(Stage):
    key = "export"
    title = "Export"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(stage_header("Share the summary as a PDF."))
        layout.addStretch(1)
