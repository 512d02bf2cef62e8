"""Importing interchange JSON is strict: every bad input is refused with the path of the field at
fault, in one sentence, and nothing at all is written to the database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import ValidationError
from workshop_app.services.importing import import_file
from workshop_app.storage import repository
from workshop_app.storage.operations import Library

Doc = dict[str, Any]


def full_workshop() -> m.Workshop:
    """The demo plus a signature, so every kind of item and reference is present."""
    ws = demo_workshop()
    ws.signatures = [
        m.Signature(
            participant_id=ws.participants[0].id,
            typed_name="María González",
            stance=m.Stance.AGREE_WITH_RESERVATION,
            note="Budget to be confirmed",
            drawing="10,10 20,20;30,30 40,40",
            content_digest=interchange.content_digest(ws),
            signed_at="2026-09-15T11:00:00Z",
        )
    ]
    return ws


@pytest.fixture
def sample() -> m.Workshop:
    return full_workshop()


@pytest.fixture
def doc(sample: m.Workshop) -> Doc:
    return interchange.to_dict(sample)


def refused(data: Doc | bytes | str) -> ValidationError:
    raw = data if isinstance(data, bytes | str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(ValidationError) as caught:
        interchange.loads(raw)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return caught.value


def assert_refused(data: Doc | bytes | str, path: str, problem: str) -> None:
    error = refused(data)
    assert error.path == path, str(error)
    assert str(error).startswith(f"{path}: " if path else ""), str(error)
    assert problem in error.problem, str(error)


def test_the_full_sample_is_accepted_exactly(sample: m.Workshop) -> None:
    assert interchange.loads(interchange.dumps(sample)) == sample
    assert interchange.loads(interchange.dumps(sample).encode("utf-8")) == sample


# -- the file itself -------------------------------------------------------------------------


def test_not_json_names_line_and_column() -> None:
    assert_refused(b'{"schema": "workshop-app/workshop",\n  oops}', "", "not valid JSON")
    assert "line 2, column 3" in str(refused(b'{"schema": 1,\n  oops}'))


def test_non_utf8_bytes_are_refused() -> None:
    raw = '{"schema": "workshop-app/workshop", "x": "café"}'.encode("latin-1")
    assert_refused(raw, "", "not UTF-8")


def test_a_json_value_that_is_not_an_object() -> None:
    assert_refused(b"[1, 2, 3]", "", "expected a JSON object")


def test_an_oversized_file_is_refused_before_parsing() -> None:
    raw = b" " * (interchange.MAX_FILE_BYTES + 1)
    assert_refused(raw, "", "workshop files are at most 16 MB")


def test_deeply_nested_json_is_refused_not_crashed() -> None:
    depth = 200_000
    assert_refused(b"[" * depth + b"]" * depth, "", "nests too deeply")
    inside = '{"schema": "workshop-app/workshop", "schema_version": 1, "workshop": {"title": '
    assert_refused(inside + "[" * depth + "]" * depth + "}}", "", "nests too deeply")


def test_moderate_nesting_inside_a_field_names_the_field(doc: Doc) -> None:
    nested: Any = "x"
    for _ in range(100):
        nested = [nested]
    doc["workshop"]["title"] = nested
    assert_refused(doc, "workshop.title", "must be text")


def test_an_integer_with_thousands_of_digits(doc: Doc) -> None:
    raw = json.dumps(doc).replace('"weight": 5', '"weight": ' + "9" * 5000, 1)
    assert_refused(raw, "", "thousands of digits")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_not_whole_numbers(doc: Doc, literal: str) -> None:
    raw = json.dumps(doc).replace('"weight": 5', f'"weight": {literal}', 1)
    assert_refused(raw, "workshop.goals[0].weight", "whole number")


# -- schema and version ----------------------------------------------------------------------


@pytest.mark.parametrize("schema", ["workshop-app/other", "", None, 1])
def test_a_wrong_schema_id(doc: Doc, schema: Any) -> None:
    doc["schema"] = schema
    assert_refused(doc, "schema", "not a workshop file")


def test_a_missing_schema_id(doc: Doc) -> None:
    del doc["schema"]
    assert_refused(doc, "schema", "not a workshop file")


def test_a_newer_schema_version_asks_to_update(doc: Doc) -> None:
    doc["schema_version"] = interchange.SCHEMA_VERSION + 1
    assert_refused(doc, "schema_version", "newer than this app understands")
    assert "update Workshop App" in str(refused(doc))


@pytest.mark.parametrize("version", [0, -1])
def test_an_older_schema_version_is_unknown(doc: Doc, version: int) -> None:
    doc["schema_version"] = version
    assert_refused(doc, "schema_version", "not a known version")


@pytest.mark.parametrize("version", ["1", 1.0, True, None])
def test_a_schema_version_that_is_not_a_whole_number(doc: Doc, version: Any) -> None:
    doc["schema_version"] = version
    assert_refused(doc, "schema_version", "whole number")


# -- fields ------------------------------------------------------------------------------------

Mutation = Callable[[Doc], None]


def _set(path: str, value: Any) -> Mutation:
    """A mutation that sets a value at a dotted path like 'goals.0.weight' inside workshop."""

    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc["workshop"]
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc["workshop"]
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]

    return mutate


CASES: list[tuple[str, Mutation, str, str]] = [
    # unknown fields, at every level
    ("unknown top-level field", lambda d: d.update(extra=1), "extra", "not a known field"),
    ("unknown workshop field", _set("colour", "red"), "workshop.colour", "not a known field"),
    (
        "unknown goal field",
        _set("goals.1.colour", "red"),
        "workshop.goals[1].colour",
        "not a known",
    ),
    (
        "unknown assessment field",
        _set("needs.0.assessment.mood", 3),
        "workshop.needs[0].assessment.mood",
        "not a known field",
    ),
    ("unknown link field", _set("links.2.note", ""), "workshop.links[2].note", "not a known field"),
    # unknown enum values
    ("unknown phase", _set("it_phase", "sideways"), "workshop.it_phase", "must be one of run"),
    ("unknown status", _set("status", "archived"), "workshop.status", "must be one of draft"),
    ("unknown framework", _set("framework", "moscow"), "workshop.framework", "must be one of"),
    ("unknown level", _set("goals.0.level", "team"), "workshop.goals[0].level", "company"),
    ("unknown urgency", _set("requests.0.urgency", "asap"), "workshop.requests[0].urgency", "low"),
    ("unknown strength", _set("links.3.strength", "very"), "workshop.links[3].strength", "strong"),
    ("unknown kind", _set("decisions.0.kind", "maybe"), "workshop.decisions[0].kind", "proceed"),
    ("unknown lens", _set("needs.1.lens", "external"), "workshop.needs[1].lens", "both"),
    ("unknown stance", _set("signatures.0.stance", "no"), "workshop.signatures[0].stance", "agree"),
    ("enum in capitals", _set("requests.0.phase", "Run"), "workshop.requests[0].phase", "run"),
    # missing required fields
    ("missing workshop", lambda d: d.pop("workshop"), "workshop", "must be an object"),
    ("missing workshop title", _delete("title"), "workshop.title", "is missing"),
    ("missing workshop id", _delete("id"), "workshop.id", "is missing"),
    ("missing goal title", _delete("goals.0.title"), "workshop.goals[0].title", "is missing"),
    ("missing name", _delete("participants.2.name"), "workshop.participants[2].name", "missing"),
    ("missing request text", _delete("requests.1.text"), "workshop.requests[1].text", "missing"),
    ("missing request id", _delete("requests.1.id"), "workshop.requests[1].id", "is missing"),
    ("missing action text", _delete("actions.0.text"), "workshop.actions[0].text", "is missing"),
    ("missing agenda title", _delete("agenda.0.title"), "workshop.agenda[0].title", "missing"),
    ("missing need id", _delete("needs.0.id"), "workshop.needs[0].id", "is missing"),
    ("missing link goal", _delete("links.0.goal_id"), "workshop.links[0].goal_id", "is missing"),
    ("missing strength", _delete("links.0.strength"), "workshop.links[0].strength", "required"),
    (
        "missing decision request",
        _delete("decisions.2.request_id"),
        "workshop.decisions[2].request_id",
        "is missing",
    ),
    (
        "missing signer",
        _delete("signatures.0.participant_id"),
        "workshop.signatures[0].participant_id",
        "is missing",
    ),
    (
        "missing typed name",
        _delete("signatures.0.typed_name"),
        "workshop.signatures[0].typed_name",
        "is missing",
    ),
    ("blank title", _set("title", "   \t"), "workshop.title", "cannot be empty"),
    ("null required text", _set("goals.0.title", None), "workshop.goals[0].title", "empty"),
    # dangling references
    (
        "need to unknown request",
        _set("needs.0.request_ids.1", "f" * 32),
        "workshop.needs[0].request_ids[1]",
        "refers to request",
    ),
    ("link to unknown goal", _set("links.0.goal_id", "nope"), "workshop.links[0].goal_id", "goal"),
    ("link to unknown need", _set("links.0.need_id", "nope"), "workshop.links[0].need_id", "need"),
    (
        "link to a request id",
        lambda d: d["workshop"]["links"][0].update(goal_id=d["workshop"]["requests"][0]["id"]),
        "workshop.links[0].goal_id",
        "refers to goal",
    ),
    (
        "decision for unknown request",
        _set("decisions.1.request_id", "gone"),
        "workshop.decisions[1].request_id",
        "refers to request",
    ),
    (
        "action for unknown request",
        _set("actions.1.request_id", "gone"),
        "workshop.actions[1].request_id",
        "refers to request",
    ),
    (
        "signature by unknown participant",
        _set("signatures.0.participant_id", "stranger"),
        "workshop.signatures[0].participant_id",
        "refers to participant",
    ),
    # duplicates
    (
        "duplicate goal id",
        lambda d: d["workshop"]["goals"][1].update(id=d["workshop"]["goals"][0]["id"]),
        "workshop.goals[1].id",
        "repeats the id already used at workshop.goals[0].id",
    ),
    (
        "id shared by a request and a participant",
        lambda d: d["workshop"]["requests"][0].update(id=d["workshop"]["participants"][0]["id"]),
        "workshop.requests[0].id",
        "workshop.participants[0].id",
    ),
    (
        "item id equal to the workshop id",
        lambda d: d["workshop"]["actions"][0].update(id=d["workshop"]["id"]),
        "workshop.actions[0].id",
        "workshop.id",
    ),
    (
        "second decision for a request",
        lambda d: d["workshop"]["decisions"].append(dict(d["workshop"]["decisions"][0])),
        "workshop.decisions[7]",
        "second decision",
    ),
    (
        "same link twice",
        lambda d: d["workshop"]["links"].append(dict(d["workshop"]["links"][0])),
        "workshop.links[12]",
        "same need and goal twice",
    ),
    (
        "need lists a request twice",
        lambda d: d["workshop"]["needs"][0].update(
            request_ids=[d["workshop"]["requests"][0]["id"]] * 2
        ),
        "workshop.needs[0].request_ids",
        "same request twice",
    ),
    # numbers
    ("negative weight", _set("goals.0.weight", -1), "workshop.goals[0].weight", "at least 1"),
    ("zero weight", _set("goals.0.weight", 0), "workshop.goals[0].weight", "at least 1"),
    ("weight too big", _set("goals.0.weight", 6), "workshop.goals[0].weight", "at most 5"),
    ("fractional weight", _set("goals.0.weight", 2.5), "workshop.goals[0].weight", "whole number"),
    ("weight written 3.0", _set("goals.0.weight", 3.0), "workshop.goals[0].weight", "whole"),
    ("weight as text", _set("goals.0.weight", "3"), "workshop.goals[0].weight", "whole number"),
    ("weight true", _set("goals.0.weight", True), "workshop.goals[0].weight", "whole number"),
    (
        "minutes false",
        _set("agenda.0.planned_minutes", False),
        "workshop.agenda[0].planned_minutes",
        "whole",
    ),
    ("revision true", _set("revision", True), "workshop.revision", "whole number"),
    ("revision zero", _set("revision", 0), "workshop.revision", "at least 1"),
    (
        "confidence true",
        _set("needs.0.assessment.confidence", True),
        "workshop.needs[0].assessment.confidence",
        "whole number",
    ),
    (
        "confidence over 100",
        _set("needs.0.assessment.confidence", 101),
        "workshop.needs[0].assessment.confidence",
        "at most 100",
    ),
    (
        "rating 11",
        _set("needs.2.assessment.effort", 11),
        "workshop.needs[2].assessment.effort",
        "10",
    ),
    (
        "reach negative",
        _set("needs.2.assessment.reach", -5),
        "workshop.needs[2].assessment.reach",
        "0",
    ),
    # booleans
    (
        "number for a bool",
        _set("participants.0.decision_maker", 1),
        "workshop.participants[0].decision_maker",
        "true or false",
    ),
    ("text for a bool", _set("actions.0.done", "yes"), "workshop.actions[0].done", "true or false"),
    # text
    ("number for text", _set("division", 42), "workshop.division", "must be text"),
    ("list for text", _set("requests.0.text", ["a"]), "workshop.requests[0].text", "must be text"),
    ("NUL in text", _set("requests.0.text", "CRM\x00now"), "workshop.requests[0].text", "NUL"),
    (
        "NUL in a rung",
        _set("needs.0.why_ladder.0", "a\x00"),
        "workshop.needs[0].why_ladder[0]",
        "NUL",
    ),
    (
        "title too long",
        _set("title", "x" * 501),
        "workshop.title",
        "is 501 characters long; the limit is 500",
    ),
    (
        "request text too long",
        _set("requests.0.text", "y" * 20_001),
        "workshop.requests[0].text",
        "the limit is 20,000",
    ),
    ("id too long", _set("goals.0.id", "g" * 65), "workshop.goals[0].id", "the limit is 64"),
    # dates
    ("date in another format", _set("date", "15/09/2026"), "workshop.date", "YYYY-MM-DD"),
    (
        "impossible date",
        _set("decisions.0.due_date", "2026-02-30"),
        "workshop.decisions[0].due_date",
        "not a real calendar date",
    ),
    ("date with a newline", _set("date", "2026-09-15\n"), "workshop.date", "YYYY-MM-DD"),
    ("date with other digits", _set("date", "٢٠٢٦-٠٩-١٥"), "workshop.date", "YYYY-MM-DD"),
    ("date as null", _set("actions.0.due_date", None), "workshop.actions[0].due_date", "required"),
    # shapes and counts
    ("item not an object", _set("goals.0", "Grow"), "workshop.goals[0]", "must be an object"),
    ("list not a list", _set("goals", {}), "workshop.goals", "must be a list"),
    (
        "request_ids not a list",
        _set("needs.0.request_ids", "x"),
        "workshop.needs[0].request_ids",
        "must be a list",
    ),
    (
        "assessment not an object",
        _set("needs.0.assessment", []),
        "workshop.needs[0].assessment",
        "must be an object",
    ),
    (
        "ladder not a list",
        _set("needs.0.why_ladder", "why"),
        "workshop.needs[0].why_ladder",
        "list of answers",
    ),
    (
        "too many rungs",
        _set("needs.0.why_ladder", ["why"] * 21),
        "workshop.needs[0].why_ladder",
        "the limit is 20",
    ),
    (
        "too many goals",
        lambda d: d["workshop"].update(
            goals=[{"id": f"g{i}", "title": "Goal"} for i in range(101)], links=[]
        ),
        "workshop.goals",
        "has 101 items; the limit is 100",
    ),
    (
        "too many participants",
        lambda d: d["workshop"].update(
            participants=[{"id": f"p{i}", "name": "P"} for i in range(101)], signatures=[]
        ),
        "workshop.participants",
        "the limit is 100",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "problem"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_bad_field_is_refused_with_its_path(
    doc: Doc, mutate: Mutation, path: str, problem: str
) -> None:
    mutate(doc)
    assert_refused(doc, path, problem)


def test_a_lone_surrogate_escaped_in_json_is_refused(doc: Doc) -> None:
    raw = json.dumps(doc).replace('"title": "Q3', '"title": "\\ud800Q3', 1)
    assert_refused(raw, "workshop.title", "lone surrogate")
    assert_refused(raw.encode("utf-8"), "workshop.title", "lone surrogate")


def test_a_nul_character_is_refused_with_a_clear_message(doc: Doc) -> None:
    doc["workshop"]["participants"][1]["role"] = "Head\x00of People"
    error = refused(doc)
    assert str(error) == (
        "workshop.participants[1].role: contains a NUL character, which text cannot hold"
    )


def test_optional_fields_may_be_left_out(doc: Doc) -> None:
    minimal = {
        "schema": interchange.SCHEMA_ID,
        "schema_version": 1,
        "workshop": {"id": "w1", "title": "Minimal"},
    }
    ws = interchange.loads(json.dumps(minimal))
    assert (ws.id, ws.title, ws.status, ws.requests) == ("w1", "Minimal", m.Status.DRAFT, [])
    # A request without a decision gets an undecided one; text written as null reads as "".
    minimal["workshop"]["requests"] = [{"id": "r1", "text": "CRM", "deadline": None}]
    ws = interchange.loads(json.dumps(minimal))
    assert ws.decisions == [m.Decision(request_id="r1")]
    assert ws.requests[0].deadline == ""


# -- nothing is written unless the whole file is valid ---------------------------------------


def database_dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_an_invalid_import_writes_nothing(library: Library, demo_id: str, db_path: Path) -> None:
    doc = interchange.to_dict(full_workshop())
    doc["workshop"]["actions"][-1]["request_id"] = "no-such-request"  # the very last item
    before = database_dump(db_path)
    with pytest.raises(ValidationError, match=r"workshop\.actions\[4\]\.request_id"):
        import_file(library, json.dumps(doc).encode(), Path("workshop.json"))
    assert database_dump(db_path) == before
    assert [w.id for w in library.workshops()] == [demo_id]


def test_an_import_that_fails_halfway_leaves_no_trace(
    library: Library, demo_id: str, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: rows already inserted are rolled back when a later step fails."""
    real_insert = repository.insert_workshop

    def insert_then_fail(s: Any, ws: m.Workshop, updated_at: str) -> None:
        real_insert(s, ws, updated_at)
        s.flush()  # the rows really are in the database's transaction now
        raise RuntimeError("disk pulled out mid-import")

    monkeypatch.setattr(repository, "insert_workshop", insert_then_fail)
    before = database_dump(db_path)
    with pytest.raises(RuntimeError, match="mid-import"):
        import_file(library, interchange.dumps(full_workshop()).encode(), Path("workshop.json"))
    assert database_dump(db_path) == before
    assert [w.id for w in library.workshops()] == [demo_id]


def test_importing_items_whose_ids_are_taken_gives_them_fresh_ids(
    library: Library, demo_id: str
) -> None:
    """A file with a new workshop id but items already in the database still imports."""
    doc = json.loads(library.export_json(demo_id))
    doc["workshop"]["id"] = "a-new-workshop-id"
    copy_id = import_file(library, json.dumps(doc).encode(), Path("workshop.json")).workshop_id
    original, copied = library.workshop(demo_id), library.workshop(copy_id)
    assert copy_id != demo_id
    assert not {r.id for r in original.requests} & {r.id for r in copied.requests}
    assert [n.statement for n in copied.needs] == [n.statement for n in original.needs]
    assert len(copied.links) == len(original.links)
