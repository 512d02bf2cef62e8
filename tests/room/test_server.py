"""The participant server through aiohttp's test client: joining, rating, reveal, adoption,
sign-off, and every refusal with its status and sentence."""

from __future__ import annotations

import json

from aiohttp.test_utils import TestClient

from tests.room.conftest import join, with_client
from workshop_app.core.model import Status
from workshop_app.services.room.room import Room
from workshop_app.services.room.server import Limits
from workshop_app.storage import rounds


def test_the_page_is_served_with_everything_it_needs_and_nothing_from_elsewhere(
    room: Room,
) -> None:
    async def scenario(client: TestClient) -> None:
        page = await client.get("/")
        html = await page.text()
        assert page.status == 200 and page.content_type == "text/html"
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["Server"] == "Workshop App"
        for asset in ("/app.js", "/app.css"):
            assert asset in html
            response = await client.get(asset)
            assert response.status == 200
            text = await response.text()
            assert "http://" not in text and "https://" not in text
        assert "http" not in html.replace("http-equiv", "")
        assert (await client.get("/nothing")).status == 404

    with_client(room, scenario)


def test_a_participant_joins_rates_sees_the_reveal_and_signs(room: Room) -> None:
    ws, _ = room.snapshot()
    need = ws.needs[0]

    async def scenario(client: TestClient) -> None:
        people = await client.post("/api/people", json={"code": room.invitation.code.lower()})
        listed = await people.json()
        assert listed["workshop"] == ws.title
        assert [p["name"] for p in listed["people"]] == [p.name for p in ws.participants]
        maria = await join(client, room, 0)
        tom = await join(client, room, 1)
        state = await (await client.get("/api/state", headers=maria)).json()
        assert state["you"]["name"] == ws.participants[0].name
        assert state["round"] is None and state["signoff"] is None

        round_id = room.open_round(need.id, ["value", "effort"], anonymous=False)
        state = await (await client.get("/api/state", headers=maria)).json()
        assert state["round"]["need"]["statement"] == need.statement
        assert [c["key"] for c in state["round"]["criteria"]] == ["value", "effort"]
        rated = await client.post(
            "/api/rate",
            json={"round": round_id, "ratings": {"value": 9, "effort": 3}},
            headers=maria,
        )
        assert rated.status == 200
        await client.post(
            "/api/rate", json={"round": round_id, "ratings": {"value": 4, "effort": 3}}, headers=tom
        )
        assert room.overview()["round"]["answered"] == sorted(
            [ws.participants[0].id, ws.participants[1].id]
        )
        # Before the reveal a device sees only its own answers.
        state = await (await client.get("/api/state", headers=tom)).json()
        assert state["round"]["mine"] == {"value": 4, "effort": 3}
        assert state["round"]["spread"] is None

        room.reveal()
        state = await (await client.get("/api/state", headers=tom)).json()
        value = state["round"]["spread"][0]
        assert (value["median"], value["low"], value["high"], value["disputed"]) == (
            6.5,
            4,
            9,
            True,
        )
        assert {a["name"] for a in value["answers"]} == {p.name for p in ws.participants[:2]}
        room.adopt("value", 7)
        assert room.library.workshop(ws.id).need(need.id).assessment.value == 7  # type: ignore[union-attr]

        room.set_signoff_open(True)
        state = await (await client.get("/api/state", headers=maria)).json()
        assert state["signoff"]["ready"] and not state["signoff"]["signed"]
        assert len(state["signoff"]["decisions"]) == len(ws.requests)
        for index, headers in ((0, maria), (1, tom)):
            name = ws.participants[index].name
            signed = await client.post(
                "/api/sign",
                json={"typed_name": name, "stance": "agree", "drawing": "10,10 500,500"},
                headers=headers,
            )
            assert signed.status == 200, await signed.text()
        state = await (await client.get("/api/state", headers=maria)).json()
        assert state["signoff"]["signed"]

    with_client(room, scenario)
    after = room.library.workshop(ws.id)
    assert [s.participant_id for s in after.signatures] == [p.id for p in ws.participants[:2]]
    assert after.signatures[0].drawing == "10,10 500,500"
    assert after.status is not Status.SIGNED_OFF  # the third decision-maker has not signed


def test_refusals(room: Room) -> None:
    ws, _ = room.snapshot()

    async def scenario(client: TestClient) -> None:
        async def status(method: str, path: str, **kwargs: object) -> tuple[int, str]:
            response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
            return response.status, (await response.json())["error"]

        code = room.invitation.code
        wrong = "A" * 6 if code != "A" * 6 else "C" * 6
        assert (await status("POST", "/api/people", json={"code": wrong}))[0] == 403
        assert (
            await status(
                "POST", "/api/join", json={"code": wrong, "participant": ws.participants[0].id}
            )
        )[0] == 403
        assert (await status("GET", "/api/state"))[0] == 403
        assert (await status("GET", "/api/state", headers={"Authorization": "Bearer nope"}))[
            0
        ] == 403
        assert (await status("POST", "/api/join", json={"code": code, "participant": "nobody"}))[
            0
        ] == 404
        maria = await join(client, room, 0)
        taken = await status(
            "POST", "/api/join", json={"code": code, "participant": ws.participants[0].id}
        )
        assert taken[0] == 409 and "already joined" in taken[1]

        # A need that is not open: no round at all, then a round that was closed.
        assert (
            await status(
                "POST", "/api/rate", json={"round": "x", "ratings": {"value": 1}}, headers=maria
            )
        )[0] == 404
        first = room.open_round(ws.needs[0].id, ["value"])
        room.open_round(ws.needs[1].id, ["value"])
        refused = await status(
            "POST", "/api/rate", json={"round": first, "ratings": {"value": 5}}, headers=maria
        )
        assert refused[0] == 409 and "no longer open" in refused[1]
        assert (await status("POST", "/api/sign", json={"typed_name": "x"}, headers=maria))[
            0
        ] == 409
        # Values that do not fit, bodies that are not JSON objects, bodies too large.
        live = room.overview()["round"]["id"]
        assert (
            await status(
                "POST", "/api/rate", json={"round": live, "ratings": {"value": 99}}, headers=maria
            )
        )[0] == 400
        assert (await status("POST", "/api/rate", data=b"not json", headers=maria))[0] == 400
        assert (await status("POST", "/api/rate", json=[1, 2], headers=maria))[0] == 400
        big = {"round": live, "ratings": {"value": 5}, "pad": "x" * 10_000}
        assert (await status("POST", "/api/rate", json=big, headers=maria))[0] == 413
        huge = {"typed_name": "x", "drawing": "1,1 " * 100_000}
        assert (await status("POST", "/api/sign", json=huge, headers=maria))[0] == 413
        # The facilitator's calls need the facilitator's key.
        assert (await status("POST", "/api/facilitator/reveal", json={}))[0] == 403
        assert (
            await status(
                "POST", "/api/facilitator/reveal", json={}, headers={"X-Facilitator-Key": "guess"}
            )
        )[0] == 403

        # The invitation ends: the token and the code stop working at once.
        room.end()
        replay = await status("GET", "/api/state", headers=maria)
        assert replay[0] == 403 and "ended" in replay[1]
        assert (
            await status(
                "POST", "/api/rate", json={"round": live, "ratings": {"value": 5}}, headers=maria
            )
        )[0] == 403
        assert (await status("POST", "/api/people", json={"code": code}))[0] == 403

    with_client(room, scenario)
    assert rounds.rounds_of(room.library, ws.id)[1].ratings == {}


def test_a_token_of_an_earlier_invitation_is_refused_by_the_next(room: Room) -> None:
    async def first(client: TestClient) -> dict[str, str]:
        return await join(client, room, 0)

    old = with_client(room, first)
    room.end()
    again = Room(room.library, room.workshop_id)
    assert again.invitation.code != room.invitation.code or again.invitation.tokens == {}

    async def second(client: TestClient) -> None:
        response = await client.get("/api/state", headers=old)
        assert response.status == 403

    with_client(again, second)


def test_wrong_codes_and_floods_are_slowed(room: Room) -> None:
    limits = Limits(per_token=1, token_burst=3, wrong_codes_per_minute=3)

    async def scenario(client: TestClient) -> None:
        codes = [
            (await client.post("/api/people", json={"code": "WRONG1"})).status for _ in range(5)
        ]
        assert codes == [403, 403, 403, 429, 429]
        # Even the right code waits now: guessing cannot be sped up by mixing in good tries.
        assert (await client.post("/api/people", json={"code": room.invitation.code})).status == 429

    with_client(room, scenario, limits)

    async def polls(client: TestClient) -> None:
        maria = await join(client, room, 0)
        statuses = [(await client.get("/api/state", headers=maria)).status for _ in range(6)]
        assert statuses[:3] == [200, 200, 200] and 429 in statuses

    with_client(room, polls, limits)


def test_the_facilitator_drives_a_round_over_http_with_the_key(room: Room) -> None:
    ws, _ = room.snapshot()
    key = {"X-Facilitator-Key": room.invitation.facilitator_key}

    async def scenario(client: TestClient) -> None:
        maria = await join(client, room, 0)
        opened = await client.post(
            "/api/facilitator/open",
            json={"need": ws.needs[0].id, "criteria": ["risk"]},
            headers=key,
        )
        round_id = (await opened.json())["round"]
        await client.post(
            "/api/rate", json={"round": round_id, "ratings": {"risk": 4}}, headers=maria
        )
        overview = await (await client.get("/api/facilitator/overview", headers=key)).json()
        assert overview["joined"] == [ws.participants[0].id]
        assert overview["round"]["answered"] == [ws.participants[0].id]
        spread = await (await client.post("/api/facilitator/reveal", json={}, headers=key)).json()
        assert spread["spread"][0]["median"] == 4.0
        adopted = await client.post(
            "/api/facilitator/adopt", json={"criterion": "risk", "value": 4}, headers=key
        )
        assert (await adopted.json())["value"] == 4

    with_client(room, scenario)
    assert room.library.workshop(ws.id).needs[0].assessment.risk == 4


def test_whatever_a_device_sends_it_gets_a_sentence_never_a_failure(room: Room) -> None:
    ws, _ = room.snapshot()
    round_id = room.open_round(ws.needs[0].id, ["value"])
    bodies: list[bytes] = [
        b"",
        b"\xff\xfe",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"round": 1' + b"0" * 5000 + b"}",
        b'{"round": null, "ratings": null}',
        b'{"round": [], "ratings": []}',
        b'{"round": {}, "ratings": {"value": "7"}}',
        json.dumps({"round": round_id, "ratings": {"value": 10**400}}).encode(),
        json.dumps({"round": round_id, "ratings": {"\u202evalue": 3, "<b>": 1}}).encode(),
        json.dumps({"round": round_id, "ratings": {"value": 3.5}}).encode(),
        json.dumps({"code": ["A"], "participant": {"id": 1}}).encode(),
        json.dumps({"typed_name": 5, "stance": [], "note": {}, "drawing": 7}).encode(),
        json.dumps({"typed_name": "x", "drawing": "1,1 " + "9" * 5000}).encode(),
    ]

    async def scenario(client: TestClient) -> None:
        maria = await join(client, room, 0)
        room.set_signoff_open(True)
        for path in ("/api/people", "/api/join", "/api/rate", "/api/sign"):
            for body in bodies:
                response = await client.post(
                    path, data=body, headers={**maria, "Content-Type": "application/json"}
                )
                assert response.status in {400, 403, 404, 409, 413, 429}, (path, body[:40])
                assert "error" in await response.json()

    with_client(
        room,
        scenario,
        Limits(per_token=1000, token_burst=1000, address_burst=1000, wrong_codes_per_minute=1000),
    )
    assert rounds.round_view(room.library, round_id).ratings == {}
