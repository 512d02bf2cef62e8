"""Fonts in the summary PDF: every one embedded, every subset with a tag of its own (PDF 32000
section 9.6.4), and the same content still gives the same bytes."""

from __future__ import annotations

import io
import re
import struct

from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.pdfbase import ttfonts

from workshop_app.core.demo import demo_workshop
from workshop_app.report import fonts as fonts_module
from workshop_app.report.export import build_pdf


def _fonts(pdf: bytes) -> list[DictionaryObject]:
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[int, DictionaryObject] = {}
    for page in reader.pages:
        resources = page.get("/Resources", {})
        for ref in resources.get("/Font", {}).values():
            found[ref.idnum] = ref.get_object()
    return list(found.values())


def test_each_subset_has_its_own_tag_and_is_embedded() -> None:
    workshop = demo_workshop()
    workshop.title = "Q3 alignment 販売 영업 — Ventes"  # the CJK and Hangul fallbacks too
    pdf = build_pdf(workshop)
    fonts = _fonts(pdf)
    names = [str(font["/BaseFont"]) for font in fonts]
    assert len(names) >= 5, names
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", name) for name in names), names
    tags = [name[1:7] for name in names]
    assert len(set(tags)) == len(tags), names  # reportlab alone gives AAAAAA+ to each font
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert descriptor["/FontName"] == font["/BaseFont"]
        assert "/FontFile2" in descriptor  # embedded
        assert str(font["/BaseFont"])[1:].encode() in font["/ToUnicode"].get_object().get_data()
    assert build_pdf(workshop) == pdf  # tags come from the content: still deterministic


def test_the_fallback_fonts_are_read_only_when_a_character_needs_them() -> None:
    """Reading the CJK and Korean fonts took a fifth of a second of every export; in a fresh
    process a Latin summary reads neither, and a Chinese title reads only the CJK one."""
    import subprocess
    import sys

    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from workshop_app.core.demo import demo_workshop\n"
        "from workshop_app.report import fonts\n"
        "from workshop_app.report.export import build_pdf\n"
        "workshop = demo_workshop()\n"
        "build_pdf(workshop)\n"
        "print(sorted(set(pdfmetrics.getRegisteredFontNames()) & set(fonts.FALLBACKS)))\n"
        "workshop.title = 'Q3 販売'\n"
        "build_pdf(workshop)\n"
        "print(sorted(set(pdfmetrics.getRegisteredFontNames()) & set(fonts.FALLBACKS)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:2] == ["[]", "['WorkshopCJK']"], done.stdout


def test_an_emoji_reads_symbola_alone() -> None:
    """An emoji beyond U+1F000 goes straight to Symbola: the CJK fonts, which have nothing
    there (`fonts.HIGHEST`), are not read to find that out."""
    import subprocess
    import sys

    script = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from workshop_app.core.demo import demo_workshop\n"
        "from workshop_app.report import fonts\n"
        "from workshop_app.report.export import build_pdf\n"
        "workshop = demo_workshop()\n"
        "workshop.title = 'Launch 🚀 🙂'\n"
        "build_pdf(workshop)\n"
        "print(sorted(set(pdfmetrics.getRegisteredFontNames()) & set(fonts.FALLBACKS)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[0] == "['WorkshopSymbols']", done.stdout


def test_each_fallback_has_nothing_above_its_highest_code_point() -> None:
    for name in fonts_module.FALLBACKS:
        assert max(fonts_module.coverage(name)) <= fonts_module.HIGHEST[name], name


def test_emoji_are_drawn_in_symbola_and_copy_back() -> None:
    """Emoji were empty boxes in DejaVu Sans; they are drawn from the embedded Symbola subset
    and still come back as the same characters when the text is copied or extracted."""
    workshop = demo_workshop()
    workshop.title = "Idea 💡 launch 🚀 done ✅ smile 🙂"
    pdf = build_pdf(workshop)
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    names = [str(ref.get_object()["/BaseFont"]) for ref in first["/Resources"]["/Font"].values()]
    symbola = [name for name in names if name.endswith("+Symbola")]
    assert len(symbola) == 1, names
    (font,) = (f for f in _fonts(pdf) if str(f["/BaseFont"]) == symbola[0])
    assert "/FontFile2" in font["/FontDescriptor"].get_object()  # embedded
    cmap = font["/ToUnicode"].get_object().get_data()
    for emoji in "💡🚀✅🙂":  # each mapped back to its own character, beyond U+FFFF as UTF-16
        assert emoji.encode("utf-16-be").hex().upper().encode() in cmap, emoji
    assert workshop.title in first.extract_text()
    assert build_pdf(workshop) == pdf


def test_a_summary_without_emoji_embeds_no_symbola() -> None:
    names = [str(font["/BaseFont"]) for font in _fonts(build_pdf(demo_workshop()))]
    assert not any(name.endswith("+Symbola") for name in names), names


def test_a_face_is_read_when_first_asked_for_and_markup_resolves_as_before() -> None:
    """Only the regular face is read up front; bold, italic and bold italic are read when a
    text first asks for them, and whichever was read first, markup maps to the same faces as
    when all four were read at once (so the same workshop still gives the same bytes)."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from reportlab.lib import fonts as mapping\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "from workshop_app.report import fonts\n"
        "if sys.argv[1] == 'all':\n"
        "    for name in fonts.MAIN:\n"
        "        pdfmetrics.registerFont(fonts._TaggedFont(name, fonts.font_path(name)))\n"
        "    fonts._map_family()\n"
        "else:\n"
        "    fonts.register_fonts()\n"
        "    print(sorted(fonts._loaded))\n"
        "    for name in sys.argv[2:]:\n"
        "        pdfmetrics.stringWidth('x', name, 10)\n"
        "print(sorted(mapping._tt2ps_map.items()), sorted(mapping._ps2tt_map.items()))\n"
    )

    def run(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
        )
        return done.stdout.splitlines()

    (all_at_once,) = run("all")
    first, mapped = run("lazy", "WorkshopSans-BoldOblique", "WorkshopSans-Bold")
    assert first == "['WorkshopSans']"
    assert mapped == all_at_once
    _first, mapped = run("lazy", "WorkshopSans-Oblique")
    assert mapped == all_at_once


def test_every_bundled_font_ships_with_its_licence() -> None:
    """Each font file in resources/fonts (packed whole into the wheel and the standalone app)
    has a LICENSE-<family>.txt beside it."""
    from pathlib import Path

    folder = Path(fonts_module.font_path(fonts_module.EMOJI)).parent
    families = [path.stem.removeprefix("LICENSE-") for path in folder.glob("LICENSE-*.txt")]
    files = sorted(path.name for path in folder.iterdir() if path.suffix in (".ttf", ".otf"))
    assert "Symbola_hint.ttf" in files and "Symbola" in families
    for name in files:
        assert any(name.startswith(family) for family in families), name


class _CopiedBytes(ttfonts.TTFontFace):
    """A face read as reportlab reads it: each number from a copy of its bytes."""

    def read_ushort(self) -> int:
        self._pos += 2
        value: int = struct.unpack(">H", self._ttf_data[self._pos - 2 : self._pos])[0]
        return value

    def read_ulong(self) -> int:
        self._pos += 4
        value: int = struct.unpack(">L", self._ttf_data[self._pos - 4 : self._pos])[0]
        return value

    def get_ushort(self, pos: int) -> int:
        value: int = struct.unpack(">H", self._ttf_data[pos : pos + 2])[0]
        return value


def test_every_bundled_font_reads_the_same_with_its_numbers_read_in_place() -> None:
    fonts_module.register_fonts()
    assert getattr(ttfonts.TTFontParser.read_ushort, "_workshop_app_in_place", False)
    for name in fonts_module._FILES:
        path = fonts_module.font_path(name)
        in_place, copied = ttfonts.TTFontFace(path).__dict__, _CopiedBytes(path).__dict__
        scales = in_place.pop("_pdfScale"), copied.pop("_pdfScale")  # a function each
        assert in_place == copied, name
        assert [scales[0](n) for n in (0, 1, 2048)] == [scales[1](n) for n in (0, 1, 2048)]
