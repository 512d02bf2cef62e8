"""The participant page's script, run by Node against a live server with a minimal DOM
(tests/room/page_harness.js): join, rate, reveal, sign, and the end of the invitation.

A real browser test (Debian's chromium driven by Playwright) is in test_browser.py; this one runs
wherever Node does, which most CI images have."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from workshop_app.core.demo import demo_workshop
from workshop_app.services.room.room import Room
from workshop_app.services.room.runner import RoomServer
from workshop_app.services.room.server import page_folder
from workshop_app.storage.operations import Library

NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
def test_the_page_joins_rates_sees_the_reveal_and_signs(library: Library) -> None:
    workshop_id = library.add_workshop(demo_workshop())
    ws = library.workshop(workshop_id)
    room = Room(library, workshop_id)
    server = RoomServer(room, facilitator_api=True)
    url = server.start().url
    person = ws.participants[1]
    try:
        done = subprocess.run(
            [
                str(NODE),
                str(Path(__file__).with_name("page_harness.js")),
                str(page_folder()),
                url,
                room.invitation.code,
                room.invitation.facilitator_key,
                ws.needs[0].id,
                person.name,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.stop()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "page ok"
    after = library.workshop(workshop_id)
    assert [s.participant_id for s in after.signatures] == [person.id]
