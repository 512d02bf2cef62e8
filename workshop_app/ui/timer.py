"""A quiet timer per agenda item: counts down the planned minutes, turns amber when over.

It shows "Needs: 12:40 left" (beside a timer icon) in the header while running or paused, and
nothing when idle.
When an item's planned time runs out it says so once (`overran`), gently: the facilitator
decides whether to move on. The clock is injectable (`clock`), so tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from workshop_app.ui.widgets.text import one_line

if TYPE_CHECKING:
    from workshop_app.core import model as m

Clock = Callable[[], float]


def format_left(seconds_left: float) -> str:
    """12:40 for twelve minutes forty; 1:02:05 beyond an hour."""
    whole = int(abs(seconds_left))
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class AgendaTimer(QObject):
    """Emits `ticked(text, overtime)` every second while running; text is empty when idle."""

    ticked = Signal(str, bool)
    overran = Signal(str)  # once per item, when its planned time runs out

    def __init__(self, parent: QObject | None = None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.clock: Clock = clock or time.monotonic
        self.agenda: list[m.AgendaItem] = []
        self.index = 0
        self.elapsed = 0.0
        self.started_at: float | None = None
        self._warned = False
        self.active = False  # started at least once: show the clock, paused or not
        self._last: tuple[str, bool] = ("", False)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh)

    # -- the agenda --------------------------------------------------------------------------
    def set_agenda(self, agenda: list[m.AgendaItem]) -> None:
        """Follow the agenda as it is edited; keep timing the current item if it still exists."""
        current = self.current_item()
        self.agenda = list(agenda)
        ids = [a.id for a in self.agenda]
        if current is not None and current.id in ids:
            self.index = ids.index(current.id)
        else:
            self.index, self.elapsed, self.started_at, self._warned = 0, 0.0, None, False
            self.active = False
            self._tick.stop()
        self.refresh()

    def current_item(self) -> m.AgendaItem | None:
        return self.agenda[self.index] if 0 <= self.index < len(self.agenda) else None

    # -- controls ----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.started_at is not None

    def toggle(self) -> None:
        """Start, or pause (Ctrl+T)."""
        if not self.agenda:
            self._emit("No agenda items to time — add them in Setup", False)
            return
        if self.running:
            self.elapsed = self.seconds_used()
            self.started_at = None
            self._tick.stop()
        else:
            self.started_at = self.clock()
            self.active = True
            self._tick.start()
        self.refresh()

    def next_item(self) -> None:
        """Move on to the next agenda item (Ctrl+Shift+T); keeps running if it was."""
        if not self.agenda:
            return
        was_running = self.running
        self.index = min(self.index + 1, len(self.agenda) - 1)
        self.elapsed, self._warned = 0.0, False
        self.started_at = self.clock() if was_running else None
        self.refresh()

    def seconds_used(self) -> float:
        running = self.clock() - self.started_at if self.started_at is not None else 0.0
        return self.elapsed + running

    def seconds_left(self) -> float:
        item = self.current_item()
        return (item.planned_minutes * 60 if item else 0) - self.seconds_used()

    # -- showing -----------------------------------------------------------------------------
    def current(self) -> tuple[str, bool]:
        """The last (text, overtime) shown, for views that start listening later."""
        return self._last

    def refresh(self) -> None:
        """Recompute and emit the text now (the one-second tick calls this)."""
        item = self.current_item()
        if item is None or not self.active:
            self._emit("", False)
            return
        left = self.seconds_left()
        overtime = left < 0
        clock = format_left(left)
        paused = "" if self.running else " · paused"
        state = f"{clock} over" if overtime else f"{clock} left"
        if overtime and not self._warned:
            self._warned = True
            self.overran.emit(
                f"Time is up for “{one_line(item.title, 60)}”. "
                "Carry on, or move to the next agenda item (Ctrl+Shift+T)."
            )
        self._emit(f"{one_line(item.title, 40)}: {state}{paused}", overtime)

    def _emit(self, text: str, overtime: bool) -> None:
        self._last = (text, overtime)
        self.ticked.emit(text, overtime)
