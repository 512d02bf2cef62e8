"""Fresh processes for the measures that need one: cold start and resident memory.

    python -m benchmarks.child start-bare
    python -m benchmarks.child start-app DB
    python -m benchmarks.child rss-bare
    python -m benchmarks.child rss-app DB WORKSHOP_ID

The start modes print "ready" once the main window is shown and the event loop has run once
(the parent times spawn → "ready"); start-app then prints {"max_stall_ms": …} once the database
has opened in the background. The rss modes print {"rss_mb": …, "hwm_mb": …}.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _memory() -> dict[str, float]:
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024  # kB → MB
    return {"rss_mb": values["VmRSS"], "hwm_mb": values["VmHWM"]}


def start_bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("ready", flush=True)
    return 0


def start_app(db: str) -> int:
    """The real start-up (`workshop-app --db DB`), with the event loop's exec() replaced by: one
    pass of event processing, the "ready" line, then the event loop kept running until the
    database has opened on its worker thread and the list has reloaded from it: then a line with
    the longest the window went without processing events meanwhile (the parent times both
    lines from the spawn)."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workshop_app.ui.main_window import MainWindow

    def ready(_app: object = None) -> int:
        QApplication.processEvents()
        print("ready", flush=True)
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        gaps: list[float] = []
        last = time.perf_counter()

        def tick() -> None:
            nonlocal last
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(tick)
        timer.start()
        while not window.opening.is_finished():
            QApplication.processEvents()
        QApplication.processEvents()  # the opening's finished signal: the list reloads
        timer.stop()
        print(json.dumps({"max_stall_ms": 1000 * max(gaps, default=0.0)}), flush=True)
        window.opening.wait()
        return 0

    QApplication.exec = ready  # type: ignore[method-assign]
    from workshop_app.cli import main

    return main(["--db", db])


def rss_bare() -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    print(json.dumps(_memory()), flush=True)
    return 0


def rss_app(db: str, workshop_id: str) -> int:
    """The main window with the workshop open and every stage visited once, as after a session,
    once its background work (the export preview) has finished."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workshop_app.storage.operations import Library
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.settings import apply_settings
    from workshop_app.ui.stages import stage_classes

    app = QApplication(sys.argv[:1])
    settings = QSettings()
    apply_settings(settings, app)
    window = MainWindow(Library(db), settings)
    window.resize(1366, 768)
    window.show()
    window.open_workshop(workshop_id)
    app.processEvents()
    for cls in stage_classes():
        window.go_to_stage(cls.key)
        app.processEvents()
    window.go_to_stage("needs")
    app.processEvents()
    for stage in window.stages:  # the export preview builds the whole PDF in a worker
        jobs = getattr(stage, "jobs", None)
        if jobs is not None:
            jobs.wait()
    app.processEvents()
    print(json.dumps(_memory()), flush=True)
    return 0


def main(argv: list[str]) -> int:
    mode, args = argv[0], argv[1:]
    handlers = {"start-bare": start_bare, "start-app": start_app, "rss-bare": rss_bare}
    handlers["rss-app"] = rss_app
    return int(handlers[mode](*args))  # type: ignore[operator]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
