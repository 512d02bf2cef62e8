"""User text made safe for reportlab Paragraph markup, in the right fonts and the right order.

Every string a person typed goes through `markup` before it reaches a Paragraph: control
characters and broken surrogates are cleaned, right-to-left text is put into visual order
(`bidi.visual`), markup characters are escaped, and runs of characters DejaVu Sans cannot draw are
wrapped in ``<font name=...>`` tags for the CJK fallback fonts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from workshop_app.report import bidi, fonts

DASH = "—"
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\t": " "})


def clean(text: str) -> str:
    """Text without control characters or lone surrogates, with plain newlines."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    if text.isprintable() or _UNSAFE.search(text) is None:
        return text
    return "".join(
        "\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else (" " if _unsafe(c) else c) for c in text
    )


#: What `_unsafe` finds, as one regular expression: control characters (category Cc) other
#: than the newline, and lone surrogates (category Cs).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _unsafe(char: str) -> bool:
    if char == "\n":
        return False
    return unicodedata.category(char) in ("Cc", "Cs")


def markup(text: str | None, font: str = fonts.SANS) -> str:
    """Paragraph markup for one user string set in `font`; newlines become line breaks."""
    if text is None:
        return ""
    if len(text) > _MEMO_MAX_CHARS:
        return _markup(text, font)
    return _markup_memo(text, font)


def _markup(text: str, font: str) -> str:
    text = bidi.visual(clean(text))
    return "<br/>".join(_markup_line(line, font) for line in text.split("\n"))


#: A summary marks up the same short strings again and again (goal titles, priority parts,
#: owners, dates); the markup depends only on the string and the font.
_MEMO_MAX_CHARS = 300
_markup_memo = lru_cache(maxsize=4096)(_markup)


def plain(text: str | None) -> str:
    """A user string for a canvas or chart label: cleaned, one line, in visual order."""
    if not text:
        return ""
    text = " ".join(bidi.visual(clean(text)).split())
    runs(text, fonts.SANS)  # registers characters no font has, so they stay text
    return text


def runs(line: str, font: str) -> list[tuple[str, str]]:
    """The line split into (font, text) runs: `font` where it has the glyphs, else a fallback.

    Spaces and combining marks stay with the run they are in. Characters no bundled font has
    stay in `font` and are drawn as its empty box, but remain text (`fonts.keep_as_text`).
    """
    if not line:
        return []
    if line.isascii() and line.isprintable() and fonts.covers_ascii(font):  # most text, fast
        return [(font, line)]
    own = fonts.coverage(font)
    if own.issuperset(map(ord, line)):
        return [(font, line)]
    chain = [name for name in (fonts.SANS, *fonts.FALLBACKS) if name != font]
    result: list[tuple[str, str]] = []
    current = font
    chunk: list[str] = []
    for char in line:
        chosen = _font_for(char, font, own, chain, current)
        if chosen != current and chunk:
            result.append((current, "".join(chunk)))
            chunk = []
        current = chosen
        chunk.append(char)
    if chunk:
        result.append((current, "".join(chunk)))
    return result


def _markup_line(line: str, font: str) -> str:
    return "".join(
        escape(run) if name == font else f'<font name="{name}">{escape(run)}</font>'
        for name, run in runs(line, font)
    )


def _font_for(char: str, font: str, own: frozenset[int], chain: list[str], current: str) -> str:
    code = ord(char)
    if char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return current
    if code in own:
        return font
    for name in chain:
        if code <= fonts.HIGHEST.get(name, code) and code in fonts.coverage(name):
            return name
    fonts.keep_as_text(code)
    return font


def text_width(text: str, font: str, size: float) -> float:
    """The width of a plain string drawn run by run (see `draw_runs`)."""
    return sum(stringWidth(run, name, size) for name, run in runs(text, font))


def draw_runs(
    canvas: Canvas, x: float, y: float, font_runs: Iterable[tuple[str, str]], size: float
) -> None:
    """Draw (font, text) runs from `runs` one after the other."""
    for name, run in font_runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)
