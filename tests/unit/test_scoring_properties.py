"""Property tests of the scores a facilitator explains in the room: always in range, monotone in
alignment, finite for every framework, and every value/effort pair lands in exactly one quadrant."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.core import model as m
from workshop_app.core import scoring

FAST = settings(max_examples=200, deadline=None)
RATING = st.none() | st.integers(1, 10)
ASSESSMENTS = st.builds(
    m.Assessment,
    value=RATING,
    urgency=RATING,
    effort=RATING,
    risk=RATING,
    confidence=st.none() | st.integers(0, 100),
    reach=st.none() | st.integers(0, 10**12),
)


@st.composite
def aligned_need(draw: st.DrawFn) -> tuple[m.Workshop, m.Need]:
    """A workshop with goals of any weight and one need linked to them at any strengths."""
    goals = [
        m.StrategicGoal(f"Goal {i}", weight=draw(st.integers(1, 5)))
        for i in range(draw(st.integers(0, 6)))
    ]
    need = m.Need("The outcome", assessment=draw(ASSESSMENTS))
    strengths = draw(
        st.lists(st.sampled_from(m.Strength), min_size=len(goals), max_size=len(goals))
    )
    ws = m.Workshop(
        "Scores",
        goals=goals,
        needs=[need],
        links=[m.AlignmentLink(need.id, g.id, s) for g, s in zip(goals, strengths, strict=True)],
        framework=draw(st.sampled_from(m.Framework)),
    )
    return ws, need


@given(aligned_need())
@FAST
def test_alignment_score_is_always_between_0_and_100(case: tuple[m.Workshop, m.Need]) -> None:
    ws, need = case
    result = scoring.alignment(ws, need)
    assert isinstance(result.score, int)
    assert 0 <= result.score <= 100
    assert result.explanation()  # always something to say in the room


@given(aligned_need(), st.data())
@FAST
def test_raising_any_link_strength_never_lowers_the_score(
    case: tuple[m.Workshop, m.Need], data: st.DataObject
) -> None:
    ws, need = case
    if not ws.links:
        return
    link = data.draw(st.sampled_from(ws.links))
    stronger = data.draw(
        st.sampled_from([s for s in m.Strength if s.points >= link.strength.points])
    )
    before = scoring.alignment(ws, need)
    link.strength = stronger
    after = scoring.alignment(ws, need)
    assert after.score >= before.score
    # …and a need that was clear does not become unclear by being linked more strongly.
    assert not (after.unclear and not before.unclear)


@given(aligned_need())
@FAST
def test_the_best_link_to_the_heaviest_goal_scores_100(case: tuple[m.Workshop, m.Need]) -> None:
    ws, need = case
    if not ws.goals:
        return
    heaviest = max(ws.goals, key=lambda g: g.weight)
    ws.links = [link for link in ws.links if link.goal_id != heaviest.id]
    ws.links.append(m.AlignmentLink(need.id, heaviest.id, m.Strength.STRONG))
    result = scoring.alignment(ws, need)
    assert result.score == 100
    assert not result.unclear


@given(aligned_need())
@FAST
def test_unclear_exactly_when_score_is_low_or_no_solid_link(
    case: tuple[m.Workshop, m.Need],
) -> None:
    ws, need = case
    result = scoring.alignment(ws, need)
    solid = any(link.strength.points >= m.Strength.MODERATE.points for link in ws.links)
    assert result.unclear == (result.score < scoring.UNCLEAR_BELOW or not solid)


@given(aligned_need())
@FAST
def test_priority_is_finite_and_non_negative_for_every_framework(
    case: tuple[m.Workshop, m.Need],
) -> None:
    ws, need = case
    for framework in m.Framework:
        priority = scoring.priority(ws, need, framework)
        assert priority.framework is framework
        assert math.isfinite(priority.score) and priority.score >= 0
        assert priority.parts and priority.formula
        assert all(math.isfinite(part.value) and part.value >= 0 for part in priority.parts)
    ranked = scoring.ranked_needs(ws)
    assert [n.id for n, _ in ranked] == [need.id]


@given(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True),
)
@FAST
def test_quadrant_is_a_total_function(value: float, effort: float) -> None:
    quadrant = scoring.quadrant(value, effort)
    assert quadrant in set(scoring.Quadrant)
    if not (math.isnan(value) or math.isnan(effort)):
        assert (quadrant in (scoring.Quadrant.QUICK_WIN, scoring.Quadrant.BIG_BET)) == (value > 5.5)
        low_effort = quadrant in (scoring.Quadrant.QUICK_WIN, scoring.Quadrant.FILL_IN)
        assert low_effort == (effort <= 5.5)


@given(aligned_need())
@FAST
def test_every_need_lands_in_one_quadrant(case: tuple[m.Workshop, m.Need]) -> None:
    ws, need = case
    assert scoring.need_quadrant(ws, need) in set(scoring.Quadrant)
