"""Sign-off: participants confirm a revision, the revision locks, reopening starts the next one.

When every decision-maker holds a valid signature (core/signoff.py) the revision becomes signed
off and the operations layer refuses to change it; correcting it means `reopen`, which copies it
into the next revision of the same lineage and leaves the signed one, with its signatures,
exactly as it was.

Like the methods of `Library`, every operation here runs in one `Library.edit` transaction,
validates, writes, appends to the audit log and returns plain values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func
from sqlmodel import Session, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import LockedError, NotFoundError, UserError, ValidationError
from workshop_app.core.fields import LONG_TEXT, Field
from workshop_app.core.kind import Kind
from workshop_app.core.signoff import is_fully_signed, names_match, parse_drawing
from workshop_app.core.text import clip
from workshop_app.core.workflow import sign_off_blockers
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Edit, Library, WorkshopSummary, fresh_ids, now_iso

_TYPED_NAME = Field("text", required=True)
_NOTE = Field("text", max_length=LONG_TEXT)


@dataclass(frozen=True)
class _Request:
    """A signature as asked for, its fields cleaned."""

    participant_id: str
    typed_name: str
    stance: m.Stance
    note: str
    drawing: str


def sign(
    library: Library,
    workshop_id: str,
    participant_id: str,
    typed_name: str,
    stance: m.Stance | str = m.Stance.AGREE,
    note: str = "",
    drawing: str = "",
) -> m.Signature:
    """Record one participant's confirmation of the current revision.

    The typed name must match the participant's name (see `names_match`); a reservation needs a
    note saying what it is. A participant signs a revision once: signing again is refused while
    the earlier signature is valid, and replaces it when it is void. When this signature completes
    the decision-makers' set, the revision becomes signed off and locked.
    """
    request = _cleaned(participant_id, typed_name, stance, note, drawing)
    with library.edit(Kind.WORKSHOP, workshop_id, check=_open_for_signatures) as e:
        ws = repo.load_workshop(e.session, e.workshop)
        participant = _ready_to_sign(ws, request)
        digest = interchange.content_digest(ws)
        earlier = [sig for sig in ws.signatures if sig.participant_id == participant_id]
        if any(sig.content_digest == digest for sig in earlier):
            raise UserError(f"{participant.name} has already signed this revision.")
        for void in earlier:
            e.session.delete(e.row(Kind.SIGNATURE, void.id))
            e.log(
                "replace void signature",
                Kind.SIGNATURE,
                void.id,
                before={"participant": participant.name, "content_digest": void.content_digest},
            )
        signature = _add_signature(e, request, participant, digest)
        after = replace(
            ws, signatures=[sig for sig in ws.signatures if sig not in earlier] + [signature]
        )
        if is_fully_signed(after):
            before = e.workshop.status
            e.workshop.status = m.Status.SIGNED_OFF.value
            e.log("sign off", Kind.WORKSHOP, workshop_id, "status", before, e.workshop.status)
        return signature


def _cleaned(
    participant_id: str, typed_name: str, stance: m.Stance | str, note: str, drawing: str
) -> _Request:
    """The signature's fields as stored, or ValidationError naming the one that is wrong."""
    typed_name = _TYPED_NAME.clean("typed name", typed_name).strip()
    note = _NOTE.clean("note", note).strip()
    stance = m.Stance(Field("enum", enum=m.Stance).clean("stance", stance))
    if not isinstance(drawing, str):
        raise ValidationError("drawing", "must be text")
    parse_drawing(drawing)
    return _Request(participant_id, typed_name, stance, note, drawing)


def _open_for_signatures(row: t.WorkshopRow) -> None:
    if row.status == m.Status.SIGNED_OFF:
        raise LockedError(
            f"“{clip(row.title)}” is already signed off, so no more signatures can be "
            "added. Reopen it to start a new revision."
        )


def _ready_to_sign(ws: m.Workshop, request: _Request) -> m.Participant:
    """The signing participant, once the revision and what they typed allow the signature."""
    participant = ws.participant(request.participant_id)
    if participant is None:
        raise NotFoundError("That participant is not part of this workshop (any more).")
    blockers = sign_off_blockers(ws)
    if blockers:
        more = f" ({len(blockers) - 1} more to settle)" if len(blockers) > 1 else ""
        raise UserError(f"This revision is not ready for sign-off: {blockers[0].message}{more}")
    if not names_match(request.typed_name, participant.name):
        raise ValidationError(
            "typed name",
            f"“{clip(request.typed_name)}” does not match the participant “{participant.name}”. "
            "Type the full name as listed; capitals and accents do not matter.",
        )
    if request.stance is m.Stance.AGREE_WITH_RESERVATION and not request.note:
        raise ValidationError("note", "write down the reservation, so it is recorded")
    return participant


def _add_signature(
    e: Edit, request: _Request, participant: m.Participant, digest: str
) -> m.Signature:
    signature = m.Signature(
        participant_id=request.participant_id,
        typed_name=request.typed_name,
        stance=request.stance,
        note=request.note,
        drawing=request.drawing,
        content_digest=digest,
        signed_at=now_iso(),
    )
    workshop_id = e.workshop.id
    last = e.session.exec(
        select(func.max(t.SignatureRow.position)).where(t.SignatureRow.workshop_id == workshop_id)
    ).one()
    e.session.add(repo.row_for(Kind.SIGNATURE, signature, workshop_id, (last or 0) + 1))
    e.log(
        "sign",
        Kind.SIGNATURE,
        signature.id,
        after={
            "participant": participant.name,
            "typed_name": request.typed_name,
            "stance": request.stance.value,
            "note": request.note,
            "drawn": bool(request.drawing),
            "content_digest": digest,
        },
    )
    return signature


def withdraw_signature(library: Library, signature_id: str) -> m.Signature:
    """Take back a signature given by mistake, while the revision is not yet signed off."""
    with library.edit(Kind.SIGNATURE, signature_id, check=_signatures_open) as e:
        signature = repo.to_domain(Kind.SIGNATURE, e.item)
        e.session.delete(e.item)
        e.log(
            "withdraw signature",
            Kind.SIGNATURE,
            signature_id,
            before={"typed_name": signature.typed_name, "stance": signature.stance.value},
        )
        return signature


def _signatures_open(row: t.WorkshopRow) -> None:
    if row.status == m.Status.SIGNED_OFF:
        raise LockedError(
            f"“{clip(row.title)}” is signed off; its signatures stay as they are. "
            "Reopen it to start a new revision."
        )


def reopen(library: Library, workshop_id: str) -> str:
    """Start the next revision of a signed-off workshop as an editable copy; returns its id.

    The copy keeps the lineage, takes the next revision number and gets new ids for itself and
    every item (ids are unique across the database). It starts without signatures. The signed-off
    revision and its signatures are not touched. Only the latest revision can be reopened, so a
    lineage never forks.
    """
    with library.edit(Kind.WORKSHOP, workshop_id, check=_signed_off, touch=False) as e:
        row = e.workshop
        latest = _latest_revision(e.session, row.lineage_id)
        if latest > row.revision:
            raise UserError(
                f"Revision {latest} of “{clip(row.title)}” already exists; "
                "continue there instead of reopening this one."
            )
        signed = repo.load_workshop(e.session, row)
        stamp = now_iso()
        copy = replace(
            fresh_ids(signed),
            lineage_id=signed.lineage_id,
            revision=latest + 1,
            status=m.Status.IN_PROGRESS,
            signatures=[],
            created_at=stamp,
        )
        repo.insert_workshop(e.session, copy, stamp)
        new_row = e.workshop_row(copy.id)
        e.log("reopen", Kind.WORKSHOP, copy.id, "revision", row.revision, copy.revision)
        e.log("reopen", Kind.WORKSHOP, row.id, "revision", row.revision, copy.revision, on=new_row)
        return copy.id


def _signed_off(row: t.WorkshopRow) -> None:
    if row.status != m.Status.SIGNED_OFF:
        raise UserError(
            f"“{clip(row.title)}” is not signed off, so it can still be edited as it is; "
            "only a signed-off revision is reopened."
        )


def revisions(library: Library, lineage_id: str) -> list[WorkshopSummary]:
    """Every stored revision of one workshop, oldest first, for the library view."""
    with library.read() as s:
        counts = (
            select(t.RequestRow.workshop_id, func.count().label("n"))
            .group_by(t.RequestRow.workshop_id)
            .subquery()
        )
        query = (
            select(t.WorkshopRow, counts.c.n)
            .outerjoin(counts, counts.c.workshop_id == t.WorkshopRow.id)
            .where(t.WorkshopRow.lineage_id == lineage_id)
            .order_by(t.WorkshopRow.revision)  # type: ignore[arg-type]
        )
        return [
            WorkshopSummary(
                row.id,
                row.lineage_id,
                row.revision,
                row.title,
                row.division,
                row.date,
                m.Status(row.status),
                row.updated_at,
                n or 0,
            )
            for row, n in s.exec(query).all()
        ]


def _latest_revision(s: Session, lineage_id: str) -> int:
    latest = s.exec(
        select(func.max(t.WorkshopRow.revision)).where(t.WorkshopRow.lineage_id == lineage_id)
    ).one()
    return int(latest or 0)
