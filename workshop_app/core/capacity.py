"""Cost and capacity: what the commitments across workshops need against what IT can spend.

Every need under a request decided proceed or reshape is a commitment item, counted once even
when several of its requests were committed. Items are ranked by priority (then alignment);
walking down the ranking, an item fits while the running total of person-days and money stays
within the period's capacity. The first item that does not fit draws the cut line: it and every
item below it wait. An item without an estimate counts as nothing and is said to be unestimated.

What-if toggles move an item in (a deferred, declined or undecided one) or out (a commitment):
they only change what this calculation counts, never a recorded decision.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workshop_app.core import model as m
from workshop_app.core.comparable import Scoring, portfolio_priority
from workshop_app.core.fields import Field, RequiredText
from workshop_app.core.scoring import alignment

#: What may be typed for a period's capacity.
CAPACITY_FIELDS: dict[str, Field] = {
    "period": RequiredText,
    "person_days": Field("int", minimum=0, maximum=10**6, nullable=True),
    "money": Field("int", minimum=0, maximum=10**12, nullable=True),
}


@dataclass(frozen=True)
class Capacity:
    """What IT can spend in one period: person-days and money, each None when not limited; and
    how the portfolio scores every need for this period (core/comparable.py)."""

    period: str
    person_days: int | None = None
    money: int | None = None
    id: str = field(default_factory=m.new_id)
    scoring: Scoring = field(default_factory=Scoring)


@dataclass(frozen=True)
class CapacityItem:
    """One need that is (or could be) committed, with its estimate and rank."""

    workshop_id: str
    division: str
    need_id: str
    statement: str
    decision: m.DecisionKind | None  # the best decision among its requests
    priority: float
    alignment: int
    days: int | None
    money: int | None
    confidence: m.Confidence | None

    @property
    def key(self) -> str:
        return f"{self.workshop_id}:{self.need_id}"

    @property
    def committed(self) -> bool:
        return self.decision in m.COMMITMENTS

    @property
    def estimated(self) -> bool:
        return self.days is not None or self.money is not None


@dataclass(frozen=True)
class CutLine:
    """The items counted (ranked), which of them fit the capacity, and the sums."""

    capacity: Capacity | None
    items: tuple[CapacityItem, ...]  # counted: commitments and what was moved in, ranked
    fits: tuple[bool, ...]  # per item: above the cut line
    moved_in: frozenset[str] = frozenset()
    moved_out: frozenset[str] = frozenset()

    @property
    def days_needed(self) -> int:
        return sum(item.days or 0 for item in self.items)

    @property
    def money_needed(self) -> int:
        return sum(item.money or 0 for item in self.items)

    @property
    def fitting(self) -> tuple[CapacityItem, ...]:
        return tuple(item for item, fit in zip(self.items, self.fits, strict=True) if fit)

    @property
    def waiting(self) -> tuple[CapacityItem, ...]:
        return tuple(item for item, fit in zip(self.items, self.fits, strict=True) if not fit)

    @property
    def days_fitting(self) -> int:
        return sum(item.days or 0 for item in self.fitting)

    @property
    def money_fitting(self) -> int:
        return sum(item.money or 0 for item in self.fitting)

    @property
    def unestimated(self) -> int:
        return sum(1 for item in self.items if not item.estimated)

    def summary(self, *, what_if: bool = True) -> str:
        """“Commitments need 140 person-days and 90,000 against 2027 Q1's 120 person-days and
        100,000: 4 of 5 fit above the cut line.” `what_if` False: without the sentence on
        what-if moves, for a view whose banner says it."""
        cap_days = self.capacity.person_days if self.capacity else None
        cap_money = self.capacity.money if self.capacity else None
        days = any(i.days is not None for i in self.items) or cap_days is not None
        money = any(i.money is not None for i in self.items) or cap_money is not None
        need = _amounts(self.days_needed if days else None, self.money_needed if money else None)
        if self.capacity is None:
            text = f"The commitments need {need}; no capacity is set for a period yet."
        else:
            cap = _amounts(self.capacity.person_days, self.capacity.money, "no limit")
            text = (
                f"The commitments need {need} against {self.capacity.period}'s {cap}: "
                f"{len(self.fitting)} of {len(self.items)} fit above the cut line."
            )
        if self.unestimated:
            text += f" {_count(self.unestimated, 'item has', 'items have')} no estimate yet."
        if what_if and (self.moved_in or self.moved_out):  # else a banner says so
            text += " What-if: the recorded decisions stay as they are."
        return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _amounts(days: int | None, money: int | None, empty: str = "nothing") -> str:
    parts = []
    if days is not None:
        parts.append(f"{days:,} person-day{'s' if days != 1 else ''}")
    if money is not None:
        parts.append(f"{money:,} in money")
    return " and ".join(parts) or empty


_DECISION_ORDER = {kind: i for i, kind in enumerate(m.DecisionKind)}


def capacity_items(
    workshops: Iterable[m.Workshop], scoring: Scoring | None = None
) -> list[CapacityItem]:
    """Every need with a request, ranked by priority (under the period's `scoring` when given,
    else each workshop's own) then alignment, with its best decision (a commitment before
    anything else)."""
    items = []
    for ws in workshops:
        for need in ws.needs:
            kinds = [ws.decision_for(r).kind for r in need.request_ids if ws.request(r)]
            if not kinds:
                continue
            decided = sorted((k for k in kinds if k is not None), key=_DECISION_ORDER.__getitem__)
            items.append(
                CapacityItem(
                    workshop_id=ws.id,
                    division=ws.division.strip(),
                    need_id=need.id,
                    statement=need.statement,
                    decision=decided[0] if decided else None,
                    priority=portfolio_priority(ws, need, scoring).score,
                    alignment=alignment(ws, need).score,
                    days=need.estimate_days,
                    money=need.estimate_money,
                    confidence=need.estimate_confidence,
                )
            )
    items.sort(key=lambda i: (-i.priority, -i.alignment, i.statement.casefold(), i.key))
    return items


def cut_line(
    items: Iterable[CapacityItem],
    capacity: Capacity | None,
    moved_in: Iterable[str] = (),
    moved_out: Iterable[str] = (),
) -> CutLine:
    """The ranked commitments (with the what-if moves applied) against `capacity`."""
    moved_in, moved_out = frozenset(moved_in), frozenset(moved_out)
    counted = tuple(
        item
        for item in items
        if (item.committed or item.key in moved_in) and item.key not in moved_out
    )
    fits, days, money, cut = [], 0, 0, False
    for item in counted:
        days += item.days or 0
        money += item.money or 0
        if capacity is not None and not cut:
            over_days = capacity.person_days is not None and days > capacity.person_days
            over_money = capacity.money is not None and money > capacity.money
            cut = over_days or over_money
        fits.append(not cut)
    return CutLine(capacity, counted, tuple(fits), moved_in, moved_out)


@dataclass(frozen=True)
class Estimate:
    """What serving a request's needs would take: person-days and money summed over the needs
    that carry them (None when none does), and the least sure of their confidences."""

    days: int | None = None
    money: int | None = None
    confidence: m.Confidence | None = None

    def cells(self) -> tuple[int | str, int | str, str]:
        """Person-days, money and confidence as spreadsheet cells ("" when not estimated)."""
        days = "" if self.days is None else self.days
        money = "" if self.money is None else self.money
        return days, money, self.confidence.label if self.confidence else ""


_CONFIDENCE_ORDER = {c: i for i, c in enumerate(m.Confidence)}


def estimate_of(needs: Iterable[m.Need]) -> Estimate:
    needs = list(needs)
    days = [n.estimate_days for n in needs if n.estimate_days is not None]
    money = [n.estimate_money for n in needs if n.estimate_money is not None]
    sure = [n.estimate_confidence for n in needs if n.estimate_confidence is not None]
    return Estimate(
        sum(days) if days else None,
        sum(money) if money else None,
        min(sure, key=_CONFIDENCE_ORDER.__getitem__) if sure else None,
    )
