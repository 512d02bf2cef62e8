"""Measures in the running GUI (offscreen), run in a child process of their own (child.py) so the
first sample is a fresh process's: opening a large workshop, the first visit of every stage,
saves after typing, and the library search in the window.

Everything happens with one QApplication, the real MainWindow and the real stages; only input is
synthesised (key events sent the way the window system would deliver them). Each result is one
JSON line on standard output; the parent (processes.py) samples the memory of this process and
its children meanwhile, and reads the lines as they come.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from workshop_app.ui import qt_imports

# As the app does when it starts (ui/app.py), before the app's other modules are imported.
qt_imports.answer_without_reading_sources()

BURST = "quotes "  # a word, then a pause
PAUSE_BETWEEN_KEYS_S = 0.06  # a quick typist: about 16 keys a second
SEARCHES = ("payroll", "kubernetes", "STRASSE", "σοφία", "zebra crossing", "q")


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return _ms(time.perf_counter() - start)


def _say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def settle() -> None:
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


class Session:
    """The app's library with one workshop, and a way to open it in a fresh main window."""

    def __init__(self, db: str, workshop_id: str) -> None:
        from workshop_app.storage.operations import Library
        from workshop_app.ui.settings import apply_settings

        self.app = QApplication(["workshop-app-bench"])
        folder = Path(tempfile.mkdtemp(prefix="gui-settings-"))
        self.settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        apply_settings(self.settings, self.app)
        self.library = Library(db)
        self.workshop_id = workshop_id

    @contextmanager
    def window(self) -> Iterator[Any]:
        from workshop_app.ui.main_window import MainWindow

        self.settings.remove(f"workshops/{self.workshop_id}/stage")  # lands on Setup
        window = MainWindow(self.library, self.settings)
        window.resize(1366, 768)
        window.show()
        settle()
        try:
            yield window
        finally:
            window.flush_edits()
            wait_for_background_work(window)
            window.close()
            window.deleteLater()
            settle()


def wait_for_background_work(window: Any) -> None:
    """Let worker threads (the export preview builds the whole PDF in a child process) finish."""
    for stage in window.stages:
        jobs = getattr(stage, "jobs", None)
        if jobs is not None:
            jobs.wait()
    settle()


def visit_every_stage(session: Session) -> None:
    """Open the workshop in a fresh window until its landing stage is painted, then the first
    visit of every stage (each builds its views when first shown); the export preview is
    waited for before the line is printed, so the memory of this sample includes it."""
    from workshop_app.ui.stages import stage_classes

    with session.window() as window:

        def open_it() -> None:
            window.open_workshop(session.workshop_id)
            QCoreApplication.processEvents()

        opened = _timed(open_it)
        visits = {}
        for cls in stage_classes():

            def visit(key: str = cls.key) -> None:
                window.go_to_stage(key)
                QCoreApplication.processEvents()

            visits[cls.key] = _timed(visit)
        wait_for_background_work(window)
    _say(kind="visits", open_ms=opened, visits_ms=visits)


def _key_events(char: str) -> tuple[QKeyEvent, QKeyEvent]:
    key = Qt.Key.Key_Space if char == " " else Qt.Key(ord(char.upper()))
    modifiers = Qt.KeyboardModifier.NoModifier
    return (
        QKeyEvent(QEvent.Type.KeyPress, key, modifiers, char),
        QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, char),
    )


def _type_into(widget: QWidget, text: str) -> tuple[list[float], list[float]]:
    """Type like a person: each keystroke delivered, then the event loop runs until the next.

    Returns the handler time of each keystroke (press and release delivered, and the repaint
    they caused) and the length of every other slice of event-loop work while typing (timers,
    deferred work): both block the next keystroke.
    """
    keystrokes: list[float] = []
    stalls: list[float] = []
    widget.setFocus()
    QCoreApplication.processEvents()
    for char in text:
        press, release = _key_events(char)

        def deliver(press: QKeyEvent = press, release: QKeyEvent = release) -> None:
            QApplication.sendEvent(widget, press)
            QApplication.sendEvent(widget, release)
            QCoreApplication.processEvents()

        keystrokes.append(_timed(deliver))
        until = time.perf_counter() + PAUSE_BETWEEN_KEYS_S
        while time.perf_counter() < until:
            stalls.append(_timed(QCoreApplication.processEvents))
            time.sleep(0.002)
    return keystrokes, stalls


def _pause(widget: QWidget) -> None:
    """What happens when typing pauses: a bound editor's debounce timer fires and saves (an
    undoable command, the operation, the reload, the refresh of the visible stage); in the
    Requests capture field the facilitator presses Enter, which adds the request."""
    from workshop_app.ui.widgets.fields import _Debounced

    if isinstance(widget, _Debounced):
        widget.flush()
    else:
        QApplication.sendEvent(
            widget,
            QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),
        )
    QCoreApplication.processEvents()


def type_and_pause(session: Session, bursts: int) -> None:
    """Type into three kinds of field; after each burst pause, so the save runs."""
    with session.window() as window:
        window.open_workshop(session.workshop_id)
        settle()
        window.go_to_stage("requests")
        settle()
        fields: list[tuple[str, str, Any]] = [
            ("requests", "Requests: capture field (Enter adds the request)", None)
        ]
        fields[0] = (*fields[0][:2], window.current_stage().capture)
        window.go_to_stage("needs")
        settle()
        needs = window.current_stage()
        fields += [
            ("needs", "Needs: measure (BoundLineEdit)", needs.panel.measure),
            ("needs", "Needs: need statement (BoundTextEdit)", needs.panel.statement),
        ]
        for stage, label, widget in fields:
            window.go_to_stage(stage)
            settle()
            saves: list[float] = []
            keys: list[float] = []
            stalls: list[float] = []
            for _ in range(bursts):
                burst_keys, burst_stalls = _type_into(widget, BURST)
                keys += burst_keys
                stalls += burst_stalls
                saves.append(_timed(lambda w=widget: _pause(w)))
                settle()
            _say(kind="typing", field=label, saves_ms=saves, keys_ms=keys, stalls_ms=stalls)


def run_in_child(db: str, workshop_id: str, samples: int) -> None:
    session = Session(db, workshop_id)
    try:
        for _ in range(samples + 1):  # the first in this fresh process, then the warm ones
            print("begin", flush=True)
            visit_every_stage(session)
        type_and_pause(session, samples + 1)  # the first save in this process, then warm ones
    finally:
        session.library.close()


def search_in_window(window: Any, samples: int) -> dict[str, list[float]]:
    """Each search typed into the library page's search field at once (as a paste) until the
    list shows what it finds, the first time in this process and `samples` times more."""
    page = window.library_page
    window.show_library()
    settle()
    timings: dict[str, list[float]] = {}
    for term in SEARCHES:
        timings[term] = []
        for _ in range(samples + 1):

            def search(term: str = term) -> None:
                page.search.setText(term)
                QCoreApplication.processEvents()

            timings[term].append(_timed(search))
            page.search.clear()
            settle()
    return timings
