"""The main window as its parts see it: menus, dialogs, the palette, presentation and undo history.

Those parts are built by the main window, so they must not import it back (that made import
circles). They type against this base instead, which declares what they use; `MainWindow`
implements it. Stages never reach the window at all: they emit signals the window connects.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction

    from workshop_app.storage.operations import Library
    from workshop_app.ui.library.page import LibraryPage
    from workshop_app.ui.opening import LibraryOpening
    from workshop_app.ui.session import WorkshopSession
    from workshop_app.ui.stages.base import Stage
    from workshop_app.ui.timer import AgendaTimer


class AppWindow(QMainWindow):
    """What the main window offers the parts it builds (see `MainWindow` for the real thing)."""

    settings: QSettings
    opening: LibraryOpening
    session: WorkshopSession | None
    sessions: dict[str, WorkshopSession]
    actions_by_id: dict[str, QAction]
    timer: AgendaTimer
    library_page: LibraryPage

    @property
    @abstractmethod
    def library(self) -> Library:
        """The open database (waits for it while it is still opening)."""

    @abstractmethod
    def current_stage(self) -> Stage | None:
        """The stage on screen; None on the start screen."""

    @abstractmethod
    def go_to_stage(self, key: str) -> None: ...

    @abstractmethod
    def open_workshop(self, workshop_id: str) -> None: ...

    @abstractmethod
    def forget_workshop(self, workshop_id: str) -> None:
        """Drop a workshop's session and undo history (it was deleted or replaced)."""

    @abstractmethod
    def show_library(self) -> None: ...

    @abstractmethod
    def show_notice(self, message: str) -> None:
        """Say in the status bar what just happened."""

    @abstractmethod
    def flush_edits(self) -> None:
        """Save anything typed but not yet saved."""
