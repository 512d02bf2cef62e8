"""A change to a workshop in words, and the stage where it can be seen.

Used wherever the app has to say what changed: undo and redo ("Undid: due date · Decide ·
request 2") and a sign-off made void by a later edit ("the due date of a decision changed").
Plain Python: kinds and fields as the operations and the audit log name them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from workshop_app.core.fields import ASSESSMENT_FIELDS

if TYPE_CHECKING:
    from workshop_app.core import model as m

#: The stage (its key) where an item of each kind is edited.
STAGE_OF_KIND = {
    "workshop": "setup",
    "participant": "setup",
    "agenda_item": "setup",
    "goal": "goals",
    "request": "requests",
    "need": "needs",
    "strength": "align",
    "decision": "decide",
    "action": "decide",
}
#: Fields edited on another stage than the rest of their item.
_FIELD_STAGES = {
    ("workshop", "framework"): "align",
    ("need", "alignment_acknowledged"): "align",
    ("need", "alignment_note"): "align",
    ("need", "company_note"): "align",
    **{("need", field): "align" for field in ASSESSMENT_FIELDS},
}
STAGE_TITLES = {
    "setup": "Setup",
    "goals": "Goals",
    "requests": "Requests",
    "needs": "Needs",
    "align": "Align",
    "decide": "Decide",
    "signoff": "Sign-off",
    "export": "Export",
}
_KIND_WORDS = {"agenda_item": "agenda item", "action": "action item", "strength": "alignment"}
_FIELD_WORDS = {
    "kind": "decision",
    "text": "wording",
    "why_ladder": "why-ladder",
    "decision_maker": "decision-maker",
    "requested_by": "asked by",
    "serves": "answer to whether the request serves the need",
    "alignment_note": "note of what was agreed about the alignment",
    "company_note": "note of how the need serves the company",
}


def stage_of(kind: str, field: str = "") -> str:
    """The stage (its key) where this field of an item of this kind is edited."""
    return _FIELD_STAGES.get((kind, field)) or STAGE_OF_KIND.get(kind, "setup")


def kind_words(kind: str) -> str:
    return _KIND_WORDS.get(kind, kind.replace("_", " "))


def field_words(field: str) -> str:
    return _FIELD_WORDS.get(field, field.replace("_", " "))


def audit_change(action: str, kind: str, field: str) -> str:
    """One audit-log entry in words: "the due date of a decision changed", "a goal was added"."""
    if action == "edit":
        if kind == "decision" and field == "kind":
            return "a decision changed"
        owner = "the workshop" if kind == "workshop" else f"a {kind_words(kind)}"
        return f"the {field_words(field)} of {owner} changed"
    if action in ("add", "delete", "restore", "move"):
        done = {"add": "added", "delete": "deleted", "restore": "brought back", "move": "moved"}
        return f"a {kind_words(kind)} was {done[action]}"
    if action == "align":
        return "an alignment link changed"
    if action in ("attach", "detach"):
        return "a request was linked to a need" if action == "attach" else "a request was unlinked"
    return f"the workshop changed ({action})"


def item_place(ws: m.Workshop, kind: str, item_id: str) -> str:
    """Where in its list an item is: "request 2", "goal 3"; empty for the workshop itself."""
    lists: dict[str, Sequence[Any]] = {
        "participant": ws.participants,
        "agenda_item": ws.agenda,
        "goal": ws.goals,
        "request": ws.requests,
        "decision": ws.requests,  # a decision is known by its request's id
        "need": ws.needs,
        "action": ws.actions,
    }
    items = lists.get(kind, ())
    number = next((i for i, item in enumerate(items, start=1) if item.id == item_id), None)
    if number is None:
        return ""
    noun = "request" if kind == "decision" else kind_words(kind)
    return f"{noun} {number}"
