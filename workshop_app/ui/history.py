"""Undo and redo that say what they took back and where, and take the facilitator there.

An undo that changes something on another stage, out of sight, is a change nobody meant: Ctrl+Z
on Goals once took back a due date on Decide without a word. So each undo or redo names the
change, its stage and its item in the status bar ("Undid: due date · Decide · request 2") and
shows that stage with the item selected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QUndoCommand, QUndoGroup
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from workshop_app.core.kind import Kind
from workshop_app.ui.actions import redo_shortcuts

if TYPE_CHECKING:
    from workshop_app.core import model as m
    from workshop_app.ui.window_base import AppWindow


class Where(NamedTuple):
    """A change in words and where it shows."""

    what: str  # "due date", "adding a goal"
    stage: str  # stage key
    kind: str = ""  # the kind of item changed, with its id
    item_id: str = ""


def describe(command: QUndoCommand) -> Where | None:
    """What a command changes and where; None for one that is not a workshop edit."""
    # The words for changes are imported with the first undo, not with the window.
    from workshop_app.ui import commands as c
    from workshop_app.ui.change_words import field_words, kind_words, stage_of

    if command.childCount():  # a macro ("Split need"): its name, the place of its first step
        first = describe(command.child(0))
        return Where(command.text(), first.stage, first.kind, first.item_id) if first else None
    if isinstance(command, c.SetField):
        what = field_words(command.field)
        return Where(what, stage_of(command.kind, command.field), command.kind, command.item_id)
    if isinstance(command, (c.AddItem, c.DeleteItem, c.MoveItem)):
        verb = {c.AddItem: "adding", c.DeleteItem: "deleting", c.MoveItem: "moving"}
        what = f"{verb[type(command)]} a {kind_words(command.kind)}"
        return Where(what, stage_of(command.kind), command.kind, command.item_id or "")
    if isinstance(command, c.SetStrength):
        return Where("alignment", "align", "need", command.need_id)
    if isinstance(command, c.AttachRequest):
        return Where(command.text().lower(), "needs", "request", command.request_id)
    if isinstance(command, c.SetServes):
        return Where("whether the request serves the need", "needs", "request", command.request_id)
    return None


def in_words(where: Where, ws: m.Workshop) -> str:
    """ "due date · Decide · request 2" """
    from workshop_app.ui.change_words import STAGE_TITLES, item_place

    place = item_place(ws, where.kind, where.item_id) if where.item_id else ""
    return " · ".join(p for p in (where.what, STAGE_TITLES[where.stage], place) if p)


class History(QObject):
    """The Edit menu's Undo and Redo for the window's undo group."""

    def __init__(self, window: AppWindow, group: QUndoGroup) -> None:
        super().__init__(window)
        self.window, self.group = window, group
        self.undo_action = self._action("Undo", self.undo)
        self.undo_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo_action = self._action("Redo", self.redo)
        self.redo_action.setShortcuts(redo_shortcuts())
        group.canUndoChanged.connect(self.undo_action.setEnabled)
        group.canRedoChanged.connect(self.redo_action.setEnabled)
        group.undoTextChanged.connect(lambda t: self.undo_action.setText(_titled("Undo", t)))
        group.redoTextChanged.connect(lambda t: self.redo_action.setText(_titled("Redo", t)))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # A key goes first to the widget with the keyboard, and only text fields claim
            # Ctrl+Z: each is watched from when it first gets the keyboard. A filter on the whole
            # application would call into Python for every event of every widget, hundreds
            # before the window's first paint.
            app.focusChanged.connect(self._watch_text_field)

    def _watch_text_field(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and _own_history(new) is not None:
            new.installEventFilter(self)  # once: Qt keeps one filter per object and watcher

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A text field claims Ctrl+Z even with nothing of its own to undo, which made Ctrl+Z
        dead wherever the cursor sat in an empty field: then it is the workshop's undo."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            own = _own_history(watched)
            if own is not None and not own[0]:
                event.ignore()
                return True
        elif QKeySequence(event.keyCombination()) in self.redo_action.shortcuts():
            own = _own_history(watched)
            if own is not None and not own[1]:
                event.ignore()
                return True
        return False

    def _action(self, text: str, handler: object) -> QAction:
        action = QAction(text, self.window)
        action.setEnabled(False)
        action.triggered.connect(handler)
        return action

    def undo(self) -> None:
        self._step(back=True)

    def redo(self) -> None:
        self._step(back=False)

    def _step(self, *, back: bool) -> None:
        # Typing not yet saved is saved first, so it is not pushed after the undo (which would
        # throw the redo away) and is itself what Ctrl+Z takes back.
        self.window.flush_edits()
        stack = self.group.activeStack()
        if stack is None or not (stack.canUndo() if back else stack.canRedo()):
            return
        if back:
            stack.undo()
            self._tell("Undid", stack.command(stack.index()))
        else:
            stack.redo()
            self._tell("Redid", stack.command(stack.index() - 1))

    def _tell(self, verb: str, command: QUndoCommand | None) -> None:
        window = self.window
        where = describe(command) if command is not None else None
        if where is None or window.session is None:
            if command is not None:
                window.show_notice(f"{verb}: {command.text()}")
            return
        window.show_notice(f"{verb}: {in_words(where, window.session.workshop)}")
        self._go_to(where, window.session.workshop)

    def _go_to(self, where: Where, ws: m.Workshop) -> None:
        window = self.window
        stage = window.current_stage()
        if stage is None or stage.key != where.stage:
            window.go_to_stage(where.stage)
            stage = window.current_stage()
        if stage is None:
            return
        shows_need = where.kind == Kind.NEED and ws.need(where.item_id) is not None
        if shows_need and stage.select_need(where.item_id):
            return
        wanted = _requests_of(where, ws)
        if wanted and stage.current_request_id() not in wanted:
            stage.select_request(wanted[0])


def _requests_of(where: Where, ws: m.Workshop) -> list[str]:
    """The requests a change belongs to, to show one of them (none for goals, participants…)."""
    if where.kind in ("decision", "request"):
        ids = [where.item_id]
    elif where.kind == "action":
        action = next((a for a in ws.actions if a.id == where.item_id), None)
        ids = [action.request_id] if action is not None and action.request_id else []
    elif where.kind == "need":
        need = ws.need(where.item_id)
        ids = list(need.request_ids) if need is not None else []
    else:
        ids = []
    return [i for i in ids if ws.request(i) is not None]


def _own_history(widget: QWidget) -> tuple[bool, bool] | None:
    """Whether a text field has typing of its own to undo and to redo (None: not a text field)."""
    if isinstance(widget, QLineEdit):
        return widget.isUndoAvailable(), widget.isRedoAvailable()
    # Here: the class is made for Python when first asked for, and the window's start needs none.
    from PySide6.QtWidgets import QPlainTextEdit

    if isinstance(widget, QPlainTextEdit):
        document = widget.document()
        return document.isUndoAvailable(), document.isRedoAvailable()
    return None


def _titled(verb: str, text: str) -> str:
    return f"{verb} {text.lower()}" if text else verb
