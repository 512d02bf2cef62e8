"""Runs the participant server on its own thread and event loop.

The window and `workshop-app serve` both start it here: `start()` returns once the socket is
bound (so the address, with the port the system chose, can go on the wall), `stop()` closes
every connection and joins the thread within a second or so. A thread never stopped would hang
the app's exit, so the window stops it when the invitation ends, the workshop closes or the app
quits.
"""

from __future__ import annotations

import asyncio
import ipaddress
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop_app.core.errors import UserError

if TYPE_CHECKING:  # aiohttp is imported when the room is invited, never at start
    from workshop_app.services.room.room import Room
    from workshop_app.services.room.server import Limits


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


class RoomServer:
    """The participant server of one invitation, on a thread of its own."""

    def __init__(
        self,
        room: Room,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        limits: Limits | None = None,
        facilitator_api: bool = False,
    ) -> None:
        self.room = room
        self.host, self.port = _checked_host(host), port
        self.limits = limits
        self.facilitator_api = facilitator_api
        self.address: Address | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._stopped: asyncio.Event | None = None

    def start(self) -> Address:
        """Bind and serve; returns the address once participants can reach it."""
        self._thread = threading.Thread(target=self._main, name="room-server", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._failure is not None:
            self._thread.join()
            raise UserError(
                f"The room could not be invited on {self.host}, port {self.port}: "
                f"{_reason(self._failure)}. Choose another network or port."
            )
        assert self.address is not None
        return self.address

    def stop(self) -> None:
        """End the invitation and stop serving; safe to call more than once."""
        self.room.end()
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            stopped = self._stopped
            if stopped is not None:
                loop.call_soon_threadsafe(stopped.set)
            thread.join(timeout=10)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported by start(), or after stop()
            if not self._ready.is_set():
                self._failure = exc
        finally:
            self._ready.set()
            loop.close()

    async def _serve(self) -> None:
        from aiohttp import web

        from workshop_app.services.room.server import make_app

        self._stopped = asyncio.Event()
        hosts: set[str] = set()  # filled in below, once the port is known
        app = make_app(
            self.room, limits=self.limits, facilitator_api=self.facilitator_api, hosts=hosts
        )
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port, reuse_address=True)
            await site.start()
            bound = runner.addresses
            self.address = Address(self.host, int(bound[0][1]) if bound else self.port)
            hosts.add(self.address.url.split("/")[2].lower())
            self._ready.set()
            await self._stopped.wait()
        finally:
            await runner.cleanup()


def _checked_host(host: str) -> str:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise UserError(
            f"“{host[:60]}” is not a network address; give the address of one network "
            "interface, such as 192.168.1.20 or 127.0.0.1."
        ) from None
    if address.is_unspecified:
        raise UserError(
            "The room is only ever offered on one network, never on all of them at once; "
            "give the address of the network the participants are on."
        )
    return str(address)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return "the network refused it"
