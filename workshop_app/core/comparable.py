"""Comparable priorities: one scoring framework and weighting per portfolio period.

Each workshop keeps the framework it chose, and shows its own scores when opened. Across
workshops, though, a WSJF score next to a weighted score compares nothing, so the portfolio
scores every need again under the period's framework (and, for the weighted score, the period's
weights) and says so in one line (`scoring_note`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workshop_app.core import model as m
from workshop_app.core.scoring import DEFAULT_WEIGHTS, Priority, Weights, priority


@dataclass(frozen=True)
class Scoring:
    """How a portfolio period scores every need: a framework, and the weighted score's weights."""

    framework: m.Framework = m.Framework.WEIGHTED
    weights: Weights = DEFAULT_WEIGHTS

    @property
    def custom(self) -> bool:
        """The weighted score with weights other than the workshops' own (40/25/20/15)."""
        return self.framework is m.Framework.WEIGHTED and self.weights != DEFAULT_WEIGHTS

    def label(self) -> str:
        """“WSJF”, “Weighted score”, “Weighted score (50% value, 20% urgency, …)”."""
        if self.custom:
            return f"{self.framework.label} ({self.weights.words()})"
        return self.framework.label

    def rescores(self, workshop: m.Workshop) -> bool:
        """Whether the workshop's own scores differ in kind from the period's."""
        return workshop.framework is not self.framework or self.custom


def portfolio_priority(workshop: m.Workshop, need: m.Need, scoring: Scoring | None) -> Priority:
    """A need's priority as the portfolio compares it: under the period's scoring, or the
    workshop's own when no period scoring applies."""
    if scoring is None:
        return priority(workshop, need)
    weights = scoring.weights if scoring.framework is m.Framework.WEIGHTED else None
    return priority(workshop, need, scoring.framework, weights)


def scoring_note(workshops: Iterable[m.Workshop], scoring: Scoring, period: str = "") -> str:
    """The one line that says how the portfolio compares: “Priorities compared under 2027
    Q1's WSJF: 2 workshops scored with another framework are re-scored here (each still shows
    its own when opened).”"""
    whose = f"{' '.join(period.split())}'s " if period.strip() else "one "
    text = f"Priorities compared under {whose}{scoring.label()}"
    others = [ws for ws in workshops if ws.framework is not scoring.framework]
    weighted_again = [
        ws for ws in workshops if scoring.custom and ws.framework is m.Framework.WEIGHTED
    ]
    if not others and not weighted_again:
        return text + ": every workshop was scored this way."
    parts = []
    if others:
        n = len(others)
        parts.append(
            f"{n} workshop{'s' if n != 1 else ''} scored with another framework "
            f"{'is' if n == 1 else 'are'} re-scored here"
        )
    if weighted_again:
        n = len(weighted_again)
        parts.append(f"{n} with the usual weights {'is' if n == 1 else 'are'} re-weighted")
    return text + ": " + "; ".join(parts) + " (each still shows its own when opened)."
