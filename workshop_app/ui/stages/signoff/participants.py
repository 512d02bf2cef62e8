"""The participants down the sign-off stage, in the order they should sign, with their status.

Optional participants come first: the last decision-maker's signature signs the revision off, and
after that nobody else can sign. The shared row delegate paints two calm lines per person (name
and role, then the status) so any name (accents, CJK, right-to-left) stays inside its row; a void
signature is marked in amber, a valid one with a green tick.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from workshop_app.core import model as m
from workshop_app.core.signoff import SignOffState
from workshop_app.ui.dates import local_time
from workshop_app.ui.widgets.row_delegate import (
    DETAIL_ROLE,
    HEADER_ROLE,
    ID_ROLE,
    STATUS_ROLE,
    STATUS_TONE_ROLE,
    TRAILING_ROLE,
    RowDelegate,
    RowLook,
)
from workshop_app.ui.widgets.text import one_line, tooltip

#: Rows a little tighter than Decide's, their time giving way to a long status.
LOOK = RowLook(
    inset=2,
    tint=(0.16, 0.08),
    pad_right=16,
    pad_top=8,
    pad_bottom=8,
    gap=4,
    bold_title=True,
    trailing_gap=12,
    trailing_yields=True,
)


def signing_order(states: list[SignOffState]) -> list[SignOffState]:
    """Optional participants first, then decision-makers; otherwise the facilitator's order."""
    return [s for s in states if not s.required] + [s for s in states if s.required]


def status_text(state: SignOffState) -> tuple[str, str]:
    """(status line, its theme colour) for one participant."""
    sig = state.signature
    if sig is None:
        return "Not signed yet", "muted"
    if state.void:
        return "⚠ Void: sign again", "amber"
    return f"✓ {sig.stance.label}", "green"


class ParticipantList(QListWidget):
    """Who signs, in signing order; keeps the selection by participant id across refreshes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffParticipants")
        self.setAccessibleName("Participants who sign")
        self.setItemDelegate(RowDelegate(LOOK, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def show_states(self, states: list[SignOffState], *, locked: bool = False) -> None:
        keep = self.current_id()
        self.blockSignals(True)
        self.clear()
        ordered = signing_order(states)
        optional = [s for s in ordered if not s.required]
        required = [s for s in ordered if s.required]
        if optional:
            self._header("OPTIONAL" if locked else "OPTIONAL · SIGN FIRST")
        for state in optional:
            self._row(state)
        if optional and required:
            self._header("DECISION-MAKERS" if locked else "DECISION-MAKERS · REQUIRED")
        for state in required:
            self._row(state)
        self.blockSignals(False)
        if keep is None or not self.select_id(keep, quiet=True):
            self.setCurrentRow(-1)

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(HEADER_ROLE, True)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text.capitalize())
        self.addItem(item)

    def _row(self, state: SignOffState) -> None:
        person: m.Participant = state.participant
        item = QListWidgetItem(one_line(person.name, 200))
        item.setData(ID_ROLE, person.id)
        detail = one_line(person.role, 120)
        item.setData(DETAIL_ROLE, detail)
        status, tone = status_text(state)
        item.setData(STATUS_ROLE, status)
        item.setData(STATUS_TONE_ROLE, tone)
        if state.signature is not None and state.valid:
            item.setData(TRAILING_ROLE, local_time(state.signature.signed_at, with_date=False))
        kind = "decision-maker, must sign" if state.required else "optional"
        spoken = ", ".join(p for p in (one_line(person.name, 200), detail, kind) if p)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{spoken}: {state.label}")
        lines = (one_line(person.name, 300), one_line(person.role, 300), state.label)
        item.setToolTip(tooltip("\n".join(line for line in lines if line), run=40))
        self.addItem(item)

    # -- selection by id ---------------------------------------------------------------------
    def ids(self) -> list[str]:
        return [
            str(self.item(row).data(ID_ROLE))
            for row in range(self.count())
            if not self.item(row).data(HEADER_ROLE)
        ]

    def current_id(self) -> str | None:
        item = self.currentItem()
        if item is None or item.data(HEADER_ROLE):
            return None
        return str(item.data(ID_ROLE))

    def select_id(self, participant_id: str, *, quiet: bool = False) -> bool:
        for row in range(self.count()):
            item = self.item(row)
            if not item.data(HEADER_ROLE) and item.data(ID_ROLE) == participant_id:
                if quiet:
                    self.blockSignals(True)
                self.setCurrentRow(row)
                self.blockSignals(False)
                self.scrollToItem(item)
                return True
        return False
