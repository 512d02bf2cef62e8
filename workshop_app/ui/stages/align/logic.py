"""What the Align & prioritise stage shows, worked out without Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass

from workshop_app.core import model as m
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import (
    Priority,
    PriorityPart,
    Quadrant,
    alignment,
    alignments,
    need_quadrant,
    phase_flag_text,
    ranked_needs,
    value_points,
)

#: Each click or Space moves a matrix cell one step: none → weak → moderate → strong → none.
STRENGTH_CYCLE = (m.Strength.NONE, m.Strength.WEAK, m.Strength.MODERATE, m.Strength.STRONG)


def next_strength(strength: m.Strength) -> m.Strength:
    return STRENGTH_CYCLE[(STRENGTH_CYCLE.index(strength) + 1) % len(STRENGTH_CYCLE)]


def needs_attention(workshop: m.Workshop, need: m.Need) -> bool:
    """Alignment unclear and not yet settled (discussed, or for a need linked only to division
    goals, its service to the company noted): the workshop stops here before deciding."""
    return not discussion_settled(alignment(workshop, need), need)


def attention(workshop: m.Workshop) -> dict[str, bool]:
    """`needs_attention` of every need, by need id, from the workshop's kept alignments."""
    scores = alignments(workshop)
    return {n.id: not discussion_settled(scores[n.id], n) for n in workshop.needs}


def unacknowledged(workshop: m.Workshop) -> list[m.Need]:
    pending = attention(workshop)
    return [need for need in workshop.needs if pending[need.id]]


def is_linked(workshop: m.Workshop, need: m.Need) -> bool:
    return any(link.strength is not m.Strength.NONE for link in workshop.links_for(need.id))


def phase_flags(workshop: m.Workshop, need: m.Need) -> list[str]:
    """Why this need's requests look like misaligned priorities (innovation before basics)."""
    texts = []
    for request_id in need.request_ids:
        request = workshop.request(request_id)
        if request is not None and phase_flag_text(workshop, request):
            texts.append(request.text)
    return texts


def format_number(value: float) -> str:
    """Scores as the room reads them: whole numbers when whole, else one decimal."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.1f}"


def format_part(part: PriorityPart) -> str:
    suffix = " %" if part.note.startswith("%") or part.name == "Confidence" else ""
    return format_number(part.value) + suffix


@dataclass(frozen=True)
class ChartPoint:
    need_id: str
    rank: int
    value: float  # 1-10
    effort: float  # 1-10
    quadrant: Quadrant
    attention: bool
    x: float = 0.0  # where to draw, after spreading points that would sit on each other
    y: float = 0.0


def chart_points(workshop: m.Workshop) -> list[ChartPoint]:
    """One point per need, numbered by rank; needs on the same spot are fanned out a little."""
    raw: list[ChartPoint] = []
    pending = attention(workshop)
    for rank, (need, _priority) in enumerate(ranked_needs(workshop), start=1):
        effort = need.assessment.effort if need.assessment.effort is not None else 5
        raw.append(
            ChartPoint(
                need.id,
                rank,
                value_points(workshop, need),
                float(effort),
                need_quadrant(workshop, need),
                pending[need.id],
            )
        )
    groups: dict[tuple[float, float], list[ChartPoint]] = {}
    for point in raw:
        groups.setdefault((round(point.effort * 2) / 2, round(point.value * 2) / 2), []).append(
            point
        )
    placed: dict[str, tuple[float, float]] = {}
    for members in groups.values():
        for index, point in enumerate(members):
            if len(members) == 1:
                placed[point.need_id] = (point.effort, point.value)
                continue
            angle = 2 * math.pi * index / len(members)
            radius = 0.35
            x = min(10.0, max(1.0, point.effort + radius * math.cos(angle)))
            y = min(10.0, max(1.0, point.value + radius * math.sin(angle)))
            placed[point.need_id] = (x, y)
    return [
        ChartPoint(
            p.need_id, p.rank, p.value, p.effort, p.quadrant, p.attention, *placed[p.need_id]
        )
        for p in raw
    ]


QUADRANT_HINTS = {
    Quadrant.QUICK_WIN: "high value, little effort: do these first",
    Quadrant.BIG_BET: "high value, much effort: plan them deliberately",
    Quadrant.FILL_IN: "little value, little effort: when there is slack",
    Quadrant.MONEY_PIT: "little value, much effort: question them",
}

FRAMEWORK_HINTS = {
    m.Framework.WEIGHTED: "Value counts most; urgency, ease and low risk add to it; "
    "confidence discounts the total.",
    m.Framework.WSJF: "Weighted shortest job first: the cost of delay divided by the size of "
    "the job.",
    m.Framework.RICE: "How many it reaches, how much it helps, how sure we are, divided by the "
    "effort.",
}


def missing_note(priority: Priority) -> str:
    if priority.complete:
        return ""
    return (
        "Some ratings are missing, so 5 (and 50 % confidence) is assumed for them; "
        "rate them to firm up the ranking."
    )


def arithmetic(priority: Priority) -> str:
    """The sum behind a priority, with the numbers in, as the facilitator would read it out."""
    values = [format_part(part) for part in priority.parts]
    total = format_number(priority.score)
    if priority.framework is m.Framework.WSJF and len(values) == 5:
        value, time, risk, delay, size = values
        return f"({value} + {time} + {risk}) = cost of delay {delay}; {delay} ÷ {size} = {total}"
    if priority.framework is m.Framework.RICE and len(values) == 4:
        reach, impact, confidence, effort = values
        return f"{reach} × {impact} × {confidence} ÷ {effort} = {total}"
    if len(values) == 5:
        value, urgency, ease, risk, confidence = values
        return f"({value} + {urgency} + {ease} + {risk}) × {confidence} = {total}"
    return f"= {total}"
