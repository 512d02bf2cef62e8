"""Looking across workshops: portfolio rows, similar requests, follow-ups and templates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from workshop_app.core import follow_up, interchange
from workshop_app.core import model as m
from workshop_app.core import portfolio as pf
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import ValidationError
from workshop_app.core.scoring import alignment, priority
from workshop_app.storage import portfolio as p
from workshop_app.storage import templates as tpl
from workshop_app.storage.operations import Library, fresh_ids

# -- keywords and similarity -------------------------------------------------------------------


def test_keywords_drop_stop_words_dates_and_plurals() -> None:
    assert pf.keywords("We need a new CRM by March") == {"crm"}
    assert pf.keywords("Give us pipeline dashboards, ASAP!") == {"pipeline", "dashboard"}
    assert pf.keywords("Fewer payroll queries in Q3 2026") == {"fewer", "payroll", "query"}
    assert pf.keywords("") == frozenset()
    assert pf.keywords("the and of 2026") == frozenset()


def test_keywords_handle_any_script_and_markup() -> None:
    assert pf.keywords("<b>CRM</b> & R&D") == {"crm"}
    assert "顧客管理" in pf.keywords("新しい 顧客管理 システム")
    assert "نظام" in pf.keywords("نظام جديد")
    assert len(pf.keywords("x" * 100_000)) == 1


def test_similarity_is_a_set_cosine() -> None:
    crm = pf.keywords("A new CRM by March")
    crm_finance = pf.keywords("CRM for the finance team")
    chatbot = pf.keywords("AI chatbot for HR questions")
    assert pf.similarity(crm, crm) == 1.0
    # {crm} shared between {crm} and {crm, finance, team}: 1 / √(1 × 3)
    assert pf.similarity(crm, crm_finance) == pytest.approx(1 / 3**0.5)
    assert pf.similarity(crm, chatbot) == 0.0
    assert pf.similarity(frozenset(), crm) == 0.0


# -- similar requests --------------------------------------------------------------------------


def _workshop(title: str, division: str, date: str, *requests: str) -> m.Workshop:
    ws = m.Workshop(title=title, division=division, date=date)
    ws.requests = [m.Request(text) for text in requests]
    return ws


def test_similar_requests_are_found_in_other_workshops_with_their_decision(
    library: Library,
) -> None:
    finance = _workshop("Finance planning", "Finance", "2026-05-04", "A CRM for invoicing")
    finance.decisions = [m.Decision(finance.requests[0].id, m.DecisionKind.DEFER)]
    library.add_workshop(finance)
    library.add_workshop(_workshop("HR", "People", "", "A chatbot for HR questions"))
    sales_id = library.add_workshop(_workshop("Sales", "Sales", "2026-09-01", "New CRM"))

    found = p.similar_requests(library, "We need a new CRM by March", sales_id)
    assert [s.text for s in found] == ["A CRM for invoicing"]
    assert found[0].division == "Finance"
    assert found[0].decision is m.DecisionKind.DEFER
    assert found[0].shared == ("crm",)
    assert found[0].sentence() == (
        "Finance asked for “A CRM for invoicing” in Q2 2026 (decided: defer)."
    )


def test_similar_requests_leave_out_the_workshop_itself_and_its_earlier_revisions(
    library: Library,
) -> None:
    first = _workshop("Sales Q1", "Sales", "2026-01-10", "A new CRM")
    first_id = library.add_workshop(first)
    second = replace(fresh_ids(first), lineage_id=first.lineage_id, revision=2)
    second_id = library.add_workshop(second)
    assert p.similar_requests(library, "CRM please", first_id) == []
    assert p.similar_requests(library, "CRM please", second_id) == []
    # Seen from elsewhere, the lineage counts once: only its latest revision.
    other = library.add_workshop(_workshop("Ops", "Operations", "", "Something else"))
    found = p.similar_requests(library, "CRM please", other)
    assert [s.workshop_id for s in found] == [second_id]


def test_similar_requests_rank_by_score_and_respect_the_limit(library: Library) -> None:
    library.add_workshop(
        _workshop(
            "Many",
            "Sales",
            "",
            "Pipeline dashboard",
            "Pipeline dashboard on the wall",
            "Dashboard for pipeline and forecast",
            "A dashboard",
            "Coffee machine",
        )
    )
    found = p.similar_requests(library, "pipeline dashboard", limit=3)
    assert len(found) == 3
    assert found[0].score == 1.0
    assert [f.score for f in found] == sorted((f.score for f in found), reverse=True)
    assert all(f.text != "Coffee machine" for f in found)
    assert p.similar_requests(library, "the of and") == []


def test_a_sentence_without_division_or_date_still_reads_well() -> None:
    similar = pf.SimilarRequest("r", "x" * 500, "w", "Planning", "", "", None, 1.0, ("x",))
    sentence = similar.sentence()
    assert sentence.startswith("The workshop “Planning” asked for “xxx")
    assert sentence.endswith("…” (not decided yet).")
    assert len(sentence) < 200
    assert pf.quarter_of("2026-12-31") == "Q4 2026"
    assert pf.quarter_of("March") == ""


# -- portfolio rows ----------------------------------------------------------------------------


def test_portfolio_rows_carry_need_alignment_priority_and_decision(
    library: Library, demo_id: str
) -> None:
    rows = p.portfolio_rows(library)
    ws = library.workshop(demo_id)
    assert [r.request for r in rows] == [r.text for r in ws.requests]
    crm = next(r for r in rows if r.request == "We need a new CRM by March")
    need = ws.needs_for(crm.request_id)[0]
    assert crm.needs == (need.statement,)
    assert crm.alignment == alignment(ws, need).score
    assert crm.priority == priority(ws, need).score
    assert crm.decision is ws.decision_for(crm.request_id).kind
    assert crm.division == "Sales & People Operations"
    assert crm.framework is m.Framework.WEIGHTED


def test_portfolio_counts_only_the_latest_revision_unless_asked(library: Library) -> None:
    first = _workshop("Sales", "Sales", "", "A new CRM")
    library.add_workshop(first)
    library.add_workshop(replace(fresh_ids(first), lineage_id=first.lineage_id, revision=2))
    library.add_workshop(_workshop("Empty", "Ops", ""))
    assert [r.revision for r in p.portfolio_rows(library)] == [2]
    assert sorted(r.revision for r in p.portfolio_rows(library, latest_only=False)) == [1, 2]


def test_a_request_without_a_need_has_no_alignment_yet(library: Library) -> None:
    library.add_workshop(_workshop("Sales", "Sales", "", "A new CRM"))
    (row,) = p.portfolio_rows(library)
    assert row.needs == ()
    assert row.alignment is None and row.priority is None
    assert not row.alignment_unclear
    assert row.decision is None


# -- follow-up workshops -----------------------------------------------------------------------


def test_a_follow_up_carries_commitments_and_open_requests_with_their_needs(
    library: Library, demo_id: str
) -> None:
    earlier = library.workshop(demo_id)
    carried = {
        r.text
        for r in earlier.requests
        if earlier.decision_for(r.id).kind in (*m.COMMITMENTS, *m.CARRIED_OVER)
    }
    assert len(carried) < len(earlier.requests), "the demo declines something"

    follow_id = p.start_follow_up(library, demo_id)
    follow = library.workshop(follow_id)
    assert follow.title == f"Follow-up: {earlier.title}"
    assert follow.status is m.Status.DRAFT and follow.revision == 1
    assert follow.lineage_id != earlier.lineage_id
    assert follow.division == earlier.division and follow.it_phase is earlier.it_phase
    assert {r.text for r in follow.requests} == carried
    assert [g.title for g in follow.goals] == [g.title for g in earlier.goals]
    assert [p_.name for p_ in follow.participants] == [p_.name for p_ in earlier.participants]
    assert not follow.signatures
    # Commitments keep their decision; open requests start undecided. Either way the earlier
    # decision is a note beside the decision, never pre-filled into the new rationale.
    for request in follow.requests:
        decision = follow.decision_for(request.id)
        old_request = next(r for r in earlier.requests if r.text == request.text)
        old = earlier.decision_for(old_request.id)
        assert decision.earlier.startswith(f"{old.kind.label} in “{earlier.title}”")
        if old.kind in m.COMMITMENTS:
            assert (decision.kind, decision.rationale) == (old.kind, old.rationale)
        else:
            assert decision.kind is None and decision.rationale == ""
    # Needs come along with their outcome measures and goal links, on fresh ids.
    for request in follow.requests:
        old_request = next(r for r in earlier.requests if r.text == request.text)
        old_needs = earlier.needs_for(old_request.id)
        new_needs = follow.needs_for(request.id)
        assert [n.statement for n in new_needs] == [n.statement for n in old_needs]
        for old, new in zip(old_needs, new_needs, strict=True):
            assert (new.measure, new.baseline, new.target, new.by_when) == (
                old.measure,
                old.baseline,
                old.target,
                old.by_when,
            )
            assert new.id != old.id
            assert alignment(follow, new).score == alignment(earlier, old).score
    # The earlier workshop is untouched.
    assert library.workshop(demo_id) == earlier


def test_a_follow_up_keeps_only_carried_requests_on_a_shared_need() -> None:
    ws = demo_workshop()
    deferred, proceeded = ws.requests[0], ws.requests[1]
    need = m.Need("Shared", [deferred.id, proceeded.id], measure="days", target="1")
    ws.needs = [need]
    ws.links = []
    ws.actions = [
        m.ActionItem("Open one", request_id=deferred.id),
        m.ActionItem("Finished", request_id=deferred.id, done=True),
        m.ActionItem("Other", request_id=proceeded.id),
    ]
    ws.decisions = [
        m.Decision(deferred.id, m.DecisionKind.DEFER, "Not now", "Ana", "Revisit in Q3"),
        m.Decision(proceeded.id, m.DecisionKind.PROCEED),
    ]
    ws.decisions[1:] = [m.Decision(r.id, m.DecisionKind.DECLINE) for r in ws.requests[1:]]
    follow = follow_up.follow_up_workshop(ws)
    assert [r.id for r in follow.requests] == [deferred.id]
    assert [n.request_ids for n in follow.needs] == [[deferred.id]]
    # Every open action comes along; one about a request left behind loses that request.
    assert [(a.text, a.request_id) for a in follow.actions] == [
        ("Open one", deferred.id),
        ("Other", None),
    ]
    (decision,) = follow.decisions
    assert decision.kind is None and decision.owner == "Ana" and decision.rationale == ""
    assert "Defer in “" in decision.earlier
    assert "Not now Next step then: Revisit in Q3" in decision.earlier
    # It is a valid workshop: it round-trips through the interchange format.
    assert interchange.loads(interchange.dumps(follow)) == follow


def test_a_follow_up_of_a_workshop_with_nothing_open_is_a_clean_start(library: Library) -> None:
    ws = _workshop("Done", "Ops", "2026-01-01", "All decided")
    ws.decisions = [m.Decision(ws.requests[0].id, m.DecisionKind.DECLINE)]
    follow = library.workshop(p.start_follow_up(library, library.add_workshop(ws)))
    assert follow.requests == [] and follow.needs == []
    assert follow.division == "Ops"


# -- templates ---------------------------------------------------------------------------------


def test_the_shipped_templates_load_and_make_workshops(library: Library) -> None:
    found = tpl.available_templates()
    assert [t.title for t in found] == [
        "Quarterly division alignment",
        "Project intake triage",
        "IT turnaround check-in",
    ]
    for template in found:
        assert template.goal_count >= 4 and template.agenda_count >= 5
        assert template.summary.startswith(f"{template.goal_count} goals · ")
        source = tpl.load_template(template.path)
        levels = {g.level for g in source.goals}
        assert levels == {m.GoalLevel.COMPANY, m.GoalLevel.DIVISION}
        first = library.workshop(tpl.create_from_template(library, template))
        second = library.workshop(tpl.create_from_template(library, template.path))
        assert first.title == template.title
        assert first.status is m.Status.DRAFT and first.created_at
        assert first.requests == []
        assert [g.title for g in first.goals] == [g.title for g in source.goals]
        assert [a.planned_minutes for a in first.agenda] == [
            a.planned_minutes for a in source.agenda
        ]
        # Fresh ids every time, never the template's own.
        ids = {first.id, *(g.id for g in first.goals), *(a.id for a in first.agenda)}
        assert not ids & {source.id, *(g.id for g in source.goals)}
        assert first.id != second.id and first.lineage_id != second.lineage_id


def test_a_broken_or_wrong_template_is_skipped_or_reported(tmp_path: Path) -> None:
    (tmp_path / "a-broken.json").write_text("{not json", encoding="utf-8")
    with_requests = _workshop("Has requests", "", "", "A CRM")
    (tmp_path / "b-requests.json").write_text(interchange.dumps(with_requests), encoding="utf-8")
    good = m.Workshop(title="Good one", goals=[m.StrategicGoal("Grow")])
    (tmp_path / "c-good.json").write_text(interchange.dumps(good), encoding="utf-8")
    assert [t.title for t in tpl.available_templates(tmp_path)] == ["Good one"]
    with pytest.raises(ValidationError, match=r"b-requests\.json"):
        tpl.load_template(tmp_path / "b-requests.json")
    with pytest.raises(ValidationError, match=r"a-broken\.json"):
        tpl.load_template(tmp_path / "a-broken.json")


def test_the_carried_over_count_is_what_a_follow_up_would_carry(
    library: Library, demo_id: str
) -> None:
    """The library shows the count for the selected workshop without loading it."""
    demo = library.workshop(demo_id)
    before = library.carried_over(demo_id)
    assert before == len(follow_up.carried_requests(demo)) >= 3
    declined = next(
        r.id for r in demo.requests if demo.decision_for(r.id).kind is m.DecisionKind.DECLINE
    )
    library.set_field("decision", declined, "kind", m.DecisionKind.DEFER)
    carried = follow_up.carried_requests(library.workshop(demo_id))
    assert library.carried_over(demo_id) == len(carried) == before + 1
    empty = library.create_workshop("Nothing decided")
    library.add_item(empty, "request", {"text": "A wiki"})
    assert library.carried_over(empty) == 0
    assert library.carried_over("no-such-workshop") == 0
