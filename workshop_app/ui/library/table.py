"""A calm, read-only, sortable table for the library's row models."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView

from workshop_app.ui.library.models import RowTableModel
from workshop_app.ui.widgets.common import on_key
from workshop_app.ui.widgets.header_fit import keep_titles_whole

if TYPE_CHECKING:
    from PySide6.QtCore import QSortFilterProxyModel

#: The object name of these tables: whole rows are selected, so the style sheet leaves out the
#: dotted box around the current cell, which would only add noise (theme.py; drawn in Qt, no
#: delegate in Python to call for every cell painted).
ROW_TABLE = "rowTable"


def make_row_table(
    model: RowTableModel,
    accessible_name: str,
    sort_column: int = -1,
    order: Qt.SortOrder = Qt.SortOrder.DescendingOrder,
    proxy: QSortFilterProxyModel | None = None,
) -> QTableView:
    """Single-line rows (long text elides; the tooltip has it all), whole-row selection.

    Sorted by `sort_column` at first; -1 keeps the model's own order until a header is clicked.
    A `proxy` filters the rows shown; the model sorts them either way (`RowTableModel.sort`).
    """
    view = QTableView()
    if proxy is None:
        view.setModel(model)
    else:
        proxy.setSourceModel(model)
        view.setModel(proxy)
    view.setObjectName(ROW_TABLE)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in every form
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    rows = view.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(max(40, view.fontMetrics().height() + 20))
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSortIndicatorShown(True)
    header.setSectionsClickable(True)
    header.setMinimumSectionSize(64)
    for index, column in enumerate(model.columns):
        if column.width:
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(index, column.width)
        else:
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
    header.setSortIndicator(sort_column, order)
    view.setSortingEnabled(True)
    keep_titles_whole(view)
    return view


def on_open(table: QTableView, handler: Callable[[], None]) -> None:
    """Open the selected row with Enter or a double-click (once: not also on "activated")."""
    table.doubleClicked.connect(lambda _index: handler())
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        on_key(table, QKeySequence(key), handler)


def step_selection(table: QTableView, step: int) -> None:
    """Select the row `step` rows away from the selected one (from a search box: Up/Down)."""
    count = table.model().rowCount()
    if not count:
        return
    rows = table.selectionModel().selectedRows()
    current = rows[0].row() if rows else -1
    target = max(0, min(count - 1, current + step))
    table.selectRow(target)
    table.scrollTo(table.model().index(target, 0))


#: How long typing must pause before a team library is searched.
SERVER_PAUSE_MS = 250


class SearchAsTyped(QObject):
    """Runs `search` as the box's text changes: at once in a library file, whose index answers
    within a frame, but once typing pauses where `on_server()` says each search is a query to a
    team library's server, which takes a round trip and, in a large library, a good part of a
    second: typing a word then asks once instead of once per letter, and never stutters."""

    def __init__(self, box: QLineEdit, search: Callable[[], None], on_server: Callable[[], bool]):
        super().__init__(box)
        self._search, self._on_server = search, on_server
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SERVER_PAUSE_MS)
        self._pause.timeout.connect(search)
        box.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if self._on_server():
            self._pause.start()
        else:
            self._pause.stop()
            self._search()

    def catch_up(self) -> None:
        """Search now what was typed during a pause (before a key acts on the rows)."""
        if self._pause.isActive():
            self._pause.stop()
            self._search()


class SearchKeys(QObject):
    """In a search box above a table: Up/Down move through the rows, Enter opens the selected
    one, Esc clears the search. Typing stays in the box the whole time."""

    def __init__(
        self,
        search: QLineEdit,
        table: QTableView,
        open_selected: Callable[[], None],
        typed: SearchAsTyped | None = None,
    ):
        super().__init__(search)
        self.search, self.table, self.open_selected = search, table, open_selected
        self.typed = typed
        search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.search or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        moves = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if key in moves and self.typed is not None:
            self.typed.catch_up()  # the rows the key acts on are those of the text typed
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step_selection(self.table, -1 if key == Qt.Key.Key_Up else 1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_selected()
            return True
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        return False
