"""How the Needs and Align stages shape user text, on top of the shared helpers in `widgets.text`.

Pure Python, no Qt. A request may be a pasted novel or one 10,000-character word; labels must
neither grow to the width of that word nor fill the screen with it.
"""

from __future__ import annotations

from workshop_app.ui.widgets.text import one_line, wrappable


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
