"""Taking a workshop offline and bringing it back, between any two libraries.

**Taking it offline** copies the revision, ids unchanged, into the laptop's library with where it
came from and the workshop as it was taken (the base of the merge later), and marks it in the
library it came from: "Checked out to <laptop> since …". Edits there still go on (the mark warns,
it never blocks); whatever changed on both sides meets again when the copy comes back.

**Bringing it back** merges three copies (core/merge.py): the base, the offline copy now (mine)
and the library's revision now (theirs). A change made on one side is taken, conflicts are listed
and must be settled (mine, theirs, or both for text) before anything is written. Then the merged
workshop is written over the library's revision (storage/rewrite.py), the mark is cleared and the
offline copy leaves the laptop's library, each in one `Library.edit` with its audit entries.

Signed-off revisions are never merged: they are locked. When one side was signed off while the
other changed, the signed one stays exactly as signed and the merged changes become the next
revision of the same lineage (as reopening does), unsigned, for the room to confirm again.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlmodel import select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import NotFoundError, UserError
from workshop_app.core.kind import Kind
from workshop_app.core.merge import SIGNED_RULE, Merge, merge
from workshop_app.core.text import clip
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.copies import fresh_ids, ids_taken
from workshop_app.storage.operations import Library, now_iso
from workshop_app.storage.rewrite import rewrite
from workshop_app.storage.signoff import _latest_revision


@dataclass(frozen=True)
class Mark:
    """A workshop taken offline from this library (or, in the laptop's, a copy taken)."""

    workshop_id: str
    title: str
    who: str
    at: str
    place: str  # the laptop, in the library it was taken from; the origin, in the laptop's

    @property
    def sentence(self) -> str:
        return f"Checked out to {self.place} since {self.at[:16].replace('T', ' ')}"


@dataclass
class Plan:
    """What bringing a copy back will do, before anything is written."""

    workshop_id: str
    title: str
    origin: str
    merge: Merge
    #: "merge" (into the library's revision), "new revision" (one side signed off), "signed"
    #: (the offline copy was signed and nothing changed in the library: it replaces it), "same".
    mode: str
    note: str = ""  # the signed-off rule as it applied, in one sentence


def public_origin(source: str) -> str:
    """The source as it may be stored and shown: a database address without its password (a
    team library's in the one form the keyring knows its password by, storage/team.py)."""
    if "://" not in source:
        return str(Path(source).expanduser().resolve())
    from sqlalchemy.engine import make_url

    from workshop_app.storage import team

    try:
        return team.parse(source)[0].url()
    except UserError:
        pass  # not a form the Connect dialog makes: shown as given, less its password
    try:
        return make_url(source).render_as_string(hide_password=True).replace(":***@", "@")
    except Exception:
        return source.split("://", 1)[0] + "://…"


def address(library: Library) -> str:
    """Where `library` is, as a check-out stores it: its file, or its server's address
    without a password."""
    target = getattr(library.backend, "target", None)
    return public_origin(target) if isinstance(target, str) else str(library.path)


def keep_password(origin: str) -> str | None:
    """A password typed in a team library's address, kept for bringing the workshop back
    (the stored origin never holds it): in the system keyring, so another run finds it. A
    sentence when the keyring cannot keep it, else None."""
    from workshop_app.storage import credentials, location, team

    if not location.is_team_url(origin):
        return None
    try:
        library, password = team.parse(origin)
    except UserError:
        return None
    if password is None:
        return None
    problem = credentials.remember(library, password, in_keyring=True)
    if problem is None:
        return None
    return (
        "This computer has no system keyring to keep the team library's password: bring the "
        "workshop back from the window, after File → Connect to a team library…"
    )


def this_laptop() -> tuple[str, str]:
    """Who takes a workshop offline (the computer's user) and the laptop's name."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = ""
    return who, socket.gethostname() or "a laptop"


def mark(library: Library, workshop_id: str) -> Mark | None:
    """The check-out mark of a workshop in the library it was taken from, if any."""
    with library.read() as s:
        row = s.get(t.CheckOutRow, workshop_id)
        ws = s.get(t.WorkshopRow, workshop_id)
        if row is None or ws is None:
            return None
        return Mark(workshop_id, ws.title, row.who, row.at, row.place)


def checked_out(library: Library) -> list[Mark]:
    """Workshops of this library taken offline, oldest first."""
    with library.read() as s:
        query = select(t.CheckOutRow, t.WorkshopRow).join(
            t.WorkshopRow,
            t.WorkshopRow.id == t.CheckOutRow.workshop_id,  # type: ignore[arg-type]
        )
        rows = s.exec(query.order_by(t.CheckOutRow.at)).all()
        return [Mark(c.workshop_id, w.title, c.who, c.at, c.place) for c, w in rows]


def offline_copies(library: Library) -> list[Mark]:
    """The offline copies in this (the laptop's) library, with where each came from."""
    with library.read() as s:
        query = select(t.OfflineCopyRow, t.WorkshopRow).join(
            t.WorkshopRow,
            t.WorkshopRow.id == t.OfflineCopyRow.workshop_id,  # type: ignore[arg-type]
        )
        rows = s.exec(query.order_by(t.OfflineCopyRow.at)).all()
        return [Mark(c.workshop_id, w.title, c.who, c.at, c.origin) for c, w in rows]


def origin_of(library: Library, workshop_id: str) -> str | None:
    """Where an offline copy came from, or None when the workshop is not one."""
    with library.read() as s:
        row = s.get(t.OfflineCopyRow, workshop_id)
        return None if row is None else row.origin


def check_out(
    source: Library,
    local: Library,
    workshop_id: str,
    *,
    who: str,
    place: str,
    origin: str | None = None,
) -> str:
    """Copy a workshop into the laptop's library and mark it as taken; returns its title.
    `origin` is where it came from as typed (default: the source's own address)."""
    origin = address(source) if origin is None else origin
    if address(source) == address(local):
        raise UserError("The workshop is already in this library; choose another to take it to.")
    earlier = mark(source, workshop_id)
    if earlier is not None:
        raise UserError(
            f"“{clip(earlier.title)}” is already taken offline ({earlier.sentence.lower()}); "
            "bring that copy back first."
        )
    ws = source.workshop(workshop_id)
    with local.edit(Kind.WORKSHOP, None) as e:
        if ids_taken(e.session, ws):
            raise UserError(
                f"“{clip(ws.title)}” is already in the library it would go to; bring it back "
                "or delete it there first."
            )
        stamp = now_iso()
        repo.insert_workshop(e.session, ws, ws_updated(source, workshop_id))
        e.session.add(
            t.OfflineCopyRow(
                workshop_id=ws.id,
                origin=public_origin(origin),
                who=who,
                at=stamp,
                base=interchange.dumps(ws),
            )
        )
        e.log(
            "take offline",
            Kind.WORKSHOP,
            ws.id,
            after=public_origin(origin),
            on=e.workshop_row(ws.id),
        )
    try:
        with source.edit(Kind.WORKSHOP, workshop_id, check=None, touch=False) as e:
            e.session.add(t.CheckOutRow(workshop_id=workshop_id, who=who, at=stamp, place=place))
            e.log("check out", Kind.WORKSHOP, workshop_id, after={"to": place, "by": who})
    except BaseException:
        local.delete_workshop(ws.id)  # no copy without its mark
        raise
    return ws.title


def ws_updated(library: Library, workshop_id: str) -> str:
    with library.read() as s:
        row = s.get(t.WorkshopRow, workshop_id)
        return "" if row is None else row.updated_at


def plan(
    local: Library, source: Library, workshop_id: str, choices: dict[str, str] | None = None
) -> Plan:
    """What bringing the offline copy back would do, with `choices` settling conflicts."""
    with local.read() as s:
        copy_row = s.get(t.OfflineCopyRow, workshop_id)
        if copy_row is None:
            raise UserError(
                "That workshop is not an offline copy; `workshop-app checked-out` "
                "lists the ones in this library."
            )
        base_text, origin = copy_row.base, copy_row.origin
    base, mine = interchange.loads(base_text), local.workshop(workshop_id)
    try:
        theirs = source.workshop(workshop_id)
    except NotFoundError:
        theirs = None
    return _plan(base, mine, theirs, origin, choices or {})


def _plan(
    base: m.Workshop,
    mine: m.Workshop,
    theirs: m.Workshop | None,
    origin: str,
    choices: dict[str, str],
) -> Plan:
    if theirs is None:  # deleted in the library meanwhile: it comes back whole
        result = merge(_data(mine), _data(mine), _data(mine))
        return Plan(
            mine.id,
            mine.title,
            origin,
            result,
            "restore",
            "It was deleted from the library meanwhile; the offline copy goes back as it is.",
        )
    result = merge(_data(base), _data(mine), _data(theirs), choices)
    mine_changed = _content(mine) != _content(base)
    theirs_changed = _content(theirs) != _content(base)
    if base.is_locked or not (mine.is_locked or theirs.is_locked):
        return Plan(mine.id, theirs.title, origin, result, "merge")
    if mine.is_locked and theirs.is_locked:
        if _content(mine) != _content(theirs):
            raise UserError(
                f"“{clip(theirs.title)}” was signed off in both places with different content; "
                "neither signed revision may change. Export the offline copy's summary PDF and "
                "import it beside the library's."
            )
        return Plan(mine.id, theirs.title, origin, result, "same", SIGNED_RULE)
    if theirs.is_locked and not mine_changed:
        return Plan(mine.id, theirs.title, origin, result, "same", SIGNED_RULE)
    if mine.is_locked and not theirs_changed:
        return Plan(mine.id, theirs.title, origin, result, "signed", SIGNED_RULE)
    return Plan(mine.id, theirs.title, origin, result, "new revision", SIGNED_RULE)


def _data(ws: m.Workshop) -> dict[str, Any]:
    return dict(interchange.to_dict(ws)["workshop"])


def _content(ws: m.Workshop) -> str:
    return interchange.content_digest(ws)


def check_in(local: Library, source: Library, p: Plan) -> str | None:
    """Carry out a plan whose conflicts are all settled; returns the id of a new revision when
    one was made. The mark is cleared and the offline copy leaves the laptop's library."""
    if p.merge.unresolved:
        raise UserError(
            f"{len(p.merge.unresolved)} conflicts are still to settle before "
            f"“{clip(p.title)}” can come back."
        )
    merged = _merged(p)
    new_id: str | None = None
    if p.mode == "restore":
        source.add_workshop(local.workshop(p.workshop_id), action="bring back")
        local.delete_workshop(p.workshop_id)
        return None
    if p.mode == "merge":
        _write(source, p, merged, check=None if merged.is_locked else ...)
    elif p.mode == "signed":
        _write(source, p, local.workshop(p.workshop_id), check=None)
    elif p.mode == "new revision":
        if local.workshop(p.workshop_id).is_locked:
            _write(source, p, local.workshop(p.workshop_id), check=None)
        new_id = _next_revision(source, p, merged)
    _release(source, p.workshop_id)
    local.delete_workshop(p.workshop_id)
    return new_id


def _merged(p: Plan) -> m.Workshop:
    data = {"schema": interchange.SCHEMA_ID, "schema_version": interchange.SCHEMA_VERSION}
    return interchange.from_dict({**data, "workshop": p.merge.workshop})


def _write(source: Library, p: Plan, ws: m.Workshop, check: Any = ...) -> None:
    kwargs = {} if check is ... else {"check": check}
    with source.edit(Kind.WORKSHOP, p.workshop_id, **kwargs) as e:
        rewrite(e, ws)
        e.log("bring back", Kind.WORKSHOP, p.workshop_id, after=p.merge.summary())
        for change in p.merge.changes:
            if change.side == "mine":
                e.log(f"bring back {change.action}", change.section, change.item_key, change.field)
        for conflict in p.merge.conflicts:
            choice = p.merge.choices.get(conflict.key, "")
            e.log(
                "settle conflict", conflict.section, conflict.item_key, conflict.field, after=choice
            )


def _next_revision(source: Library, p: Plan, merged: m.Workshop) -> str:
    """The merged changes as the next revision beside the signed one (as reopening does)."""
    with source.edit(Kind.WORKSHOP, p.workshop_id, check=None, touch=False) as e:
        signed = e.workshop
        latest = _latest_revision(e.session, signed.lineage_id)
        stamp = now_iso()
        copy = replace(
            fresh_ids(merged),
            lineage_id=signed.lineage_id,
            revision=latest + 1,
            status=m.Status.IN_PROGRESS,
            signatures=[],
            results=[],
            created_at=stamp,
        )
        repo.insert_workshop(e.session, copy, stamp)
        new_row = e.workshop_row(copy.id)
        e.log(
            "bring back as new revision",
            Kind.WORKSHOP,
            copy.id,
            "revision",
            signed.revision,
            copy.revision,
            on=new_row,
        )
        e.log(
            "bring back as new revision",
            Kind.WORKSHOP,
            signed.id,
            "revision",
            signed.revision,
            copy.revision,
        )
        return copy.id


def _release(source: Library, workshop_id: str) -> None:
    with source.edit(Kind.WORKSHOP, workshop_id, check=None, touch=False) as e:
        row = e.session.get(t.CheckOutRow, workshop_id)
        if row is not None:
            e.session.delete(row)
            e.log("check in", Kind.WORKSHOP, workshop_id, before={"to": row.place, "by": row.who})
