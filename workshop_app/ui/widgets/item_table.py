"""A table of workshop items (requests, goals, participants, actions…) edited in place.

`ItemTableModel` is a thin Qt adapter over a plain list of domain items: it reads cells through
column getters and turns edits into session edits (which are undoable and saved at once). When
the workshop changes, `set_items` keeps the model in step with the smallest signals that are
true: dataChanged for the rows that show something new, a row inserted when one item was added,
a reset otherwise (a deletion resets, so no other row becomes selected in its place).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from workshop_app.core.kind import Kind
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.choice import ChoiceBox
from workshop_app.ui.widgets.header_fit import keep_titles_whole
from workshop_app.ui.widgets.measuring import RemembersFontKey, width_changes
from workshop_app.ui.widgets.text import tooltip

_Index = QModelIndex | QPersistentModelIndex


#: The roles `ItemTableModel.data` answers.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.CheckStateRole,
    }
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str = ""  # the editable field; empty for read-only columns
    get: Callable[[Any], Any] | None = None  # display value; default: getattr(item, field)
    enum: type[StrEnum] | None = None  # edited with a drop-down
    kind: Kind | None = None  # the item kind edited; default: the model's kind
    item_id: Callable[[Any], str] | None = None  # which item to edit; default: item.id
    stretch: bool = False
    check: bool = False  # a checkbox column (bool field, or what `put` makes of the tick)
    tooltip: str = ""
    put: Callable[[Any], Any] | None = None  # the value saved for an edit; default: as edited


def _display(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, StrEnum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, bool):
        return "Yes" if value else ""
    return str(value)


class ItemTableModel(QAbstractTableModel):
    def __init__(
        self, kind: Kind, columns: Sequence[Column], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = list(columns)
        self.items: list[Any] = []
        self._shown: list[tuple[Any, ...]] = []  # each row's values as last shown
        self.generation = 0  # counts the changes to the rows, for the view's row heights
        self.session: WorkshopSession | None = None
        self.read_only = False

    # -- keeping in step with the workshop -----------------------------------------------------
    def set_items(self, items: Sequence[Any], *, read_only: bool = False) -> None:
        new = list(items)
        shown = [self._shown_values(item) for item in new]
        self.generation += 1
        old_ids, new_ids = [i.id for i in self.items], [i.id for i in new]
        every_row = read_only != self.read_only  # every row's flags change
        self.read_only = read_only
        if len(new_ids) == len(old_ids) + 1 and old_ids:
            at = _first_difference(old_ids, new_ids)
            if new_ids[:at] + new_ids[at + 1 :] == old_ids:  # one item added (the usual edit)
                self.beginInsertRows(QModelIndex(), at, at)
                self.items = [*self.items[:at], new[at], *self.items[at:]]
                self._shown = [*self._shown[:at], shown[at], *self._shown[at:]]
                self.endInsertRows()
                old_ids = new_ids
        if old_ids == new_ids and new:
            # Only the rows that show something new: with rows sized to their contents, every
            # row reported changed is measured again, and a workshop can hold hundreds.
            previous = self._shown
            self.items, self._shown = new, shown
            rows = [
                r
                for r in range(len(new))
                if every_row or r >= len(previous) or previous[r] != shown[r]
            ]
            for first, last in _spans(rows):
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
            return
        self.beginResetModel()
        self.items, self._shown = new, shown
        self.endResetModel()

    def _shown_values(self, item: Any) -> tuple[Any, ...]:
        return tuple(self._value(item, column) for column in self.columns)

    def row_of(self, item_id: str) -> int:
        return next((row for row, item in enumerate(self.items) if item.id == item_id), -1)

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tooltip or None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def _value(self, item: Any, column: Column) -> Any:
        if column.get is not None:
            return column.get(item)
        return getattr(item, column.field)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None  # the view asks for a dozen roles per cell, each time it measures rows
        item, column = self.items[index.row()], self.columns[index.column()]
        value = self._value(item, column)
        if column.check:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(_display(value), 2000) or None
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.header}: {_display(value) or 'empty'}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.field and not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable if column.check else Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.session is None or self.read_only:
            return False
        item, column = self.items[index.row()], self.columns[index.column()]
        if not column.field:
            return False
        if column.check and role == Qt.ItemDataRole.CheckStateRole:
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        item_id = column.item_id(item) if column.item_id else item.id
        if column.put is not None:
            value = column.put(value)
        self.session.edit(column.kind or self.kind, item_id, column.field, value)
        return True


def _first_difference(shorter: list[str], longer: list[str]) -> int:
    """Where two id lists first differ (the length of the shorter one if nowhere)."""
    return next(
        (r for r, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter)
    )


def _spans(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive rows grouped into (first, last) spans, so each span is one signal."""
    spans: list[tuple[int, int]] = []
    for row in rows:
        if spans and spans[-1][1] == row - 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    return spans


class EnumDelegate(QStyledItemDelegate):
    """Edits an enum cell with a drop-down that opens at once (keyboard: F2 or typing)."""

    def __init__(self, enum: type[StrEnum], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum = enum

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        combo = ChoiceBox(parent)
        combo.addItem("—", None)
        for member in self.enum:
            combo.addItem(getattr(member, "label", member.value), member)
        # A choice made in the open list (click, or Enter) is kept at once: Esc afterwards, to
        # leave the cell, used to throw it away.
        combo.activated.connect(lambda _index: self._keep(combo))
        return combo

    def _keep(self, combo: QComboBox) -> None:
        if combo.property("kept"):
            return  # already committed and closing (a key can activate it twice)
        combo.setProperty("kept", True)
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: _Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class _RowHeader(RemembersFontKey, QHeaderView):
    """The rows' header, hidden: a row is as tall as its cells. Qt still asks it how big each
    row's number would be, for every row each time rows are sized (five questions to the model
    a row, about 7,700 calls when a request is added at 500); every number is as tall as the
    next, so the first answer stands for all until the font changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._size: tuple[str, QSize] | None = None

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:  # noqa: N803 (Qt)
        key = self.font_key()
        if self._size is None or self._size[0] != key:
            self._size = (key, super().sectionSizeFromContents(logicalIndex))
        return QSize(self._size[1])


class ItemTableView(RemembersFontKey, QTableView):
    """Rows sized to their wrapped text, each cell measured once per content and column width.

    Qt measures every cell of every row whenever a row is added or the model changes, several
    times while a table is first shown, and a workshop can hold thousands of requests. A cell's
    height depends only on what it shows, its column's width and the font, and most cells of a
    column show the same few things (nothing, a label), so a row is measured as Qt measures it
    (`QTableView.sizeHintForRow`: the tallest cell the delegates ask for) from cells already
    known; and while a row shows the same and the widths stay as they are, its height is simply
    remembered.

    The rows are sized by `fit_rows`, not by their header in ResizeToContents mode: that asked
    every row's height again on each layout pass (eleven passes over 2,000 requests on the first
    visit of Requests), and the hidden header's model and style about every row each time.
    """

    _LIMIT = 20_000
    #: The fewest rows a table with more of them shows (`least_rows` sets a table's own): below
    #: that it scrolls inside itself.
    LEAST_ROWS = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setVerticalHeader(_RowHeader(self))
        # Sized by `fit_rows`, not by the header: see above.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._cells: dict[tuple[Any, ...], int] = {}
        self._rows: dict[tuple[Any, ...], int] = {}
        self._least_height = 0
        self.least_rows = self.LEAST_ROWS
        #: False for a table whose rows all keep the header's default height (one line each).
        self.rows_fit_contents = True
        # The rows are fitted once what they show, the columns' widths, the font or the style
        # changed: in the view's next layout pass (its columns then have their widths), or
        # when the event loop comes round, whichever is first.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows)
        self._fit_when_shown = False
        self.horizontalHeader().sectionResized.connect(self._rows_changed)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
                signal.connect(self._choose_scroll_bar)
                signal.connect(self._follow_rows)
            for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
                signal.connect(self._rows_changed)
            model.dataChanged.connect(self._rows_changed)
        self._rows_changed()

    def _rows_changed(self, *_args: object) -> None:
        if self.rows_fit_contents:
            self._refit.start()

    def fit_rows(self) -> None:
        """Each row as tall as it asks (`sizeHintForRow`), and no lower than the header's least
        height for a row (as ResizeToContents took it: no row has text in the hidden header, so
        one stands for all). A hidden table (another tab) is fitted when it shows."""
        model = self.model()
        if model is None or not self.rows_fit_contents:
            return
        self._refit.stop()
        if not self.isVisible():
            self._fit_when_shown = True
            return
        # The columns' widths as they will be laid out: a stretched column takes its width from
        # the header's only when the header comes round to it.
        self.horizontalHeader().length()
        self._fit(range(model.rowCount()))

    def showEvent(self, event: QShowEvent) -> None:
        if self._fit_when_shown:
            self._fit_when_shown = False
            self._refit.start()
        super().showEvent(event)

    def _fit_first_rows(self) -> None:
        """The first `least_rows` rows only, as the view is laid out: they make the height it
        asks of its page, which decides whether the page scrolls, and so the columns' widths.
        The other rows are fitted when the event loop comes round (`fit_rows`), once the page
        holds still, so that each is measured once, at the widths it is shown at."""
        model = self.model()
        if model is None or not self.rows_fit_contents:
            return
        self.horizontalHeader().length()
        self._fit(range(min(model.rowCount(), self.least_rows)))

    def _fit(self, rows: range) -> None:
        header = self.verticalHeader()
        least = header.sectionSizeHint(0) if rows else 0
        most = header.maximumSectionSize()
        for row in rows:
            height = min(max(self.sizeHintForRow(row), least), most)
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._refit.isActive():  # never a frame of rows not yet fitted
            self.fit_rows()
        super().paintEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._rows_changed()  # what a cell's text takes may have changed

    def minimumSizeHint(self) -> QSize:
        """Never lower than its rows, up to `least_rows` of them. Squeezed lower (its minimum
        was a fixed 120 or 150 px), a short table on a page that scrolls showed a header, a row
        and a scroll bar of its own: the page scrolls instead, and only a long table scrolls
        inside itself."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(hint.height(), self.least_height()))

    def least_height(self) -> int:
        """The header, the first `least_rows` rows (all of them when fewer) and the frame."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        vertical = self.verticalHeader()
        if rows == 0:  # room for a row to come, so adding the first does not jump the page
            body = vertical.defaultSectionSize()
        elif rows <= self.least_rows:
            body = vertical.length()
        else:
            body = vertical.sectionPosition(self.least_rows)
        header = self.horizontalHeader()
        top = header.sizeHint().height() if not header.isHidden() else 0
        sideways = self.horizontalScrollBar()
        if sideways.isVisible():  # it takes its height from the rows'
            top += sideways.sizeHint().height()
        return top + body + 2 * self.frameWidth()

    def updateGeometries(self) -> None:
        """Qt's pass after rows were measured or resized (once for many rows): the place to see
        whether the height asked of the layout changed."""
        super().updateGeometries()
        if self._refit.isActive():
            self._fit_first_rows()
        self._follow_rows()

    def _follow_rows(self) -> None:
        """Asks the layout again when the rows' height (up to `least_rows`) changes."""
        least = self.least_height()
        if least != self._least_height:
            self._least_height = least
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._choose_scroll_bar()
        super().resizeEvent(event)

    def _choose_scroll_bar(self) -> None:
        """Show the vertical scroll bar from the start when the rows cannot fit, however short
        they turn out: it would show anyway once they are measured, and its coming then narrows
        the columns, so that every row is measured again."""
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        least = rows * self.verticalHeader().minimumSectionSize()
        policy = (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOn
            if least > self.viewport().height()
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)

    def sizeHintForRow(self, row: int) -> int:
        model = self.model()
        if not isinstance(model, ItemTableModel) or not 0 <= row < len(model._shown):
            return super().sizeHintForRow(row)
        if (
            self.state() == QAbstractItemView.State.EditingState
            and row == self.currentIndex().row()
        ):
            return super().sizeHintForRow(row)  # an open editor may be taller than the text
        font = self.font_key()
        # What the row shows, not its number: adding a request (a new generation of rows)
        # leaves the other rows' heights known.
        key = (model._shown[row], width_changes(self), font, self.showGrid())
        height = self._rows.get(key)
        if height is None:
            if len(self._rows) >= self._LIMIT:
                self._rows.clear()
            height = self._rows[key] = self._measure(model, row, font)
        return height

    def _measure(self, model: ItemTableModel, row: int, font: str) -> int:
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        grid = 1 if self.showGrid() else 0
        top, height = self.rowViewportPosition(row), max(self.rowHeight(row), 1)
        hint = 0
        for column in range(len(model.columns)):
            if self.isColumnHidden(column):
                continue
            index = model.index(row, column)
            delegate = self.itemDelegateForIndex(index)
            width = self.columnWidth(column)
            key = (column, model._shown[row][column], width, font, id(delegate))
            cell = self._cells.get(key)
            if cell is None:
                option.rect = QRect(self.columnViewportPosition(column), top, width - grid, height)
                if len(self._cells) >= self._LIMIT:
                    self._cells.clear()
                cell = self._cells[key] = delegate.sizeHint(option, index).height()
            hint = max(hint, cell)
        return hint + grid


def make_table(model: ItemTableModel, accessible_name: str) -> QTableView:
    """A calm, keyboard-friendly table view for an ItemTableModel."""
    view = ItemTableView()
    view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.setTabKeyNavigation(False)  # Tab leaves the table, as in every form
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.setShowGrid(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column_index, column in enumerate(model.columns):
        if column.stretch:
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column_index, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column_index, 160)
        if column.enum is not None:
            view.setItemDelegateForColumn(column_index, EnumDelegate(column.enum, view))
    keep_titles_whole(view)
    return view
