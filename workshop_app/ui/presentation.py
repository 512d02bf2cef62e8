"""Presentation mode (being built): full screen for the wall, one request at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.session import WorkshopSession


class PresentationWindow(QWidget):
    _instance: PresentationWindow | None = None

    @classmethod
    def instance(cls, window: MainWindow) -> PresentationWindow:
        if cls._instance is None:
            cls._instance = PresentationWindow(window)
        return cls._instance

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.setObjectName("presentation")
        layout = QVBoxLayout(self)
        self.label = QLabel()
        layout.addWidget(self.label)

    def show_for(self, session: WorkshopSession) -> None:
        self.label.setText(session.workshop.title)
        self.showFullScreen()
