"""Row versions: several facilitators on one library, and no write based on a stale view.

Every edited row has a version (`row_version`, 0 while it has no entry). A library remembers
the version of each row of a workshop as it read it for a view (`Library.workshop(...,
remember=True)`, which the window's session does). `Library.edit` then claims the row it was
opened on: inside its transaction, one conditional statement moves the version on only if it is
still the one remembered (`UPDATE … WHERE version = :seen`, or an insert that does nothing
when a first version appeared meanwhile). When it matched no row, another facilitator changed
that row since this view was read: the edit raises `StaleWriteError` before writing anything,
and the view is read again. A row this library never read for a view (the command line, which
edits without showing) is claimed without a check, and its version still moves on.

Plain SQL that SQLite and PostgreSQL both run: on PostgreSQL the second of two concurrent
claims of one row waits for the first to commit, then finds its version moved and is refused;
claims of rows of different workshops touch different rows and never wait for each other.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from workshop_app.core import model as m
from workshop_app.core.kind import Kind
from workshop_app.storage.assembly import LISTS
from workshop_app.storage.db import StorageError

#: What a facilitator is told when a write was refused because another changed the row first.
STALE = (
    "Changed by another facilitator a moment ago — your view is refreshed; "
    "type it again if still needed."
)

_MOVE_ON = text(
    "UPDATE row_version SET version = version + 1 "
    "WHERE kind = :kind AND item_id = :item_id AND version = :seen"
)
_FIRST = text(
    "INSERT INTO row_version (kind, item_id, workshop_id, version) "
    "VALUES (:kind, :item_id, :workshop_id, 1) ON CONFLICT (kind, item_id) DO NOTHING"
)
_ANY = text(
    "INSERT INTO row_version (kind, item_id, workshop_id, version) "
    "VALUES (:kind, :item_id, :workshop_id, 1) "
    "ON CONFLICT (kind, item_id) DO UPDATE SET version = row_version.version + 1"
)
_ONE = text("SELECT version FROM row_version WHERE kind = :kind AND item_id = :item_id")
_ALL = text("SELECT kind, item_id, version FROM row_version WHERE workshop_id = :workshop_id")

Key = tuple[str, str]


class StaleWriteError(StorageError):
    """A write refused because another facilitator changed the row since this view read it."""

    def __init__(self, kind: Kind | str, item_id: str, workshop_id: str) -> None:
        super().__init__(STALE)
        self.kind, self.item_id, self.workshop_id = str(kind), item_id, workshop_id


def items_of(ws: m.Workshop) -> Iterable[Key]:
    """Every versioned row of a workshop, as (kind, id)."""
    yield (Kind.WORKSHOP.value, ws.id)
    for kind, attr in LISTS.items():
        for item in getattr(ws, attr):
            yield (kind.value, item.id)
    for decision in ws.decisions:
        yield (Kind.DECISION.value, decision.request_id)  # a decision's key is its request


class Seen:
    """The versions a library's views were read at, per (kind, id). Safe to use from the room
    server's thread as well as the window's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._versions: dict[Key, int] = {}

    def remember(self, s: Session, ws: m.Workshop) -> None:
        """Note the versions of every row of `ws`, read in the same session as `ws` itself."""
        found = {
            (str(kind), str(item_id)): int(version)
            for kind, item_id, version in s.execute(_ALL, {"workshop_id": ws.id}).all()
        }
        with self._lock:
            for key in items_of(ws):
                self._versions[key] = found.get(key, 0)

    def saw(self, changes: dict[Key, int]) -> None:
        """After a commit: the versions this library's own write left."""
        with self._lock:
            self._versions.update(changes)

    def forget(self) -> None:
        with self._lock:
            self._versions.clear()

    def version(self, kind: Kind | str, item_id: str) -> int | None:
        with self._lock:
            return self._versions.get((str(kind), item_id))

    def check(self, s: Session, kind: Kind | str, item_id: str, workshop_id: str) -> None:
        """Refuse at once, before the edit does anything, when the row's version is no longer
        the one remembered (`claim`, at the end of the edit, is what makes sure of it)."""
        seen = self.version(kind, item_id)
        if seen is None:
            return
        now = s.execute(_ONE, {"kind": str(kind), "item_id": item_id}).scalar_one_or_none()
        if (now or 0) != seen:
            self._stale(kind, item_id, workshop_id)

    def _stale(self, kind: Kind | str, item_id: str, workshop_id: str) -> None:
        with self._lock:
            self._versions.pop((str(kind), item_id), None)  # learnt by reading again
        raise StaleWriteError(kind, item_id, workshop_id)

    def claim(self, s: Session, kind: Kind | str, item_id: str, workshop_id: str) -> int:
        """Move the row's version on inside the open transaction `s`, or raise StaleWriteError
        when it is no longer the one remembered. Returns the new version."""
        key = (str(kind), item_id)
        seen = self.version(*key)
        values: dict[str, Any] = {"kind": key[0], "item_id": item_id, "workshop_id": workshop_id}
        if seen is None:
            s.execute(_ANY, values)
        else:
            if seen == 0:
                moved = s.execute(_FIRST, values)
            else:
                moved = s.execute(_MOVE_ON, {"kind": key[0], "item_id": item_id, "seen": seen})
            if getattr(moved, "rowcount", 0) != 1:
                self._stale(kind, item_id, workshop_id)
        return int(s.execute(_ONE, {"kind": key[0], "item_id": item_id}).scalar_one())

    def bump(self, s: Session, kind: Kind | str, item_id: str, workshop_id: str) -> dict[Key, int]:
        """Move a row's version on without a check: a row the edit was not opened on but
        writes too (a value adopted from the room), so views that read it before are stale.
        Returns {(kind, id): version} when the version remembered was the one before (the view
        stays current), else {} (it was stale already and stays so)."""
        values = {"kind": str(kind), "item_id": item_id, "workshop_id": workshop_id}
        s.execute(_ANY, values)
        key = (str(kind), item_id)
        after = int(s.execute(_ONE, {"kind": key[0], "item_id": item_id}).scalar_one())
        return {key: after} if self.version(*key) == after - 1 else {}
