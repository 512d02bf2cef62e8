"""Each undo command of an open workshop, run on a real undo stack against a real database.

Every check reads the database file through its own connection, so it sees what reached the disk
rather than the session's cached workshop.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.disk import Disk
from tests.unit.test_signing_support import signed_off
from workshop_app.core import model as m
from workshop_app.core.errors import LockedError
from workshop_app.storage.operations import Library
from workshop_app.ui import commands as c
from workshop_app.ui.session import WorkshopSession


@pytest.fixture
def disk(db_path: Path) -> Disk:
    return Disk(db_path)


@pytest.fixture
def session(qapp: QApplication, library: Library, demo_id: str) -> Iterator[WorkshopSession]:
    session = WorkshopSession(library, demo_id)
    yield session
    session.deleteLater()


def refusals(session: WorkshopSession) -> list[str]:
    told: list[str] = []
    session.failed.connect(told.append)
    return told


# -- SetField ------------------------------------------------------------------------------------
def test_an_edit_reaches_the_disk_and_undo_and_redo_take_it_back_and_forth(
    session: WorkshopSession, disk: Disk
) -> None:
    request = session.workshop.requests[0]
    session.edit("request", request.id, "text", "A CRM that talks to quoting")
    assert disk.request_text(request.id) == "A CRM that talks to quoting"
    session.undo_stack.undo()
    assert disk.request_text(request.id) == request.text
    session.undo_stack.redo()
    assert disk.request_text(request.id) == "A CRM that talks to quoting"


def test_a_field_of_the_assessment_and_of_the_workshop_round_trip(
    session: WorkshopSession, disk: Disk, demo_id: str
) -> None:
    need = session.workshop.needs[0]
    session.edit("need", need.id, "effort", 9)
    session.edit("workshop", demo_id, "location", "Porto")
    assert disk.value("SELECT effort FROM need WHERE id = ?", need.id) == 9
    assert disk.value("SELECT location FROM workshop WHERE id = ?", demo_id) == "Porto"
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert disk.value("SELECT effort FROM need WHERE id = ?", need.id) == need.assessment.effort
    assert (
        disk.value("SELECT location FROM workshop WHERE id = ?", demo_id)
        == "Lisbon offsite, room Tejo"
    )


def test_keystrokes_in_one_field_merge_into_one_step_that_undoes_to_the_original(
    session: WorkshopSession, disk: Disk
) -> None:
    request = session.workshop.requests[1]
    for typed in ("A", "An", "An F", "An FAQ"):
        session.edit("request", request.id, "text", typed, typing=True)
    assert session.undo_stack.count() == 1
    assert disk.request_text(request.id) == "An FAQ"
    session.undo_stack.undo()
    assert disk.request_text(request.id) == request.text
    assert not session.undo_stack.canUndo()
    session.undo_stack.redo()
    assert disk.request_text(request.id) == "An FAQ"


def test_typing_in_another_field_or_another_item_starts_a_new_step(
    session: WorkshopSession, disk: Disk
) -> None:
    first, second = session.workshop.requests[:2]
    session.edit("request", first.id, "text", "One", typing=True)
    session.edit("request", first.id, "deadline", "May", typing=True)
    session.edit("request", second.id, "deadline", "June", typing=True)
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert disk.value("SELECT deadline FROM request WHERE id = ?", second.id) == second.deadline
    assert disk.value("SELECT deadline FROM request WHERE id = ?", first.id) == "May"
    session.undo_stack.undo()
    assert disk.value("SELECT deadline FROM request WHERE id = ?", first.id) == first.deadline
    assert disk.request_text(first.id) == "One"


def test_edits_that_are_not_typing_never_merge(session: WorkshopSession, disk: Disk) -> None:
    goal = session.workshop.goals[0]
    session.edit("goal", goal.id, "weight", 2)
    session.edit("goal", goal.id, "weight", 1)
    session.edit("goal", goal.id, "weight", 4, typing=True)
    assert session.undo_stack.count() == 3
    session.undo_stack.undo()
    assert disk.value("SELECT weight FROM goal WHERE id = ?", goal.id) == 1
    session.undo_stack.undo()
    assert disk.value("SELECT weight FROM goal WHERE id = ?", goal.id) == 2


def test_merge_with_asks_for_the_same_kind_item_and_field(session: WorkshopSession) -> None:
    """The rule itself, without a stack: only typing edits of one field of one item merge."""
    request_id = session.workshop.requests[0].id

    def typed(field: str = "text", item_id: str = request_id, *, typing: bool = True) -> c.SetField:
        return c.SetField(session, "request", item_id, field, "before", "after", typing=typing)

    first = typed()
    assert first.mergeWith(typed()) and first.after == "after"
    assert not typed().mergeWith(typed("deadline"))
    assert not typed().mergeWith(typed(item_id="another"))
    assert not typed().mergeWith(typed(typing=False))
    assert not typed(typing=False).mergeWith(typed())
    assert not typed().mergeWith(c.MoveItem(session, "request", request_id, 0, 1))
    other_kind = c.SetField(session, "need", request_id, "text", "a", "b", typing=True)
    assert not typed().mergeWith(other_kind)


# -- AddItem -------------------------------------------------------------------------------------
def test_an_added_item_goes_on_undo_and_comes_back_with_the_same_id_and_place(
    session: WorkshopSession, disk: Disk, demo_id: str
) -> None:
    before = disk.ids_in_order("goal", demo_id)
    goal_id = session.add("goal", {"title": "Open a Madrid office"}, position=1)
    assert goal_id is not None
    assert disk.ids_in_order("goal", demo_id) == [before[0], goal_id, *before[1:]]
    session.undo_stack.undo()
    assert disk.ids_in_order("goal", demo_id) == before
    session.undo_stack.redo()
    assert disk.ids_in_order("goal", demo_id) == [before[0], goal_id, *before[1:]]
    assert disk.value("SELECT title FROM goal WHERE id = ?", goal_id) == "Open a Madrid office"


def test_an_added_request_brings_its_decision_record_and_takes_it_away_again(
    session: WorkshopSession, disk: Disk
) -> None:
    request_id = session.add("request", {"text": "Laptops for the interns"})
    decisions = "SELECT count(*) FROM decision WHERE request_id = ?"
    assert disk.value(decisions, request_id) == 1
    session.undo_stack.undo()
    assert disk.value(decisions, request_id) == 0
    assert disk.request_text(str(request_id)) is None
    session.undo_stack.redo()
    assert disk.value(decisions, request_id) == 1


def test_an_added_need_with_its_requests_comes_back_linked(
    session: WorkshopSession, disk: Disk
) -> None:
    requests = [r.id for r in session.workshop.requests[3:5]]
    need_id = session.add("need", {"statement": "Fewer spreadsheets", "request_ids": requests})
    assert need_id is not None and disk.linked_requests(need_id) == requests
    session.undo_stack.undo()
    assert disk.linked_requests(need_id) == []
    session.undo_stack.redo()
    assert disk.linked_requests(need_id) == requests


# -- DeleteItem ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "pick"),
    [
        ("request", lambda ws: ws.requests[0]),  # has a decision, need links and action items
        ("need", lambda ws: ws.needs[0]),  # has request links and alignment links
        ("goal", lambda ws: ws.goals[0]),  # alignment links point at it
        ("participant", lambda ws: ws.participants[2]),  # from the middle of the list
        ("agenda_item", lambda ws: ws.agenda[-1]),
        ("action", lambda ws: ws.actions[1]),
    ],
)
def test_undoing_a_delete_restores_every_row_link_and_place_exactly(
    session: WorkshopSession, disk: Disk, library: Library, demo_id: str, kind: str, pick: Any
) -> None:
    rows_before = disk.everything_of(demo_id)
    workshop_before = library.workshop(demo_id)
    session.delete(kind, pick(session.workshop).id)
    assert disk.everything_of(demo_id) != rows_before
    session.undo_stack.undo()
    assert disk.everything_of(demo_id) == rows_before
    assert library.workshop(demo_id) == workshop_before
    session.undo_stack.redo()
    rows_after_redo = disk.everything_of(demo_id)
    assert rows_after_redo != rows_before
    session.undo_stack.undo()
    assert disk.everything_of(demo_id) == rows_before


def test_a_delete_undone_after_the_list_was_renumbered_gets_its_old_place(
    session: WorkshopSession, disk: Disk, demo_id: str
) -> None:
    """A move renumbers the list and closes the gap the delete left: the restored item must
    still land in its old place, not tie with the sibling that took its number."""
    order = disk.ids_in_order("goal", demo_id)
    session.delete("goal", order[1])
    session.move("goal", order[4], 3, 0)
    session.undo_stack.undo()
    assert disk.ids_in_order("goal", demo_id) == [order[0], *order[2:]]
    session.undo_stack.undo()
    assert disk.ids_in_order("goal", demo_id) == order
    positions = [
        row[0] for row in disk.rows("SELECT position FROM goal WHERE workshop_id = ?", demo_id)
    ]
    assert len(set(positions)) == len(positions), "no two goals share a place"


def test_deleting_a_request_keeps_its_action_item_unlinked_until_undo(
    session: WorkshopSession, disk: Disk
) -> None:
    crm = session.workshop.requests[0]
    action = next(a for a in session.workshop.actions if a.request_id == crm.id)
    link = "SELECT request_id FROM action_item WHERE id = ?"
    session.delete("request", crm.id)
    assert disk.rows("SELECT id FROM action_item WHERE id = ?", action.id), "the action stays"
    assert disk.value(link, action.id) is None
    session.undo_stack.undo()
    assert disk.value(link, action.id) == crm.id


# -- MoveItem ------------------------------------------------------------------------------------
def test_a_move_changes_the_order_on_disk_and_undo_puts_it_back(
    session: WorkshopSession, disk: Disk, demo_id: str
) -> None:
    order = disk.ids_in_order("agenda_item", demo_id)
    session.move("agenda_item", order[0], 0, 3)
    moved = [*order[1:4], order[0], *order[4:]]
    assert disk.ids_in_order("agenda_item", demo_id) == moved
    session.undo_stack.undo()
    assert disk.ids_in_order("agenda_item", demo_id) == order
    session.undo_stack.redo()
    assert disk.ids_in_order("agenda_item", demo_id) == moved


# -- SetStrength ---------------------------------------------------------------------------------
def test_a_new_alignment_link_appears_and_disappears_with_undo(
    session: WorkshopSession, disk: Disk
) -> None:
    onboarding, payroll_goal = session.workshop.needs[3], session.workshop.goals[4]
    assert disk.strength(onboarding.id, payroll_goal.id) is None
    session.set_strength(onboarding.id, payroll_goal.id, m.Strength.MODERATE)
    assert disk.strength(onboarding.id, payroll_goal.id) == "moderate"
    session.undo_stack.undo()
    assert disk.strength(onboarding.id, payroll_goal.id) is None
    session.undo_stack.redo()
    assert disk.strength(onboarding.id, payroll_goal.id) == "moderate"


def test_removing_a_link_is_undone_to_its_old_strength(
    session: WorkshopSession, disk: Disk
) -> None:
    quote_need, revenue = session.workshop.needs[0], session.workshop.goals[0]
    session.set_strength(quote_need.id, revenue.id, m.Strength.NONE)
    assert disk.strength(quote_need.id, revenue.id) is None
    session.undo_stack.undo()
    assert disk.strength(quote_need.id, revenue.id) == "strong"
    session.undo_stack.redo()
    assert disk.strength(quote_need.id, revenue.id) is None


# -- AttachRequest -------------------------------------------------------------------------------
def test_linking_and_unlinking_a_request_are_undone_on_disk(
    session: WorkshopSession, disk: Disk
) -> None:
    visibility, vr = session.workshop.needs[2], session.workshop.requests[4]
    linked = disk.linked_requests(visibility.id)
    session.attach_request(visibility.id, vr.id)
    assert disk.linked_requests(visibility.id) == [*linked, vr.id]
    session.undo_stack.undo()
    assert disk.linked_requests(visibility.id) == linked
    session.undo_stack.redo()
    assert disk.linked_requests(visibility.id) == [*linked, vr.id]

    session.attach_request(visibility.id, linked[0], attach=False)
    assert disk.linked_requests(visibility.id) == [linked[1], vr.id]
    session.undo_stack.undo()
    assert linked[0] in disk.linked_requests(visibility.id)


# -- a signed-off revision -----------------------------------------------------------------------
def test_every_command_on_a_signed_off_revision_is_refused_and_leaves_no_step(
    session: WorkshopSession, disk: Disk, library: Library, demo_id: str
) -> None:
    ws = signed_off(library, demo_id)
    session.reload()
    told = refusals(session)
    rows = disk.everything_of(demo_id)
    need, goal, request = ws.needs[3], ws.goals[4], ws.requests[4]
    session.edit("request", request.id, "text", "Changed afterwards", typing=True)
    assert session.add("request", {"text": "Another"}) is None
    session.delete("goal", goal.id)
    session.move("goal", goal.id, 4, 0)
    session.set_strength(need.id, goal.id, m.Strength.STRONG)
    session.attach_request(need.id, ws.requests[0].id)
    with pytest.raises(LockedError) as normal:  # what the library says to anyone who tries
        library.set_field("request", request.id, "text", "Changed afterwards")
    assert told == [normal.value.message] * 6
    assert "is signed off and cannot change" in normal.value.message
    assert session.undo_stack.count() == 0
    assert disk.everything_of(demo_id) == rows


def test_undo_after_the_revision_was_signed_off_is_refused_and_changes_nothing(
    session: WorkshopSession, disk: Disk, library: Library, demo_id: str
) -> None:
    request = session.workshop.requests[0]
    session.edit("request", request.id, "deadline", "April")
    signed_off(library, demo_id)
    told = refusals(session)
    session.undo_stack.undo()
    assert told and "signed off" in told[0]
    assert disk.value("SELECT deadline FROM request WHERE id = ?", request.id) == "April"


def test_a_refused_command_is_marked_and_drops_out_of_history(
    session: WorkshopSession, library: Library, demo_id: str
) -> None:
    signed_off(library, demo_id)
    command = c.AddItem(session, "goal", {"title": "Too late"})
    session.push(command)
    assert command.refused and session.undo_stack.count() == 0
