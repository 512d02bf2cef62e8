"""The window's hold on an invitation of the room: starts and stops the participant server and
turns what participants do into one queued signal for the panel and the wall.

The server runs on its own thread (services/room/runner.py); what it reports arrives here on
that thread and is passed on through a queued signal, so every widget is touched on the GUI
thread only. Bursts (a room answering at once) are folded into one refresh a fifth of a second
later, so the window never redraws fifty times in a row. Adopting a value is one undoable
command on the session's undo stack, written the way the facilitator's own edit of that field
is, and recorded with the round and its spread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from workshop_app.core import rounds as r
from workshop_app.core.errors import UserError

if TYPE_CHECKING:
    from workshop_app.services.room.room import Event, Room
    from workshop_app.services.room.runner import Address, RoomServer
    from workshop_app.storage.rounds import RoundView
    from workshop_app.ui.session import WorkshopSession


_UNREAD = object()  # the live round is not read since the last change


class RoomController(QObject):
    """One workshop's invitation of the room, from "Invite" to "End"."""

    #: Participants did something (joined, answered, signed), or the facilitator did: refresh.
    changed = Signal()
    #: The invitation ended (by the facilitator, or because the workshop closed).
    ended = Signal()
    #: One sentence when something was refused.
    failed = Signal(str)
    _arrived = Signal(object)  # from the server's thread

    def __init__(self, session: WorkshopSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.room: Room | None = None
        self.server: RoomServer | None = None
        self.address: Address | None = None
        self._signed = False
        self._live: object = _UNREAD
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(200)
        self._later.timeout.connect(self._refresh)
        self._arrived.connect(self._on_event)  # queued: emitted from another thread
        session.changed.connect(self._forget_live)  # before the views' own refresh (undo)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.end)

    @property
    def invited(self) -> bool:
        return self.server is not None

    @property
    def code(self) -> str:
        return self.room.invitation.code if self.room is not None else ""

    @property
    def join_url(self) -> str:
        """The address with the join code, as the QR code carries it."""
        return f"{self.address.url}#{self.code}" if self.address is not None else ""

    def invite(self, host: str, port: int = 0) -> bool:
        """Start serving the participant page on the chosen network; False if refused."""
        self.end()
        from workshop_app.services.room.room import Room
        from workshop_app.services.room.runner import RoomServer

        try:
            room = Room(self.session.library, self.session.workshop_id, on_event=self._arrived.emit)
            server = RoomServer(room, host, port)
            self.address = server.start()
        except UserError as exc:
            self.failed.emit(exc.message)
            return False
        self.room, self.server = room, server
        self._emit_changed()
        return True

    def end(self) -> None:
        """End the invitation: every device is cut off and the server stops."""
        server, self.server = self.server, None
        if server is None:
            return
        server.stop()
        self.address = None
        self.ended.emit()

    # -- what the panel shows ------------------------------------------------------------------
    def joined(self) -> set[str]:
        return self.room.joined() if self.room is not None else set()

    def live_round(self) -> RoundView | None:
        """The live round, read once per refresh (the panel and the wall both ask)."""
        from workshop_app.storage import rounds

        if self._live is _UNREAD:
            self._live = rounds.live_round(self.session.library, self.session.workshop_id)
        return self._live  # type: ignore[return-value]

    def spreads(self) -> list[r.Spread]:
        from workshop_app.storage import rounds

        live = self.live_round()
        return [] if live is None else rounds.spreads_of(self.session.workshop, live)

    # -- the facilitator's moves -----------------------------------------------------------------
    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UserError as exc:
            self.failed.emit(exc.message)
            return None
        finally:
            self._emit_changed()

    def open_round(self, need_id: str, criteria: list[str], *, anonymous: bool) -> str | None:
        if self.room is None:
            return None
        return self._call(self.room.open_round, need_id, criteria, anonymous=anonymous)

    def reveal(self) -> None:
        if self.room is not None:
            self._call(self.room.reveal)

    def close_round(self) -> None:
        if self.room is not None:
            self._call(self.room.close_round)

    def adopt(self, criterion: str, value: int) -> None:
        """Adopt a value: one undoable edit that writes it as the facilitator's own edit of the
        field would, and records it with the round and its spread (ui/room/commands.py)."""
        from workshop_app.ui.room.commands import AdoptRating

        live = self.live_round()
        if self.room is None or live is None:
            return
        ws = self.session.workshop
        c = r.criterion(ws, criterion)
        need = ws.need(live.need_id)
        if c.goal_id is not None:
            before: int | None = ws.strength(live.need_id, c.goal_id).points
        else:
            before = getattr(need.assessment, criterion) if need is not None else None
        command = AdoptRating(self.session, live.id, criterion, value, before)
        self.session.push(command)
        if not command.refused:
            self.session.tell(f"Adopted {value} for {c.label} from the room's ratings.")
        self._emit_changed()

    def set_signoff_open(self, is_open: bool) -> None:
        if self.room is not None:
            self._call(self.room.set_signoff_open, is_open)

    def release(self, participant_id: str) -> None:
        if self.room is not None:
            self._call(self.room.release, participant_id)

    # -- participants' events, on the GUI thread ------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if event.kind == "signed":
            self._signed = True
        if not self._later.isActive():
            self._later.start()

    def _refresh(self) -> None:
        if self._signed:  # a signature is part of the workshop: every view shows it
            self._signed = False
            self.session.reload()
        self._emit_changed()

    def _emit_changed(self) -> None:
        self._live = _UNREAD
        self.changed.emit()

    def _forget_live(self, *_: object) -> None:
        self._live = _UNREAD
