"""What the room reads for the devices' polls: ratings never load the workshop again, the
facilitator's edits do, and nothing is read more than twice a second."""

from __future__ import annotations

from workshop_app.core.kind import Kind
from workshop_app.services.room import room as room_module
from workshop_app.services.room.room import Room
from workshop_app.storage.operations import Library


def test_ratings_refresh_the_round_and_edits_the_workshop(library: Library, demo_id: str) -> None:
    now = [100.0]
    room = Room(library, demo_id, clock=lambda: now[0])
    loads = []
    real = library.workshop

    def counted(workshop_id: str):  # type: ignore[no-untyped-def]
        loads.append(workshop_id)
        return real(workshop_id)

    library.workshop = counted  # type: ignore[method-assign]
    ws, live = room.snapshot()
    assert live is None and len(loads) == 1
    round_id = room.open_round(ws.needs[0].id, ["value"])
    ws, live = room.snapshot()
    assert live is not None and live.id == round_id
    loads.clear()
    tokens = [room.invitation.token_for(p.id) for p in ws.participants]
    for index, token in enumerate(tokens):
        room.rate(token, round_id, {"value": index + 1})
        now[0] += room_module.FRESH_FOR / 4
        after, live = room.snapshot()
        assert after is ws  # the same reading of the workshop
        assert live is not None and len(live.ratings["value"]) == index + 1
    assert loads == []  # not one full read for all those ratings
    library.set_field(Kind.WORKSHOP, demo_id, "location", "Board room")
    assert room.snapshot()[0].location != "Board room"  # read twice a second at most
    now[0] += room_module.FRESH_FOR + 0.01
    assert room.snapshot()[0].location == "Board room"
    assert loads == [demo_id]
