"""Property tests of the three-way merge that brings an offline copy back (core/merge.py):
unchanged sides change nothing, a change made on one side always survives, nothing is dropped
without a conflict saying so."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop_app.core import interchange
from workshop_app.core.demo import demo_workshop
from workshop_app.core.merge import BOTH, MINE, THEIRS, keep_references, key_of, merge

BASE: dict[str, Any] = interchange.to_dict(demo_workshop())["workshop"]
TEXT_FIELDS = {
    "participants": "role",
    "goals": "description",
    "requests": "deadline",
    "needs": "baseline",
    "actions": "owner",
}
NEW = {
    "participants": {"name": "New person", "role": "", "decision_maker": False},
    "goals": {
        "title": "New goal",
        "level": "company",
        "description": "",
        "weight": 3,
        "measure": "",
    },
    "actions": {
        "text": "New action",
        "owner": "",
        "due_date": "",
        "request_id": None,
        "done": False,
    },
}
WORDS = st.sampled_from(["March", "Q2", "<b>x</b>", "東京", "שלום", "😀", "", "a" * 300])


@st.composite
def edits(draw: st.DrawFn, tag: str) -> list[tuple[Any, ...]]:
    ops: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, 6))):
        section = draw(st.sampled_from(sorted(TEXT_FIELDS)))
        what = draw(st.sampled_from(["edit", "edit", "delete", "add"]))
        index = draw(st.integers(0, 50))
        ops.append((what, section, index, draw(WORDS) + tag))
    return ops


def apply(base: dict[str, Any], ops: list[tuple[Any, ...]], tag: str) -> dict[str, Any]:
    ws = copy.deepcopy(base)
    for n, (what, section, index, word) in enumerate(ops):
        items = ws[section]
        if what == "add" and section in NEW:
            items.append({**NEW[section], "id": f"{tag}{n}"})
        elif what == "edit" and items:
            items[index % len(items)][TEXT_FIELDS[section]] = word
        elif what == "delete" and items:
            items.pop(index % len(items))
    keep_references(ws)
    return ws


def items(ws: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {(s, key_of(s, i)): i for s in TEXT_FIELDS for i in ws[s]}


@settings(max_examples=60, deadline=None)
@given(edits("m"))
def test_a_side_left_alone_changes_nothing(ops: list[tuple[Any, ...]]) -> None:
    changed = apply(BASE, ops, "m")
    for mine, theirs in ((changed, BASE), (BASE, changed)):
        result = merge(BASE, mine, theirs)
        assert not result.conflicts
        assert result.workshop == changed
    assert merge(BASE, BASE, BASE).workshop == BASE


@settings(max_examples=80, deadline=None)
@given(edits("m"), edits("t"))
def test_one_sided_changes_survive_and_nothing_is_dropped(
    mine_ops: list[tuple[Any, ...]], theirs_ops: list[tuple[Any, ...]]
) -> None:
    mine, theirs = apply(BASE, mine_ops, "m"), apply(BASE, theirs_ops, "t")
    result = merge(BASE, mine, theirs)
    merged, base = items(result.workshop), items(BASE)
    conflicted = {(c.section, c.item_key) for c in result.conflicts}
    for side, other in ((items(mine), items(theirs)), (items(theirs), items(mine))):
        for key, item in side.items():
            if key in merged or key in conflicted:
                continue
            # Gone only because the other side deleted it, and this side had not changed it.
            assert key in base and key not in other and item == base[key], key
        for key, item in side.items():
            untouched_elsewhere = other.get(key) == base.get(key)
            if key in merged and untouched_elsewhere and key not in conflicted:
                assert merged[key] == item, key


@settings(max_examples=40, deadline=None)
@given(edits("m"), edits("t"), st.sampled_from([MINE, THEIRS, BOTH]))
def test_every_conflict_settles_to_a_valid_workshop(
    mine_ops: list[tuple[Any, ...]], theirs_ops: list[tuple[Any, ...]], choice: str
) -> None:
    mine, theirs = apply(BASE, mine_ops, "m"), apply(BASE, theirs_ops, "t")
    open_ = merge(BASE, mine, theirs)
    settled = merge(BASE, mine, theirs, {c.key: choice for c in open_.conflicts})
    assert not settled.unresolved
    assert len(settled.conflicts) == len(open_.conflicts)
    data = {"schema": interchange.SCHEMA_ID, "schema_version": interchange.SCHEMA_VERSION}
    interchange.from_dict({**data, "workshop": settled.workshop})  # valid, references whole
    for conflict in settled.conflicts:
        if choice == THEIRS and not conflict.is_deletion:
            item = items(settled.workshop).get((conflict.section, conflict.item_key))
            assert item is None or item[conflict.field] == conflict.theirs


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    mine = copy.deepcopy(BASE)
    mine["requests"][0]["deadline"] = "June"
    result = merge(BASE, mine, copy.deepcopy(mine))
    assert not result.conflicts and result.count(BOTH) == 1
    assert result.workshop["requests"][0]["deadline"] == "June"


def test_added_on_both_sides_both_kept_and_reordering_follows_the_side_that_moved() -> None:
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    mine["goals"].append({**NEW["goals"], "id": "m1", "title": "Mine"})
    theirs["goals"].insert(0, {**NEW["goals"], "id": "t1", "title": "Theirs"})
    theirs["goals"].reverse()
    result = merge(BASE, mine, theirs)
    ids = [g["id"] for g in result.workshop["goals"]]
    assert "m1" in ids and "t1" in ids
    base_ids = [g["id"] for g in BASE["goals"]]
    assert [i for i in ids if i in base_ids] == list(reversed(base_ids))
