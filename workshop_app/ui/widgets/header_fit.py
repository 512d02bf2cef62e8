"""Table headers whose titles are never cut, at every text size and window width.

Fixed columns were set in pixels once, for the text size of the day: with larger text ("Ctrl++"
on a projector) their titles were cut ("Decid", "equests"), and on a narrow window they left the
stretching column (the request, the action) a sliver. `keep_titles_whole` sizes each fixed column
to at least its title, gives the stretching columns at least theirs, and shares out what is left
in proportion to the widths the table was designed with. It follows the text size, the style,
the header texts and the width of the table.

When even the titles alone are wider than the table (a small window, larger text), columns whose
model offers a shorter title (`TITLES_ROLE`: ("Revision", "Rev.")) switch to it, the ones
that save the most first, and back again as soon as the whole titles fit. The view tells the model
through `setHeaderData(column, Horizontal, True, SHORTENED_ROLE)`; the model then shows the short
title and puts the whole one in the header's tooltip. If even the short titles do not fit, the
columns the model marks as optional (`OPTIONAL_ROLE`: a detail the row's tooltip or another
screen also gives) step aside, the last first, and come back when there is room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

#: The header's padding on both sides (QHeaderView::section in theme.py) and a little air.
PADDING = 2 * 8 + 4
#: Room for the sort arrow where a header shows one.
SORT_ARROW = 16
#: headerData role: (whole title, short title) of a column that can shorten, else None.
TITLES_ROLE = Qt.ItemDataRole.UserRole + 0x300
#: setHeaderData role: True while the column shows its short title.
SHORTENED_ROLE = Qt.ItemDataRole.UserRole + 0x301
#: headerData role: True for a column that may be hidden when the table is too narrow.
OPTIONAL_ROLE = Qt.ItemDataRole.UserRole + 0x302

_REFIT = (
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.Show,
    QEvent.Type.Resize,
)


def title_width(header: QHeaderView, title: str) -> int:
    """Pixels the title needs in its section, in the header's semi-bold type."""
    return _TitleWidths(header)(title)


class _TitleWidths:
    """Title widths in one header as it is now: one font and its metrics for every title a fit
    measures (a fit measures each several times)."""

    def __init__(self, header: QHeaderView) -> None:
        font = QFont(header.font())
        font.setWeight(QFont.Weight.DemiBold)
        self._metrics = QFontMetrics(font)
        self._extra = PADDING + (SORT_ARROW if header.isSortIndicatorShown() else 0)

    def __call__(self, title: str) -> int:
        if not title:
            return 0
        return max(self._metrics.horizontalAdvance(line) for line in title.split("\n")) + (
            self._extra
        )


class _HeaderFit(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.designed: dict[int, int] = {}  # fixed column → the width it was built with
        self.dropped: set[int] = set()  # optional columns hidden for want of room
        # The header spans the viewport and is resized after it: its width is the room there
        # is. (Asking Python for the viewport itself costs ~15 ms the first time in a process,
        # PySide looking up the type of a widget Qt made: that would delay the first paint.)
        view.horizontalHeader().installEventFilter(self)
        model = view.model()
        model.headerDataChanged.connect(self.fit)
        model.modelReset.connect(self.fit)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _REFIT:
            self.fit()
        return False

    def fit(self) -> None:
        if not self.view.isVisible():
            return  # nothing to see, no final width yet: its Show event fits it
        header = self.view.horizontalHeader()
        width_of = _TitleWidths(header)
        model = self.view.model()
        shown = [
            c
            for c in range(model.columnCount())
            if not header.isSectionHidden(c) or c in self.dropped
        ]
        titles = {c: self._title(c, Qt.ItemDataRole.DisplayRole) for c in shown}
        shortened = self._shortened(titles, width_of)
        shown = [c for c in shown if c not in self.dropped]
        fixed: dict[int, int] = {}  # column → the least it needs
        stretch_need = 0
        for column in shown:
            title = shortened.get(column, titles[column])
            need = width_of(title)
            mode = header.sectionResizeMode(column)
            if mode == QHeaderView.ResizeMode.Stretch:
                stretch_need += need
            elif mode != QHeaderView.ResizeMode.ResizeToContents:
                self.designed.setdefault(column, header.sectionSize(column))
                fixed[column] = max(need, header.minimumSectionSize())
        room = header.width() - stretch_need
        wanted = {c: max(need, self.designed[c]) for c, need in fixed.items()}
        spare = sum(wanted.values()) - sum(fixed.values())
        over = sum(wanted.values()) - room
        for column, need in fixed.items():
            width = wanted[column]
            if over > 0 and spare > 0 and room > 0:  # narrow: give back the designed extra
                width -= round((width - need) * min(1.0, over / spare))
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def _title(self, column: int, role: int) -> str:
        value = self.view.model().headerData(column, Qt.Orientation.Horizontal, role)
        return str(value or "")

    def _shortened(self, shown_titles: dict[int, str], width_of: _TitleWidths) -> dict[int, str]:
        """The columns that show their short titles from now on (column → short title), and
        the model told of every change. Decided from the whole titles each time, so it is the
        same however often it runs."""
        model = self.view.model()
        full: dict[int, str] = dict(shown_titles)
        short: dict[int, str] = {}
        for column in shown_titles:
            titles = model.headerData(column, Qt.Orientation.Horizontal, TITLES_ROLE)
            if titles:
                full[column], short[column] = titles
        header = self.view.horizontalHeader()
        least = {c: max(width_of(t), header.minimumSectionSize()) for c, t in full.items()}
        over = sum(least.values()) - header.width()
        savings = sorted(
            short,
            key=lambda c: width_of(full[c]) - width_of(short[c]),
            reverse=True,
        )
        chosen: dict[int, str] = {}
        for column in savings:
            if over <= 0:
                break
            chosen[column] = short[column]
            over -= least[column] - max(width_of(short[column]), header.minimumSectionSize())
        for column, brief in short.items():
            on = column in chosen
            if (shown_titles[column] == brief) != on:
                model.setHeaderData(column, Qt.Orientation.Horizontal, on, SHORTENED_ROLE)
        optional = [
            c for c in full if model.headerData(c, Qt.Orientation.Horizontal, OPTIONAL_ROLE)
        ]
        dropped: set[int] = set()
        for column in reversed(optional):
            if over <= 0:
                break
            dropped.add(column)
            title = chosen.get(column, full[column])
            over -= max(width_of(title), header.minimumSectionSize())
        for column in dropped ^ self.dropped:
            header.setSectionHidden(column, column in dropped)
        self.dropped = dropped
        return chosen


def keep_titles_whole(view: QTableView) -> None:
    """Keep the header titles of `view` whole from now on (see the module's docstring)."""
    _HeaderFit(view)
