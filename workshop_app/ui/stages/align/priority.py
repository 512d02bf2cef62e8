"""Prioritising: the ranking with every part of each score visible, and the ratings behind it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import Priority, alignment, need_quadrant, priority
from workshop_app.core.titles import need_title
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.align.logic import (
    QUADRANT_HINTS,
    arithmetic,
    attention,
    format_number,
    format_part,
    missing_note,
    phase_flags,
)
from workshop_app.ui.stages.align.matrix import measured_height
from workshop_app.ui.widgets.color import color
from workshop_app.ui.widgets.fields import BoundRating
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.measuring import MeasuringDelegate, RemembersFontKey
from workshop_app.ui.widgets.text import display, one_line, tooltip, wrap_lines

_Index = QModelIndex | QPersistentModelIndex


#: The roles `PriorityModel.data` answers.
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
    }
)


class PriorityModel(QAbstractTableModel):
    """Needs in rank order: #, need, the framework's parts, the priority."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: m.Workshop | None = None
        self.rows: list[tuple[m.Need, Priority]] = []
        self.part_names: list[str] = []
        self.attention: dict[str, bool] = {}
        self.generation = 0  # counts the workshops shown, for `measured_height`

    def set_workshop(self, workshop: m.Workshop) -> None:
        self.generation += 1
        rows = sorted(
            ((need, priority(workshop, need)) for need in workshop.needs),
            key=lambda pair: -pair[1].score,
        )
        # Worked out once per change, not in data(), which runs for every cell and role.
        self.attention = attention(workshop)
        names = [part.name for part in rows[0][1].parts] if rows else []
        same = [n.id for n, _ in rows] == [n.id for n, _ in self.rows] and names == self.part_names
        if same and rows:
            self.workshop, self.rows = workshop, rows
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self.workshop, self.rows, self.part_names = workshop, rows, names
        self.endResetModel()

    def row_of(self, need_id: str) -> int:
        return next((row for row, (need, _p) in enumerate(self.rows) if need.id == need_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.part_names) + 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "#"
            if section == 1:
                return "Need"
            if section == self.columnCount() - 1:
                return "Priority"
            name = self.part_names[section - 2]
            if " × " in name:  # "Value × 40%" reads best as "Value" over "× 40%"
                head, _sep, tail = name.partition(" × ")
                return f"{head}\n× {tail}"
            return "\n".join(wrap_lines(name, 12, 2))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 1:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.workshop is None or index.row() >= len(self.rows):
            return None
        if role not in _ROLES:
            return None  # the view asks for a dozen roles per cell, each time it measures rows
        need, result = self.rows[index.row()]
        column = index.column()
        last = self.columnCount() - 1
        if role == Qt.ItemDataRole.TextAlignmentRole and column != 1:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == 0:
            return str(index.row() + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if column == 1:
            attention = self.attention.get(need.id, False)
            flagged = role != Qt.ItemDataRole.ForegroundRole and bool(
                phase_flags(self.workshop, need)
            )
            if role == Qt.ItemDataRole.DisplayRole:
                prefix = "⚠ " if attention else ""
                return (
                    prefix
                    + display(need_title(self.workshop, need, 100), 100)
                    + ("  ⚑" if flagged else "")
                )
            if role == Qt.ItemDataRole.ForegroundRole and attention:
                return QBrush(color("amber"))
            if role == Qt.ItemDataRole.ToolTipRole:
                text = need_title(self.workshop, need, 400)
                if attention:
                    text += "\n⚠ Alignment unclear and not yet discussed."
                if flagged:
                    text += "\n⚑ Innovation asked for while IT is still in the run phase."
                return tooltip(text)
            return None
        if column == last:
            if role == Qt.ItemDataRole.DisplayRole:
                return format_number(result.score)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"Priority {format_number(result.score)}"
            return None
        part = result.parts[column - 2]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_part(part)
        if role == Qt.ItemDataRole.ToolTipRole:
            note = f" ({part.note})" if part.note else ""
            return tooltip(f"{part.name}: {format_part(part)}{note}")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(color("muted"))
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class _RankingView(RemembersFontKey, QTableView):
    def sizeHintForRow(self, row: int) -> int:
        """As tall as the need's text, wrapped: the other cells are one short line each, and Qt
        would measure every cell of every row each time rows are sized."""
        if not 0 <= row < self.model().rowCount():
            return super().sizeHintForRow(row)
        return measured_height(self, row, (0, 1))


def make_ranking_view(model: PriorityModel) -> QTableView:
    view = _RankingView()
    view.setItemDelegate(MeasuringDelegate(view))
    view.setObjectName("priorityRanking")
    view.setModel(model)
    view.setAccessibleName("Priority ranking")
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setWordWrap(True)
    view.setShowGrid(False)
    view.setAlternatingRowColors(True)
    view.setCornerButtonEnabled(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setSectionsClickable(False)
    return view


def lay_out_ranking(view: QTableView, model: PriorityModel) -> None:
    """Number, parts and priority as wide as their headers; the need takes the rest."""
    header = view.horizontalHeader()
    bold = QFont(header.font())
    bold.setWeight(QFont.Weight.DemiBold)
    fm = QFontMetrics(bold)
    for column in range(model.columnCount()):
        if column == 1:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        text = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        widest = max(fm.horizontalAdvance(line) for line in [*text.split("\n"), "99.9 %"])
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(column, widest + 24)


class _Rating(BoundRating):
    def __init__(self, minimum: int, maximum: int, name: str, special: str = "not rated") -> None:
        super().__init__(minimum, maximum)
        self.setSpecialValueText(special)
        self.setAccessibleName(name)
        self.setKeyboardTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("ratingSpin")  # no step buttons: arrow keys, wheel and typing
        self.lineEdit().setTextMargins(6, 0, 0, 0)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("not rated") + 24)


class RatingsPanel(QFrame):
    """The ratings of the selected need, and the sum that makes its priority."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.need_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(12)
        self.title = QLabel()
        self.title.setObjectName("ratingsTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top.addWidget(self.title, 1)
        self.quadrant = muted_label()
        top.addWidget(self.quadrant)
        layout.addLayout(top)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        self.value = _Rating(1, 10, "Value, 1 to 10 (auto: from alignment)", "auto")
        self.urgency = _Rating(1, 10, "Urgency or time criticality, 1 to 10")
        self.effort = _Rating(1, 10, "Effort or job size, 1 to 10")
        self.risk = _Rating(1, 10, "Risk reduced or opportunity, 1 to 10")
        self.confidence = _Rating(0, 100, "Confidence in per cent")
        self.confidence.setSuffix(" %")
        self.reach = _Rating(0, 2_000_000_000, "Reach: people or transactions per quarter")
        self.reach.setGroupSeparatorShown(True)
        self.editors: list[tuple[BoundRating, str]] = [
            (self.value, "value"),
            (self.urgency, "urgency"),
            (self.effort, "effort"),
            (self.risk, "risk"),
            (self.confidence, "confidence"),
            (self.reach, "reach"),
        ]
        labels = ("Value", "Urgency", "Effort", "Risk", "Confidence", "Reach")
        tips = (
            "Business value, 1–10. “auto” uses the alignment score (score ÷ 10).",
            "How much it costs to wait, 1–10 (WSJF: time criticality).",
            "How big the job is, 1–10.",
            "Risk it reduces or opportunity it opens, 1–10.",
            "How sure we are of value and effort, in per cent.",
            "People or transactions it touches per quarter (used by RICE).",
        )
        for column, ((editor, _field), text, tip) in enumerate(
            zip(self.editors, labels, tips, strict=True)
        ):
            label = QLabel(text)
            label.setObjectName("fieldLabel")
            label.setBuddy(editor)
            label.setToolTip(tip)
            editor.setToolTip(tip)
            grid.addWidget(label, 0, column)
            grid.addWidget(editor, 1, column)
            grid.setColumnStretch(column, 1)
        layout.addLayout(grid)
        self.formula = muted_label(wrap=True)
        layout.addWidget(self.formula)
        self.missing = QLabel()
        self.missing.setObjectName("hint")
        self.missing.setWordWrap(True)
        layout.addWidget(self.missing)
        self.flag = QLabel(
            "⚑ Innovation asked for while this division's IT is still in the run phase: "
            "reliable basics usually come first."
        )
        self.flag.setObjectName("attention")
        self.flag.setWordWrap(True)
        layout.addWidget(self.flag)

    def bind(self, session: WorkshopSession, need_id: str) -> None:
        self.need_id = need_id
        for editor, field in self.editors:
            editor.bind(session, Kind.NEED, need_id, field)

    def show_need(self, workshop: m.Workshop, need: m.Need | None) -> None:
        self.setVisible(need is not None)
        if need is None:
            return
        result = priority(workshop, need)
        self.title.setText(one_line(need_title(workshop, need, 90), 90))
        self.title.setToolTip(tooltip(need_title(workshop, need, 400)))
        quadrant = need_quadrant(workshop, need)
        self.quadrant.setText(quadrant.label)
        self.quadrant.setToolTip(f"{quadrant.label}: {QUADRANT_HINTS[quadrant]}")
        score = alignment(workshop, need).score
        self.value.setSpecialValueText(f"auto ({format_number(max(1, score / 10))})")
        self.formula.setText(f"Priority {arithmetic(result)}")
        self.flag.setVisible(bool(phase_flags(workshop, need)))
        note = missing_note(result)
        self.missing.setText(note)
        self.missing.setVisible(bool(note))
        for editor, _field in self.editors:
            editor.show_current()
            editor.setEnabled(not workshop.is_locked)

    def flush_pending(self) -> None:
        """Save a rating typed but not yet confirmed, before the panel shows another need."""
        for editor, _field in self.editors:
            if editor.hasFocus():
                editor.interpretText()
                editor.editingFinished.emit()

    def focus_chain(self) -> list[QWidget]:
        return [editor for editor, _field in self.editors]
