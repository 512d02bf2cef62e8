"""Workflow rules: what must be settled before sign-off, and what a signed-off revision forbids."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_app.core.company_goals import placeholders, recorded_goals
from workshop_app.core.errors import LockedError
from workshop_app.core.model import DecisionKind, Workshop
from workshop_app.core.purpose import (
    decision_problems,
    discussion_message,
    discussion_settled,
    missing_purpose,
)
from workshop_app.core.scoring import alignments
from workshop_app.core.text import clip


@dataclass(frozen=True)
class Blocker:
    stage: str  # the stage where the facilitator can fix it
    message: str
    #: The item to show there, when one item settles it: a need (stages needs and align) or a
    #: request (stage decide); with the field to type into, when one field does.
    item_id: str = ""
    field: str = ""


def sign_off_blockers(workshop: Workshop) -> list[Blocker]:
    """Everything that keeps this revision from being ready for sign-off, in stage order."""
    blockers: list[Blocker] = []
    if not workshop.participants:
        blockers.append(Blocker("setup", "Add the participants who will sign off."))
    elif not any(p.decision_maker for p in workshop.participants):
        blockers.append(Blocker("setup", "Mark at least one participant as a decision-maker."))
    if not recorded_goals(workshop.goals):
        blockers.append(Blocker("goals", "Record at least one strategic goal."))
    for goal in placeholders(workshop.goals):
        blockers.append(
            Blocker(
                "goals",
                f"“{clip(goal.title)}” is still the template's wording: put it in the room's "
                "own words, pick the company's goal instead, or delete it.",
                goal.id,
                "title",
            )
        )
    if not workshop.requests:
        blockers.append(Blocker("requests", "Capture at least one request."))
    # Each found in one pass: a lookup per request would grow with the square of the workshop.
    needs = workshop.needs_by_request()
    for request in workshop.requests:
        own = needs.get(request.id)
        if not own:
            blockers.append(Blocker("needs", f"Find the need behind “{clip(request.text)}”."))
            continue
        # A need left empty, or one that only restates its request, gives it no purpose yet.
        found = missing_purpose(request, own)
        if found is not None:
            blockers.append(Blocker("needs", found.message, found.need.id, "statement"))
    scores = alignments(workshop)
    for need in workshop.needs:
        result = scores[need.id]
        if not discussion_settled(result, need):
            field = "company_note" if result.division_only else "alignment_note"
            blockers.append(Blocker("align", discussion_message(result, need), need.id, field))
    decisions = workshop.decisions_by_request()
    for request in workshop.requests:
        decision = decisions.get(request.id)
        if decision is None or decision.kind is None:
            blockers.append(Blocker("decide", f"Decide on “{clip(request.text)}”."))
    for request in workshop.requests:
        decision = decisions.get(request.id)
        if decision is None or decision.kind is not DecisionKind.PROCEED:
            continue  # only a decision to proceed can owe anything (decision_problems)
        own = needs.get(request.id, [])
        for problem in decision_problems(workshop, request.id, scores=scores, needs=own):
            blockers.append(Blocker("decide", problem, request.id, "rationale"))
    return blockers


def ensure_editable(workshop_title: str, locked: bool) -> None:
    if locked:
        raise LockedError(
            f"“{clip(workshop_title)}” is signed off and cannot change. "
            "Reopen it to start a new revision."
        )
