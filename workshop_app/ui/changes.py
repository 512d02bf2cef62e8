"""What one edit changed, in the terms views refresh by (as Anki's `OpChanges`).

The session broadcasts every change with the workshop; a stage says which kinds of items it shows
and skips a refresh that would show it nothing new: typing a need's statement does not rebuild
the Goals stage. Edits whose reach is not known item by item (sign-off, a reload, opening a
workshop) say `EVERYTHING`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from workshop_app.core.kind import CASCADES, Kind


class Changes(NamedTuple):
    kinds: frozenset[Kind] = frozenset()
    everything: bool = False

    def touches(self, kinds: Iterable[Kind] | None) -> bool:
        """Whether a view showing these kinds (None: all of them) must refresh."""
        return self.everything or kinds is None or not self.kinds.isdisjoint(kinds)


EVERYTHING = Changes(everything=True)


def of(*kinds: Kind) -> Changes:
    """Items of these kinds changed in place (a field, their order, a link)."""
    return Changes(frozenset(kinds))


def with_dependents(kind: Kind) -> Changes:
    """An item was added, deleted or restored, and with it what hangs off it."""
    return Changes(frozenset({kind} | CASCADES.get(kind, frozenset())))
