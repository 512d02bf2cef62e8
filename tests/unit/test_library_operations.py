"""The operations layer against a real SQLite file and a real PostgreSQL team library: every write
is validated, audited, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_signing_support import signed_off
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import LockedError, ValidationError
from workshop_app.services.importing import import_file
from workshop_app.storage.operations import Library


@pytest.fixture
def library(any_library: Library) -> Library:
    """Every test here runs on a library file and on a team library (tests/conftest.py)."""
    return any_library


def test_a_demo_workshop_reads_back_exactly_as_written(library: Library) -> None:
    original = demo_workshop()
    workshop_id = library.add_workshop(original)
    assert library.workshop(workshop_id) == original


def test_a_reopened_database_still_holds_every_edit(
    library: Library, library_target: Path | str
) -> None:
    workshop_id = library.create_workshop("Q3 alignment", division="Sales")
    request_id = library.add_item(workshop_id, "request", {"text": "A new CRM by March"})
    library.set_field("request", request_id, "deadline", "March")
    library.close()
    reopened = Library(library_target)
    request = reopened.workshop(workshop_id).request(request_id)
    assert request is not None and request.deadline == "March"
    reopened.close()


def test_deleting_a_request_and_restoring_it_brings_back_its_need_links_and_decision(
    library: Library, demo_id: str
) -> None:
    before = library.workshop(demo_id)
    crm = before.requests[0]
    snapshot = library.delete_item("request", crm.id)
    after_delete = library.workshop(demo_id)
    assert after_delete.request(crm.id) is None
    assert all(crm.id not in n.request_ids for n in after_delete.needs)
    library.restore(snapshot)
    assert library.workshop(demo_id) == before


def test_an_invalid_value_is_refused_with_the_field_named(library: Library, demo_id: str) -> None:
    goal = library.workshop(demo_id).goals[0]
    with pytest.raises(ValidationError, match="weight"):
        library.set_field("goal", goal.id, "weight", -2)
    assert library.workshop(demo_id).goals[0].weight == goal.weight


def test_a_signed_off_revision_refuses_every_change(library: Library, demo_id: str) -> None:
    signed_off(library, demo_id)
    request = library.workshop(demo_id).requests[0]
    with pytest.raises(LockedError, match="signed off"):
        library.set_field("request", request.id, "text", "Changed afterwards")
    with pytest.raises(LockedError):
        library.add_item(demo_id, "request", {"text": "Another"})


def test_every_edit_is_in_the_audit_log(library: Library) -> None:
    workshop_id = library.create_workshop("Audit me", facilitator="Alex")
    request_id = library.add_item(workshop_id, "request", {"text": "Dashboard"})
    library.set_field("request", request_id, "text", "Wall dashboard")
    entries = library.audit_log(workshop_id)
    assert [e.action for e in entries] == ["create workshop", "add", "edit"]
    assert entries[-1].before == '"Dashboard"' and entries[-1].after == '"Wall dashboard"'
    # The facilitator on a library file; on a team library the role the server knows us as.
    if library.backend.server:
        assert library.actor and entries[-1].actor == library.actor != "Alex"
    else:
        assert entries[-1].actor == "Alex"


def test_link_strength_changes_and_removal(library: Library, demo_id: str) -> None:
    ws = library.workshop(demo_id)
    need, goal = ws.needs[3], ws.goals[0]
    library.set_strength(need.id, goal.id, m.Strength.STRONG)
    assert library.workshop(demo_id).strength(need.id, goal.id) is m.Strength.STRONG
    library.set_strength(need.id, goal.id, "none")
    assert library.workshop(demo_id).strength(need.id, goal.id) is m.Strength.NONE


def test_importing_the_same_workshop_twice_gives_an_independent_copy(
    library: Library, demo_id: str
) -> None:
    exported = library.export_json(demo_id)
    copy_id = import_file(library, exported.encode(), Path("workshop.json")).workshop_id
    assert copy_id != demo_id
    original, copy = library.workshop(demo_id), library.workshop(copy_id)
    assert [r.text for r in copy.requests] == [r.text for r in original.requests]
    assert interchange.content_digest(copy) != interchange.content_digest(original)


def test_search_finds_workshops_by_request_text_and_escapes_wildcards(
    library: Library, demo_id: str
) -> None:
    library.create_workshop("Unrelated")
    assert [w.id for w in library.workshops("chatbot")] == [demo_id]
    assert library.workshops("100%_") == []


def _updated_at(library: Library, workshop_id: str) -> str:
    return next(w.updated_at for w in library.workshops() if w.id == workshop_id)


def test_an_edit_that_changes_nothing_leaves_the_revision_and_its_log_alone(
    library: Library,
) -> None:
    workshop_id = library.create_workshop("Unchanged")
    request_id = library.add_item(workshop_id, "request", {"text": "Dashboard"})
    stamp, entries = _updated_at(library, workshop_id), len(library.audit_log(workshop_id))
    library.set_field("request", request_id, "text", "Dashboard")
    assert _updated_at(library, workshop_id) == stamp
    assert len(library.audit_log(workshop_id)) == entries


def test_the_first_change_to_a_draft_makes_it_in_progress(library: Library) -> None:
    workshop_id = library.create_workshop("Fresh")
    assert library.workshop(workshop_id).status is m.Status.DRAFT
    library.add_item(workshop_id, "goal", {"title": "Grow"})
    assert library.workshop(workshop_id).status is m.Status.IN_PROGRESS


def test_an_edit_that_fails_halfway_leaves_no_change_and_no_log_entry(
    library: Library, demo_id: str
) -> None:
    before, entries = library.workshop(demo_id), len(library.audit_log(demo_id))
    with pytest.raises(RuntimeError, match="halfway"), library.edit("workshop", demo_id) as e:
        e.item.title = "Renamed"
        e.log("edit", "workshop", demo_id, "title", before.title, "Renamed")
        raise RuntimeError("halfway")
    assert library.workshop(demo_id) == before
    assert len(library.audit_log(demo_id)) == entries


def test_a_signed_off_revision_can_still_be_deleted_and_logs_it(
    library: Library, demo_id: str
) -> None:
    title = signed_off(library, demo_id).title
    library.delete_workshop(demo_id)
    assert library.workshops() == []
    assert library.audit_log(demo_id)[-1].before == f'"{title}"'
