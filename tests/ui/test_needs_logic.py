"""The Needs stage's Qt-free helpers: safe text, what counts as a need, probes, prompt cards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop_app.core import model as m
from workshop_app.core.titles import need_title
from workshop_app.ui.stages.needs.logic import (
    PROBES,
    PromptDeck,
    has_need,
    is_blank,
    load_prompts,
    open_probe,
    request_meta,
    requests_with_need,
)
from workshop_app.ui.widgets.text import ZWSP, one_line, tooltip, wrap_lines, wrappable


def test_clip_flattens_whitespace_and_marks_the_cut() -> None:
    assert one_line("a  b\nc", 10) == "a b c"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert len(one_line("x" * 10_000, 40)) == 40


def test_breakable_lets_a_ten_thousand_character_word_wrap_and_keeps_the_text() -> None:
    word = "x" * 10_000
    broken = wrappable(f"short {word} end", limit=None, run=20)
    assert broken.replace(ZWSP, "") == f"short {word} end"
    runs = broken.replace(ZWSP, " ").split()
    assert max(len(run) for run in runs) <= 20
    assert wrappable("نحتاج نظام CRM 新しい", limit=None, run=20) == "نحتاج نظام CRM 新しい"


def test_wrap_lines_respects_width_and_line_count() -> None:
    lines = wrap_lines("Grow mid-market revenue fifteen percent this year", 14, 3)
    assert len(lines) == 3
    assert all(len(line) <= 14 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap_lines("Short", 14, 3) == ["Short"]
    assert all(len(line) <= 10 for line in wrap_lines("y" * 100, 10, 2))


def test_tooltips_show_markup_literally() -> None:
    assert tooltip("<b>bold</b> & co") == "<qt>&lt;b&gt;bold&lt;/b&gt; &amp; co</qt>"


def _workshop() -> tuple[m.Workshop, m.Request, m.Request]:
    first = m.Request("A new CRM", "María, VP Sales", "March", m.Urgency.HIGH, m.Phase.DELIVER)
    second = m.Request("A chatbot")
    ws = m.Workshop("W", requests=[first, second])
    ws.needs = [m.Need("", [second.id]), m.Need("Quotes out in a day", [first.id])]
    return ws, first, second


def test_a_request_has_its_need_once_a_need_behind_it_has_a_statement() -> None:
    ws, first, second = _workshop()
    assert has_need(ws, first.id)
    assert not has_need(ws, second.id)  # a need was started, but says nothing yet
    assert requests_with_need(ws) == 1


def test_need_titles_and_request_meta_read_as_plain_language() -> None:
    ws, first, _second = _workshop()
    assert need_title(ws, ws.needs[1]) == "Quotes out in a day"
    assert need_title(ws, ws.needs[0]).startswith("Need behind “A chatbot”")
    assert need_title(ws, m.Need()) == "A need without a statement yet"
    assert request_meta(first) == "María, VP Sales · deadline March · high urgency · deliver phase"
    assert request_meta(m.Request("x")) == ""


def test_open_probe_follows_the_conversation() -> None:
    need = m.Need()
    assert open_probe(None) == "why"
    assert open_probe(need) == "why"
    need.why_ladder = ["Reps retype quotes"]
    assert open_probe(need) == "so_that"
    need.statement, need.beneficiaries = "Quotes out in a day", "Reps"
    assert open_probe(need) == "outcome"
    need.measure, need.target = "Turnaround", "1 day"
    need.cost_of_inaction, need.alternatives = "Deals slip", "Integrate"
    assert open_probe(need) == "serves"
    need.serves, need.lens = m.Serves.PARTLY, m.Lens.INTERNAL
    assert open_probe(need) is None


def test_a_need_is_blank_until_anything_is_captured() -> None:
    assert is_blank(m.Need())
    assert is_blank(m.Need(why_ladder=["  "]))
    assert not is_blank(m.Need(why_ladder=["Because"]))
    assert not is_blank(m.Need(lens=m.Lens.BOTH))


def test_the_shipped_prompt_cards_cover_every_probe() -> None:
    prompts = load_prompts()
    assert len(prompts) >= 25
    assert {p.probe for p in prompts} == set(PROBES)
    assert [p.probe for p in prompts] == sorted((p.probe for p in prompts), key=PROBES.index)
    assert prompts[0].question == "Why does that matter?"


@pytest.mark.parametrize(
    "content", ["", "{not json", '{"probes": 3}', '{"probes": [{"id": "why"}]}', "[]"]
)
def test_a_damaged_prompt_file_falls_back_to_the_one_question_that_always_works(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "prompts.json"
    path.write_text(content, encoding="utf-8")
    assert [p.question for p in load_prompts(path)] == ["Why does that matter?"]
    assert [p.question for p in load_prompts(tmp_path / "missing.json")] == [
        "Why does that matter?"
    ]


def test_unknown_probes_and_overlong_questions_are_kept_out(tmp_path: Path) -> None:
    path = tmp_path / "prompts.json"
    data = {
        "probes": [
            {"id": "lens", "questions": ["Who co-owns it?"]},
            {"id": "gossip", "questions": ["Who said what?"]},
            {"id": "why", "questions": ["Why?", "", "w" * 1000]},
        ]
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    prompts = load_prompts(path)
    assert [p.probe for p in prompts] == ["why", "why", "lens"]
    assert len(prompts[1].question) == 300


def test_the_prompt_deck_cycles_and_turns_to_a_probe() -> None:
    deck = PromptDeck(load_prompts())
    first = deck.current
    assert deck.position() == (1, 5)
    second = deck.next()
    assert second != first and second.probe == "why"
    assert deck.previous() == first
    assert deck.previous() == deck.prompts[-1]  # wraps around
    assert deck.show_probe("cost").probe == "cost"
    again = deck.next()
    assert deck.show_probe("cost") == again  # already on that probe: stays put
    assert PromptDeck([]).current.question == "Why does that matter?"
