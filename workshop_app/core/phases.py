"""Where IT stands with a division over time: run, deliver, innovate.

Phases take years, and a misstep can throw IT back a phase or two. Each workshop records where
IT stands today (`Workshop.it_phase`) with its evidence (how reliable the systems are, how
projects are delivered) and the standing at the last workshop with the same division before it
(`earlier_phase`, `earlier_phase_date`). The library's phase history of a division is read from
its workshops (storage/phases.py); the rules for comparing standings are here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop_app.core import model as m
from workshop_app.core.text import clip

#: The phases in the order IT earns them.
ORDER = (m.Phase.RUN, m.Phase.DELIVER, m.Phase.INNOVATE)


@dataclass(frozen=True)
class Standing:
    """Where IT stood with a division at one workshop (its latest revision)."""

    phase: m.Phase
    date: str  # the workshop's day, YYYY-MM-DD or ""
    workshop_id: str
    lineage_id: str
    title: str


def same_division(a: str, b: str) -> bool:
    """Division names typed in different workshops match ignoring case and spacing."""
    return bool(a.strip()) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def last_standing(
    history: Iterable[Standing], *, before: str = "", lineage_id: str = ""
) -> Standing | None:
    """The most recent standing of another workshop (not of `lineage_id`), dated before the day
    `before` when that is given; a workshop without a date counts as the oldest."""
    earlier = [
        s
        for s in history
        if s.lineage_id != lineage_id and (not before or not s.date or s.date < before)
    ]
    return max(earlier, key=lambda s: s.date, default=None)


def step(earlier: m.Phase | None, now: m.Phase | None) -> int:
    """How many phases IT moved since: negative when it slid back, 0 when unknown or unchanged."""
    if earlier is None or now is None:
        return 0
    return ORDER.index(now) - ORDER.index(earlier)


def _division_words(division: str) -> str:
    return f"with {clip(division.strip(), 60)}" if division.strip() else "with this division"


def last_workshop_text(division: str, standing: Standing | None) -> str:
    """“Last workshop with Sales: Deliver (2026-09-15)”; "" when there was none."""
    if standing is None:
        return ""
    who = clip(division.strip(), 60) or "this division"
    when = f" ({standing.date})" if standing.date else ""
    return f"Last workshop with {who}: {standing.phase.label}{when}"


def movement_text(
    division: str, earlier: m.Phase | None, now: m.Phase | None, since: str = ""
) -> str:
    """“IT's standing with Sales slid back from Deliver to Run since 2026-09-15.” for a slide
    back, a plainer sentence for a step forward, "" when nothing moved or nothing is known."""
    moved = step(earlier, now)
    if moved == 0 or earlier is None or now is None:
        return ""
    when = f" since {since}" if since else " since the last workshop"
    verb = "slid back" if moved < 0 else "moved up"
    moved_from = f"from {earlier.label} to {now.label}"
    return f"IT's standing {_division_words(division)} {verb} {moved_from}{when}."


def slid_back(workshop: m.Workshop) -> bool:
    return step(workshop.earlier_phase, workshop.it_phase) < 0


def workshop_movement(workshop: m.Workshop) -> str:
    """The movement sentence of a workshop from what it recorded (the summary prints it)."""
    return movement_text(
        workshop.division, workshop.earlier_phase, workshop.it_phase, workshop.earlier_phase_date
    )


def earlier_fields(standing: Standing | None) -> dict[str, object]:
    """The workshop fields that record `standing` as the one to compare with."""
    if standing is None:
        return {"earlier_phase": None, "earlier_phase_date": ""}
    return {"earlier_phase": standing.phase, "earlier_phase_date": standing.date}
