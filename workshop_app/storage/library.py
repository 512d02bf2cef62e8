"""The operations layer: the only code that changes a workshop database.

Both the GUI and the command line call these methods. Each write opens a short transaction,
validates, refuses to touch a signed-off revision, writes, appends to the audit log and returns
plain values. Readers get domain objects that are detached from any session.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import NotFoundError, ValidationError
from workshop_app.core.fields import EDITABLE, clean, ensure_room
from workshop_app.core.kind import Kind
from workshop_app.core.workflow import ensure_editable
from workshop_app.storage import backup, catalog, db, files, journal, migrate, probe, seal
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.catalog import WorkshopSummary


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Change:
    """What an operation changed, so views can refresh only what they show."""

    workshop_id: str
    kind: Kind
    item_id: str = ""
    field: str = ""


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
    )
}


class Library:
    """A workshop database file, opened, checked, migrated and backed up."""

    def __init__(self, path: Path | str, *, make_backup: bool = True) -> None:
        self.path = Path(path).expanduser().resolve()
        #: The newest backup once this database was opened (taken now if anything changed).
        self.last_backup: Path | None = None
        #: This open took a backup (the database changed): the window then runs the full
        #: integrity check in the background.
        self.took_backup = False
        #: Problems noticed on opening that did not stop it, one sentence each (a lost -wal).
        self.warnings: list[str] = []
        self._session_id: str | None = None  # registered before the first save (journal.py)
        self.engine = self._open(make_backup)

    def _open(self, make_backup: bool) -> Engine:
        companions = journal.look(self.path)  # before anything opens the file
        db.check_openable(self.path)
        # Decided read-only, before anything below writes: what is not ours stays untouched.
        kind = probe.inspect(self.path)
        files.create_private(self.path)
        files.keep_private(*(Path(f"{self.path}{end}") for end in ("", "-wal", "-shm")))
        checked = self._check_alone(kind is probe.Kind.OURS and make_backup)
        engine = self._start_engine()
        try:
            with db.user_facing_errors(self.path, writing=False):
                if not checked:
                    with db.reader(engine).connect() as conn:
                        _check_quickly(conn.connection.driver_connection, self.path)
                migrate.upgrade(engine, self.path)
            lost = journal.problem(engine, self.path, companions)
            if lost is not None:
                self.warnings.append(lost)
        except BaseException:
            engine.dispose()  # refused: leave no connection (nor -wal/-shm file) behind
            raise
        return engine

    def _check_alone(self, make_backup: bool) -> bool:
        """When no other connection has the database open: clean up after interrupted backups,
        check it, and back it up if it changed. Returns whether it was checked."""
        try:
            with (
                db.user_facing_errors(self.path, writing=False),
                probe.exclusive(self.path) as alone,
            ):
                if alone is None:  # open elsewhere, so its backup may be under way
                    return False
                backup.remove_stale_parts(self.path)
                _check_quickly(alone, self.path)
                if make_backup:
                    newest = backup.backups(self.path)[:1]
                    # Before migrating, so a failed upgrade can be undone from the backup.
                    self.last_backup = backup.backup_if_changed(alone, self.path)
                    self.took_backup = self.last_backup not in (None, *newest)
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
        with self._read() as s:
            found = db.problems(db.driver_connection(s), thorough=True)
        if not found:
            return None
        db.log_details("The integrity check of a workshop database failed", found[:50])
        return db.damaged(self.path, refused=False).message

    def close(self) -> None:
        journal.unregister(self.engine, self.path, self._session_id)
        self._session_id = None

    def restore_backup(self, backup_path: Path) -> Path | None:
        """Replace the database's content with a backup's (storage/backup.py); returns where
        what was there before is kept. Its connections are closed around the copy, so the
        restore never races this process's own writes, and it is opened again afterwards."""
        self.close()
        try:
            return backup.restore(backup_path, self.path)
        finally:
            self.engine = self._open(make_backup=False)

    # -- transactions ------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[Session]:
        if self._session_id is None:
            with suppress(sqlite3.Error, DBAPIError):  # only the detection is lost
                self._session_id = journal.register(self.engine)
        with db.user_facing_errors(self.path), db.session(self.engine) as s, s.begin():
            connection = db.driver_connection(s)
            changes = connection.total_changes
            yield s
            s.flush()
            if connection.total_changes != changes:  # tells the next open to take a backup
                db.count_change(connection)

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with (
            db.user_facing_errors(self.path, writing=False),
            db.session(db.reader(self.engine)) as s,
        ):
            yield s

    def _workshop_row(self, s: Session, workshop_id: str) -> t.WorkshopRow:
        row = s.get(t.WorkshopRow, workshop_id)
        if row is None:
            raise NotFoundError("That workshop no longer exists. It may have been deleted.")
        return row

    def _editable_workshop(self, s: Session, workshop_id: str) -> t.WorkshopRow:
        row = self._workshop_row(s, workshop_id)
        ensure_editable(row.title, row.status == m.Status.SIGNED_OFF)
        return row

    def _touch(self, row: t.WorkshopRow) -> None:
        row.updated_at = now_iso()
        if row.status == m.Status.DRAFT:
            row.status = m.Status.IN_PROGRESS.value

    def _audit(
        self,
        s: Session,
        ws: t.WorkshopRow,
        action: str,
        kind: str = "",
        item_id: str = "",
        field_name: str = "",
        before: Any = None,
        after: Any = None,
    ) -> None:
        s.add(
            t.AuditRow(
                workshop_id=ws.id,
                at=now_iso(),
                actor=ws.facilitator,
                action=action,
                kind=kind,
                entity_id=item_id,
                field=field_name,
                before="" if before is None else json.dumps(repo.plain(before), ensure_ascii=False),
                after="" if after is None else json.dumps(repo.plain(after), ensure_ascii=False),
            )
        )

    def _item_row(self, s: Session, kind: Kind, item_id: str) -> Any:
        row_type = repo.ROWS.get(kind)
        if row_type is None:
            raise ValidationError(kind, "is not a kind of item")
        row = s.get(row_type, item_id)
        if row is None:
            raise NotFoundError(f"That {kind.replace('_', ' ')} no longer exists.")
        return row

    # -- reading -----------------------------------------------------------------------------
    def workshops(self, search: str = "") -> list[WorkshopSummary]:
        """The library, most recently changed first; search matches titles, divisions and text
        (storage/search.py)."""
        with self._read() as s:
            return catalog.list_workshops(db.driver_connection(s), search)

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The ids of the workshops whose id begins with `prefix` (a person types the first few
        characters `list` shows)."""
        with self._read() as s:
            return catalog.ids_starting_with(db.driver_connection(s), prefix)

    def carried_over(self, workshop_id: str) -> int:
        """How many requests a follow-up of this workshop would take up again."""
        with self._read() as s:
            return catalog.carried_over(db.driver_connection(s), workshop_id)

    def workshop(self, workshop_id: str) -> m.Workshop:
        with self._read() as s:
            return repo.load_workshop(s, self._workshop_row(s, workshop_id))

    def content_problem(self, workshop_id: str) -> str | None:
        """One sentence when the workshop's stored rows no longer match the seals its saves
        wrote (damage inside the file that SQLite cannot see), else None (storage/seal.py)."""
        with self._read() as s:
            self._workshop_row(s, workshop_id)
            damaged = seal.problems(db.driver_connection(s), workshop_id)
        return seal.DAMAGED if damaged else None

    def audit_log(self, workshop_id: str) -> list[t.AuditRow]:
        with self._read() as s:
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

    def add_workshop(self, ws: m.Workshop, action: str = "import workshop") -> str:
        """Insert a complete workshop revision; keeps its ids unless they are already taken."""
        with self._write() as s:
            if _ids_taken(s, ws):
                # Already here: this becomes an independent copy. Signatures confirmed the
                # original, not the copy, so the copy starts as an unsigned draft.
                ws = replace(fresh_ids(ws), status=m.Status.DRAFT, revision=1, signatures=[])
            repo.insert_workshop(s, ws, now_iso())
            row = self._workshop_row(s, ws.id)
            self._audit(s, row, action, "workshop", ws.id)
            return ws.id

    def import_json(self, raw: bytes | str) -> str:
        return self.add_workshop(interchange.loads(raw))

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
            created_at=now_iso(),
        )
        return self.add_workshop(copy, action="duplicate workshop")

    def delete_workshop(self, workshop_id: str) -> m.Workshop:
        """Delete a workshop revision; returns it whole so undo can add it back."""
        with self._write() as s:
            row = self._workshop_row(s, workshop_id)
            ws = repo.load_workshop(s, row)
            self._audit(s, row, "delete workshop", "workshop", workshop_id, before=row.title)
            s.delete(row)
            return ws

    # -- items -------------------------------------------------------------------------------
    def set_field(self, kind: Kind, item_id: str, field_name: str, value: Any) -> Change:
        """Change one field of one item, e.g. ("request", id, "deadline", "March")."""
        value = clean(kind, field_name, value)
        with self._write() as s:
            row = self._item_row(s, kind, item_id)
            ws = self._editable_workshop(s, item_id if kind == Kind.WORKSHOP else row.workshop_id)
            before = getattr(row, field_name)
            stored = repo.plain(value)
            if field_name == "why_ladder":
                stored = list(value)
            if before == stored:
                return Change(ws.id, kind, item_id, field_name)
            setattr(row, field_name, stored)
            self._touch(ws)
            self._audit(s, ws, "edit", kind, item_id, field_name, before, stored)
            return Change(ws.id, kind, item_id, field_name)

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
        item = _new_item(kind, dict(cleaned), item_id)  # _new_item reshapes what it is given
        with self._write() as s:
            ws = self._editable_workshop(s, workshop_id)
            row_type = repo.ROWS[kind]
            if position is None:
                # Appending (capturing one request after another) needs no sibling loaded: one
                # past the last position can never tie, whatever gaps deletes left.
                last = s.exec(
                    select(func.max(row_type.position)).where(  # type: ignore[attr-defined]
                        row_type.workshop_id == workshop_id  # type: ignore[attr-defined]
                    )
                ).one()
                at = 0 if last is None else int(last) + 1
            else:
                siblings = list(
                    s.exec(
                        select(row_type)
                        .where(row_type.workshop_id == workshop_id)  # type: ignore[attr-defined]
                        .order_by(row_type.position)  # type: ignore[attr-defined]
                    ).all()
                )
                at = max(0, min(position, len(siblings)))
                # Renumber all siblings: deletes leave gaps, and a gap must not turn into a tie.
                for index, sibling in enumerate(siblings):
                    sibling.position = index if index < at else index + 1
            ensure_room(
                repo.LISTS[kind],
                s.exec(
                    select(func.count()).where(
                        row_type.workshop_id == workshop_id  # type: ignore[attr-defined]
                    )
                ).one(),
            )
            if kind == Kind.ACTION and request_link is not None:
                item.request_id = self._request_in(s, workshop_id, request_link).id
            s.add(repo.row_for(kind, item, workshop_id, at))
            s.flush()
            if kind == Kind.REQUEST:
                s.add(t.DecisionRow(request_id=item.id, workshop_id=workshop_id))
            for index, request_id in enumerate(request_ids):
                self._request_in(s, workshop_id, request_id)
                s.add(t.NeedRequestRow(need_id=item.id, request_id=request_id, position=index))
            self._touch(ws)
            self._audit(s, ws, "add", kind, item.id, after=cleaned)
            return str(item.id)

    def _request_in(self, s: Session, workshop_id: str, request_id: str) -> t.RequestRow:
        request = s.get(t.RequestRow, request_id)
        if request is None or request.workshop_id != workshop_id:
            raise NotFoundError("That request is not part of this workshop.")
        return request

    def move_item(self, kind: Kind, item_id: str, position: int) -> Change:
        """Move an item to a new place in its list (0 = first)."""
        with self._write() as s:
            row = self._item_row(s, kind, item_id)
            ws = self._editable_workshop(s, row.workshop_id)
            row_type = repo.ROWS[kind]
            siblings = [
                r
                for r in s.exec(
                    select(row_type)
                    .where(row_type.workshop_id == ws.id)  # type: ignore[attr-defined]
                    .order_by(row_type.position)  # type: ignore[attr-defined]
                ).all()
                if r is not row
            ]
            siblings.insert(max(0, min(position, len(siblings))), row)
            for index, sibling in enumerate(siblings):
                sibling.position = index
            self._touch(ws)
            self._audit(s, ws, "move", kind, item_id, after=position)
            return Change(ws.id, kind, item_id)

    def delete_item(self, kind: Kind, item_id: str) -> Snapshot:
        """Delete an item and what hangs off it; the snapshot lets undo restore all of it."""
        if kind in (Kind.WORKSHOP, Kind.DECISION):
            # A workshop goes with delete_workshop; a decision lives exactly as long as its request.
            raise ValidationError(kind, "is not a kind of item that can be deleted")
        with self._write() as s:
            row = self._item_row(s, kind, item_id)
            ws = self._editable_workshop(s, row.workshop_id)
            snapshot = Snapshot(ws.id, kind, item_id)
            snapshot.rows.append((str(row.__tablename__), repo.row_values(row)))
            for dependent in _dependents(s, kind, item_id):
                snapshot.rows.append((str(dependent.__tablename__), repo.row_values(dependent)))
            s.delete(row)
            self._touch(ws)
            self._audit(s, ws, "delete", kind, item_id)
            return snapshot

    def restore(self, snapshot: Snapshot) -> Change:
        """Put back exactly what delete_item removed (undo of a delete)."""
        with self._write() as s:
            ws = self._editable_workshop(s, snapshot.workshop_id)
            self._make_room(s, snapshot)
            for table_name, values in snapshot.rows:
                # merge: action items survive a request's deletion (their link is nulled), so
                # restoring them updates rather than inserts.
                s.merge(_TABLES_BY_NAME[table_name](**values))
                s.flush()
            self._touch(ws)
            self._audit(s, ws, "restore", snapshot.kind, snapshot.item_id)
            return Change(ws.id, snapshot.kind, snapshot.item_id)

    def _make_room(self, s: Session, snapshot: Snapshot) -> None:
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

    def set_strength(self, need_id: str, goal_id: str, strength: m.Strength | str) -> Change:
        strength = m.Strength(strength)
        with self._write() as s:
            need = self._item_row(s, Kind.NEED, need_id)
            goal = self._item_row(s, Kind.GOAL, goal_id)
            if need.workshop_id != goal.workshop_id:
                raise ValidationError("goal", "belongs to another workshop")
            ws = self._editable_workshop(s, need.workshop_id)
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
            self._touch(ws)
            self._audit(s, ws, "align", "need", need_id, goal_id, before, strength.value)
            return Change(ws.id, Kind.LINK, need_id, goal_id)

    def attach_request(self, need_id: str, request_id: str) -> Change:
        """Point a request at an existing need (several requests can share one need)."""
        with self._write() as s:
            need = self._item_row(s, Kind.NEED, need_id)
            ws = self._editable_workshop(s, need.workshop_id)
            self._request_in(s, ws.id, request_id)
            if s.get(t.NeedRequestRow, (need_id, request_id)) is None:
                count = len(
                    s.exec(
                        select(t.NeedRequestRow).where(t.NeedRequestRow.need_id == need_id)
                    ).all()
                )
                s.add(t.NeedRequestRow(need_id=need_id, request_id=request_id, position=count))
                self._touch(ws)
                self._audit(s, ws, "attach", "need", need_id, "request", None, request_id)
            return Change(ws.id, Kind.NEED, need_id, "request_ids")

    def detach_request(self, need_id: str, request_id: str) -> Change:
        with self._write() as s:
            need = self._item_row(s, Kind.NEED, need_id)
            ws = self._editable_workshop(s, need.workshop_id)
            s.execute(
                delete(t.NeedRequestRow).where(
                    t.NeedRequestRow.need_id == need_id,  # type: ignore[arg-type]
                    t.NeedRequestRow.request_id == request_id,  # type: ignore[arg-type]
                )
            )
            self._touch(ws)
            self._audit(s, ws, "detach", "need", need_id, "request", request_id, None)
            return Change(ws.id, Kind.NEED, need_id, "request_ids")

    def set_status(self, workshop_id: str, status: m.Status) -> Change:
        with self._write() as s:
            ws = self._editable_workshop(s, workshop_id)
            before = ws.status
            ws.status = m.Status(status).value
            ws.updated_at = now_iso()
            self._audit(s, ws, "status", "workshop", workshop_id, "status", before, ws.status)
            return Change(ws.id, Kind.WORKSHOP, workshop_id, "status")


def _check_quickly(connection: Any, path: Path) -> None:
    """SQLite's quick check (every page readable and well-formed) before anything is used."""
    found = db.problems(connection)
    if found:
        db.log_details("The quick check of a workshop database failed", found[:50])
        raise db.damaged(path)


def _new_item(kind: Kind, values: dict[str, Any], item_id: str | None) -> Any:
    cls = repo.DOMAIN[kind]
    if kind == Kind.NEED:
        assessment = {k: values.pop(k) for k in list(values) if k in repo.ASSESSMENT_FIELDS}
        values["assessment"] = m.Assessment(**assessment)
    required = {
        "participant": "name",
        "agenda_item": "title",
        "goal": "title",
        "request": "text",
        "action": "text",
    }.get(kind)
    if required and required not in values:
        raise ValidationError(required, "cannot be empty")
    item = cls(**values)
    if item_id is not None:
        item.id = item_id
    return item


def _dependents(s: Session, kind: Kind, item_id: str) -> list[SQLModel]:
    """Rows that cascade away with an item, so a snapshot can restore them too."""
    found: list[SQLModel] = []
    if kind == Kind.REQUEST:
        found += s.exec(select(t.DecisionRow).where(t.DecisionRow.request_id == item_id)).all()
        found += s.exec(
            select(t.NeedRequestRow).where(t.NeedRequestRow.request_id == item_id)
        ).all()
        found += s.exec(select(t.ActionItemRow).where(t.ActionItemRow.request_id == item_id)).all()
    elif kind == Kind.NEED:
        found += s.exec(select(t.NeedRequestRow).where(t.NeedRequestRow.need_id == item_id)).all()
        found += s.exec(
            select(t.AlignmentLinkRow).where(t.AlignmentLinkRow.need_id == item_id)
        ).all()
    elif kind == Kind.GOAL:
        found += s.exec(
            select(t.AlignmentLinkRow).where(t.AlignmentLinkRow.goal_id == item_id)
        ).all()
    elif kind == Kind.PARTICIPANT:
        found += s.exec(
            select(t.SignatureRow).where(t.SignatureRow.participant_id == item_id)
        ).all()
    return found


def _ids_taken(s: Session, ws: m.Workshop) -> bool:
    """Whether the workshop's id or any of its items' ids is already used in this database."""
    if s.get(t.WorkshopRow, ws.id) is not None:
        return True
    for kind, attr in repo.LISTS.items():
        row_type: Any = repo.ROWS[kind]
        ids = [item.id for item in getattr(ws, attr)]
        for start in range(0, len(ids), 500):  # stay far below SQLite's variable limit
            chunk = ids[start : start + 500]
            if (
                s.exec(select(row_type.id).where(row_type.id.in_(chunk)).limit(1)).first()
                is not None
            ):
                return True
    return False


def fresh_ids(ws: m.Workshop) -> m.Workshop:
    """A copy of a workshop with every id replaced, references rewired to match."""
    copy = interchange.from_dict(interchange.to_dict(ws))
    mapping: dict[str, str] = {copy.id: m.new_id()}
    for attr in repo.LISTS.values():
        for item in getattr(copy, attr):
            mapping[item.id] = m.new_id()
            item.id = mapping[item.id]
    copy.id = mapping[copy.id]
    copy.lineage_id = m.new_id()
    for need in copy.needs:
        need.request_ids = [mapping[r] for r in need.request_ids]
    for link in copy.links:
        link.need_id, link.goal_id = mapping[link.need_id], mapping[link.goal_id]
    for decision in copy.decisions:
        decision.request_id = mapping[decision.request_id]
    for action in copy.actions:
        if action.request_id is not None:
            action.request_id = mapping[action.request_id]
    for signature in copy.signatures:
        signature.participant_id = mapping[signature.participant_id]
    return copy
