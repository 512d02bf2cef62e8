"""Conversions between table rows and domain objects, for whole workshops and single items."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlmodel import Session, SQLModel, func, select

from workshop_app.core import model as m
from workshop_app.core.fields import ASSESSMENT_FIELDS
from workshop_app.core.kind import Kind
from workshop_app.storage import tables as t

#: Item kinds the operations layer edits, with their table and domain type.
ROWS: dict[Kind, type[SQLModel]] = {
    Kind.WORKSHOP: t.WorkshopRow,
    Kind.PARTICIPANT: t.ParticipantRow,
    Kind.AGENDA_ITEM: t.AgendaItemRow,
    Kind.GOAL: t.GoalRow,
    Kind.REQUEST: t.RequestRow,
    Kind.NEED: t.NeedRow,
    Kind.DECISION: t.DecisionRow,
    Kind.ACTION: t.ActionItemRow,
    Kind.SIGNATURE: t.SignatureRow,
}
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
    return value.value if isinstance(value, m.StrEnum) else value


def _enum_or_none(cls: type[m.StrEnum], value: str | None) -> Any:
    return None if value is None else _enum(cls, value)


def _enum(cls: type[m.StrEnum], value: str) -> Any:
    """`cls(value)`, found in the enum's own map first: a workshop is loaded after every edit,
    with thousands of values, and the enum call is slow. A stranger still raises as before."""
    found = cls._value2member_map_.get(value)
    return found if found is not None else cls(value)


def row_for(kind: Kind, item: Any, workshop_id: str, position: int) -> SQLModel:
    """A row for a domain item, ready to insert."""
    values = {f.name: plain(getattr(item, f.name)) for f in fields(item)}
    if kind == Kind.NEED:
        values.pop("request_ids")
        assessment = values.pop("assessment")
        values.update({name: getattr(assessment, name) for name in ASSESSMENT_FIELDS})
        values["why_ladder"] = list(item.why_ladder)
    return ROWS[kind](**values, workshop_id=workshop_id, position=position)


def workshop_row(ws: m.Workshop, updated_at: str) -> t.WorkshopRow:
    skip = set(LISTS.values()) | {"links", "decisions"}
    values = {f.name: plain(getattr(ws, f.name)) for f in fields(ws) if f.name not in skip}
    return t.WorkshopRow(**values, updated_at=updated_at)


def insert_workshop(s: Session, ws: m.Workshop, updated_at: str) -> None:
    """Insert a whole workshop revision (import, duplicate, reopen, demo)."""
    s.add(workshop_row(ws, updated_at))
    s.flush()  # parents before children, whatever order the unit of work picks
    # No ORM relationships, so flush kind by kind in the order foreign keys require.
    for kind, attr in LISTS.items():
        for position, item in enumerate(getattr(ws, attr)):
            s.add(row_for(kind, item, ws.id, position))
        s.flush()
    for need in ws.needs:
        for position, request_id in enumerate(need.request_ids):
            s.add(t.NeedRequestRow(need_id=need.id, request_id=request_id, position=position))
    for link in ws.links:
        s.add(
            t.AlignmentLinkRow(
                need_id=link.need_id,
                goal_id=link.goal_id,
                workshop_id=ws.id,
                strength=link.strength.value,
            )
        )
    decided = {d.request_id: d for d in ws.decisions}
    for request in ws.requests:
        decision = decided.get(request.id, m.Decision(request_id=request.id))
        s.add(
            t.DecisionRow(
                **{f.name: plain(getattr(decision, f.name)) for f in fields(decision)},
                workshop_id=ws.id,
            )
        )


def _ordered(s: Session, row: type[Any], workshop_id: str) -> list[Any]:
    """The rows as plain tuples with named fields, not ORM objects: loading a large workshop
    (after every edit) spends most of its time setting up objects that are only read once."""
    table = row.__table__
    return list(
        s.execute(
            select(table).where(table.c.workshop_id == workshop_id).order_by(table.c.position)
        ).all()
    )


def _shared_names(kind: Kind, row: Any) -> tuple[str, ...]:
    """The fields of the kind's domain type that the row has."""
    return tuple(f.name for f in fields(DOMAIN[kind]) if hasattr(row, f.name))


def to_domain(kind: Kind, row: Any, names: tuple[str, ...] | None = None) -> Any:
    """The domain item of a row; `names`, the row's `_shared_names`, when converting many."""
    cls = DOMAIN[kind]
    names = _shared_names(kind, row) if names is None else names
    values = {name: getattr(row, name) for name in names}
    if kind == Kind.NEED:
        values["why_ladder"] = list(row.why_ladder or [])
        values["assessment"] = m.Assessment(**{n: getattr(row, n) for n in ASSESSMENT_FIELDS})
        values["serves"] = _enum_or_none(m.Serves, row.serves)
        values["lens"] = _enum_or_none(m.Lens, row.lens)
        values.pop("request_ids", None)
    elif kind == Kind.GOAL:
        values["level"] = _enum(m.GoalLevel, row.level)
    elif kind == Kind.REQUEST:
        values["urgency"] = _enum_or_none(m.Urgency, row.urgency)
        values["phase"] = _enum_or_none(m.Phase, row.phase)
    elif kind == Kind.SIGNATURE:
        values["stance"] = _enum(m.Stance, row.stance)
    return cls(**values)


def load_workshop(s: Session, row: t.WorkshopRow) -> m.Workshop:
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
        it_phase=_enum_or_none(m.Phase, row.it_phase),
        status=m.Status(row.status),
        framework=m.Framework(row.framework),
        created_at=row.created_at,
    )
    for kind, attr in LISTS.items():
        rows = _ordered(s, ROWS[kind], ws.id)
        names = _shared_names(kind, rows[0]) if rows else ()  # every row has the same columns
        setattr(ws, attr, [to_domain(kind, r, names) for r in rows])
    needs = {n.id: n for n in ws.needs}
    for need_id, request_id in s.exec(
        select(t.NeedRequestRow.need_id, t.NeedRequestRow.request_id)
        .join(t.NeedRow, t.NeedRow.id == t.NeedRequestRow.need_id)  # type: ignore[arg-type]
        .where(t.NeedRow.workshop_id == ws.id)
        .order_by(t.NeedRequestRow.position)  # type: ignore[arg-type]
    ):
        needs[need_id].request_ids.append(request_id)
    link_table = t.AlignmentLinkRow.__table__  # type: ignore[attr-defined]
    links = s.execute(select(link_table).where(link_table.c.workshop_id == ws.id)).all()
    ws.links = [m.AlignmentLink(r.need_id, r.goal_id, _enum(m.Strength, r.strength)) for r in links]
    ws.sort_links()
    decision_table = t.DecisionRow.__table__  # type: ignore[attr-defined]
    decisions = {
        d.request_id: d
        for d in s.execute(
            select(decision_table).where(decision_table.c.workshop_id == ws.id)
        ).all()
    }
    ws.decisions = [to_decision(decisions[r.id]) for r in ws.requests]
    return ws


def to_decision(row: Any) -> m.Decision:
    """The domain decision of a decision row (or a plain tuple of its columns)."""
    return m.Decision(
        request_id=row.request_id,
        kind=_enum_or_none(m.DecisionKind, row.kind),
        rationale=row.rationale,
        owner=row.owner,
        next_step=row.next_step,
        due_date=row.due_date,
    )


def load_appended(
    s: Session, kind: Kind, workshop_id: str, item_id: str, known: int
) -> tuple[Any, m.Decision | None, m.Status] | None:
    """The item `item_id` just appended to its workshop's list (with, for a request, its
    decision; for a need, the requests it sits under) and the workshop's status now, when the
    list holds exactly `known` items before it and it is the last; else None."""
    row_type: Any = ROWS[kind]
    row = s.get(row_type, item_id)
    stored = s.get(t.WorkshopRow, workshop_id)
    if row is None or stored is None or row.workshop_id != workshop_id:
        return None
    mine = row_type.workshop_id == workshop_id
    count = s.exec(select(func.count()).where(mine)).one()
    last = s.exec(select(func.max(row_type.position)).where(mine)).one()
    if count != known + 1 or last != row.position:
        return None
    item = to_domain(kind, row)
    decision = None
    if kind == Kind.REQUEST:
        decision_row = s.get(t.DecisionRow, item_id)
        if decision_row is None:
            return None
        decision = to_decision(decision_row)
    elif kind == Kind.NEED:
        links = (
            select(t.NeedRequestRow.request_id)
            .where(t.NeedRequestRow.need_id == item_id)
            .order_by(t.NeedRequestRow.position)  # type: ignore[arg-type]
        )
        item.request_ids = list(s.exec(links))
    return item, decision, m.Status(stored.status)


def row_values(row: SQLModel) -> dict[str, Any]:
    """A row as a plain dict, for snapshots that undo can re-insert."""
    return {name: getattr(row, name) for name in type(row).model_fields}
