"""Alignment and priority scores that a facilitator can explain in the room, line by line.

Alignment: each link to a goal earns points = strength (0-3, as a share of 3) x the goal's weight
(as a share of the heaviest goal's weight) x 100. The score is three quarters of the best link
plus a quarter of the sum of all links, capped at 100. The best link dominates, so one strong
link to the most critical goal scores 100, while breadth across goals still counts a little.
Because every link only ever adds points, a stronger link never lowers the score.

The method asks what serves the division *and the company*: a need linked solidly only to the
division's goals is "division-only". Its score stands, but it stays unclear until it is linked to a
company goal or the room notes how it serves the company (`Need.company_note`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from workshop_app.core.model import (
    Framework,
    GoalLevel,
    Need,
    Phase,
    Request,
    Strength,
    Workshop,
)

BEST_LINK_SHARE = 0.75
BREADTH_SHARE = 0.25
#: Below this alignment score, or without a link of at least moderate strength, the workshop
#: stops and clarifies the need before any commitment.
UNCLEAR_BELOW = 40


@dataclass(frozen=True)
class LinkContribution:
    goal_id: str
    goal_title: str
    weight: int
    strength: Strength
    points: float
    level: GoalLevel = GoalLevel.COMPANY


@dataclass(frozen=True)
class AlignmentResult:
    score: int
    contributions: tuple[LinkContribution, ...]
    unclear: bool
    #: Solidly linked, but only to division goals: how does it serve the company?
    division_only: bool = False
    #: The room noted how this division-only need serves the company.
    company_noted: bool = False

    def explanation(self) -> list[str]:
        """The score in words, one line per link, as the facilitator would say it."""
        linked = [c for c in self.contributions if c.strength is not Strength.NONE]
        if not linked:
            return ["Not linked to any strategic goal yet, so alignment is unclear."]
        best = max(linked, key=lambda c: c.points)
        lines = [
            f"{c.strength.label} link to “{c.goal_title}” (weight {c.weight}): "
            f"{c.points:.0f} points" + (" — the best link" if c is best else "")
            for c in sorted(linked, key=lambda c: -c.points)
        ]
        total = sum(c.points for c in linked)
        lines.append(
            f"Score = 75% of the best link ({best.points:.0f}) + 25% of all links "
            f"({total:.0f}) = {self.score} of 100"
            + (" (capped)" if BEST_LINK_SHARE * best.points + BREADTH_SHARE * total > 100 else "")
        )
        if self.division_only:
            lines.append(
                "Division-only: linked only to the division's goals. How does it serve the "
                "company? Link it to a company goal or note how it serves the company."
                if not self.company_noted
                else "Division-only, with a note of how it serves the company."
            )
        elif self.unclear:
            lines.append(
                "Alignment unclear: no moderate or strong link to a critical goal. "
                "Clarify the purpose before committing resources."
            )
        return lines


def alignment(workshop: Workshop, need: Need) -> AlignmentResult:
    return _alignment(workshop, need, max((g.weight for g in workshop.goals), default=0))


def alignments(workshop: Workshop) -> dict[str, AlignmentResult]:
    """`alignment` of every need, by need id (read it, never change it).

    After each edit the navigator, the status line and the visible stage all ask for every
    need's alignment of the workshop reloaded after it, and most edits change no link. So the
    last results are kept under all they are made of: the needs, the goals and the links as they
    are now, whichever workshop object holds them. Anything different, also when changed in
    place, makes them worked out again; comparing takes a small part of the time it saves.
    """
    key = (
        [(n.id, bool(n.company_note.strip())) for n in workshop.needs],
        [(g.id, g.title, g.weight) for g in workshop.goals],
        [(link.need_id, link.goal_id, link.strength) for link in workshop.links],
    )
    if _kept and _kept[0][0] == key:
        return _kept[0][1]
    heaviest = max((g.weight for g in workshop.goals), default=0)
    results = {need.id: _alignment(workshop, need, heaviest) for need in workshop.needs}
    _kept[:] = [(key, results)]
    return results


#: The last alignments worked out, under what they were made of (see `alignments`).
_kept: list[tuple[object, dict[str, AlignmentResult]]] = []


def _alignment(workshop: Workshop, need: Need, heaviest: int) -> AlignmentResult:
    contributions = []
    for goal in workshop.goals:
        strength = workshop.strength(need.id, goal.id)
        points = 0.0
        if heaviest > 0:
            points = strength.points / 3 * goal.weight / heaviest * 100
        contributions.append(
            LinkContribution(goal.id, goal.title, goal.weight, strength, points, goal.level)
        )
    best = max((c.points for c in contributions), default=0.0)
    total = sum(c.points for c in contributions)
    score = round(min(100.0, BEST_LINK_SHARE * best + BREADTH_SHARE * total))
    solid = [
        c for c in contributions if c.strength.points >= Strength.MODERATE.points and c.weight > 0
    ]
    weak = score < UNCLEAR_BELOW or not solid
    division_only = not weak and all(c.level is GoalLevel.DIVISION for c in solid)
    noted = division_only and bool(need.company_note.strip())
    unclear = weak or (division_only and not noted)
    return AlignmentResult(score, tuple(contributions), unclear, division_only, noted)


@dataclass(frozen=True)
class PriorityPart:
    name: str
    value: float
    note: str


@dataclass(frozen=True)
class Priority:
    framework: Framework
    score: float
    parts: tuple[PriorityPart, ...]
    formula: str
    complete: bool  # False when some ratings were missing and defaults were assumed


def value_points(workshop: Workshop, need: Need) -> float:
    """Business value on 1-10. Driven by alignment unless the facilitator rated it directly."""
    if need.assessment.value is not None:
        return float(need.assessment.value)
    return max(1.0, alignment(workshop, need).score / 10)


# Assumed when a rating is missing, stated in the parts so the room sees the assumption.
_DEFAULT_RATING = 5
_DEFAULT_CONFIDENCE = 50


def _rating(value: int | None, default: int = _DEFAULT_RATING) -> tuple[float, bool]:
    return (float(default), False) if value is None else (float(value), True)


def priority(workshop: Workshop, need: Need, framework: Framework | None = None) -> Priority:
    framework = framework or workshop.framework
    parts: tuple[PriorityPart, ...]
    a = need.assessment
    value = value_points(workshop, need)
    urgency, has_urgency = _rating(a.urgency)
    effort, has_effort = _rating(a.effort)
    risk, has_risk = _rating(a.risk)
    confidence, has_confidence = _rating(a.confidence, _DEFAULT_CONFIDENCE)
    effort = max(effort, 1.0)
    if framework is Framework.WSJF:
        cost_of_delay = value + urgency + risk
        score = cost_of_delay / effort
        parts = (
            PriorityPart("Business value", value, "from alignment" if a.value is None else ""),
            PriorityPart("Time criticality", urgency, ""),
            PriorityPart("Risk reduction / opportunity", risk, ""),
            PriorityPart("Cost of delay", cost_of_delay, "value + time + risk"),
            PriorityPart("Job size", effort, ""),
        )
        formula = "WSJF = cost of delay ÷ job size"
        complete = has_urgency and has_effort and has_risk
    elif framework is Framework.RICE:
        reach = float(a.reach) if a.reach is not None else 0.0
        impact = value / 10 * 3
        score = reach * impact * confidence / 100 / effort
        parts = (
            PriorityPart("Reach", reach, "per quarter"),
            PriorityPart("Impact", impact, "0-3, from value"),
            PriorityPart("Confidence", confidence, "%"),
            PriorityPart("Effort", effort, ""),
        )
        formula = "RICE = reach × impact × confidence ÷ effort"
        complete = a.reach is not None and has_effort and has_confidence
    else:
        # Weighted: value dominates because alignment is the point of the workshop; ease and
        # low risk count as (11 - rating) so that "less effort" reads as "more points".
        weighted = (0.40 * value + 0.25 * urgency + 0.20 * (11 - effort) + 0.15 * (11 - risk)) * 10
        score = weighted * confidence / 100
        parts = (
            PriorityPart(
                "Value × 40%", 0.40 * value * 10, "from alignment" if a.value is None else ""
            ),
            PriorityPart("Urgency × 25%", 0.25 * urgency * 10, ""),
            PriorityPart("Ease × 20%", 0.20 * (11 - effort) * 10, "11 − effort"),
            PriorityPart("Low risk × 15%", 0.15 * (11 - risk) * 10, "11 − risk"),
            PriorityPart("Confidence", confidence, "% applied to the sum"),
        )
        formula = "Weighted = (40% value + 25% urgency + 20% ease + 15% low risk) × confidence"
        complete = has_urgency and has_effort and has_risk and has_confidence
    return Priority(framework, round(score, 1), parts, formula, complete)


class Quadrant(StrEnum):
    QUICK_WIN = "quick_win"
    BIG_BET = "big_bet"
    FILL_IN = "fill_in"
    MONEY_PIT = "money_pit"

    @property
    def label(self) -> str:
        return {
            "quick_win": "Quick win",
            "big_bet": "Big bet",
            "fill_in": "Fill-in",
            "money_pit": "Money pit",
        }[self.value]


def quadrant(value: float, effort: float) -> Quadrant:
    """Value and effort on 1-10; the split is at the midpoint 5.5."""
    high_value = value > 5.5
    low_effort = effort <= 5.5
    if high_value:
        return Quadrant.QUICK_WIN if low_effort else Quadrant.BIG_BET
    return Quadrant.FILL_IN if low_effort else Quadrant.MONEY_PIT


def need_quadrant(workshop: Workshop, need: Need) -> Quadrant:
    effort = need.assessment.effort if need.assessment.effort is not None else _DEFAULT_RATING
    return quadrant(value_points(workshop, need), effort)


def phase_misaligned(workshop: Workshop, request: Request) -> bool:
    """Innovation asked for while the division's IT still struggles to run reliably."""
    return workshop.it_phase is Phase.RUN and request.phase is Phase.INNOVATE


def phase_flag_text(workshop: Workshop, request: Request) -> str:
    if not phase_misaligned(workshop, request):
        return ""
    return (
        "Innovation requested while this division's IT is still in the run phase: "
        "reliable basics usually come first."
    )


def ranked_needs(workshop: Workshop) -> list[tuple[Need, Priority]]:
    """Needs from highest to lowest priority under the workshop's framework."""
    scored = [(need, priority(workshop, need)) for need in workshop.needs]
    return sorted(scored, key=lambda pair: -pair[1].score)
