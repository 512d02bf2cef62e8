"""The bundled fonts of the summary PDF, and which font draws which character.

DejaVu Sans (regular, bold, oblique, bold-oblique) sets every text. reportlab has no automatic
font fallback, so characters DejaVu lacks are routed, run by run, to Droid Sans Fallback (Chinese,
Japanese), NanumSquare (Korean) or, last, Symbola (emoji and symbols, in one colour); see
`text.markup`. Anything none of them has is drawn as DejaVu's empty-box glyph but keeps its
Unicode value, so it still copies and searches.
"""

from __future__ import annotations

import hashlib
import struct
import threading
from functools import cache
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import tables

from workshop_app import paths

SANS = "WorkshopSans"
SANS_BOLD = "WorkshopSans-Bold"
SANS_ITALIC = "WorkshopSans-Oblique"
SANS_BOLD_ITALIC = "WorkshopSans-BoldOblique"
CJK = "WorkshopCJK"
HANGUL = "WorkshopHangul"
EMOJI = "WorkshopSymbols"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    CJK: "DroidSansFallbackFull.ttf",
    HANGUL: "NanumSquareR.ttf",
    EMOJI: "Symbola_hint.ttf",
}
#: The main family, registered before any summary is drawn.
MAIN = (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC)
#: Fallbacks in the order they are tried for a character the main font lacks.
FALLBACKS = (CJK, HANGUL, EMOJI)
#: The highest code point a fallback has a glyph for (a test checks each against its file), so
#: an emoji (U+1F000 and up) goes straight to Symbola without reading the CJK fonts to find out
#: that they lack it.
HIGHEST = {CJK: 0x1044F, HANGUL: 0xFFE6, EMOJI: 0x10FFFF}

_lock = threading.Lock()


def register_fonts() -> None:
    """Make the main family known to reportlab once per process (safe to call repeatedly).

    Only the regular face is read at once: each face is a TrueType file of 700 KB that takes
    a hundredth of a second to read, and many summaries never set bold italic. reportlab
    reads any other face the first time a text asks for it (`_read_faces_when_asked`). A
    fallback is registered when a character first needs it (`coverage`).
    """
    _register()


@cache
def _register() -> None:
    with _lock:
        _fix_to_unicode_for_astral_characters()
        _read_faces_when_asked()
        _read_numbers_in_place()
    _load_face(SANS)
    for name in MAIN[1:]:  # the name mappings registering each face makes, as if it were read
        pdfmetrics.registerFontFamily(name)
    _map_family()
    with _lock:
        # A table cell selects its style's font before drawing, even a cell holding only
        # Paragraphs; reportlab's default is Helvetica, which a PDF would reference unembedded.
        tables.CellStyle.fontname = SANS
        # Streams as bare Flate data, not also ASCII85 text: a fifth smaller, and a reader
        # (verify, its limits check) inflates them with zlib alone instead of first decoding
        # ASCII85 in pure Python, which took seconds for a few hundred pages.
        rl_config.useA85 = 0


@cache
def _register_fallback(name: str) -> None:
    """A fallback is registered the first time a character asks for it (`coverage`): reading
    the 4 MB CJK font and the Korean one took a fifth of a second of every export, Symbola
    (3 MB) a thirtieth, and most summaries need none of them."""
    register_fonts()
    with _lock:
        pdfmetrics.registerFont(_TaggedFont(name, font_path(name)))
        # The fallbacks have one weight; bold and italic text in them stays regular.
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)


@cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points a bundled font has a glyph for (registering it if need be)."""
    if font_name in FALLBACKS:
        _register_fallback(font_name)
    else:
        register_fonts()
    font = pdfmetrics.getFont(font_name)
    assert isinstance(font, TTFont)
    return frozenset(c for c, g in font.face.charToGlyph.items() if g)


@cache
def covers_ascii(font_name: str) -> bool:
    """Whether the font draws every printable ASCII character."""
    return all(code in coverage(font_name) for code in range(0x20, 0x7F))


def _load_face(name: str) -> None:
    """Read one face of the main family and register it (once), with the characters kept as
    text so far (`keep_as_text`)."""
    with _lock:
        if name in _loaded:
            return
        # asciiReadable=0 keeps the content streams in hex, which is stable and compact.
        font = _TaggedFont(name, font_path(name))
        for code in _kept:
            font.face.charToGlyph.setdefault(code, 0)
        pdfmetrics.registerFont(font)
        _loaded.add(name)
    # Registering a face maps its name to a family of its own, which would turn bold inside
    # an italic paragraph, say, into another face than it was before: map it back, so that
    # markup resolves to the same faces whichever were read first.
    _map_family()


def _map_family() -> None:
    """Bold, italic and bold italic of the main family, for Paragraph markup."""
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )


def _read_faces_when_asked() -> None:
    """Let reportlab read a face of the main family when it first asks for it by name.

    reportlab looks a font up by name (`pdfmetrics.getFont`) and, for a name it does not
    know, calls `findFontAndRegister`, which only knows the standard fonts; the replacement
    reads the main family's faces first. Installed once per process.
    """
    original = pdfmetrics.findFontAndRegister
    if getattr(original, "_workshop_app_lazy", False):
        return

    def find_font(font_name: str) -> Any:
        if font_name in MAIN:
            _load_face(font_name)
            return pdfmetrics.getFont(font_name)
        return original(font_name)

    find_font._workshop_app_lazy = True  # type: ignore[attr-defined]
    pdfmetrics.findFontAndRegister = find_font


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
        for name in _loaded:  # a face read later gets the mapping as it is read (_load_face)
            face = pdfmetrics.getFont(name).face
            face.charToGlyph.setdefault(code, 0)
        _kept.add(code)


_kept: set[int] = set()
#: The faces of the main family read so far.
_loaded: set[str] = set()


class _TaggedFont(TTFont):
    """A TrueType font whose embedded subsets carry tags that differ from every other subset's.

    PDF 32000 section 9.6.4: a subset's font name starts with a six-letter tag, and different
    subsets in one file have different tags. reportlab numbers the subsets of each font from
    AAAAAA, so DejaVu Sans, its bold and the CJK fallback all arrive as AAAAAA+…, and a signature
    stamp (a document of its own, drawn into the summary) brings its own AAAAAA+DejaVuSans. Here
    the tag is drawn from the font's name and the very characters of the subset: the same
    content gives the same tag (the PDF stays deterministic), different subsets different ones.
    """

    def addObjects(self, doc: Any) -> None:
        # reportlab forgets the document's subsets once their objects exist: note them first.
        subsets = [
            (self.getSubsetInternalName(number, doc)[1:], subset)
            for number, subset in enumerate(self._assignState(doc).subsets)
        ]
        super().addObjects(doc)
        used: set[str] = doc.__dict__.setdefault("_workshop_app_subset_tags", set())
        for internal_name, subset in subsets:
            pdf_font = doc.idToObject[internal_name]
            given = str(pdf_font.BaseFont)  # "AAAAAA+DejaVuSans"
            name = f"{_subset_tag(given[7:], subset, used)}+{given[7:]}"
            pdf_font.BaseFont = name
            doc.idToObject["fontDescriptor:" + given].dict["FontName"] = pdfdoc.PDFName(name)
            doc.idToObject["toUnicodeCMap:" + given].content = ttfonts.makeToUnicodeCMap(
                name, subset
            )


def _subset_tag(font_name: str, subset: list[int], used: set[str]) -> str:
    """Six capital letters from a hash of the font and its characters, unused in this file."""
    seed = f"{font_name}:{','.join(map(str, subset))}"
    attempt = 0
    while True:
        digest = hashlib.sha256(f"{seed}:{attempt}".encode()).digest()
        tag = "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
        if tag not in used:
            used.add(tag)
            return tag
        attempt += 1


def font_path(font_name: str) -> str:
    return str(paths.resources_dir() / "fonts" / _FILES[font_name])


_USHORT = struct.Struct(">H").unpack_from
_ULONG = struct.Struct(">L").unpack_from


def _read_numbers_in_place() -> None:
    """Let reportlab read a font file's numbers where they lie instead of from a copy of their
    bytes: reading a face of the main family reads some 20,000 of them, and copying each first
    took a quarter of the time. The same numbers, the same errors (`struct.error`) past the end.
    """
    parser = ttfonts.TTFontParser
    if getattr(parser.read_ushort, "_workshop_app_in_place", False):
        return

    def read_ushort(self: Any) -> int:
        position = self._pos
        self._pos = position + 2
        value: int = _USHORT(self._ttf_data, position)[0]
        return value

    def read_ulong(self: Any) -> int:
        position = self._pos
        self._pos = position + 4
        value: int = _ULONG(self._ttf_data, position)[0]
        return value

    def get_ushort(self: Any, position: int) -> int:
        value: int = _USHORT(self._ttf_data, position)[0]
        return value

    read_ushort._workshop_app_in_place = True  # type: ignore[attr-defined]
    parser.read_ushort = read_ushort
    parser.read_ulong = read_ulong
    parser.get_ushort = get_ushort


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
