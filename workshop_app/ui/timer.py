"""A quiet timer per agenda item: counts down the planned minutes, turns amber when over."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from workshop_app.core import model as m


class AgendaTimer(QObject):
    """Emits `ticked(text, overtime)` every second while running; text is empty when idle."""

    ticked = Signal(str, bool)
    overran = Signal(str)  # once per item, when its planned time runs out

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = time.monotonic
        self.agenda: list[m.AgendaItem] = []
        self.index = 0
        self.elapsed = 0.0
        self.started_at: float | None = None
        self._warned = False
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._emit)

    def set_agenda(self, agenda: list[m.AgendaItem]) -> None:
        same = [a.id for a in agenda] == [a.id for a in self.agenda]
        self.agenda = list(agenda)
        if not same:
            self.index, self.elapsed, self.started_at, self._warned = 0, 0.0, None, False
            self._tick.stop()
        self._emit()

    @property
    def running(self) -> bool:
        return self.started_at is not None

    def toggle(self) -> None:
        if not self.agenda:
            self.ticked.emit("No agenda items to time — add them in Setup", False)
            return
        if self.running:
            self.elapsed += self._clock() - (self.started_at or 0.0)
            self.started_at = None
            self._tick.stop()
        else:
            self.started_at = self._clock()
            self._tick.start()
        self._emit()

    def next_item(self) -> None:
        if not self.agenda:
            return
        was_running = self.running
        self.index = min(self.index + 1, len(self.agenda) - 1)
        self.elapsed, self._warned = 0.0, False
        self.started_at = self._clock() if was_running else None
        self._emit()

    def seconds_used(self) -> float:
        running = self._clock() - self.started_at if self.started_at is not None else 0.0
        return self.elapsed + running

    def _emit(self) -> None:
        if not self.agenda or (not self.running and self.seconds_used() == 0):
            self.ticked.emit("", False)
            return
        item = self.agenda[self.index]
        left = item.planned_minutes * 60 - self.seconds_used()
        overtime = left < 0
        minutes, seconds = divmod(int(abs(left)), 60)
        clock = f"{minutes}:{seconds:02d}"
        paused = "" if self.running else " (paused)"
        text = f"⏱ {item.title}: " + (f"{clock} over" if overtime else f"{clock} left") + paused
        if overtime and not self._warned:
            self._warned = True
            self.overran.emit(f"Time is up for “{item.title}”.")
        self.ticked.emit(text, overtime)
