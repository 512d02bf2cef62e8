"""Why a need scored what it did, in words, and the stop sign when its alignment is unclear:
the discussion it asks for, and the note of what the room agreed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.fields import SHORT_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import AlignmentResult, alignment
from workshop_app.core.titles import need_title
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.stages.align.logic import needs_attention, phase_flags
from workshop_app.ui.widgets.fields import BoundLineEdit
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import display, one_line
from workshop_app.ui.widgets.wrap_label import WrapLabel


def text_label(name: str = "") -> QLabel:
    """A word-wrapped label for user text: shown literally, never wider than its place."""
    label = WrapLabel(name=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class WhyCard(QFrame):
    """The selected need's alignment explained, with the discussion it asks for.

    Unclear alignment: "Discussed…" opens a line for what the room agreed, and only Enter (or
    Record) with something written records the discussion. Linked only to division goals: a line
    for how the need serves the company, saved as typed, which makes its alignment clear.
    """

    acknowledged = Signal(bool)  # False: reopen the discussion
    discussed = Signal(str)  # the room discussed the unclear alignment and agreed this
    company_note_edited = Signal()  # the company note was saved (the view may move on)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setAccessibleName("Why this score")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(6)
        self.title = text_label("sectionTitle")
        box.addWidget(self.title)
        self.lines = text_label()
        self.lines.setAccessibleName("Why this need scored what it did")
        box.addWidget(self.lines)
        self.flags = text_label("attention")
        box.addWidget(self.flags)
        row = QHBoxLayout()
        row.setSpacing(12)
        self.ack_text = text_label("attention")
        row.addWidget(self.ack_text, 1)
        self.ack_button = QPushButton("Discussed…")
        self.ack_button.setObjectName("primary")
        self.ack_button.setAccessibleName("Discussed: note what was agreed")
        self.ack_button.setToolTip(
            "The room has discussed the unclear alignment: note what was agreed (A)"
        )
        self.ack_button.setAutoDefault(True)
        self.ack_button.clicked.connect(self.start_note)
        row.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.reopen_button = QPushButton("Reopen the discussion")
        self.reopen_button.setAccessibleName("Reopen the discussion of this need's alignment")
        self.reopen_button.clicked.connect(lambda: self.acknowledged.emit(False))
        row.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignVCenter)
        box.addLayout(row)
        box.addWidget(self._build_note_row())
        self.company_note = BoundLineEdit(
            "How does it serve the company? e.g. “protects the margin target”"
        )
        self.company_note.setAccessibleName("How this need serves the company")
        self.company_note.committed.connect(self.company_note_edited)
        box.addWidget(self.company_note)
        self._need_id = ""
        #: The open workshop's session, for the company note (set by the stage).
        self.session: WorkshopSession | None = None

    def _build_note_row(self) -> QWidget:
        self.note_row = QWidget()
        line = QHBoxLayout(self.note_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(8)
        self.record_button = QPushButton("Record")
        self.note = QLineEdit()
        self.note.setPlaceholderText("What did the room agree? e.g. “go ahead as a pilot”")
        self.note.setAccessibleName("What the room agreed about the unclear alignment")
        self.note.setMaxLength(SHORT_TEXT)
        self.note.returnPressed.connect(self.record)
        self.note.textChanged.connect(
            lambda text: self.record_button.setEnabled(bool(text.strip()))
        )
        line.addWidget(self.note, 1)
        self.record_button.setAccessibleName("Record what the room agreed")
        self.record_button.setEnabled(False)
        self.record_button.clicked.connect(self.record)
        line.addWidget(self.record_button)
        self.note_row.hide()
        return self.note_row

    def start_note(self) -> None:
        """Open the line for what the room agreed, with the cursor in it."""
        if not self.ack_button.isVisible() or not self.ack_button.isEnabled():
            return
        self.note_row.show()
        self.note.setFocus()

    def record(self) -> None:
        note = self.note.text().strip()
        if note:
            self.discussed.emit(note)

    def show_need(self, workshop: m.Workshop, need: m.Need) -> None:
        result = alignment(workshop, need)
        title = display(need_title(workshop, need, 90), 90)
        self.title.setText(f"Why “{title}” scores {result.score_text}")
        attention = needs_attention(workshop, need)
        lines = result.explanation()
        if attention or result.division_only:  # said below, with the way to settle it
            lines = [
                line
                for line in lines
                if not line.startswith(("Alignment unclear", "Division-only"))
            ]
        self.lines.setText("\n".join(f"•  {display(line, 240)}" for line in lines))
        flags = phase_flags(workshop, need)
        self.flags.setText(
            "⚑ Innovation asked for while this division's IT is still in the run phase ("
            + "; ".join(f"“{one_line(text, 50)}”" for text in flags[:2])
            + "): reliable basics usually come first."
            if flags
            else ""
        )
        self.flags.setVisible(bool(flags))
        self._show_discussion(workshop, need, result, attention)

    def _show_discussion(
        self, workshop: m.Workshop, need: m.Need, result: AlignmentResult, attention: bool
    ) -> None:
        locked = workshop.is_locked
        division_only = result.division_only
        discussed = result.unclear and not division_only and need.alignment_acknowledged
        set_style_state(self.ack_text, "objectName", "attention" if attention else "muted")
        if division_only and not result.company_noted:
            self.ack_text.setText(
                "⚠ Division-only: how does it serve the company? "
                "Link it to a company goal, or note it here."
            )
            self.ack_text.setToolTip("")
        elif division_only:
            self.ack_text.setText("✓ Serves the company, as the room noted:")
        elif attention:
            self.ack_text.setText(
                "⚠ Alignment unclear: stop and agree its purpose before committing anything."
            )
            self.ack_text.setToolTip(
                "No moderate or strong link to a critical goal. Clarify which goal it serves; "
                "stopping a need that is not worth doing is a good outcome too."
            )
        elif discussed:
            agreed = need.alignment_note.strip()
            self.ack_text.setText(
                f"✓ Discussed in the room. Agreed: {display(agreed, 300)}"
                if agreed
                else "✓ Discussed in the room (no note of what was agreed)."
            )
            self.ack_text.setToolTip("")
        self.ack_text.setVisible(attention or discussed or division_only)
        self.ack_button.setVisible(attention and not division_only)
        self.ack_button.setEnabled(not locked)
        self.reopen_button.setVisible(discussed)
        self.reopen_button.setEnabled(not locked)
        if need.id != self._need_id or not self.ack_button.isVisible():
            self.note.clear()
            self.note_row.hide()
        self._need_id = need.id
        self.company_note.setVisible(division_only)
        if division_only and self.session is not None:
            if self.company_note.item_id != need.id or self.company_note.session is None:
                self.company_note.bind(self.session, Kind.NEED, need.id, "company_note")
            else:
                self.company_note.show_current()
        self.company_note.setReadOnly(locked)
