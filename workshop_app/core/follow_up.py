"""Follow-up workshops: what an earlier workshop hands on to the next one.

A follow-up carries every commitment (proceed, reshape) with its needs' measures, baselines,
targets and results, so it can open by reviewing them ("did the measure move?"), every request
left open (deferred, needs information), undecided again, and every open action item. What the
earlier workshop decided goes into each carried decision's `earlier` note, never into the new
rationale: the room writes its own "why" this time.
"""

from __future__ import annotations

from dataclasses import replace

from workshop_app.core import model as m
from workshop_app.core.fields import EDITABLE, LONG_TEXT
from workshop_app.core.kind import Kind
from workshop_app.core.text import clip

CARRIED = (*m.COMMITMENTS, *m.CARRIED_OVER)


def carried_requests(workshop: m.Workshop) -> list[m.Request]:
    """The requests a follow-up takes up: commitments to review and requests left open."""
    decisions = workshop.decisions_by_request()
    return [r for r in workshop.requests if _kind(decisions, r.id) in CARRIED]


def _kind(decisions: dict[str, m.Decision], request_id: str) -> m.DecisionKind | None:
    decision = decisions.get(request_id)
    return None if decision is None else decision.kind


def follow_up_workshop(earlier: m.Workshop, created_at: str = "") -> m.Workshop:
    """A new workshop continuing an earlier one (same ids; give it fresh ones before adding).

    It keeps the division, people, agenda and goals; carries the requests `carried_requests`
    names with the needs behind them (why-ladder, outcome measure, ratings), their goal links
    and their results; and every action item not yet done. Commitments keep their decision;
    open requests start undecided.
    """
    carried = carried_requests(earlier)
    carried_ids = {r.id for r in carried}
    decisions = earlier.decisions_by_request()
    committed = {r.id for r in carried if _kind(decisions, r.id) in m.COMMITMENTS}
    needs = []
    for need in earlier.needs:
        kept = [rid for rid in need.request_ids if rid in carried_ids]
        if kept:
            answers = {rid: a for rid, a in need.serves_for.items() if rid in kept}
            discussed = need.alignment_acknowledged and any(rid in committed for rid in kept)
            needs.append(
                replace(
                    need,
                    request_ids=kept,
                    serves_for=answers,
                    alignment_acknowledged=discussed,
                    alignment_note=need.alignment_note if discussed else "",
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
        it_reliability=earlier.it_reliability,
        it_delivery=earlier.it_delivery,
        earlier_phase=earlier.it_phase,
        earlier_phase_date=earlier.date if earlier.it_phase is not None else "",
        framework=earlier.framework,
        created_at=created_at,
        participants=[replace(p) for p in earlier.participants],
        agenda=[replace(a) for a in earlier.agenda],
        goals=[replace(g) for g in earlier.goals],
        requests=[replace(r) for r in carried],
        needs=needs,
        links=[replace(link) for link in earlier.links if link.need_id in need_ids],
        decisions=[_carried(earlier, decisions[r.id], r.id in committed) for r in carried],
        actions=[
            replace(a, request_id=a.request_id if a.request_id in carried_ids else None)
            for a in earlier.actions
            if not a.done
        ],
        follow_up_of=earlier_label(earlier),
        results=[replace(r) for r in earlier.results if r.need_id in need_ids],
    )


def earlier_label(earlier: m.Workshop) -> str:
    """“Sales — Q3 alignment (2026-05-04)”: how a follow-up names the workshop it continues."""
    when = f" ({earlier.date})" if earlier.date else ""
    return f"{clip(earlier.title, 300)}{when}"


def _carried(earlier: m.Workshop, decision: m.Decision, committed: bool) -> m.Decision:
    assert decision.kind is not None
    when = f" on {earlier.date}" if earlier.date else ""
    parts = [f"{decision.kind.label} in “{clip(earlier.title, 120)}”{when}."]
    if decision.rationale.strip():
        parts.append(decision.rationale.strip())
    if decision.next_step.strip():
        parts.append(f"Next step then: {decision.next_step.strip()}")
    note = " ".join(parts)[:LONG_TEXT]
    if committed:  # the commitment stands until the room changes it
        return replace(decision, earlier=note)
    return m.Decision(request_id=decision.request_id, owner=decision.owner, earlier=note)
