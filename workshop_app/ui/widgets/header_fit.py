"""Table headers whose titles are never cut, at every text size and window width.

Fixed columns were set in pixels once, for the text size of the day: with larger text ("Ctrl++"
on a projector) their titles were cut ("Decid", "equests"), and on a narrow window they left the
stretching column (the request, the action) a sliver. `keep_titles_whole` sizes each fixed column
to at least its title, gives the stretching columns at least theirs, and shares out what is left
in proportion to the widths the table was designed with. It follows the text size, the style,
the header texts and the width of the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

#: The header's padding on both sides (QHeaderView::section in theme.py) and a little air.
PADDING = 2 * 8 + 4
#: Room for the sort arrow where a header shows one.
SORT_ARROW = 16

_REFIT = (
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.Show,
    QEvent.Type.Resize,
)


def title_width(header: QHeaderView, title: str) -> int:
    """Pixels the title needs in its section, in the header's semi-bold type."""
    if not title:
        return 0
    font = QFont(header.font())
    font.setWeight(QFont.Weight.DemiBold)
    metrics = QFontMetrics(font)
    arrow = SORT_ARROW if header.isSortIndicatorShown() else 0
    return max(metrics.horizontalAdvance(line) for line in title.split("\n")) + PADDING + arrow


class _HeaderFit(QObject):
    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.designed: dict[int, int] = {}  # fixed column → the width it was built with
        view.viewport().installEventFilter(self)  # resized after the view: its width is final
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
        header = self.view.horizontalHeader()
        model = self.view.model()
        fixed: dict[int, int] = {}  # column → the least it needs
        stretch_need = 0
        for column in range(model.columnCount()):
            if header.isSectionHidden(column):
                continue
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            need = title_width(header, title)
            mode = header.sectionResizeMode(column)
            if mode == QHeaderView.ResizeMode.Stretch:
                stretch_need += need
            elif mode != QHeaderView.ResizeMode.ResizeToContents:
                self.designed.setdefault(column, header.sectionSize(column))
                fixed[column] = max(need, header.minimumSectionSize())
        room = self.view.viewport().width() - stretch_need
        wanted = {c: max(need, self.designed[c]) for c, need in fixed.items()}
        spare = sum(wanted.values()) - sum(fixed.values())
        over = sum(wanted.values()) - room
        for column, need in fixed.items():
            width = wanted[column]
            if over > 0 and spare > 0 and room > 0:  # narrow: give back the designed extra
                width -= round((width - need) * min(1.0, over / spare))
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def keep_titles_whole(view: QTableView) -> None:
    """Keep the header titles of `view` whole from now on (see the module's docstring)."""
    _HeaderFit(view)
