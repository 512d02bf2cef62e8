"""The window on a team library (a real PostgreSQL server, tests/postgres.py): it opens and lists
the workshops, File → Backups… and Check database… say that the server keeps its own, and an
unreachable server is one sentence in a message box, never a traceback, with the way back to
the own library."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.postgres import Server
from tests.ui.test_backups_and_files import OPEN_TIMEOUT_MS, _recording, _window_opening
from workshop_app.core.demo import demo_workshop
from workshop_app.storage.operations import Library
from workshop_app.ui.opening import LibraryOpening


@pytest.fixture
def team_opening(pg_server: Server | None) -> Iterator[LibraryOpening]:
    if pg_server is None:
        pytest.skip("PostgreSQL half skipped: no server here (tests/postgres.py)")
    url = pg_server.new_database()
    library = Library(url)
    library.add_workshop(demo_workshop())
    library.close()
    made = LibraryOpening(url)
    yield made
    made.wait()
    if made.is_finished() and made.error is None:
        made.library().close()
    pg_server.drop(url)


def test_the_window_opens_a_team_library_and_says_the_server_keeps_the_backups(
    qtbot: QtBot, tmp_path: Path, team_opening: LibraryOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices = _recording(monkeypatch, "notice")
    window = _window_opening(qtbot, team_opening, tmp_path)
    qtbot.waitUntil(
        lambda: team_opening.is_finished() and len(window.library_page.summaries) == 1,
        timeout=OPEN_TIMEOUT_MS,
    )
    window.show_backups()
    window.check_database()
    assert [box.windowTitle() for box in notices] == ["Backups", "Check database"]
    assert all("pg_dump" in box.text() for box in notices)
    window.grab().save("/tmp/team-library-window.png")
    notices[0].grab().save("/tmp/team-library-backups.png")
    for box in notices:
        box.close()


def test_an_unreachable_team_library_is_one_sentence_and_offers_the_own_library(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opening = LibraryOpening("postgresql://nobody@/team?host=/nonexistent-folder")
    notices = _recording(monkeypatch, "notice")
    window = _window_opening(qtbot, opening, tmp_path)
    qtbot.waitUntil(lambda: bool(notices), timeout=OPEN_TIMEOUT_MS)
    (box,) = notices
    said = box.informativeText() + box.text()
    assert "Nothing answers at /nonexistent-folder" in said and "Traceback" not in said
    assert {"Switch to my own library", "Connect again…"} <= {b.text() for b in box.buttons()}
    box.grab().save("/tmp/team-library-unreachable.png")
    box.close()  # the default: back to the library on this computer, in the same window
    qtbot.waitUntil(lambda: opening.is_finished() and opening.error is None)
    assert isinstance(opening.location, Path) and window.isVisible()
    opening.wait()
    opening.library().close()


def test_searching_a_team_library_asks_the_server_once_typing_pauses(
    qtbot: QtBot, tmp_path: Path, team_opening: LibraryOpening, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window_opening(qtbot, team_opening, tmp_path)
    page = window.library_page
    qtbot.waitUntil(lambda: len(page.summaries) == 1, timeout=OPEN_TIMEOUT_MS)
    library = team_opening.library()
    library.create_workshop("Payroll for Zürich", division="Straße")
    page.reload()
    asked: list[str] = []
    matching_ids = library.matching_ids
    monkeypatch.setattr(
        library, "matching_ids", lambda text: asked.append(text) or matching_ids(text)
    )
    qtbot.keyClicks(page.search, "STRASSE")
    assert asked == [] and page.model.rowCount() == 2  # nothing asked while typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert asked == ["STRASSE"]
    qtbot.keyClicks(page.search, "x")  # a key that acts on the rows searches what was typed
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert asked == ["STRASSE", "STRASSEx"] and page.model.rowCount() == 0
