"""Alignment and priority scores that a facilitator can explain in the room, line by line.

Alignment: each link to a goal earns points = strength (0-3, as a share of 3) x the goal's weight
(as a share of the heaviest goal's weight) x 100. The score is three quarters of the best link
plus a quarter of the sum of all links, capped at 100. The best link dominates, so one strong
link to the most critical goal scores 100, while breadth across goals still counts a little.
Because every link only ever adds points, a stronger link never lowers the score. The points
underneath the cap are kept and shown (`AlignmentResult.points`): two needs that both score 100
can still be told apart by how much alignment stands behind each.

The method asks what serves the division *and the company*: a need linked solidly only to the
division's goals is "division-only". Its score stands, but it stays unclear until it is linked to a
company goal or the room notes how it serves the company (`Need.company_note`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from workshop_app.core.model import (
    Assessment,
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
    #: The points before the cap at 100 (75% of the best link + 25% of all links).
    points: float = 0.0
    #: Solidly linked, but only to division goals: how does it serve the company?
    division_only: bool = False
    #: The room noted how this division-only need serves the company.
    company_noted: bool = False

    @property
    def capped(self) -> bool:
        """More points stand behind the score than the 100 it shows."""
        return round(self.points) > 100

    @property
    def score_text(self) -> str:
        """ "100 of 100 (117 points)" when capped, else "72 of 100"."""
        text = f"{self.score} of 100"
        return f"{text} ({self.points:.0f} points)" if self.capped else text

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
        if self.capped:
            lines.append(
                f"Score = 75% of the best link ({best.points:.0f}) + 25% of all links "
                f"({total:.0f}) = {self.points:.0f} points, shown as {self.score} of 100 "
                "(capped): the points tell strong needs apart"
            )
        else:
            lines.append(
                f"Score = 75% of the best link ({best.points:.0f}) + 25% of all links "
                f"({total:.0f}) = {self.score} of 100"
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
        [(g.id, g.title, g.weight, g.level) for g in workshop.goals],
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
        points = link_points(strength.points, goal.weight, heaviest)
        contributions.append(
            LinkContribution(goal.id, goal.title, goal.weight, strength, points, goal.level)
        )
    points = combined_points([c.points for c in contributions])
    score = alignment_score(points)
    solid = [
        c for c in contributions if c.strength.points >= Strength.MODERATE.points and c.weight > 0
    ]
    weak = score < UNCLEAR_BELOW or not solid
    division_only = not weak and all(c.level is GoalLevel.DIVISION for c in solid)
    noted = division_only and bool(need.company_note.strip())
    unclear = weak or (division_only and not noted)
    return AlignmentResult(
        score,
        tuple(contributions),
        unclear,
        points=points,
        division_only=division_only,
        company_noted=noted,
    )


def link_points(strength_points: int, weight: int, heaviest: int) -> float:
    """What one link earns: strength (0-3) as a share of 3 × weight as a share of the heaviest."""
    if heaviest <= 0:
        return 0.0
    return strength_points / 3 * weight / heaviest * 100


def combined_points(points: list[float]) -> float:
    """75% of the best link plus 25% of all links, before the cap; `points` in goal order."""
    return BEST_LINK_SHARE * max(points, default=0.0) + BREADTH_SHARE * sum(points)


def alignment_score(points: float) -> int:
    """The alignment score shown: the points, rounded and capped at 100."""
    return round(min(100.0, points))


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
    return value_from_alignment(alignment(workshop, need).score)


# Assumed when a rating is missing, stated in the parts so the room sees the assumption.
_DEFAULT_RATING = 5
_DEFAULT_CONFIDENCE = 50


def _rating(value: int | None, default: int = _DEFAULT_RATING) -> tuple[float, bool]:
    return (float(default), False) if value is None else (float(value), True)


@dataclass(frozen=True)
class Weights:
    """How the weighted score shares its points: value, urgency, ease (11 − effort) and low
    risk (11 − risk), in percent. A portfolio period may set its own; they need not add up to
    100 (each counts as its share of the sum)."""

    value: int = 40
    urgency: int = 25
    ease: int = 20
    low_risk: int = 15

    def shares(self) -> tuple[float, float, float, float]:
        total = self.value + self.urgency + self.ease + self.low_risk
        if total <= 0:
            return DEFAULT_WEIGHTS.shares()
        parts = (self.value, self.urgency, self.ease, self.low_risk)
        return tuple(part / total for part in parts)  # type: ignore[return-value]

    def words(self) -> str:
        """“40% value, 25% urgency, 20% ease, 15% low risk”."""
        shares = [round(s * 100) for s in self.shares()]
        names = ("value", "urgency", "ease", "low risk")
        return ", ".join(f"{s}% {n}" for s, n in zip(shares, names, strict=True))

    def text(self) -> str:
        """“40/25/20/15”: how the weights are typed and stored."""
        return f"{self.value}/{self.urgency}/{self.ease}/{self.low_risk}"

    @classmethod
    def parse(cls, text: str) -> Weights:
        """“40/25/20/15” (or spaces, commas) → Weights; ValueError when it is not four whole
        numbers from 0 to 100 with at least one above 0."""
        parts = [p for p in re.split(r"[\s/,;%]+", text.strip()) if p]
        if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts):
            raise ValueError("four whole numbers, e.g. 40/25/20/15")
        numbers = [int(p) for p in parts]
        if any(n > 100 for n in numbers) or not any(numbers):
            raise ValueError("four numbers from 0 to 100, not all 0")
        return cls(*numbers)


DEFAULT_WEIGHTS = Weights()


def priority(
    workshop: Workshop,
    need: Need,
    framework: Framework | None = None,
    weights: Weights | None = None,
) -> Priority:
    return priority_of(
        framework or workshop.framework, need.assessment, value_points(workshop, need), weights
    )


def value_from_alignment(score: int) -> float:
    """Business value on 1-10 from an alignment score, when the value was not rated directly."""
    return max(1.0, score / 10)


def priority_of(
    framework: Framework, a: Assessment, value: float, weights: Weights | None = None
) -> Priority:
    """The priority of a need with these ratings and this business value (see `value_points`)."""
    parts: tuple[PriorityPart, ...]
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
        w = weights or DEFAULT_WEIGHTS
        wv, wu, we, wr = w.shares()
        weighted = (wv * value + wu * urgency + we * (11 - effort) + wr * (11 - risk)) * 10
        score = weighted * confidence / 100
        pv, pu, pe, pr = (round(x * 100) for x in (wv, wu, we, wr))
        parts = (
            PriorityPart(
                f"Value × {pv}%", wv * value * 10, "from alignment" if a.value is None else ""
            ),
            PriorityPart(f"Urgency × {pu}%", wu * urgency * 10, ""),
            PriorityPart(f"Ease × {pe}%", we * (11 - effort) * 10, "11 − effort"),
            PriorityPart(f"Low risk × {pr}%", wr * (11 - risk) * 10, "11 − risk"),
            PriorityPart("Confidence", confidence, "% applied to the sum"),
        )
        formula = (
            f"Weighted = ({pv}% value + {pu}% urgency + {pe}% ease + {pr}% low risk) × confidence"
        )
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


#: The phases in which IT has not yet earned the right to innovate with a division.
NOT_YET_INNOVATING = (Phase.RUN, Phase.DELIVER)


def phase_misaligned(workshop: Workshop, request: Request) -> bool:
    """Innovation asked for while the division's IT still has to run reliably or deliver."""
    return workshop.it_phase in NOT_YET_INNOVATING and request.phase is Phase.INNOVATE


def phase_flag_text(workshop: Workshop, request: Request) -> str:
    if not phase_misaligned(workshop, request):
        return ""
    if workshop.it_phase is Phase.RUN:
        return (
            "Innovation requested while this division's IT is still in the run phase: "
            "reliable basics usually come first."
        )
    return (
        "Innovation requested while this division's IT is still in the deliver phase: "
        "projects on time and on budget usually come first."
    )


def priorities(workshop: Workshop) -> dict[str, Priority]:
    """`priority` of every need under the workshop's framework, by need id: the alignments are
    taken once for all (`alignments`), not worked out again for each need."""
    results = alignments(workshop)
    framework = workshop.framework
    return {
        need.id: priority_of(
            framework,
            need.assessment,
            float(need.assessment.value)
            if need.assessment.value is not None
            else value_from_alignment(results[need.id].score),
        )
        for need in workshop.needs
    }


def ranked_needs(workshop: Workshop) -> list[tuple[Need, Priority]]:
    """Needs from highest to lowest priority under the workshop's framework."""
    every = priorities(workshop)
    scored = [(need, every[need.id]) for need in workshop.needs]
    return sorted(scored, key=lambda pair: -pair[1].score)


def requests_by_priority(workshop: Workshop) -> list[Request]:
    """The requests in the framework's score order: by the best priority of the needs behind
    each, highest first; requests without a need come last; ties keep the facilitator's order.
    Stated urgency counts only as far as the facilitator's urgency rating does."""
    needs = workshop.needs_by_request()
    every = priorities(workshop)
    best: dict[str, float] = {}
    for request in workshop.requests:
        scores = [every[need.id].score for need in needs.get(request.id, [])]
        if scores:
            best[request.id] = max(scores)
    return sorted(
        workshop.requests, key=lambda r: (r.id not in best, -best.get(r.id, 0.0))
    )  # sorted() is stable: equal scores keep the facilitator's order
