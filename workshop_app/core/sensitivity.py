"""How robust a ranking is: for each pair of neighbours in the priority order, the smallest change
of one strategic goal's weight that swaps them, and whether the top of the ranking is robust or
fragile.

Goal weights reach a priority in one way only: through business value, which comes from the
alignment score unless the facilitator rated the value directly. Each goal's weight is tried at
every other whole number of its allowed range (`WEIGHT_RANGE`), one goal at a time, nearest first;
the order after a change is worked out exactly as `scoring.ranked_needs` works it out, so a
reported change, applied, really swaps the two needs. Equal priorities keep the facilitator's
order of needs, as the ranking does: a change that only makes two needs equal swaps them when the
lower one comes first in that order.

The analysis works on plain `Candidate`s and goals, not on one workshop, so that a portfolio of
workshops sharing company goals can use it as well.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from workshop_app.core import model as m
from workshop_app.core.fields import EDITABLE
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import (
    alignment_score,
    combined_points,
    link_points,
    priority_of,
    value_from_alignment,
)
from workshop_app.core.text import clip
from workshop_app.core.titles import need_title

_WEIGHT_RULE = EDITABLE[Kind.GOAL]["weight"]
assert _WEIGHT_RULE.minimum is not None and _WEIGHT_RULE.maximum is not None
#: The whole numbers a goal's weight may take.
WEIGHT_RANGE: tuple[int, int] = (_WEIGHT_RULE.minimum, _WEIGHT_RULE.maximum)
#: How many needs at the top of the ranking are judged robust or fragile.
TOP_COUNT = 3


@dataclass(frozen=True)
class Candidate:
    """One ranked item: its ratings and its links as (goal index, strength 0-3), in goal order."""

    id: str
    label: str
    assessment: m.Assessment
    links: tuple[tuple[int, int], ...]

    @property
    def weight_driven(self) -> bool:
        """Goal weights can move its priority: value from alignment, and some link."""
        return self.assessment.value is None and any(points for _, points in self.links)


@dataclass(frozen=True)
class Goal:
    id: str
    title: str
    weight: int


@dataclass(frozen=True)
class Ranked:
    position: int  # 1 is the top
    id: str
    label: str
    score: float


@dataclass(frozen=True)
class Swap:
    """Setting one goal's weight from `weight_from` to `weight_to` puts `lower` above `upper`."""

    goal_id: str
    goal_title: str
    weight_from: int
    weight_to: int

    @property
    def step(self) -> int:
        return abs(self.weight_to - self.weight_from)


@dataclass(frozen=True)
class Pair:
    """Two neighbours in the ranking, and the smallest single weight change that swaps them."""

    upper: Ranked
    lower: Ranked
    swap: Swap | None  # None: no change of one goal's weight within the range swaps them


class Verdict:
    ROBUST = "robust"
    FRAGILE = "fragile"
    TOO_FEW = "too_few"


@dataclass(frozen=True)
class Sensitivity:
    framework: m.Framework
    ranking: tuple[Ranked, ...]
    pairs: tuple[Pair, ...]
    top_count: int
    verdict: str  # a Verdict value
    verdict_text: str
    depends_on_weights: bool
    notes: tuple[str, ...] = field(default=())

    @property
    def swaps(self) -> list[Pair]:
        return [pair for pair in self.pairs if pair.swap is not None]

    def as_json(self) -> dict[str, object]:
        """The analysis as plain JSON values; each swap as {"goal", "weight_from", "weight_to",
        "swaps": [upper need, lower need]} with ids and positions beside."""
        return {
            "framework": self.framework.value,
            "weight_range": list(WEIGHT_RANGE),
            "depends_on_weights": self.depends_on_weights,
            "top": {"count": self.top_count, "verdict": self.verdict, "text": self.verdict_text},
            "swaps": [
                {
                    "goal": pair.swap.goal_title,
                    "goal_id": pair.swap.goal_id,
                    "weight_from": pair.swap.weight_from,
                    "weight_to": pair.swap.weight_to,
                    "swaps": [pair.upper.label, pair.lower.label],
                    "need_ids": [pair.upper.id, pair.lower.id],
                    "positions": [pair.upper.position, pair.lower.position],
                }
                for pair in self.pairs
                if pair.swap is not None
            ],
            "steady": [
                {
                    "needs": [pair.upper.label, pair.lower.label],
                    "need_ids": [pair.upper.id, pair.lower.id],
                    "positions": [pair.upper.position, pair.lower.position],
                }
                for pair in self.pairs
                if pair.swap is None
            ],
            "notes": list(self.notes),
        }


def candidates(workshop: m.Workshop) -> tuple[list[Candidate], list[Goal]]:
    """The workshop's needs and goals as the analysis takes them."""
    goals = [Goal(g.id, g.title, g.weight) for g in workshop.goals]
    found = []
    for need in workshop.needs:
        links = tuple(
            (index, points)
            for index, goal in enumerate(workshop.goals)
            if (points := workshop.strength(need.id, goal.id).points)
        )
        found.append(Candidate(need.id, need_title(workshop, need), need.assessment, links))
    return found, goals


def workshop_sensitivity(workshop: m.Workshop, top: int = TOP_COUNT) -> Sensitivity:
    items, goals = candidates(workshop)
    return sensitivity(items, goals, workshop.framework, top)


def scores(
    items: Sequence[Candidate], weights: Sequence[int], framework: m.Framework
) -> list[float]:
    """Each item's priority score with these goal weights, exactly as `scoring.priority`."""
    heaviest = max(weights, default=0)
    result = []
    for item in items:
        value = item.assessment.value
        if value is None:
            points = [link_points(p, weights[g], heaviest) for g, p in item.links]
            result.append(
                priority_of(
                    framework,
                    item.assessment,
                    value_from_alignment(alignment_score(combined_points(points))),
                ).score
            )
        else:
            result.append(priority_of(framework, item.assessment, float(value)).score)
    return result


def order(score_list: Sequence[float]) -> list[int]:
    """Item indexes from the top: higher score first, equal scores in the items' own order."""
    return sorted(range(len(score_list)), key=lambda i: -score_list[i])


def sensitivity(
    items: Sequence[Candidate],
    goals: Sequence[Goal],
    framework: m.Framework,
    top: int = TOP_COUNT,
) -> Sensitivity:
    base_weights = [g.weight for g in goals]
    base = scores(items, base_weights, framework)
    ranked_indexes = order(base)
    ranking = tuple(
        Ranked(pos, items[i].id, items[i].label, base[i])
        for pos, i in enumerate(ranked_indexes, start=1)
    )
    neighbours = list(itertools.pairwise(ranked_indexes))
    found = _smallest_swaps(items, goals, framework, base, ranked_indexes)
    pairs = tuple(Pair(ranking[n], ranking[n + 1], found.get(n)) for n in range(len(neighbours)))
    depends = any(item.weight_driven for item in items) and bool(goals)
    count = min(top, len(items))
    verdict, text = _verdict(pairs, count, len(items), depends)
    return Sensitivity(
        framework,
        ranking,
        pairs,
        count,
        verdict,
        text,
        depends,
        _notes(items, framework, depends),
    )


def _smallest_swaps(
    items: Sequence[Candidate],
    goals: Sequence[Goal],
    framework: m.Framework,
    base: list[float],
    ranked_indexes: list[int],
) -> dict[int, Swap]:
    """For each pair of neighbours (by the upper one's place, from 0), the smallest change of one
    goal's weight that swaps them: nearest weights first, goals in their order.

    Only what a change can move is worked out again: the items linked to the goal, or every item
    when the heaviest weight changes (points are shares of it); and only the pairs they are in."""
    pairs_count = len(ranked_indexes) - 1
    place = {item: n for n, item in enumerate(ranked_indexes)}
    linked: list[list[int]] = [[] for _ in goals]
    for i, item in enumerate(items):
        if item.assessment.value is None:
            for goal_index, _points in item.links:
                linked[goal_index].append(i)
    base_weights = [g.weight for g in goals]
    heaviest = max(base_weights, default=0)
    found: dict[int, Swap] = {}
    low, high = WEIGHT_RANGE
    for step in range(1, high - low + 1):
        for goal_index, goal in enumerate(goals):
            if len(found) == pairs_count:
                return found
            for weight in (goal.weight - step, goal.weight + step):
                if not low <= weight <= high:
                    continue
                weights = list(base_weights)
                weights[goal_index] = weight
                moved = (
                    linked[goal_index]
                    if max(weights) == heaviest
                    else [i for i, item in enumerate(items) if item.weight_driven]
                )
                changed = list(base)
                for i, score in zip(
                    moved, scores([items[i] for i in moved], weights, framework), strict=True
                ):
                    changed[i] = score
                for n in sorted({p for i in moved for p in (place[i] - 1, place[i])}):
                    if 0 <= n < pairs_count and n not in found:
                        upper, lower = ranked_indexes[n], ranked_indexes[n + 1]
                        if _above(changed, lower, upper):
                            found[n] = Swap(goal.id, goal.title, goal.weight, weight)
    return found


def _above(score_list: Sequence[float], first: int, second: int) -> bool:
    """`first` ranks above `second`: a higher score, or equal and earlier in the items' order."""
    return score_list[first] > score_list[second] or (
        score_list[first] == score_list[second] and first < second
    )


def _verdict(pairs: tuple[Pair, ...], count: int, total: int, depends: bool) -> tuple[str, str]:
    if total < 2:
        return Verdict.TOO_FEW, "With fewer than two needs there is no order to change."
    top = "the top need" if count == 1 else f"the top {count} needs"
    # The pairs among the top, and the one at its edge that decides who is in it.
    edge = [pair for pair in pairs if pair.upper.position <= count]
    if not depends:
        return (
            Verdict.ROBUST,
            f"Robust: goal weights do not move any need's priority here, so {top} stay as they "
            "are whatever the weights.",
        )
    one_step = [pair for pair in edge if pair.swap is not None and pair.swap.step == 1]
    if one_step:
        pair = one_step[0]
        assert pair.swap is not None
        return (
            Verdict.FRAGILE,
            f"Fragile: changing the weight of “{clip(pair.swap.goal_title, 60)}” from "
            f"{pair.swap.weight_from} to {pair.swap.weight_to} already swaps places "
            f"{pair.upper.position} and {pair.lower.position}. Agree the weights before "
            f"relying on the order of {top}.",
        )
    steps = [pair.swap.step for pair in edge if pair.swap is not None]
    if steps:
        return (
            Verdict.ROBUST,
            f"Robust: no one-step change of a goal's weight reorders {top}; it takes a change "
            f"of {min(steps)} steps of one weight.",
        )
    return (
        Verdict.ROBUST,
        f"Robust: no change of one goal's weight within {WEIGHT_RANGE[0]}–{WEIGHT_RANGE[1]} "
        f"reorders {top}.",
    )


_THROUGH = {
    m.Framework.WEIGHTED: "business value, 40% of the weighted score",
    m.Framework.WSJF: "business value, one of the three parts of the cost of delay",
    m.Framework.RICE: "impact (0–3, from business value); a need with no reach scores 0 "
    "whatever the weights",
}


def _notes(items: Sequence[Candidate], framework: m.Framework, depends: bool) -> tuple[str, ...]:
    rated = sum(1 for item in items if item.assessment.value is not None)
    notes = [
        f"{framework.label}: goal weights reach the priority only through "
        f"{_THROUGH[framework]}, which comes from the alignment score unless the value was "
        "rated directly."
    ]
    if rated:
        notes.append(
            f"{rated} of {len(items)} needs have their value rated directly, so goal weights "
            "do not move them."
        )
    if not depends:
        notes.append(
            "This ranking does not depend on goal weights: no need takes its value from links "
            "to goals, so no change of a weight can change the order."
        )
    notes.append(
        f"Weights are whole numbers from {WEIGHT_RANGE[0]} to {WEIGHT_RANGE[1]}; each goal's "
        "weight is tried at every other value, one goal at a time. Link points are a share of "
        "the heaviest goal's weight, so raising one goal above it lowers every other goal's "
        "points."
    )
    notes.append(
        "Equal priorities keep the order of the Needs list: a change that only makes two needs "
        "equal swaps them when the lower one comes first in that list."
    )
    return tuple(notes)
