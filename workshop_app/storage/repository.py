"""Conversions between table rows and domain objects, for whole workshops and single items,
through SQLAlchemy (the row-to-domain half is `assembly`, shared with `reading`)."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlmodel import Session, SQLModel, func, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.fields import ASSESSMENT_FIELDS
from workshop_app.core.kind import Kind
from workshop_app.storage import results
from workshop_app.storage import tables as t
from workshop_app.storage.assembly import (
    DOMAIN,
    LISTS,
    assemble,
    enum,
    plain,
    to_decision,
    to_domain,
)

#: DOMAIN, LISTS, plain and to_domain live in `assembly` and are used through this module too.
__all__ = [
    "DOMAIN",
    "LISTS",
    "ROWS",
    "insert_workshop",
    "load_workshop",
    "plain",
    "row_for",
    "row_values",
    "to_domain",
    "workshop_row",
]

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


def row_for(kind: Kind, item: Any, workshop_id: str, position: int) -> SQLModel:
    """A row for a domain item, ready to insert."""
    values = {f.name: plain(getattr(item, f.name)) for f in fields(item)}
    if kind == Kind.NEED:
        values.pop("request_ids")
        values.pop("serves_for")  # on the need's links to its requests (need_request)
        assessment = values.pop("assessment")
        values.update({name: getattr(assessment, name) for name in ASSESSMENT_FIELDS})
        values["why_ladder"] = list(item.why_ladder)
    return ROWS[kind](**values, workshop_id=workshop_id, position=position)


def workshop_row(ws: m.Workshop, updated_at: str) -> t.WorkshopRow:
    skip = set(LISTS.values()) | {"links", "decisions", "results"}
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
            answer = need.serves_for.get(request_id)
            s.add(
                t.NeedRequestRow(
                    need_id=need.id,
                    request_id=request_id,
                    position=position,
                    serves=None if answer is None else answer.value,
                )
            )
    for need in ws.needs:
        for position, adoption in enumerate(need.adoptions):
            s.add(adoption_row(adoption, need.id, ws.id, position))
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
    s.flush()
    results.insert(s, ws)


def adoption_row(
    adoption: m.Adoption, need_id: str, workshop_id: str, position: int
) -> t.NeedAdoptionRow:
    values = {f.name: getattr(adoption, f.name) for f in fields(adoption)}
    return t.NeedAdoptionRow(**values, need_id=need_id, workshop_id=workshop_id, position=position)


def _ordered(s: Session, row: type[Any], workshop_id: str) -> list[Any]:
    """The rows as plain tuples with named fields, not ORM objects: loading a large workshop
    (after every edit) spends most of its time setting up objects that are only read once."""
    table = row.__table__
    return list(
        s.execute(
            select(table).where(table.c.workshop_id == workshop_id).order_by(table.c.position)
        ).all()
    )


def load_workshop(s: Session, row: t.WorkshopRow) -> m.Workshop:
    need_requests = s.exec(
        select(t.NeedRequestRow.need_id, t.NeedRequestRow.request_id, t.NeedRequestRow.serves)
        .join(t.NeedRow, t.NeedRow.id == t.NeedRequestRow.need_id)  # type: ignore[arg-type]
        .where(t.NeedRow.workshop_id == row.id)
        .order_by(t.NeedRequestRow.position)  # type: ignore[arg-type]
    )
    link_table = t.AlignmentLinkRow.__table__  # type: ignore[attr-defined]
    decision_table = t.DecisionRow.__table__  # type: ignore[attr-defined]
    ws = assemble(
        row,
        lambda kind: _ordered(s, ROWS[kind], row.id),
        need_requests,
        s.execute(select(link_table).where(link_table.c.workshop_id == row.id)).all(),
        s.execute(select(decision_table).where(decision_table.c.workshop_id == row.id)).all(),
        _ordered(s, t.NeedAdoptionRow, row.id),
    )
    ws.results = results.load(s, ws.id)
    return ws


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
            select(t.NeedRequestRow.request_id, t.NeedRequestRow.serves)
            .where(t.NeedRequestRow.need_id == item_id)
            .order_by(t.NeedRequestRow.position)  # type: ignore[arg-type]
        )
        for request_id, answer in s.exec(links):
            item.request_ids.append(request_id)
            if answer is not None:
                item.serves_for[request_id] = enum(m.Serves, answer)
    return item, decision, m.Status(stored.status)


def row_values(row: SQLModel) -> dict[str, Any]:
    """A row as a plain dict, for snapshots that undo can re-insert."""
    return {name: getattr(row, name) for name in type(row).model_fields}


def fresh_ids(ws: m.Workshop) -> m.Workshop:
    """A copy of a workshop with every id replaced, references rewired to match."""
    copy = interchange.from_dict(interchange.to_dict(ws))
    mapping: dict[str, str] = {copy.id: m.new_id()}
    for attr in LISTS.values():
        for item in getattr(copy, attr):
            mapping[item.id] = m.new_id()
            item.id = mapping[item.id]
    copy.id = mapping[copy.id]
    copy.lineage_id = m.new_id()
    for need in copy.needs:
        need.request_ids = [mapping[r] for r in need.request_ids]
        for adoption in need.adoptions:
            if adoption.goal_id is not None:
                adoption.goal_id = mapping[adoption.goal_id]
        need.serves_for = {mapping[r]: answer for r, answer in need.serves_for.items()}
    for link in copy.links:
        link.need_id, link.goal_id = mapping[link.need_id], mapping[link.goal_id]
    for decision in copy.decisions:
        decision.request_id = mapping[decision.request_id]
    for action in copy.actions:
        if action.request_id is not None:
            action.request_id = mapping[action.request_id]
    for signature in copy.signatures:
        signature.participant_id = mapping[signature.participant_id]
    for result in copy.results:
        result.id, result.need_id = m.new_id(), mapping[result.need_id]
    return copy
