"""Unconfirmed drafts: text typed into an "add" field (a new request, goal, participant, why-rung,
follow-up, the name of someone signing) but never confirmed with Enter.

Closing the window must not lose it, and must not add it either: adding is the facilitator's
decision. So the text is kept in the settings, per workshop, and put back into the same field,
unconfirmed, the next time that field is shown for that workshop. A field is marked with
`mark()`; a field that serves one item at a time (the why-rung of one need) also names that item
with `set_context()`, and its draft only comes back for that item.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QWidget

_KEY = "draftKey"
_CONTEXT = "draftContext"


def mark(field: QLineEdit, key: str) -> None:
    """Keep what is typed into `field` as a draft under `key` (unique within a workshop)."""
    field.setProperty(_KEY, key)


def set_context(field: QLineEdit, context: str) -> None:
    """The item the field adds to now (a need's id, a participant's id)."""
    field.setProperty(_CONTEXT, context)


def _fields(root: QWidget) -> list[tuple[str, QLineEdit]]:
    found = []
    for field in root.findChildren(QLineEdit):
        key = field.property(_KEY)
        if key:
            found.append((f"{key}|{field.property(_CONTEXT) or ''}", field))
    return found


def _setting(workshop_id: str) -> str:
    return f"workshops/{workshop_id}/drafts"


def _load(settings: QSettings, workshop_id: str) -> dict[str, str]:
    try:
        stored = json.loads(str(settings.value(_setting(workshop_id), "{}")))
    except ValueError:
        return {}  # a settings file edited by hand: drafts are a courtesy, not data
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if isinstance(v, str)}


def keep(root: QWidget, settings: QSettings, workshop_id: str, *, clear: bool = False) -> None:
    """Remember the unconfirmed text of every marked field under `root` (an emptied field
    forgets its draft); `clear` then empties the fields, as another workshop opens in them."""
    drafts = _load(settings, workshop_id)
    for key, field in _fields(root):
        text = field.text()
        if text.strip():
            drafts[key] = text
        else:
            drafts.pop(key, None)
        if clear:
            field.clear()
    _store(settings, workshop_id, drafts)


def bring_back(root: QWidget, settings: QSettings, workshop_id: str) -> list[str]:
    """Put kept drafts back into their empty fields under `root`; returns the texts put back.
    A draft put back lives in its field from then on (closing keeps it again), so one the
    facilitator clears does not come back on the next visit."""
    drafts = _load(settings, workshop_id)
    restored = []
    for key, field in _fields(root):
        text = drafts.get(key)
        if text and not field.text() and field.isEnabled():
            field.setText(text)
            restored.append(text)
            del drafts[key]
    if restored:
        _store(settings, workshop_id, drafts)
    return restored


def _store(settings: QSettings, workshop_id: str, drafts: dict[str, str]) -> None:
    if drafts:
        settings.setValue(_setting(workshop_id), json.dumps(drafts, ensure_ascii=False))
    else:
        settings.remove(_setting(workshop_id))
