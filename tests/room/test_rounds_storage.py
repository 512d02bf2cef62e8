"""Blind scoring rounds in a real database: open, rate, reveal, adopt, and what is refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from sqlmodel import select

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core import rounds as r
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import LockedError, NotFoundError, ValidationError
from workshop_app.core.kind import Kind
from workshop_app.core.model import Strength
from workshop_app.storage import rounds, signoff
from workshop_app.storage import tables as t
from workshop_app.storage.operations import Library


def test_a_round_is_rated_revealed_and_adopted_like_a_facilitator_edit(
    library: Library, demo_id: str
) -> None:
    ws = library.workshop(demo_id)
    need, goal = ws.needs[0], ws.goals[0]
    people = [p.id for p in ws.participants]
    round_id = rounds.open_round(library, need.id, ["value", f"link:{goal.id}", "value"])
    rounds.rate(library, demo_id, round_id, people[0], {"value": 3, f"link:{goal.id}": 1})
    rounds.rate(library, demo_id, round_id, people[1], {"value": 9})
    rounds.rate(library, demo_id, round_id, people[1], {"value": 8})  # changed, not added
    view = rounds.round_view(library, round_id)
    assert view.criteria == ["value", f"link:{goal.id}"]
    assert view.ratings["value"] == {people[0]: 3, people[1]: 8}
    assert view.answered() == {people[0]}

    spreads = rounds.reveal(library, round_id)
    assert (spreads[0].median, spreads[0].low, spreads[0].high) == (5.5, 3, 8)
    assert r.most_disputed(spreads) is spreads[0]
    with pytest.raises(rounds.RoundNotOpenError):
        rounds.rate(library, demo_id, round_id, people[2], {"value": 5})

    record = rounds.adopt(library, round_id, "value", 6)
    rounds.adopt(library, round_id, f"link:{goal.id}", 3)
    after = library.workshop(demo_id)
    assert after.need(need.id).assessment.value == 6
    assert after.strength(need.id, goal.id) is Strength.STRONG
    assert record == {
        "value": 6,
        "criterion": "value",
        "count": 2,
        "median": 5.5,
        "low": 3,
        "high": 8,
        "disagreement": round(5 / 9, 3),
    }
    with library.read() as s:
        log = s.exec(select(t.AuditRow).where(t.AuditRow.workshop_id == demo_id)).all()
    edits = [e for e in log if e.action == "edit" and e.entity_id == need.id]
    assert [(e.kind, e.field, json.loads(e.after)) for e in edits] == [("need", "value", 6)]
    adopted = [json.loads(e.after) for e in log if e.action == "adopt rating"]
    assert adopted[0]["median"] == 5.5 and adopted[0]["need"] == need.id
    rates = [e for e in log if e.action == "rate"]
    assert rates[0].actor == ws.participants[0].name
    # The log does not give the score away before the reveal.
    assert json.loads(rates[0].after) == {
        "participant": ws.participants[0].name,
        "criteria": sorted(["value", f"link:{goal.id}"]),
    }
    assert library.content_problem(demo_id) is None  # the new rows are sealed

    # The adoptions are part of the need: with their spread, in the interchange JSON too.
    rounds.adopt(library, round_id, "value", 7)  # a correction replaces, does not add
    adopted = library.workshop(demo_id).need(need.id).adoptions  # type: ignore[union-attr]
    assert [(a.criterion, a.value, a.answers, a.median, a.low, a.high) for a in adopted] == [
        ("value", 7, 2, "5.5", 3, 8),
        ("link", 3, 1, "1", 1, 1),
    ]
    assert adopted[1].goal_id == goal.id and adopted[0].round_id == round_id
    exported = library.export_json(demo_id)
    assert json.loads(exported)["workshop"]["needs"][0]["adoptions"][0]["median"] == "5.5"
    schema = json.loads((Path(__file__).parents[2] / "docs" / "workshop.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(exported))
    again = interchange.loads(exported)
    assert again.need(need.id).adoptions == adopted  # type: ignore[union-attr]
    copy_id = library.duplicate_workshop(demo_id)
    copy = library.workshop(copy_id)
    assert copy.needs[0].adoptions[1].goal_id == copy.goals[0].id != goal.id
    assert library.content_problem(copy_id) is None


def test_a_workshop_file_with_a_bad_adoption_is_refused(library: Library, demo_id: str) -> None:
    data = json.loads(library.export_json(demo_id))
    need = data["workshop"]["needs"][0]
    bad = {"criterion": "link", "value": 2, "answers": 3, "median": "2", "low": 1, "high": 3}
    for adoption, where in (
        ({**bad, "goal_id": "elsewhere"}, "adoptions[0].goal_id"),
        (bad, "adoptions[0].goal_id"),
        ({**bad, "criterion": "mood"}, "adoptions[0].criterion"),
        ({**bad, "criterion": "value", "goal_id": data["workshop"]["goals"][0]["id"]}, "goal_id"),
        ({**bad, "value": 1000}, "adoptions[0].value"),
        ({**bad, "extra": 1}, "adoptions[0]"),
    ):
        need["adoptions"] = [adoption]
        with pytest.raises(ValidationError, match=re.escape(where)):
            interchange.loads(json.dumps(data))


def test_without_adoptions_the_digest_is_as_before(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id)
    plain = json.loads(library.export_json(demo_id))
    assert "adoptions" in plain["workshop"]["needs"][0]
    before = interchange.content_digest(ws)
    ws.needs[0].adoptions.append(m.Adoption("value", 5, 3, "5", 4, 6))
    assert interchange.content_digest(ws) != before
    ws.needs[0].adoptions.clear()
    assert interchange.content_digest(ws) == before


def test_refusals(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id)
    need = ws.needs[0]
    person = ws.participants[0].id
    with pytest.raises(ValidationError):
        rounds.open_round(library, need.id, [])
    with pytest.raises(ValidationError):
        rounds.open_round(library, need.id, ["link:nowhere"])
    round_id = rounds.open_round(library, need.id, ["effort"])
    for bad in (0, 11, "5", 5.0, True):
        with pytest.raises(ValidationError):
            rounds.rate(library, demo_id, round_id, person, {"effort": bad})
    with pytest.raises(ValidationError):
        rounds.rate(library, demo_id, round_id, person, {"value": 5})
    with pytest.raises(NotFoundError):
        rounds.rate(library, demo_id, "no-round", person, {"effort": 5})
    with pytest.raises(NotFoundError):
        rounds.rate(library, demo_id, round_id, "stranger", {"effort": 5})
    other = library.add_workshop(demo_workshop())
    with pytest.raises(NotFoundError):  # a round of another workshop is not this one's
        rounds.rate(library, other, round_id, person, {"effort": 5})
    with pytest.raises(Exception, match="Reveal"):
        rounds.adopt(library, round_id, "effort", 5)
    second = rounds.open_round(library, ws.needs[1].id, ["risk"])
    assert rounds.round_view(library, round_id).state is r.RoundState.CLOSED
    assert rounds.live_round(library, demo_id).id == second  # type: ignore[union-attr]


def test_a_signed_off_revision_takes_no_ratings(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id)
    round_id = rounds.open_round(library, ws.needs[0].id, ["value"])
    for p in ws.participants:
        if p.decision_maker:
            signoff.sign(library, demo_id, p.id, p.name)
    with pytest.raises(LockedError):
        rounds.rate(library, demo_id, round_id, ws.participants[0].id, {"value": 4})


def test_deleting_a_need_takes_its_rounds(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id)
    round_id = rounds.open_round(library, ws.needs[0].id, ["value"])
    rounds.rate(library, demo_id, round_id, ws.participants[0].id, {"value": 4})
    library.delete_item(Kind.NEED, ws.needs[0].id)
    assert rounds.rounds_of(library, demo_id) == []
    assert library.content_problem(demo_id) is None


def test_taking_an_adoption_back_restores_the_value_and_forgets_the_adoption(
    library: Library, demo_id: str
) -> None:
    ws = library.workshop(demo_id)
    need, goal = ws.needs[0], ws.goals[1]
    before = ws.strength(need.id, goal.id)
    round_id = rounds.open_round(library, need.id, [f"link:{goal.id}", "risk"])
    rounds.rate(library, demo_id, round_id, ws.participants[0].id, {f"link:{goal.id}": 3})
    rounds.reveal(library, round_id)
    rounds.adopt(library, round_id, f"link:{goal.id}", 3)
    rounds.adopt(library, round_id, "risk", 9)
    rounds.unadopt(library, round_id, f"link:{goal.id}", before.points)
    rounds.unadopt(library, round_id, "risk", need.assessment.risk)
    after = library.workshop(demo_id)
    assert after.strength(need.id, goal.id) is before
    assert after.need(need.id).assessment.risk == need.assessment.risk  # type: ignore[union-attr]
    assert after.need(need.id).adoptions == []  # type: ignore[union-attr]
    assert rounds.round_view(library, round_id).adopted == {}
    assert library.content_problem(demo_id) is None


def test_a_batch_stores_each_answer_once_the_later_of_a_repeat_and_refuses_only_the_bad(
    library: Library, demo_id: str
) -> None:
    ws = library.workshop(demo_id)
    a, b, c = (p.id for p in ws.participants[:3])
    round_id = rounds.open_round(library, ws.needs[0].id, ["value", "effort"])
    rounds.rate(library, demo_id, round_id, c, {"value": 1})  # an earlier answer, changed below
    results = rounds.rate_many(
        library,
        demo_id,
        [
            (round_id, a, {"value": 3}),
            (round_id, b, {"value": 11}),  # out of the scale: refused
            (round_id, a, {"value": 7, "effort": 2}),  # the same person again: the later counts
            ("no-round", b, {"value": 4}),
            (round_id, "stranger", {"value": 4}),
            (round_id, c, {"value": 9}),
            (round_id, b, {}),
            (["not", "an", "id"], b, {"value": 4}),  # type: ignore[list-item]
        ],
    )
    assert [type(x).__name__ if x else None for x in results] == [
        None,
        "ValidationError",
        None,
        "NotFoundError",
        "NotFoundError",
        None,
        "ValidationError",
        "NotFoundError",
    ]
    view = rounds.round_view(library, round_id)
    assert view.ratings == {"value": {a: 7, c: 9}, "effort": {a: 2}}
    with library.read() as s:
        stored = s.exec(select(t.RatingRow).where(t.RatingRow.round_id == round_id)).all()
        logged = s.exec(
            select(t.AuditRow).where(t.AuditRow.workshop_id == demo_id, t.AuditRow.action == "rate")
        ).all()
    assert len(stored) == 3  # one row per person and question, never two
    assert len(logged) == 4  # each accepted answer is in the audit log, without its score
    assert all(set(json.loads(row.after)) == {"participant", "criteria"} for row in logged)
