"""Stored dates and timestamps as people read them: "2 Oct 2026", "15 Sep 2026, 14:02" in local
time (due dates typed and read back are `due_dates.py`).

Plain Python, no Qt. Dates are stored as YYYY-MM-DD, timestamps as ISO UTC.
"""

from __future__ import annotations

import datetime as dt


def local_time(iso: str, *, with_date: bool = True) -> str:
    """An ISO UTC timestamp as the facilitator reads it: "15 Sep 2026, 14:02" in local time."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    clock = f"{moment:%H:%M}"
    return f"{moment.day} {moment:%b %Y}, {clock}" if with_date else clock


def nice_date(iso_date: str) -> str:
    """ "2026-10-02" → "2 Oct 2026"; anything else unchanged."""
    try:
        day = dt.date.fromisoformat(iso_date)
    except (TypeError, ValueError):
        return iso_date
    return f"{day.day} {day:%b %Y}"
