"""Where the main window keeps its invitation of the room: the controller and the panel, made
when "Invite the room" is first used (so aiohttp and segno load only then), ended when the
facilitator ends it, another workshop opens, the workshop is deleted or the window closes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from workshop_app.ui.room.controller import RoomController
    from workshop_app.ui.room.panel import RoomPanel
    from workshop_app.ui.session import WorkshopSession


class RoomHost:
    def __init__(self, owner: QObject) -> None:
        self.owner = owner
        self.controller: RoomController | None = None
        self.panel: RoomPanel | None = None

    def show(self, session: WorkshopSession | None) -> None:
        """Show the room panel for the open workshop (inviting is done from there)."""
        if session is None:
            return
        if self.controller is not None and self.controller.session is not session:
            self.end()
        if self.controller is None or self.panel is None:
            from workshop_app.ui.room.controller import RoomController
            from workshop_app.ui.room.panel import RoomPanel

            self.controller = RoomController(session, self.owner)
            self.panel = RoomPanel(self.controller)
        self.panel.show()
        self.panel.activateWindow()

    def end(self, *, only: str | None = None, unless: str | None = None) -> None:
        """Stop the participant server and close the room's windows: always, or only when the
        room is on workshop `only`, or unless it is on workshop `unless`."""
        controller, panel = self.controller, self.panel
        if controller is None:
            return
        workshop_id = controller.session.workshop_id
        if (only is not None and workshop_id != only) or workshop_id == unless:
            return
        self.controller = self.panel = None
        controller.end()
        controller.deleteLater()
        if panel is not None:
            panel.close()
            panel.deleteLater()
