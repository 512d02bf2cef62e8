"""Showing arbitrary user text safely: clipped to a sane length and breakable anywhere.

Pure Python, no Qt. A request may be a pasted novel or one 10,000-character word; labels must
neither grow to the width of that word nor fill the screen with it.
"""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
_LONG_RUN = re.compile(r"\S{25,}")


def clip(text: str, limit: int) -> str:
    """The text on one line, at most `limit` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: max(1, limit - 1)].rstrip() + "…"


def breakable(text: str, every: int = 20) -> str:
    """Insert invisible break opportunities into very long words so word-wrapped text can wrap."""

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZERO_WIDTH_SPACE.join(word[i : i + every] for i in range(0, len(word), every))

    return _LONG_RUN.sub(split, text)


def display(text: str, limit: int) -> str:
    """Clipped and breakable: what a word-wrapped label should be given."""
    return breakable(clip(text, limit))


def wrap_lines(text: str, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines of about `width` characters.

    Long words are cut; the last line ends in an ellipsis when text was left over. Used for table
    headers, which Qt does not wrap by itself.
    """
    words: list[str] = []
    for word in text.split():
        words.extend(word[i : i + width] for i in range(0, len(word), width))
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            rest = " ".join([current, *words[index + 1 :]])
            lines[-1] = clip(f"{lines[-1]} {rest}", width)
            return lines
    if current:
        lines.append(current)
    return lines or [""]


def tooltip(text: str, limit: int = 600) -> str:
    """A tooltip that shows user text literally: Qt would otherwise render `<b>` as markup."""
    from html import escape

    return f"<qt>{escape(clip(text, limit))}</qt>"
