"""Sign-off blockers and the one-pass lookups behind them give what the lookups one request at a
time gave: on the demo, on large workshops and on hostile ones (duplicate ids, a request named
twice by one need, decisions without a kind, links and decisions to items that do not exist)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.purpose import (
    MissingPurpose,
    decision_problems,
    discussion_message,
    problem_with,
)
from workshop_app.core.scoring import alignment, alignments
from workshop_app.core.text import clip
from workshop_app.core.workflow import Blocker, sign_off_blockers


def blockers_one_at_a_time(workshop: m.Workshop) -> list[Blocker]:
    """The rule as it was first written, a lookup per request: the reference."""
    blockers: list[Blocker] = []
    if not workshop.participants:
        blockers.append(Blocker("setup", "Add the participants who will sign off."))
    elif not any(p.decision_maker for p in workshop.participants):
        blockers.append(Blocker("setup", "Mark at least one participant as a decision-maker."))
    if not workshop.goals:
        blockers.append(Blocker("goals", "Record at least one strategic goal."))
    if not workshop.requests:
        blockers.append(Blocker("requests", "Capture at least one request."))
    for request in workshop.requests:
        own = workshop.needs_for(request.id)
        if not own:
            blockers.append(Blocker("needs", f"Find the need behind “{clip(request.text)}”."))
        elif not any(problem_with(n.statement, [request.text]) is None for n in own):
            problem = problem_with(own[0].statement, [request.text])
            assert problem is not None
            message = MissingPurpose(request, own[0], problem).message
            blockers.append(Blocker("needs", message, own[0].id, "statement"))
    for need in workshop.needs:
        result = alignment(workshop, need)
        if result.unclear and (result.division_only or not need.alignment_acknowledged):
            field = "company_note" if result.division_only else "alignment_note"
            message = discussion_message(result, need)
            blockers.append(Blocker("align", message, need.id, field))
    for request in workshop.requests:
        if workshop.decision_for(request.id).kind is None:
            blockers.append(Blocker("decide", f"Decide on “{clip(request.text)}”."))
    for request in workshop.requests:
        for problem in decision_problems(workshop, request.id):
            blockers.append(Blocker("decide", problem, request.id, "rationale"))
    return blockers


def assert_same(workshop: m.Workshop) -> None:
    assert sign_off_blockers(workshop) == blockers_one_at_a_time(workshop)
    needs = workshop.needs_by_request()
    decisions = workshop.decisions_by_request()
    for request in workshop.requests:
        assert needs.get(request.id, []) == workshop.needs_for(request.id)
        found = decisions.get(request.id)
        assert (found or m.Decision(request_id=request.id)) == workshop.decision_for(request.id)
    scores = alignments(workshop)
    for need in workshop.needs:
        assert scores[need.id] == alignment(workshop, need)


def test_demo_workshop() -> None:
    ws = demo_workshop()
    assert_same(ws)
    ws.decisions = ws.decisions[1:]  # one request undecided
    ws.needs[0].alignment_acknowledged = not ws.needs[0].alignment_acknowledged
    assert_same(ws)


def test_empty_workshop() -> None:
    assert_same(m.Workshop("Empty"))


def test_hostile_workshop() -> None:
    requests = [m.Request("Same id"), m.Request("Same id again"), m.Request("")]
    requests[1].id = requests[0].id
    goals = [m.StrategicGoal("Heavy", weight=5), m.StrategicGoal("Weightless", weight=0)]
    needs = [
        m.Need("Twice", request_ids=[requests[0].id, requests[0].id]),
        m.Need("", request_ids=["no-such-request", requests[2].id]),
        m.Need("Duplicate id"),
    ]
    needs[2].id = needs[0].id
    ws = m.Workshop(
        "Hostile",
        participants=[m.Participant("Only an observer")],
        goals=goals,
        requests=requests,
        needs=needs,
        links=[
            m.AlignmentLink(needs[0].id, goals[0].id, m.Strength.STRONG),
            m.AlignmentLink(needs[1].id, goals[1].id, m.Strength.STRONG),
            m.AlignmentLink("no-such-need", goals[0].id, m.Strength.WEAK),
        ],
        decisions=[
            m.Decision(requests[0].id, None),
            m.Decision(requests[0].id, m.DecisionKind.PROCEED),
            m.Decision(requests[2].id, m.DecisionKind.DEFER),
            m.Decision("no-such-request", m.DecisionKind.PROCEED),
        ],
    )
    assert_same(ws)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 8),
    st.integers(0, 4),
    st.lists(st.lists(st.integers(0, 9), max_size=3), max_size=10),
    st.lists(st.tuples(st.integers(0, 9), st.booleans()), max_size=10),
)
def test_random_workshops(
    request_count: int,
    goal_count: int,
    need_requests: list[list[int]],
    decided: list[tuple[int, bool]],
) -> None:
    requests = [m.Request(f"Request {i}", id=f"r{i % 6}") for i in range(request_count)]
    goals = [m.StrategicGoal(f"Goal {i}", weight=i + 1) for i in range(goal_count)]
    needs = [
        m.Need(f"Need {i}", request_ids=[f"r{r}" for r in rs], alignment_acknowledged=i % 3 == 0)
        for i, rs in enumerate(need_requests)
    ]
    links = [
        m.AlignmentLink(need.id, goal.id, m.Strength.from_points((i + j) % 4))
        for i, need in enumerate(needs)
        for j, goal in enumerate(goals)
    ]
    decisions = [
        m.Decision(f"r{r}", m.DecisionKind.PROCEED if kind else None) for r, kind in decided
    ]
    assert_same(
        m.Workshop(
            "Random",
            participants=[m.Participant("Chair", decision_maker=True)],
            goals=goals,
            requests=requests,
            needs=needs,
            links=links,
            decisions=decisions,
        )
    )


def test_alignments_follow_changes_in_place_and_across_copies() -> None:
    ws = demo_workshop()
    assert_same(ws)
    ws.links[0].strength = m.Strength.NONE if ws.links[0].strength.points else m.Strength.STRONG
    assert_same(ws)
    ws.goals[0].weight = 1 if ws.goals[0].weight > 1 else 5
    assert_same(ws)
    ws.links.append(m.AlignmentLink(ws.needs[-1].id, ws.goals[-1].id, m.Strength.STRONG))
    assert_same(ws)
    other = demo_workshop()  # the same content in another object: the same results
    assert alignments(other) == {n.id: alignment(other, n) for n in other.needs}
    assert_same(ws)
