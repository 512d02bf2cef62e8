"""Driving the real main window the way a facilitator does: through the keyboard focus."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow


def make_window(qtbot: QtBot, library: Library, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key press where the keyboard focus is, as a real keyboard would deliver it."""
    if QApplication.activeWindow() is not window:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


@contextmanager
def app_wide_state_kept() -> Iterator[None]:
    """`run_gui` sets things for the whole process (the theme, the error hook, the handlers that
    close the window on SIGTERM, SIGINT and SIGHUP): put every one of them back afterwards."""
    from workshop_app.ui import app as app_module

    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    look = (qapp.styleSheet(), qapp.palette(), qapp.font(), qapp.style().name())
    hook = sys.excepthook
    handlers = {number: signal.getsignal(number) for number in app_module.TERMINATION_SIGNALS}
    wakeup_fd = signal.set_wakeup_fd(-1)
    signal.set_wakeup_fd(wakeup_fd)
    try:
        yield
    finally:
        sys.excepthook = hook
        signal.set_wakeup_fd(wakeup_fd)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for reader, writer, notifier in app_module._wake_up:
            notifier.setEnabled(False)  # before its socket closes
            notifier.deleteLater()
            reader.close()
            writer.close()
        app_module._wake_up.clear()
        sheet, palette, font, style = look
        qapp.setStyleSheet(sheet)
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setFont(font)


def assert_rows_as_tall_as(view: QTableView, expected: Callable[[int], int]) -> None:
    """Every row of a table that sizes its own rows is as tall as `expected` says for it."""
    rows = view.model().rowCount()
    assert rows
    assert [view.rowHeight(row) for row in range(rows)] == [expected(row) for row in range(rows)]


#: Cell texts of every shape a table meets: plain, markup, one long word, CJK, RTL, emoji with a
#: line break, one letter.
CELL_TEXTS = (
    "A new CRM by March",
    "R&D <b>bold</b> <i>x <unclosed & &amp; <script>alert(1)</script>",
    "Supercalifragilistic" * 40,
    "見積もりを一日で出す、手作業を減らし、顧客への回答を早める " * 3,
    "عروض الأسعار في يوم واحد مع خطوات يدوية أقل " * 3,
    "Fewer manual steps 🚀🧾✅ and a first line\nthen a second",
    "x",
)
