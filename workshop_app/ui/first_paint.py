"""Work a window's start leaves until the window has painted once: the first look at the
window waits for nothing it does not show (the database opening, the termination handler)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

#: The longest to wait for a window's first paint before going ahead anyway: a window shown
#: minimised is not painted.
WAIT_MS = 500


class FirstPaint(QObject):
    """Emits `painted` once, after the first paint event of a window; then lets go of it."""

    painted = Signal()

    def __init__(self, window: QWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            self.painted.emit()
        return False


def after_first_paint(
    window: QWidget, context: QObject, then: Callable[[], None], delay_ms: int = 0
) -> None:
    """Call `then` once: `delay_ms` after the window's first paint has finished, or after
    WAIT_MS when no paint comes. Nothing is called once `context` is gone."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            then()

    watcher = FirstPaint(window, context)
    # Queued: what follows waits for the paint to finish, not only to begin.
    watcher.painted.connect(
        lambda: QTimer.singleShot(delay_ms, context, once), Qt.ConnectionType.QueuedConnection
    )
    QTimer.singleShot(WAIT_MS, context, once)
