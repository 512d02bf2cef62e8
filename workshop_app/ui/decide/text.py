"""Showing arbitrary user text safely: plain text, bounded length, wrappable anywhere.

Facilitators paste anything: markup, emoji, right-to-left and CJK text, a 10,000-character "word".
Labels that show it use plain text; these helpers keep it from running off the screen. A word
longer than `run` characters gets invisible break opportunities (U+200B ZERO WIDTH SPACE), so
word-wrapping labels can break it instead of overflowing.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
_SPACES = re.compile(r"\s+")
_LONG_RUN = re.compile(r"\S{24,}")


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def one_line(text: str, limit: int = 300) -> str:
    """Whitespace (including line breaks) collapsed to single spaces, then shortened."""
    return shorten(_SPACES.sub(" ", text or ""), limit)


def wrappable(text: str, limit: int = 2000, run: int = 24) -> str:
    """Shortened, with break opportunities inside very long words, for word-wrapping labels."""
    text = shorten(text or "", limit)

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZWSP.join(word[i : i + run] for i in range(0, len(word), run))

    return _LONG_RUN.sub(split, text)
