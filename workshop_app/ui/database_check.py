"""File → Check database…: SQLite's full integrity check, off the UI thread, then one message.

The check reads every page and matches every index against its table: milliseconds for a usual
library, seconds for a very large one, so it runs on a worker (ui/jobs.py) and the window
stays responsive. Damage is one sentence with the way out; SQLite's findings go to the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from workshop_app.storage import location
from workshop_app.ui import dialogs
from workshop_app.ui.jobs import Failure, JobRunner

if TYPE_CHECKING:
    from workshop_app.ui.window_base import AppWindow


def check_database(window: AppWindow) -> None:
    library = window.library
    if library.backend.server:  # the server checks its own storage and keeps the backups
        dialogs.notice(window, "Check database", location.SERVER_CHECK).open()
        return
    runner = JobRunner(window)
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def report(problem: str | None) -> None:
        QGuiApplication.restoreOverrideCursor()
        runner.deleteLater()
        dialogs.database_check_result(window, problem).open()

    def failed(failure: Failure) -> None:
        report(failure.sentence("The check"))

    runner.submit(lambda _progress: library.check_database(), report, failed)
