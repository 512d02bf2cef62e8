"""Sign-off: participants confirm a revision, the revision locks, reopening starts the next one.

Each signature stores the content digest of the revision it confirms (SHA-256 over the canonical
interchange JSON, see `interchange.content_digest`). A signature whose digest no longer matches
the workshop is *void*: it confirmed something that has since changed. When every decision-maker
holds a valid signature the revision becomes signed off and the operations layer refuses to change
it; correcting it means `reopen`, which copies it into the next revision of the same lineage and
leaves the signed one, with its signatures, exactly as it was.

Like the methods of `Library`, every operation here runs in one short transaction, validates,
writes, appends to the audit log and returns plain values.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from sqlalchemy import func
from sqlmodel import Session, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import LockedError, NotFoundError, UserError, ValidationError
from workshop_app.core.fields import LONG_TEXT, Field
from workshop_app.core.kind import Kind
from workshop_app.core.workflow import sign_off_blockers
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t
from workshop_app.storage.library import Library, WorkshopSummary, fresh_ids, now_iso

MAX_DRAWING_CHARS = 2_000_000  # as in the interchange schema
MAX_DRAWING_POINTS = 50_000
_TYPED_NAME = Field("text", required=True)
_NOTE = Field("text", max_length=LONG_TEXT)
_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,3})?$")


# -- reading the sign-off state (pure, works on any Workshop, also one read from a PDF) ---------
@dataclass(frozen=True)
class SignOffState:
    """Where one participant stands with the sign-off of one revision."""

    participant: m.Participant
    signature: m.Signature | None
    current_digest: str

    @property
    def required(self) -> bool:
        """Decision-makers must sign; everyone else may."""
        return self.participant.decision_maker

    @property
    def signed(self) -> bool:
        return self.signature is not None

    @property
    def valid(self) -> bool:
        """Signed, and the revision is still exactly what was signed."""
        return self.signature is not None and self.signature.content_digest == self.current_digest

    @property
    def void(self) -> bool:
        """Signed, but the revision changed afterwards, so the signature no longer counts."""
        return self.signature is not None and not self.valid

    @property
    def label(self) -> str:
        """A short plain-language status for lists and the PDF."""
        if self.signature is None:
            return "Not signed yet" if self.required else "Not signed (optional)"
        if self.void:
            return "Void: the workshop changed after this signature"
        return self.signature.stance.label


def signature_status(workshop: m.Workshop) -> list[SignOffState]:
    """One entry per participant, in the participants' order.

    Should a participant hold more than one signature (only possible in an imported file), the
    valid one counts, else the latest.
    """
    digest = interchange.content_digest(workshop)
    states = []
    for participant in workshop.participants:
        own = [s for s in workshop.signatures if s.participant_id == participant.id]
        valid = [s for s in own if s.content_digest == digest]
        chosen = valid[-1] if valid else (own[-1] if own else None)
        states.append(SignOffState(participant, chosen, digest))
    return states


def missing_signers(workshop: m.Workshop) -> list[m.Participant]:
    """Decision-makers who still need to sign (or sign again, after a change) this revision."""
    return [s.participant for s in signature_status(workshop) if s.required and not s.valid]


def is_fully_signed(workshop: m.Workshop) -> bool:
    """True when there are decision-makers and every one of them holds a valid signature."""
    states = signature_status(workshop)
    return any(s.required for s in states) and all(s.valid for s in states if s.required)


def names_match(typed: str, official: str) -> bool:
    """The rule for a typed name: equal once case, accents and spacing are ignored.

    "maria  gonzalez" matches "María González"; "M. González" or "Maria" does not, so a signer
    types their full name as the facilitator recorded it.
    """
    return _name_key(typed) == _name_key(official)


def _name_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


def parse_drawing(drawing: str) -> list[list[tuple[float, float]]]:
    """Strokes from the stored form "x,y x,y;x,y ...", coordinates in a 0..1000 box.

    Raises ValidationError when the text is not in that form, so nothing unreadable is stored.
    """
    if len(drawing) > MAX_DRAWING_CHARS:
        raise ValidationError("drawing", "is too large to store")
    strokes: list[list[tuple[float, float]]] = []
    count = 0
    for stroke_text in drawing.split(";"):
        if not stroke_text.strip():
            continue
        stroke = []
        for point in stroke_text.split():
            xy = point.split(",")
            if len(xy) != 2 or not all(_NUMBER.match(v) for v in xy):
                raise ValidationError("drawing", f"“{point[:20]}” is not a point written as x,y")
            x, y = float(xy[0]), float(xy[1])
            if not (0 <= x <= 1000 and 0 <= y <= 1000):
                raise ValidationError("drawing", "has a point outside the 0 to 1000 box")
            stroke.append((x, y))
            count += 1
        strokes.append(stroke)
    if count > MAX_DRAWING_POINTS:
        raise ValidationError(
            "drawing", f"has {count:,} points; the limit is {MAX_DRAWING_POINTS:,}"
        )
    return strokes


# -- operations --------------------------------------------------------------------------------
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
    typed_name = _TYPED_NAME.clean("typed name", typed_name).strip()
    note = _NOTE.clean("note", note).strip()
    stance = m.Stance(Field("enum", enum=m.Stance).clean("stance", stance))
    if not isinstance(drawing, str):
        raise ValidationError("drawing", "must be text")
    parse_drawing(drawing)
    with library._write() as s:
        row = library._workshop_row(s, workshop_id)
        if row.status == m.Status.SIGNED_OFF:
            raise LockedError(
                f"“{_short(row.title)}” is already signed off, so no more signatures can be "
                "added. Reopen it to start a new revision."
            )
        ws = repo.load_workshop(s, row)
        participant = ws.participant(participant_id)
        if participant is None:
            raise NotFoundError("That participant is not part of this workshop (any more).")
        blockers = sign_off_blockers(ws)
        if blockers:
            more = f" ({len(blockers) - 1} more to settle)" if len(blockers) > 1 else ""
            raise UserError(f"This revision is not ready for sign-off: {blockers[0].message}{more}")
        if not names_match(typed_name, participant.name):
            raise ValidationError(
                "typed name",
                f"“{_short(typed_name)}” does not match the participant “{participant.name}”. "
                "Type the full name as listed; capitals and accents do not matter.",
            )
        if stance is m.Stance.AGREE_WITH_RESERVATION and not note:
            raise ValidationError("note", "write down the reservation, so it is recorded")
        digest = interchange.content_digest(ws)
        earlier = [sig for sig in ws.signatures if sig.participant_id == participant_id]
        if any(sig.content_digest == digest for sig in earlier):
            raise UserError(f"{participant.name} has already signed this revision.")
        for void in earlier:
            s.delete(s.get(t.SignatureRow, void.id))
            library._audit(
                s,
                row,
                "replace void signature",
                "signature",
                void.id,
                before={"participant": participant.name, "content_digest": void.content_digest},
            )
        signature = m.Signature(
            participant_id=participant_id,
            typed_name=typed_name,
            stance=stance,
            note=note,
            drawing=drawing,
            content_digest=digest,
            signed_at=now_iso(),
        )
        last = s.exec(
            select(func.max(t.SignatureRow.position)).where(
                t.SignatureRow.workshop_id == workshop_id
            )
        ).one()
        s.add(repo.row_for(Kind.SIGNATURE, signature, workshop_id, (last or 0) + 1))
        library._touch(row)
        library._audit(
            s,
            row,
            "sign",
            "signature",
            signature.id,
            after={
                "participant": participant.name,
                "typed_name": typed_name,
                "stance": stance.value,
                "note": note,
                "drawn": bool(drawing),
                "content_digest": digest,
            },
        )
        after = replace(
            ws, signatures=[sig for sig in ws.signatures if sig not in earlier] + [signature]
        )
        if is_fully_signed(after):
            before = row.status
            row.status = m.Status.SIGNED_OFF.value
            library._audit(s, row, "sign off", "workshop", row.id, "status", before, row.status)
        return signature


def withdraw_signature(library: Library, signature_id: str) -> m.Signature:
    """Take back a signature given by mistake, while the revision is not yet signed off."""
    with library._write() as s:
        sig_row = s.get(t.SignatureRow, signature_id)
        if sig_row is None:
            raise NotFoundError("That signature no longer exists.")
        row = library._workshop_row(s, sig_row.workshop_id)
        if row.status == m.Status.SIGNED_OFF:
            raise LockedError(
                f"“{_short(row.title)}” is signed off; its signatures stay as they are. "
                "Reopen it to start a new revision."
            )
        signature = repo.to_domain(Kind.SIGNATURE, sig_row)
        s.delete(sig_row)
        library._touch(row)
        library._audit(
            s,
            row,
            "withdraw signature",
            "signature",
            signature_id,
            before={"typed_name": signature.typed_name, "stance": signature.stance.value},
        )
        return signature


def reopen(library: Library, workshop_id: str) -> str:
    """Start the next revision of a signed-off workshop as an editable copy; returns its id.

    The copy keeps the lineage, takes the next revision number and gets new ids for itself and
    every item (ids are unique across the database). It starts without signatures. The signed-off
    revision and its signatures are not touched. Only the latest revision can be reopened, so a
    lineage never forks.
    """
    with library._write() as s:
        row = library._workshop_row(s, workshop_id)
        if row.status != m.Status.SIGNED_OFF:
            raise UserError(
                f"“{_short(row.title)}” is not signed off, so it can still be edited as it is; "
                "only a signed-off revision is reopened."
            )
        latest = _latest_revision(s, row.lineage_id)
        if latest > row.revision:
            raise UserError(
                f"Revision {latest} of “{_short(row.title)}” already exists; "
                "continue there instead of reopening this one."
            )
        signed = repo.load_workshop(s, row)
        stamp = now_iso()
        copy = replace(
            fresh_ids(signed),
            lineage_id=signed.lineage_id,
            revision=latest + 1,
            status=m.Status.IN_PROGRESS,
            signatures=[],
            created_at=stamp,
        )
        repo.insert_workshop(s, copy, stamp)
        new_row = library._workshop_row(s, copy.id)
        library._audit(
            s, row, "reopen", "workshop", copy.id, "revision", row.revision, copy.revision
        )
        library._audit(
            s,
            new_row,
            "reopen",
            "workshop",
            row.id,
            "revision",
            row.revision,
            copy.revision,
        )
        return copy.id


def revisions(library: Library, lineage_id: str) -> list[WorkshopSummary]:
    """Every stored revision of one workshop, oldest first, for the library view."""
    with library._read() as s:
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


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
