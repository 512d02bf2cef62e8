"""Each division's phase history, read from its workshops (the latest revision of each).

The rules for comparing standings are core/phases.py's; this is the one query behind them.
"""

from __future__ import annotations

from sqlalchemy import select

from workshop_app.core import model as m
from workshop_app.core.phases import Standing, last_standing, same_division
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Library


def phase_history(library: Library, division: str) -> list[Standing]:
    """Where IT stood with `division` at each of its workshops that recorded it, newest first
    (by the workshop's day; undated ones last)."""
    if not division.strip():
        return []
    w = t.WorkshopRow
    table = w.__table__  # type: ignore[attr-defined]
    query = select(
        table.c.id,
        table.c.lineage_id,
        table.c.revision,
        table.c.division,
        table.c.it_phase,
        table.c.date,
        table.c.title,
    )
    latest: dict[str, tuple[int, Standing | None]] = {}
    with library.read() as s:
        for wid, lineage, revision, div, phase, day, title in s.execute(query).all():
            if lineage in latest and latest[lineage][0] >= revision:
                continue
            found = None
            if phase is not None and same_division(div, division):
                found = Standing(m.Phase(phase), day, wid, lineage, title)
            latest[lineage] = (revision, found)
    history = [standing for _, standing in latest.values() if standing is not None]
    return sorted(history, key=lambda h: h.date, reverse=True)


def standing_before(library: Library, workshop: m.Workshop) -> Standing | None:
    """Where IT stood with the workshop's division at the last other workshop before it."""
    return last_standing(
        phase_history(library, workshop.division),
        before=workshop.date,
        lineage_id=workshop.lineage_id,
    )
