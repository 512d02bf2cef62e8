"""What was exported last, per workshop, so the navigator can tick Export and the stage can show
the file again after a restart.

An export is "current" when it was made from exactly the workshop as it is now: the key is a
SHA-256 over its interchange JSON, which covers everything the PDF shows (content, status and
signatures). The record lives in the main window's QSettings under ``workshops/<id>/export/``;
the window owns one `ExportRecord` and shares it with the stages (the Export stage's navigator
tick comes from it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:
    from workshop_app.core import model as m


#: Marks a key over compact JSON; a key recorded before it (over the indented file) is still
#: checked as it was made, so an export stays current across the change.
KEY_PREFIX = "c:"


class LastExport(NamedTuple):
    path: Path
    key: str
    when: str  # ISO timestamp, local time
    pages: int = 0
    signed: bool = False


def _group(workshop_id: str) -> str:
    return f"workshops/{workshop_id}/export"


class ExportRecord(QObject):
    """The exports this window knows of, and the key that tells whether each is current."""

    #: A workshop's export was recorded (its id): the navigator's tick may change.
    saved = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._last: tuple[m.Workshop, str, bytes] | None = None  # the last keyed: key, JSON
        self._exported: dict[str, str] = {}  # workshop id -> key of its last export

    def key(self, workshop: m.Workshop) -> str:
        """SHA-256 over everything the PDF is made from: its interchange data as compact JSON
        (≈60 ms for 2,000 requests; the indented file, written by Python's slower encoder, took
        twice that), marked with `KEY_PREFIX`. A one-entry cache: the session hands out a fresh
        workshop object per change."""
        return self._encoded(workshop)[0]

    def payload(self, workshop: m.Workshop) -> bytes:
        """The workshop's interchange JSON (compact) the key was taken over: what the preview's
        child process reads (`report/build_process.py`)."""
        return self._encoded(workshop)[1]

    def _encoded(self, workshop: m.Workshop) -> tuple[str, bytes]:
        if self._last is not None and self._last[0] is workshop:
            return self._last[1], self._last[2]
        import hashlib  # both once a workshop is open, not at start

        from workshop_app.core import interchange

        data = interchange.dumps(workshop, compact=True).encode("utf-8")
        key = KEY_PREFIX + hashlib.sha256(data).hexdigest()
        self._last = (workshop, key, data)
        return key, data

    @staticmethod
    def earlier_key(workshop: m.Workshop) -> str:
        """The key as exports recorded before `KEY_PREFIX` were made: over the indented file."""
        import hashlib

        from workshop_app.core import interchange

        return hashlib.sha256(interchange.dumps(workshop).encode("utf-8")).hexdigest()

    def is_current(self, key: str, workshop: m.Workshop) -> bool:
        """Whether an export recorded with `key` was made from exactly `workshop`."""
        if key.startswith(KEY_PREFIX):
            return key == self.key(workshop)
        return key == self.earlier_key(workshop)

    def load(self, workshop_id: str) -> LastExport | None:
        group = _group(workshop_id)
        settings = self.settings
        path = str(settings.value(f"{group}/path", "") or "")
        key = str(settings.value(f"{group}/key", "") or "")
        if not path or not key:
            self._exported.pop(workshop_id, None)
            return None
        self._exported[workshop_id] = key
        try:
            pages = int(settings.value(f"{group}/pages", 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            pages = 0
        signed = str(settings.value(f"{group}/signed", "false")).lower() == "true"
        return LastExport(Path(path), key, str(settings.value(f"{group}/when", "")), pages, signed)

    def save(self, workshop_id: str, last: LastExport) -> None:
        group = _group(workshop_id)
        self.settings.setValue(f"{group}/path", str(last.path))
        self.settings.setValue(f"{group}/key", last.key)
        self.settings.setValue(f"{group}/when", last.when)
        self.settings.setValue(f"{group}/pages", last.pages)
        self.settings.setValue(f"{group}/signed", "true" if last.signed else "false")
        self._exported[workshop_id] = last.key
        self.saved.emit(workshop_id)

    def exported_state(self, workshop: m.Workshop) -> bool | None:
        """True: this exact revision was exported; False: exported before the latest changes;
        None: never exported."""
        key = self._exported.get(workshop.id)
        if key is None:  # not looked up yet since the window opened
            last = self.load(workshop.id)
            if last is None:
                return None
            key = last.key
        return self.is_current(key, workshop)
