"""`workshop-app serve`: invite the room without the window.

Runs the participant server for one workshop on the chosen network address until Ctrl+C (or
until a script ends the invitation). The first line printed is the address to open, with the
join code in it, and the join code; the second the facilitator's key, which a script sends as
`X-Facilitator-Key` to open rounds, reveal, adopt and open the sign-off over HTTP. Ratings and
signatures land in the database through the same operations as the window's.
"""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable
from typing import Any

from workshop_app.cli import EXIT_OK
from workshop_app.cli import _open_library as open_library
from workshop_app.core.errors import UserError
from workshop_app.terminal import say

Add = Callable[[str, Callable[[argparse.Namespace], int], str], Any]


def cmd_serve(args: argparse.Namespace) -> int:
    from workshop_app.services.room.room import Event, Room
    from workshop_app.services.room.runner import RoomServer

    library = open_library(args)
    ended = threading.Event()
    names: dict[str, str] = {}

    def on_event(event: Event) -> None:
        if event.kind == "ended":
            ended.set()
        elif event.participant_id:
            who = names.get(event.participant_id, "A participant")
            say(f"{who} {_WORDS.get(event.kind, event.kind)}.")

    room = Room(library, args.id, on_event=on_event)
    names.update({p.id: p.name for p in room.snapshot()[0].participants})
    if not 0 <= args.port <= 65535:
        raise UserError(f"{args.port} is not a port number; give one from 1 to 65535, or 0.")
    server = RoomServer(room, args.host, args.port, facilitator_api=True)
    address = server.start()
    code = room.invitation.code
    say(f"{address.url}#{code}  join code {code}")
    say(f"Facilitator key (for scripts): {room.invitation.facilitator_key}")
    say("Participants open the address on the same network. Press Ctrl+C to end the invitation.")
    previous = signal.signal(signal.SIGTERM, lambda *_: ended.set())
    try:
        while not ended.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    say("The invitation has ended; the room's devices are disconnected.")
    return EXIT_OK


_WORDS = {"joined": "joined", "rated": "answered", "signed": "signed"}


def add_commands(add: Add) -> None:
    p = add(
        "serve",
        cmd_serve,
        "invite the room without the window: serve the participant page for a workshop",
    )
    p.add_argument("id")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address of the network participants are on (default 127.0.0.1, this "
        "computer only); never all networks at once",
    )
    p.add_argument("--port", type=int, default=0, help="port to listen on (default: any free port)")
