"""Work that takes seconds (building a 300-page PDF, signing it, writing it) runs off the UI thread.

`JobRunner` owns a private thread pool with a single thread, so jobs run one after another and
never build two PDFs at once (reportlab keeps process-wide font state). A job is a plain function
that receives a `progress(text)` callable and returns a result; the result, a one-sentence
failure or progress text come back as calls on the UI thread. A `UserError` becomes its own
sentence; anything else is logged (crashlog) and described calmly, with the log file named.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, Signal, Slot

from workshop_app import crashlog
from workshop_app.core.errors import UserError

Progress = Callable[[str], None]
Work = Callable[[Progress], Any]


@dataclass(frozen=True)
class Failure:
    """Why a job did not finish: one sentence for the user, or an unexpected error (logged)."""

    message: str  # the UserError's sentence; empty for an unexpected error
    log_path: Path | None = None
    details: str = ""

    @property
    def unexpected(self) -> bool:
        return not self.message

    def sentence(self, what: str) -> str:
        """The user's sentence; `what` names the thing that could not be made ("The PDF")."""
        if self.message:
            return self.message
        where = f" The details were saved to {self.log_path}." if self.log_path else ""
        return (
            f"{what} could not be made because of an unexpected problem; the workshop itself "
            f"is safe.{where}"
        )


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive here as queued calls."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(str)

    def __init__(
        self,
        runner: JobRunner,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Failure], None],
        on_progress: Callable[[str], None] | None,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.on_done, self.on_failed, self.on_progress = on_done, on_failed, on_progress
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_failed)
        self.progressed.connect(self._deliver_progress)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self.runner._finished(self)
        self.on_done(result)

    @Slot(object)
    def _deliver_failed(self, failure: object) -> None:
        self.runner._finished(self)
        assert isinstance(failure, Failure)
        self.on_failed(failure)

    @Slot(str)
    def _deliver_progress(self, text: str) -> None:
        if self.on_progress is not None:
            self.on_progress(text)


class JobRunner(QObject):
    """Runs jobs one at a time on a worker thread; reports back on the UI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(2_000)
        self._pending: list[_Relay] = []
        app = QCoreApplication.instance()
        if app is not None:
            # Let a running export finish writing before the interpreter goes away.
            app.aboutToQuit.connect(self.wait)

    @property
    def busy(self) -> bool:
        """True until the last job's result has been delivered on the UI thread."""
        return bool(self._pending)

    def submit(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Failure], None],
        on_progress: Callable[[str], None] | None = None,
    ) -> None:
        relay = _Relay(self, on_done, on_failed, on_progress)
        self._pending.append(relay)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)

        def run() -> None:
            def progress(text: str) -> None:
                _emit(relay.progressed, text)

            try:
                result = work(progress)
            except UserError as exc:
                _emit(relay.failed, Failure(exc.message))
            except Exception as exc:
                log_path, details = crashlog.record(type(exc), exc, exc.__traceback__)
                _emit(relay.failed, Failure("", log_path, details))
            else:
                _emit(relay.done, result)

        self._pool.start(run)

    def wait(self) -> None:
        """Block until the worker is idle (quitting, tests). Results arrive with the next events."""
        self._pool.waitForDone()

    def _finished(self, relay: _Relay) -> None:
        if relay in self._pending:
            self._pending.remove(relay)
        relay.deleteLater()
        if not self._pending:
            self.busy_changed.emit(False)


def _emit(signal: Any, value: object) -> None:
    # RuntimeError: the window closed while the job ran, and nobody is listening any more.
    with contextlib.suppress(RuntimeError):
        signal.emit(value)


class PdfCache:
    """The last few built PDFs by content key, shared by the preview and the export jobs.

    The preview builds exactly the bytes an unsigned export writes (the output is deterministic),
    so exporting right after the preview appeared only writes the file.
    """

    def __init__(self, size: int = 2) -> None:
        self._size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            data = self._items.get(key)
            if data is not None:
                self._items.move_to_end(key)
            return data

    def put(self, key: str, data: bytes) -> None:
        with self._lock:
            self._items[key] = data
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
