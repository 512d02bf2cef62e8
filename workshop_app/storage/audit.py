"""The audit log as lines for the summary PDF's appendix: when, who, what.

Who is the person the log names (storage/access.py): the connected role on a team library, the
facilitator or the login on the own library, a participant for what they did on their device.
"""

from __future__ import annotations

from collections.abc import Iterable

from workshop_app.storage import tables as t

_KIND_WORDS = {"agenda_item": "agenda item", "action": "action item"}


def summary_lines(rows: Iterable[t.AuditRow]) -> list[str]:
    """One line per entry: "2026-09-15 10:02 UTC · María López · edit request: deadline"."""
    lines = []
    for row in rows:
        when = row.at[:16].replace("T", " ") + (" UTC" if row.at.endswith("Z") else "")
        who = " ".join(row.actor.split()) or "unknown"
        kind = _KIND_WORDS.get(row.kind, row.kind.replace("_", " "))
        what = row.action if kind in row.action.split() else f"{row.action} {kind}".strip()
        if row.field and row.action == "edit":
            what += f": {row.field.replace('_', ' ')}"
        lines.append(f"{when} · {who} · {what}")
    return lines
