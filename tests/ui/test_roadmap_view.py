"""The roadmap in the library window: next steps and due dates across divisions by quarter,
driven with the keyboard."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.ui.layout_checks import layout_problems
from workshop_app.core import model as m
from workshop_app.core.roadmap import roadmap
from workshop_app.storage.operations import Library
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.theme import apply_theme

LONG = "Ünterstützungsprozessverbesserungsmaßnahmenkatalogüberarbeitung" * 2


def _finance(library: Library) -> str:
    ws = m.Workshop(title="Finance planning", division="Finance · 财务", date="2026-06-01")
    for text, kind, due, step in [
        ("Invoices paid within 30 days", m.DecisionKind.PROCEED, "2020-03-01", "Pick a vendor"),
        ("תחזית מזומנים שבועית", m.DecisionKind.RESHAPE, "2031-11-15", ""),
        ("A <b>chatbot</b> 😀", m.DecisionKind.DECLINE, "2031-01-01", "Never"),
        (LONG, m.DecisionKind.DEFER, "", "Revisit in Q3"),
    ]:
        request = m.Request(text)
        ws.requests.append(request)
        ws.decisions.append(
            m.Decision(request.id, kind, owner="Priya", next_step=step, due_date=due)
        )
    ws.actions.append(m.ActionItem(text="Send the minutes", owner="Lee", due_date="2031-11-20"))
    return library.add_workshop(ws)


def _texts(view, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    tree = view.timeline
    found = []
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        found.append(group.text(0))
        found += [group.child(j).text(column) for j in range(group.childCount())]
    return found


def test_the_roadmap_shows_every_step_by_quarter_and_opens_its_workshop(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    finance = _finance(library)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1366, 768)
        window.show_library()
        page = window.library_page
        tabs = page.tabs.tabBar()
        qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=tabs.tabRect(2).center())
        view = page.roadmap
        assert page.tabs.currentWidget() is page.views.roadmap_tab and view.timeline.hasFocus()
        expected = roadmap([library.workshop(demo_id), library.workshop(finance)])
        assert len(view.entries) == len(expected)
        whats = _texts(view, 1)
        assert "Decline · Never" not in whats  # declined: nothing follows from it
        assert whats.index("Proceed · Pick a vendor") < whats.index(
            "Action item · Send the minutes"
        )
        assert whats[-1] == "Defer · Revisit in Q3"  # the undated last
        groups = [
            view.timeline.topLevelItem(i).text(0) for i in range(view.timeline.topLevelItemCount())
        ]
        assert groups[0].startswith("2020 Q1 · 1 step")
        assert groups[-1].startswith("No date agreed")
        assert any(g.startswith("2031 Q4 · 2 steps") for g in groups)
        assert "2020-03-01 · overdue" in _texts(view, 0)
        assert "overdue" in view.count.text()
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        if folder:
            window.grab().save(str(Path(folder) / "roadmap.png"))

        # The keyboard: down to the next step, up to its quarter, fold it, Enter opens.
        tree = view.timeline
        assert tree.currentItem().text(1) == "Proceed · Pick a vendor"
        assert "Pick a vendor — Priya" in view.detail.text()
        qtbot.keyClick(tree, Qt.Key.Key_Up)
        assert tree.currentItem() is tree.topLevelItem(0)
        qtbot.keyClick(tree, Qt.Key.Key_Left)
        assert not tree.topLevelItem(0).isExpanded()
        qtbot.keyClick(tree, Qt.Key.Key_Right)
        assert tree.topLevelItem(0).isExpanded()
        qtbot.keyClick(tree, Qt.Key.Key_Down)
        with qtbot.waitSignal(page.open_requested) as opened:
            qtbot.keyClick(tree, Qt.Key.Key_Return)
        assert opened.args == [finance]

        # One division only.
        view.division.setCurrentIndex(view.division.findData("Finance · 财务"))
        assert len(view.shown_entries()) == 4
        assert view.count.text().startswith("4 steps across 1 division")


def test_the_roadmap_fits_a_small_screen_with_large_text(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    _finance(library)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "dark", 1.5)
        window = make_window(qtbot, library, tmp_path)
        window.resize(1024, 640)
        window.show_library()
        page = window.library_page
        page.tabs.setCurrentWidget(page.views.roadmap_tab)
        qtbot.waitUntil(lambda: layout_problems(window) == [])
        folder = os.environ.get("WORKSHOP_SCREENSHOTS")
        if folder:
            window.grab().save(str(Path(folder) / "roadmap-small.png"))
            page.roadmap.grab().save(str(Path(folder) / "roadmap-small-view.png"))


def test_an_empty_library_has_an_empty_roadmap_that_teaches(
    qtbot: QtBot, library: Library, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.show_library()
    page = window.library_page
    page.tabs.setCurrentWidget(page.views.roadmap_tab)
    assert page.roadmap.empty.isVisible() and not page.roadmap.timeline.isVisible()
    assert "Nothing on the roadmap yet" in page.roadmap.empty.text()
