"""Why a need scored what it did, in words, and the stop sign when its alignment is unclear."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from workshop_app.core import model as m
from workshop_app.core.scoring import alignment
from workshop_app.ui.stages.align.logic import needs_attention, phase_flags
from workshop_app.ui.titles import need_title
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
    """The selected need's alignment explained, with "Discussed — proceed to decide"."""

    acknowledged = Signal(bool)  # True: discussed; False: reopen the discussion

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
        self.ack_button = QPushButton("Discussed — proceed to decide")
        self.ack_button.setObjectName("primary")
        self.ack_button.setAccessibleName("Discussed: proceed to decide")
        self.ack_button.setToolTip(
            "The room has discussed the unclear alignment; the decision can go ahead (A)"
        )
        self.ack_button.setAutoDefault(True)
        self.ack_button.clicked.connect(lambda: self.acknowledged.emit(True))
        row.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.reopen_button = QPushButton("Reopen the discussion")
        self.reopen_button.setAccessibleName("Reopen the discussion of this need's alignment")
        self.reopen_button.clicked.connect(lambda: self.acknowledged.emit(False))
        row.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignVCenter)
        box.addLayout(row)

    def show_need(self, workshop: m.Workshop, need: m.Need) -> None:
        result = alignment(workshop, need)
        title = display(need_title(workshop, need, 90), 90)
        self.title.setText(f"Why “{title}” scores {result.score_text}")
        attention = needs_attention(workshop, need)
        lines = result.explanation()
        if attention:  # the amber box below says it, with the button to act on it
            lines = [line for line in lines if not line.startswith("Alignment unclear")]
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
        discussed = result.unclear and need.alignment_acknowledged
        set_style_state(self.ack_text, "objectName", "attention" if attention else "muted")
        if attention:
            self.ack_text.setText(
                "⚠ Alignment unclear: stop and agree its purpose before committing anything."
            )
            self.ack_text.setToolTip(
                "No moderate or strong link to a critical goal. Clarify which goal it serves; "
                "stopping a need that is not worth doing is a good outcome too."
            )
        elif discussed:
            self.ack_text.setText("✓ Discussed in the room: the decision can go ahead.")
            self.ack_text.setToolTip("")
        self.ack_text.setVisible(attention or discussed)
        locked = workshop.is_locked
        self.ack_button.setVisible(attention)
        self.ack_button.setEnabled(not locked)
        self.reopen_button.setVisible(discussed)
        self.reopen_button.setEnabled(not locked)
