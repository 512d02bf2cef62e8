"""The words of the status line: what the open workshop holds, and when it was last saved.

The status line refreshes every second; the counts only change with the workshop, which is
replaced (never changed in place) on every edit, so they are worked out once per workshop.
"""

from __future__ import annotations

import time

from workshop_app.core import model as m
from workshop_app.core.purpose import discussion_settled
from workshop_app.core.scoring import alignments
from workshop_app.ui.widgets.text import plural


def summary(ws: m.Workshop, last_saved: float | None) -> str:
    """ "12 requests · 5 decided · 2 with alignment unclear to discuss · last saved just now"."""
    unclear, decided = counts(ws)
    parts = [plural(len(ws.requests), "request"), f"{decided} decided"]
    if unclear:
        parts.append(f"{unclear} with alignment unclear to discuss")
    if last_saved is not None:
        parts.append(f"last saved {_ago(last_saved)}")
    return " · ".join(parts)


def counts(ws: m.Workshop) -> tuple[int, int]:
    """Needs with unclear alignment still to discuss, and decided requests."""
    if _counted and _counted[0][0] is ws:
        return _counted[0][1]
    scores = alignments(ws)
    unclear = sum(1 for n in ws.needs if not discussion_settled(scores[n.id], n))
    decided = sum(1 for d in ws.decisions if d.kind is not None)
    _counted[:] = [(ws, (unclear, decided))]
    return unclear, decided


#: The last workshop counted and its counts (see `counts`).
_counted: list[tuple[m.Workshop, tuple[int, int]]] = []


def _ago(moment: float) -> str:
    seconds = int(time.time() - moment)
    if seconds < 5:
        return "just now"
    if seconds < 60:
        return f"{seconds} s ago"
    return f"{seconds // 60} min ago"
