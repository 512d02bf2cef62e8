"""Due dates as facilitators type them ("friday", "+2w", "2 Oct") and as people read them back.

Pure Python, no Qt: the Decide stage's date editor and presentation mode both use it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

HINT = "Write a date like 2026-10-02, friday, +2w or tomorrow"
# English names, fixed: the C library's would follow the system locale once Qt has set it.
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_MONTHS = {name.lower(): number for number, name in enumerate(_MONTH_NAMES, start=1)}
_RELATIVE = re.compile(
    r"^(?:in\s+)?\+?\s*(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|month|months)?$"
)
_ISO_LIKE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s*([a-z]{3,})\.?,?\s*(\d{4})?$")
_MONTH_DAY = re.compile(r"^([a-z]{3,})\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})?$")


def today() -> date:
    return date.today()


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def _month_date(day: int, month_name: str, year: str | None, now: date) -> date | None:
    month = _MONTHS.get(month_name[:3])
    if month is None:
        return None
    try:
        found = date(int(year) if year else now.year, month, day)
    except ValueError:
        return None
    if not year and found < now:
        found = found.replace(year=now.year + 1)
    return found


def parse_due(text: str, now: date | None = None) -> str | None:
    """The ISO date meant by `text`; "" for empty; None when it cannot be read as a date."""
    now = now or today()
    value = " ".join(text.strip().lower().split())
    if not value:
        return ""
    found: date | None = None
    if value == "today":
        found = now
    elif value == "tomorrow":
        found = now + timedelta(days=1)
    elif (match := _ISO_LIKE.match(value)) is not None:
        try:
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    elif (match := _RELATIVE.match(value)) is not None:
        amount, unit = int(match[1]), (match[2] or "d")[0]
        if unit == "d":
            found = now + timedelta(days=amount)
        elif unit == "w":
            found = now + timedelta(weeks=amount)
        else:
            found = _add_months(now, amount)
    elif len(value) >= 3 and any(day.startswith(value) for day in _WEEKDAYS):
        wanted = next(i for i, day in enumerate(_WEEKDAYS) if day.startswith(value))
        ahead = (wanted - now.weekday() - 1) % 7 + 1
        found = now + timedelta(days=ahead)
    elif (match := _DAY_MONTH.match(value)) is not None:
        found = _month_date(int(match[1]), match[2], match[3], now)
    elif (match := _MONTH_DAY.match(value)) is not None:
        found = _month_date(int(match[2]), match[1], match[3], now)
    return found.isoformat() if found is not None else None


def in_words(iso: str, now: date | None = None) -> str:
    """ "Fri 2 Oct 2026 · in 16 days" — the stored date as people read it."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return ""
    now = now or today()
    delta = (day - now).days
    if delta == 0:
        relative = "today"
    elif delta == 1:
        relative = "tomorrow"
    elif delta == -1:
        relative = "yesterday"
    elif delta > 0:
        relative = f"in {delta} days" if delta < 14 else f"in {round(delta / 7)} weeks"
    else:
        relative = f"{-delta} days ago" if delta > -14 else f"{round(-delta / 7)} weeks ago"
    year = "" if day.year == now.year else f" {day.year}"
    weekday = f"{_WEEKDAYS[day.weekday()][:3].capitalize()} " if abs(delta) < 14 else ""
    return f"{weekday}{day.day} {_MONTH_NAMES[day.month - 1]}{year} · {relative}"
