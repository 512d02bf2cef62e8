"""On a 1366×768 projector, a short table shows all its rows and the stage fits the screen.

Regression: at 1366×768 the Goals stage squeezed the three company goals into a table lower than
its rows, with a scroll bar of its own inside a page that scrolled too, and cut the division goals
off at the bottom; Setup scrolled and showed the people and the agenda as a header and one row.
A table with a few rows is never squeezed below them: the stage is arranged to fit, and where it
cannot, the page scrolls instead. A long table may scroll inside itself, never shown shorter than
a few rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QScrollArea, QTableView, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.screenshots import theme_restored
from workshop_app.ui.stages.decide.page import ACTIONS_TAB, DecideStage
from workshop_app.ui.stages.goals.page import GoalsStage
from workshop_app.ui.stages.setup.page import SetupStage
from workshop_app.ui.theme import apply_theme
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, ItemTableView, make_table

SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def light_theme() -> Iterator[None]:
    """The app's own theme, as the facilitator sees it (its font is larger than Qt's own)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    with theme_restored(app):
        apply_theme(app, "light", 1.0)
        yield


def _settled() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _open(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
    workshop_id: str,
    stage: str,
    size: tuple[int, int] = SIZE,
) -> MainWindow:
    window = make_window(qtbot, library, tmp_path)
    window.resize(*size)
    window.open_workshop(workshop_id)
    window.go_to_stage(stage)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    _settled()
    return window


def _rows_height(table: QTableView) -> int:
    return sum(table.rowHeight(row) for row in range(table.model().rowCount()))


def _assert_shows_every_row(table: QTableView) -> None:
    assert table.model().rowCount() > 0
    assert table.viewport().height() >= _rows_height(table), table.accessibleName()
    assert not table.verticalScrollBar().isVisible(), table.accessibleName()


def _stage_scroll(window: MainWindow) -> QScrollArea:
    stage = window.current_stage()
    assert stage is not None
    scroll = stage.findChild(QScrollArea, "stageScroll")
    assert scroll is not None
    return scroll


def _in_view(widget: QWidget, scroll: QScrollArea) -> bool:
    """The widget lies wholly inside what the scroll area shows."""
    viewport = scroll.viewport()
    rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    return viewport.rect().contains(rect)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_goals_stage_fits_whole_on_a_projector(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path, theme: str
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme, 1.0)
    window = _open(qtbot, library, tmp_path, demo_id, "goals")
    stage = window.current_stage()
    assert isinstance(stage, GoalsStage)
    scroll = _stage_scroll(window)
    assert not scroll.verticalScrollBar().isVisible()
    for group in stage.groups.values():
        _assert_shows_every_row(group.table)
        assert _in_view(group.table, scroll), group.table.accessibleName()
    card = stage.title_edit.parentWidget().parentWidget()
    assert _in_view(card, scroll)


def test_the_setup_stage_shows_every_person_and_agenda_item(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = _open(qtbot, library, tmp_path, demo_id, "setup")
    stage = window.current_stage()
    assert isinstance(stage, SetupStage)
    scroll = _stage_scroll(window)
    tables = [stage.people_table, stage.agenda_table]
    assert scroll.verticalScrollBar().value() == 0
    for table in tables:
        _assert_shows_every_row(table)
        # On the first screen, under the title and the division: where IT stands comes after.
        assert _in_view(table, scroll), table.accessibleName()
    assert _in_view(stage.title_edit, scroll) and _in_view(stage.division_edit, scroll)
    # What does not fit is a scroll away, whole: the page scrolls, not the tables.
    scroll.ensureWidgetVisible(stage.standing.evidence_box)
    _settled()
    assert _in_view(stage.standing.evidence_box, scroll)
    for table in tables:
        _assert_shows_every_row(table)


def test_many_goals_scroll_inside_their_table_never_lower_than_a_few_rows(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    for number in range(30):
        library.add_item(demo_id, "goal", {"title": f"Goal {number}", "level": "company"})
    window = _open(qtbot, library, tmp_path, demo_id, "goals")
    stage = window.current_stage()
    assert isinstance(stage, GoalsStage)
    table = stage.groups[m.GoalLevel.COMPANY].table
    assert table.verticalScrollBar().isVisible()
    assert table.viewport().height() >= 5 * table.rowHeight(0)
    division = stage.groups[m.GoalLevel.DIVISION].table
    _assert_shows_every_row(division)


def test_a_table_asks_for_its_rows_up_to_a_few_and_follows_them(qtbot: QtBot) -> None:
    """Its least height is its rows' (the first five of many), and the layout around it hears of
    every change: rows added or removed, a row that wraps onto more lines."""
    model = ItemTableModel(Kind.REQUEST, [Column("Request", "text", stretch=True)])
    view = make_table(model, "Requests")
    assert isinstance(view, ItemTableView)
    holder = QWidget()
    QVBoxLayout(holder).addWidget(view)
    qtbot.addWidget(holder)
    holder.resize(400, 700)
    holder.show()

    def least() -> int:  # what the holder's layout asks for it, as a page's layout would
        margins = holder.layout().contentsMargins()
        return holder.minimumSizeHint().height() - margins.top() - margins.bottom()

    header = view.horizontalHeader().height()
    empty = least()
    assert empty >= header + view.verticalHeader().defaultSectionSize()  # room for a first row
    items = [m.Request(f"Request {i}") for i in range(3)]
    model.set_items(items)
    _settled()
    assert least() == header + _rows_height(view) + 2 * view.frameWidth()
    one_line = view.rowHeight(1)
    items[1].text = "A CRM that talks to quoting, billing and the partner portal " * 4
    model.set_items(items)
    _settled()
    assert view.rowHeight(1) > one_line
    assert least() == header + _rows_height(view) + 2 * view.frameWidth()
    model.set_items([m.Request(f"Request {i}") for i in range(300)])
    _settled()
    assert least() == header + 5 * view.rowHeight(0) + 2 * view.frameWidth()
    assert view.verticalScrollBar().isVisible()  # and many rows scroll inside the table
    model.set_items([])
    _settled()
    assert least() == empty


@pytest.mark.parametrize("scale", [1.0, 1.5])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)])
def test_no_short_table_is_squeezed_on_any_stage(
    qtbot: QtBot,
    library: Library,
    demo_id: str,
    tmp_path: Path,
    size: tuple[int, int],
    scale: float,
) -> None:
    """Every item table of the demo workshop shows all its rows, or at least five of them, on a
    projector and on the smallest window, with the usual text and with larger text."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, "light", scale)
    window = _open(qtbot, library, tmp_path, demo_id, "setup", size)
    squeezed = []
    for stage in window.stages:
        window.go_to_stage(stage.key)
        if isinstance(stage, DecideStage):
            stage.tabs.setCurrentIndex(ACTIONS_TAB)
        _settled()
        for table in stage.findChildren(ItemTableView):
            if not table.isVisibleTo(window) or not table.model().rowCount():
                continue
            rows = table.model().rowCount()
            shown = table.viewport().height()
            if shown < _rows_height(table) and shown < 5 * table.rowHeight(0):
                squeezed.append((stage.key, table.accessibleName(), shown, rows))
    assert squeezed == []
