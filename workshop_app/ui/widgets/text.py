"""Showing arbitrary user text safely: bounded length, one line or wrappable, literal tooltips.

Pure Python, no Qt. Facilitators paste anything: markup, emoji, right-to-left and CJK text, a
pasted novel or one 10,000-character "word". Labels show it as plain text; these helpers keep it
from running off the screen. Callers pass the limits that suit their place on screen.
"""

from __future__ import annotations

import re

ZWSP = "\u200b"  # ZERO WIDTH SPACE: an invisible place where a word-wrapping label may break
_SPACES = re.compile(r"\s+")


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 request', '2 requests', '0 entries' (with `many` where adding an s is wrong)."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, ending in "…" when cut."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + "…"


def one_line(text: str, limit: int = 300) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, then shortened."""
    text = text or ""
    # Tables ask for a cell's text on every paint and a request may be 20,000 characters long:
    # collapse a prefix, which gives the same result whenever it already holds more than `limit`.
    flat = _SPACES.sub(" ", text[: limit * 4])
    if len(text) > limit * 4 and len(flat.strip()) <= limit:
        flat = _SPACES.sub(" ", text)
    return shorten(flat, limit)


def wrappable(text: str, limit: int | None = 2000, run: int = 24) -> str:
    """Shortened to `limit` (None: not at all), with an invisible break opportunity every `run`
    characters of a longer word, so word-wrapping labels break it instead of overflowing."""
    text = shorten(text, limit) if limit is not None else text or ""
    if len(text) <= run:
        return text  # no word in it is longer than a run
    long_word = _LONG_WORDS.get(run)
    if long_word is None:
        long_word = _LONG_WORDS[run] = re.compile(rf"\S{{{run + 1},}}")

    def split(match: re.Match[str]) -> str:
        word = match.group(0)
        return ZWSP.join(word[i : i + run] for i in range(0, len(word), run))

    return long_word.sub(split, text)


#: The pattern of a word longer than a run, by run: a summary asks for thousands of texts.
_LONG_WORDS: dict[int, re.Pattern[str]] = {}


def tooltip(text: str, limit: int = 600, run: int | None = None) -> str:
    """User text for a tooltip: shortened, shown literally (Qt would render `<b>` as markup),
    line breaks kept; with `run`, long words get break opportunities. "" when there is no text."""
    text = shorten(text, limit)
    if not text:
        return ""
    if run is not None:
        text = wrappable(text, limit=None, run=run)
    import html  # here: its table of entities is a millisecond of the window's start

    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def display(text: str, limit: int) -> str:
    """On one line, at most `limit` characters, breakable every 20 characters of a long word:
    what a word-wrapped label in the Needs and Align stages should be given."""
    return wrappable(one_line(text, limit), limit=None, run=20)


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
            lines[-1] = one_line(f"{lines[-1]} {rest}", width)
            return lines
    if current:
        lines.append(current)
    return lines or [""]
