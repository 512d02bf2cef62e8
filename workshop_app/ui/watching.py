"""Other facilitators in the same library: their changes show within seconds, and a write of
ours that theirs made stale is refused without losing what was typed.

A storage `Watcher` (storage/watch.py) looks at the library's change counter from its own
thread; its news reaches this object on the window's thread through a queued signal. When the
open workshop changed (and not by this window), it is read again and each editor shows the new
value; while a field is being typed in, the reading waits for its save (a moment later), which
is checked against the version the text was typed over (storage/versions.py).

When a write is refused because another facilitator changed the row first, the session says so
in the status bar (one sentence) and hands over the refused text: "Copy what I typed" beside the
status puts it on the clipboard, for two minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library
    from workshop_app.storage.watch import Watcher
    from workshop_app.ui.session import WorkshopSession
    from workshop_app.ui.window_base import AppWindow

#: How long the refused text stays offered (milliseconds).
KEEP_MS = 120_000
COPY_TEXT = "Copy what I typed"


class Watching(QObject):
    """Keeps the window's open workshop current while others edit the same library."""

    #: The library's change counter moved (emitted on the watcher's thread, handled on ours).
    moved = Signal(int)

    def __init__(self, window: AppWindow, *, interval: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.interval = interval
        self._watcher: Watcher | None = None
        self._library: Library | None = None
        self.moved.connect(self._on_moved)
        self.kept_text = ""
        self.copy_button = QPushButton(COPY_TEXT)
        self.copy_button.setObjectName("copyTyped")
        self.copy_button.setAccessibleName(COPY_TEXT)
        self.copy_button.setToolTip("Put the text that was not saved on the clipboard")
        self.copy_button.clicked.connect(self.copy_kept)
        self.copy_button.hide()
        window.statusBar().addPermanentWidget(self.copy_button)
        self._forget = QTimer(self)
        self._forget.setSingleShot(True)
        self._forget.setInterval(KEEP_MS)
        self._forget.timeout.connect(self.forget_kept)
        #: A change noticed while a field was being typed in, looked at again after its save.
        self._later: int | None = None
        self._again = QTimer(self)
        self._again.setSingleShot(True)
        self._again.timeout.connect(self._look_again)

    # -- the session the window shows ----------------------------------------------------------
    def attach(self, session: WorkshopSession) -> None:
        """Watch the session's library (from now on) and offer what its refused writes kept."""
        session.kept.connect(self.keep)
        if session.library is not self._library:
            self.stop()
            self._start(session.library)

    def _start(self, library: Library) -> None:
        from workshop_app.storage import watch  # loaded with the library already

        interval = watch.INTERVAL if self.interval is None else self.interval
        self._library = library
        self._watcher = watch.Watcher(library, self.moved.emit, interval=interval)
        self._watcher.start()

    def stop(self) -> None:
        self._again.stop()
        if self._watcher is not None:
            self._watcher.stop()
        self._watcher, self._library = None, None

    @property
    def running(self) -> bool:
        return self._watcher is not None and self._watcher.running

    # -- another writer ------------------------------------------------------------------------
    def _on_moved(self, count: int) -> None:
        session = self.window.session
        if session is None or session.library is not self._library:
            return
        if not session.changed_elsewhere(count):
            return
        if getattr(QApplication.focusWidget(), "pending", False):
            # Typing under way: reading again now would take its row's version as seen, though
            # the text was typed over the old one. Its save, a moment from now, is checked
            # against what it was typed over; then (or at the next look) it is read again.
            from workshop_app.ui.widgets.fields import SAVE_DELAY_MS  # loaded: a field is typed in

            self._later = count
            self._again.start(2 * SAVE_DELAY_MS)
            return
        self._again.stop()
        session.reload()

    def _look_again(self) -> None:
        if self._later is not None:
            self._on_moved(self._later)

    # -- what a refused write had typed --------------------------------------------------------
    def keep(self, text: str) -> None:
        self.kept_text = text
        self.copy_button.show()
        self._forget.start()

    def copy_kept(self) -> None:
        QGuiApplication.clipboard().setText(self.kept_text)
        self.window.show_notice("Copied what you typed: paste it where it belongs.")

    def forget_kept(self) -> None:
        self._forget.stop()
        self.kept_text = ""
        self.copy_button.hide()
