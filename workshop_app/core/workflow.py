"""Workflow rules: what must be settled before sign-off, and what a signed-off revision forbids."""

from __future__ import annotations

from dataclasses import dataclass

from workshop_app.core.errors import LockedError
from workshop_app.core.model import Workshop
from workshop_app.core.scoring import alignment
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
    for request in workshop.requests:
        if not workshop.needs_for(request.id):
            blockers.append(Blocker("needs", f"Find the need behind “{clip(request.text)}”."))
    for need in workshop.needs:
        if alignment(workshop, need).unclear and not need.alignment_acknowledged:
            blockers.append(
                Blocker(
                    "align",
                    f"Discuss the unclear alignment of “{clip(need.statement or 'a need')}”.",
                )
            )
    for request in workshop.requests:
        if workshop.decision_for(request.id).kind is None:
            blockers.append(Blocker("decide", f"Decide on “{clip(request.text)}”."))
    return blockers


def ensure_editable(workshop_title: str, locked: bool) -> None:
    if locked:
        raise LockedError(
            f"“{clip(workshop_title)}” is signed off and cannot change. "
            "Reopen it to start a new revision."
        )
