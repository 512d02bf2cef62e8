"""The method's terms: the choices a workshop's items take, as plain enums.

They live apart from the data that holds them (core/model.py, which re-exports them) so that the
start screen can read and show the library list without building the domain's classes.
"""

from __future__ import annotations

from enum import StrEnum

#: The title of a workshop not named yet.
UNTITLED = "Untitled workshop"


class Phase(StrEnum):
    """Where IT stands with a division, and which phase a request belongs to."""

    RUN = "run"
    DELIVER = "deliver"
    INNOVATE = "innovate"

    @property
    def label(self) -> str:
        return {"run": "Run", "deliver": "Deliver", "innovate": "Innovate"}[self.value]


class Lens(StrEnum):
    """Whose concern a need is: the CIO's internal side, the CTO's customer side, or both."""

    INTERNAL = "internal"
    CUSTOMER_FACING = "customer_facing"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {"internal": "Internal", "customer_facing": "Customer-facing", "both": "Both"}[
            self.value
        ]


class Origin(StrEnum):
    """Who brought a request: the division, or IT's own people with an idea of their own."""

    DIVISION = "division"
    IT = "it"

    @property
    def label(self) -> str:
        return {"division": "Division", "it": "IT's own idea"}[self.value]


class GoalLevel(StrEnum):
    COMPANY = "company"
    DIVISION = "division"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Strength(StrEnum):
    """How strongly a need serves a strategic goal."""

    NONE = "none"
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"

    @property
    def points(self) -> int:
        """0 to 3, the number of filled dots shown in the matrix."""
        return _STRENGTH_POINTS[self.value]

    @classmethod
    def from_points(cls, points: int) -> Strength:
        return _STRENGTHS_BY_POINTS[points]

    @property
    def label(self) -> str:
        return self.value.capitalize()


_STRENGTH_POINTS = {"none": 0, "weak": 1, "moderate": 2, "strong": 3}
_STRENGTHS_BY_POINTS = {points: Strength(name) for name, points in _STRENGTH_POINTS.items()}


class Confidence(StrEnum):
    """How sure the room is of an estimate."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Status(StrEnum):
    DRAFT = "draft"
    IN_PROGRESS = "in_progress"
    READY_FOR_SIGNOFF = "ready_for_signoff"
    SIGNED_OFF = "signed_off"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "in_progress": "In progress",
            "ready_for_signoff": "Ready for sign-off",
            "signed_off": "Signed off",
        }[self.value]


class DecisionKind(StrEnum):
    PROCEED = "proceed"
    RESHAPE = "reshape"
    DEFER = "defer"
    DECLINE = "decline"
    NEEDS_INFORMATION = "needs_information"

    @property
    def label(self) -> str:
        return {
            "proceed": "Proceed",
            "reshape": "Reshape",
            "defer": "Defer",
            "decline": "Decline",
            "needs_information": "Needs information",
        }[self.value]


#: The decisions whose requests a follow-up workshop takes up again, undecided.
CARRIED_OVER = (DecisionKind.DEFER, DecisionKind.NEEDS_INFORMATION)
#: The decisions that commit IT to serve a need: a follow-up reviews their results first.
COMMITMENTS = (DecisionKind.PROCEED, DecisionKind.RESHAPE)


class Verdict(StrEnum):
    """The room's short verdict on a commitment when a follow-up reviews it: did it move?"""

    MET = "met"
    MOVING = "moving"
    NOT_MOVED = "not_moved"
    WORSE = "worse"

    @property
    def label(self) -> str:
        return {
            "met": "Target met",
            "moving": "Moving",
            "not_moved": "Not moved",
            "worse": "Went back",
        }[self.value]


class Serves(StrEnum):
    """Does the literal request actually serve the need underneath it?"""

    FULLY = "fully"
    PARTLY = "partly"
    NOT_AT_ALL = "not_at_all"

    @property
    def label(self) -> str:
        return {"fully": "Fully", "partly": "Partly", "not_at_all": "Not at all"}[self.value]


class Urgency(StrEnum):
    """The urgency the division states, which is not the same as importance."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Framework(StrEnum):
    """How surviving needs are prioritised."""

    WEIGHTED = "weighted"
    WSJF = "wsjf"
    RICE = "rice"

    @property
    def label(self) -> str:
        return {"weighted": "Weighted score", "wsjf": "WSJF", "rice": "RICE"}[self.value]


class Stance(StrEnum):
    """How a participant signs: agreeing, or agreeing while recording a reservation."""

    AGREE = "agree"
    AGREE_WITH_RESERVATION = "agree_with_reservation"

    @property
    def label(self) -> str:
        return {"agree": "Agrees", "agree_with_reservation": "Agrees with reservation"}[self.value]
