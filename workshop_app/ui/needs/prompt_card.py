"""The prompt card in the corner: the next good question for the facilitator to ask."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workshop_app.ui.needs.logic import Prompt, PromptDeck, load_prompts

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        self.caption = QLabel()
        self.caption.setObjectName("promptCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.question = QLabel()
        self.question.setObjectName("promptText")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.question, 1)
        footer = QHBoxLayout()
        footer.setSpacing(8)
        self.position = QLabel()
        self.position.setObjectName("muted")
        footer.addWidget(self.position)
        footer.addStretch(1)
        self.next_button = QPushButton(f"Next question  {NEXT_PROMPT_KEYS}")
        self.next_button.setObjectName("promptNext")
        self.next_button.setAccessibleName("Next question")
        self.next_button.setToolTip(
            f"Another question ({NEXT_PROMPT_KEYS}; {PREVIOUS_PROMPT_KEYS} goes back)"
        )
        self.next_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.next_button.clicked.connect(self.next)
        footer.addWidget(self.next_button)
        layout.addLayout(footer)
        self._show(self.deck.current)

    def set_compact(self, compact: bool) -> None:
        self.next_button.setText("Next  ›" if compact else f"Next question  {NEXT_PROMPT_KEYS}")

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
        self.question.setText(prompt.question)
        number, of = self.deck.position()
        self.position.setText(f"{number} of {of}")
        self.question.setAccessibleName(prompt.question)
