"""The roadmap in the app: every next step and due date across divisions on one timeline.

The commitments of the latest revision of every workshop (core/roadmap.py, the same list the
hand-over workbook prints), grouped by quarter in date order, the undated last. Arrow keys move,
Left and Right fold a quarter, Enter opens the workshop an entry comes from. A step past its date
and not done says "overdue" in amber. Large type: it is read from the back of the room.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.roadmap import Entry, by_quarter, roadmap
from workshop_app.ui.library.models import nice_date
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.common import empty_state
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.text import one_line, plural
from workshop_app.ui.widgets.wrap_label import WrapLabel
from workshop_app.ui.widgets.wrap_row import WrapRow

COLUMNS = ("When", "What", "Division", "Owner")
WHAT = 1
_ENTRY = Qt.ItemDataRole.UserRole


class Timeline(QTreeWidget):
    """Quarters with their entries; Enter opens the selected entry's workshop."""

    open_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            entry = item.data(0, _ENTRY) if item is not None else None
            if isinstance(entry, Entry) and entry.workshop_id:
                self.open_requested.emit(entry.workshop_id)
                return
        super().keyPressEvent(event)


class RoadmapView(QWidget):
    open_requested = Signal(str)

    def __init__(self, opening: LibraryOpening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opening = opening
        self.entries: list[Entry] = []
        self.loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(12)
        self.division = QComboBox()
        self.division.setAccessibleName("Show the roadmap of division")
        self.division.setMinimumContentsLength(12)
        self.division.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.division.currentIndexChanged.connect(lambda _i: self._fill())
        self.count = muted_label()
        self.count.setAccessibleName("How many steps the roadmap shows")
        layout.addWidget(WrapRow(self.division, [self.count], fill_first=False))

        self.timeline = Timeline()
        self.timeline.setColumnCount(len(COLUMNS))
        self.timeline.setHeaderLabels(list(COLUMNS))
        self.timeline.setAccessibleName(
            "The roadmap by quarter: arrows move, Left and Right fold a quarter, Enter opens "
            "the workshop"
        )
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setUniformRowHeights(True)
        self.timeline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.timeline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        metrics = self.timeline.fontMetrics()
        # The date with "overdue" whole (a child is indented once, and has margins).
        when = metrics.horizontalAdvance("2026-10-02 · overdue") + 2 * metrics.horizontalAdvance(
            "M"
        )
        header.resizeSection(0, 2 * self.timeline.indentation() + when)
        self.timeline.open_requested.connect(self.open_requested)
        self.timeline.itemDoubleClicked.connect(self._double_clicked)
        self.timeline.currentItemChanged.connect(lambda _c, _p: self._show_detail())
        self.empty = empty_state(
            "Nothing on the roadmap yet.\n\nEvery decision to proceed, reshape, defer or find "
            "out more, with its next step and due date, and every action item, appears here "
            "on one timeline across divisions."
        )
        layout.addWidget(self.timeline, 1)
        layout.addWidget(self.empty, 1)
        self.detail = WrapLabel(name="portfolioDetail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAccessibleName("The selected step in full")
        layout.addWidget(self.detail)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Division and owner take at most a sixth of the width each: "What" keeps the most."""
        super().resizeEvent(event)
        em = self.timeline.fontMetrics().horizontalAdvance("M")
        share = self.timeline.viewport().width() // 6
        header = self.timeline.header()
        header.resizeSection(2, min(16 * em, share))
        header.resizeSection(3, min(13 * em, share))

    # -- data --------------------------------------------------------------------------------
    def reload(self) -> None:
        from workshop_app.storage.portfolio import latest_workshops

        workshops = latest_workshops(self.opening.library())
        self.entries = roadmap(workshops)
        current = self.division.currentData()
        names = sorted({e.division.strip() for e in self.entries if e.division.strip()},
                       key=str.casefold)  # fmt: skip
        self.division.blockSignals(True)
        self.division.clear()
        self.division.addItem("All divisions", None)
        for name in names:
            self.division.addItem(one_line(name, 40), name)
            self.division.setItemData(self.division.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.division.setCurrentIndex(max(0, self.division.findData(current)))
        self.division.blockSignals(False)
        self.loaded = True
        self._fill()

    def shown_entries(self) -> list[Entry]:
        wanted = self.division.currentData()
        if wanted is None:
            return self.entries
        return [e for e in self.entries if e.division.strip() == wanted]

    def _fill(self) -> None:
        today = date.today().isoformat()
        entries = self.shown_entries()
        self.timeline.clear()
        colors = current_colors()
        for quarter, members in by_quarter(entries):
            group = QTreeWidgetItem(
                [f"{quarter or 'No date agreed'} · {plural(len(members), 'step')}"]
            )
            font = group.font(0)
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15 if font.pointSizeF() > 0 else 12)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.timeline.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            height = self.timeline.fontMetrics().height() + 16  # airy rows, read from afar
            group.setSizeHint(0, QSize(0, height))
            for entry in members:
                item = _entry_item(entry, today, colors.amber, colors.muted)
                item.setSizeHint(WHAT, QSize(0, height))
                group.addChild(item)
            group.setExpanded(True)
        overdue = sum(1 for e in entries if e.overdue(today))
        divisions = len({e.division.strip() for e in entries})
        words = f"{plural(len(entries), 'step')} across {plural(divisions, 'division')}"
        if overdue:
            words += f" · {overdue} overdue"
        self.count.setText(words)
        self.timeline.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        first = self.timeline.topLevelItem(0)
        child = first.child(0) if first is not None else None
        if child is not None:
            self.timeline.setCurrentItem(child)
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.timeline.currentItem()
        entry = item.data(0, _ENTRY) if item is not None else None
        if not isinstance(entry, Entry):
            self.detail.setText("")
            self.detail.setVisible(False)
            return
        owner = f" — {one_line(entry.owner, 80)}" if entry.owner.strip() else " — no owner yet"
        due = nice_date(entry.due_date) if entry.due_date else "no date agreed"
        where = one_line(entry.division, 60) or "No division"
        done = " · done" if entry.done else ""
        self.detail.setText(
            f"{entry.kind}: {one_line(entry.what, 300)}{owner}\n"
            f"Due {due}{done} · {where} · {one_line(entry.workshop, 80)} (Enter opens it)"
        )
        self.detail.setVisible(True)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        entry = item.data(0, _ENTRY)
        if isinstance(entry, Entry) and entry.workshop_id:
            self.open_requested.emit(entry.workshop_id)

    def arrive(self) -> None:
        if not self.loaded:
            self.reload()
        self.timeline.setFocus()


def _entry_item(entry: Entry, today: str, amber: str, muted: str) -> QTreeWidgetItem:
    when = entry.due_date or "—"
    if entry.overdue(today):
        when += " · overdue"
    elif entry.done:
        when += " · done"
    what = f"{entry.kind} · {one_line(entry.what, 200)}"
    texts = [when, what, one_line(entry.division, 40) or "—", one_line(entry.owner, 40) or "—"]
    item = QTreeWidgetItem(texts)
    item.setData(0, _ENTRY, entry)
    item.setToolTip(WHAT, f"{entry.kind}: {entry.what}")
    item.setToolTip(2, entry.division)
    item.setToolTip(3, entry.owner)
    if entry.overdue(today):
        item.setForeground(0, QBrush(QColor(amber)))
    if entry.done:
        for column in range(len(COLUMNS)):
            item.setForeground(column, QBrush(QColor(muted)))
    return item
