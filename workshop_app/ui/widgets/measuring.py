"""An item delegate that remembers how big each text cell is.

Tables whose rows are sized to their contents (wrapped text) measure every cell of every row
again whenever the model or a column width changes: after each edit, on each resize, several
times while a table is first shown. Laying out text is most of that time, and a large workshop
has thousands of cells, most of them unchanged. The size of a cell depends only on what it shows,
its font, its width and whether it has a check box, so that is the key.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

_Index = QModelIndex | QPersistentModelIndex


class MeasuringDelegate(QStyledItemDelegate):
    _LIMIT = 20_000  # sizes kept; emptied when full (text, fonts and widths come and go)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._sizes: dict[tuple[Any, ...], QSize] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        key = (
            index.column(),
            index.data(Qt.ItemDataRole.DisplayRole),
            index.data(Qt.ItemDataRole.CheckStateRole) is not None,
            option.rect.width(),
            option.font.key(),
            option.features,
        )
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self._LIMIT:
                self._sizes.clear()
            size = self._sizes[key] = super().sizeHint(option, index)
        return QSize(size)


def width_changes(view: QTableView) -> int:
    """How many times a column of the view was resized, to tell a row's known height still
    holds: asking each column's width, for every row Qt measures, costs more than the rest of the
    answer."""
    if "_width_changes" not in view.__dict__:
        view.__dict__["_width_changes"] = 0

        def resized(*_args: object) -> None:
            view.__dict__["_width_changes"] += 1

        view.horizontalHeader().sectionResized.connect(resized)
    return int(view.__dict__["_width_changes"])


_FONT_EVENTS = (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange, QEvent.Type.StyleChange)


class RemembersFontKey:
    """For a view that sizes rows to their contents: its font's key, asked for every row Qt
    measures (several times a row, and `QFont.key` costs about 5 µs: a tenth of a second for a
    2,000-row table), is remembered until the font changes. Put it before the Qt class."""

    def font_key(self) -> str:
        key: str | None = self.__dict__.get("_font_key")
        if key is None:
            assert isinstance(self, QWidget)
            key = self.__dict__["_font_key"] = self.font().key()
        return key

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _FONT_EVENTS:
            self.__dict__.pop("_font_key", None)
        super().changeEvent(event)  # type: ignore[misc]


def font_key(view: QWidget) -> str:
    """The view's font's key (remembered, when the view does: RemembersFontKey)."""
    return view.font_key() if isinstance(view, RemembersFontKey) else view.font().key()
