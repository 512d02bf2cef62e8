"""The library's capacity per period (core/capacity.py), read and written through the library.

Capacity belongs to the library, not to a workshop revision: its rows are written in a
`Library.edit` transaction opened on no workshop, so no revision is touched or locked out. Each
change is audited in the library's own log (`LIBRARY_LOG`, read by `library_audit_log`): the
period, the field, and its value before and after.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from workshop_app.core import model as m
from workshop_app.core.capacity import CAPACITY_FIELDS, Capacity, CutLine, capacity_items, cut_line
from workshop_app.core.comparable import Scoring
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import DEFAULT_WEIGHTS, Weights
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Library, now_iso
from workshop_app.storage.portfolio import latest_workshops

#: The audit log's workshop id for the library's own changes (capacity and period scoring).
LIBRARY_LOG = "library"


def _scoring(row: t.CapacityRow) -> Scoring:
    try:
        framework = m.Framework(row.framework) if row.framework else m.Framework.WEIGHTED
        weights = Weights.parse(row.weights) if row.weights else DEFAULT_WEIGHTS
    except ValueError:  # written by hand: the usual scoring rather than a refusal to open
        return Scoring()
    return Scoring(framework, weights)


def _capacity(row: t.CapacityRow) -> Capacity:
    return Capacity(row.period, row.person_days, row.money, row.id, _scoring(row))


def _log(session: Any, action: str, row: t.CapacityRow, name: str, before: Any, after: Any) -> None:
    """One entry in the library's audit log, naming the period and the old and new value."""
    session.add(
        t.AuditRow(
            workshop_id=LIBRARY_LOG,
            at=now_iso(),
            action=f"{action} · {row.period}",
            kind="capacity",
            entity_id=row.id,
            field=name,
            before="" if before is None else json.dumps(before, ensure_ascii=False),
            after="" if after is None else json.dumps(after, ensure_ascii=False),
        )
    )


def library_audit_log(library: Library) -> list[t.AuditRow]:
    """The library's own changes, oldest first."""
    return library.audit_log(LIBRARY_LOG)


def capacities(library: Library) -> list[Capacity]:
    """Every period's capacity, in the order they were added."""
    with library.read() as s:
        rows = s.exec(select(t.CapacityRow).order_by(t.CapacityRow.position)).all()  # type: ignore[arg-type]
        return [_capacity(r) for r in rows]


def set_capacity(
    library: Library,
    period: str,
    person_days: Any = None,
    money: Any = None,
    *,
    scoring: Scoring | None = None,
    capacity_id: str | None = None,
) -> Capacity:
    """Add the period's capacity, or change it when the period (its words, case and spacing
    ignored) is there already. A new period takes `capacity_id` when given (an undone removal
    comes back as it was); `scoring` None keeps (or, for a new period, defaults) its scoring."""
    label = " ".join(CAPACITY_FIELDS["period"].clean("period", period).split())
    days = CAPACITY_FIELDS["person_days"].clean("person-days", person_days)
    amount = CAPACITY_FIELDS["money"].clean("money", money)
    with library.edit(Kind.WORKSHOP, None) as e:
        rows = e.session.exec(select(t.CapacityRow)).all()
        row = next((r for r in rows if r.period.casefold() == label.casefold()), None)
        if row is None:
            row = t.CapacityRow(
                id=capacity_id or Capacity(label).id,
                position=1 + max((r.position for r in rows), default=0), period=label,
            )  # fmt: skip
            _log(e.session, "add period", row, "period", None, label)
        for name, before, after in (
            ("person_days", row.person_days, days),
            ("money", row.money, amount),
        ):
            if before != after:
                _log(e.session, "set capacity", row, name, before, after)
        row.person_days, row.money = days, amount  # an existing period keeps its words
        if scoring is not None:
            _set_scoring(e.session, row, scoring)
        e.session.add(row)
        return _capacity(row)


def _set_scoring(session: Any, row: t.CapacityRow, scoring: Scoring) -> None:
    framework = scoring.framework.value
    weights = scoring.weights.text() if scoring.weights != DEFAULT_WEIGHTS else None
    before = _scoring(row)
    if before.framework.value != framework:
        _log(session, "set scoring", row, "framework", before.framework.value, framework)
    if before.weights != scoring.weights:
        _log(session, "set scoring", row, "weights", before.weights.text(), scoring.weights.text())
    row.framework, row.weights = framework, weights


def set_scoring(library: Library, capacity_id: str, scoring: Scoring) -> Capacity:
    """How the portfolio scores every need for this period: a framework and its weights."""
    with library.edit(Kind.WORKSHOP, None) as e:
        row = e.session.get(t.CapacityRow, capacity_id)
        if row is None:
            raise ValidationError("period", "is not in the library any more")
        _set_scoring(e.session, row, scoring)
        e.session.add(row)
        return _capacity(row)


def remove_capacity(library: Library, capacity_id: str) -> None:
    with library.edit(Kind.WORKSHOP, None) as e:
        row = e.session.get(t.CapacityRow, capacity_id)
        if row is None:
            raise ValidationError("period", "is not in the library any more")
        _log(e.session, "remove period", row, "period", row.period, None)
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
    items = capacity_items(latest_workshops(library), capacity.scoring if capacity else None)
    return cut_line(items, capacity, moved_in, moved_out)
