"""The need × goal matrix: needs down, goals across, link strengths as filled dots.

Arrow keys move; 0–3 set the strength of the current cell; Space, Enter or a click step it;
A marks an "alignment unclear" need as discussed. The model is a thin adapter over the workshop;
every change goes through the session, so it is saved and undoable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import AlignmentResult, alignments
from workshop_app.core.titles import need_title
from workshop_app.ui.stages.align.logic import phase_flags
from workshop_app.ui.widgets.color import color
from workshop_app.ui.widgets.header_fit import title_width
from workshop_app.ui.widgets.measuring import (
    MeasuringDelegate,
    RemembersFontKey,
    font_key,
    width_changes,
)
from workshop_app.ui.widgets.text import display, one_line, tooltip, wrap_lines

_Index = QModelIndex | QPersistentModelIndex

POINTS_ROLE = Qt.ItemDataRole.UserRole + 1
#: The header's padding on both sides (QHeaderView::section in theme.py) and a little air.
HEADER_PADDING = 20
FLAG = "⚑"
#: The only roles the matrix answers: Qt asks for many more of every cell it measures or paints.
_ANSWERED = frozenset(
    {
        POINTS_ROLE,
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
    }
)


class AlignmentModel(QAbstractTableModel):
    """Rows are needs; column 0 names the need, then one column per goal, then the score."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workshop: m.Workshop | None = None
        self.needs: list[m.Need] = []
        self.goals: list[m.StrategicGoal] = []
        self.results: dict[str, AlignmentResult] = {}
        self._names: dict[str, str] = {}  # each need's row text, for the current workshop
        self.generation = 0  # counts the workshops shown, for `measured_height`
        #: How a goal title is broken into header lines; the view sets one that measures pixels.
        self.wrap_header: Callable[[str], list[str]] = lambda text: wrap_lines(text, 14, 3)
        #: "weight 5", or "×5" under a goal column too narrow for the words.
        self.weight_text: Callable[[int], str] = lambda weight: f"weight {weight}"

    def set_workshop(self, workshop: m.Workshop) -> None:
        same = [n.id for n in workshop.needs] == [n.id for n in self.needs] and [
            g.id for g in workshop.goals
        ] == [g.id for g in self.goals]
        results = alignments(workshop)
        self._names = {}
        self.generation += 1  # what rows show may have changed: measure them again
        if same and self.needs:
            self.workshop, self.needs, self.goals = (
                workshop,
                list(workshop.needs),
                list(workshop.goals),
            )
            self.results = results
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            return
        self.beginResetModel()
        self.workshop, self.needs, self.goals = workshop, list(workshop.needs), list(workshop.goals)
        self.results = results
        self.endResetModel()

    # -- positions ---------------------------------------------------------------------------
    def goal_column(self, column: int) -> m.StrategicGoal | None:
        return self.goals[column - 1] if 1 <= column <= len(self.goals) else None

    def score_column(self) -> int:
        return len(self.goals) + 1

    def row_of(self, need_id: str) -> int:
        return next((row for row, need in enumerate(self.needs) if need.id == need_id), -1)

    def column_of(self, goal_id: str) -> int:
        return next((c + 1 for c, goal in enumerate(self.goals) if goal.id == goal_id), -1)

    # -- what the text cells show --------------------------------------------------------------
    def need_text(self, row: int) -> str:
        """The need cell of a row (its DisplayRole): the need's title, "⚠ " before it while its
        alignment is unclear and not discussed, the flag after it for innovation asked for in the
        run phase. Kept per need until the next workshop: rows are measured by it."""
        need = self.needs[row]
        name = self._names.get(need.id)
        if name is None:
            assert self.workshop is not None
            attention = not discussion_settled(self.results[need.id], need)
            prefix = "⚠ " if attention else ""
            suffix = f"  {FLAG}" if phase_flags(self.workshop, need) else ""
            name = prefix + display(need_title(self.workshop, need, 140), 140) + suffix
            self._names[need.id] = name
        return name

    def score_text(self, row: int) -> str:
        """The score cell of a row (its DisplayRole)."""
        need = self.needs[row]
        result = self.results[need.id]
        if not discussion_settled(result, need):
            return f"⚠ {result.score} · " + ("division only" if result.division_only else "unclear")
        if result.division_only:
            return f"{result.score} · serves the company"
        if result.unclear:
            return f"{result.score} · discussed"
        return str(result.score)

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.needs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.goals) + 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        goal = self.goal_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if goal is not None:
                title = "\n".join(self.wrap_header(goal.title))
                return f"{title}\n{self.weight_text(goal.weight)}"
            return "Need" if section == 0 else "Alignment"
        if role == Qt.ItemDataRole.ToolTipRole and goal is not None:
            parts = [goal.title, f"{goal.level.label} goal · weight {goal.weight} of 5"]
            if goal.measure.strip():
                parts.append(f"Measure: {goal.measure}")
            return tooltip("\n".join(parts))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if section == 0:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None
        if not index.isValid() or self.workshop is None or index.row() >= len(self.needs):
            return None
        need = self.needs[index.row()]
        column = index.column()
        result = self.results[need.id]
        # From the results worked out once per change: data() runs for every cell and role.
        attention = not discussion_settled(result, need)
        goal = self.goal_column(column)
        if goal is not None:
            strength = self.workshop.strength(need.id, goal.id)
            if role == POINTS_ROLE:
                return strength.points
            if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
                text = f"{strength.label} link to “{one_line(goal.title, 80)}”"
                if role == Qt.ItemDataRole.ToolTipRole:
                    return tooltip(f"{text}. Press 0–3 to set, Space to step.")
                return text
            return None
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.need_text(index.row())
            if role == Qt.ItemDataRole.ForegroundRole and attention:
                return QBrush(color("amber"))
            if role == Qt.ItemDataRole.ToolTipRole:
                text = need_title(self.workshop, need, 400)
                if phase_flags(self.workshop, need):
                    text += "\n⚑ Innovation asked for while IT is still in the run phase."
                return tooltip(text)
            if role == Qt.ItemDataRole.AccessibleTextRole:
                state = ", alignment unclear, not yet discussed" if attention else ""
                return f"Need: {need_title(self.workshop, need, 200)}{state}"
            return None
        # the score column
        if role == Qt.ItemDataRole.DisplayRole:
            return self.score_text(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and attention:
            return QBrush(color("amber"))
        if role == Qt.ItemDataRole.BackgroundRole and attention:
            return QBrush(color("amber_bg"))
        if role == Qt.ItemDataRole.ForegroundRole and result.unclear:
            return QBrush(color("muted"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = " — alignment unclear" if result.unclear else ""
            if result.division_only:
                state = " — linked only to division goals" + (
                    ", how it serves the company noted" if result.company_noted else ""
                )
            return f"Alignment score {result.score_text}{state}"
        if role == Qt.ItemDataRole.ToolTipRole and result.capped:
            return f"{result.score_text}: the points under the cap tell strong needs apart"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class DotsDelegate(MeasuringDelegate):
    """A link's strength as three dots, filled for weak, moderate, strong."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        # Asked for every cell whenever rows are measured: answered without asking the model.
        model = index.model()
        if not isinstance(model, AlignmentModel) or model.goal_column(index.column()) is None:
            return super().sizeHint(option, index)
        return self.dots_size(option.fontMetrics)

    @staticmethod
    def dots_size(metrics: QFontMetrics) -> QSize:
        height = metrics.height()
        return QSize(height * 4, height * 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        if index.data(POINTS_ROLE) is None:  # the need and score columns: plain text
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        points = int(index.data(POINTS_ROLE) or 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        filled = color("accent_text") if selected else opt.palette.color(opt.palette.ColorRole.Text)
        empty = color("accent_text") if selected else color("muted")
        fm = QFontMetrics(opt.font)
        radius = max(4.0, fm.height() * 0.24)
        gap = radius * 2.9
        rect = opt.rect
        centre = QPointF(rect.center())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for dot in range(3):
            at = QPointF(centre.x() + (dot - 1) * gap, centre.y())
            if dot < points:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(filled)
            else:
                pen = QPen(empty, 1.5)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(at, radius, radius)
        painter.restore()


class MatrixView(RemembersFontKey, QTableView):
    """Keyboard-first: 0–3 set, Space/Enter/click step, A acknowledges, arrows move."""

    strength_requested = Signal(int, int, int)  # row, column, points (-1 = next step)
    acknowledge_requested = Signal(int)  # row

    _DIGITS: ClassVar[dict[Qt.Key, int]] = {
        Qt.Key.Key_0: 0,
        Qt.Key.Key_1: 1,
        Qt.Key.Key_2: 2,
        Qt.Key.Key_3: 3,
    }

    def __init__(self, model: AlignmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alignmentMatrix")
        self.setModel(model)
        self.alignment_model = model
        self.setAccessibleName("Alignment matrix: needs down, goals across")
        self.setAccessibleDescription(
            "Arrow keys move; 0 to 3 set the strength; Space steps it; A marks an unclear need "
            "as discussed"
        )
        self.setItemDelegate(DotsDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setShowGrid(False)
        self.setAlternatingRowColors(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().setVisible(False)
        # Sized by `fit_rows`, not by the header: see there.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(True)
        header.setSectionsClickable(False)
        header.setMinimumSectionSize(72)
        self.clicked.connect(self._on_clicked)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.lay_out_columns)
        # Rows are fitted again after a change the stage does not fit them for itself (the font,
        # the style, a column dragged wider); nothing is done when they already fit.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.fit_rows)
        refit = self._refit
        header.sectionResized.connect(lambda *_: refit.start())
        model.modelReset.connect(refit.start)
        model.dataChanged.connect(lambda *_: refit.start())
        self.title_lines = 3

    def lay_out_columns(self) -> None:
        """The columns' widths (`_size_columns`), then the rows' heights at them."""
        # Sizing columns lays the view out on the way (its scroll bars change): the rows are not
        # measured then, at widths not yet final.
        self.__dict__["_sizing_columns"] = True
        try:
            self._size_columns()
        finally:
            self.__dict__["_sizing_columns"] = False
        self._refit.stop()
        self.fit_rows()

    def _size_columns(self) -> None:
        """Every column in the width the matrix has: never sideways scrolling for five goals.

        At ease, the need keeps a third and each goal up to ten letters' width. When that is
        more than there is (a small window, larger text), the need column gives way first, to
        twelve letters (its text wraps), then the score (its text wraps under "Alignment"), the
        goals to five letters, the need to six, and the goals to the width of their dots. Goal
        titles wrap, a word too long for its column is shortened with "…" (the header's tooltip
        names the goal in full), and "weight 5" becomes "×5".
        Only more goals than even that can hold scroll sideways.
        """
        model = self.alignment_model
        header = self.horizontalHeader()
        if not model.columnCount():
            return
        base = self.fontMetrics().horizontalAdvance("M")
        goals = len(model.goals)
        bold = QFont(header.font())
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(bold)
        plain = self.fontMetrics()
        score_least = title_width(header, "Alignment")
        score_wide = max(
            score_least,
            24 + max(plain.horizontalAdvance(t) for t in ("⚠ 100 · unclear", "100 · discussed")),
        )
        # Room for the vertical scroll bar even before it shows: rows added later bring it, and
        # the goals must not then need a sideways one.
        extent = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        reserve = 0 if self.verticalScrollBar().isVisible() else extent
        available = self.viewport().width() - reserve
        weights = [g.weight for g in model.goals] or [5]
        words = max(metrics.horizontalAdvance(f"weight {w}") for w in weights) + HEADER_PADDING
        symbol = max(metrics.horizontalAdvance(f"×{w}") for w in weights) + HEADER_PADDING
        dots = round(plain.height() * 1.9) + 16
        goal_least = max(dots, symbol, round(base * 3.5))
        need_least = base * 6
        need = max(base * 14, available // 3)
        score = score_wide
        goal = base * 10
        if goals:
            goal = max(base * 6, words, min(base * 10, (available - need - score) // goals))

        def over() -> int:
            return need + goals * goal + score - available

        def narrower_goals(least: int) -> int:
            return max(least, goal - -(-max(0, over()) // goals)) if goals else goal

        need = max(min(need, base * 12), need - max(0, over()))
        score = max(score_least, score - max(0, over()))
        goal = narrower_goals(max(goal_least, base * 5))
        need = max(need_least, need - max(0, over()))
        goal = narrower_goals(goal_least)
        fits = over() <= 0
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if fits else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        if fits:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(0, need)
        wrap_width = goal - HEADER_PADDING
        lines = self.title_lines
        model.wrap_header = lambda text: pixel_wrap(text, metrics, wrap_width, lines)
        model.weight_text = (lambda w: f"weight {w}") if goal >= words else (lambda w: f"×{w}")
        for column in range(1, model.score_column()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, goal)
        header.setSectionResizeMode(model.score_column(), QHeaderView.ResizeMode.Fixed)
        header.resizeSection(model.score_column(), score)
        model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)

    def set_title_lines(self, lines: int) -> None:
        """How many lines a goal's title may take in the header (fewer on a short window)."""
        if lines != self.title_lines:
            self.title_lines = lines
            self.lay_out_columns()

    def sizeHintForRow(self, row: int) -> int:
        """How tall a row must be: as its need's text (wrapped), its dots or its score, and at
        most a few lines.

        Worked out here rather than by Qt, which would ask the delegate of every cell of the row
        and the delegate the model for seven roles of each: every goal cell asks for the dots'
        height, and the need and score cells are plain text, measured as their delegate would
        (`Measures`). Kept per row until what it depends on changes.
        """
        if not 0 <= row < self.alignment_model.rowCount():
            return super().sizeHintForRow(row)
        return self._row_height(self._measures(), row)

    def _row_height(self, measures: Measures, row: int) -> int:
        hint = measures.rows.get(row)
        if hint is None:
            model = self.alignment_model
            need = measures.height(0, model.need_text(row))
            score = measures.height(model.score_column(), model.score_text(row))
            hint = measures.rows[row] = min(max(need, score, measures.dots), measures.most)
        return hint

    def _measures(self) -> Measures:
        """What rows are measured with, for the columns' widths, the font, the style and the
        rows' texts now."""
        state = (width_changes(self), font_key(self), self.__dict__.get("_style_changes", 0))
        measures: Measures | None = self.__dict__.get("_measured")
        if measures is None or measures.state != state or measures.full():
            measures = self.__dict__["_measured"] = Measures(self, state)
        model = self.alignment_model
        dots_shown = bool(model.goals) and not self.isColumnHidden(1)
        rows_state = (model.generation, self.title_lines, dots_shown)
        if measures.rows_state != rows_state:
            metrics = self.fontMetrics()
            # The dots ask for the same height in every row (DotsDelegate.sizeHint).
            dots = DotsDelegate.dots_size(metrics).height() if dots_shown else 0
            # A long need takes at most a few lines (the last one ends in "…"; its tooltip has
            # it all), so a short window still shows several rows; never less than the dots.
            most = max(self.title_lines * metrics.lineSpacing() + 20, metrics.height() * 2)
            measures.new_rows(rows_state, dots, most)
        return measures

    def fit_rows(self) -> None:
        """Each row as tall as it asks (`sizeHintForRow`), once the columns have their widths.

        The rows are sized here rather than by their header in ResizeToContents mode: that
        measured every row again on each layout pass (several a visit), and asked the header's
        model and style about every row each time.
        """
        header = self.verticalHeader()
        rows = self.alignment_model.rowCount()
        # The header's own least height for a row, as ResizeToContents took it (no row has text
        # in the hidden header, so one stands for all).
        least = header.sectionSizeHint(0) if rows else 0
        measures = self._measures()
        # The rows' heights as kept (a new dict whenever what they depend on changed).
        heights = measures.rows
        fitted = (rows, least)
        if self.__dict__.get("_fitted_by") is heights and self.__dict__.get("_fitted") == fitted:
            return  # the rows have their heights
        most = header.maximumSectionSize()
        for row in range(rows):
            height = min(max(self._row_height(measures, row), least), most)
            if header.sectionSize(row) != height:
                header.resizeSection(row, height)
        self.__dict__["_fitted_by"], self.__dict__["_fitted"] = heights, fitted

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # What a cell's text takes may have changed: measure the rows again.
            self.__dict__["_style_changes"] = self.__dict__.get("_style_changes", 0) + 1
            refit: QTimer | None = self.__dict__.get("_refit")
            if refit is not None:
                refit.start()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        refit: QTimer | None = self.__dict__.get("_refit")
        if refit is None or self.__dict__.get("_sizing_columns"):
            return
        if refit.isActive():  # as the view is laid out, not after it
            refit.stop()
            self.fit_rows()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            # Once the resizing settles: a window being shown or dragged resizes several times
            # in a row, and each layout measures every row.
            self._relayout.start()

    def _on_clicked(self, index: QModelIndex) -> None:
        if self.alignment_model.goal_column(index.column()) is not None:
            self.strength_requested.emit(index.row(), index.column(), -1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        key = Qt.Key(event.key())
        plain = not (
            event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        if index.isValid() and plain:
            on_goal = self.alignment_model.goal_column(index.column()) is not None
            if key in self._DIGITS and on_goal:
                self.strength_requested.emit(index.row(), index.column(), self._DIGITS[key])
                return
            if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and on_goal:
                self.strength_requested.emit(index.row(), index.column(), -1)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and on_goal:
                self.strength_requested.emit(index.row(), index.column(), 0)
                return
            if key == Qt.Key.Key_A:
                self.acknowledge_requested.emit(index.row())
                return
        super().keyPressEvent(event)


_ROW_HEIGHTS_LIMIT = 20_000


class Measures:
    """The heights the matrix's rows ask for, worked out for one set of column widths, font and
    style (`state`).

    A plain text cell asks for what its delegate answers (QStyledItemDelegate: the style's size of
    an item showing that text, wrapped at the column's width); it is asked here of the style
    directly, without asking the model for every role of the cell first. Texts repeat (scores,
    and needs after an edit elsewhere), so each is measured once. `rows` keeps each row's
    height for the rows' texts, title lines and dots (`rows_state`)."""

    def __init__(self, view: QTableView, state: tuple[object, ...]) -> None:
        self.view = view
        self.state = state
        self.heights: dict[tuple[int, str], int] = {}
        self.options: dict[int, QStyleOptionViewItem | None] = {}
        self.rows_state: tuple[object, ...] = ()
        self.rows: dict[int, int] = {}
        self.dots = self.most = 0

    def full(self) -> bool:
        return len(self.heights) >= _ROW_HEIGHTS_LIMIT

    def new_rows(self, rows_state: tuple[object, ...], dots: int, most: int) -> None:
        self.rows_state, self.rows, self.dots, self.most = rows_state, {}, dots, most

    def height(self, column: int, text: str) -> int:
        key = (column, text)
        height = self.heights.get(key)
        if height is None:
            option = self._option(column)
            if option is None:
                height = 0
            else:
                option.text = text
                view = self.view
                size = view.style().sizeFromContents(
                    QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view
                )
                height = size.height()
            self.heights[key] = height
        return height

    def _option(self, column: int) -> QStyleOptionViewItem | None:
        """The cell's style option as the view and the delegate make it, but for the text."""
        if column in self.options:
            return self.options[column]
        view = self.view
        option: QStyleOptionViewItem | None = None
        if not view.isColumnHidden(column):
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)
            option.rect = QRect(0, 0, view.columnWidth(column), 1)
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            if column:  # the score, centred (its TextAlignmentRole)
                option.displayAlignment = Qt.AlignmentFlag.AlignCenter
        self.options[column] = option
        return option


def measured_height(view: QTableView, row: int, columns: tuple[int, ...]) -> int:
    """The height the delegates ask for in these cells of a row, at their column widths, as
    QTableView.sizeHintForRow measures each cell (for a view without a grid).

    Remembered per view by what the cells show, their widths and the font: rows are measured
    again after every change and on every resize, and most of them have not changed.
    """
    model = view.model()
    # Qt asks for every row several times while a table is first laid out; until the model shows
    # another workshop (its generation), a column is resized or the font changes, the row's
    # number stands for what its cells show.
    generation = getattr(model, "generation", None)
    font = font_key(view)
    state = (generation, width_changes(view), font, tuple(columns))
    now: tuple[object, dict[int, int]] | None = view.__dict__.get("_rows_now")
    if now is None or now[0] != state or generation is None:
        now = view.__dict__["_rows_now"] = (state, {})
    quick = now[1]
    if row in quick:
        return quick[row]
    shown = sorted({c for c in columns if not view.isColumnHidden(c)})
    key = (
        tuple((c, model.index(row, c).data()) for c in shown),
        tuple(view.columnWidth(c) for c in shown),
        font,
    )
    heights: dict[tuple[object, ...], int] = view.__dict__.setdefault("_row_heights", {})
    known = heights.get(key)
    if known is None:
        if len(heights) >= _ROW_HEIGHTS_LIMIT:
            heights.clear()
        known = heights[key] = _measure(view, row, shown)
    quick[row] = known
    return known


def _measure(view: QTableView, row: int, columns: list[int]) -> int:
    model = view.model()
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    top, height = view.rowViewportPosition(row), max(view.rowHeight(row), 1)
    hint = 0
    for column in columns:
        index = model.index(row, column)
        option.rect = QRect(
            view.columnViewportPosition(column), top, view.columnWidth(column), height
        )
        hint = max(hint, view.itemDelegateForIndex(index).sizeHint(option, index).height())
    return hint


def pixel_wrap(text: str, fm: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Break a header into lines that fit `width` pixels; the last line is elided if needed.

    A word too wide for a line breaks after a hyphen ("quote-to-" / "cash") before it is
    shortened with "…".
    """
    tokens: list[tuple[str, bool]] = []  # (text, a space goes before it)
    for word in text.split():
        if fm.horizontalAdvance(word) <= width:
            tokens.append((word, True))
            continue
        parts = [part for part in word.replace("-", "-\n").split("\n") if part]
        for number, part in enumerate(parts):
            # A part still too wide is shortened with "…", never cut into pieces ("operatin",
            # "g"): the header's tooltip names the goal in full.
            fitted = part
            if fm.horizontalAdvance(part) > width:
                fitted = fm.elidedText(part, Qt.TextElideMode.ElideRight, width)
            tokens.append((fitted, number == 0))

    def joined(parts: list[tuple[str, bool]]) -> str:
        out = ""
        for piece, spaced in parts:
            out += (" " if spaced and out else "") + piece
        return out

    lines: list[str] = []
    current: list[tuple[str, bool]] = []
    for index, token in enumerate(tokens):
        if not current or fm.horizontalAdvance(joined([*current, token])) <= width:
            current.append(token)
            continue
        lines.append(joined(current))
        current = [(token[0], True)]
        if len(lines) == max_lines:
            rest = joined([(lines[-1], True), *tokens[index:]])
            lines[-1] = fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
            return lines
    if current:
        lines.append(joined(current))
    return lines or [""]
