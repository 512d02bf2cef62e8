"""How items are named where several places list them: the stages, the command line, the
hand-over files and the reports."""

from __future__ import annotations

from workshop_app.core import model as m
from workshop_app.core.text import clip


def need_title(workshop: m.Workshop, need: m.Need, limit: int = 120) -> str:
    """A need as one line of text: its statement, or the request it came from."""
    if need.statement.strip():
        return clip(need.statement, limit)
    for request_id in need.request_ids:
        request = workshop.request(request_id)
        if request is not None:
            return clip(f"Need behind “{clip(request.text, 60)}” (no statement yet)", limit)
    return "A need without a statement yet"
