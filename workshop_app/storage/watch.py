"""Noticing other writers: the window learns within seconds that someone else changed the library.

A `Watcher` runs on a thread of its own (never the window's) and calls `on_change(count)` from
there whenever the library's change counter (`Library.change_count`, moved on by every write
transaction of any process) differs from the last one it saw. Deciding whether the open
workshop is concerned, and reading it again, is the caller's business (ui/watching.py does it
on the window's thread).

Between two looks the watcher waits on a `ChangeFeed`. A SQLite library has nothing to listen
to, so its feed (`PollingFeed`) just lets `interval` seconds pass: one look costs one
`PRAGMA user_version`. A server engine that can push news plugs in a feed of its own through
`Library.change_feed` (a factory; the watcher calls it once, on its thread):

    PostgreSQL (`NotifyFeed`): every write transaction runs `pg_notify` on `CHANNEL`
    (storage/engines.py), which the server delivers at commit and only then. The feed holds a
    connection of its own in autocommit mode and LISTENs once; its `wait` returns as soon as a
    notification arrives, or after the timeout, so a lost connection still degrades to polling.

Neither the watcher nor a feed imports Qt.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, Protocol

from workshop_app.core.errors import UserError

#: Seconds between two looks at the change counter when nothing pushes news.
INTERVAL = 2.0
#: The PostgreSQL channel every write transaction notifies (storage/engines.py).
CHANNEL = "workshop_app_changes"
#: How long one wait for a notification lasts at most, so that `close` is noticed promptly.
_SLICE = 0.25


class ChangeFeed(Protocol):
    """Where news of other writers comes from."""

    def wait(self, timeout: float) -> None:
        """Return when something may have changed, or after `timeout` seconds at the latest."""

    def close(self) -> None:
        """Stop: a `wait` under way returns at once, and later ones too."""


class PollingFeed:
    """No news pushed: every look is after `timeout` seconds (or when closed)."""

    def __init__(self) -> None:
        self._closed = threading.Event()

    def wait(self, timeout: float) -> None:
        self._closed.wait(timeout)

    def close(self) -> None:
        self._closed.set()


class NotifyFeed:
    """News pushed by the server: LISTEN on a connection of the feed's own (psycopg, autocommit).

    `connect` makes that connection; it is called here, on the watcher's thread. Any failure
    (the server gone, the connection lost) turns the feed into plain polling: the watcher's
    next look at the change counter tells the rest.
    """

    def __init__(self, connect: Callable[[], Any]) -> None:
        self._closed = threading.Event()
        self._in_use = threading.Lock()
        self._connection: Any = None
        try:
            self._connection = connect()
            self._connection.autocommit = True
            self._connection.execute(f"LISTEN {CHANNEL}")
        except Exception:  # no news pushed is still a working watcher
            self._drop()

    def wait(self, timeout: float) -> None:
        with self._in_use:  # `close` from another thread leaves the connection to this one
            remaining = timeout
            while remaining > 0 and not self._closed.is_set():
                if self._connection is None:
                    self._closed.wait(remaining)
                    break
                step = min(_SLICE, remaining)
                try:
                    if any(True for _ in self._connection.notifies(timeout=step, stop_after=1)):
                        break
                except Exception:  # lost: poll from now on
                    self._drop()
                remaining -= step
            if self._closed.is_set():
                self._drop()

    def close(self) -> None:
        self._closed.set()
        if self._in_use.acquire(blocking=False):  # no wait under way: drop it here
            try:
                self._drop()
            finally:
                self._in_use.release()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()


class Counted(Protocol):
    """What the watcher needs of a library (storage/operations.py's Library)."""

    def change_count(self) -> int: ...

    def change_feed(self) -> ChangeFeed: ...


class Watcher:
    """Looks at a library's change counter from its own thread and reports when it moved."""

    def __init__(
        self,
        library: Counted,
        on_change: Callable[[int], None],
        *,
        interval: float = INTERVAL,
    ) -> None:
        self.library = library
        self.on_change = on_change
        self.interval = interval
        self._stop = threading.Event()
        self._feed: ChangeFeed | None = None
        self._thread: threading.Thread | None = None
        self._last: int | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._last = self._look()
        self._thread = threading.Thread(target=self._run, name="library-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop and wait for the thread to end (at most one look's time)."""
        self._stop.set()
        feed = self._feed
        if feed is not None:
            feed.close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _look(self) -> int | None:
        try:
            return self.library.change_count()
        except UserError:
            return None  # busy or gone for a moment: look again next time

    def _run(self) -> None:
        self._feed = self.library.change_feed()
        if self._stop.is_set():  # stopped while the feed was being made
            self._feed.close()
        try:
            while not self._stop.is_set():
                self._feed.wait(self.interval)
                if self._stop.is_set():
                    break
                count = self._look()
                if count is not None and count != self._last:
                    self._last = count
                    self.on_change(count)
        finally:
            self._feed.close()
