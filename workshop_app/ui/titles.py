"""How items are named where several stages list them (Needs, Align, its chart and matrix).

Pure Python, no Qt, so each stage package can use it without importing another stage.
"""

from __future__ import annotations

from workshop_app.core import model as m
from workshop_app.ui.widgets.text import one_line


def need_title(workshop: m.Workshop, need: m.Need, limit: int = 120) -> str:
    """How a need is named in lists and menus: its statement, or where it came from."""
    if need.statement.strip():
        return one_line(need.statement, limit)
    for request_id in need.request_ids:
        request = workshop.request(request_id)
        if request is not None:
            return one_line(f"Need behind “{one_line(request.text, 60)}” (no statement yet)", limit)
    return "A need without a statement yet"
