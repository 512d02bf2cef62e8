"""The interchange format: a whole workshop revision as versioned JSON (docs/workshop.schema.json).

It is what `export-json` writes, what `import` reads, what a summary PDF embeds, and what the
content digest is computed over. Reading is strict: any problem is reported with the path of the
offending field, and nothing partial is ever returned.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Set as AbstractSet
from dataclasses import MISSING, fields
from dataclasses import Field as DataclassField
from enum import StrEnum
from typing import Any

from workshop_app.core import model as m
from workshop_app.core.errors import ValidationError
from workshop_app.core.fields import (
    EDITABLE,
    LONG_TEXT,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    RESULT_FIELDS,
    SERVES,
    Field,
)
from workshop_app.core.kind import Kind

SCHEMA_ID = "workshop-app/workshop"
SCHEMA_VERSION = 2
#: The oldest version still read. Version 2 only added fields, each optional and defaulted, so a
#: version 1 file reads as a version 2 file that leaves them unset.
OLDEST_SCHEMA_VERSION = 1

# Not part of what participants confirm: status follows from signing, signatures sign the rest.
_OUTSIDE_DIGEST = ("status", "signatures")
# Not part of the revision at all: results are recorded after sign-off (model.Result), so they
# enter neither digest and recording one changes no signature and no printed digest.
_NOT_THE_REVISION = ("results",)

_ID = Field("text", max_length=64, required=True)
_TIMESTAMP = Field("text", max_length=40)


def to_dict(workshop: m.Workshop) -> dict[str, Any]:
    """The workshop as plain JSON-ready data, lists in the facilitator's order."""
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "workshop": _plain(workshop),
    }


def _plain(obj: Any, for_digest: bool = False) -> Any:
    """obj as JSON-ready data. For a digest, fields added after version 1 (`model.later`) are
    left out while they hold their default, so older signed revisions keep their digests."""
    # Plain values first and each dataclass's field names found once: a digest of a large
    # workshop visits about a hundred thousand values.
    if type(obj) in _PLAIN_TYPES:
        return obj
    if isinstance(obj, StrEnum):
        return obj.value
    names = _FIELD_NAMES.get(type(obj))
    if names is None and hasattr(obj, "__dataclass_fields__"):
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in fields(obj))
        _LATER_DEFAULTS[type(obj)] = _later_defaults(obj)
    if names is not None:
        # Plain values taken as they are, without a call each (most of a workshop's values).
        plain = {}
        for name in names:
            value = getattr(obj, name)
            plain[name] = value if type(value) in _PLAIN_TYPES else _plain(value, for_digest)
        if type(obj) is m.Need:
            _in_request_order(obj, plain)
        if for_digest:
            if type(obj) is m.Need:
                _serves_as_before(obj, plain)
            for name, default in _LATER_DEFAULTS[type(obj)].items():
                if plain[name] == default:
                    del plain[name]
        return plain
    if isinstance(obj, list):
        return [v if type(v) in _PLAIN_TYPES else _plain(v, for_digest) for v in obj]
    if isinstance(obj, dict):
        return {key: _plain(v, for_digest) for key, v in obj.items()}
    return obj


def _in_request_order(need: m.Need, plain: dict[str, Any]) -> None:
    """A need's answers per request in the order of its requests, however they were made."""
    answers = plain["serves_for"]
    if answers:
        order = [rid for rid in need.request_ids if rid in answers]
        plain["serves_for"] = {
            rid: answers[rid] for rid in order + sorted(set(answers) - set(order))
        }


def _serves_as_before(need: m.Need, plain: dict[str, Any]) -> None:
    """A need's "does the request serve it?" in the form digests had before answers were kept
    per request, whenever it can be said that way: one answer for the need when all its requests
    have the same one. So a revision signed then, its answer moved onto each request since, keeps
    its digest; answers that differ between requests are digested one per request."""
    if not need.request_ids:
        plain["serves_for"] = {}
        return
    answers = [need.serves_for.get(rid, need.serves) for rid in need.request_ids]
    if all(a == answers[0] for a in answers):
        plain["serves"] = _plain(answers[0])
        plain["serves_for"] = {}
    else:
        plain["serves"] = None
        plain["serves_for"] = {
            rid: a.value for rid, a in zip(need.request_ids, answers, strict=True) if a is not None
        }


def _later_defaults(obj: Any) -> dict[str, Any]:
    defaults = {}
    for f in fields(obj):
        if f.metadata.get(m.LATER):
            default = f.default_factory() if f.default_factory is not MISSING else f.default
            defaults[f.name] = _plain(default)
    return defaults


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_LATER_DEFAULTS: dict[type, dict[str, Any]] = {}


def canonical_bytes(data: Any) -> bytes:
    """Byte-stable JSON: the same content always encodes to the same bytes."""
    return _canonical_text(data).encode("utf-8")


def content_digest(workshop: m.Workshop) -> str:
    """SHA-256 over what participants confirm when they sign this revision."""
    content = _plain(workshop, for_digest=True)
    for key in _OUTSIDE_DIGEST:
        content.pop(key)
    for key in _NOT_THE_REVISION:
        content.pop(key, None)
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def document_digest(workshop: m.Workshop) -> str:
    """SHA-256 over the whole revision: its content *and* its sign-off record (status, every
    signature with its stance and reservation). The summary PDF prints it on every page, so the
    embedded data cannot claim another status or other signatures than the pages were made with.
    (Participants sign the content digest: a signature cannot cover the list it is part of.)"""
    content = _plain(workshop, for_digest=True)
    for key in _NOT_THE_REVISION:
        content.pop(key, None)
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def digests(workshop: m.Workshop) -> tuple[str, str]:
    """(`content_digest`, `document_digest`) of the workshop, with its fields gathered and
    encoded once: the two differ only by two top-level keys, so each top-level entry is
    encoded once and the two canonical texts are joined from them, in `canonical_bytes`'s
    order and form (its keys sorted, no spaces)."""
    whole = _plain(workshop, for_digest=True)
    for key in _NOT_THE_REVISION:
        whole.pop(key, None)
    entries = {
        key: f"{_canonical_text(key)}:{_canonical_text(value)}" for key, value in whole.items()
    }
    keys = sorted(entries)
    document = "{" + ",".join(entries[key] for key in keys) + "}"
    content = "{" + ",".join(entries[key] for key in keys if key not in _OUTSIDE_DIGEST) + "}"
    return (
        hashlib.sha256(content.encode("utf-8")).hexdigest(),
        hashlib.sha256(document.encode("utf-8")).hexdigest(),
    )


def _canonical_text(data: Any) -> str:
    """`canonical_bytes` before its encoding to UTF-8."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def dumps(workshop: m.Workshop, *, compact: bool = False) -> str:
    """The interchange file's text; `compact`: on one line, without spaces, where no person
    reads it (the export key, the preview's copy), which the C encoder writes twice as fast."""
    if compact:
        return json.dumps(to_dict(workshop), ensure_ascii=False, separators=(",", ":"))
    return json.dumps(to_dict(workshop), ensure_ascii=False, indent=2) + "\n"


def loads(raw: bytes | str) -> m.Workshop:
    """Parse and validate interchange JSON. Raises ValidationError naming the field and problem."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > MAX_FILE_BYTES:
        raise ValidationError(
            "",
            f"the file is {size / 1e6:.1f} MB; workshop files are at most "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB",
        )
    try:
        data = json.loads(raw)
    except RecursionError:
        raise ValidationError("", "the file nests too deeply to be a workshop") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError("", _json_problem(exc)) from None
    return from_dict(data)


def _json_problem(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"this is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "this is not valid JSON (the text is not UTF-8)"
    if "digits" in str(exc):  # Python refuses integers longer than 4,300 digits
        return "the file holds a number with thousands of digits, which no workshop field takes"
    return f"the file cannot be read as JSON ({exc})"


def from_dict(data: Any) -> m.Workshop:
    if not isinstance(data, dict):
        raise ValidationError("", "the file does not hold a workshop (expected a JSON object)")
    if data.get("schema") != SCHEMA_ID:
        raise ValidationError("schema", f"must be “{SCHEMA_ID}”; this is not a workshop file")
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValidationError("schema_version", "must be a whole number")
    if version > SCHEMA_VERSION:
        raise ValidationError(
            "schema_version",
            f"is {version}, newer than this app understands ({SCHEMA_VERSION}); "
            "update Workshop App to open it",
        )
    if version < OLDEST_SCHEMA_VERSION:
        raise ValidationError("schema_version", f"{version} is not a known version")
    _no_unknown_keys("", data, {"schema", "schema_version", "workshop"})
    return _Reader().workshop(_obj("workshop", data.get("workshop")))


def _obj(path: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(path, "must be an object")
    return value


def _no_unknown_keys(path: str, obj: dict[str, Any], known: AbstractSet[str]) -> None:
    for key in obj:
        if key not in known:
            where = f"{path}.{key}" if path else str(key)
            raise ValidationError(where, "is not a known field")


class _Reader:
    """Builds a Workshop from untrusted data, checking ids and references as it goes."""

    def __init__(self) -> None:
        self.seen_ids: dict[str, str] = {}

    def workshop(self, obj: dict[str, Any]) -> m.Workshop:
        p = "workshop"
        scalars = {
            **EDITABLE[Kind.WORKSHOP],
            "id": _ID,
            "lineage_id": _ID,
            "revision": Field("int", minimum=1, maximum=100_000),
            "status": Field("enum", enum=m.Status),
            "created_at": _TIMESTAMP,
            "follow_up_of": Field("text", max_length=1_000),
        }
        lists = set(MAX_ITEMS)
        values = self._fields(p, obj, m.Workshop, scalars, lists)
        self._claim_id(f"{p}.id", values["id"])
        ws = m.Workshop(**values)
        ws.participants = self._items(p, obj, "participants", m.Participant, Kind.PARTICIPANT)
        ws.agenda = self._items(p, obj, "agenda", m.AgendaItem, Kind.AGENDA_ITEM)
        ws.goals = self._items(p, obj, "goals", m.StrategicGoal, Kind.GOAL)
        ws.requests = self._items(p, obj, "requests", m.Request, Kind.REQUEST)
        request_ids = {r.id for r in ws.requests}  # once, not once per need or action
        goal_ids = {g.id for g in ws.goals}
        ws.needs = [
            self._need(f"{p}.needs[{i}]", _obj(f"{p}.needs[{i}]", item), request_ids, goal_ids)
            for i, item in enumerate(self._list(p, obj, "needs"))
        ]
        ws.links = self._links(p, obj, ws)
        ws.sort_links()
        ws.decisions = self._decisions(p, obj, ws)
        ws.actions = [
            self._action(f"{p}.actions[{i}]", _obj(f"{p}.actions[{i}]", item), request_ids)
            for i, item in enumerate(self._list(p, obj, "actions"))
        ]
        ws.signatures = [
            self._signature(f"{p}.signatures[{i}]", _obj(f"{p}.signatures[{i}]", item), ws)
            for i, item in enumerate(self._list(p, obj, "signatures"))
        ]
        ws.results = [
            self._result(f"{p}.results[{i}]", _obj(f"{p}.results[{i}]", item), ws)
            for i, item in enumerate(self._list(p, obj, "results"))
        ]
        ws.results.sort(key=m.Result.order)  # the order storage keeps them in
        return ws

    # -- helpers ---------------------------------------------------------------------------
    def _list(self, path: str, obj: dict[str, Any], key: str) -> list[Any]:
        value = obj.get(key, [])
        where = f"{path}.{key}"
        if not isinstance(value, list):
            raise ValidationError(where, "must be a list")
        if len(value) > MAX_ITEMS[key]:
            raise ValidationError(
                where, f"has {len(value):,} items; the limit is {MAX_ITEMS[key]:,}"
            )
        return value

    def _fields(
        self,
        path: str,
        obj: dict[str, Any],
        cls: type,
        rules: dict[str, Field],
        nested: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Clean every scalar field of cls found in obj; unknown keys are errors."""
        every, known = _fields_of(cls)
        _no_unknown_keys(path, obj, known)
        values: dict[str, Any] = {}
        for f in every:
            name = f.name
            if name in nested:
                continue
            if name not in obj:
                if f.default is MISSING and f.default_factory is MISSING:
                    raise ValidationError(f"{path}.{name}", "is missing")
                continue  # the dataclass default applies
            rule = rules.get(name)
            if rule is None:
                raise AssertionError(f"no rule for {cls.__name__}.{name}")
            values[name] = rule.clean(f"{path}.{name}", obj[name])
        if "id" in known and "id" not in values:
            raise ValidationError(f"{path}.id", "is missing")
        return values

    def _claim_id(self, path: str, value: str) -> None:
        if value in self.seen_ids:
            raise ValidationError(path, f"repeats the id already used at {self.seen_ids[value]}")
        self.seen_ids[value] = path

    def _items(self, path: str, obj: dict[str, Any], key: str, cls: type, kind: Kind) -> list[Any]:
        items = []
        rules = {**EDITABLE[kind], "id": _ID}
        for i, raw in enumerate(self._list(path, obj, key)):
            where = f"{path}.{key}[{i}]"
            values = self._fields(where, _obj(where, raw), cls, rules)
            self._claim_id(f"{where}.id", values["id"])
            items.append(cls(**values))
        return items

    def _ref(self, path: str, value: Any, valid: set[str], what: str) -> str:
        if value is None:
            raise ValidationError(path, "is missing")
        ref = _ID.clean(path, value)
        if ref not in valid:
            raise ValidationError(path, f"refers to {what} {ref!r}, which is not in this workshop")
        return ref

    def _need(
        self, path: str, obj: dict[str, Any], request_ids: set[str], goal_ids: set[str]
    ) -> m.Need:
        rules = {k: v for k, v in EDITABLE[Kind.NEED].items() if k not in _ASSESSMENT}
        values = self._fields(
            path,
            obj,
            m.Need,
            {**rules, "id": _ID, "serves": SERVES},
            {"request_ids", "assessment", "adoptions", "serves_for"},
        )
        self._claim_id(f"{path}.id", values["id"])
        raw_refs = obj.get("request_ids", [])
        if not isinstance(raw_refs, list):
            raise ValidationError(f"{path}.request_ids", "must be a list")
        refs = [
            self._ref(f"{path}.request_ids[{i}]", r, request_ids, "request")
            for i, r in enumerate(raw_refs)
        ]
        if len(set(refs)) != len(refs):
            raise ValidationError(f"{path}.request_ids", "lists the same request twice")
        assessment_obj = _obj(f"{path}.assessment", obj.get("assessment", {}))
        assessment = m.Assessment(
            **self._fields(
                f"{path}.assessment",
                assessment_obj,
                m.Assessment,
                {k: EDITABLE[Kind.NEED][k] for k in _ASSESSMENT},
            )
            if assessment_obj
            else {}
        )
        adoptions = self._adoptions(f"{path}.adoptions", obj.get("adoptions", []), goal_ids)
        serves_for = self._serves_for(f"{path}.serves_for", obj.get("serves_for", {}), refs)
        # A file from before answers were per request holds one for the whole need: `serves`,
        # which answers for every request without an answer of its own (`purpose.serves`).
        return m.Need(
            **values,
            request_ids=refs,
            assessment=assessment,
            adoptions=adoptions,
            serves_for=serves_for,
        )

    def _adoptions(self, path: str, raw: Any, goals: set[str]) -> list[m.Adoption]:
        """Values adopted from the room's ratings (added in schema version 2)."""
        if not isinstance(raw, list):
            raise ValidationError(path, "must be a list")
        if len(raw) > MAX_ADOPTIONS:
            raise ValidationError(path, f"has {len(raw):,} items; the limit is {MAX_ADOPTIONS}")
        found = []
        for i, item in enumerate(raw):
            where = f"{path}[{i}]"
            values = self._fields(where, _obj(where, item), m.Adoption, _ADOPTION)
            values["criterion"] = values["criterion"].value
            if values["criterion"] == "link":
                values["goal_id"] = self._ref(
                    f"{where}.goal_id", values.get("goal_id"), goals, "goal"
                )
            elif values.get("goal_id") is not None:
                raise ValidationError(f"{where}.goal_id", "is only for a goal link")
            found.append(m.Adoption(**values))
        return found

    def _serves_for(self, path: str, raw: Any, refs: list[str]) -> dict[str, m.Serves]:
        if not isinstance(raw, dict):
            raise ValidationError(path, "must be an object of answers by request id")
        answers: dict[str, m.Serves] = {}
        for request_id, answer in raw.items():
            where = f"{path}.{request_id}"
            if request_id not in refs:
                raise ValidationError(where, "is not one of this need's requests")
            value = SERVES.clean(where, answer)
            if value is not None:
                answers[request_id] = value
        return answers

    def _links(self, path: str, obj: dict[str, Any], ws: m.Workshop) -> list[m.AlignmentLink]:
        needs = {n.id for n in ws.needs}
        goals = {g.id for g in ws.goals}
        seen: set[tuple[str, str]] = set()
        links = []
        for i, raw in enumerate(self._list(path, obj, "links")):
            where = f"{path}.links[{i}]"
            item = _obj(where, raw)
            _no_unknown_keys(where, item, {"need_id", "goal_id", "strength"})
            need_id = self._ref(f"{where}.need_id", item.get("need_id"), needs, "need")
            goal_id = self._ref(f"{where}.goal_id", item.get("goal_id"), goals, "goal")
            if (need_id, goal_id) in seen:
                raise ValidationError(where, "links the same need and goal twice")
            seen.add((need_id, goal_id))
            strength = Field("enum", enum=m.Strength).clean(
                f"{where}.strength", item.get("strength")
            )
            links.append(m.AlignmentLink(need_id, goal_id, strength))
        return links

    def _decisions(self, path: str, obj: dict[str, Any], ws: m.Workshop) -> list[m.Decision]:
        requests = {r.id for r in ws.requests}
        by_request: dict[str, m.Decision] = {}
        for i, raw in enumerate(self._list(path, obj, "decisions")):
            where = f"{path}.decisions[{i}]"
            item = _obj(where, raw)
            rules = {**EDITABLE[Kind.DECISION], "earlier": Field("text", max_length=LONG_TEXT)}
            values = self._fields(where, item, m.Decision, rules, {"request_id"})
            request_id = self._ref(
                f"{where}.request_id", item.get("request_id"), requests, "request"
            )
            if request_id in by_request:
                raise ValidationError(where, "is a second decision for the same request")
            by_request[request_id] = m.Decision(request_id=request_id, **values)
        # Every request has exactly one decision record, in request order.
        return [by_request.get(r.id, m.Decision(request_id=r.id)) for r in ws.requests]

    def _action(self, path: str, obj: dict[str, Any], request_ids: set[str]) -> m.ActionItem:
        rules = {**EDITABLE[Kind.ACTION], "id": _ID}
        values = self._fields(path, obj, m.ActionItem, rules, {"request_id"})
        self._claim_id(f"{path}.id", values["id"])
        request_id = obj.get("request_id")
        if request_id is not None:
            request_id = self._ref(f"{path}.request_id", request_id, request_ids, "request")
        return m.ActionItem(**values, request_id=request_id)

    def _signature(self, path: str, obj: dict[str, Any], ws: m.Workshop) -> m.Signature:
        rules = {
            "id": _ID,
            "typed_name": Field("text", required=True),
            "stance": Field("enum", enum=m.Stance),
            "note": Field("text", max_length=20_000),
            "drawing": Field("text", max_length=2_000_000),
            "content_digest": Field("text", max_length=64),
            "signed_at": _TIMESTAMP,
        }
        values = self._fields(path, obj, m.Signature, rules, {"participant_id"})
        self._claim_id(f"{path}.id", values["id"])
        participant_id = self._ref(
            f"{path}.participant_id",
            obj.get("participant_id"),
            {p.id for p in ws.participants},
            "participant",
        )
        return m.Signature(participant_id=participant_id, **values)

    def _result(self, path: str, obj: dict[str, Any], ws: m.Workshop) -> m.Result:
        rules = {**RESULT_FIELDS, "id": _ID, "recorded_at": _TIMESTAMP}
        values = self._fields(path, obj, m.Result, rules, {"need_id"})
        self._claim_id(f"{path}.id", values["id"])
        need_id = self._ref(f"{path}.need_id", obj.get("need_id"), {n.id for n in ws.needs}, "need")
        return m.Result(need_id=need_id, **values)


def _fields_of(cls: type) -> tuple[tuple[DataclassField[Any], ...], frozenset[str]]:
    """A dataclass's fields and their names, found once per class: a large workshop file has
    thousands of items to read."""
    found = _FIELDS_OF.get(cls)
    if found is None:
        every = fields(cls)
        found = _FIELDS_OF[cls] = (every, frozenset(f.name for f in every))
    return found


_FIELDS_OF: dict[type, tuple[tuple[DataclassField[Any], ...], frozenset[str]]] = {}
_ASSESSMENT = frozenset(f.name for f in fields(m.Assessment))
MAX_ADOPTIONS = 100


class _Criterion(StrEnum):
    """What an adopted value was rated as (core/rounds.py; a goal link names its goal)."""

    VALUE = "value"
    URGENCY = "urgency"
    EFFORT = "effort"
    RISK = "risk"
    CONFIDENCE = "confidence"
    LINK = "link"


_SCORE = Field("int", minimum=0, maximum=100, required=True)
_ADOPTION = {
    "criterion": Field("enum", enum=_Criterion),
    "value": _SCORE,
    "answers": Field("int", minimum=0, maximum=MAX_ITEMS["participants"], required=True),
    "median": Field("text", max_length=8),
    "low": _SCORE,
    "high": _SCORE,
    "goal_id": Field("text", max_length=64, nullable=True),
    "round_id": Field("text", max_length=64),
    "adopted_at": _TIMESTAMP,
}
