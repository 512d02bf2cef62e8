"""Helpers for the room's tests: a room on a demo workshop, and an aiohttp test client."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from workshop_app.services.room.room import Room
from workshop_app.services.room.server import Limits, make_app
from workshop_app.storage.operations import Library


@pytest.fixture
def room(library: Library, demo_id: str) -> Iterator[Room]:
    yield Room(library, demo_id)


Scenario = Callable[[TestClient], Awaitable[Any]]


def with_client(room: Room, scenario: Scenario, limits: Limits | None = None) -> Any:
    """Run `scenario` against the room's application on an in-process test server."""

    async def main() -> Any:
        app = make_app(room, limits=limits, facilitator_api=True)
        async with TestClient(TestServer(app)) as client:
            return await scenario(client)

    return asyncio.run(main())


async def join(client: TestClient, room: Room, index: int) -> dict[str, str]:
    """Join as the index-th participant; returns the headers that carry the device's token."""
    ws, _ = room.snapshot()
    response = await client.post(
        "/api/join",
        json={"code": room.invitation.code, "participant": ws.participants[index].id},
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}
