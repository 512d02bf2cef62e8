"""The operations layer: the only code that changes a workshop database.

Both the GUI and the command line call these methods. Every write goes through `Library.edit`:
one short transaction that finds the revision, refuses a signed-off one, lets the operation
validate and write, touches the revision, appends to the audit log and commits; the operation
returns plain values (an id, a snapshot for undo) or nothing. What an edit changed, for the
views, is said by the undo command that made it (`ui/changes.py`): it knows the edit's reach,
cascades included. Reads go through `Library.read`, and readers get domain objects that are
detached from any session.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, delete, func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.company_goals import REWORDING
from workshop_app.core.errors import NotFoundError, UserError, ValidationError
from workshop_app.core.fields import EDITABLE, SERVES, clean, ensure_room
from workshop_app.core.kind import Kind
from workshop_app.core.workflow import ensure_editable
from workshop_app.storage import (
    access,
    backup,
    catalog,
    db,
    engines,
    files,
    items,
    journal,
    migrate,
    probe,
    results,
    seal,
    upkeep,
    versions,
    watch,
)
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.catalog import WorkshopSummary
from workshop_app.storage.copies import fresh_ids, ids_taken
from workshop_app.storage.upkeep import Upkeep


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Snapshot:
    """Rows removed by a delete, in insertion order, so undo can put them back exactly."""

    workshop_id: str
    kind: Kind
    item_id: str
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


_TABLES_BY_NAME: dict[str, type[SQLModel]] = {
    cls.__tablename__: cls
    for cls in (
        t.WorkshopRow,
        t.ParticipantRow,
        t.AgendaItemRow,
        t.GoalRow,
        t.RequestRow,
        t.DecisionRow,
        t.NeedRow,
        t.NeedRequestRow,
        t.AlignmentLinkRow,
        t.ActionItemRow,
        t.SignatureRow,
        t.NeedAdoptionRow,
        t.ResultRow,
    )
}


def _ensure_open(row: t.WorkshopRow) -> None:
    """The check `Library.edit` makes unless told otherwise: a signed-off revision never changes."""
    ensure_editable(row.title, row.status == m.Status.SIGNED_OFF)


def _workshop_row(s: Session, workshop_id: str) -> t.WorkshopRow:
    row = s.get(t.WorkshopRow, workshop_id)
    if row is None:
        raise NotFoundError("That workshop no longer exists. It may have been deleted.")
    return row


def _item_row(s: Session, kind: Kind, item_id: str) -> Any:
    row_type = repo.ROWS.get(kind)
    if row_type is None:
        raise ValidationError(kind, "is not a kind of item")
    row = s.get(row_type, item_id)
    if row is None:
        raise NotFoundError(f"That {kind.replace('_', ' ')} no longer exists.")
    return row


class Edit:
    """One open transaction of `Library.edit`: its session, the rows it was opened on, and
    the audit log of what the body changes."""

    #: Who the log names unless told otherwise (Library.actor).
    person: str | None = None

    def __init__(
        self,
        session: Session,
        item: Any,
        workshop: t.WorkshopRow | None,
        *,
        touch: bool,
        seen: versions.Seen | None = None,
    ) -> None:
        self.session = session
        self.item = item  # the row it was opened on (for kind "workshop": the workshop's)
        self._workshop = workshop
        self._untouched = touch  # the first log entry touches the revision
        self.logged = False  # whether the edit changed anything (every change is logged)
        self._seen = seen or versions.Seen()
        self.versions: dict[versions.Key, int] = {}  # what it leaves, remembered at commit

    def wrote(self, kind: Kind, item_id: str) -> None:
        """The edit writes a row it was not opened on: that row's version moves on too."""
        if (str(kind), item_id) not in self.versions:
            self.versions.update(self._seen.bump(self.session, kind, item_id, self.workshop.id))

    def added(self, kind: Kind, item_id: str) -> None:
        """The edit adds a row: the view that shows it next is current (version 0)."""
        self.versions[(str(kind), item_id)] = 0

    @property
    def workshop(self) -> t.WorkshopRow:
        """The revision being changed."""
        if self._workshop is None:
            raise RuntimeError("this edit adds a workshop, so it was opened on none")
        return self._workshop

    def row(self, kind: Kind, item_id: str) -> Any:
        """Another item's row, or NotFoundError in the user's words."""
        return _item_row(self.session, kind, item_id)

    def workshop_row(self, workshop_id: str) -> t.WorkshopRow:
        """Another revision's row (one this edit inserted, say), or NotFoundError."""
        return _workshop_row(self.session, workshop_id)

    def log(
        self,
        action: str,
        kind: Kind | str = "",
        item_id: str = "",
        field_name: str = "",
        before: Any = None,
        after: Any = None,
        *,
        on: t.WorkshopRow | None = None,
        actor: str | None = None,
    ) -> None:
        """Append one entry to the audit log of `on` (by default the revision being changed).
        The first entry touches the revision: it is what says that something changed. `actor`:
        who did it when not the person at this library (a participant on their own device)."""
        ws = on if on is not None else self.workshop
        self.logged = True
        if self._untouched:
            self._untouched = False
            self.workshop.updated_at = now_iso()
            if self.workshop.status == m.Status.DRAFT:
                self.workshop.status = m.Status.IN_PROGRESS.value
        self.session.add(
            t.AuditRow(
                workshop_id=ws.id,
                at=now_iso(),
                actor=actor or self.person or access.actor_for_file(ws.facilitator),
                action=action,
                kind=kind,
                entity_id=item_id,
                field=field_name,
                before="" if before is None else json.dumps(repo.plain(before), ensure_ascii=False),
                after="" if after is None else json.dumps(repo.plain(after), ensure_ascii=False),
            )
        )


class Library:
    """A workshop database file, opened, checked, migrated and backed up; or a team library on
    a PostgreSQL server (a postgresql:// address), opened and migrated (storage/engines.py)."""

    def __init__(
        self, path: Path | str, *, make_backup: bool = True, check_later: bool = False
    ) -> None:
        """Open (creating, migrating) the database at path. `check_later`: when nothing needs
        migrating, leave the quick check and the backup to `upkeep.run()` on a worker, so the
        library accepts edits at once (the window does this; storage/upkeep.py)."""
        self.backend = engines.backend_for(path)
        self.path = self.backend.path
        #: What a person is shown as this library's place: the file, or the server's address.
        self.location = self.backend.location
        #: What this open still owes: after a backup the window runs the full integrity
        #: check in the background, and with check_later the quick check and backup too.
        self.upkeep = Upkeep(self.path)
        #: Problems noticed on opening that did not stop it, one sentence each (a lost -wal).
        self.warnings: list[str] = []
        self._session_id: str | None = None  # registered before the first save (journal.py)
        #: Write transactions begun through this object: whether a list read earlier is stale.
        self.writes = 0
        #: The change counter (db.change_count) as this object's last write left it.
        self.written: int | None = None
        self.seen = versions.Seen()
        #: Whether this library may be changed here (storage/access.py): on a server what its
        #: privileges give the connected role, else whether the file may be written.
        self.writable = self.backend.server or access.may_write_file(self.path)
        #: Who the audit log names: the role on a server; None: access.actor_for_file.
        self.actor: str | None = None
        opened = self._open(make_backup, check_later) if self.writable else None
        self.engine = opened or access.open_for_reading(self.path)

    @property
    def last_backup(self) -> Path | None:
        """The newest backup once this database was opened (taken now if anything changed)."""
        return self.upkeep.last_backup

    @property
    def took_backup(self) -> bool:
        """This open took a backup (the database changed)."""
        return self.upkeep.took_backup

    def _open(self, make_backup: bool, check_later: bool = False) -> Engine:
        if isinstance(self.backend, engines.PostgresBackend):
            engine = self.backend.open()
            try:
                with self.backend.errors(writing=False), engine.connect() as server:
                    access.apply_server_access(self, server)  # writable, actor: the role's
            except BaseException:
                engine.dispose()
                raise
            return engine
        companions = journal.look(self.path)  # before anything opens the file
        db.check_openable(self.path)
        # Decided read-only, before anything below writes: what is not ours stays untouched.
        kind = probe.inspect(self.path)
        files.create_private(self.path)
        files.keep_private(*(Path(f"{self.path}{end}") for end in ("", "-wal", "-shm")))
        checked = self._check_alone(kind is probe.Kind.OURS and make_backup, check_later)
        engine = self._start_engine()
        try:
            with db.user_facing_errors(self.path, writing=False):
                if not checked:
                    with db.reader(engine).connect() as conn:
                        connection = cast(sqlite3.Connection, conn.connection.driver_connection)
                        if check_later and upkeep.up_to_date(connection):
                            self.upkeep.quick_check = True
                        else:
                            _check_quickly(connection, self.path)
                migrate.upgrade(engine, self.path)
            lost = journal.problem(engine, self.path, companions)
            if lost is not None:
                self.warnings.append(lost)
        except BaseException:
            engine.dispose()  # refused: leave no connection (nor -wal/-shm file) behind
            raise
        return engine

    def _check_alone(self, make_backup: bool, check_later: bool) -> bool:
        """When no other connection has the database open: clean up after interrupted backups,
        check it, and back it up if it changed (or, check_later and nothing to migrate, leave
        both to the upkeep). Returns whether it was checked or left to the upkeep."""
        try:
            with (
                db.user_facing_errors(self.path, writing=False),
                probe.exclusive(self.path) as alone,
            ):
                if alone is None:  # open elsewhere, so its backup may be under way
                    return False
                backup.remove_stale_parts(self.path)
                if check_later and upkeep.up_to_date(alone):
                    self.upkeep.quick_check = True
                    self.upkeep.backup = make_backup
                    return True
                _check_quickly(alone, self.path)
                if make_backup:
                    newest = backup.backups(self.path)[:1]
                    # Before migrating, so a failed upgrade can be undone from the backup.
                    self.upkeep.last_backup = backup.backup_if_changed(alone, self.path)
                    self.upkeep.took_backup = self.upkeep.last_backup not in (None, *newest)
                    self.upkeep.thorough = self.upkeep.took_backup
                return True
        except db.DamagedDatabaseError:
            raise
        except db.StorageError:
            return False  # read-only, say: the shared open reports it in its own words

    def _start_engine(self) -> Engine:
        """The engine, sharing the file with other processes; or, when the disk is too full for
        the -shm index that sharing needs, holding it alone, which still reads (and closes) fine."""
        engine = db.make_engine(self.path)
        try:
            with db.reader(engine).connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").fetchall()
        except DBAPIError as exc:
            engine.dispose()
            if not db.is_disk_full(exc, self.path):
                error = db.user_error(exc, self.path, writing=False)
                if error is None:
                    raise
                raise error from exc
            engine = db.make_engine(self.path, exclusive=True)
        return engine

    def check_database(self) -> str | None:
        """SQLite's full integrity check (every page, every index against its table), for
        "Check database…", `workshop-app check` and a check in the background after opening.

        Returns None when all is well, else one sentence with the restore offer; SQLite's own
        findings go to the log only. Reads only, so other windows can go on working.
        """
        with self.read() as s:
            found = self.backend.problems(s, thorough=True)
        if not found:
            return None
        db.log_details("The integrity check of a workshop database failed", found[:50])
        return db.damaged(self.path, refused=False).message

    def close(self) -> None:
        self.upkeep.stop()
        if self.backend.server or not self.writable:
            self.engine.dispose()
            return
        journal.unregister(self.engine, self.path, self._session_id)
        self._session_id = None

    def restore_backup(self, backup_path: Path) -> Path | None:
        """Replace the database's content with a backup's (storage/backup.py); returns where
        what was there before is kept. Its connections are closed around the copy, so the
        restore never races this process's own writes, and it is opened again afterwards."""
        if self.backend.server:
            raise db.StorageError(engines.SERVER_BACKUPS)
        self.close()
        self.seen.forget()
        try:
            return backup.restore(backup_path, self.path)
        finally:
            self.engine = self._open(make_backup=False)

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; other windows and processes go on writing meanwhile."""
        with self.backend.errors(writing=False), db.session(db.reader(self.engine)) as s:
            yield s

    @contextmanager
    def edit(
        self,
        kind: Kind,
        item_id: str | None,
        *,
        check: Callable[[t.WorkshopRow], None] | None = _ensure_open,
        touch: bool = True,
        claim: bool | None = None,
    ) -> Iterator[Edit]:
        """The one way to change the database: a transaction on the workshop revision that the
        item `kind`/`item_id` belongs to (kind "workshop": the revision itself).

        `check` runs on that revision first (by default: refuse a signed-off one). What the body
        records with `Edit.log` becomes the audit log; the first entry also touches the revision
        (updated_at, a draft turns in progress) unless `touch` is False. Everything commits
        together when the body ends, or nothing does. `item_id` None: a transaction that adds a
        whole workshop, so there is nothing to look up, check or touch yet.

        `claim` (default: all kinds but "workshop", whose edits mostly add): StaleWriteError if
        another writer changed the row since this library's view read it (storage/versions.py).
        """
        claim = kind != Kind.WORKSHOP if claim is None else claim
        with self._write() as s:
            item: Any = None
            workshop: t.WorkshopRow | None = None
            if item_id is not None:
                if kind == Kind.WORKSHOP:
                    item = workshop = _workshop_row(s, item_id)
                else:
                    item = _item_row(s, kind, item_id)
                    workshop = _workshop_row(s, item.workshop_id)
                if check is not None:
                    check(workshop)
            edit = Edit(s, item, workshop, touch=touch and workshop is not None, seen=self.seen)
            edit.person = self.actor
            claimed = claim and item_id is not None and workshop is not None
            if claimed:
                self.seen.check(s, kind, str(item_id), edit.workshop.id)
            yield edit
            if claimed and edit.logged:  # a change: its version moves on, if still the one seen
                version = self.seen.claim(s, kind, str(item_id), edit.workshop.id)
                edit.versions[(str(kind), str(item_id))] = version
        self.seen.saw(edit.versions)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        if not self.writable:
            raise UserError(access.READ_ONLY)
        self.writes += 1
        if self._session_id is None and not self.backend.server:
            with suppress(sqlite3.Error, DBAPIError):  # only the detection is lost
                self._session_id = journal.register(self.engine)
        with self.backend.errors(), db.session(self.engine) as s, s.begin():
            mark = self.backend.mark(s)
            yield s
            s.flush()
            # Indexes the change for search, moves the change counter on (engines.py).
            written = self.backend.after_write(s, mark)
            if written is not None:
                self.written = written

    def change_count(self) -> int:
        """The database's change counter now: it moves on with every write, from any process."""
        with self.read() as s:
            return self.backend.change_count(s)

    def change_feed(self) -> watch.ChangeFeed:
        """Where a watcher waits for news of other writers (storage/watch.py): a server's
        notifications, or, for a file, the next look."""
        return self.backend.change_feed(self.engine)

    def workshop_mark(self, workshop_id: str) -> int:
        """What changes whenever anything of the workshop changes: its newest audit entry."""
        with self.read() as s:
            newest = select(func.max(t.AuditRow.id)).where(t.AuditRow.workshop_id == workshop_id)
            return int(s.exec(newest).one() or 0)

    def moved_on_by_itself(self, known: int | None, written: int | None) -> int | None:
        """The change counter after a write of this object, if that write is the only one since
        the counter read `known` (and `written` was `self.written` before it); else None."""
        if known is None or self.written is None or self.written == written:
            return None
        return self.written if self.written == db.next_count(known) else None

    # -- reading -----------------------------------------------------------------------------
    def workshops(self, search: str = "") -> list[WorkshopSummary]:
        """The library, most recently changed first; search matches titles, divisions and text
        (storage/search.py)."""
        with self.read() as s:
            return catalog.list_workshops(self.backend.connection(s), search)

    def matching_ids(self, text: str) -> set[str]:
        """The ids of the workshops whose searchable text contains `text`."""
        with self.read() as s:
            return catalog.matching_ids(self.backend.connection(s), text)

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The ids of the workshops whose id begins with `prefix` (a person types the first few
        characters `list` shows)."""
        with self.read() as s:
            return catalog.ids_starting_with(self.backend.connection(s), prefix)

    def carried_over(self, workshop_id: str) -> int:
        """How many requests a follow-up of this workshop would take up again."""
        with self.read() as s:
            return catalog.carried_over(self.backend.connection(s), workshop_id)

    def workshop(self, workshop_id: str, *, remember: bool = False) -> m.Workshop:
        """The workshop as stored; `remember`: for a view to edit from (storage/versions.py)."""
        with self.read() as s:
            ws = repo.load_workshop(s, _workshop_row(s, workshop_id))
            if remember:
                self.seen.remember(s, ws)
            return ws

    def content_problem(self, workshop_id: str) -> str | None:
        """One sentence when the workshop's stored rows no longer match the seals its saves
        wrote (damage inside the file that SQLite cannot see), else None (storage/seal.py)."""
        with self.read() as s:
            _workshop_row(s, workshop_id)
            damaged = self.backend.seal_problems(s, workshop_id)
            damaged += results.damaged(s, workshop_id)
        return seal.DAMAGED if damaged else None

    def audit_log(self, workshop_id: str) -> list[t.AuditRow]:
        with self.read() as s:
            return list(
                s.exec(
                    select(t.AuditRow)
                    .where(t.AuditRow.workshop_id == workshop_id)
                    .order_by(t.AuditRow.id)  # type: ignore[arg-type]
                ).all()
            )

    # -- whole workshops ---------------------------------------------------------------------
    def create_workshop(self, title: str, **values: Any) -> str:
        ws = m.Workshop(title=clean(Kind.WORKSHOP, "title", title), created_at=now_iso())
        for name, value in values.items():
            setattr(ws, name, clean(Kind.WORKSHOP, name, value))
        return self.add_workshop(ws, action="create workshop")

    def add_workshop(
        self, ws: m.Workshop, action: str = "import workshop", prepare: repo.Prepare = None
    ) -> str:
        """Insert a whole revision (ids kept unless taken), with what `prepare` writes beside it."""
        with self.edit(Kind.WORKSHOP, None) as e:
            ws = prepare(e, ws) if prepare is not None else ws
            if ids_taken(e.session, ws):
                # Already here: this becomes an independent copy. Signatures confirmed the
                # original, not the copy, so the copy starts as an unsigned draft.
                ws = replace(fresh_ids(ws), status=m.Status.DRAFT, revision=1, signatures=[])
            repo.insert_workshop(e.session, ws, now_iso())
            e.log(action, Kind.WORKSHOP, ws.id, on=e.workshop_row(ws.id))
            return ws.id

    def export_json(self, workshop_id: str) -> str:
        return interchange.dumps(self.workshop(workshop_id))

    def duplicate_workshop(self, workshop_id: str) -> str:
        copy = fresh_ids(self.workshop(workshop_id))
        copy = replace(
            copy,
            title=f"{copy.title} (copy)"[: EDITABLE[Kind.WORKSHOP]["title"].max_length],
            status=m.Status.DRAFT,
            revision=1,
            signatures=[],
            results=[],  # a new workshop: nothing measured against it yet
            created_at=now_iso(),
        )
        return self.add_workshop(copy, action="duplicate workshop")

    def delete_workshop(self, workshop_id: str) -> m.Workshop:
        """Delete a workshop revision, signed off or not; returns it whole so undo can add it
        back."""
        with self.edit(Kind.WORKSHOP, workshop_id, check=None, touch=False, claim=True) as e:
            ws = repo.load_workshop(e.session, e.workshop)
            e.log("delete workshop", Kind.WORKSHOP, workshop_id, before=e.workshop.title)
            e.session.delete(e.workshop)
            return ws

    # -- items -------------------------------------------------------------------------------
    def set_field(
        self,
        kind: Kind,
        item_id: str,
        field_name: str,
        value: Any,
        *,
        placeholder: bool | None = None,
    ) -> None:
        """Change one field of one item, e.g. ("request", id, "deadline", "March").
        `placeholder` (a goal's): whether it is a template's wording afterwards, in the same
        transaction; undoing a rewording gives the wording back as a placeholder again."""
        value = clean(kind, field_name, value)
        with self.edit(kind, item_id, claim=True) as e:
            write_field(e, e.item, kind, item_id, field_name, value)
            if kind == Kind.GOAL and field_name in REWORDING and e.item.placeholder:  # the room's
                write_field(e, e.item, kind, item_id, "placeholder", False)
            if kind == Kind.GOAL and placeholder is not None:
                write_field(e, e.item, kind, item_id, "placeholder", placeholder)

    def add_item(
        self,
        workshop_id: str,
        kind: Kind,
        values: dict[str, Any],
        position: int | None = None,
        item_id: str | None = None,
    ) -> str:
        """Add a participant, agenda item, goal, request, need or action item; returns its id.

        A need may name `request_ids`; a request gets its (undecided) decision record with it.
        """
        if kind not in repo.LISTS or kind == Kind.SIGNATURE:
            raise ValidationError(kind, "is not a kind of item that can be added")
        request_ids = list(values.pop("request_ids", []))
        request_link = values.pop("request_id", None)
        cleaned = {name: clean(kind, name, value) for name, value in values.items()}
        item = items.new_item(kind, dict(cleaned), item_id)  # new_item reshapes what it is given
        with self.edit(Kind.WORKSHOP, workshop_id) as e:
            s = e.session
            at = items.make_place(s, kind, workshop_id, position)
            row_type: Any = repo.ROWS[kind]
            count = select(func.count()).where(row_type.workshop_id == workshop_id)
            ensure_room(repo.LISTS[kind], s.exec(count).one())
            if kind == Kind.ACTION and request_link is not None:
                item.request_id = _request_in(s, workshop_id, request_link).id
            s.add(repo.row_for(kind, item, workshop_id, at))
            s.flush()
            if kind == Kind.REQUEST:
                s.add(t.DecisionRow(request_id=item.id, workshop_id=workshop_id))
            for index, request_id in enumerate(request_ids):
                _request_in(s, workshop_id, request_id)
                s.add(t.NeedRequestRow(need_id=item.id, request_id=request_id, position=index))
            e.log("add", kind, item.id, after=cleaned)
            e.added(Kind.DECISION if kind == Kind.REQUEST else kind, item.id)
            e.added(kind, item.id)
            return str(item.id)

    def move_item(self, kind: Kind, item_id: str, position: int) -> None:
        """Move an item to a new place in its list (0 = first)."""
        with self.edit(kind, item_id) as e:
            row_type = repo.ROWS[kind]
            siblings = [
                r
                for r in e.session.exec(
                    select(row_type)
                    .where(row_type.workshop_id == e.workshop.id)  # type: ignore[attr-defined]
                    .order_by(row_type.position)  # type: ignore[attr-defined]
                ).all()
                if r is not e.item
            ]
            siblings.insert(max(0, min(position, len(siblings))), e.item)
            for index, sibling in enumerate(siblings):
                sibling.position = index
            e.log("move", kind, item_id, after=position)

    def delete_item(self, kind: Kind, item_id: str) -> Snapshot:
        """Delete an item and what hangs off it; the snapshot lets undo restore all of it."""
        if kind in (Kind.WORKSHOP, Kind.DECISION):
            # A workshop goes with delete_workshop; a decision lives exactly as long as its request.
            raise ValidationError(kind, "is not a kind of item that can be deleted")
        with self.edit(kind, item_id) as e:
            snapshot = Snapshot(e.workshop.id, kind, item_id)
            snapshot.rows.append((str(e.item.__tablename__), repo.row_values(e.item)))
            for dependent in items.dependents(e.session, kind, item_id):
                snapshot.rows.append((str(dependent.__tablename__), repo.row_values(dependent)))
            e.session.delete(e.item)
            e.log("delete", kind, item_id)
            return snapshot

    def restore(self, snapshot: Snapshot) -> None:
        """Put back exactly what delete_item removed (undo of a delete)."""
        with self.edit(Kind.WORKSHOP, snapshot.workshop_id) as e:
            _make_room(e.session, snapshot)
            for table_name, values in snapshot.rows:
                # merge: action items survive a request's deletion (their link is nulled), so
                # restoring them updates rather than inserts.
                e.session.merge(_TABLES_BY_NAME[table_name](**values))
                e.session.flush()
            e.log("restore", snapshot.kind, snapshot.item_id)

    def set_strength(self, need_id: str, goal_id: str, strength: m.Strength | str) -> None:
        strength = m.Strength(strength)
        with self.edit(Kind.NEED, need_id) as e:
            write_strength(e, need_id, goal_id, strength)

    def attach_request(self, need_id: str, request_id: str) -> None:
        """Point a request at an existing need (several requests can share one need). It starts
        without an answer to "does it serve the need?": that is asked of each request."""
        with self.edit(Kind.NEED, need_id) as e:
            s = e.session
            _request_in(s, e.workshop.id, request_id)
            if s.get(t.NeedRequestRow, (need_id, request_id)) is None:
                _answer_per_request(s, e.item)
                attached = select(t.NeedRequestRow).where(t.NeedRequestRow.need_id == need_id)
                count = len(s.exec(attached).all())
                s.add(t.NeedRequestRow(need_id=need_id, request_id=request_id, position=count))
                e.log("attach", Kind.NEED, need_id, "request", None, request_id)

    def set_serves(self, need_id: str, request_id: str, answer: m.Serves | str | None) -> None:
        """Whether this request serves this need (fully, partly, not at all; None: not judged)."""
        value = SERVES.clean("does the request serve the need", answer)
        with self.edit(Kind.NEED, need_id) as e:
            link = e.session.get(t.NeedRequestRow, (need_id, request_id))
            if link is None:
                raise NotFoundError("That request is no longer linked to this need.")
            _answer_per_request(e.session, e.item)
            before = link.serves
            after = None if value is None else value.value
            if before != after:
                link.serves = after
                e.log(
                    "edit",
                    Kind.NEED,
                    need_id,
                    "serves",
                    {"request_id": request_id, "serves": before},
                    {"request_id": request_id, "serves": after},
                )

    def detach_request(self, need_id: str, request_id: str) -> None:
        with self.edit(Kind.NEED, need_id) as e:
            e.session.execute(
                delete(t.NeedRequestRow).where(
                    t.NeedRequestRow.need_id == need_id,  # type: ignore[arg-type]
                    t.NeedRequestRow.request_id == request_id,  # type: ignore[arg-type]
                )
            )
            e.log("detach", Kind.NEED, need_id, "request", request_id, None)


def write_field(e: Edit, row: Any, kind: Kind, item_id: str, field_name: str, value: Any) -> None:
    """The write of `set_field` inside an open edit, `value` already cleaned: every change to a
    field, typed by the facilitator or adopted from the room, is written and logged this way."""
    before = getattr(row, field_name)
    stored = list(value) if field_name == "why_ladder" else repo.plain(value)
    if before != stored:
        if row is not e.item:
            e.wrote(kind, item_id)
        setattr(row, field_name, stored)
        e.log("edit", kind, item_id, field_name, before, stored)


def write_strength(e: Edit, need_id: str, goal_id: str, strength: m.Strength) -> None:
    """The write of `set_strength` inside an edit opened on the need (see `write_field`)."""
    s, ws = e.session, e.workshop
    if e.row(Kind.GOAL, goal_id).workshop_id != ws.id:
        raise ValidationError("goal", "belongs to another workshop")
    link = s.get(t.AlignmentLinkRow, (need_id, goal_id))
    before = link.strength if link is not None else m.Strength.NONE.value
    if link is not None and strength is m.Strength.NONE:
        s.delete(link)
    elif link is not None:
        link.strength = strength.value
    elif strength is not m.Strength.NONE:
        links = select(func.count()).where(t.AlignmentLinkRow.workshop_id == ws.id)
        ensure_room("links", s.exec(links).one())
        s.add(
            t.AlignmentLinkRow(
                need_id=need_id, goal_id=goal_id, workshop_id=ws.id, strength=strength.value
            )
        )
    e.log("align", Kind.NEED, need_id, goal_id, before, strength.value)


def _answer_per_request(s: Session, need: t.NeedRow) -> None:
    """A need stored before answers were per request holds one for all its requests: give it to
    each of them (those without their own), before the requests or their answers change."""
    if need.serves is None:
        return
    links = s.exec(select(t.NeedRequestRow).where(t.NeedRequestRow.need_id == need.id)).all()
    if not links:
        return
    for link in links:
        if link.serves is None:
            link.serves = need.serves
    need.serves = None
    s.flush()


def _request_in(s: Session, workshop_id: str, request_id: str) -> t.RequestRow:
    request = s.get(t.RequestRow, request_id)
    if request is None or request.workshop_id != workshop_id:
        raise NotFoundError("That request is not part of this workshop.")
    return request


def _make_room(s: Session, snapshot: Snapshot) -> None:
    """Shift later siblings so the restored item gets its old place without a tie."""
    row_type: Any = repo.ROWS.get(snapshot.kind)
    position = snapshot.rows[0][1].get("position") if snapshot.rows else None
    if row_type is None or snapshot.kind not in repo.LISTS or position is None:
        return
    for sibling in s.exec(
        select(row_type).where(
            row_type.workshop_id == snapshot.workshop_id,
            row_type.position >= position,
            row_type.id != snapshot.item_id,
        )
    ).all():
        sibling.position += 1


def _check_quickly(connection: Any, path: Path) -> None:
    """SQLite's quick check (every page readable and well-formed) before anything is used."""
    found = db.problems(connection)
    if found:
        db.log_details("The quick check of a workshop database failed", found[:50])
        raise db.damaged(path)
