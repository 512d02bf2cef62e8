"""Where IT stands over time: the innovation flag in run and deliver, a division's phase history
from its workshops, and a slide back said plainly."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from workshop_app.core import follow_up, interchange, lens, origin, scoring
from workshop_app.core import model as m
from workshop_app.core import phases as ph
from workshop_app.core.errors import ValidationError
from workshop_app.core.kind import Kind
from workshop_app.core.scoring import phase_flag_text, phase_misaligned
from workshop_app.storage import phases as sp
from workshop_app.storage.operations import Library


def test_innovation_is_flagged_in_run_and_in_deliver_but_not_once_innovating() -> None:
    request = m.Request("An AI assistant", phase=m.Phase.INNOVATE)
    for phase, flagged in [
        (m.Phase.RUN, True),
        (m.Phase.DELIVER, True),
        (m.Phase.INNOVATE, False),
        (None, False),
    ]:
        ws = m.Workshop("W", it_phase=phase, requests=[request])
        assert phase_misaligned(ws, request) is flagged
        assert bool(phase_flag_text(ws, request)) is flagged
    deliver = m.Workshop("W", it_phase=m.Phase.DELIVER)
    assert "deliver phase" in phase_flag_text(deliver, request)
    reliability = m.Request("Fix payroll", phase=m.Phase.RUN)
    assert not phase_misaligned(deliver, reliability)


def test_a_slide_back_is_said_plainly_and_a_step_forward_too() -> None:
    text = ph.movement_text("Sales", m.Phase.DELIVER, m.Phase.RUN, "2026-09-15")
    assert text == "IT's standing with Sales slid back from Deliver to Run since 2026-09-15."
    assert ph.step(m.Phase.INNOVATE, m.Phase.RUN) == -2
    assert "moved up from Run to Deliver" in ph.movement_text("", m.Phase.RUN, m.Phase.DELIVER)
    assert "with this division" in ph.movement_text("", m.Phase.RUN, m.Phase.DELIVER)
    assert ph.movement_text("Sales", m.Phase.RUN, m.Phase.RUN, "2026-09-15") == ""
    assert ph.movement_text("Sales", None, m.Phase.RUN) == ""
    ws = m.Workshop("W", division="Sales", it_phase=m.Phase.RUN)
    ws.earlier_phase, ws.earlier_phase_date = m.Phase.DELIVER, "2026-09-15"
    assert ph.slid_back(ws) and "slid back" in ph.workshop_movement(ws)


def test_the_last_standing_is_the_newest_other_workshop_before_this_one() -> None:
    def at(day: str, lineage: str, phase: m.Phase = m.Phase.RUN) -> ph.Standing:
        return ph.Standing(phase, day, f"w-{lineage}", lineage, "T")

    history = [at("2026-09-15", "a", m.Phase.DELIVER), at("2026-03-01", "b"), at("", "c")]
    assert ph.last_standing(history) == history[0]
    assert ph.last_standing(history, lineage_id="a") == history[1]
    assert ph.last_standing(history, before="2026-09-15") == history[1]
    assert ph.last_standing(history, before="2025-01-01") == history[2]
    assert ph.last_standing([]) is None
    text = ph.last_workshop_text("Sales", history[0])
    assert text == "Last workshop with Sales: Deliver (2026-09-15)"
    assert ph.last_workshop_text("Sales", None) == ""


def test_division_names_match_ignoring_case_and_spacing() -> None:
    assert ph.same_division("  Sales ", "sales")
    assert ph.same_division("People  Ops", "people ops")
    assert not ph.same_division("", "")
    assert not ph.same_division("Sales", "Sales EMEA")


def test_the_library_knows_each_divisions_phase_history(library: Library) -> None:
    older = library.create_workshop("Spring", division="Sales", date="2026-03-01")
    library.set_field(Kind.WORKSHOP, older, "it_phase", "run")
    newer = library.create_workshop("Autumn", division="sales", date="2026-09-15")
    library.set_field(Kind.WORKSHOP, newer, "it_phase", "deliver")
    library.create_workshop("No phase", division="Sales", date="2026-10-01")
    other = library.create_workshop("HR", division="HR", date="2026-10-01")
    library.set_field(Kind.WORKSHOP, other, "it_phase", "innovate")

    history = sp.phase_history(library, "Sales")
    assert [(h.title, h.phase, h.date) for h in history] == [
        ("Autumn", m.Phase.DELIVER, "2026-09-15"),
        ("Spring", m.Phase.RUN, "2026-03-01"),
    ]
    assert sp.phase_history(library, "  ") == []

    today = library.create_workshop("Winter", division="Sales", date="2026-12-07")
    standing = sp.standing_before(library, library.workshop(today))
    assert standing is not None and standing.title == "Autumn"
    own = sp.standing_before(library, library.workshop(newer))
    assert own is not None and own.title == "Spring"  # itself is not its own history


def test_evidence_and_the_earlier_standing_are_stored_and_travel(library: Library) -> None:
    wid = library.create_workshop("Winter", division="Sales")
    for name, value in [
        ("it_reliability", "Payroll fails monthly 💥 <b>"),
        ("it_delivery", "Two projects late"),
        ("earlier_phase", "deliver"),
        ("earlier_phase_date", "2026-09-15"),
        ("it_phase", "run"),
    ]:
        library.set_field(Kind.WORKSHOP, wid, name, value)
    ws = library.workshop(wid)
    assert ws.it_reliability == "Payroll fails monthly 💥 <b>"
    assert ws.earlier_phase is m.Phase.DELIVER and ph.slid_back(ws)
    again = interchange.loads(interchange.dumps(ws))
    assert (again.it_delivery, again.earlier_phase_date) == ("Two projects late", "2026-09-15")
    assert library.content_problem(wid) is None


def test_a_follow_up_compares_with_the_workshop_it_follows() -> None:
    earlier = m.Workshop("Q3", division="Sales", date="2026-09-15", it_phase=m.Phase.DELIVER)
    earlier.it_reliability = "Stable"
    later = follow_up.follow_up_workshop(earlier)
    assert (later.earlier_phase, later.earlier_phase_date) == (m.Phase.DELIVER, "2026-09-15")
    assert later.it_reliability == "Stable"
    later.it_phase = m.Phase.RUN
    assert ph.workshop_movement(later).startswith("IT's standing with Sales slid back")


def test_fields_added_later_leave_the_digest_of_a_workshop_without_them_alone() -> None:
    ws = m.Workshop("W", requests=[m.Request("A")])
    before = interchange.content_digest(ws)
    ws.requests[0].origin = m.Origin.DIVISION
    assert interchange.content_digest(ws) == before
    ws.requests[0].origin = m.Origin.IT
    assert interchange.content_digest(ws) != before


# -- stated urgency is not importance ---------------------------------------------------------


def test_the_priority_order_follows_the_score_not_the_stated_urgency() -> None:
    loud = m.Request("Shiny dashboard ASAP", urgency=m.Urgency.CRITICAL)
    quiet = m.Request("Fix quoting", urgency=m.Urgency.LOW)
    bare = m.Request("No need yet", urgency=m.Urgency.CRITICAL)
    tie = m.Request("Also fix quoting")
    goal = m.StrategicGoal("Grow revenue", weight=5)
    weak = m.Need("Nicer charts", request_ids=[loud.id])
    strong = m.Need("Quotes in a day", request_ids=[quiet.id, tie.id])
    ws = m.Workshop(
        "W",
        goals=[goal],
        requests=[bare, loud, quiet, tie],
        needs=[weak, strong],
        links=[
            m.AlignmentLink(strong.id, goal.id, m.Strength.STRONG),
            m.AlignmentLink(weak.id, goal.id, m.Strength.WEAK),
        ],
    )
    assert [r.text for r in scoring.requests_by_priority(ws)] == [
        "Fix quoting",
        "Also fix quoting",  # same need, same score: the facilitator's order
        "Shiny dashboard ASAP",
        "No need yet",  # nothing to score yet: last
    ]
    assert ws.requests[0].text == "No need yet"  # the workshop is not reordered


# -- IT's own ideas -----------------------------------------------------------------------------


def test_requests_split_by_origin_in_the_facilitators_order() -> None:
    a, b, c = m.Request("A"), m.Request("B", origin=m.Origin.IT), m.Request("C")
    assert origin.split_by_origin([a, b, c]) == ([a, c], [b])
    assert b.from_it and not a.from_it
    assert origin.origin_words(b) == "IT idea"


# -- the lens: the CTO as co-owner, the portfolio's filter ----------------------------------------


def test_a_customer_facing_need_suggests_the_cto_until_the_cto_is_in_and_owns_it() -> None:
    request = m.Request("Customer portal")
    need = m.Need("Customers self-serve", request_ids=[request.id], lens=m.Lens.INTERNAL)
    ws = m.Workshop("W", requests=[request], needs=[need], decisions=[m.Decision(request.id)])
    assert lens.cto_hint(ws, request.id) is None  # internal: the CIO's side
    need.lens = m.Lens.BOTH
    hint = lens.cto_hint(ws, request.id)
    assert hint == lens.CtoHint(add_participant=True, set_owner=True)
    assert "a participant and the owner" in hint.sentence()
    ws.participants.append(m.Participant("Dana Lee", role="Chief Technology Officer"))
    assert lens.cto_hint(ws, request.id) == lens.CtoHint(False, True)
    ws.decisions[0].owner = "CTO"
    assert lens.cto_hint(ws, request.id) is None
    assert lens.is_cto("cto") and lens.is_cto("Deputy CTO") and not lens.is_cto("Doctorow")


def test_the_lens_filter_counts_both_on_either_side() -> None:
    both, internal, outward = m.Lens.BOTH, m.Lens.INTERNAL, m.Lens.CUSTOMER_FACING
    assert lens.lens_matches([both], internal) and lens.lens_matches([both], outward)
    assert lens.lens_matches([None, outward], outward)
    assert not lens.lens_matches([internal], outward)
    assert not lens.lens_matches([internal, outward], both)
    assert lens.lens_matches([], None) and not lens.lens_matches([None], internal)


def test_the_new_fields_travel_in_files_and_are_checked_on_the_way_in() -> None:
    ws = m.Workshop("W", it_phase=m.Phase.RUN, requests=[m.Request("A", origin=m.Origin.IT)])
    ws.it_reliability, ws.it_delivery = "Outages weekly", "On time"
    ws.earlier_phase, ws.earlier_phase_date = m.Phase.DELIVER, "2026-09-15"
    data = json.loads(interchange.dumps(ws))
    schema_file = Path(__file__).resolve().parents[2] / "docs" / "workshop.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    again = interchange.from_dict(data)
    assert again.requests[0].origin is m.Origin.IT and again.earlier_phase is m.Phase.DELIVER
    for where, value, field in [
        (data["workshop"]["requests"][0], "vendor", "origin"),
        (data["workshop"], "someday", "earlier_phase_date"),
        (data["workshop"], "walk", "earlier_phase"),
    ]:
        bad = json.loads(json.dumps(data))
        target = (
            bad["workshop"]["requests"][0] if where is not data["workshop"] else bad["workshop"]
        )
        target[field] = value
        with pytest.raises(ValidationError, match=field):
            interchange.from_dict(bad)
