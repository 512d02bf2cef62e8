"""What a test leaves running when it ends: threads, child processes, Qt thread pools, QThreads,
active timers.

Each check records what existed before the test, gives the test's own work a short bounded time
to finish (joins and waits with a deadline, never a fixed sleep), and names only what the test
added and left alive. Qt objects are tracked from the moment they are started, so the Qt part is
installed by the first GUI test and the Qt-free suite never imports Qt.
"""

from __future__ import annotations

import functools
import os
import select
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GRACE_SECONDS = 2.0


# -- Python threads and child processes ----------------------------------------------------------
def _python_threads() -> set[threading.Thread]:
    # A _DummyThread stands for a thread Python did not start (a Qt pool worker calling into
    # Python); it never ends in Python's eyes, and the pool check below covers it.
    return {
        t
        for t in threading.enumerate()
        if t.is_alive() and not isinstance(t, threading._DummyThread)
    }


def _child_processes() -> set[int]:
    """Running (not yet exited) children of this process; empty where /proc cannot tell."""
    pids: set[int] = set()
    for children in Path("/proc/self/task").glob("*/children"):
        try:
            pids.update(int(pid) for pid in children.read_text().split())
        except OSError:  # the thread ended while we looked
            continue
    return {pid for pid in pids if _state(pid) not in ("Z", "X", None)}


def _stat(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None


def _state(pid: int) -> str | None:
    stat = _stat(pid)
    return stat.rsplit(")", 1)[1].split()[0] if stat else None


def _command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "?"
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()[:120]


def _wait_for_exit(pid: int, seconds: float) -> None:
    """Block until the process exits or the time is up (a pidfd becomes readable at exit)."""
    try:
        fd = os.pidfd_open(pid)
    except OSError:  # already gone
        return
    try:
        select.select([fd], [], [], max(0.0, seconds))
    finally:
        os.close(fd)


# -- Qt objects started from Python --------------------------------------------------------------
@dataclass
class QtStarts:
    """Timers, thread pools and QThreads started from Python, held weakly."""

    timers: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)
    pools: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)
    threads: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)


def _recording(into: Callable[[], weakref.WeakSet[Any]], method: Any) -> Any:
    def start(self: Any, *args: Any, **kwargs: Any) -> Any:
        into().add(self)
        return method(self, *args, **kwargs)

    return start


@functools.cache
def track_qt() -> QtStarts:
    """Start recording Qt starts (once per run): wraps QTimer/QThreadPool/QThread start."""
    from PySide6.QtCore import QThread, QThreadPool, QTimer

    starts = QtStarts()
    QTimer.start = _recording(lambda: starts.timers, QTimer.start)  # type: ignore[method-assign]
    for name in ("start", "tryStart"):
        setattr(QThreadPool, name, _recording(lambda: starts.pools, getattr(QThreadPool, name)))
    QThread.start = _recording(lambda: starts.threads, QThread.start)  # type: ignore[method-assign]
    return starts


def _alive(obj: Any) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(obj))


def _owner_chain(obj: Any) -> str:
    names: list[str] = []
    parent = obj.parent()
    while parent is not None and len(names) < 4:
        names.append(type(parent).__name__)
        parent = parent.parent()
    return " in ".join(names) or "no owner"


@dataclass
class QtRunning:
    timers: set[Any]
    pools: set[Any]
    threads: set[Any]

    @classmethod
    def now(cls, starts: QtStarts) -> QtRunning:
        return cls(
            {t for t in list(starts.timers) if _alive(t) and t.isActive()},
            {p for p in list(starts.pools) if _alive(p) and p.activeThreadCount() > 0},
            {t for t in list(starts.threads) if _alive(t) and t.isRunning()},
        )

    def added_since(self, before: QtRunning) -> QtRunning:
        return QtRunning(
            self.timers - before.timers, self.pools - before.pools, self.threads - before.threads
        )


def _qt_leaks(starts: QtStarts, before: QtRunning, deadline: float) -> list[str]:
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    # Widgets the test closed are only deleted (with their timers) when deferred deletes run.
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    added = QtRunning.now(starts).added_since(before)
    for pool in added.pools:
        pool.waitForDone(_ms_left(deadline))
    for thread in added.threads:
        thread.wait(_ms_left(deadline))
    if added.timers:
        gc.collect()  # an owner kept only by a reference cycle is not a leak
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    added = QtRunning.now(starts).added_since(before)
    leaks = [
        f"QThreadPool with {p.activeThreadCount()} running job(s), owned by {_owner_chain(p)}"
        for p in added.pools
    ]
    leaks += [f"QThread {type(t).__name__}, owned by {_owner_chain(t)}" for t in added.threads]
    for timer in added.timers:
        if timer.isSingleShot() and timer.remainingTime() <= _ms_left(deadline):
            continue  # about to fire once and stop by itself
        leaks.append(
            f"active QTimer ({timer.interval()} ms, {timer.objectName() or 'unnamed'}), "
            f"owned by {_owner_chain(timer)}"
        )
        timer.stop()  # so it cannot fire into later tests
    return leaks


def _ms_left(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


# -- the check -----------------------------------------------------------------------------------
@contextmanager
def nothing_left_running(*, gui: bool) -> Iterator[None]:
    """Fail the test if it leaves threads, processes or (for GUI tests) Qt work running."""
    starts = track_qt() if gui else None
    threads, children = _python_threads(), _child_processes()
    qt_before = QtRunning.now(starts) if starts else None
    yield
    deadline = time.monotonic() + GRACE_SECONDS
    leaks = _qt_leaks(starts, qt_before, deadline) if starts and qt_before else []
    for thread in _python_threads() - threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    leaks += [
        f"thread {t.name!r}{' (daemon)' if t.daemon else ''}" for t in _python_threads() - threads
    ]
    for pid in _child_processes() - children:
        _wait_for_exit(pid, deadline - time.monotonic())
    leaks += [f"child process {pid}: {_command_line(pid)}" for pid in _child_processes() - children]
    assert not leaks, "test left running: " + "; ".join(sorted(leaks))
