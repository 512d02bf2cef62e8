"""Measures in the running GUI (offscreen): opening a large workshop, visiting its stages, typing.

Everything here happens in this process with one QApplication, the real MainWindow and the real
stages; only input is synthesised (key events sent the way the window system would deliver them).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks import generate
from benchmarks.core import Sizes
from benchmarks.harness import Result, check, median, ms, timed

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

BURSTS = ("faster quotes ", "for the field ", "team by March ")  # each followed by a pause
PAUSE_BETWEEN_KEYS_S = 0.06  # a quick typist: about 16 keys a second


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(["workshop-app-bench"])
    app.setOrganizationName("Workshop App Bench")
    app.setApplicationName("Workshop App Bench")
    return app


class Fixture:
    """A library holding one large workshop, and a way to open it in a fresh main window."""

    def __init__(self, sizes: Sizes, workdir: Path) -> None:
        from workshop_app.storage.operations import Library
        from workshop_app.ui.settings import apply_settings

        self.app = application()
        self.folder = Path(tempfile.mkdtemp(prefix="gui-", dir=workdir))
        self.settings = QSettings(str(self.folder / "settings.ini"), QSettings.Format.IniFormat)
        apply_settings(self.settings, self.app)
        self.library = Library(self.folder / "workshops.sqlite3")
        self.workshop = generate.synthetic_workshop(sizes.large)
        self.workshop_id = self.library.add_workshop(self.workshop)

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

    def close(self) -> None:
        self.library.close()


def wait_for_background_work(window: Any) -> None:
    """Let worker threads (the export preview builds the whole PDF) finish, so they do not
    compete for the interpreter with whatever is measured next."""
    for stage in window.stages:
        jobs = getattr(stage, "jobs", None)
        if jobs is not None:
            jobs.wait()
    settle()


def settle() -> None:
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def measure_open(fixture: Fixture, sizes: Sizes, repeats: int = 3) -> list[Result]:
    """Open the workshop in a fresh window until the landing stage is painted; then the first
    visit of every stage (each stage builds its views when first shown)."""
    from workshop_app.ui.stages import stage_classes

    opens: list[float] = []
    visits: dict[str, list[float]] = {cls.key: [] for cls in stage_classes()}
    for _ in range(repeats):
        with fixture.window() as window:

            def open_it(window: Any = window) -> None:
                window.open_workshop(fixture.workshop_id)
                QCoreApplication.processEvents()

            opens.append(ms(timed(open_it)))
            for cls in stage_classes():

                def visit(window: Any = window, key: str = cls.key) -> None:
                    window.go_to_stage(key)
                    QCoreApplication.processEvents()

                visits[cls.key].append(ms(timed(visit)))
    per_stage = {key: median(times) for key, times in visits.items()}
    slowest = max(per_stage, key=per_stage.__getitem__)
    return [
        check(
            "open_workshop",
            f"Open a {sizes.large}-request workshop until its first stage is interactive",
            median(opens),
            "ms",
            max_value=300,
            details={"samples_ms": opens},
        ),
        check(
            "stage_first_visit",
            f"First visit of the slowest stage, {sizes.large}-request workshop ({slowest})",
            per_stage[slowest],
            "ms",
            max_value=300,
            details={"median_ms_per_stage": per_stage},
        ),
    ]


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

        keystrokes.append(ms(timed(deliver)))
        until = time.perf_counter() + PAUSE_BETWEEN_KEYS_S
        while time.perf_counter() < until:
            stalls.append(ms(timed(QCoreApplication.processEvents)))
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


def measure_typing(fixture: Fixture, sizes: Sizes) -> list[Result]:
    """Type into three kinds of field of the large workshop; then pause so the save runs."""
    from workshop_app.ui.widgets.fields import _Debounced

    per_field: dict[str, dict[str, float]] = {}
    all_keys: list[float] = []
    all_stalls: list[float] = []
    saves: dict[str, float] = {}
    save_samples: dict[str, list[float]] = {}
    with fixture.window() as window:
        window.open_workshop(fixture.workshop_id)
        settle()
        window.go_to_stage("requests")
        settle()
        requests = window.current_stage()
        needs = None
        fields: list[tuple[str, Any]] = [("Requests: capture field", requests.capture)]
        window.go_to_stage("needs")
        settle()
        needs = window.current_stage()
        fields += [
            ("Needs: measure (BoundLineEdit)", needs.panel.measure),
            ("Needs: need statement (BoundTextEdit)", needs.panel.statement),
        ]
        for label, widget in fields:
            if label.startswith("Requests"):
                window.go_to_stage("requests")
            else:
                window.go_to_stage("needs")
            settle()
            name = label if isinstance(widget, _Debounced) else label + " (Enter adds the request)"
            samples: list[float] = []
            keys_here: list[float] = []
            stalls_here: list[float] = []
            for burst in BURSTS:  # type a few words, pause (the save runs), type on…
                keys, stalls = _type_into(widget, burst)
                keys_here += keys
                stalls_here += stalls
                samples.append(ms(timed(lambda w=widget: _pause(w))))
                settle()
            all_keys += keys_here
            all_stalls += stalls_here
            per_field[label] = {
                "max_keystroke_ms": max(keys_here),
                "max_stall_ms": max(stalls_here),
            }
            saves[name] = median(samples)
            save_samples[name] = samples
    slowest_save = max(saves, key=saves.__getitem__)
    return [
        check(
            "typing_keystroke",
            f"Typing in a {sizes.large}-request workshop: slowest keystroke handler",
            max(all_keys),
            "ms",
            max_value=16,
            details={"per_field": per_field, "keystrokes": len(all_keys)},
        ),
        check(
            "typing_stall",
            "Typing: longest other event-loop work between keystrokes (timers)",
            max(all_stalls),
            "ms",
            max_value=16,
            details={"slices": len(all_stalls)},
        ),
        check(
            "save_after_pause",
            f"Save after a typing pause, {sizes.large}-request workshop, median ({slowest_save})",
            saves[slowest_save],
            "ms",
            max_value=100,
            details={"median_ms_per_field": saves, "samples_ms": save_samples},
        ),
    ]


def run_all(sizes: Sizes, workdir: Path) -> list[Result]:
    fixture = Fixture(sizes, workdir)
    try:
        return [*measure_open(fixture, sizes), *measure_typing(fixture, sizes)]
    finally:
        fixture.close()
