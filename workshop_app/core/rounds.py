"""Blind scoring rounds: what the room rates about a need, and what the spread of its answers is.

The facilitator opens a round on one need and picks what the room rates: value, urgency,
effort, risk, confidence, or how strongly the need serves a goal ("link:<goal id>"). Each
participant rates privately; the facilitator sees who answered, not what, until the reveal
shows the spread (median, range, where people disagree most). The facilitator then adopts a
value, which is written as if typed by the facilitator and recorded with the spread.

Pure Python: the rules and arithmetic the room depends on, with no storage or network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from statistics import median

from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError

LINK_PREFIX = "link:"
#: Most criteria one round may ask about (the four ratings plus a handful of goals).
MAX_CRITERIA = 12


class RoundState(StrEnum):
    OPEN = "open"  # participants rate
    REVEALED = "revealed"  # the spread is on the wall; no more ratings
    CLOSED = "closed"  # done with (adopted or not)

    @property
    def label(self) -> str:
        return {"open": "Open", "revealed": "Revealed", "closed": "Closed"}[self.value]


@dataclass(frozen=True)
class Scale:
    """The answers a criterion takes: whole numbers from low to high."""

    low: int
    high: int
    low_word: str
    high_word: str


_SCALES = {
    "value": ("Value", Scale(1, 10, "little value", "great value")),
    "urgency": ("Urgency", Scale(1, 10, "can wait", "cannot wait")),
    "effort": ("Effort", Scale(1, 10, "small", "very large")),
    "risk": ("Risk", Scale(1, 10, "safe", "very risky")),
    "confidence": ("Confidence (%)", Scale(0, 100, "a guess", "certain")),
}
_LINK_SCALE = Scale(0, 3, "does not serve it", "serves it strongly")


@dataclass(frozen=True)
class Criterion:
    """One thing rated in a round: a field of the need's assessment, or a goal link."""

    key: str
    label: str
    scale: Scale

    @property
    def goal_id(self) -> str | None:
        return self.key[len(LINK_PREFIX) :] if self.key.startswith(LINK_PREFIX) else None


def criterion(ws: m.Workshop, key: str) -> Criterion:
    """The criterion named `key` in this workshop, or ValidationError."""
    if key in _SCALES:
        label, scale = _SCALES[key]
        return Criterion(key, label, scale)
    if key.startswith(LINK_PREFIX):
        goal = ws.goal(key[len(LINK_PREFIX) :])
        if goal is not None:
            return Criterion(key, f"Serves “{goal.title}”", _LINK_SCALE)
    raise ValidationError("criterion", f"“{key[:40]}” is not something the room can rate")


def choices(ws: m.Workshop) -> list[Criterion]:
    """Everything a round on a need of this workshop may ask about, in a sensible order."""
    return [criterion(ws, key) for key in _SCALES] + [
        criterion(ws, LINK_PREFIX + goal.id) for goal in ws.goals
    ]


def clean_criteria(ws: m.Workshop, keys: list[str]) -> list[str]:
    """The criteria of a new round, checked, duplicates dropped, order kept."""
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValidationError("criteria", "must be a list of names")
    unique = list(dict.fromkeys(keys))
    if not unique:
        raise ValidationError("criteria", "choose at least one thing for the room to rate")
    if len(unique) > MAX_CRITERIA:
        raise ValidationError("criteria", f"at most {MAX_CRITERIA} in one round")
    for key in unique:
        criterion(ws, key)
    return unique


def clean_score(c: Criterion, score: object) -> int:
    """A participant's answer, or ValidationError."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValidationError(c.label, "must be a whole number")
    if not c.scale.low <= score <= c.scale.high:
        raise ValidationError(c.label, f"must be from {c.scale.low} to {c.scale.high}")
    return score


@dataclass(frozen=True)
class Spread:
    """How the room's answers to one criterion fall: shown at the reveal, kept with the adoption."""

    criterion: str
    count: int
    median: float | None
    low: int | None
    high: int | None
    #: The range as a share of the whole scale, 0 (all agree) to 1 (from one end to the other).
    disagreement: float
    #: Each answer with who gave it (participant id), for a named reveal.
    answers: tuple[tuple[str, int], ...] = field(default=())

    def plain(self) -> dict[str, object]:
        """The figures as stored with an adoption (no names: the audit log keeps ids only)."""
        return {
            "criterion": self.criterion,
            "count": self.count,
            "median": self.median,
            "low": self.low,
            "high": self.high,
            "disagreement": round(self.disagreement, 3),
        }


def spread(c: Criterion, answers: dict[str, int]) -> Spread:
    """The spread of the answers to one criterion (participant id → score)."""
    scores = sorted(answers.values())
    if not scores:
        return Spread(c.key, 0, None, None, None, 0.0)
    width = c.scale.high - c.scale.low
    middle = median(scores)
    return Spread(
        c.key,
        len(scores),
        float(middle),
        scores[0],
        scores[-1],
        (scores[-1] - scores[0]) / width if width else 0.0,
        tuple(sorted(answers.items(), key=lambda item: (item[1], item[0]))),
    )


def most_disputed(spreads: list[Spread]) -> Spread | None:
    """The criterion where people disagree most (widest share of the scale), if any disagree."""
    disputed = [s for s in spreads if s.count > 1 and s.disagreement > 0]
    return max(disputed, key=lambda s: s.disagreement) if disputed else None


def suggested(c: Criterion, s: Spread) -> int | None:
    """The value offered for adoption: the median, rounded half up, on the criterion's scale."""
    if s.median is None:
        return None
    return max(c.scale.low, min(c.scale.high, int(s.median + 0.5)))
