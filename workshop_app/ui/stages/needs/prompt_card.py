"""The prompt card in the corner: the next good question for the facilitator to ask."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from workshop_app.ui.read_only import keep_enabled
from workshop_app.ui.stages.needs.logic import Prompt, PromptDeck, load_prompts
from workshop_app.ui.widgets.clamped_label import ClampedLabel
from workshop_app.ui.widgets.labels import muted_label

NEXT_PROMPT_KEYS = "Ctrl+J"
PREVIOUS_PROMPT_KEYS = "Ctrl+Shift+J"

#: Short names of the probes for the card's caption line.
CAPTIONS = {
    "why": "why it matters",
    "so_that": "so that…",
    "outcome": "what success looks like",
    "cost": "if we do nothing",
    "alternatives": "alternatives",
    "serves": "does it serve the need?",
    "lens": "internal or customer-facing?",
}


class PromptCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptCard")
        self.setAccessibleName("Prompt card: a question to ask next")
        self.deck = PromptDeck(load_prompts())
        # One grid, two arrangements: a card (caption, question, then position and button) and,
        # in the smallest windows, a strip under the request (question, position, button).
        layout = self.grid = QGridLayout(self)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(6)
        self.caption = QLabel()
        self.caption.setObjectName("promptCaption")
        self.caption.setWordWrap(True)
        self.question = ClampedLabel(3, "promptText")
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.position = muted_label()
        self.next_button = QPushButton(f"Next question  {NEXT_PROMPT_KEYS}")
        self.next_button.setObjectName("promptNext")
        self.next_button.setAccessibleName("Next question")
        self.next_button.setToolTip(
            f"Another question ({NEXT_PROMPT_KEYS}; {PREVIOUS_PROMPT_KEYS} goes back)"
        )
        self.next_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        keep_enabled(self.next_button)
        # Never lower than it asks to be: on a short window the strip was given the button's
        # least height, two pixels short of its text.
        self.next_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.next_button.clicked.connect(self.next)
        self.compact: bool | None = None
        self.set_compact(False)
        self._show(self.deck.current)

    def set_compact(self, compact: bool) -> None:
        """The smallest windows: one strip (question · position · Next) instead of a card."""
        self.next_button.setText("Next  ›" if compact else f"Next question  {NEXT_PROMPT_KEYS}")
        if compact == self.compact:
            return
        self.compact = compact
        grid = self.grid
        for widget in (self.caption, self.question, self.position, self.next_button):
            grid.removeWidget(widget)
        middle = Qt.AlignmentFlag.AlignVCenter
        if compact:
            self.caption.hide()
            grid.addWidget(self.question, 0, 0, middle)
            grid.addWidget(self.position, 0, 1, middle)
            grid.addWidget(self.next_button, 0, 2, middle)
            self.question.set_max_lines(2)
        else:
            grid.addWidget(self.caption, 0, 0, 1, 3)
            grid.addWidget(self.question, 1, 0, 1, 3)
            grid.addWidget(self.position, 2, 0)
            grid.addWidget(self.next_button, 2, 2)
            self.caption.show()
            self.question.set_max_lines(3)
        if compact:
            grid.setContentsMargins(16, 4, 8, 4)
        else:
            grid.setContentsMargins(16, 12, 16, 12)
        grid.setColumnStretch(0, 1 if compact else 0)
        grid.setColumnStretch(1, 0 if compact else 1)

    @property
    def current(self) -> Prompt:
        return self.deck.current

    def next(self) -> None:
        self._show(self.deck.next())

    def previous(self) -> None:
        self._show(self.deck.previous())

    def show_probe(self, probe: str) -> None:
        self._show(self.deck.show_probe(probe))

    def _show(self, prompt: Prompt) -> None:
        self.caption.setText(f"ASK NEXT · {CAPTIONS.get(prompt.probe, '').upper()}")
        self.question.set_full_text(prompt.question)
        number, of = self.deck.position()
        self.position.setText(f"{number} of {of}")
        self.question.setAccessibleName(prompt.question)
        self.setAccessibleDescription(self.caption.text())
