"""Stored rows made into domain objects: single items, and a whole workshop from its rows.

Nothing here knows how the rows were read. The operations layer reads them through SQLAlchemy
(`repository.load_workshop`); a command that only reads a workshop may read them with Python's
own sqlite3 (`reading.peek_workshop`), which spares it importing SQLAlchemy. Both hand their
rows (anything with the columns as attributes) to `assemble`, so a workshop comes out the same
whichever way it was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from enum import StrEnum
from typing import Any

from workshop_app.core import model as m
from workshop_app.core.fields import ASSESSMENT_FIELDS
from workshop_app.core.kind import Kind

#: Workshop list attribute for each positioned kind.
LISTS: dict[Kind, str] = {
    Kind.PARTICIPANT: "participants",
    Kind.AGENDA_ITEM: "agenda",
    Kind.GOAL: "goals",
    Kind.REQUEST: "requests",
    Kind.NEED: "needs",
    Kind.ACTION: "actions",
    Kind.SIGNATURE: "signatures",
}
DOMAIN: dict[Kind, type] = {
    Kind.PARTICIPANT: m.Participant,
    Kind.AGENDA_ITEM: m.AgendaItem,
    Kind.GOAL: m.StrategicGoal,
    Kind.REQUEST: m.Request,
    Kind.NEED: m.Need,
    Kind.ACTION: m.ActionItem,
    Kind.SIGNATURE: m.Signature,
}


def plain(value: Any) -> Any:
    """Enums become their string values on the way into the database."""
    return value.value if isinstance(value, StrEnum) else value


def enum_or_none(cls: type[StrEnum], value: str | None) -> Any:
    return None if value is None else enum(cls, value)


def enum(cls: type[StrEnum], value: str) -> Any:
    """`cls(value)`, found in the enum's own map first: a workshop is loaded after every edit,
    with thousands of values, and the enum call is slow. A stranger still raises as before."""
    found = cls._value2member_map_.get(value)
    return found if found is not None else cls(value)


def shared_names(kind: Kind, row: Any) -> tuple[str, ...]:
    """The fields of the kind's domain type that the row has."""
    return tuple(f.name for f in fields(DOMAIN[kind]) if hasattr(row, f.name))


def to_domain(kind: Kind, row: Any, names: tuple[str, ...] | None = None) -> Any:
    """The domain item of a row; `names`, the row's `shared_names`, when converting many."""
    cls = DOMAIN[kind]
    names = shared_names(kind, row) if names is None else names
    values = {name: getattr(row, name) for name in names}
    if kind == Kind.NEED:
        values["why_ladder"] = list(row.why_ladder or [])
        values["assessment"] = m.Assessment(**{n: getattr(row, n) for n in ASSESSMENT_FIELDS})
        values["serves"] = enum_or_none(m.Serves, row.serves)
        values["lens"] = enum_or_none(m.Lens, row.lens)
        values["estimate_confidence"] = enum_or_none(m.Confidence, row.estimate_confidence)
        values.pop("request_ids", None)
        values.pop("serves_for", None)  # kept on the need's links (`assemble`)
    elif kind == Kind.GOAL:
        values["level"] = enum(m.GoalLevel, row.level)
    elif kind == Kind.REQUEST:
        values["urgency"] = enum_or_none(m.Urgency, row.urgency)
        values["phase"] = enum_or_none(m.Phase, row.phase)
        values["origin"] = enum(m.Origin, row.origin)
    elif kind == Kind.SIGNATURE:
        values["stance"] = enum(m.Stance, row.stance)
    return cls(**values)


def assemble(
    row: Any,
    ordered: Callable[[Kind], list[Any]],
    need_requests: Iterable[tuple[str, str, str | None]],
    links: Iterable[Any],
    decisions: Iterable[Any],
    adoptions: Iterable[Any],
) -> m.Workshop:
    """A workshop from its rows: `row` the workshop's own, `ordered(kind)` the rows of each
    positioned kind in their order, `need_requests` (need id, request id, whether the request
    serves the need) in their order, `links` the alignment link rows and `decisions` the
    decision rows, in any order, and `adoptions` the values adopted from the room, in order.
    Results are not part of the revision's rows: the caller adds them."""
    ws = m.Workshop(
        id=row.id,
        lineage_id=row.lineage_id,
        revision=row.revision,
        title=row.title,
        division=row.division,
        company=row.company,
        date=row.date,
        location=row.location,
        facilitator=row.facilitator,
        it_phase=enum_or_none(m.Phase, row.it_phase),
        status=m.Status(row.status),
        framework=m.Framework(row.framework),
        created_at=row.created_at,
        it_reliability=row.it_reliability,
        it_delivery=row.it_delivery,
        earlier_phase=enum_or_none(m.Phase, row.earlier_phase),
        earlier_phase_date=row.earlier_phase_date,
        follow_up_of=row.follow_up_of,
    )
    for kind, attr in LISTS.items():
        rows = ordered(kind)
        names = shared_names(kind, rows[0]) if rows else ()  # every row has the same columns
        setattr(ws, attr, [to_domain(kind, r, names) for r in rows])
    needs = {n.id: n for n in ws.needs}
    for need_id, request_id, answer in need_requests:
        need = needs[need_id]
        need.request_ids.append(request_id)
        if answer is not None:
            need.serves_for[request_id] = enum(m.Serves, answer)
    adoption_names = tuple(f.name for f in fields(m.Adoption))
    for r in adoptions:
        needs[r.need_id].adoptions.append(m.Adoption(**{n: getattr(r, n) for n in adoption_names}))
    ws.links = [m.AlignmentLink(r.need_id, r.goal_id, enum(m.Strength, r.strength)) for r in links]
    ws.sort_links()
    decided = {d.request_id: d for d in decisions}
    ws.decisions = [to_decision(decided[r.id]) for r in ws.requests]
    return ws


def to_decision(row: Any) -> m.Decision:
    """The domain decision of a decision row (or a plain tuple of its columns)."""
    return m.Decision(
        request_id=row.request_id,
        kind=enum_or_none(m.DecisionKind, row.kind),
        rationale=row.rationale,
        owner=row.owner,
        next_step=row.next_step,
        due_date=row.due_date,
        earlier=row.earlier,
    )
