"""The workshops library: find, filter, open, create, duplicate, delete (undoably), follow up."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.helpers import make_window, press
from workshop_app.core import model as m
from workshop_app.storage.operations import Library
from workshop_app.ui.library.page import LibraryPage, in_date_range
from workshop_app.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def _page(window: MainWindow) -> LibraryPage:
    """The library on screen, with the keyboard focus where arriving puts it."""
    window.activateWindow()
    QApplication.processEvents()
    window.show_library()
    return window.library_page


def _activate(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _shown_titles(page: LibraryPage) -> list[str]:
    return [
        page.table.model().index(row, 0).data(Qt.ItemDataRole.DisplayRole)
        for row in range(page.table.model().rowCount())
    ]


def _add(library: Library, title: str, division: str = "", date: str = "", **kw: object) -> str:
    workshop = m.Workshop(title=title, division=division, date=date, **kw)  # type: ignore[arg-type]
    return library.add_workshop(workshop)


def test_search_finds_titles_divisions_and_request_text(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    _add(library, "Finance planning", "Finance")
    window = make_window(qtbot, library, tmp_path)
    _activate(qtbot, window)
    page = _page(window)
    assert sorted(_shown_titles(page)) == ["Finance planning", "Q3 alignment with Sales and People"]
    assert QApplication.focusWidget() is page.search
    qtbot.keyClicks(page.search, "chatbot")  # only in a request of the demo
    assert _shown_titles(page) == ["Q3 alignment with Sales and People"]
    page.search.clear()
    qtbot.keyClicks(page.search, "finance")
    assert _shown_titles(page) == ["Finance planning"]
    qtbot.keyClicks(page.search, "zzz")
    assert _shown_titles(page) == []
    assert page.stack.currentIndex() == 2  # "no workshop matches", with a way out
    qtbot.mouseClick(page.no_match.clear_button, Qt.MouseButton.LeftButton)
    assert len(_shown_titles(page)) == 2


def test_a_search_asks_the_index_once_and_does_not_read_the_list_again(
    qtbot, library: Library, demo_id: str, tmp_path, monkeypatch
) -> None:
    _add(library, "Finance planning", "Finance")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    reads: list[str] = []
    peek, peek_matching = page.opening.peek, page.opening.peek_matching
    monkeypatch.setattr(
        page.opening, "peek", lambda first=None: reads.append("list") or peek(first)
    )
    monkeypatch.setattr(
        page.opening, "peek_matching", lambda text: reads.append(text) or peek_matching(text)
    )
    page.search.setText("planning")  # as a paste: one change
    assert _shown_titles(page) == ["Finance planning"]
    assert reads == ["planning"]
    page.search.clear()
    assert len(_shown_titles(page)) == 2 and reads == ["planning"]
    window.show_library()  # arriving again reads the library afresh
    assert reads == ["planning", "list"]


def test_filters_by_status_division_and_date_range(qtbot, library: Library, tmp_path) -> None:
    _add(library, "Sales spring", "Sales", "2026-03-10")
    _add(library, "Sales autumn", "Sales", "2026-10-01")
    _add(library, "Finance", "Finance", "2025-12-01", status=m.Status.SIGNED_OFF)
    _add(library, "Undated", "Ops")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    page.division_filter.setCurrentIndex(page.division_filter.findData("Sales"))
    assert sorted(_shown_titles(page)) == ["Sales autumn", "Sales spring"]
    qtbot.keyClicks(page.date_from, "2026-06")
    assert _shown_titles(page) == ["Sales autumn"]
    page.division_filter.setCurrentIndex(0)
    page.date_from.clear()
    qtbot.keyClicks(page.date_to, "2025")
    assert _shown_titles(page) == ["Finance"]
    page.date_to.clear()
    page.status_filter.setCurrentIndex(page.status_filter.findData("signed_off"))
    assert _shown_titles(page) == ["Finance"]
    page.status_filter.setCurrentIndex(page.status_filter.findData("draft"))
    assert sorted(_shown_titles(page)) == ["Sales autumn", "Sales spring", "Undated"]


def test_date_range_accepts_years_months_and_days() -> None:
    assert in_date_range("2026-09-15", "2026", None)
    assert in_date_range("2026-09-15", "2026-09", "2026-09")
    assert not in_date_range("2026-09-15", "2026-09-16", None)
    assert in_date_range("2026-09-15", None, "2026-09-15")
    assert not in_date_range("", "2026", None)
    assert in_date_range("", None, None)


def test_enter_in_search_opens_the_selected_workshop_and_arrows_choose_it(
    qtbot, library: Library, tmp_path
) -> None:
    _add(library, "Alpha")
    _add(library, "Beta")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    _first, second = _shown_titles(page)
    press(qtbot, window, Qt.Key.Key_Down)
    assert page.selected_line() is not None
    assert page.selected_line().summary.title == second
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.session is not None and window.session.workshop.title == second
    assert window.current_stage().key == "setup"


def test_double_click_opens_a_workshop_once(qtbot, library: Library, tmp_path) -> None:
    workshop_id = _add(library, "Alpha")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    opened: list[str] = []
    page.open_requested.connect(opened.append)
    rect = page.table.visualRect(page.table.model().index(0, 0))
    # A real double-click: press, release, then the double-click event.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [workshop_id]
    assert window.session is not None and window.session.workshop_id == workshop_id


def test_new_blank_workshop_opens_setup_with_the_title_ready_to_type_over(
    qtbot, library: Library, tmp_path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    _activate(qtbot, window)
    page = _page(window)
    assert page.stack.currentIndex() == 1  # first run: teaches, offers templates
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    (summary,) = library.workshops()
    assert summary.title == "Untitled workshop"
    setup = window.current_stage()
    assert setup.key == "setup"
    assert QApplication.focusWidget() is setup.title_edit
    assert setup.title_edit.selectedText() == "Untitled workshop"
    qtbot.keyClicks(setup.title_edit, "Q4 alignment")
    qtbot.keyClick(setup.title_edit, Qt.Key.Key_Return)
    assert library.workshop(summary.id).title == "Q4 alignment"


def test_ctrl_n_creates_a_blank_workshop(qtbot, library: Library, tmp_path) -> None:
    window = make_window(qtbot, library, tmp_path)
    press(qtbot, window, Qt.Key.Key_N, CTRL)
    assert len(library.workshops()) == 1
    assert window.session is not None


def test_a_template_makes_a_workshop_with_goals_and_agenda(
    qtbot, library: Library, tmp_path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    titles = [action.text() for action in page.template_actions]
    assert titles == [
        "Quarterly division alignment",
        "Project intake triage",
        "IT turnaround check-in",
    ]
    page.template_actions[2].trigger()  # the menu itself is never popped up in tests
    (summary,) = library.workshops()
    workshop = library.workshop(summary.id)
    assert workshop.title == "IT turnaround check-in"
    assert workshop.it_phase is m.Phase.RUN
    assert {g.level for g in workshop.goals} == {m.GoalLevel.COMPANY, m.GoalLevel.DIVISION}
    assert workshop.agenda and not workshop.requests
    assert window.session is not None and window.session.workshop_id == summary.id
    # The first-run cards make one too.
    window.show_library()
    qtbot.mouseClick(page.first_run.buttons[0], Qt.MouseButton.LeftButton)
    assert len(library.workshops()) == 2


def test_deleting_a_workshop_is_undone_from_the_bar_and_with_ctrl_z(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    other = _add(library, "Other")
    before = library.workshop(demo_id)
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    page.select(demo_id)
    page.table.setFocus()
    press(qtbot, window, Qt.Key.Key_Delete)  # no "are you sure?": it can be undone
    assert [s.id for s in library.workshops()] == [other]
    assert page.undo_bar.isVisible()
    assert "Q3 alignment with Sales and People" in page.undo_bar.label.text()
    qtbot.mouseClick(page.undo_bar.button, Qt.MouseButton.LeftButton)
    assert library.workshop(demo_id) == before  # everything back, same ids
    assert not page.undo_bar.isVisible()
    assert page.selected_id() == demo_id
    # Redo deletes again; Ctrl+Z (the Edit menu) undoes it while the library shows.
    window.actions_by_id["edit.redo"].trigger()
    assert demo_id not in {s.id for s in library.workshops()}
    page.table.setFocus()  # (in a text box, Ctrl+Z undoes the typing there, as everywhere)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.workshop(demo_id) == before


def test_deleting_the_open_workshop_closes_it_and_undo_reopens_cleanly(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    qtbot.keyClicks(stage.capture, "Edit in the workshop")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    page = _page(window)
    page.select(demo_id)
    page.delete_selected()
    assert window.session is None
    assert demo_id not in window.sessions
    assert not window.navigator.isEnabled()
    page.undo_stack.undo()
    window.open_workshop(demo_id)
    assert window.session is not None
    texts = [r.text for r in window.session.workshop.requests]
    assert "Edit in the workshop" in texts
    # The workshop's own history starts afresh: Ctrl+Z does not reach the deleted session.
    assert not window.session.undo_stack.canUndo()


def test_undo_in_a_workshop_is_not_the_library_undo(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    _add(library, "Other")
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("requests")
    stage = window.current_stage()
    qtbot.keyClicks(stage.capture, "A request")
    qtbot.keyClick(stage.capture, Qt.Key.Key_Return)
    page = _page(window)
    page.select(library.workshops()[-1].id)
    page.duplicate_selected()
    assert len(library.workshops()) == 3
    window.actions_by_id["edit.undo"].trigger()  # on the library: undoes the duplicate
    assert len(library.workshops()) == 2
    assert "A request" in [r.text for r in library.workshop(demo_id).requests]
    window.go_to_stage("requests")  # back in the workshop: undoes the request
    window.actions_by_id["edit.undo"].trigger()
    assert "A request" not in [r.text for r in library.workshop(demo_id).requests]
    assert len(library.workshops()) == 2


def test_duplicate_is_undoable_and_redo_brings_back_the_same_copy(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    page.select(demo_id)
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    copies = [s for s in library.workshops() if s.id != demo_id]
    assert [c.title for c in copies] == ["Q3 alignment with Sales and People (copy)"]
    copy_id = copies[0].id
    assert page.selected_id() == copy_id
    page.undo_stack.undo()
    assert [s.id for s in library.workshops()] == [demo_id]
    page.undo_stack.redo()
    assert {s.id for s in library.workshops()} == {demo_id, copy_id}


def test_follow_up_carries_commitments_and_open_requests_and_opens(
    qtbot, library: Library, demo_id: str, tmp_path
) -> None:
    earlier = library.workshop(demo_id)
    open_texts = {
        r.text
        for r in earlier.requests
        if earlier.decision_for(r.id).kind in (*m.COMMITMENTS, *m.CARRIED_OVER)
    }
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    page.select(demo_id)
    assert "carry over" in page.selection_note.text()
    qtbot.mouseClick(page.follow_up_button, Qt.MouseButton.LeftButton)
    assert window.session is not None
    follow = library.workshop(window.session.workshop_id)
    assert follow.title == f"Follow-up: {earlier.title}"
    assert {r.text for r in follow.requests} == open_texts
    assert all(follow.needs_for(r.id) for r in follow.requests)


def test_recently_opened_workshops_are_one_click_away(qtbot, library: Library, tmp_path) -> None:
    alpha = _add(library, "Alpha")
    beta = _add(library, "Beta <b>bold</b>")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    assert page.recent.buttons == []
    window.open_workshop(alpha)
    page.select(beta)
    page.open_selected()
    page = _page(window)
    assert [b.text() for b in page.recent.buttons] == ["Beta <b>bold</b>", "Alpha"]
    qtbot.mouseClick(page.recent.buttons[1], Qt.MouseButton.LeftButton)
    assert window.session is not None and window.session.workshop_id == alpha
    stored = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert stored.value("recentWorkshops")[:2] == [alpha, beta]


def test_revisions_are_shown(qtbot, library: Library, tmp_path) -> None:
    first = m.Workshop(title="Sales", status=m.Status.SIGNED_OFF)
    library.add_workshop(first)
    second = m.Workshop(title="Sales", lineage_id=first.lineage_id, revision=2)
    library.add_workshop(second)
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    revisions = sorted(
        page.table.model().index(row, 4).data(Qt.ItemDataRole.DisplayRole)
        for row in range(page.table.model().rowCount())
    )
    assert revisions == ["1 · earlier", "2 · latest"]


def test_hostile_titles_are_shown_as_text_on_one_line(qtbot, library: Library, tmp_path) -> None:
    title = "<b>R&D</b>\n🚀 مرحبا 中文 " + "x" * 10_000
    _add(library, title[:500], "División\u202e")
    window = make_window(qtbot, library, tmp_path)
    page = _page(window)
    shown = page.table.model().index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert "\n" not in shown and shown.startswith("<b>R&D</b> 🚀") and len(shown) <= 240
    tip = page.table.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;R&amp;D" in tip
    window.resize(1366, 768)
    assert page.table.horizontalHeader().length() <= page.table.viewport().width() + 2


def test_tab_walks_the_library_in_reading_order(qtbot, library: Library, tmp_path) -> None:
    alpha = _add(library, "Alpha")
    window = make_window(qtbot, library, tmp_path)
    _activate(qtbot, window)
    window.open_workshop(alpha)
    page = _page(window)
    assert len(page.recent.buttons) == 1
    order = [page.search, page.status_filter, page.division_filter, page.date_from]
    order += [page.date_to, page.recent.buttons[0], page.table, page.open_button]
    assert QApplication.focusWidget() is order[0]
    for expected in order[1:]:
        press(qtbot, window, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_a_header_click_sorts_numbers_as_numbers_and_keeps_the_selection(
    qtbot, library: Library, tmp_path
) -> None:
    for title, count in (("Nine", 9), ("Ten", 10), ("Two", 2)):
        workshop_id = _add(library, title)
        for number in range(count):
            library.add_item(workshop_id, "request", {"text": f"Request {number}"})
    window = make_window(qtbot, library, tmp_path)
    _activate(qtbot, window)
    page = _page(window)
    page.table.selectRow(_shown_titles(page).index("Ten"))
    header = page.table.horizontalHeader()
    requests = [c.header for c in page.model.columns].index("Requests")
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(requests) + 5, 5),
    )
    titles = _shown_titles(page)
    assert titles in (["Two", "Nine", "Ten"], ["Ten", "Nine", "Two"])  # 10 after 9, not "10" < "9"
    assert page.selected_id() is not None
    selected = page.table.model().index(page.table.selectionModel().selectedRows()[0].row(), 0)
    assert selected.data(Qt.ItemDataRole.DisplayRole) == "Ten"
    page.table.sortByColumn(requests, Qt.SortOrder.AscendingOrder)
    assert _shown_titles(page) == ["Two", "Nine", "Ten"]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _shown_titles(page) == ["Two", "Ten", "Nine"]
