"""The participant server: an aiohttp application over a `Room`.

Serves the participant page (bundled in resources/room/, nothing fetched from elsewhere) and a
small JSON API. Refusals, each with one sentence the page shows:

- 403 a wrong join code, a missing or unknown token, a token of an ended invitation, or a wrong
  facilitator key;
- 404 a name, round or page that is not there; 409 a name taken, a round not open, a revision
  signed off; 400 a value that does not fit;
- 413 a body over its limit (a few KiB; a drawn signature may take more);
- 429 too many requests from one device, or too many wrong codes from one address.

Database work runs on one worker thread, so the event loop never waits for a write and writes
never compete with each other for the file.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from aiohttp import web

from workshop_app import paths
from workshop_app.core.errors import LockedError, NotFoundError, UserError
from workshop_app.services.room.invitation import Bucket, ForbiddenError, TooManyError
from workshop_app.services.room.room import Room, TakenError
from workshop_app.storage.rounds import RoundNotOpenError

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Largest body of an ordinary request, and of a signature with its drawing.
SMALL_BODY = 8 * 1024
SIGNATURE_BODY = 256 * 1024
_PAGES = {"/": "index.html", "/app.js": "app.js", "/app.css": "app.css"}
_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Server": "Workshop App",  # not the library versions
}
_STATUS: list[tuple[type[BaseException], int]] = [
    (ForbiddenError, 403),
    (TooManyError, 429),
    (NotFoundError, 404),
    (TakenError, 409),
    (RoundNotOpenError, 409),
    (LockedError, 409),
    (UserError, 400),
]


@dataclass(frozen=True)
class Limits:
    """Requests per second (and burst) per device token and per address, and wrong codes."""

    per_token: float = 10.0
    token_burst: float = 40.0
    per_address: float = 60.0
    address_burst: float = 400.0
    wrong_codes_per_minute: float = 10.0


def page_folder() -> Path:
    return paths.resources_dir() / "room"


class _RefusedError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def make_app(
    room: Room,
    *,
    limits: Limits | None = None,
    facilitator_api: bool = False,
    hosts: set[str] | None = None,
) -> web.Application:
    """The application for one invitation of the room. `hosts`: the only Host headers served
    (the address participants were given, as "host:port"), filled in once the socket is bound;
    any other name is refused, so a web page cannot rebind its own name to this server."""
    limits = limits or Limits()
    api = _Api(room, limits, facilitator_api)
    api.hosts = hosts
    app = web.Application(client_max_size=SIGNATURE_BODY, middlewares=[api.middleware])
    app.router.add_get("/", api.page)
    app.router.add_get("/app.js", api.page)
    app.router.add_get("/app.css", api.page)
    app.router.add_post("/api/people", api.people)
    app.router.add_post("/api/join", api.join)
    app.router.add_get("/api/state", api.state)
    app.router.add_post("/api/rate", api.rate)
    app.router.add_post("/api/sign", api.sign)
    app.router.add_route("*", "/api/facilitator/{action}", api.facilitator)
    app.on_cleanup.append(api.cleanup)
    return app


class _Api:
    def __init__(self, room: Room, limits: Limits, facilitator_api: bool) -> None:
        self.room = room
        self.limits = limits
        self.facilitator_api = facilitator_api
        self._by_token = Bucket(limits.per_token, limits.token_burst)
        self._by_address = Bucket(limits.per_address, limits.address_burst)
        self._wrong_codes = Bucket(
            limits.wrong_codes_per_minute / 60, limits.wrong_codes_per_minute
        )
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="room-db")
        self._files: dict[str, bytes] = {}
        self.hosts: set[str] | None = None
        self._answers: list[tuple[tuple[str, Any, Any], asyncio.Future[UserError | None]]] = []
        self._storing = False

    async def cleanup(self, _app: web.Application) -> None:
        self._worker.shutdown(wait=True)

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._worker, partial(fn, *args))

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            if self.hosts is not None and request.host.lower() not in self.hosts:
                raise ForbiddenError("Open the address shown on the wall.")
            if not self._by_address.take(request.remote or ""):
                raise TooManyError("Too many requests from this device; wait a moment.")
            response = await handler(request)
        except _RefusedError as exc:
            response = _error(exc.status, exc.message)
        except web.HTTPRequestEntityTooLarge:
            response = _error(413, "That is more than the room accepts in one go.")
        except web.HTTPException as exc:
            response = _error(exc.status, exc.reason)
        except UserError as exc:
            status = next(code for kind, code in _STATUS if isinstance(exc, kind))
            response = _error(status, exc.message)
        except Exception:
            log.exception("The participant server failed on a request")
            response = _error(500, "Something went wrong on the facilitator's laptop; try again.")
        response.headers.update(_HEADERS)
        return response

    # -- the page --------------------------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        name = _PAGES[request.path]
        if name not in self._files:
            self._files[name] = (page_folder() / name).read_bytes()
        return web.Response(
            body=self._files[name],
            content_type=_TYPES[Path(name).suffix],
            charset="utf-8",
        )

    # -- participants ------------------------------------------------------------------------------
    async def people(self, request: web.Request) -> web.Response:
        body = await _json(request, SMALL_BODY)
        return web.json_response(await self._with_code(request, self.room.people, body.get("code")))

    async def join(self, request: web.Request) -> web.Response:
        body = await _json(request, SMALL_BODY)
        token = await self._with_code(
            request, self.room.join, body.get("code"), body.get("participant")
        )
        return web.json_response({"token": token})

    async def _with_code(self, request: web.Request, fn: Callable[..., T], *args: Any) -> T:
        address = request.remote or ""
        if not self._wrong_codes.peek(address):
            raise TooManyError(
                "Too many wrong codes from this device; wait a minute and try again."
            )
        try:
            return await self._run(fn, *args)
        except ForbiddenError:
            self._wrong_codes.take(address)
            raise

    def _token(self, request: web.Request) -> str:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ForbiddenError("This device is not joined to the room. Join with the code.")
        token = token.strip()
        if not self._by_token.take(token):
            raise TooManyError("Too many requests from this device; wait a moment.")
        return token

    async def state(self, request: web.Request) -> web.Response:
        token = self._token(request)
        return web.json_response(await self._run(self.room.state, token))

    async def rate(self, request: web.Request) -> web.Response:
        token = self._token(request)
        body = await _json(request, SMALL_BODY)
        # Answers arriving together are stored together: one transaction (one wait for the
        # disk) for all that came in while the previous batch was being written.
        done: asyncio.Future[UserError | None] = asyncio.get_running_loop().create_future()
        self._answers.append(((token, body.get("round"), body.get("ratings")), done))
        if len(self._answers) == 1 and not self._storing:
            self._storing = True
            asyncio.get_running_loop().create_task(self._store_answers())
        failure = await done
        if failure is not None:
            raise failure
        return web.json_response({"ok": True})

    async def _store_answers(self) -> None:
        try:
            while self._answers:
                batch, self._answers = self._answers, []
                try:
                    results = await self._run(self.room.rate_many, [a for a, _ in batch])
                except Exception as exc:
                    for _, done in batch:
                        done.set_exception(exc)
                    continue
                for (_, done), failure in zip(batch, results, strict=True):
                    done.set_result(failure)
        finally:
            self._storing = False

    async def sign(self, request: web.Request) -> web.Response:
        token = self._token(request)
        body = await _json(request, SIGNATURE_BODY)
        signature = await self._run(self.room.sign, token, body)
        return web.json_response({"ok": True, "signed_at": signature.signed_at})

    # -- the facilitator, for `workshop-app serve` driven by a script ---------------------------
    async def facilitator(self, request: web.Request) -> web.Response:
        key = request.headers.get("X-Facilitator-Key", "")
        if not self.facilitator_api or not _same(key, self.room.invitation.facilitator_key):
            raise ForbiddenError("Only the facilitator can do that.")
        action = request.match_info["action"]
        body = await _json(request, SMALL_BODY) if request.method == "POST" else {}
        room = self.room
        calls: dict[str, Callable[[], Any]] = {
            "overview": room.overview,
            "open": lambda: {
                "round": room.open_round(
                    str(body.get("need", "")),
                    body.get("criteria", []),
                    anonymous=bool(body.get("anonymous", True)),
                )
            },
            "reveal": lambda: {"spread": [asdict(s) for s in room.reveal()]},
            "adopt": lambda: room.adopt(str(body.get("criterion", "")), body.get("value", -1)),
            "close": room.close_round,
            "signoff": lambda: room.set_signoff_open(bool(body.get("open", True))),
            "release": lambda: room.release(str(body.get("participant", ""))),
            "end": room.end,
        }
        if action not in calls:
            raise _RefusedError(404, "There is no such page.")
        result = await self._run(calls[action])
        return web.json_response(result if isinstance(result, dict) else {"ok": True})


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


async def _json(request: web.Request, limit: int) -> dict[str, Any]:
    """The request's JSON object, read no further than `limit` bytes (413 beyond it)."""
    if request.content_length is not None and request.content_length > limit:
        raise _RefusedError(413, "That is more than the room accepts in one go.")
    data = bytearray()
    async for chunk in request.content.iter_chunked(16 * 1024):
        data += chunk
        if len(data) > limit:
            raise _RefusedError(413, "That is more than the room accepts in one go.")
    try:
        body = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # not UTF-8, not JSON, too deep, a 5,000-digit number
        raise _RefusedError(400, "The request could not be read.") from None
    if not isinstance(body, dict):
        raise _RefusedError(400, "The request could not be read.")
    return body


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)
