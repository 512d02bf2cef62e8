"""Sign-off rules: where each participant stands, whose name matches, what a drawing holds.

Pure functions over a `Workshop`, so they read the same from the database, a file or the
workshop embedded in a summary PDF. Each signature stores the content digest of the revision it
confirms (`interchange.content_digest`); a signature whose digest no longer matches is *void*.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError

MAX_DRAWING_CHARS = 2_000_000  # as in the interchange schema
MAX_DRAWING_POINTS = 50_000
_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,3})?$")


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


def signature_status(workshop: m.Workshop, digest: str | None = None) -> list[SignOffState]:
    """One entry per participant, in the participants' order; `digest`, the workshop's
    `content_digest` when the caller has it already.

    Should a participant hold more than one signature (only possible in an imported file), the
    valid one counts, else the latest.
    """
    if digest is None:
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
    return fully_signed(signature_status(workshop))


def fully_signed(states: list[SignOffState]) -> bool:
    """`is_fully_signed` for states already worked out (each costs a digest of the workshop)."""
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
