"""Cost and capacity in the portfolio: the library's capacity per period (edited in place), and
the commitments ranked against one period with the cut line drawn (core/capacity.py).

The period also sets how the portfolio compares priorities: one framework (and, for the weighted
score, its weights) for every workshop (core/comparable.py); a line under it says which
workshops are re-scored. Capacity and scoring edits go on the library's undo stack: Ctrl+Z in
the panel takes them back, and each is in the library's audit log.

What-if (core/what_if.py): the check box before each item tries it in or out, and a goal can be
tried at another weight; the ranking, the cut line and the sums follow at once under a banner
that says nothing is recorded, and "Reset" goes back to the recorded decisions and weights.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, CapacityItem, CutLine
from workshop_app.core.comparable import Scoring, scoring_note
from workshop_app.core.errors import UserError
from workshop_app.core.scoring import Weights
from workshop_app.core.what_if import (
    GoalChoice,
    WhatIf,
    banner,
    goal_choices,
    what_if_items,
    what_if_line,
)
from workshop_app.ui.library.capacity_commands import CapacityCommand, edit_text
from workshop_app.ui.opening import LibraryOpening
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.text import one_line, wrappable
from workshop_app.ui.widgets.wrap_label import WrapLabel
from workshop_app.ui.widgets.wrap_row import WrapRow

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library

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
    #: The period compared against, or its scoring, changed: the portfolio re-scores its rows.
    scoring_changed = Signal()

    def __init__(self, opening: LibraryOpening, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opening = opening
        self.capacities: list[Capacity] = []
        self.workshops: list[m.Workshop] = []
        self.items: list[CapacityItem] = []
        self.goals: list[GoalChoice] = []
        self.what_if = WhatIf()
        self.line: CutLine | None = None
        self.undo_stack = QUndoStack(self)
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        self.periods = PeriodsTable(0, 3)
        self.periods.setHorizontalHeaderLabels(["Period", "Person-days", "Money"])
        self.periods.setAccessibleName(
            "Capacity per period: type to change, Delete to remove, Ctrl+Z to undo"
        )
        self.periods.verticalHeader().hide()
        periods_header = self.periods.horizontalHeader()
        periods_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        periods_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.periods.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.periods.itemChanged.connect(self._period_edited)
        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(self.periods, 3)
        top.addLayout(self._build_scoring(), 2)
        layout.addLayout(top)
        self.note = WrapLabel(name="muted")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("How the portfolio compares priorities")
        layout.addWidget(self.note)
        layout.addWidget(self._build_what_if())
        self.banner = WrapLabel(name="attention")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setAccessibleName("What-if: nothing is recorded")
        self.banner.hide()
        layout.addWidget(self.banner)

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
        for widget in (self.periods, self.ranked, self.period, self.framework, self.goal):
            widget.installEventFilter(self)
        self.weight.installEventFilter(self)
        self.reset.installEventFilter(self)

    def _build_scoring(self) -> QVBoxLayout:
        """Compare against [period], scored with [framework] [40/25/20/15]."""
        self.period = QComboBox()
        self.period.setAccessibleName("The period the commitments are compared against")
        self.period.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.framework = QComboBox()
        self.framework.setAccessibleName("How the portfolio scores every need for this period")
        for framework in m.Framework:
            self.framework.addItem(framework.label, framework.value)
        self.framework.activated.connect(lambda _i: self._scoring_edited())
        self.weights = QLineEdit()
        self.weights.setAccessibleName(
            "The weighted score's weights: value, urgency, ease, low risk"
        )
        self.weights.setToolTip("Value / urgency / ease / low risk, e.g. 40/25/20/15")
        self.weights.setMinimumWidth(14 * self.fontMetrics().horizontalAdvance("0"))
        self.weights.editingFinished.connect(self._scoring_edited)
        side = QVBoxLayout()
        side.setSpacing(8)
        side.addWidget(muted_label("Compare against"))
        side.addWidget(self.period)
        side.addWidget(muted_label("Scored with (every workshop alike)"))
        side.addWidget(WrapRow(self.framework, [self.weights], stretches=[3, 2]))
        side.addStretch(1)
        return side

    def _build_what_if(self) -> QWidget:
        """What-if: [goal] at weight [n] · [Reset]."""
        self.goal = QComboBox()
        self.goal.setAccessibleName("What-if: a goal to try at another weight")
        self.goal.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.goal.currentIndexChanged.connect(lambda _i: self._show_goal_weight())
        self.weight = QSpinBox()
        self.weight.setRange(1, 5)
        self.weight.setAccessibleName("What-if: the goal's weight to try (nothing is recorded)")
        self.weight.valueChanged.connect(self._weight_tried)
        self.reset = QPushButton("Reset")
        self.reset.setAccessibleName("Reset: back to the recorded decisions and weights")
        self.reset.setToolTip("Back to the recorded decisions and weights")
        self.reset.clicked.connect(self.reset_what_if)
        return WrapRow(
            muted_label("What-if: try"),
            [self.goal, muted_label("at weight"), self.weight, self.reset],
            fill_first=False,
        )

    # -- Ctrl+Z in the panel -----------------------------------------------------------------
    def use_undo_stack(self, stack: QUndoStack) -> None:
        """Share the library's undo stack, so the window's Undo takes capacity edits back too."""
        self.undo_stack = stack

    _edit_triggers: QAbstractItemView.EditTrigger | None = None

    def set_read_only(self, read_only: bool) -> None:
        """A viewer's library: the periods show, and no cell opens for editing."""
        if self._edit_triggers is None:
            self._edit_triggers = self.periods.editTriggers()
        none = QAbstractItemView.EditTrigger.NoEditTriggers
        self.periods.setEditTriggers(none if read_only else self._edit_triggers)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if undo or redo:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # the key comes here rather than to a window-wide action
                elif undo:
                    self.undo_stack.undo()
                else:
                    self.undo_stack.redo()
                return True
        return super().eventFilter(watched, event)

    # -- data ------------------------------------------------------------------------------
    def library(self) -> Library:
        return self.opening.library()

    def reload(self, workshops: list[m.Workshop]) -> None:
        from workshop_app.storage.capacity import capacities

        self.capacities = capacities(self.opening.library())
        self.workshops = workshops
        self.goals = goal_choices(workshops)
        self._fill_periods()
        self._fill_goals()
        self._recount()

    def scoring(self) -> Scoring | None:
        """How the portfolio compares priorities: the chosen period's scoring (None: no period,
        each workshop its own)."""
        chosen = self.chosen()
        return chosen.scoring if chosen else None

    def scoring_line(self) -> str:
        chosen = self.chosen()
        return scoring_note(self.workshops, chosen.scoring, chosen.period) if chosen else ""

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
        self._show_scoring()
        rows = min(self.periods.rowCount(), 4)
        height = self.periods.horizontalHeader().sizeHint().height() + 2 * self.periods.frameWidth()
        self.periods.setFixedHeight(
            height + rows * self.periods.verticalHeader().defaultSectionSize()
        )
        self._filling = False

    def chosen(self) -> Capacity | None:
        wanted = self.period.currentData()
        return next((c for c in self.capacities if c.id == wanted), None)

    def _show_scoring(self) -> None:
        chosen = self.chosen()
        scoring = chosen.scoring if chosen else Scoring()
        self.framework.setCurrentIndex(max(0, self.framework.findData(scoring.framework.value)))
        self.weights.setText(scoring.weights.text())
        self.weights.setVisible(scoring.framework is m.Framework.WEIGHTED)
        for widget in (self.framework, self.weights):
            widget.setEnabled(chosen is not None)
        self.note.setText(wrappable(self.scoring_line(), limit=None, run=40))
        self.note.setVisible(chosen is not None)

    def _fill_goals(self) -> None:
        current = self.goal.currentData()
        self.goal.blockSignals(True)
        self.goal.clear()
        for choice in self.goals:
            self.goal.addItem(one_line(choice.title, 32), choice.key)  # whole in the tooltip
            self.goal.setItemData(self.goal.count() - 1, choice.title, Qt.ItemDataRole.ToolTipRole)
        self.goal.setCurrentIndex(max(0, self.goal.findData(current)))
        self.goal.blockSignals(False)
        keys = {g.key for g in self.goals}
        self.what_if = replace(
            self.what_if, weights=tuple((k, w) for k, w in self.what_if.weights if k in keys)
        )
        for widget in (self.goal, self.weight):
            widget.setEnabled(bool(self.goals))
        self._show_goal_weight()

    def _chosen_goal(self) -> GoalChoice | None:
        wanted = self.goal.currentData()
        return next((g for g in self.goals if g.key == wanted), None)

    def _show_goal_weight(self) -> None:
        goal = self._chosen_goal()
        self.weight.blockSignals(True)
        if goal is not None:
            tried = self.what_if.weight_of(goal.key)
            self.weight.setValue(goal.weight if tried is None else tried)
        self.weight.blockSignals(False)

    def _recount(self) -> None:
        chosen = self.chosen()
        self.items = what_if_items(self.workshops, self.what_if, self.scoring())
        self.what_if = self.what_if.keep({item.key for item in self.items})
        line = what_if_line(self.workshops, chosen, self.what_if, self.scoring())
        self.line = line
        self.summary.setText(wrappable(line.summary(what_if=False), limit=None, run=40))
        words = banner(self.what_if, self.goals)
        self.banner.setText(wrappable(words, limit=None, run=40))
        self.banner.setVisible(self.what_if.active)
        self.reset.setEnabled(self.what_if.active)
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
        moved = item.key in self.what_if.moved_in or item.key in self.what_if.moved_out
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

    # -- what-if ----------------------------------------------------------------------------
    def _toggled(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != 0:
            return
        key = cell.data(Qt.ItemDataRole.UserRole)
        item = next((i for i in self.items if i.key == key), None)
        if item is None:
            return
        self.what_if = self.what_if.move(item, cell.checkState() == Qt.CheckState.Checked)
        self._recount()

    def set_counted(self, key: str, counted: bool) -> None:
        """Tick or untick an item by its key, as a click on its check box does."""
        for row in range(self.ranked.rowCount()):
            cell = self.ranked.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == key:
                cell.setCheckState(Qt.CheckState.Checked if counted else Qt.CheckState.Unchecked)
                return

    def _weight_tried(self, weight: int) -> None:
        goal = self._chosen_goal()
        if goal is not None:
            self.what_if = self.what_if.weigh(goal, weight)
            self._recount()

    def reset_what_if(self) -> None:
        self.what_if = WhatIf()
        self._show_goal_weight()
        self._recount()

    # -- capacity and scoring edits (undoable) -----------------------------------------------
    def _period_chosen(self) -> None:
        self._show_scoring()
        self._recount()
        self.scoring_changed.emit()

    def after_capacity_change(self, chosen_id: str | None) -> None:
        """After an edit, its undo or redo: read the periods again, keep (or choose) one."""
        from workshop_app.storage.capacity import capacities

        self.capacities = capacities(self.opening.library())
        self._fill_periods()
        if chosen_id is not None:
            index = self.period.findData(chosen_id)
            if index >= 0 and index != self.period.currentIndex():
                self.period.blockSignals(True)
                self.period.setCurrentIndex(index)
                self.period.blockSignals(False)
                self._show_scoring()
        self._recount()
        self.scoring_changed.emit()

    def _push(self, text: str, before: Capacity | None, first: object) -> None:
        self.undo_stack.push(CapacityCommand(self, text, before, first))  # type: ignore[arg-type]

    def _scoring_edited(self) -> None:
        chosen = self.chosen()
        if chosen is None or self._filling:
            return
        framework = m.Framework(self.framework.currentData())
        try:
            weights = Weights.parse(self.weights.text())
        except ValueError as error:
            self.say(f"The weights should be {error}.")
            self.weights.setText(chosen.scoring.weights.text())
            return
        if framework is not m.Framework.WEIGHTED:
            weights = chosen.scoring.weights
        scoring = Scoring(framework, weights)
        if scoring == chosen.scoring:
            self._show_scoring()
            return
        from workshop_app.storage.capacity import set_scoring

        self._push(
            f"Score {one_line(chosen.period, 40)} with {scoring.label()}",
            chosen,
            lambda lib: set_scoring(lib, chosen.id, scoring),
        )

    def _period_edited(self, _cell: QTableWidgetItem) -> None:
        if self._filling:
            return
        row = self.periods.currentRow() if _cell is None else _cell.row()
        texts = [(self.periods.item(row, c) or QTableWidgetItem("")).text() for c in range(3)]
        if not texts[0].strip():
            if row < len(self.capacities):  # the new row waits for its period's name
                self.say("A period needs a name, e.g. 2027 Q1.")
                self._fill_periods()
            return
        from workshop_app.storage.capacity import find_period, remove_capacity, set_capacity

        old = self.capacities[row] if row < len(self.capacities) else None
        same = find_period(self.capacities, texts[0])
        if same is not None and old is not None and same.id != old.id:
            self.say(f"“{one_line(same.period, 40)}” is a period already.")
            self._fill_periods()
            return
        before = old or same
        days, money = _number(texts[1]), _number(texts[2])

        def first(library: Library) -> Capacity:
            if old is not None and find_period([old], texts[0]) is None:
                remove_capacity(library, old.id)  # renamed: the new name is a new period
                scoring = old.scoring
                return set_capacity(library, texts[0], days, money, scoring=scoring)
            return set_capacity(library, texts[0], days, money)

        try:  # refuse a bad number before anything goes on the undo stack
            for name, value in (("person_days", days), ("money", money)):
                _check(name, value)
        except UserError as error:
            self.say(str(error))
            self._fill_periods()
            return
        self._push(edit_text(before, texts[0]), before, first)

    def remove_selected_period(self) -> None:
        row = self.periods.currentRow()
        if 0 <= row < len(self.capacities):
            from workshop_app.storage.capacity import remove_capacity

            cap = self.capacities[row]
            self._push(
                f"Remove the period “{one_line(cap.period, 40)}”",
                cap,
                lambda lib: remove_capacity(lib, cap.id),
            )

    def say(self, text: str) -> None:
        self._say(text)

    def _say(self, text: str) -> None:
        window = self.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 8000)


def _check(name: str, value: object) -> None:
    from workshop_app.core.capacity import CAPACITY_FIELDS

    label = "person-days" if name == "person_days" else name
    CAPACITY_FIELDS[name].clean(label, value)


def _shown(value: int | None) -> str:
    return "" if value is None else f"{value:,}"
