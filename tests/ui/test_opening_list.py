"""The list the opening worker reads is what the window shows next, unless it may be stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.unit.storage_helpers import make_populated_db
from workshop_app.storage.operations import Library
from workshop_app.ui.library import page as page_module
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.opening import LibraryOpening


def count_list_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A record of the lists read from now on (the search text of each)."""
    reads: list[str] = []
    real = Library.workshops
    monkeypatch.setattr(
        Library, "workshops", lambda self, search="": reads.append(search) or real(self, search)
    )
    return reads


def test_the_window_shows_the_list_the_opening_read(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_populated_db(db_path, copies=2)
    opening = LibraryOpening(db_path)
    with qtbot.waitSignal(opening.settled, timeout=20_000):
        opening.start()
    reads = count_list_reads(monkeypatch)
    listed = opening.peek()
    assert listed is not None and sorted(s.id for s in listed) == sorted(ids)
    assert reads == []  # read by the worker, not again on the main thread
    assert opening.peek() == listed and reads == [""]  # later reloads read afresh
    opening.stop()
    opening.wait()
    opening.library().close()


def test_a_write_after_the_opening_read_the_list_is_not_missed(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_populated_db(db_path)
    opening = LibraryOpening(db_path)
    with qtbot.waitSignal(opening.settled, timeout=20_000):
        opening.start()
    new_id = opening.library().create_workshop("Written before the window reloaded")
    listed = opening.peek()
    assert listed is not None and new_id in {s.id for s in listed}
    opening.stop()
    opening.wait()
    opening.library().close()


def test_the_first_paint_reads_the_first_rows_and_a_search_or_a_sort_reads_all(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_module, "FIRST_ROWS", 2)
    make_populated_db(db_path, copies=3)
    opening = LibraryOpening(db_path)  # not started: the window works from the file meanwhile
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    page = window.library_page
    assert page.table.model().rowCount() == 2  # the rows on screen, the most recently changed
    page.search.setText("alignment")  # in every copy's title
    assert page.table.model().rowCount() == 3
    page.search.clear()
    assert page.table.model().rowCount() == 3


def test_a_sort_before_the_opening_sorts_the_whole_library(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page_module, "FIRST_ROWS", 2)
    make_populated_db(db_path, copies=3)
    opening = LibraryOpening(db_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    page = window.library_page
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert page.table.model().rowCount() == 3


def test_the_lines_of_the_list_are_made_on_the_worker_and_shown_as_made_again(
    qtbot: QtBot, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_populated_db(db_path, copies=3)
    library = Library(db_path)
    library.set_field("workshop", ids[0], "division", "Zoë's division")
    library.close()
    opening = LibraryOpening(db_path)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opening, settings)
    qtbot.addWidget(window)
    page = window.library_page
    made: list[int] = []
    real = page_module.workshop_lines
    monkeypatch.setattr(
        page_module, "workshop_lines", lambda summaries: made.append(1) or real(summaries)
    )
    with qtbot.waitSignal(opening.finished, timeout=20_000):
        opening.start()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.table)
    assert made == [1]  # once, by the worker: the reload took them
    assert page._lines == real(page.summaries)
    divisions = [page.division_filter.itemData(i) for i in range(page.division_filter.count())]
    names = {s.division for s in page.summaries if s.division.strip()}
    assert divisions[1:] == sorted(names, key=str.casefold)
    assert "Zoë's division" in divisions
    page.reload()  # read afresh: made on the main thread
    assert made == [1, 1]
    opening.stop()
    opening.wait()
    opening.library().close()
