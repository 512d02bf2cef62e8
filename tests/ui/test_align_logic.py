"""The Align & prioritise stage's Qt-free helpers and its navigator badge."""

from __future__ import annotations

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.scoring import Priority, PriorityPart, Quadrant, priority
from workshop_app.ui.stages.align.logic import (
    arithmetic,
    chart_points,
    format_number,
    format_part,
    is_linked,
    needs_attention,
    next_strength,
    phase_flags,
    unacknowledged,
)
from workshop_app.ui.stages.align.page import AlignStage
from workshop_app.ui.stages.base import ProgressState

S = m.Strength


def test_a_click_steps_none_weak_moderate_strong_and_round_again() -> None:
    assert [next_strength(s) for s in (S.NONE, S.WEAK, S.MODERATE, S.STRONG)] == [
        S.WEAK,
        S.MODERATE,
        S.STRONG,
        S.NONE,
    ]


def test_numbers_read_as_the_room_says_them() -> None:
    assert format_number(66.0) == "66"
    assert format_number(10.5) == "10.5"
    assert format_number(1400) == "1,400"
    assert format_part(PriorityPart("Confidence", 80, "% applied to the sum")) == "80 %"
    assert format_part(PriorityPart("Reach", 120, "per quarter")) == "120"


def test_the_arithmetic_of_each_framework_adds_up_in_words() -> None:
    ws = demo_workshop()
    need = ws.needs[0]
    weighted = priority(ws, need, m.Framework.WEIGHTED)
    assert arithmetic(weighted) == "(40 + 20 + 12 + 10.5) × 80 % = 66"
    wsjf = priority(ws, need, m.Framework.WSJF)
    assert arithmetic(wsjf).endswith(f"÷ 5 = {format_number(wsjf.score)}")
    rice = priority(ws, need, m.Framework.RICE)
    assert arithmetic(rice) == f"120 × 3 × 80 % ÷ 5 = {format_number(rice.score)}"
    odd = Priority(m.Framework.WEIGHTED, 1.0, (), "", True)
    assert arithmetic(odd) == "= 1"


def test_attention_is_unclear_alignment_not_yet_discussed() -> None:
    ws = demo_workshop()
    onboarding = ws.needs[3]  # weak link only, acknowledged in the demo
    assert not needs_attention(ws, onboarding)
    onboarding.alignment_acknowledged = False
    assert needs_attention(ws, onboarding)
    assert unacknowledged(ws) == [onboarding]
    assert all(is_linked(ws, need) for need in ws.needs)


def test_phase_flags_name_the_innovation_requests_of_a_run_phase_division() -> None:
    ws = demo_workshop()
    payroll = ws.needs[1]
    assert phase_flags(ws, payroll) == ["An AI chatbot for employees' HR questions"]
    assert phase_flags(ws, ws.needs[0]) == []
    ws.it_phase = m.Phase.INNOVATE
    assert phase_flags(ws, payroll) == []


def test_chart_points_are_ranked_and_needs_on_one_spot_are_fanned_out() -> None:
    ws = demo_workshop()
    for need in ws.needs:
        need.assessment.value, need.assessment.effort = 7, 3
    points = chart_points(ws)
    assert sorted(p.rank for p in points) == [1, 2, 3, 4, 5]
    assert {p.quadrant for p in points} == {Quadrant.QUICK_WIN}
    spots = {(round(p.x, 3), round(p.y, 3)) for p in points}
    assert len(spots) == 5  # none hides another
    assert all(1 <= p.x <= 10 and 1 <= p.y <= 10 for p in points)
    assert all(abs(p.x - 3) < 0.5 and abs(p.y - 7) < 0.5 for p in points)


def test_the_align_badge_counts_unclear_needs_not_yet_discussed() -> None:
    ws = demo_workshop()
    assert AlignStage.progress(ws).state is ProgressState.DONE
    ws.needs[3].alignment_acknowledged = False
    ws.needs.append(m.Need("Unlinked"))
    progress = AlignStage.progress(ws)
    assert (progress.state, progress.badge) == (ProgressState.ATTENTION, "2")
    for need in ws.needs:
        need.alignment_acknowledged = True
    progress = AlignStage.progress(ws)
    assert (progress.state, progress.badge) == (ProgressState.PARTIAL, "5/6")
    assert AlignStage.progress(m.Workshop("Empty")).state is ProgressState.EMPTY
