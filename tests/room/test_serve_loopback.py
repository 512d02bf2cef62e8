"""`workshop-app serve` for real: a separate process on loopback, spoken to over HTTP; and 50
participants rating at once on a real socket."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.services.room.room import Room
from workshop_app.services.room.runner import RoomServer
from workshop_app.storage import rounds
from workshop_app.storage.operations import Library

ROOT = Path(__file__).resolve().parents[2]


def _http(url: str, body: dict[str, Any] | None = None, **headers: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.slow
def test_serve_prints_the_address_and_code_first_and_stores_what_devices_send(
    db_path: Path,
) -> None:
    library = Library(db_path)
    workshop_id = library.add_workshop(demo_workshop())
    ws = library.workshop(workshop_id)
    library.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop_app", "--db", str(db_path), "serve", workshop_id[:8]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().split()
        assert first[0].startswith("http://127.0.0.1:") and first[1:3] == ["join", "code"]
        url, code = first[0].split("#")[0], first[3]
        assert first[0].endswith(f"#{code}")
        key = process.stdout.readline().rsplit(" ", 1)[1].strip()
        process.stdout.readline()

        status, page = 0, None
        with urllib.request.urlopen(url, timeout=10) as response:
            status, page = response.status, response.read()
        assert status == 200 and b"Join the workshop" in page
        assert _http(url + "api/people", {"code": "WRONG9"})[0] == 403
        # Another name for this server (a page rebinding its own name to it) is refused.
        port = url.split(":")[2].rstrip("/")
        assert _http(f"http://localhost:{port}/api/people", {"code": code})[0] == 403
        status, joined = _http(
            url + "api/join", {"code": code, "participant": ws.participants[2].id}
        )
        token = {"Authorization": f"Bearer {joined['token']}"}
        fkey = {"X-Facilitator-Key": key}
        _, opened = _http(
            url + "api/facilitator/open", {"need": ws.needs[1].id, "criteria": ["urgency"]}, **fkey
        )
        assert (
            _http(url + "api/rate", {"round": opened["round"], "ratings": {"urgency": 8}}, **token)[
                0
            ]
            == 200
        )
        assert process.stdout.readline().strip() == f"{ws.participants[2].name} joined."
        assert process.stdout.readline().strip() == f"{ws.participants[2].name} answered."
        assert _http(url + "api/facilitator/reveal", {}, **fkey)[0] == 200
        assert (
            _http(url + "api/facilitator/adopt", {"criterion": "urgency", "value": 8}, **fkey)[0]
            == 200
        )
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "invitation has ended" in out and err == ""
    library = Library(db_path)
    try:
        assert library.workshop(workshop_id).needs[1].assessment.urgency == 8
        (done,) = rounds.rounds_of(library, workshop_id)
        assert done.ratings == {"urgency": {ws.participants[2].id: 8}}
    finally:
        library.close()


def test_serve_refuses_to_listen_on_every_network(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop_app.cli import main

    library = Library(db_path)
    workshop_id = library.add_workshop(demo_workshop())
    library.close()
    assert main(["--db", str(db_path), "serve", workshop_id, "--host", "0.0.0.0"]) == 1
    assert "never on all of them" in capsys.readouterr().err
    assert main(["--db", str(db_path), "serve", workshop_id, "--host", "example.org"]) == 1
    assert "not a network address" in capsys.readouterr().err


def _many_participants(count: int) -> m.Workshop:
    ws = demo_workshop()
    ws.participants = [m.Participant(f"Participant {n:02d}", "Sales") for n in range(count)]
    ws.participants[0].decision_maker = True
    return ws


def test_fifty_participants_rate_at_once_and_every_rating_is_stored_once(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    workshop_id = library.add_workshop(_many_participants(50))
    ws = library.workshop(workshop_id)
    room = Room(library, workshop_id)
    server = RoomServer(room)
    url = server.start().url
    try:
        round_id = room.open_round(ws.needs[0].id, ["value", "effort"])

        async def main() -> list[float]:
            async with aiohttp.ClientSession() as session:

                async def join(person: m.Participant) -> str:
                    async with session.post(
                        url + "api/join",
                        json={"code": room.invitation.code, "participant": person.id},
                    ) as response:
                        assert response.status == 200
                        return str((await response.json())["token"])

                tokens = await asyncio.gather(*(join(p) for p in ws.participants))

                async def rate(index: int, token: str) -> float:
                    start = time.perf_counter()
                    async with session.post(
                        url + "api/rate",
                        json={"round": round_id, "ratings": {"value": 1 + index % 10, "effort": 5}},
                        headers={"Authorization": f"Bearer {token}"},
                    ) as response:
                        assert response.status == 200, await response.text()
                    return time.perf_counter() - start

                async def poll(token: str) -> None:  # devices keep asking what to show
                    async with session.get(
                        url + "api/state", headers={"Authorization": f"Bearer {token}"}
                    ) as response:
                        assert response.status == 200

                timed = await asyncio.gather(
                    *(rate(i, t) for i, t in enumerate(tokens)), *(poll(t) for t in tokens)
                )
                return [t for t in timed if t is not None]

        times = asyncio.run(main())
    finally:
        server.stop()
    view = rounds.round_view(library, round_id)
    assert view.ratings["value"] == {p.id: 1 + i % 10 for i, p in enumerate(ws.participants)}
    assert len(view.ratings["effort"]) == 50
    connection = sqlite3.connect(library.path)
    try:
        (rows,) = connection.execute(
            "SELECT COUNT(*) FROM rating WHERE round_id = ?", (round_id,)
        ).fetchone()
    finally:
        connection.close()
    assert rows == 100  # 50 people × 2 criteria, each stored once
    logged = [e for e in library.audit_log(workshop_id) if e.action == "rate"]
    assert len(logged) == 50 and len({e.actor for e in logged}) == 50  # once each, by name
    p95 = statistics.quantiles(times, n=20)[-1]
    with capsys.disabled():
        print(
            f"\n50 participants rating at once: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, slowest {max(times) * 1000:.0f} ms"
        )
