"""Impact over time: results recorded against each need's measure, outside the signed revision,
carried into a follow-up, kept in the interchange file, sealed in their own rows."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import text

from workshop_app.core import follow_up, interchange
from workshop_app.core import model as m
from workshop_app.core import results as r
from workshop_app.core.demo import demo_results, demo_workshop
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.storage import portfolio, signoff
from workshop_app.storage import results as stored
from workshop_app.storage.operations import Library, fresh_ids


@pytest.fixture
def library(any_library: Library) -> Library:
    """The tests with a library run on a library file and on a team library (tests/conftest.py)."""
    return any_library


SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "workshop.schema.json"


def _need(baseline: str, target: str) -> m.Need:
    return m.Need("Quotes out fast", measure="Quote turnaround", baseline=baseline, target=target)


def _results(need: m.Need, *values: str) -> list[m.Result]:
    return [m.Result(need.id, v, f"2027-0{i + 1}-01") for i, v in enumerate(values)]


def sign_off(library: Library, workshop_id: str) -> None:
    people = library.workshop(workshop_id).participants
    for person in sorted(people, key=lambda p: p.decision_maker):
        signoff.sign(library, workshop_id, person.id, person.name, m.Stance.AGREE)
    assert library.workshop(workshop_id).is_locked


# -- core: numbers and trends ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 days", 5.0),
        ("1,200 a month", 1200.0),
        ("98.5 %", 98.5),
        ("±30%", 30.0),
        ("-4 points", -4.0),
        ("under 5 a month", 5.0),
        ("no figure", None),
        ("", None),
    ],
)
def test_the_first_number_written_is_read(text: str, expected: float | None) -> None:
    assert r.number(text) == expected


@pytest.mark.parametrize(
    ("values", "trend"),
    [
        (("3 days",), r.Trend.TOWARD),
        (("1 day",), r.Trend.MET),
        (("0.5 days",), r.Trend.MET),
        (("5 days",), r.Trend.FLAT),
        (("7 days",), r.Trend.AWAY),
        (("a lot faster",), r.Trend.UNKNOWN),
        ((), r.Trend.UNKNOWN),
    ],
)
def test_the_trend_is_judged_against_the_target(values: tuple[str, ...], trend: r.Trend) -> None:
    need = _need("5 days", "1 day")  # lower is better here
    assert r.trend(need, _results(need, *values)) is trend


def test_without_a_baseline_the_first_result_is_the_start() -> None:
    need = _need("", "95 %")  # higher is better
    assert r.trend(need, _results(need, "80 %", "90 %")) is r.Trend.TOWARD
    assert r.trend(need, _results(need, "80 %")) is r.Trend.UNKNOWN
    assert r.trend(_need("5", "5"), _results(_need("5", "5"), "4")) is r.Trend.UNKNOWN


def test_results_are_ordered_by_the_day_measured() -> None:
    ws = demo_workshop()
    need = ws.needs[0]
    ws.results = [
        m.Result(need.id, "2 days", "2027-01-31"),
        m.Result(need.id, "4 days", "2026-11-30"),
        m.Result(ws.needs[1].id, "9 a month", "2027-03-01"),
    ]
    assert [x.value for x in r.results_for(ws, need.id)] == ["4 days", "2 days"]
    assert r.latest(ws, need.id).value == "2 days"  # type: ignore[union-attr]
    assert r.latest(ws, ws.needs[3].id) is None


def test_commitments_are_the_needs_behind_proceed_and_reshape() -> None:
    ws = demo_workshop()
    ws.results = demo_results(ws)
    found = r.commitments(ws)
    statements = [c.need.statement for c in found]
    # The quote need sits under two committed requests and is listed once; IT's own idea counts.
    assert statements == [n.statement for n in (ws.needs[0], ws.needs[1], ws.needs[2], ws.needs[4])]
    assert all(c.decision.kind in m.COMMITMENTS for c in found)
    assert found[0].latest is not None and found[0].latest.value == "2 days"
    assert found[0].trend is r.Trend.TOWARD
    assert found[1].trend is r.Trend.TOWARD
    assert found[2].trend is r.Trend.AWAY  # forecast accuracy ±34% against ±30% → ±10%
    assert found[3].trend is r.Trend.MET  # incidents first reported by users: 3, under 4
    assert r.commitments(ws, carried_only=True) == []


def test_the_measure_and_result_read_as_one_line() -> None:
    need = m.Need(measure="Quote turnaround", baseline="5 days", target="1 day", by_when="Q2")
    assert r.measure_line(need) == "Quote turnaround: 5 days → 1 day by Q2"
    assert r.measure_line(m.Need(target="1 day")) == "1 day"
    assert r.result_line(None) == "not measured yet"
    assert r.result_line(m.Result("n", "2 days", "2027-01-31")) == "2 days on 2027-01-31"


# -- the interchange file ----------------------------------------------------------------------


def test_results_travel_in_the_file_and_change_no_digest() -> None:
    ws = demo_workshop()
    content, document = interchange.content_digest(ws), interchange.document_digest(ws)
    ws.results = demo_results(ws)
    ws.results[0].verdict = m.Verdict.MOVING
    assert interchange.content_digest(ws) == content
    assert interchange.document_digest(ws) == document
    again = interchange.loads(interchange.dumps(ws))
    assert again.results == ws.results
    doc = json.loads(interchange.dumps(ws))
    assert doc["schema_version"] == 2
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(doc)] == []


def test_a_follow_up_note_and_an_earlier_decision_are_part_of_the_revision() -> None:
    ws = demo_workshop()
    digest = interchange.content_digest(ws)
    ws.follow_up_of = "Q3 alignment (2026-09-15)"
    assert interchange.content_digest(ws) != digest
    ws.decisions[0].earlier = "Reshape in “Q3 alignment”."
    assert interchange.loads(interchange.dumps(ws)) == ws


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda x: x.update(need_id="nope"), "results[0].need_id"),
        (lambda x: x.update(value="  "), "results[0].value"),
        (lambda x: x.update(date="31/01/2027"), "results[0].date"),
        (lambda x: x.update(verdict="great"), "results[0].verdict"),
        (lambda x: x.update(colour="red"), "results[0].colour"),
    ],
)
def test_a_bad_result_in_a_file_is_refused_by_name(change, where: str) -> None:  # type: ignore[no-untyped-def]
    ws = demo_workshop()
    ws.results = demo_results(ws)
    doc = json.loads(interchange.dumps(ws))
    change(doc["workshop"]["results"][0])
    with pytest.raises(ValidationError) as raised:
        interchange.from_dict(doc)
    assert where in str(raised.value)


# -- storage: recorded after sign-off, sealed, carried ----------------------------------------


def test_a_result_is_recorded_on_a_signed_off_revision_without_touching_it(
    library: Library, demo_id: str
) -> None:
    sign_off(library, demo_id)
    before = library.workshop(demo_id)
    need = before.needs[0]
    with pytest.raises(UserError):
        library.set_field("need", need.id, "target", "2 days")
    result_id = stored.record(
        library, need.id, "3 days", date="2026-12-01", note="Pilot <b>team</b> 🚀", verdict="moving"
    )
    after = library.workshop(demo_id)
    (result,) = after.results
    assert (result.id, result.value, result.date, result.note, result.verdict) == (
        result_id,
        "3 days",
        "2026-12-01",
        "Pilot <b>team</b> 🚀",
        m.Verdict.MOVING,
    )
    assert result.recorded_at
    assert interchange.content_digest(after) == interchange.content_digest(before)
    assert after.status is m.Status.SIGNED_OFF
    assert library.content_problem(demo_id) is None
    assert any(e.action == "record result" for e in library.audit_log(demo_id))
    # Undo: delete it and put it back as it was.
    removed = stored.delete(library, result_id)
    assert library.workshop(demo_id).results == []
    stored.restore(library, removed)
    assert library.workshop(demo_id).results == [result]


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"value": ""}, "cannot be empty"),
        ({"value": "1", "date": "tomorrow"}, "YYYY-MM-DD"),
        ({"value": "1", "verdict": "perfect"}, "must be one of"),
        ({"value": "x" * 501}, "the limit is 500"),
    ],
)
def test_a_bad_result_is_refused_in_words(
    library: Library, demo_id: str, values: dict[str, str], problem: str
) -> None:
    need_id = library.workshop(demo_id).needs[0].id
    with pytest.raises(ValidationError, match=problem):
        stored.record(library, need_id, **values)  # type: ignore[arg-type]
    assert library.workshop(demo_id).results == []


def test_a_result_for_a_need_that_is_gone_is_refused(library: Library) -> None:
    with pytest.raises(UserError, match="no longer exists"):
        stored.record(library, "not-a-need", "3 days")


def test_a_changed_result_is_noticed_as_damage(library: Library, demo_id: str) -> None:
    need_id = library.workshop(demo_id).needs[0].id
    stored.record(library, need_id, "3 days")
    with library.engine.begin() as conn:  # another program, past the app's operations
        conn.execute(text("UPDATE result SET value = '1 day'"))
    assert library.content_problem(demo_id) is not None


def test_results_come_along_when_reopened_duplicated_and_imported(
    library: Library, demo_id: str
) -> None:
    ws = library.workshop(demo_id)
    for result in demo_results(ws):
        stored.restore(library, result)
    sign_off(library, demo_id)
    signed = library.workshop(demo_id)
    assert len(signed.results) == 7
    next_id = signoff.reopen(library, demo_id)
    reopened = library.workshop(next_id)
    assert [x.value for x in reopened.results] == [x.value for x in signed.results]
    assert {x.need_id for x in reopened.results} <= {n.id for n in reopened.needs}
    assert not {x.id for x in reopened.results} & {x.id for x in signed.results}
    # A copy in another library (export, import) keeps them; an import of the same file here
    # becomes an independent copy with fresh ids for its results too.
    copy_id = library.add_workshop(interchange.loads(library.export_json(demo_id)))
    assert [x.value for x in library.workshop(copy_id).results] == [x.value for x in signed.results]
    fresh = fresh_ids(signed)
    assert {x.need_id for x in fresh.results} <= {n.id for n in fresh.needs}


def test_a_result_goes_with_its_need(library: Library) -> None:
    workshop_id = library.create_workshop("Draft")
    request_id = library.add_item(workshop_id, "request", {"text": "A CRM"})
    need_id = library.add_item(workshop_id, "need", {"statement": "Quotes out fast"})
    library.attach_request(need_id, request_id)
    stored.record(library, need_id, "3 days")
    library.delete_item("need", need_id)
    assert library.workshop(workshop_id).results == []


# -- follow-ups --------------------------------------------------------------------------------


def test_a_follow_up_carries_every_commitment_with_its_results_and_every_open_action() -> None:
    earlier = demo_workshop()
    earlier.results = demo_results(earlier)
    earlier.actions[0].done = True
    follow = follow_up.follow_up_workshop(earlier)
    assert follow.follow_up_of == "Q3 alignment with Sales and People (2026-09-15)"
    assert follow.is_follow_up and not earlier.is_follow_up
    committed = [
        x.text for x in earlier.requests if earlier.decision_for(x.id).kind in m.COMMITMENTS
    ]
    kinds = {x.text: follow.decision_for(x.id).kind for x in follow.requests}
    assert all(kinds[text] in m.COMMITMENTS for text in committed)
    assert kinds["VR onboarding for new sales hires"] is None
    assert "A weekly Excel export of all opportunities" not in kinds  # declined: not carried
    assert follow.results == earlier.results
    assert [a.text for a in follow.actions] == [a.text for a in earlier.actions if not a.done]
    review = r.commitments(follow, carried_only=True)
    assert [c.need.statement for c in review] == [c.need.statement for c in r.commitments(earlier)]
    assert review[0].latest is not None and review[0].latest.value == "2 days"


def test_the_follow_up_in_the_library_opens_with_results_on_its_own_ids(
    library: Library, demo_id: str
) -> None:
    for result in demo_results(library.workshop(demo_id)):
        stored.restore(library, result)
    follow_id = portfolio.start_follow_up(library, demo_id)
    follow = library.workshop(follow_id)
    assert follow.is_follow_up
    assert len(follow.results) == 7
    assert {x.need_id for x in follow.results} <= {n.id for n in follow.needs}
    # Recording in the follow-up leaves the earlier workshop's results as they were.
    stored.record(library, follow.needs[0].id, "1 day", verdict="met")
    assert len(library.workshop(demo_id).results) == 7
    assert len(library.workshop(follow_id).results) == 8


def test_a_duplicate_starts_without_results(library: Library, demo_id: str) -> None:
    stored.record(library, library.workshop(demo_id).needs[0].id, "3 days")
    copy_id = library.duplicate_workshop(demo_id)
    assert library.workshop(copy_id).results == []
    assert len(library.workshop(demo_id).results) == 1


def test_the_review_is_offered_to_a_follow_up_and_to_a_signed_off_workshop() -> None:
    ws = demo_workshop()
    assert not r.offers_review(ws)  # in progress: nothing to measure yet
    ws.status = m.Status.SIGNED_OFF
    assert r.offers_review(ws)
    assert [c.need.id for c in r.to_review(ws)] == [n.id for n in ws.needs if n is not ws.needs[3]]
    ws.results = demo_results(ws)
    assert [r.done(ws, c) for c in r.to_review(ws)] == [True, True, True, True]  # measured
    follow = follow_up.follow_up_workshop(ws)
    assert r.offers_review(follow) and not follow.is_locked
    assert [r.done(follow, c) for c in r.to_review(follow)] == [False, False, False, False]
    pipeline = next(x for x in follow.results if x.value == "±34%")
    pipeline.verdict = m.Verdict.NOT_MOVED  # the pipeline need's latest result
    assert [r.done(follow, c) for c in r.to_review(follow)] == [False, False, True, False]
    nothing = m.Workshop("Nothing committed", status=m.Status.SIGNED_OFF)
    assert not r.offers_review(nothing)


def test_results_keep_one_order_through_a_file_and_the_database(library: Library) -> None:
    ws = demo_workshop()
    ws.results = list(reversed(demo_results(ws)))  # a file may list them in any order
    again = interchange.loads(interchange.dumps(ws))
    assert [x.order() for x in again.results] == sorted(x.order() for x in ws.results)
    stored_id = library.add_workshop(again)
    assert interchange.loads(library.export_json(stored_id)).results == again.results
