"""Follow-up workshops: what an earlier workshop hands on to the next one."""

from __future__ import annotations

from dataclasses import replace

from workshop_app.core import model as m
from workshop_app.core.fields import EDITABLE, LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.text import clip


def carried_requests(workshop: m.Workshop) -> list[m.Request]:
    """The requests whose decision leaves them open for a later workshop."""
    return [r for r in workshop.requests if workshop.decision_for(r.id).kind in m.CARRIED_OVER]


def follow_up_workshop(earlier: m.Workshop, created_at: str = "") -> m.Workshop:
    """A new workshop continuing an earlier one (same ids; give it fresh ones before adding).

    It keeps the division, people, agenda and goals, and carries over every request that was
    deferred or needed more information, with the needs behind it (why-ladder, outcome measure,
    ratings), their goal links and the open actions about it. Each carried request starts
    undecided, with the earlier decision quoted in its rationale.
    """
    carried = carried_requests(earlier)
    carried_ids = {r.id for r in carried}
    needs = []
    for need in earlier.needs:
        kept = [rid for rid in need.request_ids if rid in carried_ids]
        if kept:
            answers = {rid: a for rid, a in need.serves_for.items() if rid in kept}
            needs.append(
                replace(
                    need,
                    request_ids=kept,
                    serves_for=answers,
                    alignment_acknowledged=False,
                    alignment_note="",
                )
            )
    need_ids = {n.id for n in needs}
    title_limit = EDITABLE[Kind.WORKSHOP]["title"].max_length
    return m.Workshop(
        title=f"Follow-up: {earlier.title}"[:title_limit],
        division=earlier.division,
        company=earlier.company,
        location=earlier.location,
        facilitator=earlier.facilitator,
        it_phase=earlier.it_phase,
        framework=earlier.framework,
        created_at=created_at,
        participants=[replace(p) for p in earlier.participants],
        agenda=[replace(a) for a in earlier.agenda],
        goals=[replace(g) for g in earlier.goals],
        requests=[replace(r) for r in carried],
        needs=needs,
        links=[replace(link) for link in earlier.links if link.need_id in need_ids],
        decisions=[_reopened(earlier, earlier.decision_for(r.id)) for r in carried],
        actions=[replace(a) for a in earlier.actions if a.request_id in carried_ids and not a.done],
    )


def _reopened(earlier: m.Workshop, decision: m.Decision) -> m.Decision:
    assert decision.kind is not None
    when = f" on {earlier.date}" if earlier.date else ""
    parts = [f"Carried over from “{clip(earlier.title, 120)}”{when}: {decision.kind.label}."]
    if decision.rationale.strip():
        parts.append(decision.rationale.strip())
    if decision.next_step.strip():
        parts.append(f"Next step then: {decision.next_step.strip()}")
    note = " ".join(parts)[:LONG_TEXT]
    return m.Decision(request_id=decision.request_id, rationale=note, owner=decision.owner)
