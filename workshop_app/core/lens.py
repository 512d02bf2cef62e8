"""The lens of a need in use: whose concern it is, and who should co-own it.

A need that is customer-facing (or both) is the CTO's side too: the method says the lens tells
who should co-own a need and whether the CTO belongs in the follow-up. So while no CTO is in the
room, or the request's decision has another owner, the app suggests the CTO, as a participant
and as the owner of what follows (a hint the facilitator can take with one click or dismiss).
The portfolio filters requests by the lens of their needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from workshop_app.core.terms import Lens

if TYPE_CHECKING:
    from workshop_app.core import model as m

CTO = "CTO"
_CTO_WORDS = re.compile(r"\bcto\b|chief\s+technology\s+officer", re.IGNORECASE)
CUSTOMER_SIDE = (Lens.CUSTOMER_FACING, Lens.BOTH)


def is_cto(text: str) -> bool:
    """Whether a name, role or owner names the CTO ("CTO", "Chief Technology Officer")."""
    return bool(_CTO_WORDS.search(text))


def cto_in_room(workshop: m.Workshop) -> bool:
    return any(is_cto(p.name) or is_cto(p.role) for p in workshop.participants)


def customer_side(needs: Iterable[m.Need]) -> bool:
    """Whether any of these needs is customer-facing or both: the CTO's side."""
    return any(n.lens in CUSTOMER_SIDE for n in needs)


class CtoHint(NamedTuple):
    """What to suggest: the CTO as a participant, as the decision's owner, or both."""

    add_participant: bool
    set_owner: bool

    def sentence(self) -> str:
        what = []
        if self.add_participant:
            what.append("a participant")
        if self.set_owner:
            what.append("the owner of what follows")
        return (
            "Customer-facing: the CTO is a natural co-owner. Suggest the CTO as "
            + " and ".join(what)
            + "?"
        )


def cto_hint(workshop: m.Workshop, request_id: str) -> CtoHint | None:
    """The suggestion for one request, or None when its needs are internal (or not tagged),
    or when the CTO already takes part and owns its decision."""
    if not customer_side(workshop.needs_for(request_id)):
        return None
    add = not cto_in_room(workshop)
    owner = workshop.decision_for(request_id).owner
    set_owner = not is_cto(owner)
    if not add and not set_owner:
        return None
    return CtoHint(add_participant=add, set_owner=set_owner)


#: The portfolio's lens filter: what each choice shows.
LENS_FILTERS: dict[Lens, tuple[Lens, ...]] = {
    Lens.INTERNAL: (Lens.INTERNAL, Lens.BOTH),
    Lens.CUSTOMER_FACING: (Lens.CUSTOMER_FACING, Lens.BOTH),
    Lens.BOTH: (Lens.BOTH,),
}


def lens_matches(lenses: Iterable[Lens | None], wanted: Lens | None) -> bool:
    """Whether a request whose needs have these lenses shows under the filter `wanted` (None:
    every request). "Internal" includes needs that are both, as does "Customer-facing"."""
    if wanted is None:
        return True
    return any(lens in LENS_FILTERS[wanted] for lens in lenses)
