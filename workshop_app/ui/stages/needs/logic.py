"""What the Needs stage decides, without Qt: which requests still lack a need, how a request and a
request reads on screen, which probe is open next, and the deck of facilitator questions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workshop_app.core import model as m
from workshop_app.core.purpose import has_purpose, request_ids_with_purpose
from workshop_app.paths import resources_dir
from workshop_app.ui.widgets.text import one_line

#: The probes of the method, in the order of the conversation.
PROBES: tuple[str, ...] = ("why", "so_that", "outcome", "cost", "alternatives", "serves", "lens")


def has_need(workshop: m.Workshop, request_id: str) -> bool:
    """A request has its need once a need behind it says, in words of its own, what result is
    wanted: the rule the sign-off gate applies too (core/purpose.py)."""
    return has_purpose(workshop, request_id)


def requests_with_need(workshop: m.Workshop) -> int:
    return len(request_ids_with_need(workshop))


def request_ids_with_need(workshop: m.Workshop) -> set[str]:
    """The requests that `has_need`, found in one pass over the needs (not one per request)."""
    return request_ids_with_purpose(workshop)


def request_meta(request: m.Request) -> str:
    """Who asked · deadline · urgency · phase, leaving out what is not known."""
    parts = []
    if request.requested_by.strip():
        parts.append(one_line(request.requested_by, 80))
    if request.deadline.strip():
        parts.append(f"deadline {one_line(request.deadline, 40)}")
    if request.urgency is not None:
        parts.append(f"{request.urgency.label.lower()} urgency")
    if request.phase is not None:
        parts.append(f"{request.phase.label.lower()} phase")
    return " · ".join(parts)


def is_blank(need: m.Need) -> bool:
    """Nothing has been captured for this need yet (safe to fold away when merging)."""
    text_fields = (
        need.statement,
        need.beneficiaries,
        need.measure,
        need.baseline,
        need.target,
        need.by_when,
        need.cost_of_inaction,
        need.alternatives,
    )
    return (
        not any(value.strip() for value in text_fields)
        and not any(rung.strip() for rung in need.why_ladder)
        and need.serves is None
        and not need.serves_for
        and need.lens is None
    )


def open_probe(need: m.Need | None) -> str | None:
    """The first probe of the conversation that has no answer yet, or None when all have."""
    if need is None:
        return "why"
    answered = {
        "why": bool(need.why_ladder),
        "so_that": bool(need.statement.strip() and need.beneficiaries.strip()),
        "outcome": bool(need.measure.strip() and need.target.strip()),
        "cost": bool(need.cost_of_inaction.strip()),
        "alternatives": bool(need.alternatives.strip()),
        "serves": need.serves is not None or bool(need.serves_for),
        "lens": need.lens is not None,
    }
    return next((probe for probe in PROBES if not answered[probe]), None)


# -- prompt cards -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Prompt:
    probe: str
    question: str


_FALLBACK = [Prompt("why", "Why does that matter?")]
_MAX_PROMPT_LENGTH = 300


def load_prompts(path: Path | None = None) -> list[Prompt]:
    """The facilitator's questions from resources/prompts/prompts.json, in probe order.

    A missing or damaged file never stops the workshop: the card falls back to the one question
    that always works.
    """
    path = path or resources_dir() / "prompts" / "prompts.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        groups = data["probes"]
        prompts = [
            Prompt(str(group["id"]), str(question)[:_MAX_PROMPT_LENGTH])
            for group in groups
            if group.get("id") in PROBES
            for question in group["questions"]
            if str(question).strip()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return list(_FALLBACK)
    order = {probe: index for index, probe in enumerate(PROBES)}
    prompts.sort(key=lambda p: order[p.probe])  # stable: keeps the file's order within a probe
    return prompts or list(_FALLBACK)


class PromptDeck:
    """The card in the corner: one question at a time, cycling, jumping to a probe on demand."""

    def __init__(self, prompts: list[Prompt]) -> None:
        self.prompts = prompts or list(_FALLBACK)
        self.index = 0

    @property
    def current(self) -> Prompt:
        return self.prompts[self.index]

    def next(self) -> Prompt:
        self.index = (self.index + 1) % len(self.prompts)
        return self.current

    def previous(self) -> Prompt:
        self.index = (self.index - 1) % len(self.prompts)
        return self.current

    def show_probe(self, probe: str) -> Prompt:
        """Turn to the first question of a probe, unless the card already shows that probe."""
        if self.current.probe != probe:
            for index, prompt in enumerate(self.prompts):
                if prompt.probe == probe:
                    self.index = index
                    break
        return self.current

    def position(self) -> tuple[int, int]:
        """(n, of) within the current probe, for "2 of 5"."""
        same = [i for i, p in enumerate(self.prompts) if p.probe == self.current.probe]
        return same.index(self.index) + 1, len(same)
