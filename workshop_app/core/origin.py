"""IT's own ideas: requests brought by IT's people rather than by the division.

IT staff "have great ideas but don't have the opportunity to lead change": their proposals
belong in the same conversation, scored against the same goals as the division's requests, and
are shown apart (grouped in the summary, marked in the app's lists) so that nobody mistakes them
for what the division asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workshop_app.core import model as m


#: The short mark lists and the summary put on a request that came from IT.
IT_MARK = "IT idea"
IT_HEADING = "IT's own ideas"
IT_INTRO = (
    "Proposals brought by IT's own people, scored against the same goals as the division's "
    "requests."
)


def split_by_origin(requests: list[m.Request]) -> tuple[list[m.Request], list[m.Request]]:
    """(the division's requests, IT's own ideas), each in the facilitator's order."""
    division = [r for r in requests if not r.from_it]
    return division, [r for r in requests if r.from_it]


def origin_words(request: m.Request) -> str:
    """“the division” or “IT's own idea”, for a line describing where a request came from."""
    return IT_MARK if request.from_it else "Division"
