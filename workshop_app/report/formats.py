"""How the summary writes numbers, dates, counts and shortened text: the same on every machine."""

from __future__ import annotations

from datetime import date, datetime


def number(value: float) -> str:
    """A score as a whole number where it is one (to a tenth), else with one decimal."""
    if abs(value - round(value)) < 0.05:
        return f"{round(value):,}"
    return f"{value:,.1f}"


# Not strftime("%B"): it follows the process locale, which a GUI may change; output must not vary.
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(value: str) -> str:
    """2026-09-15 → 15 September 2026; anything else as typed."""
    try:
        parsed = date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


def timestamp(value: str) -> str:
    """An ISO timestamp as 15 September 2026, 10:32 UTC; anything else as stored."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return value
    offset = parsed.utcoffset()
    zone = "" if offset is None else ("UTC" if not offset else parsed.strftime("UTC%z"))
    return f"{long_date(parsed.date().isoformat())}, {parsed.strftime('%H:%M')} {zone}".strip()


def plural(n: int, one: str, many: str | None = None) -> str:
    """1 request, 2 requests, 1,200 requests."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def join_phrases(phrases: list[str]) -> str:
    """a, b and c."""
    if len(phrases) <= 1:
        return "".join(phrases)
    return ", ".join(phrases[:-1]) + " and " + phrases[-1]


def brief(text: str, limit: int = 280) -> str:
    """User text shortened for overviews; each request's own section prints it in full."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
