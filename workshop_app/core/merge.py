"""Bringing an offline copy back: a three-way merge of one workshop revision, item by item and
field by field.

`base` is the workshop as it was taken offline, `mine` the offline copy now, `theirs` the team
library's revision now, each as interchange data (`interchange.to_dict(...)["workshop"]`).

- A field changed on one side only takes that side's value; the same change on both sides is
  taken once; different changes are a `Conflict` with both values.
- An item added on either side is kept (ids are unique, so additions on both sides are both
  kept). An item deleted on one side and left alone on the other goes; deleted on one side and
  edited on the other (or something hanging off it edited: a need's links or results, a
  request's decision) is a conflict, never dropped silently.
- A need's requests merge as a set: a request attached on either side stays attached unless
  the other side detached it.
- Order: the side that reordered the list wins (mine when both did); the other side's additions
  follow the item they followed there.

Conflicts are settled by `choices` (conflict key → "mine", "theirs" or, for text, "both");
without a choice the merged data holds my value and the conflict is listed as unresolved.
Signed-off revisions are never merged here: the caller keeps them whole (storage/offline.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workshop_app.core.fields import EDITABLE
from workshop_app.core.kind import Kind

MINE, THEIRS, BOTH = "mine", "theirs", "both"
#: How the signed-off rule reads wherever a merge is shown (storage/offline.py applies it).
SIGNED_RULE = (
    "A signed-off revision is never merged: it stays exactly as the participants signed it. "
    "When one side was signed off while the other changed, the changes become the next "
    "revision of the workshop, which the room confirms again."
)
CHOICES = (MINE, THEIRS, BOTH)

#: Lists of items keyed by their id, in the order they are merged.
_BY_ID = ("participants", "agenda", "goals", "requests", "needs", "actions", "signatures")
#: Lists keyed otherwise: an alignment by its need and goal, a decision by its request.
_KEYED: dict[str, Callable[[dict[str, Any]], str]] = {
    "links": lambda d: f"{d['need_id']} {d['goal_id']}",
    "decisions": lambda d: str(d["request_id"]),
    "results": lambda d: str(d["id"]),
}
SECTIONS = (*_BY_ID, *_KEYED)
#: The revision's identity: always the team library's.
_IDENTITY = ("id", "lineage_id", "revision", "created_at")
_STATUS_ORDER = ("draft", "in_progress", "ready_for_signoff", "signed_off")
#: What hangs off an item: (section, field that names the item). Deleting the item takes these
#: with it, so an edit to them on the other side is an edit to the item.
_DEPENDENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "needs": (("links", "need_id"), ("results", "need_id")),
    "requests": (("decisions", "request_id"),),
    "goals": (("links", "goal_id"),),
    "participants": (("signatures", "participant_id"),),
}
_NAMES = {
    "participants": ("Participant", "name"),
    "agenda": ("Agenda item", "title"),
    "goals": ("Goal", "title"),
    "requests": ("Request", "text"),
    "needs": ("Need", "statement"),
    "actions": ("Action item", "text"),
    "signatures": ("Signature", "typed_name"),
    "results": ("Result", "value"),
}


_KINDS = {
    "workshop": Kind.WORKSHOP,
    "participants": Kind.PARTICIPANT,
    "agenda": Kind.AGENDA_ITEM,
    "goals": Kind.GOAL,
    "requests": Kind.REQUEST,
    "needs": Kind.NEED,
    "actions": Kind.ACTION,
    "decisions": Kind.DECISION,
}


def key_of(section: str, item: Mapping[str, Any]) -> str:
    keyed = _KEYED.get(section)
    return keyed(dict(item)) if keyed is not None else str(item["id"])


@dataclass(frozen=True)
class Conflict:
    """Both sides changed the same thing differently, or one deleted what the other edited."""

    key: str  # stable: what a choice is given for
    section: str  # "workshop" or a list of the workshop ("requests", "links", …)
    item_key: str
    field: str  # "" for an item deleted on one side and edited on the other
    label: str  # the item in words: Request “We need a CRM”
    base: Any
    mine: Any  # None for an item I deleted
    theirs: Any  # None for an item they deleted
    joinable: bool = False  # text, where both texts together still fit the field

    @property
    def is_deletion(self) -> bool:
        return not self.field

    @property
    def text(self) -> bool:
        """Both values are text that fits the field together, so both can be kept."""
        return self.joinable

    @property
    def short(self) -> str:
        """The thing in conflict in a few words, for a list."""
        if self.is_deletion:
            return f"{self.label} · deleted {'offline' if self.mine is None else 'in the library'}"
        return self.what

    @property
    def what(self) -> str:
        """The thing in conflict, in words: "Request “…” · deadline"."""
        if self.is_deletion:
            side = "offline" if self.mine is None else "in the team library"
            return f"{self.label} · deleted {side}, changed on the other side"
        return f"{self.label} · {self.field.replace('_', ' ').replace('.', ' ')}"


@dataclass(frozen=True)
class Change:
    """One change taken into the merge: from which side, to what."""

    side: str  # "mine", "theirs", or "both" (the same change on both sides)
    section: str
    item_key: str
    field: str  # "" for an item added or deleted whole
    action: str  # "edit", "add", "delete"


@dataclass
class Merge:
    """The merged workshop (interchange data), what was taken from where, and the conflicts."""

    workshop: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    choices: dict[str, str] = field(default_factory=dict)

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.key not in self.choices]

    def count(self, side: str) -> int:
        return sum(1 for c in self.changes if c.side == side)

    def summary(self) -> str:
        """One sentence: what came from where, and what is still to settle."""
        parts = [
            f"{self.count(MINE)} change{_s(self.count(MINE))} from the offline copy",
            f"{self.count(THEIRS)} from the team library",
        ]
        if self.count(BOTH):
            parts.append(f"{self.count(BOTH)} made on both sides alike")
        text = ", ".join(parts)
        open_ = len(self.unresolved)
        settled = len(self.conflicts) - open_
        if settled:
            text += f"; {settled} conflict{_s(settled)} settled"
        if open_:
            text += f"; {open_} conflict{_s(open_)} to settle"
        return text + "."


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def describe(value: Any) -> str:
    """A value as the conflicts list shows it."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value if value.strip() else "(empty)"
    if isinstance(value, list):
        return "; ".join(describe(v) for v in value) or "(none)"
    if isinstance(value, dict):
        named = [f"{k.replace('_', ' ')}: {describe(v)}" for k, v in value.items()]
        return "; ".join(named) or "(none)"
    return str(value)


def both(mine: str, theirs: str) -> str:
    """Text kept from both sides: mine, then theirs."""
    if not mine.strip():
        return theirs
    if not theirs.strip():
        return mine
    return (
        f"{mine}\n{theirs}"
        if "\n" in mine + theirs or len(mine + theirs) > 80
        else (f"{mine} / {theirs}")
    )


def merge(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    choices: Mapping[str, str] | None = None,
) -> Merge:
    """Merge two changed copies of one revision against the copy both started from."""
    out = _Merging(dict(choices or {}), base, mine, theirs)
    merged: dict[str, Any] = {}
    for name in theirs:
        if name in SECTIONS:
            merged[name] = out.section(name, base.get(name, []), mine.get(name, []), theirs[name])
        elif name in _IDENTITY:
            merged[name] = copy.deepcopy(theirs[name])
        elif name == "status":
            merged[name] = _status(base.get(name), mine.get(name), theirs[name])
        else:
            merged[name] = out.value(
                "workshop", "", "Workshop", name, base.get(name), mine.get(name), theirs[name]
            )
    keep_references(merged)
    return Merge(merged, out.conflicts, out.changes, out.choices)


def _status(base: Any, mine: Any, theirs: Any) -> Any:
    changed = [v for v in (mine, theirs) if v != base] or [theirs]
    return max(changed, key=lambda v: _STATUS_ORDER.index(v) if v in _STATUS_ORDER else -1)


class _Merging:
    def __init__(
        self,
        choices: dict[str, str],
        base: Mapping[str, Any],
        mine: Mapping[str, Any],
        theirs: Mapping[str, Any],
    ) -> None:
        self.choices = choices
        self.sides = (base, mine, theirs)
        self.conflicts: list[Conflict] = []
        self.changes: list[Change] = []

    # -- lists of items ------------------------------------------------------------------------
    def section(self, name: str, base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
        b = {key_of(name, i): i for i in base}
        o = {key_of(name, i): i for i in mine}
        t = {key_of(name, i): i for i in theirs}
        kept: dict[str, Any] = {}
        for key in [
            *o,
            *(k for k in t if k not in o),
            *(k for k in b if k not in o and k not in t),
        ]:
            item = self.item(name, key, b.get(key), o.get(key), t.get(key))
            if item is not None:
                kept[key] = item
        return [kept[k] for k in _order(list(b), list(o), list(t)) if k in kept]

    def item(self, name: str, key: str, base: Any, mine: Any, theirs: Any) -> Any:
        label = self.label(name, base or theirs or mine)  # named as it was taken
        if mine is not None and theirs is not None:
            return self.fields(name, key, label, base or {}, mine, theirs, added=base is None)
        if base is None:  # added on one side
            self.changes.append(Change(MINE if mine else THEIRS, name, key, "", "add"))
            return copy.deepcopy(mine if mine is not None else theirs)
        if mine is None and theirs is None:
            self.changes.append(Change(BOTH, name, key, "", "delete"))
            return None
        kept_side, kept = (THEIRS, theirs) if mine is None else (MINE, mine)
        deleted_side = MINE if kept_side == THEIRS else THEIRS
        if kept == base and not self.dependents_changed(name, key, kept_side):
            self.changes.append(Change(deleted_side, name, key, "", "delete"))
            return None
        conflict = Conflict(f"{name}/{key}", name, key, "", label, base, mine, theirs)
        choice = self.conflict(conflict)
        return copy.deepcopy(kept) if choice in (kept_side, BOTH) else None

    def dependents_changed(self, name: str, key: str, side: str) -> bool:
        base, mine, theirs = self.sides
        other = mine if side == MINE else theirs
        for section, ref in _DEPENDENTS.get(name, ()):
            before = {key_of(section, i): i for i in base.get(section, []) if i.get(ref) == key}
            after = {key_of(section, i): i for i in other.get(section, []) if i.get(ref) == key}
            if any(before.get(k) != v for k, v in after.items()):
                return True
        return False

    def fields(
        self, name: str, key: str, label: str, base: Any, mine: Any, theirs: Any, *, added: bool
    ) -> dict[str, Any]:
        merged = {}
        for f in dict.fromkeys([*theirs, *mine]):
            if f == "request_ids":
                merged[f] = self.id_set(name, key, f, base.get(f, []), mine.get(f), theirs.get(f))
            else:
                merged[f] = self.value(name, key, label, f, base.get(f), mine.get(f), theirs.get(f))
        if added and mine != theirs:
            self.changes.append(Change(BOTH, name, key, "", "add"))
        return merged

    def id_set(self, name: str, key: str, f: str, base: Any, mine: Any, theirs: Any) -> list[Any]:
        mine, theirs = mine or [], theirs or []
        for side, values in ((MINE, mine), (THEIRS, theirs)):
            if values != base:
                self.changes.append(Change(side, name, key, f, "edit"))
        removed = (set(base) - set(mine)) | (set(base) - set(theirs))
        return [i for i in dict.fromkeys([*mine, *theirs]) if i not in removed]

    # -- single values -------------------------------------------------------------------------
    def value(
        self, name: str, key: str, label: str, f: str, base: Any, mine: Any, theirs: Any
    ) -> Any:
        if mine == theirs:
            if mine != base:
                self.changes.append(Change(BOTH, name, key, f, "edit"))
            return copy.deepcopy(mine)
        if mine == base:
            self.changes.append(Change(THEIRS, name, key, f, "edit"))
            return copy.deepcopy(theirs)
        if theirs == base:
            self.changes.append(Change(MINE, name, key, f, "edit"))
            return copy.deepcopy(mine)
        if all(isinstance(v, dict) for v in (mine, theirs)):
            base = base if isinstance(base, dict) else {}
            return {
                k: self.value(name, key, label, f"{f}.{k}", base.get(k), mine.get(k), theirs.get(k))
                for k in dict.fromkeys([*theirs, *mine])
            }
        where = f"{name}/{key}/{f}" if key else f"{name}/{f}"
        joinable = _joinable(name, f, mine, theirs)
        choice = self.conflict(Conflict(where, name, key, f, label, base, mine, theirs, joinable))
        if choice == THEIRS:
            return copy.deepcopy(theirs)
        if choice == BOTH and joinable:
            return both(mine, theirs)
        return copy.deepcopy(mine)

    def conflict(self, conflict: Conflict) -> str | None:
        self.conflicts.append(conflict)
        choice = self.choices.get(conflict.key)
        if choice is not None and choice not in CHOICES:
            raise ValueError(f"unknown choice {choice!r}")
        return choice

    def label(self, name: str, item: Mapping[str, Any]) -> str:
        if name in _NAMES:
            kind, text_field = _NAMES[name]
            text = " ".join(str(item.get(text_field) or "").split())
            return f"{kind} “{_clip(text)}”" if text else f"A {kind.lower()}"
        if name == "links":
            need = self._named("needs", item["need_id"])
            return f"Alignment of {need} with {self._named('goals', item['goal_id'])}"
        if name == "decisions":
            return f"Decision on {self._named('requests', item['request_id'])}"
        return name

    def _named(self, section: str, item_id: str) -> str:
        for side in reversed(self.sides):
            for item in side.get(section, []):
                if item.get("id") == item_id:
                    return self.label(section, item)
        return f"a {section[:-1]}"


def _joinable(section: str, name: str, mine: Any, theirs: Any) -> bool:
    """Whether both texts may be kept: a text field, with room for both."""
    rule = EDITABLE.get(_KINDS.get(section, Kind.WORKSHOP), {}).get(name)
    if rule is None or rule.kind != "text" or section not in _KINDS:
        return False
    if not (isinstance(mine, str) and isinstance(theirs, str)):
        return False
    return len(both(mine, theirs)) <= rule.max_length


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _order(base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """The merged order: the side that reordered its items wins (mine when both did); the
    other side's additions follow the item they followed there."""
    common = set(base)
    mine_moved = [k for k in mine if k in common] != [k for k in base if k in set(mine)]
    first, second = (mine, theirs) if mine_moved else (theirs, mine)
    order = list(first)
    seen = set(order)
    for index, key in enumerate(second):
        if key in seen:
            continue
        before = next((k for k in reversed(second[:index]) if k in seen), None)
        order.insert(0 if before is None else order.index(before) + 1, key)
        seen.add(key)
    order += [k for k in base if k not in seen]
    return order


def keep_references(ws: dict[str, Any]) -> None:
    """What refers to an item that is gone follows it, as a delete in the library would."""
    requests = {r["id"] for r in ws.get("requests", [])}
    needs = {n["id"] for n in ws.get("needs", [])}
    goals = {g["id"] for g in ws.get("goals", [])}
    people = {p["id"] for p in ws.get("participants", [])}
    ws["links"] = [
        x for x in ws.get("links", []) if x["need_id"] in needs and x["goal_id"] in goals
    ]
    ws["decisions"] = [d for d in ws.get("decisions", []) if d["request_id"] in requests]
    ws["signatures"] = [s for s in ws.get("signatures", []) if s["participant_id"] in people]
    ws["results"] = [r for r in ws.get("results", []) if r["need_id"] in needs]
    for need in ws.get("needs", []):
        need["request_ids"] = [r for r in need.get("request_ids", []) if r in requests]
        answers = need.get("serves_for") or {}
        need["serves_for"] = {r: a for r, a in answers.items() if r in need["request_ids"]}
        need["adoptions"] = [
            a for a in need.get("adoptions", []) if a.get("goal_id") in (None, *goals)
        ]
    for action in ws.get("actions", []):
        if action.get("request_id") not in (None, *requests):
            action["request_id"] = None
