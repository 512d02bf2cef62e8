"""Impact over time: the results recorded against each commitment's measure, and which way they
move.

A commitment is a request decided "proceed" or "reshape"; its needs carry the measure, baseline,
target and by-when captured in the room. Results (model.Result) are recorded afterwards. The
trend compares the latest result with the baseline (or, without a readable baseline, with the
first result) in the direction of the target, when all of them read as numbers ("5 days",
"1,200", "98.5 %"); otherwise there is no trend to claim, and the app says so instead of
guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from workshop_app.core import model as m


class Trend(StrEnum):
    MET = "met"
    TOWARD = "toward"
    FLAT = "flat"
    AWAY = "away"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {
            "met": "Target met",
            "toward": "Moving toward the target",
            "flat": "No change yet",
            "away": "Moving away from the target",
            "unknown": "No trend yet",
        }[self.value]

    @property
    def arrow(self) -> str:
        return {"met": "✓", "toward": "↗", "flat": "→", "away": "↘", "unknown": "·"}[self.value]


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")


def number(text: str) -> float | None:
    """The first number written in `text` ("5 days" → 5, "1,200" → 1200), else None."""
    found = _NUMBER.search(text or "")
    if found is None:
        return None
    try:
        return float(found.group().replace(",", ""))
    except ValueError:
        return None


def results_for(workshop: m.Workshop, need_id: str) -> list[m.Result]:
    """The need's results, oldest first (by the day measured, then when recorded)."""
    found = [r for r in workshop.results if r.need_id == need_id]
    return sorted(found, key=lambda r: (r.date or r.recorded_at[:10], r.recorded_at))


def latest(workshop: m.Workshop, need_id: str) -> m.Result | None:
    found = results_for(workshop, need_id)
    return found[-1] if found else None


def trend(need: m.Need, results: list[m.Result]) -> Trend:
    """Which way the measure moved, judged against the need's target (see the module doc)."""
    if not results:
        return Trend.UNKNOWN
    target, now = number(need.target), number(results[-1].value)
    start = number(need.baseline)
    if start is None and len(results) > 1:
        start = number(results[0].value)
    if target is None or now is None or start is None or target == start:
        return Trend.UNKNOWN
    progress = (now - start) / (target - start)
    if progress >= 1:
        return Trend.MET
    if progress > 0:
        return Trend.TOWARD
    if progress == 0:
        return Trend.FLAT
    return Trend.AWAY


@dataclass(frozen=True)
class Commitment:
    """One need of one committed request, with what was measured since."""

    request: m.Request
    decision: m.Decision
    need: m.Need
    results: tuple[m.Result, ...]
    trend: Trend

    @property
    def latest(self) -> m.Result | None:
        return self.results[-1] if self.results else None


def commitments(workshop: m.Workshop, *, carried_only: bool = False) -> list[Commitment]:
    """Every need behind a proceed or reshape decision, in request order, each once.

    `carried_only`: only those a follow-up carried over from the earlier workshop (their
    decision says what was decided then), which its review stage goes through first.
    """
    found: list[Commitment] = []
    seen: set[str] = set()
    decisions = workshop.decisions_by_request()
    needs = workshop.needs_by_request()
    for request in workshop.requests:
        decision = decisions.get(request.id)
        if decision is None or decision.kind not in m.COMMITMENTS:
            continue
        if carried_only and not decision.earlier:
            continue
        for need in needs.get(request.id, []):
            if need.id in seen:
                continue
            seen.add(need.id)
            history = results_for(workshop, need.id)
            found.append(Commitment(request, decision, need, tuple(history), trend(need, history)))
    return found


def measure_line(need: m.Need) -> str:
    """“quote turnaround: 5 days → 1 day by Q2”, from what is filled in."""
    span = " → ".join(p for p in (need.baseline.strip(), need.target.strip()) if p)
    parts = [need.measure.strip()]
    if span:
        parts.append(span if not parts[0] else f": {span}")
    if need.by_when.strip():
        parts.append(f" by {need.by_when.strip()}")
    return "".join(parts)


def result_line(result: m.Result | None) -> str:
    """“2 days on 2026-09-30”, or “not measured yet”."""
    if result is None:
        return "not measured yet"
    return f"{result.value} on {result.date}" if result.date else result.value


def offers_review(workshop: m.Workshop) -> bool:
    """Whether the workshop has a review stage: a follow-up opens with one (did the measure
    move?); a signed-off workshop with commitments gets one to record its results."""
    return workshop.is_follow_up or (workshop.is_locked and bool(commitments(workshop)))


def to_review(workshop: m.Workshop) -> list[Commitment]:
    """What the review stage goes through: a follow-up's carried commitments, else all."""
    return commitments(workshop, carried_only=workshop.is_follow_up)


def reviewed(item: Commitment) -> bool:
    """The room gave its verdict on the latest result."""
    return item.latest is not None and item.latest.verdict is not None


def done(workshop: m.Workshop, item: Commitment) -> bool:
    """What the review stage asks of each commitment: in a follow-up the room's verdict on it;
    in a signed-off workshop a result measured since."""
    return reviewed(item) if workshop.is_follow_up else bool(item.results)
