"""Taking a workshop offline to a laptop's library and bringing it back. The library it comes
from is a real SQLite file, then a team library on a real PostgreSQL server (`library_target`);
the laptop's library is always a SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keyring_memory import MemoryKeyring, NoKeyring
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import LockedError, NotFoundError, UserError
from workshop_app.core.kind import Kind
from workshop_app.storage import credentials, offline, signoff
from workshop_app.storage.operations import Library


@pytest.fixture
def team(library_target: Path | str) -> Iterator[Library]:
    """The library a workshop is taken from: a file, then a team library on a server."""
    library = Library(library_target)
    yield library
    library.close()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Library]:
    library = Library(tmp_path / "laptop.db")
    yield library
    library.close()


@pytest.fixture
def taken(team: Library, laptop: Library) -> str:
    ws_id = team.add_workshop(demo_workshop())
    offline.check_out(team, laptop, ws_id, who="Ana", place="Ana's laptop")
    return ws_id


def bring_back(laptop: Library, team: Library, ws_id: str, **choices: str) -> offline.Plan:
    plan = offline.plan(laptop, team, ws_id, dict(choices))
    offline.check_in(laptop, team, plan)
    return plan


def test_taking_offline_copies_it_with_its_ids_and_marks_it_in_the_team_library(
    team: Library, laptop: Library, taken: str
) -> None:
    assert laptop.workshop(taken) == team.workshop(taken)
    mark = offline.mark(team, taken)
    assert mark is not None and mark.place == "Ana's laptop" and mark.who == "Ana"
    assert mark.sentence.startswith("Checked out to Ana's laptop since ")
    assert [c.workshop_id for c in offline.offline_copies(laptop)] == [taken]
    assert [c.workshop_id for c in offline.checked_out(team)] == [taken]
    assert any(a.action == "check out" for a in team.audit_log(taken))
    assert any(a.action == "take offline" for a in laptop.audit_log(taken))
    # Edits in the team library still go on: the mark warns, it never blocks.
    team.set_field(Kind.WORKSHOP, taken, "location", "HQ")


def test_the_copy_remembers_where_it_came_from_and_it_opens_again_from_there(
    team: Library, laptop: Library, taken: str
) -> None:
    origin = offline.origin_of(laptop, taken)
    assert origin == offline.address(team)
    if team.backend.server:
        assert origin.startswith("postgresql://") and team.path.name in origin
    again = Library(origin)  # the way bringing it back opens it
    try:
        assert offline.mark(again, taken) is not None
        assert again.workshop(taken) == laptop.workshop(taken)
    finally:
        again.close()


def test_taking_it_twice_or_into_its_own_library_is_refused(
    team: Library, laptop: Library, taken: str, tmp_path: Path
) -> None:
    other = Library(tmp_path / "other.db")
    try:
        with pytest.raises(UserError, match="already taken offline"):
            offline.check_out(team, other, taken, origin="x", who="B", place="B's laptop")
    finally:
        other.close()
    with pytest.raises(UserError, match="already in this library"):
        offline.check_out(team, team, taken, origin="x", who="B", place="B")


def test_changes_on_both_sides_merge_and_the_copy_goes_home(
    team: Library, laptop: Library, taken: str
) -> None:
    ws = team.workshop(taken)
    first, second = ws.requests[0], ws.requests[1]
    laptop.set_field(Kind.REQUEST, first.id, "deadline", "Offsite deadline")
    team.set_field(Kind.REQUEST, second.id, "deadline", "Team deadline")
    mine_new = laptop.add_item(taken, Kind.REQUEST, {"text": "From the offsite"})
    theirs_new = team.add_item(taken, Kind.REQUEST, {"text": "From the office 东京 🚀"})
    laptop.delete_item(Kind.ACTION, ws.actions[0].id)
    plan = bring_back(laptop, team, taken)
    assert plan.mode == "merge" and not plan.merge.conflicts
    after = team.workshop(taken)
    assert after.request(first.id).deadline == "Offsite deadline"  # type: ignore[union-attr]
    assert after.request(second.id).deadline == "Team deadline"  # type: ignore[union-attr]
    assert after.request(mine_new) is not None and after.request(theirs_new) is not None
    assert ws.actions[0].id not in {a.id for a in after.actions}
    assert team.content_problem(taken) is None  # seals follow the rewrite
    assert offline.mark(team, taken) is None
    assert offline.offline_copies(laptop) == []
    with pytest.raises(NotFoundError):
        laptop.workshop(taken)
    assert any(a.action == "bring back" for a in team.audit_log(taken))


def test_a_conflict_refuses_until_settled_and_both_values_are_shown(
    team: Library, laptop: Library, taken: str
) -> None:
    request = team.workshop(taken).requests[0]
    laptop.set_field(Kind.REQUEST, request.id, "text", "Mine <b>bold</b>")
    team.set_field(Kind.REQUEST, request.id, "text", "Theirs שלום")
    plan = offline.plan(laptop, team, taken)
    (conflict,) = plan.merge.unresolved
    assert (conflict.mine, conflict.theirs) == ("Mine <b>bold</b>", "Theirs שלום")
    with pytest.raises(UserError, match="conflicts are still to settle"):
        offline.check_in(laptop, team, plan)
    assert offline.mark(team, taken) is not None  # nothing written
    bring_back(laptop, team, taken, **{conflict.key: "both"})
    text = team.workshop(taken).request(request.id).text  # type: ignore[union-attr]
    assert "Mine <b>bold</b>" in text and "Theirs שלום" in text


def test_deleted_offline_but_edited_in_the_team_library_is_a_conflict(
    team: Library, laptop: Library, taken: str
) -> None:
    need = team.workshop(taken).needs[0]
    laptop.delete_item(Kind.NEED, need.id)
    team.set_field(Kind.NEED, need.id, "baseline", "measured again")
    plan = offline.plan(laptop, team, taken)
    (conflict,) = plan.merge.unresolved
    assert conflict.is_deletion and conflict.mine is None
    bring_back(laptop, team, taken, **{conflict.key: "theirs"})
    assert team.workshop(taken).need(need.id).baseline == "measured again"  # type: ignore[union-attr]


def _sign_off(library: Library, ws_id: str) -> None:
    ws = library.workshop(ws_id)
    for person in ws.participants:
        if person.decision_maker:
            signoff.sign(library, ws_id, person.id, person.name)
    assert library.workshop(ws_id).is_locked


def test_signed_offline_while_changed_in_the_team_library_becomes_a_new_revision(
    team: Library, laptop: Library, taken: str
) -> None:
    ws = team.workshop(taken)
    team.set_field(Kind.REQUEST, ws.requests[0].id, "deadline", "Changed at the office")
    _sign_off(laptop, taken)
    signed = laptop.workshop(taken)
    plan = offline.plan(laptop, team, taken)
    assert plan.mode == "new revision" and "never merged" in plan.note
    new_id = offline.check_in(laptop, team, plan)
    kept = team.workshop(taken)
    assert kept.is_locked and kept.signatures == signed.signatures
    assert team.content_problem(taken) is None
    assert new_id is not None
    nxt = team.workshop(new_id)
    assert nxt.revision == kept.revision + 1 and nxt.lineage_id == kept.lineage_id
    assert not nxt.is_locked and not nxt.signatures
    assert nxt.requests[0].deadline == "Changed at the office"
    with pytest.raises(LockedError):
        team.set_field(Kind.WORKSHOP, taken, "title", "no")


def test_signed_in_the_team_library_while_changed_offline_becomes_a_new_revision(
    team: Library, laptop: Library, taken: str
) -> None:
    ws = team.workshop(taken)
    laptop.set_field(Kind.REQUEST, ws.requests[0].id, "deadline", "Changed offsite")
    _sign_off(team, taken)
    before = team.workshop(taken)
    plan = offline.plan(laptop, team, taken)
    assert plan.mode == "new revision"
    new_id = offline.check_in(laptop, team, plan)
    assert team.workshop(taken) == before  # the signed revision, exactly as signed
    assert new_id is not None
    assert team.workshop(new_id).requests[0].deadline == "Changed offsite"


def test_deleted_in_the_team_library_meanwhile_comes_back_whole(
    team: Library, laptop: Library, taken: str
) -> None:
    team.delete_workshop(taken)
    laptop.set_field(Kind.WORKSHOP, taken, "location", "Offsite")
    plan = bring_back(laptop, team, taken)
    assert plan.mode == "restore"
    assert team.workshop(taken).location == "Offsite"


def test_a_password_never_reaches_the_laptop_library() -> None:
    shown = offline.public_origin("postgresql://ana:s3cret@db.example/team")
    assert "s3cret" not in shown and shown == "postgresql://ana@db.example:5432/team"
    assert offline.public_origin("postgresql://:s3cret@/team") == "postgresql://@/team"


def test_a_password_typed_in_the_address_goes_to_the_keyring(
    memory_keyring: MemoryKeyring,
) -> None:
    import keyring

    assert offline.keep_password("postgresql://ana@db.example/team") is None  # none typed
    assert offline.keep_password(str(Path("team.db"))) is None
    assert memory_keyring.passwords == {}
    assert offline.keep_password("postgresql://ana:s%40cret@db.example/team") is None
    key = "ana@db.example:5432/team"
    assert memory_keyring.passwords == {(credentials.SERVICE, key): "s@cret"}
    keyring.set_keyring(NoKeyring())
    said = offline.keep_password("postgresql://ana:other@db.example/team")
    assert said is not None and "no system keyring" in said and "other" not in said


def test_not_an_offline_copy(team: Library, laptop: Library) -> None:
    ws_id = laptop.add_workshop(m.Workshop(title="Local only"))
    with pytest.raises(UserError, match="not an offline copy"):
        offline.plan(laptop, team, ws_id)


def test_a_result_recorded_offline_on_a_signed_revision_comes_back(
    team: Library, laptop: Library
) -> None:
    from workshop_app.storage import results

    ws_id = team.add_workshop(demo_workshop())
    _sign_off(team, ws_id)
    offline.check_out(team, laptop, ws_id, who="Ana", place="laptop")
    need = laptop.workshop(ws_id).needs[0]
    results.record(laptop, need.id, "2 days", date="2026-12-01")
    plan = bring_back(laptop, team, ws_id)
    assert plan.mode == "merge" and plan.merge.count("mine") == 1
    after = team.workshop(ws_id)
    assert after.is_locked and [r.value for r in after.results] == ["2 days"]
    assert team.content_problem(ws_id) is None


def test_signed_on_both_sides_differently_is_refused_and_nothing_changes(
    team: Library, laptop: Library, taken: str
) -> None:
    ws = team.workshop(taken)
    team.set_field(Kind.REQUEST, ws.requests[0].id, "deadline", "Office")
    _sign_off(team, taken)
    _sign_off(laptop, taken)
    before = team.workshop(taken)
    with pytest.raises(UserError, match="signed off in both places"):
        offline.plan(laptop, team, taken)
    assert team.workshop(taken) == before and offline.mark(team, taken) is not None
