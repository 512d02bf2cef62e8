"""What was exported last, per workshop, so the navigator can tick Export and the stage can show
the file again after a restart.

An export is "current" when it was made from exactly the workshop as it is now: the key is a
SHA-256 over its interchange JSON, which covers everything the PDF shows (content, status and
signatures). The record lives in the main window's QSettings under ``workshops/<id>/export/``;
a process-wide copy of the keys lets the navigator's static `progress()` answer without a widget.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from workshop_app.core import interchange
from workshop_app.core import model as m

_last: tuple[m.Workshop, str] | None = None  # the last workshop object keyed, and its key
_exported: dict[str, str] = {}  # workshop id -> key of its last export


def export_key(workshop: m.Workshop) -> str:
    """SHA-256 over everything the PDF is made from (≈15 ms for 300 requests; cached per object)."""
    global _last  # noqa: PLW0603 - a one-entry cache; the session hands out a fresh object per change
    if _last is not None and _last[0] is workshop:
        return _last[1]
    key = hashlib.sha256(interchange.dumps(workshop).encode("utf-8")).hexdigest()
    _last = (workshop, key)
    return key


@dataclass(frozen=True)
class LastExport:
    path: Path
    key: str
    when: str  # ISO timestamp, local time
    pages: int = 0
    signed: bool = False


def _group(workshop_id: str) -> str:
    return f"workshops/{workshop_id}/export"


def load(settings: QSettings, workshop_id: str) -> LastExport | None:
    group = _group(workshop_id)
    path = str(settings.value(f"{group}/path", "") or "")
    key = str(settings.value(f"{group}/key", "") or "")
    if not path or not key:
        _exported.pop(workshop_id, None)
        return None
    _exported[workshop_id] = key
    try:
        pages = int(settings.value(f"{group}/pages", 0))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        pages = 0
    signed = str(settings.value(f"{group}/signed", "false")).lower() == "true"
    return LastExport(Path(path), key, str(settings.value(f"{group}/when", "")), pages, signed)


def save(settings: QSettings, workshop_id: str, last: LastExport) -> None:
    group = _group(workshop_id)
    settings.setValue(f"{group}/path", str(last.path))
    settings.setValue(f"{group}/key", last.key)
    settings.setValue(f"{group}/when", last.when)
    settings.setValue(f"{group}/pages", last.pages)
    settings.setValue(f"{group}/signed", "true" if last.signed else "false")
    _exported[workshop_id] = last.key


def exported_state(workshop: m.Workshop) -> bool | None:
    """True: this exact revision was exported; False: exported before the latest changes;
    None: never exported (as far as the open window knows)."""
    key = _exported.get(workshop.id)
    if key is None:
        return None
    return key == export_key(workshop)
