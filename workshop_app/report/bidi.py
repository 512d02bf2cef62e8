"""Right-to-left text for a left-to-right PDF: Arabic joined, Hebrew and Arabic in visual order.

reportlab lays out characters in the order it is given them, left to right, and its own bidi
support needs a package that is not available here. So before text reaches a Paragraph:

1. each run of Arabic letters is shaped with HarfBuzz (uharfbuzz) against DejaVu Sans and
   rewritten as the Arabic presentation forms HarfBuzz chose (initial, medial, final, lam-alef
   ligatures), still in logical order; a run whose glyphs have no Unicode presentation form is
   left unshaped;
2. each line is put into visual order with a compact version of the Unicode bidi algorithm
   (strong types, numbers, neutrals between strong types, mirrored brackets, level reversal).

The result reads correctly on a single line, and PDF text extraction (which reverses right-to-left
runs back into logical order) returns the original words; Arabic comes back as presentation
forms, which NFKC normalisation turns into the original letters. The known limit: a right-to-left
passage long enough to wrap onto several lines is reordered before wrapping, so its lines appear
in reverse order. docs/pdf.md describes this.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

_STRONG_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_ARABIC_RUN = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+")
_MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹", strict=True))


#: The blocks that hold every right-to-left character (bidi class R or AL): Hebrew to Arabic
#: Extended-A, the right-to-left mark, the Hebrew and Arabic presentation forms, and the
#: right-to-left blocks beyond U+FFFF. Text with nothing in them has no right-to-left character.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    # Most text is ASCII or has no character in a right-to-left block: both checked at C speed.
    if text.isascii() or _RTL_BLOCKS.search(text) is None:
        return False
    return any(unicodedata.bidirectional(c) in _STRONG_RTL for c in text)


def visual(text: str) -> str:
    """Text in the order it must be drawn left to right; unchanged when it has no RTL text."""
    if not has_rtl(text):
        return text
    return "\n".join(_visual_line(line) for line in text.split("\n"))


def _visual_line(line: str) -> str:
    if not has_rtl(line):
        return line
    line = _ARABIC_RUN.sub(lambda m: _shape_arabic(m.group(0)), line)
    kinds = _kinds(line)
    base = next((k for k in kinds if k in ("L", "R")), "L")
    base_level = 1 if base == "R" else 0
    levels = _levels(line, kinds, base_level)
    chars = [_MIRROR.get(c, c) if level % 2 else c for c, level in zip(line, levels, strict=True)]
    return "".join(_reorder(chars, levels))


def _kinds(line: str) -> list[str]:
    """Each character as L (left-to-right), R (right-to-left), N (number) or O (neutral)."""
    kinds: list[str] = []
    for char in line:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            kinds.append("L")
        elif bidi in _STRONG_RTL:
            kinds.append("R")
        elif bidi in _NUMBER:
            kinds.append("N")
        elif bidi == "NSM" and kinds:
            kinds.append(kinds[-1])  # a combining mark takes the type of its base
        else:
            kinds.append("O")
    return kinds


def _levels(line: str, kinds: list[str], base_level: int) -> list[int]:
    size = len(kinds)
    # Numbers follow the strong type before them (W2/W7): after L they are plain L text.
    resolved = list(kinds)
    last_strong = "R" if base_level else "L"
    for i, kind in enumerate(kinds):
        if kind in ("L", "R"):
            last_strong = kind
        elif kind == "N" and last_strong == "L":
            resolved[i] = "L"
    _resolve_brackets(line, resolved, base_level)
    # Neutrals between two runs of the same direction take it; otherwise the base (N1/N2).
    # Numbers count as right-to-left when deciding that (N1).
    previous: list[str] = []
    current = "R" if base_level else "L"
    for kind in resolved:
        if kind != "O":
            current = "R" if kind in ("R", "N") else "L"
        previous.append(current)
    following = [""] * size
    current = "R" if base_level else "L"
    for i in range(size - 1, -1, -1):
        if resolved[i] != "O":
            current = "R" if resolved[i] in ("R", "N") else "L"
        following[i] = current
    levels: list[int] = []
    for i, kind in enumerate(resolved):
        direction = kind
        if kind == "O":
            direction = previous[i] if previous[i] == following[i] else ("R" if base_level else "L")
        if direction == "L":
            levels.append(base_level + (base_level % 2))  # 0 in LTR, 2 inside RTL
        elif direction == "R":
            levels.append(1)
        else:  # a number within right-to-left text keeps its digits left to right
            levels.append(2)
    return levels


_OPENING = {"(": ")", "[": "]", "{": "}"}


def _resolve_brackets(line: str, kinds: list[str], base_level: int) -> None:
    """Rule N0, simplified: a bracket pair takes the direction of the text it encloses."""
    embedding = "R" if base_level else "L"
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(line):
        if char in _OPENING:
            stack.append((_OPENING[char], i))
        elif stack and char in _OPENING.values():
            while stack and stack[-1][0] != char:
                stack.pop()
            if stack:
                pairs.append((stack.pop()[1], i))
    for start, end in sorted(pairs):
        inside = {"R" if k in ("R", "N") else "L" for k in kinds[start + 1 : end] if k != "O"}
        if not inside:
            continue
        if embedding in inside:
            direction = embedding
        else:
            before = next(
                ("R" if k in ("R", "N") else "L" for k in reversed(kinds[:start]) if k != "O"),
                embedding,
            )
            direction = before  # only opposite text inside: follow the context before it
        kinds[start] = kinds[end] = direction


def _reorder(chars: list[str], levels: list[int]) -> list[str]:
    """Reverse every run at or above each level, from the highest down to 1 (rule L2)."""
    chars = list(chars)
    for level in range(max(levels), 0, -1):
        i = 0
        while i < len(chars):
            if levels[i] >= level:
                j = i
                while j < len(chars) and levels[j] >= level:
                    j += 1
                chars[i:j] = chars[i:j][::-1]
                levels[i:j] = levels[i:j][::-1]
                i = j
            else:
                i += 1
    return chars


def _shape_arabic(run: str) -> str:
    """The run as HarfBuzz shapes it with DejaVu Sans, as presentation forms in logical order."""
    shaper = _shaper()
    if shaper is None:
        return run
    hb, font, glyph_to_chars = shaper
    buffer = hb.Buffer()
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    shaped: list[str] = []
    for info in buffer.glyph_infos:
        chars = glyph_to_chars.get(info.codepoint)
        if not info.codepoint or not chars:
            return run  # a glyph with no Unicode form: draw the letters unjoined instead
        original = ord(run[info.cluster]) if info.cluster < len(run) else -1
        shaped.append(chr(original) if original in chars else chr(max(chars)))
    return "".join(reversed(shaped))  # HarfBuzz returns right-to-left runs in visual order


@cache
def _shaper() -> tuple[Any, Any, dict[int, list[int]]] | None:
    try:
        import uharfbuzz as hb
    except ImportError:  # pragma: no cover - uharfbuzz is a dependency
        return None
    from reportlab.pdfbase import pdfmetrics

    from workshop_app.report import fonts

    fonts.register_fonts()
    face = pdfmetrics.getFont(fonts.SANS).face
    blob = hb.Blob.from_file_path(fonts.font_path(fonts.SANS))
    font = hb.Font(hb.Face(blob))
    return hb, font, dict(face.glyphToChar)
