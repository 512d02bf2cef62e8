"""The why-ladder: "Why does that matter?" asked again and again, each answer one rung.

Rungs are one list field of the need (`why_ladder`). Each rung is a line editor bound to that list
at its position; the empty line at the bottom adds the next rung on Enter. Enter on the empty line
moves the conversation on; Backspace on an empty rung removes it. All of it is undoable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.fields import LONG_TEXT, MAX_LADDER_RUNGS
from workshop_app.core.kind import Kind
from workshop_app.ui import drafts
from workshop_app.ui.session import WorkshopSession
from workshop_app.ui.widgets.fields import _Debounced
from workshop_app.ui.widgets.labels import muted_label

#: Five whys is the classic depth; past it the placeholder suggests moving on.
CLASSIC_DEPTH = 5


class RungEdit(QLineEdit, _Debounced):
    """One rung, bound to position `index` of the need's why-ladder."""

    committed = Signal(int)  # Enter on a rung with text
    remove_requested = Signal(int)  # Backspace or Enter on an empty rung
    step = Signal(int, int)  # (index, +1/-1): arrow keys move between rungs

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self._setup_timer(self)
        self.setMaxLength(LONG_TEXT)
        self.setAccessibleName(f"Why, rung {index + 1}")
        self.setPlaceholderText("Empty rung — Backspace removes it")
        self.textEdited.connect(lambda _text: self._typed())
        self.returnPressed.connect(self._on_return)

    def text_value(self) -> list[str]:
        ladder = list(self.current() or [])
        if self.index < len(ladder):
            ladder[self.index] = self.text()
        return ladder

    def show_current(self) -> None:
        if self._pending:
            return
        ladder = self.current() or []
        text = ladder[self.index] if self.index < len(ladder) else ""
        if text != self.text():
            self.setText(text)
            self.setCursorPosition(0)

    def _on_return(self) -> None:
        self.flush()
        if self.text().strip():
            self.committed.emit(self.index)
        else:
            self.remove_requested.emit(self.index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Backspace and not self.text():
            self.remove_requested.emit(self.index)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self.step.emit(self.index, -1 if key == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)


class _NewRungEdit(QLineEdit):
    step_up = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Up and not event.modifiers():
            self.step_up.emit()
            return
        super().keyPressEvent(event)


class WhyLadder(QWidget):
    """Numbered rungs plus the line that adds the next one."""

    finished = Signal()  # Enter on the empty new-rung line: move on to the need statement
    rows_changed = Signal()  # rung editors appeared or disappeared (tab order needs fixing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Why-ladder")
        self.session: WorkshopSession | None = None
        self.need_id = ""
        self.read_only = False
        self._shown = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        self.rungs: list[RungEdit] = []
        self.numbers: list[QLabel] = []
        self.removers: list[QToolButton] = []
        self.new_number = QLabel()
        self.new_number.setObjectName("rungNumber")
        self.new_number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.new_number.setMinimumWidth(24)
        self.new_rung = _NewRungEdit()
        self.new_rung.setObjectName("newRung")
        self.new_rung.setAccessibleName("Next rung: why does that matter?")
        self.new_rung.setMaxLength(LONG_TEXT)
        self.new_rung.returnPressed.connect(self.add_rung)
        drafts.mark(self.new_rung, "why-rung")
        self.new_rung.step_up.connect(lambda: self._focus_rung(len(self._ladder()) - 1))
        self.enter_hint = muted_label("Enter ⏎")
        self._place_new_row(0)

    # -- binding ---------------------------------------------------------------------------
    def bind(self, session: WorkshopSession, need_id: str) -> None:
        if need_id != self.need_id:
            self.new_rung.clear()
            drafts.set_context(self.new_rung, need_id)
        self.session, self.need_id = session, need_id
        for rung in self.rungs:
            rung.bind(session, Kind.NEED, need_id, "why_ladder")
        self.show_current()

    def _ladder(self) -> list[str]:
        if self.session is None or not self.need_id:
            return []
        need = self.session.workshop.need(self.need_id)
        return list(need.why_ladder) if need is not None else []

    def show_current(self) -> None:
        ladder = self._ladder()
        while len(self.rungs) < len(ladder):
            self._add_row()
        for index, rung in enumerate(self.rungs):
            visible = index < len(ladder)
            rung.setVisible(visible)
            self.numbers[index].setVisible(visible)
            self.removers[index].setVisible(visible and not self.read_only)
            rung.setReadOnly(self.read_only)
            if visible:
                rung.show_current()
        self._place_new_row(len(ladder))
        if len(ladder) != self._shown:
            self._shown = len(ladder)
            self.rows_changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.show_current()

    def _add_row(self) -> None:
        index = len(self.rungs)
        number = QLabel(str(index + 1))
        number.setObjectName("rungNumber")
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        number.setMinimumWidth(24)
        rung = RungEdit(index)
        if self.session is not None:
            rung.bind(self.session, Kind.NEED, self.need_id, "why_ladder")
        rung.committed.connect(self._after_rung)
        rung.remove_requested.connect(self.remove_rung)
        rung.step.connect(lambda i, step: self._focus_rung(i + step))
        remover = QToolButton()
        remover.setText("✕")
        remover.setAutoRaise(True)
        remover.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard: Backspace on an empty rung
        remover.setAccessibleName(f"Remove rung {index + 1}")
        remover.setToolTip("Remove this rung (or empty it and press Backspace)")
        remover.clicked.connect(lambda _checked=False, i=index: self.remove_rung(i))
        self.grid.addWidget(number, index, 0)
        self.grid.addWidget(rung, index, 1)
        self.grid.addWidget(remover, index, 2)
        self.rungs.append(rung)
        self.numbers.append(number)
        self.removers.append(remover)

    def _place_new_row(self, row: int) -> None:
        for widget in (self.new_number, self.new_rung, self.enter_hint):
            self.grid.removeWidget(widget)
        # Rows past the ladder hold hidden editors; the new line sits just below the last rung.
        row = max(row, len(self.rungs))
        self.grid.addWidget(self.new_number, row, 0)
        self.grid.addWidget(self.new_rung, row, 1)
        self.grid.addWidget(self.enter_hint, row, 2)
        count = len(self._ladder())
        self.new_number.setText(str(count + 1))
        full = count >= MAX_LADDER_RUNGS
        self.new_rung.setEnabled(not full and not self.read_only)
        self.new_rung.setVisible(not self.read_only)
        self.new_number.setVisible(not self.read_only)
        self.enter_hint.setVisible(not self.read_only)
        if full:
            self.new_rung.setPlaceholderText("That is as deep as a ladder goes")
        elif count == 0:
            self.new_rung.setPlaceholderText("Why does that matter? Type the answer, press Enter")
        elif count < CLASSIC_DEPTH:
            self.new_rung.setPlaceholderText("And why does that matter?  (empty Enter moves on)")
        else:
            self.new_rung.setPlaceholderText("Five whys is usually enough — Enter moves on")

    # -- editing ---------------------------------------------------------------------------
    def flush(self) -> None:
        for rung in self.rungs:
            rung.flush()

    def add_rung(self) -> None:
        text = self.new_rung.text().strip()
        if not text:
            self.finished.emit()
            return
        if self.session is None or not self.need_id or self.read_only:
            return
        self.flush()
        ladder = self._ladder()
        if len(ladder) >= MAX_LADDER_RUNGS:
            return
        self.session.edit(Kind.NEED, self.need_id, "why_ladder", [*ladder, text])
        self.new_rung.clear()
        self.new_rung.setFocus()

    def remove_rung(self, index: int) -> None:
        if self.session is None or not self.need_id or self.read_only:
            return
        self.flush()
        ladder = self._ladder()
        if not 0 <= index < len(ladder):
            return
        del ladder[index]
        self.session.edit(Kind.NEED, self.need_id, "why_ladder", ladder)
        self._focus_rung(index - 1 if index > 0 else 0)

    def _after_rung(self, index: int) -> None:
        self._focus_rung(index + 1)

    def _focus_rung(self, index: int) -> None:
        count = len(self._ladder())
        if 0 <= index < count and index < len(self.rungs):
            self.rungs[index].setFocus()
            self.rungs[index].selectAll()
        elif index >= count and not self.read_only:
            self.new_rung.setFocus()

    def focus_chain(self) -> list[QWidget]:
        count = len(self._ladder())
        chain: list[QWidget] = list(self.rungs[:count])
        if not self.read_only:
            chain.append(self.new_rung)
        return chain

    def focus_start(self) -> None:
        """Put the cursor where the next answer goes."""
        if self.read_only:
            if self.rungs and self._ladder():
                self.rungs[0].setFocus()
            return
        self.new_rung.setFocus()
