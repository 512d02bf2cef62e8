"""How robust a ranking is: the smallest change of one goal's weight that swaps two neighbours.

Properties check every report against the ranking itself (`scoring.ranked_needs` on the workshop
with the weight changed): a reported change really swaps the two needs, and no smaller change of
that goal's weight within the allowed range does.
"""

from __future__ import annotations

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.core import model as m
from workshop_app.core import scoring
from workshop_app.core.demo import demo_workshop
from workshop_app.core.sensitivity import (
    WEIGHT_RANGE,
    Verdict,
    workshop_sensitivity,
)

FAST = settings(max_examples=150, deadline=None)
RATING = st.none() | st.integers(1, 10)


def ranked_ids(ws: m.Workshop) -> list[str]:
    return [need.id for need, _ in scoring.ranked_needs(ws)]


def with_weight(ws: m.Workshop, goal_id: str, weight: int) -> m.Workshop:
    changed = copy.deepcopy(ws)
    goal = changed.goal(goal_id)
    assert goal is not None
    goal.weight = weight
    return changed


def above(order: list[str], first: str, second: str) -> bool:
    return order.index(first) < order.index(second)


@st.composite
def workshops(draw: st.DrawFn) -> m.Workshop:
    """Goals of any allowed weight, needs with any ratings (some rated directly), any links."""
    low, high = WEIGHT_RANGE
    goals = [
        m.StrategicGoal(f"Goal {i}", weight=draw(st.integers(low, high)))
        for i in range(draw(st.integers(0, 4)))
    ]
    needs = [
        m.Need(
            f"Need {i}",
            assessment=m.Assessment(
                value=draw(st.none() | st.integers(1, 10)) if draw(st.booleans()) else None,
                urgency=draw(RATING),
                effort=draw(RATING),
                risk=draw(RATING),
                confidence=draw(st.none() | st.integers(0, 100)),
                reach=draw(st.none() | st.integers(0, 1000)),
            ),
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    links = [
        m.AlignmentLink(need.id, goal.id, draw(st.sampled_from(m.Strength)))
        for need in needs
        for goal in goals
        if draw(st.booleans())
    ]
    return m.Workshop(
        "Robustness",
        goals=goals,
        needs=needs,
        links=links,
        framework=draw(st.sampled_from(m.Framework)),
    )


@given(workshops())
@FAST
def test_the_ranking_is_the_one_the_app_shows(ws: m.Workshop) -> None:
    result = workshop_sensitivity(ws)
    assert [r.id for r in result.ranking] == ranked_ids(ws)
    assert [r.score for r in result.ranking] == [p.score for _, p in scoring.ranked_needs(ws)]
    assert len(result.pairs) == max(0, len(ws.needs) - 1)


@given(workshops())
@FAST
def test_a_reported_swap_really_swaps_and_no_smaller_change_of_that_weight_does(
    ws: m.Workshop,
) -> None:
    result = workshop_sensitivity(ws)
    low, high = WEIGHT_RANGE
    for pair in result.pairs:
        assert above(ranked_ids(ws), pair.upper.id, pair.lower.id)
        swap = pair.swap
        if swap is None:
            continue
        assert low <= swap.weight_to <= high and swap.weight_to != swap.weight_from
        assert above(
            ranked_ids(with_weight(ws, swap.goal_id, swap.weight_to)), pair.lower.id, pair.upper.id
        )
        for weight in range(low, high + 1):
            if 0 < abs(weight - swap.weight_from) < swap.step:
                order = ranked_ids(with_weight(ws, swap.goal_id, weight))
                assert above(order, pair.upper.id, pair.lower.id), weight


@given(workshops())
@FAST
def test_a_steady_pair_swaps_with_no_single_weight_change(ws: m.Workshop) -> None:
    result = workshop_sensitivity(ws)
    low, high = WEIGHT_RANGE
    for pair in result.pairs:
        if pair.swap is not None:
            continue
        for goal in ws.goals:
            for weight in range(low, high + 1):
                order = ranked_ids(with_weight(ws, goal.id, weight))
                assert above(order, pair.upper.id, pair.lower.id)


@given(workshops())
@FAST
def test_no_other_goal_swaps_a_pair_with_a_smaller_change(ws: m.Workshop) -> None:
    result = workshop_sensitivity(ws)
    for pair in result.swaps:
        assert pair.swap is not None
        for goal in ws.goals:
            for weight in range(goal.weight - pair.swap.step + 1, goal.weight + pair.swap.step):
                if weight == goal.weight or not WEIGHT_RANGE[0] <= weight <= WEIGHT_RANGE[1]:
                    continue
                order = ranked_ids(with_weight(ws, goal.id, weight))
                assert above(order, pair.upper.id, pair.lower.id)


def two_needs(value_a: int | None = None) -> m.Workshop:
    growth = m.StrategicGoal("Grow revenue", weight=5)
    cost = m.StrategicGoal("Cut cost", weight=4)
    a = m.Need("Quotes out in a day", assessment=m.Assessment(value=value_a))
    b = m.Need("Fewer payroll questions")
    return m.Workshop(
        "Two",
        goals=[growth, cost],
        needs=[a, b],
        links=[
            m.AlignmentLink(a.id, growth.id, m.Strength.STRONG),
            m.AlignmentLink(b.id, cost.id, m.Strength.STRONG),
        ],
    )


def test_a_tie_keeps_the_needs_list_order_so_it_takes_two_steps_here() -> None:
    ws = two_needs()
    result = workshop_sensitivity(ws)
    assert [r.label for r in result.ranking] == ["Quotes out in a day", "Fewer payroll questions"]
    (pair,) = result.pairs
    assert pair.swap is not None
    # One step either way only ties them at 100, and the tie keeps the Needs list's order.
    assert (pair.swap.goal_title, pair.swap.weight_from, pair.swap.weight_to) == (
        "Grow revenue",
        5,
        3,
    )
    assert result.verdict == Verdict.ROBUST
    assert "it takes a change of 2 steps" in result.verdict_text
    report = result.as_json()
    json.dumps(report)  # plain JSON values
    assert report["swaps"] == [
        {
            "goal": "Grow revenue",
            "goal_id": ws.goals[0].id,
            "weight_from": 5,
            "weight_to": 3,
            "swaps": ["Quotes out in a day", "Fewer payroll questions"],
            "need_ids": [ws.needs[0].id, ws.needs[1].id],
            "positions": [1, 2],
        }
    ]


def test_a_tie_that_puts_the_earlier_need_first_swaps_in_one_step_and_is_fragile() -> None:
    ws = two_needs()
    ws.needs.reverse()
    result = workshop_sensitivity(ws)
    assert [r.label for r in result.ranking] == ["Quotes out in a day", "Fewer payroll questions"]
    swap = result.pairs[0].swap
    assert swap is not None and (swap.goal_title, swap.weight_to) == ("Grow revenue", 4)
    assert result.verdict == Verdict.FRAGILE
    assert "“Grow revenue” from 5 to 4 already swaps places 1 and 2" in result.verdict_text


def test_values_rated_directly_do_not_depend_on_weights_and_the_output_says_so() -> None:
    ws = two_needs(value_a=10)
    ws.needs[1].assessment.value = 2
    result = workshop_sensitivity(ws)
    assert not result.depends_on_weights
    assert result.pairs[0].swap is None
    assert result.verdict == Verdict.ROBUST
    assert "do not move any need's priority" in result.verdict_text
    assert any("does not depend on goal weights" in note for note in result.notes)
    assert any("2 of 2 needs have their value rated directly" in note for note in result.notes)


def test_every_framework_says_how_weights_reach_it() -> None:
    for framework, words in [
        (m.Framework.WEIGHTED, "40% of the weighted score"),
        (m.Framework.WSJF, "cost of delay"),
        (m.Framework.RICE, "no reach scores 0"),
    ]:
        ws = two_needs()
        ws.framework = framework
        assert words in workshop_sensitivity(ws).notes[0]


def test_too_few_needs_to_have_an_order() -> None:
    ws = two_needs()
    ws.needs = ws.needs[:1]
    result = workshop_sensitivity(ws)
    assert result.pairs == () and result.verdict == Verdict.TOO_FEW


def test_the_demo_workshop_reports_swaps_that_apply() -> None:
    ws = demo_workshop()
    result = workshop_sensitivity(ws)
    assert result.ranking and result.depends_on_weights
    for pair in result.swaps:
        assert pair.swap is not None
        order = ranked_ids(with_weight(ws, pair.swap.goal_id, pair.swap.weight_to))
        assert above(order, pair.lower.id, pair.upper.id)


def test_capped_alignment_keeps_its_points_in_the_explanation() -> None:
    growth = m.StrategicGoal("Grow revenue", weight=5)
    cost = m.StrategicGoal("Cut cost", weight=5)
    broad = m.Need("Broad")
    narrow = m.Need("Narrow")
    ws = m.Workshop(
        "Cap",
        goals=[growth, cost],
        needs=[broad, narrow],
        links=[
            m.AlignmentLink(broad.id, growth.id, m.Strength.STRONG),
            m.AlignmentLink(broad.id, cost.id, m.Strength.STRONG),
            m.AlignmentLink(narrow.id, growth.id, m.Strength.STRONG),
        ],
    )
    wide, single = scoring.alignment(ws, broad), scoring.alignment(ws, narrow)
    assert wide.score == single.score == 100
    assert round(wide.points) == 125 and round(single.points) == 100
    assert wide.capped and not single.capped
    assert wide.score_text == "100 of 100 (125 points)"
    assert single.score_text == "100 of 100"
    assert "= 125 points, shown as 100 of 100 (capped)" in wide.explanation()[-1]
