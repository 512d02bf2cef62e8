"""Agenda minutes as people type them in the room (issue 11, defect 5).

Regression: "Sign-off 10" kept "10" in the title and planned 15 minutes; only "Item, 20 min" was
understood.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from workshop_app.core.agenda import BARE_MINUTES, DEFAULT_MINUTES, MAX_MINUTES, parse_agenda_item

FAST = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    "typed",
    ["Sign-off 10", "Sign-off 10 min", "Sign-off – 10m", "Sign-off (10')", "10 min sign-off"],
)
def test_every_way_the_issue_lists_plans_ten_minutes_of_sign_off(typed: str) -> None:
    assert parse_agenda_item(typed) == ("Sign-off", 10)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Needs 40 min", ("Needs", 40)),
        ("Decide, 20 minutes", ("Decide", 20)),
        ("Needs: why does it matter? 40 min", ("Needs: why does it matter?", 40)),
        ("Sign-off: 10′", ("Sign-off", 10)),
        ("Sign-off 10min.", ("Sign-off", 10)),
        ("Sign-off [10 min]", ("Sign-off", 10)),
        ("(10 min) Sign-off", ("Sign-off", 10)),
        ("Lunch 1 h 30", ("Lunch", 90)),
        ("Lunch (1h30m)", ("Lunch", 90)),
        ("Strategy 2 hours", ("Strategy", 120)),
        ("Review ( 5", ("Review (", 5)),  # an unclosed bracket belongs to the title
        ("Check 0H 1 min", ("Check 0H", 1)),  # zero hours is no duration
        ("10 min iPhone rollout", ("iPhone rollout", 10)),
        ("  Goals    review   25 mins ", ("Goals review", 25)),
    ],
)
def test_durations_after_or_before_the_title(typed: str, expected: tuple[str, int]) -> None:
    assert parse_agenda_item(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "Q3 review 2026",  # a year, not a plan
        "Round 2",  # a bare number below five minutes is part of the name
        "Phase-2",  # a hyphen without a space joins
        "3 goals to revisit",  # a leading number needs its unit
        "45 min",  # no title left
        "Break 0 min",
        "Sign-off 2000 min",  # longer than a day
        "Lunch (10",  # unbalanced brackets
        "Lunch 10)",
        "Lunch (1 h 75)",  # no such time
        "",
    ],
)
def test_text_without_a_sensible_duration_is_all_title(typed: str) -> None:
    assert parse_agenda_item(typed, default_minutes=7) == (" ".join(typed.split()), 7)


TITLE_WORDS = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789?&/()-'éñ你"),
    min_size=1,
    max_size=12,
)
TITLES = st.lists(TITLE_WORDS, min_size=1, max_size=5).map(" ".join)


def _plain_title(title: str) -> str:
    """A title that names no duration itself and starts with a capital, as the room types it."""
    title = title[:1].upper() + title[1:]
    assume(title[:1].isalpha() and title[:1].isupper())
    assume(not title.endswith("-"))  # a dash at the end reads as the separator
    assume(parse_agenda_item(title, default_minutes=-1) == (title, -1))
    return title


@FAST
@given(TITLES, st.integers(1, MAX_MINUTES), st.sampled_from(["{} min", "{} minutes", "{}m"]))
def test_any_title_with_minutes_after_it_round_trips(title: str, minutes: int, unit: str) -> None:
    title = _plain_title(title)
    duration = unit.format(minutes)
    for typed in (f"{title} {duration}", f"{title}, {duration}", f"{title} – {duration}"):
        assert parse_agenda_item(typed) == (title, minutes), typed
    assert parse_agenda_item(f"{title} ({minutes}')") == (title, minutes)
    assert parse_agenda_item(f"{duration} {title}") == (title, minutes)


@FAST
@given(TITLES, st.integers(BARE_MINUTES.start, BARE_MINUTES.stop - 1))
def test_a_bare_number_after_the_title_is_minutes(title: str, minutes: int) -> None:
    title = _plain_title(title)
    assert parse_agenda_item(f"{title} {minutes}") == (title, minutes)


@FAST
@given(st.text(max_size=60))
def test_whatever_is_typed_gives_a_plan_and_loses_no_words(typed: str) -> None:
    title, minutes = parse_agenda_item(typed)
    assert 1 <= minutes <= MAX_MINUTES
    normalised = " ".join(typed.split())
    if minutes == DEFAULT_MINUTES and title == normalised:
        return
    assert title and len(title) < len(normalised)
    # Only the duration and its separator are dropped; the words of the title stay in order.
    assert title.casefold() in normalised.casefold()
