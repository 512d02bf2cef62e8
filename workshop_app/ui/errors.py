"""The last line of defence: an unexpected error shows a calm message, never a traceback.

Installed as sys.excepthook, it also catches exceptions raised inside Qt slots, which PySide would
otherwise print and ignore — an edit could fail to save and nobody would notice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from workshop_app import crashlog

Reporter = Callable[[str, str], None]


def show_error_box(summary: str, details: str) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Something went wrong")
    box.setText(summary)
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.addButton(QMessageBox.StandardButton.Close)
    box.open()


class ExceptionHook:
    """Logs the details to a file and tells the user in one calm sentence."""

    def __init__(self, report: Reporter = show_error_box) -> None:
        self.report = report
        self.previous = sys.excepthook

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous(exc_type, exc, tb)
            return
        log_path, details = crashlog.record(exc_type, exc, tb)
        where = f" The details were saved to {log_path}." if log_path else ""
        summary = (
            "Workshop App ran into an unexpected problem. Your workshop is saved up to the last "
            f"change, and you can carry on.{where}"
        )
        self.report(summary, details)

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self.previous
