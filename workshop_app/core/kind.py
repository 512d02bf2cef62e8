"""The kinds of things a workshop is made of, as one type shared by every layer.

Operations, undo commands, audit entries, the report and the views all name an item by its kind
and id. A StrEnum keeps the stored and displayed strings ("need", "agenda_item") while letting
mypy catch a misspelt kind.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    WORKSHOP = "workshop"
    PARTICIPANT = "participant"
    AGENDA_ITEM = "agenda_item"
    GOAL = "goal"
    REQUEST = "request"
    NEED = "need"
    DECISION = "decision"
    ACTION = "action"
    SIGNATURE = "signature"
    LINK = "link"  # how strongly a need serves a goal (a cell of the alignment matrix)
    RESULT = "result"  # measured against a need's measure after the workshop (model.Result)


#: What goes (and comes back) with an item of a kind when it is deleted (or restored): a request
#: takes its decision and its place in needs, and unlinks its action items; a need and a goal take
#: their alignment links; a participant takes their signature.
CASCADES: dict[Kind, frozenset[Kind]] = {
    Kind.REQUEST: frozenset({Kind.DECISION, Kind.NEED, Kind.ACTION}),
    Kind.NEED: frozenset({Kind.LINK, Kind.RESULT}),
    Kind.GOAL: frozenset({Kind.LINK}),
    Kind.PARTICIPANT: frozenset({Kind.SIGNATURE}),
}
