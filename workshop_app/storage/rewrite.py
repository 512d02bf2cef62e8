"""Writing a whole workshop over the stored revision with the same ids, inside an open edit: what
bringing an offline copy back does with the merged workshop (storage/offline.py).

Only what differs is written. Items keep their rows (and what hangs off them that the workshop
does not carry, such as the room's rating rounds); items no longer in the workshop are deleted
with their dependents, as a delete in the window would; new ones are inserted. The links between
items (a need's requests, alignments, decisions, adoptions, results) are written again when they
differ. Seals follow through their triggers; the audit log is the caller's.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import delete
from sqlmodel import select

from workshop_app.core import model as m
from workshop_app.storage import repository as repo
from workshop_app.storage import results
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Edit


def rewrite(e: Edit, ws: m.Workshop) -> None:
    """Make the stored revision `e.workshop` hold exactly `ws` (same id)."""
    s = e.session
    stored = repo.load_workshop(s, e.workshop)
    row = repo.workshop_row(ws, e.workshop.updated_at)
    for name in type(row).model_fields:
        if name not in ("id", "updated_at") and getattr(e.workshop, name) != getattr(row, name):
            setattr(e.workshop, name, getattr(row, name))
    s.flush()
    for kind, attr in repo.LISTS.items():
        _rewrite_list(e, kind, getattr(ws, attr))
    if _links_differ(stored, ws):
        _rewrite_links(e, ws)
    if [r for r in stored.results] != ws.results:
        needs = select(t.NeedRow.id).where(t.NeedRow.workshop_id == ws.id)
        s.execute(delete(t.ResultRow).where(t.ResultRow.need_id.in_(needs)))  # type: ignore[attr-defined]
        s.flush()
        results.insert(s, ws)
    s.flush()


def _rewrite_list(e: Edit, kind: Any, items: list[Any]) -> None:
    s = e.session
    row_type: Any = repo.ROWS[kind]
    stored = {
        r.id: r for r in s.exec(select(row_type).where(row_type.workshop_id == e.workshop.id))
    }
    wanted = {item.id for item in items}
    gone = [item_id for item_id in stored if item_id not in wanted]
    if gone:
        s.execute(delete(row_type).where(row_type.id.in_(gone)))
        s.flush()
        s.expire_all()
    for position, item in enumerate(items):
        new = repo.row_for(kind, item, e.workshop.id, position)
        old = stored.get(item.id) if item.id not in gone else None
        if old is None:
            s.add(new)
            continue
        for name in type(new).model_fields:
            if getattr(old, name) != getattr(new, name):
                setattr(old, name, getattr(new, name))
    s.flush()


def _links_differ(stored: m.Workshop, ws: m.Workshop) -> bool:
    def shape(w: m.Workshop) -> Any:
        return (
            sorted((x.need_id, x.goal_id, x.strength.value) for x in w.links),
            sorted((d.request_id, repr(d)) for d in w.decisions),
            [(n.id, n.request_ids, sorted(n.serves_for.items()), n.adoptions) for n in w.needs],
        )

    return bool(shape(stored) != shape(ws))


def _rewrite_links(e: Edit, ws: m.Workshop) -> None:
    """A need's requests, alignments, adoptions and decisions, written again as `ws` has them."""
    s = e.session
    needs = select(t.NeedRow.id).where(t.NeedRow.workshop_id == ws.id)
    s.execute(delete(t.NeedRequestRow).where(t.NeedRequestRow.need_id.in_(needs)))  # type: ignore[attr-defined]
    for row_type in (t.AlignmentLinkRow, t.NeedAdoptionRow, t.DecisionRow):
        table: Any = row_type.__table__  # type: ignore[union-attr]
        s.execute(delete(table).where(table.c.workshop_id == ws.id))
    s.flush()
    s.expire_all()
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
        for position, adoption in enumerate(need.adoptions):
            s.add(repo.adoption_row(adoption, need.id, ws.id, position))
    for link in ws.links:
        if link.strength is not m.Strength.NONE:
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
        values = {f.name: repo.plain(getattr(decision, f.name)) for f in fields(decision)}
        s.add(t.DecisionRow(**values, workshop_id=ws.id))
    s.flush()
