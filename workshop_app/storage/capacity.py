"""The library's capacity per period (core/capacity.py), read and written through the library.

Capacity belongs to the library, not to a workshop revision: its rows are written in a
`Library.edit` transaction opened on no workshop, so no revision is touched or locked out.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from workshop_app.core.capacity import CAPACITY_FIELDS, Capacity, CutLine, capacity_items, cut_line
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.kind import Kind
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Library
from workshop_app.storage.portfolio import latest_workshops


def capacities(library: Library) -> list[Capacity]:
    """Every period's capacity, in the order they were added."""
    with library.read() as s:
        rows = s.exec(select(t.CapacityRow).order_by(t.CapacityRow.position)).all()  # type: ignore[arg-type]
        return [Capacity(r.period, r.person_days, r.money, r.id) for r in rows]


def set_capacity(
    library: Library, period: str, person_days: Any = None, money: Any = None
) -> Capacity:
    """Add the period's capacity, or change it when the period (its words, case and spacing
    ignored) is there already."""
    label = " ".join(CAPACITY_FIELDS["period"].clean("period", period).split())
    days = CAPACITY_FIELDS["person_days"].clean("person-days", person_days)
    amount = CAPACITY_FIELDS["money"].clean("money", money)
    with library.edit(Kind.WORKSHOP, None) as e:
        rows = e.session.exec(select(t.CapacityRow)).all()
        row = next((r for r in rows if r.period.casefold() == label.casefold()), None)
        if row is None:
            row = t.CapacityRow(
                id=Capacity(label).id, position=1 + max((r.position for r in rows), default=0),
                period=label,
            )  # fmt: skip
        row.person_days, row.money = days, amount  # an existing period keeps its words
        e.session.add(row)
        return Capacity(row.period, row.person_days, row.money, row.id)


def remove_capacity(library: Library, capacity_id: str) -> None:
    with library.edit(Kind.WORKSHOP, None) as e:
        row = e.session.get(t.CapacityRow, capacity_id)
        if row is None:
            raise ValidationError("period", "is not in the library any more")
        e.session.delete(row)


def find_period(found: list[Capacity], period: str | None) -> Capacity | None:
    """The capacity of `period` (case and spacing ignored); None for no period: the first."""
    if period is None:
        return found[0] if found else None
    wanted = " ".join(period.casefold().split())
    return next((c for c in found if " ".join(c.period.casefold().split()) == wanted), None)


def library_cut_line(
    library: Library,
    period: str | None = None,
    moved_in: frozenset[str] = frozenset(),
    moved_out: frozenset[str] = frozenset(),
) -> CutLine:
    """The commitments of the latest revision of every workshop against a period's capacity."""
    capacity = find_period(capacities(library), period)
    if period is not None and capacity is None:
        raise UserError(f"No capacity is set for the period “{period}” in this library.")
    items = capacity_items(latest_workshops(library))
    return cut_line(items, capacity, moved_in, moved_out)
