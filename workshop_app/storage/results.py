"""Results recorded against the needs' measures, kept beside the revision they measure.

Why a table of their own: results arrive after the workshop, when its revision is signed off and
locked (`Library.edit` refuses any change to it, and its content digest is what participants
signed). So a result is not part of the revision. It is a row of `result`, keyed by the
workshop's lineage and the need it measures; recording one goes through `Library.edit` on that
need with the lock check lifted and without touching the revision, and is written to the audit
log like every change. A result cascades away with its need; a new revision (reopening) and a
follow-up take copies along with their needs.

Integrity: the revision's tables are sealed by triggers (storage/seal.py) that a migration
rewriting them must renew. Results keep their seal in their own row instead: `seal` is the
same BLAKE2b row digest over the result's values, written with it here and checked when the
workshop is opened (`damaged`), so damage or an edit by another program is reported as for the
revision's rows, and no other table's migration can leave result seals stale.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from workshop_app.core import model as m
from workshop_app.core.errors import NotFoundError, ValidationError
from workshop_app.core.fields import RESULT_FIELDS, ensure_room
from workshop_app.core.kind import Kind
from workshop_app.storage import tables as t
from workshop_app.storage.seal import row_digest

if TYPE_CHECKING:
    from workshop_app.storage.operations import Edit, Library

_SEALED = ("id", "lineage_id", "need_id", "value", "date", "note", "verdict", "recorded_at")


def seal_of(row: t.ResultRow) -> bytes:
    return row_digest(*(getattr(row, name) for name in _SEALED))


def _row(result: m.Result, lineage_id: str) -> t.ResultRow:
    row = t.ResultRow(
        id=result.id,
        lineage_id=lineage_id,
        need_id=result.need_id,
        value=result.value,
        date=result.date,
        note=result.note,
        verdict=None if result.verdict is None else result.verdict.value,
        recorded_at=result.recorded_at,
    )
    row.seal = seal_of(row)
    return row


def insert(s: Session, ws: m.Workshop) -> None:
    """Store the results a whole workshop brings (import, follow-up, reopening, undo)."""
    for result in ws.results:
        s.add(_row(result, ws.lineage_id))


def _rows(s: Session, workshop_id: str) -> list[t.ResultRow]:
    return list(
        s.exec(
            select(t.ResultRow)
            .join(t.NeedRow, t.NeedRow.id == t.ResultRow.need_id)  # type: ignore[arg-type]
            .where(t.NeedRow.workshop_id == workshop_id)
            .order_by(t.ResultRow.date, t.ResultRow.recorded_at, t.ResultRow.id)
        ).all()
    )


def _domain(row: t.ResultRow) -> m.Result:
    return m.Result(
        need_id=row.need_id,
        value=row.value,
        date=row.date,
        note=row.note,
        verdict=None if row.verdict is None else m.Verdict(row.verdict),
        recorded_at=row.recorded_at,
        id=row.id,
    )


def load(s: Session, workshop_id: str) -> list[m.Result]:
    """The results of the revision's needs, oldest first."""
    return [_domain(row) for row in _rows(s, workshop_id)]


def damaged(s: Session, workshop_id: str) -> int:
    """How many of the revision's results no longer match their seal."""
    return sum(row.seal != seal_of(row) for row in _rows(s, workshop_id))


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """The typed values of a result, checked against their rules (core/fields.py)."""
    unknown = set(values) - set(RESULT_FIELDS)
    if unknown:
        raise ValidationError(sorted(unknown)[0], "is not a field of a result")
    return {
        name: rule.clean(name, values[name])
        for name, rule in RESULT_FIELDS.items()
        if name in values
    }


def record(library: Library, need_id: str, value: str, **values: Any) -> str:
    """Record a result against a need's measure, signed-off revision or not; returns its id.

    `values`: date (YYYY-MM-DD), note, verdict (model.Verdict).
    """
    typed = clean({"value": value, **values})
    result = m.Result(
        need_id=need_id, recorded_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), **typed
    )
    return restore(library, result)


def restore(library: Library, result: m.Result) -> str:
    """Store a result as it is (undo puts a deleted one back with its id and times)."""
    with library.edit(Kind.NEED, result.need_id, check=None, touch=False, claim=False) as e:
        count = len(_rows(e.session, e.workshop.id))
        ensure_room("results", count)
        e.session.add(_row(result, e.workshop.lineage_id))
        e.log("record result", Kind.RESULT, result.id, "value", None, result.value)
    return result.id


def delete(library: Library, result_id: str) -> m.Result:
    """Remove a result recorded by mistake; returns it whole so undo can put it back."""
    with _editing(library, result_id) as (e, found):
        result = _domain(found)
        e.session.delete(found)
        e.log("delete result", Kind.RESULT, result_id, "value", result.value, None)
    return result


def set_verdict(library: Library, result_id: str, verdict: m.Verdict | str | None) -> None:
    """The room's verdict on a commitment, given to its latest result in a follow-up's review."""
    value = RESULT_FIELDS["verdict"].clean("verdict", verdict)
    with _editing(library, result_id) as (e, found):
        before = found.verdict
        after = None if value is None else value.value
        if before != after:
            found.verdict = after
            found.seal = seal_of(found)
            e.log("edit", Kind.RESULT, result_id, "verdict", before, after)


@contextmanager
def _editing(library: Library, result_id: str) -> Iterator[tuple[Edit, t.ResultRow]]:
    """An edit of the result's need (results change no revision: no lock, no time stamp) and
    the result's row in it; says so when the result is gone."""
    with library.read() as s:
        row = s.get(t.ResultRow, result_id)
        if row is None:
            raise NotFoundError("That result no longer exists.")
        need_id = row.need_id
    with library.edit(Kind.NEED, need_id, check=None, touch=False, claim=False) as e:
        found = e.session.get(t.ResultRow, result_id)
        if found is None:
            raise NotFoundError("That result no longer exists.")
        yield e, found
