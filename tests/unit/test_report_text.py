"""Hostile text in the summary PDF: markup, emoji, right-to-left, CJK, huge words, empty fields.

Each string must survive export without an error and come back out of the PDF as text.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.report import bidi, text
from workshop_app.report.export import build_pdf

MARKUP = "R&D <b>&</i> <unclosed & x<y>z &amp; <br/>"
EMOJI = "Ship it 🚀 then celebrate 🎉 👍🏽"
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
CHINESE = "季度报价流程"
JAPANESE = "見積もりを一日で"
KOREAN = "견적을 하루 안에"
GREEK_CYRILLIC = "Ελληνικά και кириллица"
HUGE_WORD = "Z" * 10_000


def hostile_workshop() -> m.Workshop:
    """The demo workshop with every text field a facilitator might fill made hostile."""
    ws = demo_workshop()
    ws.title = f"{MARKUP} {CHINESE}"
    ws.division = f"{HEBREW} {EMOJI}"
    ws.location = ""
    ws.company = ARABIC
    ws.participants[0].name = f"{KOREAN} {MARKUP}"
    ws.participants[1].role = ""
    ws.goals[0].title = GREEK_CYRILLIC
    ws.goals[0].measure = HUGE_WORD
    ws.requests[0].text = f"{JAPANESE} {EMOJI}"
    ws.requests[1].text = f"{ARABIC} — {HEBREW} (2026)"
    ws.requests[2].requested_by = ""
    ws.requests[3].text = HUGE_WORD
    ws.needs[0].statement = f"{MARKUP} {KOREAN}"
    ws.needs[0].why_ladder = [HUGE_WORD, "", EMOJI, HEBREW]
    ws.needs[1].statement = ""
    ws.needs[1].beneficiaries = HUGE_WORD
    ws.needs[2].cost_of_inaction = "line one\nline two\r\nline three\ttabbed\x0bvertical"
    ws.decisions[0].rationale = f"{MARKUP} {EMOJI} {ARABIC}"
    ws.decisions[1].owner = HUGE_WORD
    ws.decisions[2].next_step = ""
    ws.actions[0].text = HUGE_WORD
    ws.actions[1].owner = f"{CHINESE} {EMOJI}"
    return ws


def _text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return build_pdf(hostile_workshop())


@pytest.fixture(scope="module")
def hostile_text(hostile_pdf: bytes) -> str:
    return _text_of(hostile_pdf)


def _squash(value: str) -> str:
    return "".join(value.split())


@pytest.mark.parametrize(
    "needle",
    [MARKUP, CHINESE, JAPANESE, KOREAN, GREEK_CYRILLIC, "Ship it 🚀 then celebrate 🎉 👍🏽"],
)
def test_hostile_left_to_right_text_comes_back_out_of_the_pdf(
    hostile_text: str, needle: str
) -> None:
    assert _squash(needle) in _squash(hostile_text)


@pytest.mark.parametrize("word", HEBREW.split())
def test_hebrew_words_come_back_exactly(hostile_text: str, word: str) -> None:
    assert word in hostile_text


@pytest.mark.parametrize("word", ARABIC.split())
def test_arabic_words_are_shaped_and_come_back_as_the_same_letters(
    hostile_text: str, word: str
) -> None:
    # Shaped Arabic is stored as presentation forms; NFKC maps them back to the letters.
    assert word in unicodedata.normalize("NFKC", hostile_text)


def test_a_ten_thousand_character_word_wraps_instead_of_overflowing(hostile_text: str) -> None:
    runs = [
        len(run) for line in hostile_text.splitlines() for run in line.split() if set(run) == {"Z"}
    ]
    # Six fields hold the word; every character is there, in lines no wider than a column.
    assert sum(runs) >= 6 * len(HUGE_WORD)
    assert max(runs) < 100


def test_empty_fields_show_a_dash_never_none(hostile_text: str) -> None:
    assert "None" not in hostile_text
    assert "—" in hostile_text


def test_markup_is_escaped_not_interpreted() -> None:
    assert text.markup("<b>&</i>") == "&lt;b&gt;&amp;&lt;/i&gt;"


def test_cjk_runs_use_the_fallback_fonts() -> None:
    result = text.markup(f"Plan {CHINESE} and {KOREAN}")
    assert '<font name="WorkshopCJK">' in result
    assert '<font name="WorkshopHangul">' in result


def test_control_characters_and_broken_surrogates_are_cleaned() -> None:
    assert text.clean("a\x00b\x0bc\ud800") == "a b c\ufffd"


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("Sales asks: שלום עולם now", "Sales asks: םלוע םולש now"),
        ("שלום עולם (Hebrew) 2026", "2026 (Hebrew) םלוע םולש"),
        ("abc (שלום) def", "abc (םולש) def"),
        ("plain text", "plain text"),
    ],
)
def test_right_to_left_text_is_put_in_visual_order(logical: str, visual: str) -> None:
    assert bidi.visual(logical) == visual
