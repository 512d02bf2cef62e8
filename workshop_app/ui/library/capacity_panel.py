"""Cost and capacity in the portfolio: the library's capacity per period (edited in place), and
the commitments ranked against one period with the cut line drawn (core/capacity.py).

The check box before each item is a what-if: tick a deferred item to see it in, untick a
commitment to see it out. It changes only this calculation, never a recorded decision.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, CapacityItem, CutLine, capacity_items, cut_line
from workshop_app.core.errors import UserError
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.text import one_line, wrappable
from workshop_app.ui.widgets.wrap_label import WrapLabel

_NEW_PERIOD = "Type a period, e.g. 2027 Q1"


class PeriodsTable(QTableWidget):
    """Period · person-days · money; the last row adds a period, Delete removes one."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != (
            QAbstractItemView.State.EditingState
        ):
            parent = self.parent()
            while parent is not None and not isinstance(parent, CapacityPanel):
                parent = parent.parent()
            if parent is not None:
                parent.remove_selected_period()
                return
        super().keyPressEvent(event)


def _number(text: str) -> int | str | None:
    plain = "".join(c for c in text if c not in " ,_'’")
    if not plain:
        return None
    return int(plain) if plain.isascii() and plain.isdigit() else text


class CapacityPanel(QWidget):
    def __init__(self, opening: LibraryOpening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opening = opening
        self.capacities: list[Capacity] = []
        self.items: list[CapacityItem] = []
        self.moved_in: set[str] = set()
        self.moved_out: set[str] = set()
        self.line: CutLine | None = None
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        top = QHBoxLayout()
        top.setSpacing(16)
        self.periods = PeriodsTable(0, 3)
        self.periods.setHorizontalHeaderLabels(["Period", "Person-days", "Money"])
        self.periods.setAccessibleName("Capacity per period: type to change, Delete to remove")
        self.periods.verticalHeader().hide()
        periods_header = self.periods.horizontalHeader()
        periods_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        periods_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.periods.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.periods.itemChanged.connect(self._period_edited)
        top.addWidget(self.periods, 2)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(muted_label("Compare against"))
        self.period = QComboBox()
        self.period.setAccessibleName("The period the commitments are compared against")
        self.period.currentIndexChanged.connect(lambda _i: self._recount())
        side.addWidget(self.period)
        self.reset = QPushButton("Back to the recorded decisions")
        self.reset.setAccessibleName("Undo every what-if move")
        self.reset.clicked.connect(self.reset_what_if)
        side.addWidget(self.reset)
        side.addStretch(1)
        top.addLayout(side, 1)
        layout.addLayout(top)

        self.summary = WrapLabel(name="portfolioShared")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the commitments need against the capacity")
        layout.addWidget(self.summary)

        self.ranked = QTableWidget(0, 7)
        self.ranked.setHorizontalHeaderLabels(
            ["In", "Need", "Division", "Decision", "Priority", "Days", "Money"]
        )
        self.ranked.setAccessibleName(
            "Ranked by priority; tick or untick to try an item in or out (what-if only)"
        )
        self.ranked.verticalHeader().hide()
        self.ranked.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.ranked.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # long names clip
        header.resizeSection(2, 12 * self.fontMetrics().horizontalAdvance("M"))
        self.ranked.itemChanged.connect(self._toggled)
        # Room for a header and a few items even when the page scrolls on a small screen.
        self.ranked.setMinimumHeight(6 * self.ranked.verticalHeader().defaultSectionSize())
        layout.addWidget(self.ranked, 1)

    # -- data ------------------------------------------------------------------------------
    def reload(self, workshops: list[m.Workshop]) -> None:
        from workshop_app.storage.capacity import capacities

        self.capacities = capacities(self.opening.library())
        self.items = capacity_items(workshops)
        keys = {item.key for item in self.items}
        self.moved_in &= keys
        self.moved_out &= keys
        self._fill_periods()
        self._recount()

    def _fill_periods(self) -> None:
        self._filling = True
        current = self.period.currentText()
        self.periods.setRowCount(len(self.capacities) + 1)
        for row, cap in enumerate(self.capacities):
            cells = [cap.period, _shown(cap.person_days), _shown(cap.money)]
            for column, text in enumerate(cells):
                self.periods.setItem(row, column, QTableWidgetItem(text))
        last = len(self.capacities)
        adder = QTableWidgetItem("")
        adder.setToolTip(_NEW_PERIOD)
        adder.setData(Qt.ItemDataRole.AccessibleTextRole, _NEW_PERIOD)
        self.periods.setItem(last, 0, adder)
        for column in (1, 2):
            self.periods.setItem(last, column, QTableWidgetItem(""))
        self.period.blockSignals(True)
        self.period.clear()
        for cap in self.capacities:
            self.period.addItem(one_line(cap.period, 40), cap.id)
        self.period.setCurrentIndex(max(0, self.period.findText(current)))
        self.period.blockSignals(False)
        rows = min(self.periods.rowCount(), 4)
        height = self.periods.horizontalHeader().sizeHint().height() + 2 * self.periods.frameWidth()
        self.periods.setFixedHeight(
            height + rows * self.periods.verticalHeader().defaultSectionSize()
        )
        self._filling = False

    def chosen(self) -> Capacity | None:
        wanted = self.period.currentData()
        return next((c for c in self.capacities if c.id == wanted), None)

    def _recount(self) -> None:
        line = cut_line(self.items, self.chosen(), self.moved_in, self.moved_out)
        self.line = line
        self.summary.setText(wrappable(line.summary(), limit=None, run=40))
        self.reset.setEnabled(bool(self.moved_in or self.moved_out))
        self._fill_ranked(line)

    def _fill_ranked(self, line: CutLine) -> None:
        """The counted items with the cut line among them, then the rest (not counted)."""
        self._filling = True
        counted = {item.key for item in line.items}
        rest = [item for item in self.items if item.key not in counted]
        rows: list[tuple[CapacityItem | None, bool]] = []
        cut = False
        for item, fits in zip(line.items, line.fits, strict=True):
            if not fits and not cut:
                rows.append((None, False))
                cut = True
            rows.append((item, fits))
        rows += [(item, False) for item in rest]
        self.ranked.setRowCount(len(rows))
        for row, (shown, fits) in enumerate(rows):
            if shown is None:
                self._cut_row(row)
            else:
                self._item_row(row, shown, shown.key in counted, fits)
        self._filling = False

    def _cut_row(self, row: int) -> None:
        marker = QTableWidgetItem("— cut line: below it waits for capacity —")
        marker.setForeground(QBrush(QColor(current_colors().amber)))
        font = marker.font()
        font.setBold(True)
        marker.setFont(font)
        marker.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.ranked.setItem(row, 1, marker)
        for column in (0, 2, 3, 4, 5, 6):
            blank = QTableWidgetItem("")
            blank.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.ranked.setItem(row, column, blank)

    def _item_row(self, row: int, item: CapacityItem, counted: bool, fits: bool) -> None:
        check = QTableWidgetItem("")
        check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        check.setCheckState(Qt.CheckState.Checked if counted else Qt.CheckState.Unchecked)
        check.setData(Qt.ItemDataRole.UserRole, item.key)
        moved = item.key in self.moved_in or item.key in self.moved_out
        check.setToolTip("Moved by what-if" if moved else "As decided")
        decision = item.decision.label if item.decision else "Not decided"
        cells = [
            one_line(item.statement, 120) or "(not worded yet)",
            one_line(item.division, 40),
            decision + (" · what-if" if moved else ""),
            f"{item.priority:g}",
            _shown(item.days) or "—",
            _shown(item.money) or "—",
        ]
        self.ranked.setItem(row, 0, check)
        for column, text in enumerate(cells, start=1):
            cell = QTableWidgetItem(text)
            cell.setToolTip(item.statement if column == 1 else "")
            if not counted or not fits:
                cell.setForeground(QBrush(QColor(current_colors().muted)))
            if column >= 4:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.ranked.setItem(row, column, cell)

    # -- edits -----------------------------------------------------------------------------
    def _toggled(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != 0:
            return
        key = cell.data(Qt.ItemDataRole.UserRole)
        item = next((i for i in self.items if i.key == key), None)
        if item is None:
            return
        wanted = cell.checkState() == Qt.CheckState.Checked
        self.moved_in.discard(key)
        self.moved_out.discard(key)
        if wanted and not item.committed:
            self.moved_in.add(key)
        elif not wanted and item.committed:
            self.moved_out.add(key)
        self._recount()

    def set_counted(self, key: str, counted: bool) -> None:
        """Tick or untick an item by its key, as a click on its check box does."""
        for row in range(self.ranked.rowCount()):
            cell = self.ranked.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == key:
                cell.setCheckState(Qt.CheckState.Checked if counted else Qt.CheckState.Unchecked)
                return

    def reset_what_if(self) -> None:
        self.moved_in.clear()
        self.moved_out.clear()
        self._recount()

    def _period_edited(self, _cell: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = self.periods.currentRow() if _cell is None else _cell.row()
        texts = [(self.periods.item(row, c) or QTableWidgetItem("")).text() for c in range(3)]
        if not texts[0].strip():
            if row < len(self.capacities):  # the new row waits for its period's name
                self._say("A period needs a name, e.g. 2027 Q1.")
                self._fill_periods()
            return
        from workshop_app.storage.capacity import remove_capacity, set_capacity

        library = self.opening.library()
        try:
            if row < len(self.capacities):
                old = self.capacities[row]
                if " ".join(texts[0].casefold().split()) != " ".join(old.period.casefold().split()):
                    remove_capacity(library, old.id)
            set_capacity(library, texts[0], _number(texts[1]), _number(texts[2]))
        except UserError as error:
            self._say(str(error))
        self.capacities = []
        from workshop_app.storage.capacity import capacities

        self.capacities = capacities(library)
        self._fill_periods()
        self._recount()

    def remove_selected_period(self) -> None:
        row = self.periods.currentRow()
        if 0 <= row < len(self.capacities):
            from workshop_app.storage.capacity import capacities, remove_capacity

            library = self.opening.library()
            remove_capacity(library, self.capacities[row].id)
            self.capacities = capacities(library)
            self._fill_periods()
            self._recount()

    def _say(self, text: str) -> None:
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 8000)


def _shown(value: int | None) -> str:
    return "" if value is None else f"{value:,}"
