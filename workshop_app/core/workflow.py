"""Workflow rules: what must be settled before sign-off, and what a signed-off revision forbids."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_app.core.errors import LockedError
from workshop_app.core.model import Workshop
from workshop_app.core.scoring import alignments
from workshop_app.core.text import clip


@dataclass(frozen=True)
class Blocker:
    stage: str  # the stage where the facilitator can fix it
    message: str


def sign_off_blockers(workshop: Workshop) -> list[Blocker]:
    """Everything that keeps this revision from being ready for sign-off, in stage order."""
    blockers: list[Blocker] = []
    if not workshop.participants:
        blockers.append(Blocker("setup", "Add the participants who will sign off."))
    elif not any(p.decision_maker for p in workshop.participants):
        blockers.append(Blocker("setup", "Mark at least one participant as a decision-maker."))
    if not workshop.goals:
        blockers.append(Blocker("goals", "Record at least one strategic goal."))
    if not workshop.requests:
        blockers.append(Blocker("requests", "Capture at least one request."))
    # Each found in one pass: a lookup per request would grow with the square of the workshop.
    needs = workshop.needs_by_request()
    for request in workshop.requests:
        if not needs.get(request.id):
            blockers.append(Blocker("needs", f"Find the need behind “{clip(request.text)}”."))
    scores = alignments(workshop)
    for need in workshop.needs:
        if scores[need.id].unclear and not need.alignment_acknowledged:
            blockers.append(
                Blocker(
                    "align",
                    f"Discuss the unclear alignment of “{clip(need.statement or 'a need')}”.",
                )
            )
    decisions = workshop.decisions_by_request()
    for request in workshop.requests:
        decision = decisions.get(request.id)
        if decision is None or decision.kind is None:
            blockers.append(Blocker("decide", f"Decide on “{clip(request.text)}”."))
    return blockers


def ensure_editable(workshop_title: str, locked: bool) -> None:
    if locked:
        raise LockedError(
            f"“{clip(workshop_title)}” is signed off and cannot change. "
            "Reopen it to start a new revision."
        )
