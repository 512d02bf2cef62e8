"""The small pure helpers behind the Decide stage: quick due dates and safe display text."""

from __future__ import annotations

from datetime import date

import pytest

from workshop_app.ui.due_dates import in_words, parse_due
from workshop_app.ui.widgets.text import ZWSP, one_line, shorten, wrappable

TODAY = date(2026, 9, 15)  # a Tuesday


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("", ""),
        ("   ", ""),
        ("2026-10-02", "2026-10-02"),
        ("2026/10/2", "2026-10-02"),
        ("today", "2026-09-15"),
        ("Tomorrow", "2026-09-16"),
        ("+3", "2026-09-18"),
        ("+2w", "2026-09-29"),
        ("in 2 weeks", "2026-09-29"),
        ("+1m", "2026-10-15"),
        ("5 days", "2026-09-20"),
        ("friday", "2026-09-18"),
        ("Tue", "2026-09-22"),  # the next Tuesday, not today
        ("2 Oct", "2026-10-02"),
        ("Oct 2", "2026-10-02"),
        ("2 October 2027", "2027-10-02"),
        ("3 Mar", "2027-03-03"),  # already past this year: next year
    ],
)
def test_quick_dates_mean_what_people_mean(typed: str, meant: str) -> None:
    assert parse_due(typed, TODAY) == meant


@pytest.mark.parametrize(
    "typed", ["2026-02-30", "next blue moon", "32 Oct", "13/13/13", "fri!", "frisbee"]
)
def test_what_is_not_a_date_is_refused(typed: str) -> None:
    assert parse_due(typed, TODAY) is None


def test_dates_in_words() -> None:
    assert in_words("2026-09-18", TODAY) == "Fri 18 Sep · in 3 days"
    assert in_words("2026-09-15", TODAY) == "Tue 15 Sep · today"
    assert in_words("2026-11-15", TODAY) == "15 Nov · in 9 weeks"
    assert in_words("2027-01-04", TODAY) == "4 Jan 2027 · in 16 weeks"
    assert in_words("2026-09-01", TODAY) == "1 Sep · 2 weeks ago"
    assert in_words("", TODAY) == ""
    assert in_words("not a date", TODAY) == ""


def test_display_text_is_bounded_and_breakable() -> None:
    assert shorten("abcdef", 4) == "abc…"
    assert one_line("a\n\n b\tc", 50) == "a b c"
    long_word = "x" * 100
    wrapped = wrappable(long_word)
    assert wrapped.replace(ZWSP, "") == long_word
    assert all(len(part) <= 24 for part in wrapped.split(ZWSP))
    assert wrappable("short words stay as they are") == "short words stay as they are"
    assert len(wrappable("y" * 50_000, limit=2000).replace(ZWSP, "")) == 2000
