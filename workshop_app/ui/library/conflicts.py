"""Settling what changed on both sides when an offline workshop comes back.

One conflict at a time, both values side by side, and three answers: keep mine (the offline
copy's), keep theirs (the team library's), or, for text, keep both. M, T and B answer and move on
to the next unsettled conflict; ↑/↓ move through the list; Enter brings the workshop back once
every conflict is settled. Non-modal: the caller shows it with `open()` and hears `settled`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.merge import BOTH, MINE, SIGNED_RULE, THEIRS, Conflict, describe
from workshop_app.ui.widgets.text import one_line

if TYPE_CHECKING:
    from workshop_app.storage.offline import Plan

_ANSWERS = {MINE: "Mine", THEIRS: "Theirs", BOTH: "Both"}
_KEYS = {Qt.Key.Key_M: MINE, Qt.Key.Key_T: THEIRS, Qt.Key.Key_B: BOTH}
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


def _value(conflict: Conflict, side: str) -> str:
    value = conflict.mine if side == MINE else conflict.theirs
    if conflict.is_deletion:
        return "Deleted here." if value is None else "Kept here, and changed since it was taken."
    return describe(value)


class ConflictsDialog(QDialog):
    """The conflicts of one workshop coming back; emits `settled(choices)` when confirmed."""

    settled = Signal(dict)

    def __init__(self, parent: QWidget | None, plan: Plan) -> None:
        super().__init__(parent)
        self.plan = plan
        self.conflicts = plan.merge.conflicts
        self.choices: dict[str, str] = dict(plan.merge.choices)
        self.setWindowTitle(f"Bring back “{one_line(plan.title, 60)}”")
        self.setObjectName("conflictsDialog")
        self.resize(960, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(16)
        layout.addWidget(self._heading())
        body = QHBoxLayout()
        body.setSpacing(16)
        self.list = QListWidget()
        self.list.setAccessibleName("Conflicts")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMinimumWidth(280)
        self.list.setMaximumWidth(360)
        for _conflict in self.conflicts:
            self.list.addItem(QListWidgetItem())
        self.list.currentRowChanged.connect(self._show)
        body.addWidget(self.list)
        body.addWidget(self._sides(), 1)
        layout.addLayout(body, 1)
        self.rule = QLabel(SIGNED_RULE)
        self.rule.setObjectName("muted")
        self.rule.setWordWrap(True)
        layout.addWidget(self.rule)
        self.buttons = QDialogButtonBox()
        self.bring = self.buttons.addButton("Bring it back", QDialogButtonBox.ButtonRole.AcceptRole)
        self.bring.setObjectName("primary")
        self.buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._confirm)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # The list would take M, T and B for its own type-ahead search: answer them first.
        self.list.installEventFilter(self)
        self._label_all()
        if self.conflicts:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self._update()

    def _heading(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        title = QLabel("What changed on both sides")
        title.setObjectName("stageTitle")
        column.addWidget(title)
        count = len(self.conflicts)
        lead = QLabel(
            f"{self.plan.merge.summary()} Choose for each of the {count} conflicts which "
            "version to keep: M keeps the offline copy's, T the team library's, B both texts."
            if count
            else self.plan.merge.summary()
        )
        lead.setWordWrap(True)
        lead.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(lead)
        if self.plan.note and self.plan.note != SIGNED_RULE:
            note = QLabel(self.plan.note)
            note.setWordWrap(True)
            column.addWidget(note)
        return box

    def _sides(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        self.what.setObjectName("sectionTitle")
        grid.addWidget(self.what, 0, 0, 1, 2)
        self.values: dict[str, QPlainTextEdit] = {}
        self.keep: dict[str, QPushButton] = {}
        heads = {MINE: "Offline copy (mine)", THEIRS: "Team library (theirs)"}
        keeps = {MINE: "Keep &mine", THEIRS: "Keep &theirs", BOTH: "Keep &both texts"}
        for column, side in enumerate((MINE, THEIRS)):
            head = QLabel(heads[side])
            head.setObjectName("muted")
            grid.addWidget(head, 1, column)
            value = QPlainTextEdit()
            value.setReadOnly(True)
            value.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            value.setAccessibleName(heads[side])
            value.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.values[side] = value
            grid.addWidget(value, 2, column)
        grid.setRowStretch(2, 1)
        for side, text in keeps.items():
            button = QPushButton(text)
            button.setToolTip(f"{text.replace('&', '')} (key {side[0].upper()})")
            button.clicked.connect(lambda _c=False, side=side: self.choose(side))
            self.keep[side] = button
        grid.addWidget(self.keep[MINE], 3, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.keep[THEIRS], 3, 1, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.keep[BOTH], 4, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            assert isinstance(event, QKeyEvent)
            side = _KEYS.get(Qt.Key(event.key()))
            if side is not None and event.modifiers() in _PLAIN:
                if event.type() == QEvent.Type.KeyPress:
                    self.choose(side)
                event.accept()
                return True
        return super().eventFilter(watched, event)

    # -- answering ---------------------------------------------------------------------------
    def current(self) -> Conflict | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def choose(self, side: str) -> None:
        """Settle the current conflict and move to the next unsettled one."""
        conflict = self.current()
        if conflict is None or (side == BOTH and not conflict.text):
            return
        self.choices[conflict.key] = side
        self._label_all()
        row = self.list.currentRow()
        order = list(range(row + 1, len(self.conflicts))) + list(range(row))
        following = [n for n in order if self.conflicts[n].key not in self.choices]
        if following:
            self.list.setCurrentRow(following[0])
        self._update()

    def _label_all(self) -> None:
        for row, conflict in enumerate(self.conflicts):
            answer = self.choices.get(conflict.key)
            mark = f"✓ {_ANSWERS[answer]}" if answer else "○ To settle"
            item = self.list.item(row)
            item.setText(f"{mark}\n{one_line(conflict.short, 140)}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{conflict.what}: {mark}")

    def _show(self, row: int) -> None:
        conflict = self.current()
        if conflict is None:
            return
        self.what.setText(f"{row + 1} of {len(self.conflicts)} · {conflict.what}")
        for side, box in self.values.items():
            box.setPlainText(_value(conflict, side))
        self._update()

    def _update(self) -> None:
        conflict = self.current()
        for side, button in self.keep.items():
            button.setEnabled(conflict is not None and (side != BOTH or conflict.text))
        open_ = [c for c in self.conflicts if c.key not in self.choices]
        self.bring.setEnabled(not open_)
        self.bring.setText(
            "Bring it back" if not open_ else f"Bring it back · {len(open_)} to settle"
        )
        self.bring.setDefault(not open_)
        if not open_:
            self.bring.setFocus()

    def _confirm(self) -> None:
        if any(c.key not in self.choices for c in self.conflicts):
            return
        self.settled.emit(dict(self.choices))
        self.accept()
