"""Agenda items as people type them: a title and its planned minutes, in either order.

"Sign-off 10", "Sign-off 10 min", "Sign-off – 10m", "Sign-off (10')", "Sign-off, 1 h 30" and
"10 min sign-off" all mean the item "Sign-off" planned for that long. A number at the end without
a unit counts as minutes only from 5 to 480: "Round 2" and "Top 3" stay titles, and so does a year
("Q3 review 2026"). A number in front needs its unit ("10 min sign-off"), since "3 goals to
revisit" is a title. Text that is only a duration ("45 min") keeps it as its title: an item needs a
name, and the room sees what it typed.
"""

from __future__ import annotations

import re

#: Minutes an item gets when the text names none.
DEFAULT_MINUTES = 15
#: The longest item that can be planned: one day.
MAX_MINUTES = 24 * 60
#: A bare trailing number is read as minutes only within this range.
BARE_MINUTES = range(5, 8 * 60 + 1)

_MINUTE_UNIT = r"(?:minutes?|mins?|m|'|′|’)\.?"
_HOUR_UNIT = r"(?:hours?|hrs?|h)\.?"
# "1 h 30", "1h30m", "2 hours" or "40 min"; the unit is optional only where `bare` allows it.
# Zero hours is no duration ("Q 0H 1 min" is titled "Q 0H"), so hours start at 1.
_WITH_UNIT = (
    rf"(?:(?P<hours>0?[1-9]|[1-9]\d)\s*{_HOUR_UNIT}(?:\s*(?P<rest>\d{{1,2}})(?:\s*{_MINUTE_UNIT})?)?"
    rf"|(?P<minutes>\d{{1,4}})\s*{_MINUTE_UNIT})"
)
_BARE = r"(?P<bare>\d{1,4})"
# A hyphen separates only after a space, so "Phase-2" stays whole; dashes and commas always do.
_SEPARATOR = r"(?:\s*[,;:·—–]\s*|\s+-?\s*)"


def _framed(duration: str) -> str:
    """The duration alone or in brackets: "10 min", "(10')", "[10 min]".

    An opening bracket demands its closing one inside the pattern (a conditional group), so for
    "Review ( 5" the engine goes on to read "Review (" as the title instead of giving up.
    """
    return rf"(?:(?P<paren>\()|(?P<square>\[))?\s*{duration}\s*(?(paren)\))(?(square)\])"


_TRAILING = [
    re.compile(rf"^(?P<title>.*?\S){_SEPARATOR}{_framed(_WITH_UNIT)}$", re.IGNORECASE),
    re.compile(rf"^(?P<title>.*?\S){_SEPARATOR}{_framed(_BARE)}$", re.IGNORECASE),
]
_LEADING = re.compile(rf"^{_framed(_WITH_UNIT)}{_SEPARATOR}(?P<title>\S.*)$", re.IGNORECASE)


def _minutes(match: re.Match[str]) -> int | None:
    """The planned minutes a match names, or None when they make no sense as a plan."""
    found = {
        name: int(value)
        for name, value in match.groupdict().items()
        if value is not None and value.isdigit()
    }
    if "bare" in found:
        return found["bare"] if found["bare"] in BARE_MINUTES else None
    if "hours" in found:
        rest = found.get("rest", 0)
        if rest >= 60:
            return None
        minutes = found["hours"] * 60 + rest
    else:
        minutes = found["minutes"]
    return minutes if 1 <= minutes <= MAX_MINUTES else None


def parse_agenda_item(text: str, default_minutes: int = DEFAULT_MINUTES) -> tuple[str, int]:
    """'Needs: why does it matter? 40 min' → ('Needs: why does it matter?', 40).

    Without a duration it understands, the whole text is the title with `default_minutes`.
    """
    text = " ".join(text.split())
    for pattern in (*_TRAILING, _LEADING):
        match = pattern.match(text)
        if match is None:
            continue
        minutes = _minutes(match)
        title = match.group("title").strip(" ,;:·—–-")
        if minutes is not None and title:
            return (_sentence_start(title) if pattern is _LEADING else title), minutes
    return text, default_minutes


def _sentence_start(title: str) -> str:
    """'sign-off' → 'Sign-off' once the duration in front is gone; 'iPhone' stays as typed."""
    first = title.split(" ", 1)[0]
    return title[:1].upper() + title[1:] if first.islower() else title
