"""The leak check itself: it names what a test leaves running and stays quiet about the rest."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests import leaks
from tests.leaks import nothing_left_running


@pytest.fixture(autouse=True)
def short_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leaks, "GRACE_SECONDS", 0.2)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end, so whatever a case left waiting on it finishes before the test does."""
    event = threading.Event()
    yield event
    event.set()


def test_a_thread_still_running_is_named(release: threading.Event) -> None:
    stuck = threading.Thread(target=release.wait, name="stuck-worker")
    with (
        pytest.raises(AssertionError, match="thread 'stuck-worker'"),
        nothing_left_running(gui=False),
    ):
        stuck.start()
    release.set()
    stuck.join()


def test_a_thread_that_ends_within_the_grace_time_is_fine() -> None:
    with nothing_left_running(gui=False):
        threading.Thread(target=lambda: None, name="quick").start()


def test_a_child_process_that_was_running_before_is_not_blamed() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        with nothing_left_running(gui=False):
            pass
    finally:
        child.communicate(b"")


def test_a_child_process_the_test_started_and_left_is_caught() -> None:
    holder: list[subprocess.Popen[bytes]] = []
    with (
        pytest.raises(AssertionError, match=r"child process \d+: .*sys.stdin.read"),
        nothing_left_running(gui=False),
    ):
        holder.append(
            subprocess.Popen(
                [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
            )
        )
    holder[0].communicate(b"")


def test_a_child_process_that_was_waited_for_is_fine() -> None:
    with nothing_left_running(gui=False):
        subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_a_timer_running_in_an_object_that_outlives_the_test_is_named(qtbot: QtBot) -> None:
    keeper = QObject()
    keeper.setObjectName("keeper")
    with (
        pytest.raises(AssertionError, match=r"active QTimer \(500 ms, tick\), owned by QObject"),
        nothing_left_running(gui=True),
    ):
        timer = QTimer(keeper)
        timer.setObjectName("tick")
        timer.start(500)
    assert not timer.isActive(), "the check stops it so it cannot fire into later tests"


def test_a_timer_of_a_closed_widget_goes_with_it(qtbot: QtBot) -> None:
    with nothing_left_running(gui=True):
        widget = QWidget()
        QTimer(widget).start(500)
        widget.close()
        widget.deleteLater()


def test_a_pool_job_that_does_not_finish_is_named(qtbot: QtBot, release: threading.Event) -> None:
    pool = QThreadPool()
    with (
        pytest.raises(AssertionError, match=r"QThreadPool with 1 running job"),
        nothing_left_running(gui=True),
    ):
        pool.start(release.wait)
    release.set()
    pool.waitForDone()
