"""The bundled fonts of the summary PDF, and which font draws which character.

DejaVu Sans (regular, bold, oblique, bold-oblique) sets every text. reportlab has no automatic
font fallback, so characters DejaVu lacks are routed, run by run, to Droid Sans Fallback (Chinese,
Japanese) or NanumSquare (Korean); see `text.markup`. Anything none of them has (most emoji) is
drawn as DejaVu's empty-box glyph but keeps its Unicode value, so it still copies and searches.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from workshop_app import paths

SANS = "WorkshopSans"
SANS_BOLD = "WorkshopSans-Bold"
SANS_ITALIC = "WorkshopSans-Oblique"
SANS_BOLD_ITALIC = "WorkshopSans-BoldOblique"
CJK = "WorkshopCJK"
HANGUL = "WorkshopHangul"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumSquareR.ttf",
}
#: Fallbacks in the order they are tried for a character the main font lacks.
FALLBACKS = (CJK, HANGUL)

_lock = threading.Lock()


def register_fonts() -> None:
    """Register the bundled fonts with reportlab once per process (safe to call repeatedly)."""
    _register()


@cache
def _register() -> None:
    with _lock:
        _fix_to_unicode_for_astral_characters()
        folder = paths.resources_dir() / "fonts"
        for name, file_name in _FILES.items():
            # asciiReadable=0 keeps the content streams in hex, which is stable and compact.
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
        )
        # The fallbacks have one weight; bold and italic text in them stays regular.
        for name in FALLBACKS:
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )


@cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points a registered font has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)
    return frozenset(c for c, g in font.face.charToGlyph.items() if g)


@cache
def covers_ascii(font_name: str) -> bool:
    """Whether the font draws every printable ASCII character."""
    return all(code in coverage(font_name) for code in range(0x20, 0x7F))


def keep_as_text(code: int) -> None:
    """Let a character no bundled font can draw through as an empty box that stays text.

    reportlab silently turns such characters into code 0, so they vanish from extracted and
    copied text. Mapping them to the empty-box glyph (glyph 0) of each main font keeps their
    Unicode value in the PDF's ToUnicode map. Adding the mapping is idempotent, so output stays
    the same whatever was exported before in this process.
    """
    if code in _kept:
        return
    register_fonts()
    with _lock:
        for name in (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC):
            face = pdfmetrics.getFont(name).face
            face.charToGlyph.setdefault(code, 0)
        _kept.add(code)


_kept: set[int] = set()


def font_path(font_name: str) -> str:
    return str(paths.resources_dir() / "fonts" / _FILES[font_name])


def _fix_to_unicode_for_astral_characters() -> None:
    """Make reportlab's ToUnicode map valid for characters beyond U+FFFF (emoji, rare CJK).

    reportlab writes such a character as five or six hex digits (``<1F600>``), which is not
    valid UTF-16BE, so PDF readers drop it and an emoji vanishes from copied or extracted text.
    The replacement writes the surrogate pair (``<D83DDE00>``) that the PDF format requires.
    """
    if getattr(ttfonts.makeToUnicodeCMap, "_workshop_app_fixed", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
        def utf16(code: int) -> str:
            return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

        cmap = [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
        return "\n".join(cmap)

    make_to_unicode_cmap._workshop_app_fixed = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
