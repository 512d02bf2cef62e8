"""Sign-off in the model: signatures bind to a content digest, lock the revision, and reopening
starts the next revision without touching the signed one."""

from __future__ import annotations

import pytest

from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core import signoff as rules
from workshop_app.core.errors import LockedError, NotFoundError, UserError, ValidationError
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library


@pytest.fixture
def library(any_library: Library) -> Library:
    """Every test here runs on a library file and on a team library (tests/conftest.py)."""
    return any_library


def _people(library: Library, workshop_id: str) -> dict[str, m.Participant]:
    return {p.name: p for p in library.workshop(workshop_id).participants}


def _sign_everyone(library: Library, workshop_id: str) -> None:
    for person in sorted(_people(library, workshop_id).values(), key=lambda p: p.decision_maker):
        signoff.sign(library, workshop_id, person.id, person.name)


def test_a_signature_stores_the_digest_of_what_it_confirms(library: Library, demo_id: str) -> None:
    maria = _people(library, demo_id)["María González"]
    signature = signoff.sign(
        library, demo_id, maria.id, "María González", m.Stance.AGREE, drawing="10,10 20,30;5,5"
    )
    workshop = library.workshop(demo_id)
    assert signature.content_digest == interchange.content_digest(workshop)
    assert signature.signed_at.endswith("Z")
    assert workshop.signatures == [signature]
    state = next(s for s in rules.signature_status(workshop) if s.participant.id == maria.id)
    assert state.signed and state.valid and not state.void and state.required
    assert workshop.status is m.Status.IN_PROGRESS  # two decision-makers still to sign


@pytest.mark.parametrize("typed", ["maria gonzalez", "  MARÍA   GONZÁLEZ ", "María González"])
def test_the_typed_name_ignores_case_accents_and_spacing(
    library: Library, demo_id: str, typed: str
) -> None:
    maria = _people(library, demo_id)["María González"]
    assert signoff.sign(library, demo_id, maria.id, typed).typed_name == typed.strip()


@pytest.mark.parametrize("typed", ["Maria", "M. González", "Tom Becker"])
def test_a_typed_name_that_is_not_the_participant_is_refused(
    library: Library, demo_id: str, typed: str
) -> None:
    maria = _people(library, demo_id)["María González"]
    with pytest.raises(ValidationError, match="does not match the participant “María González”"):
        signoff.sign(library, demo_id, maria.id, typed)
    with pytest.raises(ValidationError, match="cannot be empty"):
        signoff.sign(library, demo_id, maria.id, "   ")
    assert library.workshop(demo_id).signatures == []


def test_a_reservation_needs_a_note_and_the_note_is_kept(library: Library, demo_id: str) -> None:
    jonas = _people(library, demo_id)["Jonas Lindqvist"]
    with pytest.raises(ValidationError, match="reservation"):
        signoff.sign(library, demo_id, jonas.id, jonas.name, m.Stance.AGREE_WITH_RESERVATION)
    signature = signoff.sign(
        library, demo_id, jonas.id, jonas.name, "agree_with_reservation", note="Payroll first."
    )
    assert (
        signature.stance is m.Stance.AGREE_WITH_RESERVATION and signature.note == "Payroll first."
    )


def test_a_malformed_drawing_is_refused(library: Library, demo_id: str) -> None:
    tom = _people(library, demo_id)["Tom Becker"]
    with pytest.raises(ValidationError, match="drawing"):
        signoff.sign(library, demo_id, tom.id, tom.name, drawing="10,10 oops")
    with pytest.raises(ValidationError, match="outside"):
        signoff.sign(library, demo_id, tom.id, tom.name, drawing="10,1001")
    assert rules.parse_drawing("1,2 3.5,4;7,8") == [[(1, 2), (3.5, 4)], [(7, 8)]]


def test_a_participant_signs_a_revision_only_once(library: Library, demo_id: str) -> None:
    tom = _people(library, demo_id)["Tom Becker"]
    signoff.sign(library, demo_id, tom.id, tom.name)
    with pytest.raises(UserError, match="Tom Becker has already signed this revision"):
        signoff.sign(library, demo_id, tom.id, tom.name)
    assert len(library.workshop(demo_id).signatures) == 1


def test_an_edit_after_signing_voids_the_signature_visibly_and_it_can_be_renewed(
    library: Library, demo_id: str
) -> None:
    tom = _people(library, demo_id)["Tom Becker"]
    first = signoff.sign(library, demo_id, tom.id, tom.name)
    request = library.workshop(demo_id).requests[0]
    library.set_field("request", request.id, "deadline", "April")

    state = next(
        s for s in rules.signature_status(library.workshop(demo_id)) if s.participant.id == tom.id
    )
    assert state.signed and state.void and not state.valid
    assert state.label.startswith("Void")

    renewed = signoff.sign(library, demo_id, tom.id, tom.name)
    workshop = library.workshop(demo_id)
    assert [s.id for s in workshop.signatures] == [renewed.id]
    assert renewed.content_digest != first.content_digest
    actions = [e.action for e in library.audit_log(demo_id)]
    assert actions[-2:] == ["replace void signature", "sign"]


def test_the_last_decision_maker_signs_the_revision_off_and_locks_it(
    library: Library, demo_id: str
) -> None:
    people = _people(library, demo_id)
    for name in ("María González", "Tom Becker"):
        signoff.sign(library, demo_id, people[name].id, name)
    assert library.workshop(demo_id).status is m.Status.IN_PROGRESS
    assert [p.name for p in rules.missing_signers(library.workshop(demo_id))] == ["Alex Moreau"]

    signoff.sign(library, demo_id, people["Alex Moreau"].id, "alex moreau")
    workshop = library.workshop(demo_id)
    assert workshop.status is m.Status.SIGNED_OFF and workshop.is_locked
    assert rules.is_fully_signed(workshop)
    assert library.audit_log(demo_id)[-1].action == "sign off"

    request = workshop.requests[0]
    with pytest.raises(LockedError, match="signed off"):
        library.set_field("request", request.id, "text", "Changed afterwards")
    with pytest.raises(LockedError):
        library.delete_item("request", request.id)
    with pytest.raises(LockedError, match="no more signatures"):
        signoff.sign(library, demo_id, people["Priya Raman"].id, "Priya Raman")
    with pytest.raises(LockedError):
        signoff.withdraw_signature(library, workshop.signatures[0].id)
    assert library.workshop(demo_id) == workshop


def test_a_workshop_with_open_questions_cannot_be_signed(library: Library) -> None:
    workshop_id = library.create_workshop("Unfinished")
    person = library.add_item(workshop_id, "participant", {"name": "Ana", "decision_maker": True})
    with pytest.raises(UserError, match="not ready for sign-off: Record at least one strategic"):
        signoff.sign(library, workshop_id, person, "Ana")


def test_signing_for_someone_outside_the_workshop_is_refused(
    library: Library, demo_id: str
) -> None:
    with pytest.raises(NotFoundError):
        signoff.sign(library, demo_id, "not-a-participant", "Nobody")


def test_a_signature_given_by_mistake_can_be_withdrawn_before_sign_off(
    library: Library, demo_id: str
) -> None:
    priya = _people(library, demo_id)["Priya Raman"]
    signature = signoff.sign(library, demo_id, priya.id, priya.name)
    signoff.withdraw_signature(library, signature.id)
    assert library.workshop(demo_id).signatures == []
    assert library.audit_log(demo_id)[-1].action == "withdraw signature"


def test_reopen_gives_the_next_revision_and_keeps_the_signed_one_intact(
    library: Library, demo_id: str
) -> None:
    _sign_everyone(library, demo_id)
    signed = library.workshop(demo_id)

    new_id = signoff.reopen(library, demo_id)
    reopened = library.workshop(new_id)
    assert reopened.lineage_id == signed.lineage_id
    assert reopened.revision == signed.revision + 1
    assert reopened.status is m.Status.IN_PROGRESS and not reopened.is_locked
    assert reopened.signatures == []
    assert [r.text for r in reopened.requests] == [r.text for r in signed.requests]
    old_ids = {signed.id} | {item.id for item in signed.requests + signed.needs}
    assert old_ids.isdisjoint({reopened.id} | {i.id for i in reopened.requests + reopened.needs})

    library.set_field("request", reopened.requests[0].id, "deadline", "May")  # editable
    assert library.workshop(demo_id) == signed  # revision n and its signatures untouched
    assert all(s.valid for s in rules.signature_status(signed))

    assert [(r.revision, r.status) for r in signoff.revisions(library, signed.lineage_id)] == [
        (1, m.Status.SIGNED_OFF),
        (2, m.Status.IN_PROGRESS),
    ]
    assert library.audit_log(demo_id)[-1].action == "reopen"
    assert [e.action for e in library.audit_log(new_id)] == ["reopen", "edit"]


def test_only_the_latest_signed_off_revision_can_be_reopened(
    library: Library, demo_id: str
) -> None:
    with pytest.raises(UserError, match="not signed off"):
        signoff.reopen(library, demo_id)
    _sign_everyone(library, demo_id)
    signoff.reopen(library, demo_id)
    with pytest.raises(UserError, match=r"Revision 2 .* already exists"):
        signoff.reopen(library, demo_id)


def test_the_command_line_signs_refuses_a_locked_revision_and_reopens(
    library: Library, demo_id: str, library_target, capsys: pytest.CaptureFixture[str]
) -> None:
    people = _people(library, demo_id)
    db = ["--db", str(library_target)]
    assert main([*db, "sign", demo_id, people["Tom Becker"].id, "--name", "Tom Smith"]) == 1
    assert "does not match" in capsys.readouterr().err
    for name in ("Tom Becker", "María González", "Alex Moreau"):
        assert main([*db, "sign", demo_id, name, "--name", name]) == 0
    assert "signed off" in capsys.readouterr().out

    assert main([*db, "sign", demo_id, "Priya Raman", "--name", "Priya Raman"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already signed off" in err and "Traceback" not in err

    assert main([*db, "reopen", demo_id]) == 0
    new_id = capsys.readouterr().out.strip()
    assert library.workshop(new_id).revision == 2
