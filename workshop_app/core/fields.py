"""What may be edited on each kind of item, and the rules each value must follow.

One table serves the operations layer (every edit is validated here), the interchange import and
the UI (labels and limits). Limits are generous: they exist to keep a pasted novel or a hostile
file from exhausting memory, not to constrain a facilitator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.core.kind import Kind

SHORT_TEXT = 500
LONG_TEXT = 20_000

# Limits on a whole workshop, chosen to keep a pasted novel or a hostile file from exhausting
# memory while the largest workshop a CIO office runs fits: a programme-wide intake of 2,000
# requests, whose interchange file is about 7 MB with realistic text and whose summary runs to
# some 3,000 pages (measured with `python -m benchmarks.limits`; the figures are in the README).
#: The largest interchange file (JSON) that can be imported; a summary PDF may be larger.
MAX_FILE_BYTES = 16_000_000
MAX_PDF_BYTES = 100_000_000
#: How many of each kind of item one workshop revision may hold.
MAX_ITEMS = {
    "participants": 100,
    "agenda": 100,
    "goals": 100,
    "requests": 2_000,
    "needs": 4_000,
    "links": 20_000,
    "decisions": 2_000,
    "actions": 4_000,
    "signatures": 200,
    "results": 20_000,
}
_ITEM_NAMES = {"agenda": "agenda items", "links": "alignment links", "actions": "action items"}


def ensure_room(items: str, count: int) -> None:
    """Refuse to add one more of `items` (a MAX_ITEMS key) to a workshop that holds `count`."""
    limit = MAX_ITEMS[items]
    if count >= limit:
        raise ValidationError(
            "",
            f"A workshop holds at most {limit:,} {_ITEM_NAMES.get(items, items)} and this one is "
            "full: start a follow-up workshop for the rest.",
        )


DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)


@dataclass(frozen=True)
class Field:
    kind: str  # "text", "int", "bool", "enum", "date", "ladder"
    max_length: int = SHORT_TEXT
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    enum: type[StrEnum] | None = None
    nullable: bool = False

    def clean(self, path: str, value: Any) -> Any:
        """Return the value in its canonical form, or raise ValidationError naming the path."""
        if value is None:
            if self.nullable:
                return None
            if self.kind == "text":
                value = ""
            else:
                raise ValidationError(path, "a value is required")
        if self.kind == "text":
            return self._clean_text(path, value)
        if self.kind == "date":
            return self._clean_date(path, value)
        if self.kind == "int":
            return self._clean_int(path, value)
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValidationError(path, "must be true or false")
            return value
        if self.kind == "enum":
            assert self.enum is not None
            try:
                return self.enum(value)
            except ValueError:
                allowed = ", ".join(e.value for e in self.enum)
                raise ValidationError(path, f"must be one of {allowed}") from None
        if self.kind == "ladder":
            return self._clean_ladder(path, value)
        raise AssertionError(f"unknown field kind {self.kind}")

    def _clean_text(self, path: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(path, "must be text")
        if "\x00" in value:
            raise ValidationError(path, "contains a NUL character, which text cannot hold")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                # A lone surrogate, e.g. from an escaped "\\ud800" in JSON: not storable text.
                raise ValidationError(
                    path, "contains an invalid character (a lone surrogate)"
                ) from None
        if len(value) > self.max_length:
            raise ValidationError(
                path, f"is {len(value):,} characters long; the limit is {self.max_length:,}"
            )
        if self.required and not value.strip():
            raise ValidationError(path, "cannot be empty")
        return value

    def _clean_date(self, path: str, value: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError(path, "must be a date written as YYYY-MM-DD")
        if value == "":
            return ""
        if not DATE_PATTERN.match(value):
            raise ValidationError(path, "must be a date written as YYYY-MM-DD")
        from datetime import date

        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValidationError(path, f"{value} is not a real calendar date") from None
        return value

    def _clean_int(self, path: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, "must be a whole number")
        if self.minimum is not None and value < self.minimum:
            raise ValidationError(path, f"must be at least {self.minimum}")
        if self.maximum is not None and value > self.maximum:
            raise ValidationError(path, f"must be at most {self.maximum:,}")
        return value

    def _clean_ladder(self, path: str, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValidationError(path, "must be a list of answers")
        if len(value) > MAX_LADDER_RUNGS:
            raise ValidationError(path, f"has {len(value)} rungs; the limit is {MAX_LADDER_RUNGS}")
        rung = Field("text", max_length=LONG_TEXT)
        return [rung.clean(f"{path}[{i}]", v) for i, v in enumerate(value)]


MAX_LADDER_RUNGS = 20

Text = Field("text")
RequiredText = Field("text", required=True)
LongText = Field("text", max_length=LONG_TEXT)
Date = Field("date")
Rating = Field("int", minimum=1, maximum=10, nullable=True)


def _enum(cls: type[StrEnum], nullable: bool = False) -> Field:
    return Field("enum", enum=cls, nullable=nullable)


#: kind -> field name -> rule. The keys are exactly what the operations layer lets a user edit.
EDITABLE: dict[Kind, dict[str, Field]] = {
    Kind.WORKSHOP: {
        "title": RequiredText,
        "division": Text,
        "company": Text,
        "date": Date,
        "location": Text,
        "facilitator": Text,
        "it_phase": _enum(m.Phase, nullable=True),
        "framework": _enum(m.Framework),
        "it_reliability": LongText,
        "it_delivery": LongText,
        "earlier_phase": _enum(m.Phase, nullable=True),
        "earlier_phase_date": Date,
    },
    Kind.PARTICIPANT: {
        "name": RequiredText,
        "role": Text,
        "decision_maker": Field("bool"),
    },
    Kind.AGENDA_ITEM: {
        "title": RequiredText,
        "planned_minutes": Field("int", minimum=1, maximum=24 * 60),
    },
    Kind.GOAL: {
        "title": RequiredText,
        "level": _enum(m.GoalLevel),
        "description": LongText,
        "weight": Field("int", minimum=1, maximum=5),
        "measure": Text,
        "library_goal_id": Field("text", max_length=64),
        "library_version": Field("int", minimum=0, maximum=10**6),
        "library_period": Text,
        "placeholder": Field("bool"),
    },
    Kind.REQUEST: {
        "text": Field("text", max_length=LONG_TEXT, required=True),
        "requested_by": Text,
        "deadline": Text,
        "urgency": _enum(m.Urgency, nullable=True),
        "phase": _enum(m.Phase, nullable=True),
        "origin": _enum(m.Origin),
    },
    Kind.NEED: {
        "statement": LongText,
        "why_ladder": Field("ladder"),
        "beneficiaries": LongText,
        "measure": Text,
        "baseline": Text,
        "target": Text,
        "by_when": Text,
        "cost_of_inaction": LongText,
        "alternatives": LongText,
        "lens": _enum(m.Lens, nullable=True),
        "alignment_acknowledged": Field("bool"),
        "alignment_note": LongText,
        "company_note": LongText,
        "value": Rating,
        "urgency": Rating,
        "effort": Rating,
        "risk": Rating,
        "confidence": Field("int", minimum=0, maximum=100, nullable=True),
        "reach": Field("int", minimum=0, maximum=10**12, nullable=True),
        "estimate_days": Field("int", minimum=0, maximum=10**6, nullable=True),
        "estimate_money": Field("int", minimum=0, maximum=10**12, nullable=True),
        "estimate_confidence": _enum(m.Confidence, nullable=True),
    },
    Kind.DECISION: {
        "kind": _enum(m.DecisionKind, nullable=True),
        "rationale": LongText,
        "owner": Text,
        "next_step": LongText,
        "due_date": Date,
    },
    Kind.ACTION: {
        "text": Field("text", max_length=LONG_TEXT, required=True),
        "owner": Text,
        "due_date": Date,
        "done": Field("bool"),
    },
}

#: A result recorded against a need's measure (model.Result): what may be typed for one.
RESULT_FIELDS: dict[str, Field] = {
    "value": RequiredText,
    "date": Date,
    "note": LongText,
    "verdict": _enum(m.Verdict, nullable=True),
}

ASSESSMENT_FIELDS = ("value", "urgency", "effort", "risk", "confidence", "reach")

#: Whether a request serves a need: kept per request and need (`Library.set_serves`), so it is
#: no field of the need that `set_field` edits.
SERVES = _enum(m.Serves, nullable=True)


def clean(kind: Kind, field_name: str, value: Any, path: str | None = None) -> Any:
    """Validate one edit. Raises ValidationError for an unknown field or a bad value."""
    rules = EDITABLE.get(kind)
    if rules is None or field_name not in rules:
        raise ValidationError(path or f"{kind}.{field_name}", "is not a field that can be edited")
    return rules[field_name].clean(path or field_name.replace("_", " "), value)
