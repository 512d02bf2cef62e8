"""Participants' names offered wherever a person is typed: the owner of a decision, who asked
for a request, the facilitator. Case-insensitive, matching any part of the name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from workshop_app.core import model as m


def participant_names(ws: m.Workshop | None) -> list[str]:
    return [p.name for p in ws.participants if p.name.strip()] if ws is not None else []


def suggest_names(edit: QLineEdit, names: list[str]) -> None:
    """Offer `names` as completions in `edit` (only rebuilt when the names changed)."""
    if edit.property("suggestedNames") == names:
        return
    edit.setProperty("suggestedNames", names)
    completer = QCompleter(names, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    edit.setCompleter(completer)


class NamesDelegate(QStyledItemDelegate):
    """A table column of people ("Asked by"): its editor suggests the participants."""

    def __init__(self, names: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names = names

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor: Any = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            suggest_names(editor, self.names())
        return editor
