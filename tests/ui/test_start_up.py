"""Start-up: the window shows at once, listing the workshops from a look at the file, while the
database is opened on a worker thread (ui/opening.py); what needs the database waits for it, a
database that cannot be used is explained before the window closes, and stages are built on
first visit without taking the keyboard focus from the window."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.helpers import app_wide_state_kept, make_window
from tests.unit.storage_helpers import corrupt_middle_pages, make_populated_db
from workshop_app.core.errors import UserError
from workshop_app.storage import catalog
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs
from workshop_app.ui.actions import STAGE_KEYS
from workshop_app.ui.errors import AlreadyExplained, ExceptionHook
from workshop_app.ui.library.page import LibraryPage
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.opening import LibraryOpening

OPEN_TIMEOUT_MS = 10_000  # opening imports SQLAlchemy (and Alembic for an older database)

MakeOpening = Callable[[Path], LibraryOpening]


@pytest.fixture
def make_opening() -> Iterator[MakeOpening]:
    """Openings (not started) that are joined, and their databases closed, after the test: no
    worker thread or open database outlives it."""
    made: list[LibraryOpening] = []

    def make(path: Path) -> LibraryOpening:
        opening = LibraryOpening(path)
        made.append(opening)
        return opening

    yield make
    for opening in made:
        opening.wait()
        if opening.is_finished() and opening.error is None:
            opening.library().close()


def _window(
    qtbot: QtBot, opening: LibraryOpening, tmp_path: Path, resume: str | None = None
) -> MainWindow:
    """The window as run_gui builds it: before the opening starts."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    if resume is not None:
        window.resume(resume)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _open(qtbot: QtBot, opening: LibraryOpening) -> None:
    with qtbot.waitSignal(opening.finished, timeout=OPEN_TIMEOUT_MS):
        opening.start()


def _ids_shown(page: LibraryPage) -> list[str]:
    return [str(page.model.rows[row].summary.id) for row in range(page.model.rowCount())]


def _make_older_db(path: Path) -> list[str]:
    """A database as the first schema revision left it (before the search index)."""
    ids = make_populated_db(path, copies=2)
    connection = sqlite3.connect(path)
    with connection:
        triggers = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for (name,) in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        for table in (
            "search_words",
            "search_chunk",
            "search_grams",
            "search_stale",
            "search_text",
        ):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("DROP TABLE row_seal")  # and what later revisions added
        connection.execute("DROP TABLE open_session")
        connection.execute("DROP TABLE rating")
        connection.execute("DROP TABLE rating_round")
        connection.execute("DROP TABLE need_adoption")
        for table, column in (
            ("workshop", "it_reliability"),
            ("workshop", "it_delivery"),
            ("workshop", "earlier_phase"),
            ("workshop", "earlier_phase_date"),
            ("request", "origin"),
        ):
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("DROP TABLE result")
        connection.execute("ALTER TABLE workshop DROP COLUMN follow_up_of")
        connection.execute("ALTER TABLE decision DROP COLUMN earlier")
        for table, column in (
            ("need", "alignment_note"),
            ("need", "company_note"),
            ("need_request", "serves"),
            ("need", "estimate_days"),
            ("need", "estimate_money"),
            ("need", "estimate_confidence"),
            ("goal", "library_goal_id"),
            ("goal", "library_version"),
            ("goal", "library_period"),
            ("goal", "placeholder"),
        ):
            connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute("DROP TABLE capacity")
        connection.execute("DROP TABLE check_out")
        connection.execute("DROP TABLE offline_copy")
        connection.execute("DROP TABLE row_version")
        connection.execute("DROP TABLE kept_goal_words")
        connection.execute("DROP TABLE company_goal_version")
        connection.execute("DROP TABLE company_goal")
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    connection.close()
    return ids


def _make_foreign_db(path: Path) -> None:
    other = sqlite3.connect(path)
    with other:
        other.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        other.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    other.close()


def _make_damaged_db(path: Path) -> None:
    make_populated_db(path, copies=6)
    corrupt_middle_pages(path)


# -- the list before and after the database is open ------------------------------------------
def test_the_list_shows_at_once_and_is_read_again_once_the_database_is_open(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=3)
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)
    page = window.library_page

    assert not opening.is_finished()  # nothing has waited for the database
    assert sorted(s.id for s in page.summaries) == sorted(ids)
    assert sorted(_ids_shown(page)) == sorted(ids)
    assert page.stack.currentWidget() is page.table
    assert not page.filter_bar.isHidden() and not page.action_bar.isHidden()
    assert page.selected_id() is not None and page.open_button.isEnabled()
    assert page.selection_note.text() == ""  # it needs the database: not at start-up
    assert QApplication.focusWidget() is page.search

    _open(qtbot, opening)
    # The page reads the list again from the open database, and now says what a follow-up of
    # the selected workshop would carry over (the demo defers requests).
    qtbot.waitUntil(lambda: "follow-up would carry over" in page.selection_note.text())
    assert page.summaries == window.library.workshops()
    assert sorted(_ids_shown(page)) == sorted(ids)
    assert window.library.path == path.resolve()
    assert window.session is None and window.pages.currentWidget() is page


def test_the_opening_starts_once_the_window_has_painted(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As run_gui starts it: the worker (which holds the interpreter while it imports) waits for
    the window's first paint, then opens the database without being asked."""
    from workshop_app.ui import first_paint

    monkeypatch.setattr(first_paint, "WAIT_MS", 3_600_000)  # the paint, not the fallback
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=2)
    opening = make_opening(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    opening.start_once_painted(window)
    assert opening._thread is None  # nothing painted yet: not started
    with qtbot.waitSignal(opening.finished, timeout=OPEN_TIMEOUT_MS):
        window.show()
    assert sorted(s.id for s in window.library.workshops()) == sorted(ids)


def test_the_opening_waits_for_the_repaints_that_follow_the_first_paint(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newly shown window is painted again at once; a worker started meanwhile would make
    each of those repaints' calls into Python wait for the interpreter."""
    from workshop_app.ui import first_paint
    from workshop_app.ui import opening as opening_module

    monkeypatch.setattr(first_paint, "WAIT_MS", 3_600_000)
    monkeypatch.setattr(opening_module, "REPAINTS_SETTLE_MS", 3_600_000)
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path)
    opening = make_opening(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    opening.start_once_painted(window)
    painted: list[bool] = []
    watcher = first_paint.FirstPaint(window, window)
    watcher.painted.connect(lambda: painted.append(True))
    window.show()
    qtbot.waitUntil(lambda: bool(painted))
    QCoreApplication.processEvents()  # the queued reaction to the paint: the settle timer only
    assert opening._thread is None
    opening.start()
    opening.wait()
    assert opening.is_finished()


def test_asking_for_the_database_before_the_first_paint_starts_the_opening(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=2)
    opening = make_opening(path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    opening.start_once_painted(window)
    # Not shown, never painted: an action that needs the database does not wait forever.
    assert sorted(s.id for s in opening.library().workshops()) == sorted(ids)
    opening.start()  # the paint or the fallback timer later: started once only
    assert opening.is_finished()


def test_a_missing_database_shows_the_opening_panel_then_the_first_run_cards(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)
    page = window.library_page

    assert page.stack.currentWidget() is page.opening_panel
    assert page.filter_bar.isHidden() and page.action_bar.isHidden()
    assert page.summaries == [] and page.first_run.buttons == []
    assert not path.exists()  # the look at the file created nothing

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.first_run)
    assert page.first_run.buttons  # the cards, templates read now
    assert QApplication.focusWidget() is page.first_run.buttons[0]  # ready to start one
    assert page.filter_bar.isHidden()
    assert window.library.workshops() == []
    assert path.is_file()


def test_an_older_database_shows_the_opening_panel_then_its_workshops(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    ids = _make_older_db(path)
    assert catalog.peek(path) is None  # only the full open (which migrates) can tell
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)
    page = window.library_page
    assert page.stack.currentWidget() is page.opening_panel
    assert page.model.rowCount() == 0

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.table)
    assert sorted(_ids_shown(page)) == sorted(ids)
    assert not page.filter_bar.isHidden() and not page.action_bar.isHidden()
    assert page.summaries == window.library.workshops()
    assert QApplication.focusWidget() is page.search  # type to find one, as after any start
    assert window.library.workshops("alignment")  # migrated: the search index is there


# -- reopening the last workshop ---------------------------------------------------------------
def test_the_last_workshop_reopens_once_the_database_is_open(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=3)
    last = ids[1]
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path, resume=last)
    page = window.library_page
    assert window.session is None  # not waiting for the database in the constructor
    assert page.selected_id() == last  # meanwhile the list points at it

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: window.session is not None)
    assert window.session is not None and window.session.workshop_id == last
    stage = window.current_stage()
    assert stage is not None and stage.key == "setup"
    assert window.windowTitle().startswith("Q3 alignment")


def test_the_last_workshop_stays_closed_once_the_facilitator_picked_another(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    """Choosing another workshop (or searching) before the database is open wins over
    reopening the last one: the window does not jump away from what the facilitator does."""
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=3)
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path, resume=ids[1])
    page = window.library_page
    other = next(i for i in _ids_shown(page) if i != ids[1])
    page.select(other)

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: page.selection_note.text() != "")  # reloaded from the database
    assert window.session is None and window.pages.currentWidget() is page
    assert page.selected_id() == other


def test_an_unknown_last_workshop_stays_on_the_library(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    ids = make_populated_db(path, copies=2)
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path, resume="deleted-since-last-time")
    page = window.library_page

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: "follow-up would carry over" in page.selection_note.text())
    assert window.session is None and window.sessions == {}
    assert window.pages.currentWidget() is page
    assert sorted(_ids_shown(page)) == sorted(ids)


# -- a database that cannot be used ------------------------------------------------------------
@pytest.mark.parametrize(
    ("make_db", "says"),
    [(_make_damaged_db, "damaged"), (_make_foreign_db, "another program")],
    ids=["damaged", "foreign"],
)
def test_a_database_that_cannot_be_used_is_explained_then_the_window_closes(
    qtbot: QtBot,
    tmp_path: Path,
    make_opening: MakeOpening,
    monkeypatch: pytest.MonkeyPatch,
    make_db: Callable[[Path], None],
    says: str,
) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_db(path)
    before = path.read_bytes()
    shown: list[tuple[MainWindow, str, QMessageBox]] = []
    real_factory = dialogs.cannot_open

    def recording(window: MainWindow, message: str) -> QMessageBox:
        box = real_factory(window, message)
        shown.append((window, message, box))
        return box

    monkeypatch.setattr(dialogs, "cannot_open", recording)
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)

    _open(qtbot, opening)
    qtbot.waitUntil(lambda: bool(shown))
    error = opening.error
    assert isinstance(error, UserError)
    assert len(shown) == 1
    notice_parent, message, box = shown[0]
    assert notice_parent is window
    assert message == error.message and says in message
    assert box.isVisible() and window.isVisible()  # open(), not exec(): nothing blocks
    with pytest.raises(AlreadyExplained):  # an action that needs it is abandoned quietly
        _ = window.library
    page = window.library_page
    assert page.stack.currentWidget() is page.opening_panel
    assert (
        page.opening_panel.label.text() == "Your workshops could not be opened."
    )  # not "Opening…"

    box.button(QMessageBox.StandardButton.Close).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not box.isVisible()
    opening.wait()
    assert path.read_bytes() == before


def test_run_gui_returns_the_cannot_open_status_for_a_foreign_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_app.ui import app as app_module

    path = tmp_path / "places.sqlite"
    _make_foreign_db(path)
    before = path.read_bytes()
    messages: list[str] = []
    real_factory = dialogs.cannot_open

    def finishing(window: MainWindow, message: str) -> QMessageBox:
        messages.append(message)
        box = real_factory(window, message)
        QTimer.singleShot(0, box, box.accept)  # as if the facilitator read it and closed it
        return box

    def windows_shown() -> list[MainWindow]:
        return [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]

    def fake_exec(_self: QApplication) -> int:
        assert windows_shown()  # the window shows before the database is open
        qtbot.waitUntil(lambda: bool(messages) and not windows_shown(), timeout=OPEN_TIMEOUT_MS)
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow):
                window.deleteLater()  # the process would end here: the window must not outlive it
        return 0

    monkeypatch.setattr(dialogs, "cannot_open", finishing)
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    with app_wide_state_kept():
        status = app_module.run_gui(path)
    assert status == app_module.EXIT_CANNOT_OPEN == 1
    assert len(messages) == 1 and "another program" in messages[0]
    assert path.read_bytes() == before


# -- stages built on first visit ---------------------------------------------------------------
@pytest.mark.parametrize("key", STAGE_KEYS)
def test_a_stage_built_on_first_visit_keeps_the_focus_in_the_window(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, key: str
) -> None:
    window = make_window(qtbot, library, tmp_path)
    assert window.pages.count() == 1  # only the library: no stage is built yet
    window.settings.setValue(f"workshops/{demo_id}/stage", key)
    others_before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

    window.open_workshop(demo_id)  # goes straight to `key`, building that stage now
    QApplication.processEvents()  # deliver any activation a flashing window would cause

    stage = window.current_stage()
    assert stage is not None and stage.key == key
    assert window.pages.count() == 2
    assert stage.window() is window
    assert QApplication.activeWindow() is window
    focus = QApplication.focusWidget()
    assert focus is not None and focus.window() is window
    if stage.focus_widget is not None:
        assert focus is stage.focus_widget, (key, focus)
    else:
        assert stage.isAncestorOf(focus), (key, focus)
    appeared = [
        type(w).__name__
        for w in QApplication.topLevelWidgets()
        if w.isVisible() and id(w) not in others_before
    ]
    assert appeared == []


def test_the_worker_pauses_garbage_collection_and_sets_aside_what_it_loaded(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    """A full collection while the worker imports would hold the interpreter, and the window,
    for tens of milliseconds: collection waits, and the loaded modules are frozen after."""
    import gc

    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=1)
    opening = make_opening(path)
    _window(qtbot, opening, tmp_path)
    during: list[bool] = []
    # Direct: runs on the worker as it reports the database open, in the middle of its work.
    opening.finished.connect(
        lambda: during.append(gc.isenabled()), Qt.ConnectionType.DirectConnection
    )
    frozen_before = gc.get_freeze_count()
    with qtbot.waitSignal(opening.settled, timeout=OPEN_TIMEOUT_MS):
        opening.start()
    opening.wait()
    assert during == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before


def test_the_start_collects_no_garbage_until_the_library_has_opened(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the start loads lives as long as the app: collecting while it loads only walks it
    again and again. The collector is paused from the start until the library has opened,
    what was loaded is then frozen, and collection resumes."""
    import gc

    from workshop_app.ui import app as app_module

    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=1)
    seen: dict[str, bool] = {}
    frozen_before = gc.get_freeze_count()

    def loop(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["window shown"] = gc.isenabled()
        qtbot.waitUntil(window.opening.is_finished, timeout=OPEN_TIMEOUT_MS)
        window.opening.wait()  # the worker has frozen what it loaded and resumed collecting
        seen["library open"] = gc.isenabled()
        window.close()
        window.deleteLater()  # the process would end here: the window must not outlive it
        return 0

    monkeypatch.setattr(app_module, "run_event_loop", loop)
    assert gc.isenabled()
    with app_wide_state_kept():
        assert app_module.run_gui(path) == 0
    assert seen == {"window shown": False, "library open": True}
    assert gc.isenabled() and gc.get_freeze_count() > frozen_before


def test_the_termination_handler_is_installed_once_the_window_has_painted(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the first paint nothing has been typed that closing would save; after it, a
    SIGTERM closes the window as its close button does (tests/ui/test_termination.py)."""
    import signal

    from workshop_app.ui import app as app_module

    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=1)
    before = signal.getsignal(signal.SIGTERM)
    seen: dict[str, bool] = {}

    def loop(_app: QApplication) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        seen["before the paint"] = signal.getsignal(signal.SIGTERM) is not before
        qtbot.waitUntil(lambda: signal.getsignal(signal.SIGTERM) is not before, timeout=2000)
        seen["painted"] = not window.visibleRegion().isEmpty()
        window.opening.stop()
        window.opening.wait()
        window.close()
        window.deleteLater()  # the process would end here: the window must not outlive it
        return 0

    monkeypatch.setattr(app_module, "run_event_loop", loop)
    with app_wide_state_kept():
        assert app_module.run_gui(path) == 0
    assert seen == {"before the paint": False, "painted": True}


def test_searching_before_the_database_is_open_reads_the_file_and_waits_for_nothing(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening
) -> None:
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=2)
    library = Library(path)
    other = library.create_workshop("Budget review")
    library.close()
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)
    page = window.library_page
    qtbot.keyClicks(page.search, "budget")
    assert _ids_shown(page) == [other]
    assert not opening.is_finished()  # never started: the search did not wait for it


@pytest.mark.qt_no_exception_capture
def test_an_action_waiting_for_a_database_that_fails_is_abandoned_without_a_second_message(
    qtbot: QtBot, tmp_path: Path, make_opening: MakeOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on the list while the database opens waits for it; when the opening fails, the
    window's message says why, and the abandoned action adds no "unexpected problem" notice."""
    path = tmp_path / "workshops.sqlite3"
    make_populated_db(path, copies=1)
    opening = make_opening(path)
    window = _window(qtbot, opening, tmp_path)
    reported: list[str] = []
    messages: list[str] = []

    def finishing(parent: MainWindow, message: str) -> QMessageBox:
        messages.append(message)
        box = QMessageBox(parent)
        QTimer.singleShot(0, box.accept)
        return box

    monkeypatch.setattr(dialogs, "cannot_open", finishing)
    hook = ExceptionHook(lambda summary, _details: reported.append(summary))
    hook.install()
    try:
        # The opening fails as a foreign or damaged file would, after the list was shown.
        def refuse(_self: Library, _path: object, **_options: object) -> None:
            raise UserError("That file cannot be used.")

        monkeypatch.setattr(Library, "__init__", refuse)
        opening.start()
        page = window.library_page
        page.table.setFocus()
        qtbot.keyClick(page.table, Qt.Key.Key_Return)  # waits for the opening, then gives up
        qtbot.waitUntil(lambda: bool(messages) and not window.isVisible())
    finally:
        hook.uninstall()
    assert messages == ["That file cannot be used."]
    assert reported == []
