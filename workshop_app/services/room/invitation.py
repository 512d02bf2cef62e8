"""The secrets of one invitation and the limits that keep guessing them slow.

A join code is short enough to type from the wall (six characters from an alphabet without
look-alikes, about 28 bits) and fresh each time the room is invited; it only lets a device see
the participant list and pick a name. Picking a name gives that device a token of its own (256
random bits), which every later request carries; the token is bound to one participant and dies
with the invitation. Guessing the code is held to a few wrong tries a minute per address.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workshop_app.core.errors import UserError

#: No 0/O, 1/I/L, 5/S, 2/Z, 8/B: the code is read off a wall and typed on a phone.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


class ForbiddenError(UserError):
    """A wrong join code or token, or an invitation that has ended (HTTP 403)."""


class TooManyError(UserError):
    """Too many requests from one device or address (HTTP 429)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: str) -> str:
    """The code as typed, forgiving case, spaces and dashes."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


class Bucket:
    """Token buckets by key: `rate` requests a second on average, bursts up to `burst`."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self._clock = rate, burst, clock
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def peek(self, key: str) -> bool:
        """Whether `key` may make a request now, without spending one."""
        now = self._clock()
        with self._lock:
            tokens, last = self._state.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - last) * self.rate) >= 1

    def take(self, key: str) -> bool:
        """Spend one request for `key`; False when its bucket is empty."""
        now = self._clock()
        with self._lock:
            if len(self._state) > 10_000:  # forget the idle, so memory stays bounded
                self._state = {
                    k: v for k, v in self._state.items() if now - v[1] < self.burst / self.rate
                }
            tokens, last = self._state.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._state[key] = (tokens, now)
                return False
            self._state[key] = (tokens - 1, now)
            return True


@dataclass
class Invitation:
    """One invitation of the room: its code, the devices that joined, whether it has ended."""

    code: str = field(default_factory=new_code)
    #: Lets `workshop-app serve` be driven by a script (the facilitator's calls over HTTP).
    facilitator_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    ended: bool = False
    #: token → participant id
    tokens: dict[str, str] = field(default_factory=dict)

    def check_code(self, typed: object) -> None:
        self.check_open()
        if not isinstance(typed, str) or not hmac.compare_digest(
            normal_code(typed).encode(), self.code.encode()
        ):
            raise ForbiddenError("That join code is not right. Check the code on the wall.")

    def check_open(self) -> None:
        if self.ended:
            raise ForbiddenError("The facilitator has ended this invitation.")

    def participant_of(self, token: str) -> str:
        """The participant a token belongs to, or ForbiddenError."""
        self.check_open()
        for known, participant_id in self.tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return participant_id
        raise ForbiddenError("This device is not joined to the room. Join again with the code.")

    def token_for(self, participant_id: str) -> str:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = participant_id
        return token

    def holder(self, participant_id: str) -> str | None:
        """The token of the device that joined as this participant, if any."""
        return next((t for t, p in self.tokens.items() if p == participant_id), None)

    def release(self, participant_id: str) -> None:
        """Let the participant join again from another device (a phone that ran flat)."""
        self.tokens = {t: p for t, p in self.tokens.items() if p != participant_id}

    def end(self) -> None:
        self.ended = True
        self.tokens.clear()
