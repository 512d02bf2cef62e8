"""The CTO as co-owner: a quiet, dismissible hint beside a customer-facing need.

A need that is customer-facing (or both) is the CTO's side too (core/lens.py). While the CTO is
not in the room, or the request's decision has another owner, this bar says so and offers it in
one click: "Add CTO to the room" adds the CTO as a participant, "Make CTO the owner" sets the
decision's owner. Both are ordinary undoable edits. "Not now" hides the hint for that request
until the app closes (a suggestion, not a rule).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.core.lens import CTO, cto_hint
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.flow import FlowLayout
from workshop_app.ui.widgets.wrap_label import WrapLabel

#: Requests whose hint was dismissed, per workshop, for as long as the app runs.
_DISMISSED: dict[str, set[str]] = {}
CTO_ROLE = "Chief Technology Officer"


class CtoHintBar(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ctoHint")
        self.session: WorkshopSession | None = None
        self.request_id = ""
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 6, 8, 6)
        column.setSpacing(4)
        self.text = WrapLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.add_button = _button("Add CTO to the room", self.add_cto)
        self.owner_button = _button("Make CTO the owner", self.make_owner)
        self.dismiss_button = _button("Not now", self.dismiss)
        self.dismiss_button.setAccessibleName("Dismiss the CTO suggestion")
        column.addWidget(self.text)
        buttons = QWidget()
        flow = FlowLayout(buttons)
        for button in (self.add_button, self.owner_button, self.dismiss_button):
            flow.addWidget(button)
        column.addWidget(buttons)
        self.hide()

    def show_for(self, session: WorkshopSession, request_id: str | None) -> None:
        """Show the hint for this request, or hide it when there is nothing to suggest."""
        self.session, self.request_id = session, request_id or ""
        ws = session.workshop
        dismissed = _DISMISSED.get(ws.id, set())
        hint = None
        if request_id and not ws.is_locked and request_id not in dismissed:
            hint = cto_hint(ws, request_id)
        if hint is None:
            self.hide()
            return
        self.text.setText(hint.sentence())
        self.add_button.setVisible(hint.add_participant)
        self.owner_button.setVisible(hint.set_owner)
        self.show()

    def add_cto(self) -> None:
        if self.session is not None:
            self.session.add(Kind.PARTICIPANT, {"name": CTO, "role": CTO_ROLE})
            self.session.tell("CTO added to the room · Ctrl+Z undoes")

    def make_owner(self) -> None:
        if self.session is not None and self.request_id:
            self.session.edit(Kind.DECISION, self.request_id, "owner", CTO)
            self.session.tell("The CTO owns what follows · Ctrl+Z undoes")

    def dismiss(self) -> None:
        if self.session is not None and self.request_id:
            _DISMISSED.setdefault(self.session.workshop_id, set()).add(self.request_id)
            self.hide()


def forget_dismissals(workshop: m.Workshop | None = None) -> None:
    """Show dismissed hints again (all of them, or one workshop's)."""
    if workshop is None:
        _DISMISSED.clear()
    else:
        _DISMISSED.pop(workshop.id, None)


def _button(text: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("chip")
    button.setAutoDefault(False)
    button.clicked.connect(slot)
    return button
