"""The method, faithfully: every request has a clear purpose; whether a request serves its need is
answered per request; the evidence and the alignment discussion are recorded; a need that serves
only the division asks how it serves the company. Rules in core, stored through the operations,
kept by migration 0004 and the interchange, reachable from the command line."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.unit.storage_helpers import database_at
from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.core.purpose import (
    PurposeProblem,
    decision_problems,
    discussion_settled,
    evidence,
    has_purpose,
    need_problem,
    problem_with,
    restates,
    serves,
    success_text,
)
from workshop_app.core.scoring import alignment
from workshop_app.core.workflow import sign_off_blockers
from workshop_app.storage import migrate
from workshop_app.storage.operations import Library

S = m.Strength
CRM = "We need a new CRM by March"


def _from_before() -> m.Workshop:
    """The sample as a file or a database from before answers were kept per request: one answer
    for each need (its first request's), and none of the fields added since."""
    ws = demo_workshop()
    for need in ws.needs:
        need.serves = next(iter(need.serves_for.values()), None)
        need.serves_for = {}
        need.alignment_note = need.company_note = ""
    ws.requests = [replace(r, origin=m.Origin.DIVISION) for r in ws.requests]
    ws.it_reliability = ws.it_delivery = ws.earlier_phase_date = ""
    ws.earlier_phase = None
    return ws


# -- a clear purpose -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("", PurposeProblem.EMPTY),
        ("   \n ", PurposeProblem.EMPTY),
        ("We need it", PurposeProblem.EMPTY),  # nothing but filler
        ("A new CRM", PurposeProblem.RESTATES),
        ("new CRM!", PurposeProblem.RESTATES),
        ("We need a new CRM by March", PurposeProblem.RESTATES),
        ("CRMs by March", PurposeProblem.RESTATES),
        ("Quotes go out within a day, so reps spend their time selling", None),
        ("A CRM so that quotes go out in a day", None),
        ("<CRM> & (new)", PurposeProblem.RESTATES),  # punctuation and markup characters
        ("報價在一天內發出", None),
        ("😀", PurposeProblem.EMPTY),
    ],
)
def test_a_need_gives_its_request_a_purpose_only_in_words_of_its_own(
    statement: str, problem: PurposeProblem | None
) -> None:
    assert problem_with(statement, [CRM]) is problem


def test_restating_is_about_the_request_it_sits_under() -> None:
    assert restates("Export to Excel weekly", "A weekly export")
    assert not restates("Export to Excel weekly", "Leaders see pipeline risk early")
    assert restates("مرحبا بالعالم", "بالعالم")  # RTL text is words too
    assert not restates("x" * 10_000, "y" * 10_000)


def _workshop(statement: str) -> m.Workshop:
    ws = m.Workshop("Purpose")
    ws.participants = [m.Participant("María", decision_maker=True)]
    goal = m.StrategicGoal("Grow revenue", weight=5)
    ws.goals = [goal]
    request = m.Request(CRM)
    ws.requests = [request]
    need = m.Need(statement, [request.id])
    ws.needs = [need]
    ws.links = [m.AlignmentLink(need.id, goal.id, S.STRONG)]
    ws.decisions = [m.Decision(request.id, m.DecisionKind.RESHAPE)]
    return ws


@pytest.mark.parametrize("statement", ["", "A new CRM"])
def test_sign_off_is_blocked_by_an_empty_or_restating_need_and_points_at_it(
    statement: str,
) -> None:
    ws = _workshop(statement)
    (blocker,) = sign_off_blockers(ws)
    assert blocker.stage == "needs"
    assert (blocker.item_id, blocker.field) == (ws.needs[0].id, "statement")
    assert "“We need a new CRM by March”" in blocker.message
    assert not has_purpose(ws, ws.requests[0].id)
    ws.needs[0].statement = "Quotes go out within a day"
    assert sign_off_blockers(ws) == []
    assert has_purpose(ws, ws.requests[0].id)


def test_one_need_with_a_purpose_is_enough_for_its_request() -> None:
    ws = _workshop("A new CRM")
    selling = m.Need("Reps spend their time selling", [ws.requests[0].id])
    ws.needs.append(selling)
    ws.links.append(m.AlignmentLink(selling.id, ws.goals[0].id, S.STRONG))
    assert sign_off_blockers(ws) == []
    assert need_problem(ws, ws.needs[0]) is PurposeProblem.RESTATES


# -- does the request serve the need? -------------------------------------------------------------
def test_the_answer_is_per_request_and_a_second_request_starts_unanswered(
    library: Library,
) -> None:
    ws_id = library.create_workshop("Serves")
    first = library.add_item(ws_id, "request", {"text": "A new CRM"})
    second = library.add_item(ws_id, "request", {"text": "E-signature"})
    need = library.add_item(ws_id, "need", {"request_ids": [first], "statement": "Fast quotes"})
    library.set_serves(need, first, m.Serves.NOT_AT_ALL)
    library.attach_request(need, second)
    stored = library.workshop(ws_id).need(need)
    assert stored is not None
    assert stored.serves_for == {first: m.Serves.NOT_AT_ALL}
    assert serves(stored, second) is None
    library.set_serves(need, second, "fully")
    stored = library.workshop(ws_id).need(need)
    assert stored is not None and stored.serves_for[second] is m.Serves.FULLY
    with pytest.raises(UserError):
        library.set_serves(need, second, "sometimes")
    library.detach_request(need, second)
    with pytest.raises(UserError, match="no longer linked"):
        library.set_serves(need, second, "fully")


def test_a_whole_need_answer_from_before_moves_onto_each_request_before_another_joins(
    library: Library,
) -> None:
    ws = _from_before()  # its needs hold one answer each, as files from before do
    quote = ws.needs[0]
    crm, esign = quote.request_ids
    digest = interchange.content_digest(ws)
    ws_id = library.add_workshop(ws)
    assert interchange.content_digest(library.workshop(ws_id)) == digest
    dashboard = ws.requests[2].id
    library.attach_request(quote.id, dashboard)
    stored = library.workshop(ws_id).need(quote.id)
    assert stored is not None and stored.serves is None
    assert stored.serves_for == {crm: m.Serves.PARTLY, esign: m.Serves.PARTLY}
    assert serves(stored, dashboard) is None


def test_the_digest_of_one_answer_for_all_requests_is_the_digest_from_before() -> None:
    ws = _from_before()
    before = interchange.content_digest(ws)
    for need in ws.needs:
        need.serves_for = dict.fromkeys(need.request_ids, need.serves) if need.serves else {}
        need.serves = None
    assert interchange.content_digest(ws) == before
    quote = ws.needs[0]
    quote.serves_for[quote.request_ids[1]] = m.Serves.FULLY  # now the answers differ
    assert interchange.content_digest(ws) != before


def test_the_interchange_keeps_per_request_answers_and_reads_old_files() -> None:
    ws = demo_workshop()
    quote = ws.needs[0]
    quote.serves, quote.serves_for = None, {quote.request_ids[0]: m.Serves.NOT_AT_ALL}
    quote.alignment_note, quote.company_note = "Pilot first", "Protects margin"
    again = interchange.loads(interchange.dumps(ws))
    assert again == ws
    old = interchange.loads(interchange.dumps(_from_before()))  # need.serves only
    assert serves(old.needs[0], old.needs[0].request_ids[1]) is m.Serves.PARTLY
    data = json.loads(interchange.dumps(ws))
    data["workshop"]["needs"][0]["serves_for"] = {"not-a-request": "fully"}
    with pytest.raises(UserError, match="not one of this need's requests"):
        interchange.from_dict(data)
    data["workshop"]["needs"][0]["serves_for"] = {quote.request_ids[0]: "always"}
    with pytest.raises(UserError, match="must be one of"):
        interchange.from_dict(data)


def test_migration_0007_moves_each_answer_onto_the_needs_requests(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    ws = _from_before()
    digest = interchange.content_digest(ws)
    database_at(path, "0003", [ws])
    library = Library(path)
    try:
        assert migrate.current_revision(library.engine) == migrate.head_revision()
        assert library.content_problem(ws.id) is None  # resealed
        stored = library.workshop(ws.id)
        assert interchange.content_digest(stored) == digest  # signatures still hold
        for need in stored.needs:
            assert need.serves is None
            assert set(need.serves_for) == set(need.request_ids)
        assert stored.needs[1].serves_for == {ws.requests[1].id: m.Serves.NOT_AT_ALL}
        assert (stored.needs[0].alignment_note, stored.needs[0].company_note) == ("", "")
    finally:
        library.close()
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT serves FROM need WHERE serves IS NOT NULL").fetchall()
    finally:
        connection.close()
    assert rows == []


# -- the alignment discussion and the company -----------------------------------------------------
def _division_only() -> tuple[m.Workshop, m.Need]:
    ws = _workshop("Payslips are right first time")
    company, division = (
        ws.goals[0],
        m.StrategicGoal("Payroll right", m.GoalLevel.DIVISION, weight=5),
    )
    ws.goals.append(division)
    need = ws.needs[0]
    ws.links = [m.AlignmentLink(need.id, division.id, S.STRONG)]
    assert company.level is m.GoalLevel.COMPANY
    return ws, need


def test_a_need_linked_only_to_division_goals_scores_but_is_not_clear() -> None:
    ws, need = _division_only()
    result = alignment(ws, need)
    assert result.score == 100 and result.division_only and result.unclear
    assert any("How does it serve the company?" in line for line in result.explanation())
    need.alignment_acknowledged = True  # "discussed" does not answer the company's question
    (blocker,) = sign_off_blockers(ws)
    assert (blocker.stage, blocker.field) == ("align", "company_note")
    assert "serves only the division's goals" in blocker.message
    need.company_note = "Fewer payroll errors keep regretted attrition down"
    result = alignment(ws, need)
    assert not result.unclear and result.company_noted and discussion_settled(result, need)
    assert sign_off_blockers(ws) == []


def test_a_company_link_clears_a_division_only_need() -> None:
    ws, need = _division_only()
    ws.links.append(m.AlignmentLink(need.id, ws.goals[0].id, S.MODERATE))
    ws.sort_links()
    result = alignment(ws, need)
    assert not result.division_only and not result.unclear


def test_a_weak_company_link_does_not_make_it_a_company_need() -> None:
    ws, need = _division_only()
    ws.links.append(m.AlignmentLink(need.id, ws.goals[0].id, S.WEAK))
    ws.sort_links()
    assert alignment(ws, need).division_only


def test_proceeding_against_the_evidence_needs_a_reason_and_an_owner() -> None:
    ws = _workshop("Quotes out within a day")
    request, need = ws.requests[0], ws.needs[0]
    ws.links = []  # alignment unclear
    need.alignment_acknowledged, need.alignment_note = True, "Pilot with one team"
    decision = ws.decisions[0]
    decision.kind = m.DecisionKind.PROCEED
    problems = decision_problems(ws, request.id)
    assert problems == [
        "Proceeding with “We need a new CRM by March” although its alignment is unclear: "
        "give the reason and an owner."
    ]
    assert [b.field for b in sign_off_blockers(ws) if b.stage == "decide"] == ["rationale"]
    decision.rationale = "The pilot is cheap"
    assert "give an owner" in decision_problems(ws, request.id)[0]
    decision.owner = "Priya"
    assert decision_problems(ws, request.id) == []


def test_proceeding_with_a_request_that_serves_its_need_not_at_all_needs_a_reason() -> None:
    ws = _workshop("Quotes out within a day")
    request, need = ws.requests[0], ws.needs[0]
    need.serves_for = {request.id: m.Serves.NOT_AT_ALL}
    ws.decisions[0].kind = m.DecisionKind.PROCEED
    (problem,) = decision_problems(ws, request.id)
    assert "does not serve its need at all" in problem and "reshape" in problem
    ws.decisions[0].kind = m.DecisionKind.RESHAPE
    assert decision_problems(ws, request.id) == []


def test_the_evidence_in_words() -> None:
    need = demo_workshop().needs[0]
    assert success_text(need) == "Quote turnaround: 5 days → 1 day by Q2 2027"
    assert success_text(m.Need(baseline="5 days")) == "5 days today"
    assert success_text(m.Need(by_when="Q3")) == "by Q3"
    found = evidence(need, need.request_ids[0])
    assert found.serves_text == "Partly" and found.alternatives.startswith("Integrate")
    assert evidence(need, need.request_ids[1]).serves_text == "Fully"  # e-signature
    assert evidence(m.Need(), "r").serves_text == "Not judged yet"


# -- the command line -----------------------------------------------------------------------------
def test_the_command_line_lists_blockers_and_records_answers(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    ws = _workshop("A new CRM")
    ws_id = library.add_workshop(ws)
    db = str(library.path)
    code, out, err = run(capsys, "--db", db, "blockers", ws_id)
    assert (code, err) == (0, "")
    assert out.startswith("Needs N1      The need behind “We need a new CRM by March” only")
    library.set_field("need", ws.needs[0].id, "statement", "Quotes go out within a day")
    code, out, _err = run(capsys, "--db", db, "blockers", ws_id)
    assert out == "Ready for sign-off.\n"

    code, out, err = run(capsys, "--db", db, "serves", ws_id, "N1", "R1", "not_at_all")
    assert (code, err) == (0, "")
    assert out == "R1 serves N1 “Quotes go out within a day”: not at all.\n"
    stored = library.workshop(ws_id).needs[0]
    assert stored.serves_for == {ws.requests[0].id: m.Serves.NOT_AT_ALL}
    code, out, err = run(capsys, "--db", db, "serves", ws_id, "N1", "R7", "fully")
    assert (code, out) == (1, "")
    assert_one_line_error(err, "no request “R7”")


def test_discussed_notes_how_a_division_only_need_serves_the_company(
    capsys: pytest.CaptureFixture[str], library: Library
) -> None:
    ws, _need = _division_only()
    ws_id = library.add_workshop(ws)
    db = str(library.path)
    code, out, _err = run(capsys, "--db", db, "unclear", ws_id)
    assert "division only: how does it serve the company?" in out
    code, out, err = run(
        capsys, "--db", db, "discussed", ws_id, "N1", "--note", "Keeps attrition down"
    )
    assert (code, err) == (0, "")
    assert "how it serves the company is noted" in out
    assert library.workshop(ws_id).needs[0].company_note == "Keeps attrition down"
    code, out, _err = run(capsys, "--db", db, "blockers", ws_id)
    assert out == "Ready for sign-off.\n"
