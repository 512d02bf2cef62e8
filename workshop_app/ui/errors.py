"""The last line of defence: an unexpected error shows a calm message, never a traceback.

Installed as sys.excepthook by the app (ui/app.py), it also catches exceptions raised inside Qt
slots, which PySide would otherwise print and ignore — an edit could fail to save and nobody would
notice. The details go to a log file in the user log folder; the facilitator sees one calm,
non-blocking message with "Copy details" (for IT) and carries on. A burst of errors (a failing
save on every keystroke) updates the one message instead of stacking new ones.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

Reporter = Callable[[str, str], None]

SUMMARY = (
    "Something unexpected went wrong, and the last change may not have been saved. "
    "Everything before it is safe: check that change and carry on."
)


class ErrorNotice(QDialog):
    """A calm, non-modal message: one plain sentence, "Copy details" for IT, and Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorNotice")
        self.setWindowTitle("Something went wrong")
        self.setAccessibleName("Something went wrong")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(16)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.copy_button = QPushButton("Copy details")
        self.copy_button.setAccessibleName("Copy the technical details for IT")
        self.copy_button.clicked.connect(self.copy_details)
        row.addWidget(self.copy_button)
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("primary")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.resize(520, 200)

    def show_error(self, summary: str, details: str) -> None:
        self.message.setText(summary)
        self.details = details
        self.copy_button.setText("Copy details")
        self.show()
        if QGuiApplication.platformName() != "offscreen":  # it cannot stack windows
            self.raise_()
        self.close_button.setFocus()

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText("Copied ✓")


_open_notice: ErrorNotice | None = None


def show_error_box(summary: str, details: str) -> None:
    """Show the calm message, reusing the one already open (a burst of errors is one message)."""
    global _open_notice  # noqa: PLW0603 - one message at a time, app-wide
    if _open_notice is None:
        _open_notice = ErrorNotice(QApplication.activeWindow())
        _open_notice.destroyed.connect(_forget_notice)
    _open_notice.show_error(summary, details)


def _forget_notice() -> None:
    global _open_notice  # noqa: PLW0603
    _open_notice = None


class AlreadyExplained(Exception):  # noqa: N818 - it names the situation, not an error kind
    """Abandons an action whose cause the window has already explained to the user (the
    workshop database could not be opened): nothing to log, nothing more to say."""


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
        if issubclass(exc_type, AlreadyExplained):
            return
        from workshop_app import crashlog  # only once something went wrong

        log_path, details = crashlog.record(exc_type, exc, tb)
        where = f"\n\nThe details were saved to {log_path}." if log_path else ""
        try:
            self.report(f"{SUMMARY}{where}", details)
        except Exception:  # the reporter itself failed: fall back to the default hook
            self.previous(exc_type, exc, tb)

    def install(self) -> None:
        sys.excepthook = self

    def uninstall(self) -> None:
        sys.excepthook = self.previous
