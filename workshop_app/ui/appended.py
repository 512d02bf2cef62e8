"""The open workshop after one item was appended to the end of its list, without loading it
all again: at 2,000 requests, reading the whole workshop after each captured request takes
longer than the pause before the next one."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from workshop_app.core import model as m
from workshop_app.core.kind import Kind

if TYPE_CHECKING:
    from workshop_app.storage.operations import Library

#: Kinds whose new item brings nothing else into the workshop but (a request's) decision.
KINDS = frozenset(
    {Kind.PARTICIPANT, Kind.AGENDA_ITEM, Kind.GOAL, Kind.REQUEST, Kind.NEED, Kind.ACTION}
)


def with_item_appended(
    library: Library, workshop: m.Workshop, kind: Kind, item_id: str
) -> m.Workshop | None:
    """`workshop` with the stored item `item_id` at the end of its list and the revision's
    status as stored; None when the cached workshop is not exactly the stored one without this
    item (then the caller reads everything again)."""
    from workshop_app.storage import repository as repo  # loaded with the library already

    if kind not in KINDS:
        return None
    attr = repo.LISTS[kind]
    items: list[Any] = getattr(workshop, attr)
    if kind == Kind.REQUEST and len(workshop.decisions) != len(items):
        return None
    with library.read() as s:
        found = repo.load_appended(s, kind, workshop.id, item_id, len(items))
    if found is None:
        return None
    item, decision, status = found
    fresh = copy.copy(workshop)  # the other lists are shared: never changed in place
    fresh.__dict__.pop("_lookups", None)
    setattr(fresh, attr, [*items, item])
    if decision is not None:
        fresh.decisions = [*workshop.decisions, decision]
    fresh.status = status
    return fresh
