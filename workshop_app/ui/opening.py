"""Opening the workshop database on a worker thread, so the window shows at once.

Opening migrates, after importing SQLAlchemy and sqlmodel: most of a second on a laptop, against
a tenth for the window itself (benchmarks/). The quick check and the backup follow on the same
worker once the library accepts edits (storage/upkeep.py): they read the whole file. The
window lists the workshops meanwhile from a read-only look at the file (storage/catalog.py);
whatever needs the database itself calls `library()`, which waits for the opening to finish.

Only Qt-free code runs on the worker (the import-linter contracts keep storage, report and core
free of Qt); it reports back through a queued signal.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from workshop_app import collector
from workshop_app.storage import catalog
from workshop_app.storage.location import is_team_url
from workshop_app.ui.errors import AlreadyExplained
from workshop_app.ui.first_paint import after_first_paint

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library

#: Qt-free modules the stages need, imported on the worker once the database is open, so that
#: opening a workshop or a stage later does not pay for them. Not the signing (pyHanko): importing
#: it loads the system's certificates for its network clients, which holds the interpreter for
#: tens of milliseconds and would stall the window; a signed export imports it on its own worker.
WARM_UP = (
    "workshop_app.core.interchange",
    "workshop_app.core.scoring",
    "workshop_app.storage.portfolio",
    "workshop_app.storage.signoff",
    "workshop_app.storage.templates",
    "workshop_app.report.export",
    "workshop_app.report.identity",
)


#: How long after the first paint the opening starts. A newly shown window is painted again
#: within a few tens of milliseconds (the platform exposes it, the table settles its rows);
#: a worker started in the middle of those repaints made every call they make into Python
#: wait for the interpreter, and the window stood still for 50–130 ms at 20,000 workshops.
REPAINTS_SETTLE_MS = 50


class LibraryOpening(QObject):
    """A workshop database being opened; `finished` reaches the main thread when it is done."""

    finished = Signal()
    #: The worker has also imported WARM_UP and stopped: the main thread may import freely.
    settled = Signal()
    #: The checks run in the background once the library accepts edits (storage/upkeep.py)
    #: found damage: the sentence to show, as "Check database…" would.
    damage_found = Signal(str)

    def __init__(self, location: Path | str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._set_location(location)
        self._library: Library | None = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        #: The main thread has handled `finished` (the window has shown the list).
        self._caught_up = threading.Event()
        self.finished.connect(self._after_finished_is_handled)
        #: The list the worker read, with the library's write count then: the window's reload
        #: after opening takes it rather than read 20,000 rows again on the main thread.
        self._listed: tuple[int, list[catalog.WorkshopSummary]] | None = None
        #: Made on the worker from the list it read, for whoever shows it (the library page's
        #: lines): 20,000 of them take tens of milliseconds the window need not pause for.
        self.prepare: Callable[[list[catalog.WorkshopSummary]], object] | None = None
        self._prepared: tuple[list[catalog.WorkshopSummary], object] | None = None

    @classmethod
    def opened(cls, library: Library, parent: QObject | None = None) -> LibraryOpening:
        """A database that is already open (tests, screenshots, the command line)."""
        opening = cls(library.location if library.backend.server else library.path, parent)
        opening._library = library
        opening._done.set()
        return opening

    def _set_location(self, location: Path | str) -> None:
        #: The library: a file, or a team library's address (never with a password).
        self.location: Path | str = location if is_team_url(location) else Path(location)
        #: The file of a library on this computer; None for a team library.
        self.path: Path | None = self.location if isinstance(self.location, Path) else None

    def switch_to(self, location: Path | str) -> None:
        """Close this library and open another on the worker (the window switches libraries)."""
        self.stop()
        self.wait()
        library, self._library = self._library, None
        if library is not None:
            library.close()
        self._stopping.clear()
        self._set_location(location)
        self.retry()

    def start(self) -> None:
        if self._thread is not None:
            return  # already under way (or done): once per opening
        self._thread = threading.Thread(target=self._work, name="open-database", daemon=True)
        self._thread.start()

    def start_once_painted(self, window: QWidget) -> None:
        """Start the worker once `window` has painted for the first time.

        The worker imports SQLAlchemy and sqlmodel (about 0.4 s of Python that holds the
        interpreter); started before the first paint, every call the paint makes into Python
        (event filters, size hints, header fitting) waited its turn for the interpreter, which
        stretched the first paint about fourfold; the repaints that follow it are waited for
        too (`REPAINTS_SETTLE_MS`). It starts anyway when no paint comes (a window shown
        minimised), and `library()` starts it when asked first.
        """
        after_first_paint(window, self, self.start, REPAINTS_SETTLE_MS)

    def retry(self) -> None:
        """Open the database again, e.g. once a backup has replaced a damaged one."""
        self.wait()
        self._thread = None
        self._library, self._error, self._listed = None, None, None
        self._prepared = None
        self._done.clear()
        self._caught_up.clear()
        self.start()

    def _work(self) -> None:
        # No garbage collection while the worker imports (it would stall the window), and what
        # is loaded by then (modules, classes, the window) lives as long as the app, so it is set
        # aside for good (gc.freeze) rather than walked by every full collection from then on;
        # the window's start had paused the collector until now (ui/app.py).
        try:
            with collector.paused():
                self._open_and_warm_up()
            collector.end_start_pause()
        finally:
            self._emit(self.settled)
        self._upkeep()

    def _upkeep(self) -> None:
        """The quick check and the backup the opening left (and after a backup, the full check
        of every page and index), now that the window is usable, rather than hold up the
        opening: seconds for a very large library (storage/upkeep.py)."""
        library = self._library
        if library is None or self._stopping.is_set():
            return
        try:
            problem = library.upkeep.run()
        except Exception:  # closed meanwhile, busy…: File → Check database… can tell later
            return
        if problem is not None:
            self._emit(self.damage_found, problem)

    def stop(self) -> None:
        """The window is closing: abandon the checks and the backup under way, so that the
        process need not wait for them (the next open does them again)."""
        self._stopping.set()
        if self._library is not None:
            self._library.upkeep.stop()

    def _open_and_warm_up(self) -> None:
        try:
            from workshop_app.storage.operations import Library

            library = Library(self.location, check_later=True)
            try:
                # The window's first queries (the list, then the selected workshop in full) are
                # compiled here rather than in the window's first moments.
                recent = library.workshops()
                if self.prepare is not None:
                    self._prepared = (recent, self.prepare(recent))
                self._listed = (library.writes, recent)
                if recent:
                    library.workshop(recent[0].id)
            except BaseException:
                library.close()  # unusable after all: leave no connection behind
                raise
            self._library = library
        except BaseException as exc:  # handed to the main thread, which reports it
            self._error = exc
        finally:
            self._done.set()
            self._emit(self.finished)
        if self._error is None:
            # Once the window has shown the list: imported meanwhile, these modules would take
            # turns with it for the interpreter and stretch that pause of the window.
            self._caught_up.wait(timeout=2)
            for name in WARM_UP:
                importlib.import_module(name)

    def _after_finished_is_handled(self) -> None:
        # Connected first, so the window's own slots run before this zero timer fires.
        QTimer.singleShot(0, self._caught_up.set)

    def _emit(self, signal: SignalInstance, *values: object) -> None:
        # RuntimeError: the window closed (deleting this object) while the database was opening.
        with contextlib.suppress(RuntimeError):
            signal.emit(*values)

    def is_finished(self) -> bool:
        return self._done.is_set()

    @property
    def error(self) -> BaseException | None:
        return self._error if self._done.is_set() else None

    def library(self) -> Library:
        """The open database, waiting (with a busy cursor) if the opening is still under way.

        When the opening failed, the window says why (`finished`); an action that needed the
        database is abandoned quietly with AlreadyExplained rather than reported again.
        """
        if not self._done.is_set():
            self.start()  # asked for before the first paint started it
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._done.wait()
            finally:
                QGuiApplication.restoreOverrideCursor()
        if self._error is not None:
            raise AlreadyExplained(str(self._error))
        assert self._library is not None
        return self._library

    def is_viewer(self) -> bool:
        """Whether the library is open and this person may not change it (an opening still
        under way, or one that failed, is nobody's to judge yet: storage/access.py decides)."""
        return self.is_finished() and self._error is None and not self.library().writable

    def peek(self, first: int | None = None) -> list[catalog.WorkshopSummary] | None:
        """The workshops on disk without waiting, or None when only the opening can tell.
        While the opening runs, `first` reads only the most recently changed so many."""
        if self.is_finished() and self._error is None:
            library, listed, self._listed = self.library(), self._listed, None
            if listed is not None and listed[0] == library.writes:
                return listed[1]  # read by the worker, and nothing written since
            return library.workshops()
        if self.path is None:
            return None  # a team library: only the opening can tell
        return catalog.peek(self.path, limit=first)

    def prepared_for(self, summaries: list[catalog.WorkshopSummary]) -> object | None:
        """What `prepare` made of exactly this list on the worker (once), or None."""
        held, self._prepared = self._prepared, None
        return held[1] if held is not None and held[0] is summaries else None

    def peek_matching(self, text: str) -> set[str] | None:
        """The ids of the workshops containing `text`, as `peek` reads them."""
        if self.is_finished() and self._error is None:
            return self.library().matching_ids(text)
        if self.path is None:
            return None
        return catalog.peek_matching(self.path, text)

    def wait(self) -> None:
        """Until the worker has stopped (tests, and before the process exits)."""
        if self._thread is not None:
            self._thread.join()
