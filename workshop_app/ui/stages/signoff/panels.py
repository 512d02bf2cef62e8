"""The right-hand panels of the sign-off stage: sign, view a signature, or settle blockers first.

`SignForm` is where one participant confirms: their full name typed, agree or agree with a
reservation (with the note that records it), an optional handwritten signature, then Sign. Tab
goes name → stance → note → Sign; Enter signs from anywhere in the form. `SignatureView` shows a
signature already given; `BlockersPanel` lists what keeps the revision from being signed, each
with a button to the stage that fixes it.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core import model as m
from workshop_app.core.fields import LONG_TEXT, SHORT_TEXT
from workshop_app.core.signoff import SignOffState
from workshop_app.core.workflow import Blocker
from workshop_app.ui import drafts
from workshop_app.ui.change_words import STAGE_TITLES
from workshop_app.ui.dates import local_time
from workshop_app.ui.read_only import keep_enabled
from workshop_app.ui.stages.signoff.common import short_digest
from workshop_app.ui.stages.signoff.pad import SignaturePad
from workshop_app.ui.widgets.labels import muted_label, plain_label
from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.text import one_line, wrappable
from workshop_app.ui.widgets.wrap_row import WrapRow

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Blocker rows shown at once (more than fill the panel), then added per turn of the event loop.
FIRST_ROWS, ROWS_PER_SLICE = 30, 40


def _field_label(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text)
    label.setObjectName("fieldLabel")
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class NoteEdit(QPlainTextEdit):
    """The reservation note: Enter signs (as everywhere in the form), Shift+Enter breaks a line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class SignForm(QWidget):
    """One participant's confirmation. Emits `submitted` when they press Sign or Enter."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.participant_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        self.confirmation = plain_label("", "done")
        self.confirmation.setAccessibleName("Last signature")
        self.confirmation.hide()
        layout.addWidget(self.confirmation)
        self.who = plain_label("", "signerName")
        self.who.setAccessibleName("Who is signing")
        layout.addWidget(self.who)
        self.role = muted_label(wrap=True)
        layout.addWidget(self.role)
        self.notice = plain_label("", "hint")
        self.notice.hide()
        layout.addWidget(self.notice)
        layout.addSpacing(4)
        layout.addLayout(self._build_name())
        layout.addSpacing(2)
        layout.addWidget(self._build_stance())
        layout.addWidget(self.note)
        self.pad = SignaturePad()
        self.clear_button = self.pad.clear_button
        layout.addSpacing(4)
        layout.addWidget(self.pad, 1)
        self.error = plain_label("", "attention")
        self.error.setAccessibleName("Problem with this signature")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.sign_button = QPushButton("Sign")
        self.sign_button.setObjectName("primary")
        self.sign_button.setAccessibleName("Sign")
        self.sign_button.clicked.connect(self.submitted)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        layout.addStretch(0)
        chain = (self.name, self.agree, self.reservation, self.note, self.sign_button)
        for before, after in pairwise((*chain, self.clear_button)):
            QWidget.setTabOrder(before, after)

    def _build_name(self) -> QHBoxLayout:
        """The full name, typed: it must match the participant's."""
        self.name = QLineEdit()
        self.name.setObjectName("signerTypedName")
        self.name.setPlaceholderText("Type your full name as listed")
        self.name.setAccessibleName("Your full name")
        self.name.setMaxLength(SHORT_TEXT)
        # Enter is not connected here: QLineEdit passes it on, and the form's keyPressEvent signs.
        self.name.textEdited.connect(lambda _t: self.show_error(""))
        drafts.mark(self.name, "signer's name")
        name_row = QHBoxLayout()
        name_row.setSpacing(12)
        name_row.addWidget(_field_label("Full &name", self.name))
        name_row.addWidget(self.name, 1)
        return name_row

    def _build_stance(self) -> QWidget:
        """Agree, or agree with a reservation (and its note, built here and placed below)."""

        self.agree = QRadioButton("I &agree")
        self.agree.setAccessibleName("I agree")
        self.reservation = QRadioButton("I agree, with a &reservation")
        self.reservation.setAccessibleName("I agree, with a reservation")
        self.stance_group = QButtonGroup(self)
        self.stance_group.addButton(self.agree)
        self.stance_group.addButton(self.reservation)
        self.agree.setChecked(True)

        self.note = NoteEdit()
        self.note.setObjectName("reservationNote")
        self.note.setAccessibleName("The reservation")
        self.note.setPlaceholderText("What is the reservation? It is recorded with the signature.")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(62)
        self.note.hide()  # appears with "I agree, with a reservation"
        self.note.submitted.connect(self.submitted)
        self.note.textChanged.connect(self._limit_note)
        self.reservation.toggled.connect(self._on_stance)
        # Side by side, or one above the other where the panel is narrow (larger text).
        return WrapRow(self.agree, [self.reservation], 20, fill_first=False)

    # -- showing one participant -------------------------------------------------------------
    def set_participant(self, state: SignOffState, notice: str = "", final: bool = False) -> None:
        """Show the form for `state`'s participant; typing survives refreshes of the same one."""
        person = state.participant
        if person.id != self.participant_id:
            self.participant_id = person.id
            self.reset()
            drafts.set_context(self.name, person.id)
            if state.void and state.signature is not None:
                self._start_from(state.signature)
        self.who.setText(wrappable(one_line(person.name, 300)))
        kind = "Decision-maker" if state.required else "Optional"
        self.role.setText(" · ".join(p for p in (one_line(person.role, 200), kind) if p))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.sign_button.setText("Sign and lock" if final else "Sign")
        self.sign_button.setAccessibleName(
            f"Sign as {one_line(person.name, 200)}"
            + (", which signs the revision off" if final else "")
        )

    def _start_from(self, earlier: m.Signature) -> None:
        """Signing again after a change starts from what they said last time: Enter must never
        silently drop a reservation."""
        if earlier.stance is m.Stance.AGREE_WITH_RESERVATION:
            self.reservation.setChecked(True)
            self.note.setPlainText(earlier.note)

    def show_confirmation(self, text: str) -> None:
        """A calm note of what just happened ("✓ Priya Raman signed."), until the next change."""
        self.confirmation.setText(text)
        self.confirmation.setVisible(bool(text))

    def reset(self) -> None:
        self.show_confirmation("")
        self.name.clear()
        self.note.clear()
        self.agree.setChecked(True)
        self.pad.clear()
        self.show_error("")

    def values(self) -> tuple[str, m.Stance, str, str]:
        """(typed name, stance, note, drawing)."""
        stance = m.Stance.AGREE_WITH_RESERVATION if self.reservation.isChecked() else m.Stance.AGREE
        note = self.note.toPlainText().strip() if self.reservation.isChecked() else ""
        return self.name.text().strip(), stance, note, self.pad.drawing()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _on_stance(self, reservation: bool) -> None:
        self.note.setVisible(reservation)
        self.show_error("")

    def _limit_note(self) -> None:
        text = self.note.toPlainText()
        if len(text) > LONG_TEXT:
            self.note.setPlainText(text[:LONG_TEXT])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter on the stance buttons (which ignore it) signs, like everywhere in the form.
        if event.key() in _ENTER:
            self.submitted.emit()
            return
        # The two stances sit side by side; Up and Down move between them as well.
        if event.key() == Qt.Key.Key_Down and self.agree.hasFocus():
            self.reservation.setChecked(True)
            self.reservation.setFocus()
            return
        if event.key() == Qt.Key.Key_Up and self.reservation.hasFocus():
            self.agree.setChecked(True)
            self.agree.setFocus()
            return
        super().keyPressEvent(event)


class SignatureView(QWidget):
    """A signature already given: who, how, when, the reservation in full, the drawing."""

    withdraw = Signal(str)  # signature id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signature_id = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.who = plain_label("", "signerName")
        layout.addWidget(self.who)
        self.role = muted_label(wrap=True)
        layout.addWidget(self.role)
        layout.addSpacing(6)
        self.status = plain_label("", "done")
        self.status.setAccessibleName("Signature status")
        layout.addWidget(self.status)
        self.reservation_box = QFrame()
        self.reservation_box.setObjectName("reservationBox")
        box = QVBoxLayout(self.reservation_box)
        box.setContentsMargins(14, 10, 14, 10)
        box.setSpacing(4)
        caption = QLabel("Reservation, in their words")
        caption.setObjectName("fieldLabel")
        box.addWidget(caption)
        self.reservation = plain_label("", "reservationText")
        self.reservation.setAccessibleName("Reservation")
        self.reservation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.reservation)
        layout.addWidget(self.reservation_box)
        layout.addSpacing(4)
        self.typed = plain_label("", "typedName")
        self.typed.setAccessibleName("Typed name")
        layout.addWidget(self.typed)
        self.drawing = SignaturePad(read_only=True)
        layout.addWidget(self.drawing)
        self.digest = muted_label(wrap=True)
        layout.addWidget(self.digest)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.withdraw_button = QPushButton("Withdraw this signature")
        self.withdraw_button.setAccessibleName("Withdraw this signature")
        self.withdraw_button.setAutoDefault(True)
        self.withdraw_button.clicked.connect(lambda: self.withdraw.emit(self.signature_id))
        buttons.addWidget(self.withdraw_button)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_state(self, state: SignOffState, *, can_withdraw: bool, locked: bool) -> None:
        person = state.participant
        self.who.setText(wrappable(one_line(person.name, 300)))
        kind = "Decision-maker" if state.required else "Optional"
        self.role.setText(" · ".join(p for p in (one_line(person.role, 200), kind) if p))
        sig = state.signature
        self.signature_id = sig.id if sig is not None else ""
        if sig is None:
            set_style_state(self.status, "objectName", "muted")
            self.status.setText(
                "Did not sign this revision. It is signed off, so no more signatures can be added."
                if locked
                else "Not signed yet."
            )
        elif state.void:
            set_style_state(self.status, "objectName", "attention")
            self.status.setText(
                f"⚠ This signature from {local_time(sig.signed_at)} is void: the workshop "
                "changed after it was given, so it no longer counts."
            )
        else:
            set_style_state(self.status, "objectName", "done")
            self.status.setText(f"✓ {sig.stance.label} · signed {local_time(sig.signed_at)}")
        has_note = sig is not None and bool(sig.note.strip())
        self.reservation_box.setVisible(has_note)
        self.reservation.setText(wrappable(sig.note, 4000) if sig is not None and has_note else "")
        self.typed.setVisible(sig is not None)
        self.typed.setText(
            f"Typed: {wrappable(one_line(sig.typed_name, 300))}" if sig is not None else ""
        )
        self.drawing.set_drawing(sig.drawing if sig is not None else "")
        self.drawing.setVisible(sig is not None and bool(sig.drawing))
        self.digest.setVisible(sig is not None)
        if sig is not None:
            self.digest.setText(f"Confirms content digest {short_digest(sig.content_digest)}")
            self.digest.setToolTip(sig.content_digest)
        self.withdraw_button.setVisible(can_withdraw and sig is not None)


class BlockersPanel(QWidget):
    """What to settle before anyone signs, each with the way to the stage that settles it."""

    go_to = Signal(str)  # stage key
    go_to_place = Signal(str, str, str)  # stage key, item id, field: the item that settles it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        title = QLabel("Before anyone signs")
        title.setObjectName("signerName")
        layout.addWidget(title)
        intro = muted_label(
            "Settle these first. Each button takes you to the stage where it is done.", wrap=True
        )
        layout.addWidget(intro)
        self.rows_scroll = QScrollArea()
        self.rows_scroll.setWidgetResizable(True)
        self.rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.rows = QWidget()
        self.rows.setObjectName("blockerRows")
        self.rows_layout = QVBoxLayout(self.rows)
        self.rows_layout.setContentsMargins(0, 4, 4, 4)
        self.rows_layout.setSpacing(8)
        self.rows_scroll.setWidget(self.rows)
        layout.addWidget(self.rows_scroll, 1)
        self.buttons: list[QPushButton] = []
        # A large workshop has a blocker for each of its thousands of requests: the rows that
        # fill the panel come at once, the rest in short slices while the panel shows, so the
        # stage opens at once and the window keeps answering.
        self._waiting: list[Blocker] = []
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._add_more)

    def show_blockers(self, blockers: list[Blocker]) -> None:
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        self.rows_layout.addStretch(1)
        self._waiting = list(blockers)
        self._add_rows(FIRST_ROWS)

    def _add_more(self) -> None:
        if self.isVisible():  # a hidden panel goes on when shown again
            self._add_rows(ROWS_PER_SLICE)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._waiting:
            self._more.start()

    def _go(self, blocker: Blocker) -> None:
        if blocker.item_id:
            self.go_to_place.emit(blocker.stage, blocker.item_id, blocker.field)
        else:
            self.go_to.emit(blocker.stage)

    def _add_rows(self, count: int) -> None:
        for blocker in self._waiting[:count]:
            row = QFrame()
            row.setObjectName("blockerRow")
            line = QHBoxLayout(row)
            line.setContentsMargins(12, 8, 8, 8)
            line.setSpacing(12)
            text = plain_label(wrappable(blocker.message, 600))
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            line.addWidget(text, 1)
            stage = STAGE_TITLES.get(blocker.stage, blocker.stage.capitalize())
            button = QPushButton(f"Go to {stage}")
            button.setAccessibleName(f"Go to {stage}: {one_line(blocker.message, 200)}")
            button.setAutoDefault(True)
            button.clicked.connect(lambda _c=False, b=blocker: self._go(b))
            keep_enabled(button)
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)  # before the stretch
            self.buttons.append(button)
        del self._waiting[:count]
        if self._waiting:
            self._more.start()
