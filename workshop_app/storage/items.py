"""A list item's row: made from the values typed, given its place among its siblings, and what
hangs off it (cascading away with it, so a snapshot for undo can bring it back)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, func, select

from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.core.kind import Kind
from workshop_app.storage import repository as repo
from workshop_app.storage import tables as t


def make_place(s: Session, kind: Kind, workshop_id: str, position: int | None) -> int:
    """The position a new item takes: `position` (siblings from there on move down one), or
    one past the last."""
    row_type: Any = repo.ROWS[kind]
    if position is None:
        # Appending (capturing one request after another) needs no sibling loaded: one past
        # the last position can never tie, whatever gaps deletes left.
        last = s.exec(
            select(func.max(row_type.position)).where(row_type.workshop_id == workshop_id)
        ).one()
        return 0 if last is None else int(last) + 1
    siblings = list(
        s.exec(
            select(row_type).where(row_type.workshop_id == workshop_id).order_by(row_type.position)
        ).all()
    )
    at = max(0, min(position, len(siblings)))
    # Renumber all siblings: deletes leave gaps, and a gap must not turn into a tie.
    for index, sibling in enumerate(siblings):
        sibling.position = index if index < at else index + 1
    return at


def new_item(kind: Kind, values: dict[str, Any], item_id: str | None) -> Any:
    cls = repo.DOMAIN[kind]
    if kind == Kind.NEED:
        assessment = {k: values.pop(k) for k in list(values) if k in repo.ASSESSMENT_FIELDS}
        values["assessment"] = m.Assessment(**assessment)
    required = {
        "participant": "name",
        "agenda_item": "title",
        "goal": "title",
        "request": "text",
        "action": "text",
    }.get(kind)
    if required and required not in values:
        raise ValidationError(required, "cannot be empty")
    item = cls(**values)
    if item_id is not None:
        item.id = item_id
    return item


def dependents(s: Session, kind: Kind, item_id: str) -> list[SQLModel]:
    """Rows that cascade away with an item, so a snapshot can restore them too."""
    found: list[SQLModel] = []
    if kind == Kind.REQUEST:
        found += s.exec(select(t.DecisionRow).where(t.DecisionRow.request_id == item_id)).all()
        found += s.exec(
            select(t.NeedRequestRow).where(t.NeedRequestRow.request_id == item_id)
        ).all()
        found += s.exec(select(t.ActionItemRow).where(t.ActionItemRow.request_id == item_id)).all()
    elif kind == Kind.NEED:
        found += s.exec(select(t.NeedRequestRow).where(t.NeedRequestRow.need_id == item_id)).all()
        found += s.exec(
            select(t.AlignmentLinkRow).where(t.AlignmentLinkRow.need_id == item_id)
        ).all()
        found += s.exec(select(t.NeedAdoptionRow).where(t.NeedAdoptionRow.need_id == item_id)).all()
        found += s.exec(select(t.ResultRow).where(t.ResultRow.need_id == item_id)).all()
    elif kind == Kind.GOAL:
        found += s.exec(
            select(t.AlignmentLinkRow).where(t.AlignmentLinkRow.goal_id == item_id)
        ).all()
        found += s.exec(select(t.NeedAdoptionRow).where(t.NeedAdoptionRow.goal_id == item_id)).all()
    elif kind == Kind.PARTICIPANT:
        found += s.exec(
            select(t.SignatureRow).where(t.SignatureRow.participant_id == item_id)
        ).all()
    return found
