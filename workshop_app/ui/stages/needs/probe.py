"""The probing panel for one need: the questions of the method, in the order of the conversation.

Why-ladder → the need ("so that…") → what success looks like (measure, baseline → target, by
when) → who benefits → if we do nothing → alternatives → does the request serve it → lens.
Every editor is bound to one field and saves itself; Enter commits and moves on.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.lens import CUSTOMER_SIDE
from workshop_app.core.purpose import PurposeProblem, need_problem, serves
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.needs.estimate import EstimateRow
from workshop_app.ui.stages.needs.ladder import WhyLadder
from workshop_app.ui.widgets.cto_hint import CtoHintBar
from workshop_app.ui.widgets.fields import (
    BoundChoice,
    BoundLineEdit,
    BoundTextEdit,
    _Binding,
    _Debounced,
)
from workshop_app.ui.widgets.labels import muted_label
from workshop_app.ui.widgets.wrap_row import WrapRow


class EnterTextEdit(BoundTextEdit):
    """A few lines of text where Enter commits and moves on; Shift+Enter starts a new line.

    It grows with its text up to `max_lines`, then scrolls.
    """

    committed = Signal()

    def __init__(
        self,
        placeholder: str = "",
        min_lines: int = 2,
        max_lines: int = 4,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(placeholder, parent)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self.updateGeometry()
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.insertPlainText("\n")
                return
            self.flush()
            self.committed.emit()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        lines = int(self.document().size().height()) or 1
        lines = max(self.min_lines, min(self.max_lines, lines))
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        return QSize(200, lines * fm.lineSpacing() + frame + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class ChoiceGroup(QWidget, _Binding):
    """Radio buttons for an enum field; arrow keys move and choose, as in any radio group."""

    def __init__(self, enum: type[StrEnum], accessible: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(accessible)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        self.group = QButtonGroup(self)
        self.members = list(enum)
        self.buttons: list[QRadioButton] = []
        for number, member in enumerate(self.members):
            button = QRadioButton(getattr(member, "label", member.value))
            button.setObjectName("choiceRadio")
            button.setAccessibleName(f"{accessible}: {getattr(member, 'label', member.value)}")
            self.group.addButton(button, number)
            self.buttons.append(button)
        # On one line where there is room; over more lines on a narrow panel with larger text.
        row.addWidget(
            WrapRow(self.buttons[0], list[QWidget](self.buttons[1:]), 24, fill_first=False)
        )
        self.group.idClicked.connect(lambda number: self.save(self.members[number]))
        for button in self.buttons:
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab lands on the chosen answer, as in any radio group, not on the first button.
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        ):
            checked = self.group.checkedButton()
            if checked is not None and checked is not watched:
                checked.setFocus(event.reason())
        return False

    def show_current(self) -> None:
        value = self.current()
        self.group.setExclusive(False)
        for member, button in zip(self.members, self.buttons, strict=True):
            button.setChecked(member == value)
        self.group.setExclusive(True)

    def set_read_only(self, read_only: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not read_only)

    def focus_target(self) -> QRadioButton:
        checked = self.group.checkedButton()
        return checked if isinstance(checked, QRadioButton) else self.buttons[0]


class ServesChoice(ChoiceGroup):
    """Fully / partly / not at all: answered for one request and one need, so another request
    pointed at the same need has an answer of its own."""

    request_id = ""

    def bind_pair(self, session: WorkshopSession, need_id: str, request_id: str) -> None:
        self.request_id = request_id
        self.bind(session, Kind.NEED, need_id, "serves")

    def current(self) -> m.Serves | None:
        if self.session is None or not self.item_id:
            return None
        need = self.session.workshop.need(self.item_id)
        return None if need is None else serves(need, self.request_id)

    def save(self, value: object, *, typing: bool = False) -> None:
        if self.session is not None and self.item_id and self.request_id:
            answer = value if isinstance(value, m.Serves) else None
            self.session.set_serves(self.item_id, self.request_id, answer)


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class _FocusWatcher(QObject):
    """Tells the stage which probe the facilitator is in, so the prompt card can follow."""

    entered = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            probe = watched.property("probe")
            if probe:
                self.entered.emit(str(probe))
        return False


class ProbePanel(QWidget):
    """Every probe for the selected need, laid out as label | answer rows."""

    probe_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("probePanel")
        self.session: WorkshopSession | None = None
        self.need_id = ""
        self.request_id = ""  # the request shown above, whose decision the CTO may own
        self.watcher = _FocusWatcher(self)
        self.watcher.entered.connect(self.probe_entered)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 16, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(16)
        grid.setColumnStretch(1, 1)
        self.grid = grid
        self._rows: list[tuple[QLabel, QWidget]] = []
        self.stacked, self._wide_need = False, 0

        self.ladder = WhyLadder()
        self._row("Why does that matter?", self.ladder, "why")

        self.statement = EnterTextEdit("So that… (a result the division wants, not a system)")
        self.statement.setObjectName("needStatement")
        self.statement.setAccessibleName("The need: so that…")
        self._row("The need", self._build_statement(), "so_that")

        self._row("What would success look like?", self._build_success(), "outcome")

        self.beneficiaries = EnterTextEdit("Who benefits, and what changes for them?")
        self.beneficiaries.setAccessibleName("Who benefits and what changes for them")
        self._row("Who benefits?", self.beneficiaries, "so_that")

        self.cost = EnterTextEdit("What happens if IT does not act? Time, money, customers…")
        self.cost.setAccessibleName("Cost of doing nothing")
        self._row("If we do nothing…", self.cost, "cost")

        self.alternatives = EnterTextEdit(
            "A process change, a system we already have, a smaller step, a non-IT fix?"
        )
        self.alternatives.setAccessibleName("Alternatives")
        self._row("Alternatives", self.alternatives, "alternatives")

        self.serves = ServesChoice(m.Serves, "Does this request serve the need")
        self._row("Does this request serve it?", self.serves, "serves")
        self._row("Lens", self._build_lens(), "lens")
        self.estimate = EstimateRow()
        self._row("What would it take?", self.estimate, "estimate")
        grid.setRowStretch(grid.rowCount(), 1)

        for probe, widgets in self._probe_widgets().items():
            for widget in widgets:
                widget.setProperty("probe", probe)
                widget.installEventFilter(self.watcher)
        self._chain_enter()

    def _build_statement(self) -> QWidget:
        """The need, and a word when it only restates the request."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.statement)
        self.purpose_hint = QLabel()
        self.purpose_hint.setObjectName("attention")
        self.purpose_hint.setWordWrap(True)
        self.purpose_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.purpose_hint.setAccessibleName("About the need as written")
        self.purpose_hint.hide()
        column.addWidget(self.purpose_hint)
        return box

    def _build_success(self) -> QWidget:
        """Measure, today → target, by when: one line; on a narrow panel the measure goes above
        the rest."""
        self.measure = BoundLineEdit("Measure, e.g. quote turnaround")
        self.measure.setAccessibleName("Success measure")
        self.baseline = BoundLineEdit("Today")
        self.baseline.setAccessibleName("Baseline today")
        self.target = BoundLineEdit("Target")
        self.target.setAccessibleName("Target")
        self.by_when = BoundLineEdit("By when")
        self.by_when.setAccessibleName("By when")
        arrow = muted_label("→")
        by = muted_label("by")
        success = WrapRow(
            self.measure,
            [self.baseline, arrow, self.target, by, self.by_when],
            8,
            stretches=[5, 3, 0, 3, 0, 3],
        )
        success.setAccessibleName("What would success look like")
        return success

    def _build_lens(self) -> QWidget:
        """The lens, and the hint that a customer-facing need wants the CTO."""

        lens_box = self.lens_box = QWidget()
        lens_layout = QVBoxLayout(lens_box)
        lens_layout.setContentsMargins(0, 0, 0, 0)
        lens_layout.setSpacing(4)
        self.lens = ChoiceGroup(m.Lens, "Lens")
        lens_layout.addWidget(self.lens)
        self.cto_hint = CtoHintBar()
        lens_layout.addWidget(self.cto_hint)
        return lens_box

    def _chain_enter(self) -> None:
        """Enter commits and moves on, in the order of the conversation."""
        self.ladder.finished.connect(self.statement.setFocus)
        self.statement.committed.connect(self.measure.setFocus)
        self.measure.committed.connect(self.baseline.setFocus)
        self.baseline.committed.connect(self.target.setFocus)
        self.target.committed.connect(self.by_when.setFocus)
        self.by_when.committed.connect(self.beneficiaries.setFocus)
        self.beneficiaries.committed.connect(self.cost.setFocus)
        self.cost.committed.connect(self.alternatives.setFocus)
        self.alternatives.committed.connect(lambda: self.serves.focus_target().setFocus())
        self.estimate.days.committed.connect(self.estimate.money.setFocus)
        self.estimate.money.committed.connect(self.estimate.confidence.setFocus)
        self.ladder.rows_changed.connect(self._watch_rungs)

    def _row(self, label: str, widget: QWidget, probe: str) -> None:
        title = _label(label)
        title.setBuddy(widget)
        self._rows.append((title, widget))
        self._place_row(len(self._rows) - 1)

    def _place_row(self, index: int) -> None:
        """A question beside its field, or above it when the panel is narrow."""
        title, widget = self._rows[index]
        if self.stacked:
            title.setMaximumWidth(16_777_215)  # above its field it has the whole width
            self.grid.addWidget(title, 2 * index, 0, 1, 2)
            self.grid.addWidget(widget, 2 * index + 1, 0, 1, 2)
        else:
            title.setMaximumWidth(title.fontMetrics().horizontalAdvance("M") * 13)
            self.grid.addWidget(title, index, 0)
            self.grid.addWidget(widget, index, 1)

    def fit_width(self, available: int) -> None:
        """Questions above their fields when side by side they would be wider than `available`;
        side by side again when there is room (measured the last time they were)."""
        if not self.stacked:
            # Beside its question a field keeps room for a phrase, not just for a word.
            letter = self.fontMetrics().horizontalAdvance("M")
            self._wide_need = max(self.minimumSizeHint().width(), (13 + 24) * letter + 32)
        stacked = available < self._wide_need
        if stacked == self.stacked:
            return
        self.stacked = stacked
        for title, widget in self._rows:
            self.grid.removeWidget(title)
            self.grid.removeWidget(widget)
        for index in range(len(self._rows)):
            self._place_row(index)
        for row in range(self.grid.rowCount()):  # the spare height stays below the last field
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(self.grid.rowCount(), 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.fit_width(watched.width())
        return False

    def _probe_widgets(self) -> dict[str, list[QWidget]]:
        return {
            "why": [self.ladder.new_rung, *self.ladder.rungs],
            "so_that": [self.statement, self.beneficiaries],
            "outcome": [self.measure, self.baseline, self.target, self.by_when],
            "cost": [self.cost],
            "alternatives": [self.alternatives],
            "serves": list(self.serves.buttons),
            "lens": list(self.lens.buttons),
        }

    def _watch_rungs(self) -> None:
        for rung in self.ladder.rungs:
            if not rung.property("probe"):
                rung.setProperty("probe", "why")
                rung.installEventFilter(self.watcher)

    # -- binding ---------------------------------------------------------------------------
    def bind(self, session: WorkshopSession, need_id: str, request_id: str = "") -> None:
        self.session, self.need_id = session, need_id
        self.ladder.bind(session, need_id)
        for editor, field in self._fields():
            if editor is self.serves:
                self.serves.bind_pair(session, need_id, request_id)
            else:
                editor.bind(session, Kind.NEED, need_id, field)
        self._show_hint()

    def show_request(self, request_id: str) -> None:
        """The request whose answer to "does it serve the need?" the panel shows."""
        if self.serves.request_id != request_id and self.session is not None:
            self.serves.bind_pair(self.session, self.need_id, request_id)

    def _fields(self) -> list[tuple[_Binding, str]]:
        return [
            (self.statement, "statement"),
            (self.measure, "measure"),
            (self.baseline, "baseline"),
            (self.target, "target"),
            (self.by_when, "by_when"),
            (self.beneficiaries, "beneficiaries"),
            (self.cost, "cost_of_inaction"),
            (self.alternatives, "alternatives"),
            (self.serves, "serves"),
            (self.lens, "lens"),
            *self.estimate.fields(),
        ]

    def show_current(self) -> None:
        self.ladder.show_current()
        for editor, _field in self._fields():
            editor.show_current()
        self._show_hint()

    def _show_hint(self) -> None:
        """The CTO as co-owner while this need is customer-facing (core/lens.py says when), and a
        word when the need only restates its request."""
        if self.session is None or self.lens.current() not in CUSTOMER_SIDE:
            self.cto_hint.hide()
        else:
            self.cto_hint.show_for(self.session, self.request_id)
        need = self.session.workshop.need(self.need_id) if self.session else None
        problem = None
        if need is not None and self.session is not None:
            problem = need_problem(self.session.workshop, need)
        # An empty need is what the request list's dot says; a restatement deserves a word here.
        restated = problem is PurposeProblem.RESTATES
        self.purpose_hint.setText(
            "⚠ This only restates the request. What result is the division after? "
            "For example: “so that quotes go out within a day”."
            if restated
            else ""
        )
        self.purpose_hint.setVisible(restated)

    def set_read_only(self, read_only: bool) -> None:
        self.ladder.set_read_only(read_only)
        for editor, _field in self._fields():
            if isinstance(editor, ChoiceGroup):
                editor.set_read_only(read_only)
            elif isinstance(editor, (BoundLineEdit, BoundTextEdit)):
                editor.setReadOnly(read_only)
            elif isinstance(editor, BoundChoice):
                editor.setEnabled(not read_only)

    def flush(self) -> None:
        self.ladder.flush()
        for editor, _field in self._fields():
            if isinstance(editor, _Debounced):  # the others save as soon as they change
                editor.flush()

    def focus_chain(self) -> list[QWidget]:
        return [
            *self.ladder.focus_chain(),
            self.statement,
            self.measure,
            self.baseline,
            self.target,
            self.by_when,
            self.beneficiaries,
            self.cost,
            self.alternatives,
            *self.serves.buttons,
            *self.lens.buttons,
            self.estimate.days,
            self.estimate.money,
            self.estimate.confidence,
        ]

    def focus_probe(self, probe: str | None) -> QWidget:
        """Put the cursor on the first editor of a probe (the ladder when None)."""
        target: QWidget
        if probe in (None, "why"):
            self.ladder.focus_start()
            return self.ladder.new_rung
        need = self.session.workshop.need(self.need_id) if self.session else None
        if probe == "so_that":
            target = (
                self.beneficiaries
                if need is not None and need.statement.strip()
                else self.statement
            )
        elif probe == "outcome":
            target = self.target if need is not None and need.measure.strip() else self.measure
        elif probe == "cost":
            target = self.cost
        elif probe == "alternatives":
            target = self.alternatives
        elif probe == "serves":
            target = self.serves.focus_target()
        else:
            target = self.lens.focus_target()
        target.setFocus()
        return target
