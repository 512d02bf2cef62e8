"""The company's goals, kept once per library (core/company_goals.py), in two dialogs.

- **Pick from the company goals…** (Goals stage, Workshop menu, palette): a search line and the
  current goals for the period. Type to narrow, Down/Up to choose, Enter adds the goal to the
  workshop (undoable, as any added goal) and the dialog stays open for the next; Esc closes.
  While the workshop still has a template's company goals, "Where it goes" offers to put the
  pick in place of one of them (its weight, position and links kept; one undoable step).
- **Company goals…** (Goals stage and the workshops library): add a goal, change one (which
  makes a new version: workshops that picked the earlier one keep it), retire one.

Both are built by factories in ui/dialogs.py and shown with `open()`; nothing blocks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import company_goals as cg
from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.fields import SHORT_TEXT
from workshop_app.storage import company_goals as store
from workshop_app.storage.operations import Library
from workshop_app.ui.widgets.labels import muted_label, plain_label, section_title

_ID = Qt.ItemDataRole.UserRole


def describe(goal: cg.CompanyGoal) -> str:
    """One line of a list: “Grow revenue 15% · 2027 · version 2”."""
    current = goal.current
    parts = [current.title]
    if current.period:
        parts.append(current.period)
    if current.version > 1:
        parts.append(f"version {current.version}")
    if goal.retired:
        parts.append("retired")
    return " · ".join(parts)


def _no_default(dialog: QDialog) -> None:
    """No button answers Enter by itself: the line typed into decides what Enter does."""
    for button in dialog.findChildren(QPushButton):
        button.setAutoDefault(False)
        button.setDefault(False)


def _list(name: str) -> QListWidget:
    found = QListWidget()
    found.setAccessibleName(name)
    found.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    found.setUniformItemSizes(True)
    found.setWordWrap(False)
    found.setTextElideMode(Qt.TextElideMode.ElideRight)
    return found


class PickCompanyGoals(QDialog):
    """Search the library's current company goals and add them to the workshop."""

    #: Asks to add the library goal (by id) to the workshop; `pick` answers with a sentence.
    picked = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        library: Library,
        workshop_id: str,
        period: str = "",
        add: Callable[[dict[str, object]], str | None] | None = None,
        replace: Callable[[str, dict[str, object]], bool] | None = None,
        instead: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("pickCompanyGoals")
        self.setWindowTitle("Pick from the company goals")
        self.library, self.workshop_id, self._add = library, workshop_id, add
        self._replace = replace
        self.goals = store.company_goals(library)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(section_title("The company's goals"))
        layout.addWidget(
            muted_label(
                "Type to search, Enter adds the goal to this workshop; pick as many as the "
                "room names. The workshop keeps the words it took, whatever the library "
                "changes later.",
                wrap=True,
            )
        )
        line = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the company goals")
        self.search.setAccessibleName("Search the company goals")
        self.search.setClearButtonEnabled(True)
        line.addWidget(self.search, 3)
        self.period = QLineEdit(period)
        self.period.setPlaceholderText("Any period")
        self.period.setAccessibleName("Period, e.g. 2027")
        self.period.setToolTip("Only goals that hold for this year or period; empty: any")
        line.addWidget(self.period, 1)
        layout.addLayout(line)
        self.found = _list("Company goals to pick")
        layout.addWidget(self.found, 1)
        self.empty = plain_label("", "emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty, 1)
        layout.addLayout(self._build_where())
        self.said = plain_label("", "muted")
        self.said.setWordWrap(True)
        layout.addWidget(self.said)
        buttons = QDialogButtonBox()
        self.add_button = QPushButton("Add to this workshop")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.pick_current)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        done = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        done.clicked.connect(self.close)
        layout.addWidget(buttons)
        _no_default(self)  # Enter belongs to the search line, which picks
        self.search.textChanged.connect(self.refresh)
        self.period.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.pick_current)
        self.found.itemActivated.connect(lambda _item: self.pick_current())
        self.search.installEventFilter(self)
        self._fit(parent)
        self.refresh()
        self.refresh_where(instead)
        self.setFocusProxy(self.search)

    def _fit(self, parent: QWidget | None) -> None:
        """Room for a few goals at any text size, within the window it opens over."""
        metrics = self.fontMetrics()
        width, height = max(620, metrics.averageCharWidth() * 72), max(460, metrics.height() * 25)
        if parent is not None:
            room = parent.window().size()
            width, height = min(width, room.width() - 32), min(height, room.height() - 32)
        self.resize(max(width, 480), max(height, 360))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.search.setFocus()

    def eventFilter(self, watched: object, event: object) -> bool:
        """Down and Up in the search line move through the list, as in a command palette."""
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        arrows = (Qt.Key.Key_Down, Qt.Key.Key_Up)
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in arrows
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.found.count() - 1, self.found.currentRow() + step))
            self.found.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _build_where(self) -> QVBoxLayout:
        """“Where it goes”: as a new goal, or in place of a template's company goal (the label
        above the choice, so a long template goal's words have the dialog's whole width)."""
        row = QVBoxLayout()
        row.setSpacing(4)
        self.where_label = plain_label("Where it goes", "fieldLabel")
        row.addWidget(self.where_label)
        self.where = QComboBox()
        self.where.setAccessibleName("Where the picked goal goes")
        self.where.setToolTip(
            "A template's goal is wording to start from: the company's goal can take its place, "
            "keeping its weight and links (one undoable step)"
        )
        self.where.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.where.setMinimumContentsLength(24)
        self.where_label.setBuddy(self.where)
        row.addWidget(self.where)
        return row

    def refresh_where(self, instead: str | None = None) -> None:
        """Offer the workshop's company goals still in a template's words; choose `instead`
        (else keep the choice, while it is still offered)."""
        wanted = instead if instead is not None else self.where.currentData()
        try:
            goals = self.library.workshop(self.workshop_id).goals
        except UserError:
            goals = []
        templates = [g for g in cg.placeholders(goals) if g.level is m.GoalLevel.COMPANY]
        self.where.clear()
        self.where.addItem("As a new company goal", None)
        for goal in templates:
            self.where.addItem(f"In place of the template's “{goal.title[:80]}”", goal.id)
        found = self.where.findData(wanted) if wanted else -1
        self.where.setCurrentIndex(max(0, found))
        shown = bool(templates) and self._replace is not None
        self.where.setVisible(shown)
        self.where_label.setVisible(shown)

    def replacing(self) -> str | None:
        """The template's goal the pick goes in place of; None: added as a new goal."""
        if self.where.isHidden():
            return None
        data = self.where.currentData()
        return str(data) if data else None

    def offered(self) -> list[cg.CompanyGoal]:
        return cg.offered(self.goals, self.period.text(), self.search.text())

    def refresh(self) -> None:
        shown = self.offered()
        held = self._held()
        self.found.clear()
        for goal in shown:
            there = goal.id in held or cg.normalise(goal.title) in held
            item = QListWidgetItem(describe(goal) + (" · in this workshop" if there else ""))
            item.setData(_ID, goal.id)
            item.setToolTip(goal.current.description or goal.current.title)
            if there:
                item.setForeground(self.palette().color(self.palette().ColorRole.PlaceholderText))
            self.found.addItem(item)
        if shown:  # the first goal the workshop does not have yet
            fresh = [
                i
                for i, g in enumerate(shown)
                if g.id not in held and cg.normalise(g.title) not in held
            ]
            self.found.setCurrentRow(fresh[0] if fresh else 0)
        self.found.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        self.empty.setText(
            "The library holds no company goals yet. Add them once with “Company goals…”, "
            "then every workshop picks them here."
            if not self.goals
            else "No current company goal matches. Clear the search or the period."
        )
        self.add_button.setEnabled(bool(shown))

    def _held(self) -> set[str]:
        """The library ids and names of the company goals the workshop has already (a
        template's wording does not count: a pick can take its place)."""
        try:
            goals = cg.recorded_goals(self.library.workshop(self.workshop_id).goals)
        except UserError:
            return set()
        return {g.library_goal_id for g in goals if g.library_goal_id} | {
            cg.normalise(g.title) for g in goals if g.level is m.GoalLevel.COMPANY
        }

    def pick_current(self) -> None:
        item = self.found.currentItem()
        if item is None or not self.found.isVisible():
            return
        self.pick(str(item.data(_ID)))

    def pick(self, goal_id: str) -> None:
        """Add the goal to the workshop, or put it in place of the template's goal chosen in
        “Where it goes”, and say so; a refusal is said in the same place."""
        instead = self.replacing()
        try:
            values = store.pick_company_goal(
                self.library, self.workshop_id, goal_id, replacing=instead or ""
            )
        except UserError as exc:
            self.said.setText(str(exc))
            return
        if instead is not None and self._replace is not None:
            template = self.where.currentText()
            if not self._replace(instead, values):
                self.said.setText("That goal could not take its place; the status bar says why.")
                return
            said = template.replace("In place of", "is now in place of", 1)
            self.said.setText(f"“{values['title']}” {said}. Pick another, or Esc to close.")
            instead = ""  # the next pick goes where the facilitator chooses again
        else:
            added = self._add(values) if self._add is not None else None
            if self._add is not None and added is None:
                self.said.setText("That goal could not be added; the status bar says why.")
                return
            self.said.setText(f"Added “{values['title']}”. Pick another, or Esc to close.")
        self.picked.emit(goal_id)
        self.refresh()
        self.refresh_where(instead)
        self.search.selectAll()
        self.search.setFocus()


class CompanyGoalsDialog(QDialog):
    """Add, change (a new version) and retire the library's company goals."""

    changed = Signal()

    def __init__(self, parent: QWidget | None, library: Library) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("companyGoalsDialog")
        self.setWindowTitle("Company goals")
        self.library = library
        self.goals: list[cg.CompanyGoal] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(section_title("The company's goals"))
        layout.addWidget(
            muted_label(
                "Kept once for every workshop. A change makes a new version: workshops that "
                "picked the earlier one keep it and are told that the company's goal changed. "
                "A retired goal is no longer offered.",
                wrap=True,
            )
        )
        columns = QHBoxLayout()
        columns.setSpacing(16)
        side = QVBoxLayout()
        self.found = _list("Company goals")
        self.found.currentRowChanged.connect(lambda _row: self.show_current())
        side.addWidget(self.found, 1)
        self.new_button = QPushButton("New goal")
        self.new_button.setToolTip("Clear the form to type a new company goal")
        self.new_button.clicked.connect(self.new_goal)
        side.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_retired = QCheckBox("Show retired goals")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        side.addWidget(self.show_retired)
        columns.addLayout(side, 1)
        columns.addLayout(self._build_form(), 1)
        layout.addLayout(columns, 1)
        self.said = plain_label("", "muted")
        self.said.setWordWrap(True)
        layout.addWidget(self.said)
        buttons = QDialogButtonBox()
        done = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        done.clicked.connect(self.close)
        layout.addWidget(buttons)
        _no_default(self)  # Enter in the goal line saves or adds, once
        self.resize(860, 520)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.title.setFocus()

    def _build_form(self) -> QVBoxLayout:
        form_column = QVBoxLayout()
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.title = QLineEdit()
        self.title.setMaxLength(SHORT_TEXT)
        self.title.setAccessibleName("Goal")
        self.title.setPlaceholderText("The goal, in the executive team's words")
        form.addRow("Goal", self.title)
        self.period = QLineEdit()
        self.period.setAccessibleName("Period")
        self.period.setPlaceholderText("The year or period it holds for, e.g. 2027")
        form.addRow("Period", self.period)
        self.measure = QLineEdit()
        self.measure.setAccessibleName("Measure")
        self.measure.setPlaceholderText("How progress shows")
        form.addRow("Measure", self.measure)
        self.description = QPlainTextEdit()
        self.description.setAccessibleName("Description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What it means")
        self.description.setMinimumHeight(72)
        form.addRow("Description", self.description)
        form_column.addLayout(form, 1)
        self.history = plain_label("", "muted")
        self.history.setWordWrap(True)
        form_column.addWidget(self.history)
        actions = QHBoxLayout()
        self.add_button = QPushButton("Add as a new goal")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton("Save a new version")
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.retire_button = QPushButton("Retire")
        self.retire_button.clicked.connect(self.retire)
        for button in (self.add_button, self.save_button, self.retire_button):
            actions.addWidget(button)
        actions.addStretch(1)
        form_column.addLayout(actions)
        self.title.returnPressed.connect(self._enter)
        return form_column

    # -- showing --------------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        self.goals = store.company_goals(self.library)
        current = select or self.current_id()
        shown = [g for g in self.goals if self.show_retired.isChecked() or not g.retired]
        self.found.blockSignals(True)
        self.found.clear()
        for goal in shown:
            item = QListWidgetItem(describe(goal))
            item.setData(_ID, goal.id)
            item.setToolTip(goal.title)
            self.found.addItem(item)
        rows = [i for i, g in enumerate(shown) if g.id == current]
        self.found.setCurrentRow(rows[0] if rows else -1)
        self.found.blockSignals(False)
        self.show_current()

    def current_id(self) -> str | None:
        item = self.found.currentItem()
        return str(item.data(_ID)) if item is not None else None

    def current(self) -> cg.CompanyGoal | None:
        goal_id = self.current_id()
        return next((g for g in self.goals if g.id == goal_id), None)

    def show_current(self) -> None:
        goal = self.current()
        words = goal.current if goal is not None else cg.GoalVersion(0, "")
        self.title.setText(words.title)
        self.period.setText(words.period)
        self.measure.setText(words.measure)
        self.description.setPlainText(words.description)
        editable = goal is None or not goal.retired
        for editor in (self.title, self.period, self.measure):
            editor.setReadOnly(not editable)
        self.description.setReadOnly(not editable)
        self.save_button.setEnabled(goal is not None and editable)
        self.retire_button.setEnabled(goal is not None and editable)
        self.history.setText(self._history(goal))

    @staticmethod
    def _history(goal: cg.CompanyGoal | None) -> str:
        if goal is None:
            return "Type a goal and choose “Add as a new goal”."
        versions = len(goal.versions)
        said = f"Version {goal.current.version}" + (
            f"; earlier: {', '.join(f'“{v.title}”' for v in reversed(goal.versions[:-1]))}"
            if versions > 1
            else ""
        )
        return said + (" · retired" if goal.retired else "")

    # -- changing -------------------------------------------------------------------------------
    def _words(self) -> dict[str, str]:
        return {
            "title": self.title.text(),
            "period": self.period.text(),
            "measure": self.measure.text(),
            "description": self.description.toPlainText(),
        }

    def _enter(self) -> None:
        """Enter in the goal line: save the selected goal, or add a new one."""
        if self.current() is None:
            self.add()
        else:
            self.save()

    def _do(self, change: Callable[[], cg.CompanyGoal], said: str) -> None:
        try:
            goal = change()
        except UserError as exc:
            self.said.setText(str(exc))
            return
        self.said.setText(said.format(title=goal.title, version=goal.current.version))
        self.refresh(select=goal.id)
        self.changed.emit()

    def add(self) -> None:
        self._do(
            lambda: store.add_company_goal(self.library, **self._words()),
            "Added “{title}”: workshops can pick it now.",
        )

    def save(self) -> None:
        goal = self.current()
        if goal is None:
            return
        if (*goal.current.words(), goal.current.period) == tuple(
            self._words()[k] for k in ("title", "description", "measure", "period")
        ):
            self.said.setText("Nothing changed.")
            return
        self._do(
            lambda: store.edit_company_goal(self.library, goal.id, **self._words()),
            "“{title}” is now version {version}; workshops that picked an earlier one keep it.",
        )

    def retire(self) -> None:
        goal = self.current()
        if goal is None:
            return
        self._do(
            lambda: store.retire_company_goal(self.library, goal.id),
            "“{title}” is retired: no longer offered; the workshops that picked it keep it.",
        )
        self.found.clearSelection()
        self.found.setCurrentRow(-1)
        self.show_current()

    def new_goal(self) -> None:
        """Clear the form for a new goal."""
        self.found.setCurrentRow(-1)
        self.show_current()
        self.title.setFocus()
