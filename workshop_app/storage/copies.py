"""Copies of whole workshops: whether a workshop's ids are taken, and fresh ids for a copy."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t


def ids_taken(s: Session, ws: m.Workshop) -> bool:
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
    ids = [r.id for r in ws.results]
    return any(s.get(t.ResultRow, i) is not None for i in ids)


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
