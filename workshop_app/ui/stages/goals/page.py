"""Goals: the company's and the division's strategic goals, each with a weight and a measure.

Two lists on the left, company and division, each with its own "type, Enter, next" input. The
selected goal is described on the right: title, level, weight (1–5, shown as dots), measure and
a longer description. With a list focused, 1–5 set the weight, Alt+Up/Down reorder, Delete
removes (undoable). Needs are aligned with these goals in the Align stage.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.company_goals import COPIED, recorded_goals
from workshop_app.core.fields import SHORT_TEXT
from workshop_app.core.kind import Kind
from workshop_app.ui import dialogs
from workshop_app.ui.stages.base import Progress, ProgressState, Stage, stage_header
from workshop_app.ui.stages.goals.library_note import LibraryNote
from workshop_app.ui.widgets.common import capture_row, empty_state, on_delete_key, on_move_keys
from workshop_app.ui.widgets.fields import BoundChoice, BoundLineEdit, BoundTextEdit, _Binding
from workshop_app.ui.widgets.header_row import HeaderRow
from workshop_app.ui.widgets.item_table import Column, ItemTableModel, ItemTableView, make_table
from workshop_app.ui.widgets.labels import muted_label, section_title
from workshop_app.ui.widgets.pages import scrolling_page
from workshop_app.ui.widgets.wrap_label import WrapLabel

_Index = QModelIndex | QPersistentModelIndex
WEIGHT_WORDS = {
    1: "nice to have",
    2: "useful",
    3: "important",
    4: "very important",
    5: "critical",
}
LEVEL_TEXT = {
    m.GoalLevel.COMPANY: ("Company goals", "Add a company goal — then Enter"),
    m.GoalLevel.DIVISION: ("Division goals", "Add a division goal — then Enter"),
}


COMPANY = m.GoalLevel.COMPANY
#: What a picked goal takes from the library's version when it goes in place of a template's.
COPIED_WITH_VERSION = (*COPIED, "library_goal_id", "library_version", "library_period")


def dots(weight: int) -> str:
    """3 → '●●●○○'."""
    weight = max(0, min(5, weight))
    return "●" * weight + "○" * (5 - weight)


class WeightPicker(QWidget, _Binding):
    """A goal's weight as five dots: click a dot, press 1–5, or Left/Right. Saves at once."""

    chosen = Signal(int)
    DOT = 18
    GAP = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = 3
        self.read_only = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Weight")
        self.setToolTip("How critical is this goal? 1 = nice to have, 5 = critical (keys 1–5)")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._describe()

    def sizeHint(self) -> QSize:
        return QSize(5 * self.DOT + 4 * self.GAP + 8, self.DOT + 12)

    def show_current(self) -> None:
        value = self.current()
        self.value = int(value) if isinstance(value, int) else 3
        self._describe()
        self.update()

    def set_value(self, value: int) -> None:
        value = max(1, min(5, value))
        if self.read_only or value == self.value:
            return
        self.value = value
        self._describe()
        self.update()
        self.save(value)
        self.chosen.emit(value)

    def _describe(self) -> None:
        self.setAccessibleDescription(f"{self.value} of 5, {WEIGHT_WORDS[self.value]}")

    def _dot_rect(self, index: int) -> QRectF:
        x = 4 + index * (self.DOT + self.GAP)
        return QRectF(x, (self.height() - self.DOT) / 2, self.DOT, self.DOT)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(palette.ColorRole.Highlight)
        empty = palette.color(palette.ColorRole.Mid)
        if self.read_only:
            accent = palette.color(palette.ColorGroup.Disabled, palette.ColorRole.Text)
        for index in range(5):
            rect = self._dot_rect(index)
            filled = index < self.value
            painter.setPen(QPen(accent if filled else empty, 2))
            painter.setBrush(accent if filled else QColor(0, 0, 0, 0))
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        if self.hasFocus():
            pen = QPen(accent, 2)
            painter.setPen(pen)
            painter.setBrush(QColor(0, 0, 0, 0))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = QPointF(event.position())
        for index in range(5):
            if self._dot_rect(index).adjusted(-self.GAP / 2, -6, self.GAP / 2, 6).contains(point):
                self.set_value(index + 1)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.set_value(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_value(self.value + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.set_value(self.value - 1)
        else:
            super().keyPressEvent(event)


def paint_dots(painter: QPainter, rect: QRectF, value: int, filled: QColor, empty: QColor) -> None:
    """Five dots, `value` of them filled, centred vertically in rect from its left edge."""
    size, gap = 12.0, 6.0
    top = rect.top() + (rect.height() - size) / 2
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for index in range(5):
        on = index < value
        painter.setPen(QPen(filled if on else empty, 1.6))
        painter.setBrush(filled if on else QColor(0, 0, 0, 0))
        painter.drawEllipse(QRectF(rect.left() + index * (size + gap), top, size, size))
    painter.restore()


class WeightDelegate(QStyledItemDelegate):
    """The weight column: dots instead of a number, in the selection's colours when selected."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        weight = index.data(Qt.ItemDataRole.EditRole)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        filled = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.Highlight
        )
        empty = palette.color(
            palette.ColorRole.HighlightedText if selected else palette.ColorRole.Mid
        )
        area = QRectF(opt.rect).adjusted(12, 0, -8, 0)
        paint_dots(painter, area, int(weight) if isinstance(weight, int) else 0, filled, empty)


class GoalGroup(QWidget):
    """One level's goals: a title, a capture input and a table."""

    def __init__(
        self, stage: GoalsStage, level: m.GoalLevel, buttons: list[QWidget] | None = None
    ) -> None:
        super().__init__()
        self.stage, self.level = stage, level
        title, placeholder = LEVEL_TEXT[level]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        heading = section_title(title)
        head.addWidget(heading)
        self.count = muted_label()
        head.addWidget(self.count, 1, Qt.AlignmentFlag.AlignBottom)
        if buttons:
            # Beside the list they fill, not beside the stage's title: the title stays on one
            # line at 1366×768, and both lists and the selected goal fit without scrolling.
            title_box = QWidget()
            title_box.setLayout(head)
            # Centred beside the taller buttons, so the count keeps to the heading's baseline.
            title_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            layout.addWidget(HeaderRow(title_box, buttons))
        else:
            layout.addLayout(head)
        row, self.capture, self.add_button = capture_row(
            placeholder,
            f"New {level.value} goal",
            self.add_goal,
            max_length=SHORT_TEXT,
            button_name=f"Add {level.value} goal",
            draft=f"{level.value} goal",
        )
        layout.addLayout(row)
        self.model = ItemTableModel(
            Kind.GOAL,
            [
                Column("Goal", "title", stretch=True),
                Column(
                    "Weight",
                    get=lambda g: g.weight,
                    tooltip="How critical: 1–5. With the list focused, press 1–5 to set it.",
                ),
                Column("Measure", "measure"),
            ],
            self,
        )
        self.table: QTableView = make_table(self.model, title)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().resizeSection(1, 124)
        self._fit_columns()
        self.table.setItemDelegateForColumn(1, WeightDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        if isinstance(self.table, ItemTableView):
            self.table.rows_fit_contents = False  # one line each, elided
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(max(38, self.table.fontMetrics().height() + 18))
        self.table.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: stage.show_goal(self, current.row())
        )
        layout.addWidget(self.table, 1)
        self.empty = empty_state(
            "No company goals yet. Type the goal the executive team would name first, then Enter."
            if level is m.GoalLevel.COMPANY
            else "No division goals yet. What must this division achieve this year? "
            "Type it, then Enter.",
            fill=True,
        )
        layout.addWidget(self.empty, 1)
        on_delete_key(self.table, self.delete_selected)
        on_move_keys(self.table, self.move_selected)

    # -- reading ----------------------------------------------------------------------------
    def goals(self, workshop: m.Workshop) -> list[m.StrategicGoal]:
        return [g for g in workshop.goals if g.level is self.level]

    def selected(self) -> m.StrategicGoal | None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else index.row() if index.isValid() else -1
        return self.model.items[row] if 0 <= row < len(self.model.items) else None

    def select(self, goal_id: str) -> bool:
        row = self.model.row_of(goal_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def refresh(self, workshop: m.Workshop) -> None:
        goals = self.goals(workshop)
        self.model.session = self.stage.session
        self.model.set_items(goals, read_only=workshop.is_locked)
        self.table.setVisible(bool(goals))
        self.empty.setVisible(not goals)
        self.count.setText(f"{len(goals)}" if goals else "")
        self.capture.setEnabled(not workshop.is_locked)
        self.add_button.setEnabled(not workshop.is_locked)

    # -- edits ------------------------------------------------------------------------------
    def add_goal(self) -> None:
        session = self.stage.session
        title = self.capture.text().strip()
        if not title or session is None:
            return
        goal_id = session.add(Kind.GOAL, {"title": title, "level": self.level})
        if goal_id is not None:
            self.capture.clear()
            self.stage.show_goal_id(goal_id)
            self.table.scrollToBottom()
        self.capture.setFocus()

    def delete_selected(self) -> None:
        goal = self.selected()
        session = self.stage.session
        if goal is not None and session is not None:
            row = self.model.row_of(goal.id)
            session.delete(Kind.GOAL, goal.id, "goal")
            if self.model.items:
                self.table.selectRow(min(row, len(self.model.items) - 1))

    def move_selected(self, step: int) -> None:
        """Move the selected goal up or down among the goals of its level."""
        goal = self.selected()
        session = self.stage.session
        if goal is None or session is None:
            return
        ids = [g.id for g in session.workshop.goals]
        siblings = [g.id for g in self.goals(session.workshop)]
        place = siblings.index(goal.id)
        if not 0 <= place + step < len(siblings):
            return
        before = ids.index(goal.id)
        after = ids.index(siblings[place + step])
        session.move(Kind.GOAL, goal.id, before, after)
        self.select(goal.id)

    def _fit_columns(self) -> None:
        """The measure takes a third of the width, the goal the rest (after the dots)."""
        width = self.table.viewport().width()
        self.table.horizontalHeader().resizeSection(2, max(120, min(280, width // 3)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """With the list focused, the number keys 1–5 set the selected goal's weight."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            plain = event.modifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
            if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
                goal = self.selected()
                session = self.stage.session
                if goal is not None and session is not None and not session.locked:
                    session.edit(Kind.GOAL, goal.id, "weight", key - Qt.Key.Key_0)
                return True
        return super().eventFilter(watched, event)


class GoalsStage(Stage):
    key = "goals"
    title = "Goals"
    shows = frozenset({Kind.WORKSHOP, Kind.GOAL})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_goal_id: str | None = None
        self._placed: str | None = None  # the template's goal a pick just took the place of
        layout = scrolling_page(self, minimum_height=600)
        header = stage_header(
            "What matters most to the company and to this division?",
            "The weight says how critical a goal is (1–5). Every need is aligned with "
            "these goals later, so name the ones that really decide.",
        )
        self.pick_button = QPushButton("Pick company goals…")
        # Ctrl+Shift+G is the window's command (ui/actions.py), from every stage and the palette.
        self.pick_button.setToolTip(
            "Pick from the company goals kept once for every workshop (Ctrl+Shift+G)"
        )
        self.pick_button.clicked.connect(self.pick_company_goals)
        manage = QPushButton("Company goals…")
        manage.setToolTip("Add, change or retire the company's goals for every workshop")
        manage.clicked.connect(self.manage_company_goals)
        layout.addWidget(header)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        lists = QVBoxLayout()
        lists.setSpacing(16)
        # The company's goal library beside the company goals; on a narrow window with larger
        # text the buttons go under that heading.
        self.groups = {
            level: GoalGroup(self, level, [self.pick_button, manage] if level is COMPANY else None)
            for level in m.GoalLevel
        }
        for group in self.groups.values():
            lists.addWidget(group, 1)
        self.lists = lists
        columns.addLayout(lists, 2)
        columns.addWidget(self._build_detail(), 1)
        layout.addLayout(columns, 1)
        self.focus_widget = self.groups[m.GoalLevel.COMPANY].capture

    def _build_detail(self) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        card.setMinimumWidth(288)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 16, 20, 20)
        layout.setSpacing(8)
        heading = section_title("The selected goal")
        layout.addWidget(heading)
        self.detail_empty = muted_label(
            "Select a goal to describe it: what it means, how critical it is and how "
            "progress is measured.",
            wrap=True,
        )
        layout.addWidget(self.detail_empty)

        self.detail = QWidget()
        form = QVBoxLayout(self.detail)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(6)
        self.title_edit = BoundLineEdit("What the goal is, in a few words")
        self.title_edit.setAccessibleName("Goal title")
        form.addWidget(_label("Goal", self.title_edit))
        form.addWidget(self.title_edit)
        self.library_note = LibraryNote()
        form.addWidget(self.library_note)
        self.level_choice = BoundChoice(m.GoalLevel, allow_empty=False)
        self.level_choice.setAccessibleName("Goal level: company or division")
        self.level_choice.setMinimumWidth(150)
        form.addWidget(_label("Level", self.level_choice))
        form.addWidget(self.level_choice, 0, Qt.AlignmentFlag.AlignLeft)
        self.weight = WeightPicker()
        self.weight.chosen.connect(lambda _v: self._describe_weight())
        form.addWidget(_label("Weight", self.weight))
        weight_line = QHBoxLayout()
        weight_line.setSpacing(12)
        weight_line.addWidget(self.weight)
        self.weight_words = WrapLabel(name="muted")
        weight_line.addWidget(self.weight_words, 1)
        form.addLayout(weight_line)
        self.measure_edit = BoundLineEdit("How progress shows, e.g. ARR +15% year on year")
        self.measure_edit.setAccessibleName("Goal measure")
        form.addWidget(_label("Measure", self.measure_edit))
        form.addWidget(self.measure_edit)
        self.description_edit = BoundTextEdit("What it means, in the division's own words")
        self.description_edit.setAccessibleName("Goal description")
        form.addWidget(_label("Description", self.description_edit))
        form.addWidget(self.description_edit, 1)
        for editor in (self.title_edit, self.measure_edit):
            editor.committed.connect(self.focusNextChild)
        layout.addWidget(self.detail, 1)
        layout.addStretch(0)
        self.setTabOrder(self.title_edit, self.level_choice)
        self.setTabOrder(self.level_choice, self.weight)
        self.setTabOrder(self.weight, self.measure_edit)
        self.setTabOrder(self.measure_edit, self.description_edit)
        return card

    # -- selection ---------------------------------------------------------------------------
    def show_goal(self, group: GoalGroup, row: int) -> None:
        if 0 <= row < len(group.model.items):
            self.show_goal_id(group.model.items[row].id)

    def show_goal_id(self, goal_id: str | None) -> None:
        self.current_goal_id = goal_id
        for group in self.groups.values():
            selected = group.selected()
            if goal_id is None or group.model.row_of(goal_id) < 0:
                if selected is not None:
                    group.table.selectionModel().blockSignals(True)
                    group.table.clearSelection()
                    group.table.setCurrentIndex(QModelIndex())
                    group.table.selectionModel().blockSignals(False)
                    group.table.viewport().update()
            elif selected is None or selected.id != goal_id:
                group.table.selectionModel().blockSignals(True)
                group.select(goal_id)
                group.table.selectionModel().blockSignals(False)
                group.table.viewport().update()
        self._bind_detail()

    def _bind_detail(self) -> None:
        session = self.session
        goal = (
            session.workshop.goal(self.current_goal_id)
            if session is not None and self.current_goal_id
            else None
        )
        self.detail.setVisible(goal is not None)
        self.detail_empty.setVisible(goal is None)
        if goal is None or session is None:
            return
        self.title_edit.bind(session, Kind.GOAL, goal.id, "title")
        self.level_choice.bind(session, Kind.GOAL, goal.id, "level")
        self.weight.bind(session, Kind.GOAL, goal.id, "weight")
        self.measure_edit.bind(session, Kind.GOAL, goal.id, "measure")
        self.description_edit.bind(session, Kind.GOAL, goal.id, "description")
        locked = session.workshop.is_locked
        for editor in (self.title_edit, self.measure_edit):
            editor.setReadOnly(locked)
        self.description_edit.setReadOnly(locked)
        self.level_choice.setEnabled(not locked)
        self.weight.read_only = locked
        self._describe_weight()
        self.library_note.show_goal(session, goal)

    # -- the company's goal library ---------------------------------------------------------
    def pick_company_goals(self) -> None:
        session = self.session
        if session is None:
            return
        if session.locked:
            self.status_message.emit("This workshop's goals can no longer change here.")
            return
        selected = session.workshop.goal(self.current_goal_id or "")
        # A template's company goal selected here: the pick is offered in its place.
        template = selected is not None and selected.placeholder and selected.level is COMPANY
        dialog = dialogs.pick_company_goals(
            self,
            session.library,
            session.workshop_id,
            add=lambda values: session.add(Kind.GOAL, dict(values)),
            replace=self.put_in_place,
            instead=selected.id if template and selected is not None else None,
        )
        dialog.picked.connect(lambda _id: self._show_last_company_goal())
        dialog.open()

    def put_in_place(self, goal_id: str, values: dict[str, object]) -> bool:
        """The company's goal in place of a template's goal, as one undoable step: its words and
        the library version taken; its weight, position and links stay. Whether it took."""
        session = self.session
        if session is None or session.locked:
            return False
        with session.macro("Pick the company's goal in place of the template's"):
            for field in COPIED_WITH_VERSION:
                session.edit(Kind.GOAL, goal_id, field, values[field])
            session.edit(Kind.GOAL, goal_id, "placeholder", False)
        goal = session.workshop.goal(goal_id)
        self._placed = goal_id
        return goal is not None and goal.library_goal_id == values["library_goal_id"]

    def _show_last_company_goal(self) -> None:
        placed, self._placed = self._placed, None
        goals = (
            self.groups[m.GoalLevel.COMPANY].goals(self.session.workshop) if self.session else []
        )
        if placed is not None:
            self.show_goal_id(placed)
        elif goals:
            self.show_goal_id(goals[-1].id)

    def manage_company_goals(self) -> None:
        if self.session is None:
            return
        dialog = dialogs.company_goals_dialog(self, self.session.library)
        dialog.changed.connect(self._bind_detail)
        dialog.open()

    def _describe_weight(self) -> None:
        self.weight_words.setText(f"{self.weight.value} of 5 · {WEIGHT_WORDS[self.weight.value]}")

    # -- showing -----------------------------------------------------------------------------
    def refresh(self, workshop: m.Workshop) -> None:
        self.pick_button.setEnabled(not workshop.is_locked)
        for position, group in enumerate(self.groups.values()):
            group.refresh(workshop)
            # The longer list gets the room, so neither scrolls while the other has space.
            self.lists.setStretch(position, max(2, len(group.model.items)) + 2)
        goal_id = self.current_goal_id
        if goal_id is None or workshop.goal(goal_id) is None:
            goal_id = workshop.goals[0].id if workshop.goals else None
        self.show_goal_id(goal_id)

    @staticmethod
    def progress(workshop: m.Workshop) -> Progress:
        goals = recorded_goals(workshop.goals)  # a template's wording is not a goal yet
        company = sum(1 for g in goals if g.level is m.GoalLevel.COMPANY)
        division = len(goals) - company
        waiting = len(workshop.goals) - len(goals)
        if waiting:
            return Progress(
                ProgressState.PARTIAL,
                str(len(goals)),
                f"{waiting} goal{'s' if waiting != 1 else ''} still in the template's words",
            )
        if company and division:
            return Progress(
                ProgressState.DONE,
                str(len(goals)),
                f"{company} company and {division} division goals",
            )
        if not goals:
            return Progress(ProgressState.EMPTY, "", "No strategic goals yet")
        missing = "a division goal" if company else "a company goal"
        return Progress(ProgressState.PARTIAL, str(len(goals)), f"Still needed: {missing}")

    def show_field(self, item_id: str, field: str) -> bool:
        """Select a goal and put the cursor in its title (a sign-off blocker's place)."""
        if self.session is None or self.session.workshop.goal(item_id) is None:
            return False
        self.show_goal_id(item_id)
        self.title_edit.setFocus()
        self.title_edit.selectAll()
        return True


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setBuddy(buddy)
    return label
