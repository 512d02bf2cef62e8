"""Unexpected errors: a failing save inside a Qt slot is logged with its traceback and reported
in one calm, non-blocking message — never a raw traceback, never silence."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.helpers import app_wide_state_kept, make_window, press
from workshop_app import crashlog
from workshop_app.storage.operations import Library
from workshop_app.ui.errors import SUMMARY, ErrorNotice, ExceptionHook, show_error_box
from workshop_app.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.qt_no_exception_capture
def test_a_failing_write_inside_a_slot_is_reported_calmly_and_logged(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop_id = library.create_workshop("Intake")
    library.add_item(workshop_id, "request", {"text": "A new CRM"})
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(workshop_id)
    press(qtbot, window, Qt.Key.Key_6, CTRL)

    reported: list[tuple[str, str]] = []
    hook = ExceptionHook(report=lambda summary, details: reported.append((summary, details)))
    hook.install()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk said no")

    monkeypatch.setattr(Library, "set_field", broken)
    try:
        press(qtbot, window, Qt.Key.Key_P)  # a shortcut's slot saves the decision
    finally:
        hook.uninstall()

    assert len(reported) == 1
    summary, details = reported[0]
    assert summary.startswith(SUMMARY)
    assert "Traceback" not in summary and "RuntimeError" not in summary
    assert str(crashlog.log_file()) in summary
    assert "RuntimeError" in details and "disk said no" in details
    log = crashlog.log_file().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError" in log and "disk said no" in log
    assert "set_field" in log


def test_the_message_is_non_blocking_copies_details_and_is_reused(qtbot: QtBot) -> None:
    show_error_box("Calm summary", "the details")
    [notice] = _error_notices()
    qtbot.waitUntil(notice.isVisible)
    assert notice.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None
    assert notice.message.text() == "Calm summary"
    assert notice.message.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(notice.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "the details"
    assert notice.isVisible()  # copying does not close it
    assert notice.copy_button.text() == "Copied ✓"

    show_error_box("Calm summary", "more details")  # a second error updates the same message
    assert _error_notices() == [notice]
    assert notice.details == "more details"
    assert notice.copy_button.text() == "Copy details"
    qtbot.mouseClick(notice.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not _error_notices())  # closed and deleted


def _error_notices() -> list[ErrorNotice]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorNotice)]


def test_keyboard_interrupt_goes_to_the_previous_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: seen.append(t))
    reported: list[str] = []
    hook = ExceptionHook(report=lambda summary, _details: reported.append(summary))
    hook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and not reported


# The library page shows a button before it has a parent (a brief stray window), which the
# off-screen platform reports when the real start-up path runs; not related to the hook.
def test_the_app_installs_the_hook(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_app.ui import app as app_module

    installed: list[object] = []

    def fake_exec(_self: QApplication) -> int:
        installed.append(sys.excepthook)
        for widget in QApplication.topLevelWidgets():
            widget.close()
            if isinstance(widget, MainWindow):
                widget.deleteLater()  # the process would end here: the window must not outlive it
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    with app_wide_state_kept():
        assert app_module.run_gui(tmp_path / "app.sqlite3") == 0
    assert len(installed) == 1 and isinstance(installed[0], ExceptionHook)


def test_many_qt_calls_never_exhaust_none(qtbot: QtBot) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None on many calls; the ui package
    guards against the resulting abort (see workshop_app/ui/__init__.py)."""
    import workshop_app.ui  # noqa: F401 - the guard runs on import

    label = QLabel("x")
    qtbot.addWidget(label)
    for _ in range(20_000):
        label.setIndent(0)
    assert sys.getrefcount(None) > 1 << 30  # immortal in effect, as on Python 3.12
