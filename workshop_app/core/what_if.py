"""What-if in the portfolio: try an item in or out of the cut, or a goal at another weight, and
see the ranking, the cut line and the capacity sums move, without recording anything.

A `WhatIf` is a value: every toggle returns a new one, and `WhatIf()` is the recorded state, so
"Reset" is simply going back to it. Nothing here writes; the workshops passed in are copied
before a weight is changed, never changed in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from workshop_app.core import model as m
from workshop_app.core.capacity import Capacity, CapacityItem, CutLine, capacity_items, cut_line
from workshop_app.core.comparable import Scoring
from workshop_app.core.portfolio import goal_key
from workshop_app.core.text import clip

BANNER = "What-if — nothing recorded"


@dataclass(frozen=True)
class GoalChoice:
    """A goal as the portfolio's weight what-if offers it: matched by title across workshops."""

    key: str
    title: str
    weight: int  # as recorded (the first workshop's, when they differ)
    workshops: int


@dataclass(frozen=True)
class WhatIf:
    moved_in: frozenset[str] = frozenset()
    moved_out: frozenset[str] = frozenset()
    weights: tuple[tuple[str, int], ...] = ()  # (goal key, weight tried), sorted by key

    @property
    def active(self) -> bool:
        return bool(self.moved_in or self.moved_out or self.weights)

    def weight_of(self, key: str) -> int | None:
        return dict(self.weights).get(key)

    def move(self, item: CapacityItem, counted: bool) -> WhatIf:
        """Count `item` (counted) or leave it out; back to as decided when that matches."""
        moved_in, moved_out = set(self.moved_in), set(self.moved_out)
        moved_in.discard(item.key)
        moved_out.discard(item.key)
        if counted and not item.committed:
            moved_in.add(item.key)
        elif not counted and item.committed:
            moved_out.add(item.key)
        return replace(self, moved_in=frozenset(moved_in), moved_out=frozenset(moved_out))

    def weigh(self, goal: GoalChoice, weight: int) -> WhatIf:
        """Try `goal` at `weight` (1-5); its recorded weight drops the what-if for it."""
        tried = dict(self.weights)
        tried.pop(goal.key, None)
        if weight != goal.weight:
            tried[goal.key] = max(1, min(5, weight))
        return replace(self, weights=tuple(sorted(tried.items())))

    def keep(self, keys: set[str]) -> WhatIf:
        """Drop moves of items that are no longer in the portfolio."""
        return replace(self, moved_in=self.moved_in & keys, moved_out=self.moved_out & keys)


def goal_choices(workshops: Iterable[m.Workshop]) -> list[GoalChoice]:
    """The goals across the workshops, one per title (case and spacing ignored), company goals
    first, then by title."""
    found: dict[str, tuple[GoalChoice, bool]] = {}
    for ws in workshops:
        for goal in ws.goals:
            key = goal_key(goal.title)
            if not key:
                continue
            company = goal.level is m.GoalLevel.COMPANY
            if key in found:
                choice, was_company = found[key]
                found[key] = (replace(choice, workshops=choice.workshops + 1), was_company)
            else:
                found[key] = (GoalChoice(key, goal.title.strip(), goal.weight, 1), company)
    ordered = sorted(found.values(), key=lambda pair: (not pair[1], pair[0].title.casefold()))
    return [choice for choice, _company in ordered]


def with_weights(workshops: Iterable[m.Workshop], weights: Mapping[str, int]) -> list[m.Workshop]:
    """Copies of the workshops with every goal whose title matches a key at the weight tried;
    a workshop without such a goal is passed on as it is."""
    changed = []
    for ws in workshops:
        if not any(goal_key(g.title) in weights for g in ws.goals):
            changed.append(ws)
            continue
        goals = [
            replace(g, weight=weights[goal_key(g.title)]) if goal_key(g.title) in weights else g
            for g in ws.goals
        ]
        changed.append(replace(ws, goals=goals))
    return changed


def what_if_items(
    workshops: Iterable[m.Workshop], what_if: WhatIf, scoring: Scoring | None = None
) -> list[CapacityItem]:
    """The ranked items with the weights tried (the moves apply in `what_if_line`)."""
    return capacity_items(with_weights(workshops, dict(what_if.weights)), scoring)


def what_if_line(
    workshops: Iterable[m.Workshop],
    capacity: Capacity | None,
    what_if: WhatIf,
    scoring: Scoring | None = None,
) -> CutLine:
    """The cut line as it would be with the what-if applied."""
    items = what_if_items(workshops, what_if, scoring)
    return cut_line(items, capacity, what_if.moved_in, what_if.moved_out)


def banner(what_if: WhatIf, goals: Iterable[GoalChoice] = ()) -> str:
    """“What-if — nothing recorded: 1 item moved in, the weight of “Grow revenue” 5 → 2.”"""
    if not what_if.active:
        return ""
    parts = []
    if what_if.moved_in:
        n = len(what_if.moved_in)
        parts.append(f"{n} item{'s' if n != 1 else ''} moved in")
    if what_if.moved_out:
        n = len(what_if.moved_out)
        parts.append(f"{n} item{'s' if n != 1 else ''} moved out")
    titles = {g.key: g for g in goals}
    for key, weight in what_if.weights:
        goal = titles.get(key)
        name = clip(goal.title, 60) if goal else key
        before = f"{goal.weight} → " if goal else ""
        parts.append(f"the weight of “{name}” {before}{weight}")
    return f"{BANNER}: {', '.join(parts)}. The recorded decisions stay as they are."
