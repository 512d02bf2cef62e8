"""Where IT stands with the division: the phase, its evidence, and how it compares with the last
workshop with the same division.

The phase is one of four choices side by side; below them, what the library knows of the
division's earlier workshops ("Last workshop with Sales: Deliver (2026-09-15)") and, when IT's
standing slid back since, a sentence saying so plainly. Two short fields hold the evidence the
method asks for: how reliable the systems are, and how projects are delivered. Choosing a phase
also records the standing it is compared with, in the same undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core import phases
from workshop_app.core.fields import SHORT_TEXT
from workshop_app.core.kind import Kind
from workshop_app.storage.phases import standing_before
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.fields import BoundLineEdit
from workshop_app.ui.widgets.reflow_grid import ReflowGrid
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.wrap_label import WrapLabel

PHASE_EXPLANATIONS = {
    None: ("Not assessed yet", "Decide together where IT stands with this division today."),
    m.Phase.RUN: ("Run", "Reliable systems. IT is seen as a commodity."),
    m.Phase.DELIVER: ("Deliver", "Projects on time and on budget. A valued partner."),
    m.Phase.INNOVATE: ("Innovate", "New value for the company. A trusted advisor."),
}

#: The evidence fields: the two complaints business partners usually have of IT.
EVIDENCE = {
    "it_reliability": ("Systems", "How reliable are they? e.g. payroll fails every month"),
    "it_delivery": ("Projects", "How are they delivered? e.g. the last two ran late"),
}
INTRO = "With this division: the basics first, then projects, then new value."


def record_phase(session: WorkshopSession, phase: m.Phase | None) -> None:
    """Set where IT stands and, in the same undo step, the standing at the last workshop with
    the division that it is compared with (when the library knows one)."""
    ws = session.workshop
    standing = standing_before(session.library, ws) if phase is not None else None
    earlier = {}
    if standing is not None:
        earlier = {
            name: value
            for name, value in phases.earlier_fields(standing).items()
            if getattr(ws, name) != value
        }
    if not earlier:
        session.edit(Kind.WORKSHOP, ws.id, "it_phase", phase)
        return
    with session.macro("Set where IT stands"):
        session.edit(Kind.WORKSHOP, ws.id, "it_phase", phase)
        for name, value in earlier.items():
            session.edit(Kind.WORKSHOP, ws.id, name, value)


class PhasePicker(QWidget):
    """Where IT stands with the division: not assessed, run, deliver or innovate.

    The four choices side by side, each with its meaning below it: the room compares them at a
    glance, and every explanation has a quarter of the page to wrap in. When a quarter is too
    narrow for the text size, two by two (see ReflowGrid).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phasePicker")
        self.session: WorkshopSession | None = None
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[m.Phase | None, QRadioButton] = {}
        cells: list[QWidget] = []
        for phase, (label, explanation) in PHASE_EXPLANATIONS.items():
            button = QRadioButton(label)
            button.setAccessibleName(f"IT phase: {label}")
            button.setAccessibleDescription(explanation)
            button.setToolTip(explanation)
            self.group.addButton(button)
            self.buttons[phase] = button
            button.toggled.connect(lambda checked, p=phase: self._chosen(p) if checked else None)
            button.installEventFilter(self)
            note = WrapLabel(explanation, "muted")
            note.setContentsMargins(26, 0, 0, 0)
            note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            cell = QWidget()
            stack = QVBoxLayout(cell)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(2)
            stack.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            stack.addWidget(note)
            stack.addStretch(1)
            cells.append(cell)
        # Side by side; on a narrow page with larger text, two by two, then one under another.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(ReflowGrid(cells, spacing=24, row_spacing=12))
        self._showing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down step through the phases too, as they did when the list was vertical."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()), 0)
            buttons = list(self.buttons.values())
            if step and watched in buttons and not event.modifiers():
                target = buttons[(buttons.index(watched) + step) % len(buttons)]
                target.setFocus()
                target.click()
                return True
        return super().eventFilter(watched, event)

    def bind(self, session: WorkshopSession) -> None:
        self.session = session
        self.show_current()

    def show_current(self) -> None:
        if self.session is None:
            return
        self._showing = True
        self.buttons[self.session.workshop.it_phase].setChecked(True)
        self._showing = False

    def _chosen(self, phase: m.Phase | None) -> None:
        if self._showing or self.session is None:
            return
        record_phase(self.session, phase)

    def setReadOnly(self, read_only: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not read_only)


class StandingPanel(QObject):
    """The phase picker, the division's earlier standing, and the evidence for the phase: parts
    laid out one under the other on the page (each its own item, so each keeps its height)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: WorkshopSession | None = None
        self.phase_box, column = _column()
        heading = QHBoxLayout()
        heading.setSpacing(16)
        heading.addWidget(WrapLabel("Where IT stands today", "sectionTitle"))
        # What the library knows of the division's last workshop, else what the phases mean.
        self.history = WrapLabel(INTRO, "muted")
        self.history.setAccessibleName("The division's last workshop")
        heading.addWidget(self.history, 1, Qt.AlignmentFlag.AlignBottom)
        column.addLayout(heading)
        self.phase = PhasePicker()
        column.addWidget(self.phase)
        self.movement = WrapLabel(name="attention")
        self.movement.setAccessibleName("How IT's standing moved")
        for label in (self.history, self.movement):
            label.setTextFormat(Qt.TextFormat.PlainText)  # division names are the room's text
        self.evidence_box = QWidget()
        row = QHBoxLayout(self.evidence_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.evidence: dict[str, BoundLineEdit] = {}
        for place, (field, (name, question)) in enumerate(EVIDENCE.items()):
            field_label = QLabel(name)
            field_label.setObjectName("fieldLabel")
            editor = BoundLineEdit(question)
            editor.setAccessibleName(f"{name}: {question.partition(' e.g.')[0]}")
            editor.setToolTip(question)
            editor.setMaxLength(SHORT_TEXT)
            field_label.setBuddy(editor)
            if place:
                row.addSpacing(12)
            row.addWidget(field_label)
            row.addWidget(editor, 1)
            self.evidence[field] = editor
        self.evidence["it_reliability"].committed.connect(self.evidence["it_delivery"].setFocus)

    def parts(self) -> list[QWidget]:
        """The widgets to lay out down the page, one under the other."""
        return [self.phase_box, self.movement, self.evidence_box]

    def bind(self, session: WorkshopSession, workshop: m.Workshop) -> None:
        self.session = session
        locked = workshop.is_locked
        self.phase.bind(session)
        self.phase.setReadOnly(locked)
        for field, editor in self.evidence.items():
            editor.bind(session, Kind.WORKSHOP, workshop.id, field)
            editor.setReadOnly(locked)
        standing = standing_before(session.library, workshop)
        self.history.setText(phases.last_workshop_text(workshop.division, standing) or INTRO)
        moved = phases.workshop_movement(workshop)
        self.movement.setText(f"⚠ {moved}" if phases.slid_back(workshop) else moved)
        set_style_state(
            self.movement, "objectName", "attention" if phases.slid_back(workshop) else "muted"
        )
        self.movement.setVisible(bool(moved))


def _column() -> tuple[QWidget, QVBoxLayout]:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(8)
    return box, column
