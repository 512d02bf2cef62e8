"""docs/workshop.schema.json documents exactly what core/interchange.py writes and reads."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import MISSING, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.unit.test_interchange_import import full_workshop
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.core.fields import EDITABLE, MAX_LADDER_RUNGS, Field

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "workshop.schema.json"
Doc = dict[str, Any]


@pytest.fixture(scope="module")
def schema() -> Doc:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: Doc) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def doc() -> Doc:
    return interchange.to_dict(full_workshop())


def test_the_schema_is_valid_draft_2020_12(schema: Doc) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == interchange.SCHEMA_ID
    versions = schema["properties"]["schema_version"]["enum"]
    oldest, newest = interchange.OLDEST_SCHEMA_VERSION, interchange.SCHEMA_VERSION
    assert versions == list(range(oldest, newest + 1))


def test_the_demo_export_validates(validator: jsonschema.Draft202012Validator, doc: Doc) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []


def test_every_property_and_object_is_described(schema: Doc) -> None:
    undocumented = [
        f"{name}.{prop}"
        for name, definition in schema["$defs"].items()
        for prop, rule in definition.get("properties", {}).items()
        if "description" not in rule and "$ref" not in rule
    ]
    undocumented += [name for name, d in schema["$defs"].items() if "description" not in d]
    assert undocumented == []


# -- the schema and the model agree field by field ---------------------------------------------

DEFS: dict[str, type] = {
    "workshop": m.Workshop,
    "participant": m.Participant,
    "agenda_item": m.AgendaItem,
    "goal": m.StrategicGoal,
    "request": m.Request,
    "need": m.Need,
    "assessment": m.Assessment,
    "link": m.AlignmentLink,
    "decision": m.Decision,
    "action": m.ActionItem,
    "signature": m.Signature,
    "result": m.Result,
}
EDIT_KIND = {
    "workshop": "workshop",
    "participant": "participant",
    "agenda_item": "agenda_item",
    "goal": "goal",
    "request": "request",
    "need": "need",
    "assessment": "need",
    "decision": "decision",
    "action": "action",
}


@pytest.mark.parametrize("name", list(DEFS))
def test_each_object_lists_exactly_the_model_fields(schema: Doc, name: str) -> None:
    definition = schema["$defs"][name]
    assert set(definition["properties"]) == {f.name for f in fields(DEFS[name])}
    assert definition["additionalProperties"] is False


def _resolve(schema: Doc, rule: Doc) -> Doc:
    """A property's rule with its $ref's keywords merged in (local keywords win)."""
    if "$ref" not in rule:
        return rule
    target = schema["$defs"][rule["$ref"].rsplit("/", 1)[1]]
    return {**_resolve(schema, target), **{k: v for k, v in rule.items() if k != "$ref"}}


def _check_rule(schema: Doc, where: str, rule: Doc, field: Field) -> None:
    rule = _resolve(schema, rule)
    if field.kind == "text":
        assert rule["maxLength"] == field.max_length, where
        required = rule["type"] == "string" and rule.get("pattern") == "\\S"
        assert required == field.required, where
    elif field.kind == "int":
        types = rule["type"] if isinstance(rule["type"], list) else [rule["type"]]
        assert "integer" in types, where
        assert ("null" in types) == field.nullable, where
        assert (rule.get("minimum"), rule.get("maximum")) == (field.minimum, field.maximum), where
    elif field.kind == "enum":
        assert field.enum is not None
        expected: list[Any] = [e.value for e in field.enum] + ([None] if field.nullable else [])
        assert rule["enum"] == expected, where
    elif field.kind == "bool":
        assert rule["type"] == "boolean", where
    elif field.kind == "date":
        assert rule["pattern"] == "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", where
    elif field.kind == "ladder":
        assert rule["maxItems"] == MAX_LADDER_RUNGS, where
        assert _resolve(schema, rule["items"])["maxLength"] == 20_000, where


@pytest.mark.parametrize("name", list(EDIT_KIND))
def test_limits_and_enums_match_the_field_rules(schema: Doc, name: str) -> None:
    properties = schema["$defs"][name]["properties"]
    checked = 0
    for field_name, field in EDITABLE[EDIT_KIND[name]].items():
        if field_name in properties:
            _check_rule(schema, f"{name}.{field_name}", properties[field_name], field)
            checked += 1
    if name in ("need", "assessment"):  # the need's editable fields are split between the two
        need, assessment = (set(schema["$defs"][n]["properties"]) for n in ("need", "assessment"))
        assert set(EDITABLE["need"]) <= need | assessment
    else:
        assert checked == len(EDITABLE[EDIT_KIND[name]])


def test_list_limits_match_the_reader(schema: Doc) -> None:
    properties = schema["$defs"]["workshop"]["properties"]
    assert {key: properties[key]["maxItems"] for key in interchange.MAX_ITEMS} == (
        interchange.MAX_ITEMS
    )


def test_every_enum_of_the_model_appears_with_all_its_values(schema: Doc) -> None:
    text = json.dumps(schema)
    enums: list[type[StrEnum]] = [
        m.Phase,
        m.Lens,
        m.GoalLevel,
        m.Strength,
        m.Status,
        m.DecisionKind,
        m.Serves,
        m.Urgency,
        m.Framework,
        m.Stance,
        m.Verdict,
    ]
    for cls in enums:
        assert json.dumps([e.value for e in cls])[:-1] in text, cls.__name__


# -- required fields: the schema's list is exactly what the reader insists on ----------------

ITEM_AT: dict[str, Callable[[Doc], Doc]] = {
    "workshop": lambda d: d["workshop"],
    "participant": lambda d: d["workshop"]["participants"][0],
    "agenda_item": lambda d: d["workshop"]["agenda"][0],
    "goal": lambda d: d["workshop"]["goals"][0],
    "request": lambda d: d["workshop"]["requests"][0],
    "need": lambda d: d["workshop"]["needs"][0],
    "assessment": lambda d: d["workshop"]["needs"][0]["assessment"],
    "link": lambda d: d["workshop"]["links"][0],
    "decision": lambda d: d["workshop"]["decisions"][0],
    "action": lambda d: d["workshop"]["actions"][0],
    "signature": lambda d: d["workshop"]["signatures"][0],
}
# Lists whose removal would leave other items' references dangling in the sample.
_REFERENCED = {"participants", "goals", "requests", "needs"}
# Fields that go with another field of the same item: a need's answers to "does the request serve
# it?" are kept per request, so without its requests they would refer to nothing.
_GOES_WITH = {("need", "request_ids"): "serves_for"}


def _reader_accepts(doc: Doc) -> bool:
    try:
        interchange.from_dict(doc)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("name", list(ITEM_AT))
def test_required_fields_are_exactly_those_the_reader_needs(
    schema: Doc, validator: jsonschema.Draft202012Validator, doc: Doc, name: str
) -> None:
    definition = schema["$defs"][name]
    required = set(definition.get("required", []))
    for prop in definition["properties"]:
        if name == "workshop" and prop in _REFERENCED:
            continue
        trimmed = copy.deepcopy(doc)
        item = ITEM_AT[name](trimmed)
        del item[prop]
        if (name, prop) in _GOES_WITH:
            item.pop(_GOES_WITH[name, prop], None)
        assert _reader_accepts(trimmed) == (prop not in required), f"{name}.{prop}"
        assert validator.is_valid(trimmed) == (prop not in required), f"{name}.{prop}"


def test_fields_without_a_default_in_the_model_are_required(schema: Doc) -> None:
    for name, cls in DEFS.items():
        no_default = {
            f.name
            for f in fields(cls)
            if f.default is MISSING and f.default_factory is MISSING  # type: ignore[misc]
        }
        assert no_default <= set(schema["$defs"][name].get("required", [])), name


# -- what the schema refuses, the reader refuses too -------------------------------------------


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return mutate


BAD: dict[str, Callable[[Doc], None]] = {
    "negative weight": _set("workshop.goals.0.weight", -1),
    "zero weight": _set("workshop.goals.0.weight", 0),
    "weight true": _set("workshop.goals.0.weight", True),
    "weight 2.5": _set("workshop.goals.0.weight", 2.5),
    "weight as text": _set("workshop.goals.0.weight", "3"),
    "unknown field": _set("workshop.requests.0.colour", "red"),
    "unknown top-level field": _set("extra", 1),
    "unknown enum": _set("workshop.links.0.strength", "very"),
    "enum null where not allowed": _set("workshop.status", None),
    "blank title": _set("workshop.title", "  "),
    "title too long": _set("workshop.title", "x" * 501),
    "NUL in text": _set("workshop.division", "a\x00b"),
    "bad date": _set("workshop.date", "15/09/2026"),
    "date with a newline": _set("workshop.date", "2026-09-15\n"),
    "newer version": _set("schema_version", interchange.SCHEMA_VERSION + 1),
    "wrong schema": _set("schema", "something/else"),
    "too many rungs": _set("workshop.needs.0.why_ladder", ["why"] * 21),
    "same request twice": lambda d: d["workshop"]["needs"][0].update(
        request_ids=[d["workshop"]["requests"][0]["id"]] * 2
    ),
    "confidence 101": _set("workshop.needs.0.assessment.confidence", 101),
    "int for a bool": _set("workshop.actions.0.done", 0),
    "id too long": _set("workshop.goals.0.id", "g" * 65),
    "empty id": _set("workshop.goals.0.id", ""),
    "item not an object": _set("workshop.goals.0", "Grow"),
    "too many goals": lambda d: d["workshop"].update(
        goals=[{"id": f"g{i}", "title": "G"} for i in range(501)], links=[]
    ),
}


@pytest.mark.parametrize("mutate", list(BAD.values()), ids=list(BAD))
def test_schema_and_reader_both_refuse(
    validator: jsonschema.Draft202012Validator, doc: Doc, mutate: Callable[[Doc], None]
) -> None:
    mutate(doc)
    assert not validator.is_valid(doc)
    assert not _reader_accepts(doc)
