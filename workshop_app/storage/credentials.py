"""A team library's password: in the system keyring, or asked each time and kept in memory.

Service "Workshop App", key ``user@host:port/database`` (TeamLibrary.key). The password never
goes into settings, logs, titles or recent lists; the engine hands it to libpq as its own
``password`` connection parameter (`connect_args`).

Where the system has no keyring (a headless Linux session without Secret Service, say) every
function here degrades to "not kept": nothing raises; `keyring_problem` says so in one sentence
so the window can tell the person once and offer to ask each time.
"""

from __future__ import annotations

import logging
from typing import Any

from workshop_app.storage.location import is_team_url
from workshop_app.storage.team import TeamLibrary, parse

SERVICE = "Workshop App"

#: Passwords typed this run for libraries whose password is asked each time (never on disk).
_typed: dict[str, str] = {}

log = logging.getLogger(__name__)

NO_KEYRING = (
    "This computer has no system keyring, so the password cannot be remembered; "
    "Workshop App will ask for it each time you connect."
)


def _keyring() -> Any:
    import keyring

    return keyring


def keyring_problem() -> str | None:
    """One sentence when passwords cannot be remembered here, else None."""
    try:
        backend = _keyring().get_keyring()
        priority = float(getattr(backend, "priority", 0))
    except Exception:  # a broken backend is as good as none
        return NO_KEYRING
    if priority <= 0:  # keyring's "fail" backend, or a chainer with nothing in it
        return NO_KEYRING
    return None


def saved_password(library: TeamLibrary) -> str | None:
    """The password remembered for this library (this run's typed one first), or None."""
    typed = _typed.get(library.key())
    if typed is not None:
        return typed
    try:
        found = _keyring().get_password(SERVICE, library.key())
    except Exception as exc:  # keyring.errors.KeyringError and backend failures alike
        log.info("The keyring could not be read: %s", type(exc).__name__)
        return None
    return found if isinstance(found, str) else None


def remember(library: TeamLibrary, password: str, *, in_keyring: bool) -> str | None:
    """Keep the password for connecting: in the keyring when asked (and possible), always in
    memory for this run. Returns a sentence when the keyring could not take it, else None."""
    _typed[library.key()] = password
    if not in_keyring:
        forget(library, keep_typed=True)
        return None
    problem = keyring_problem()
    if problem is not None:
        return problem
    try:
        _keyring().set_password(SERVICE, library.key(), password)
    except Exception as exc:
        log.info("The keyring refused the password: %s", type(exc).__name__)
        return NO_KEYRING
    return None


def forget(library: TeamLibrary, *, keep_typed: bool = False) -> None:
    """Take the library's password out of the keyring (and out of memory unless `keep_typed`)."""
    if not keep_typed:
        _typed.pop(library.key(), None)
    try:
        _keyring().delete_password(SERVICE, library.key())
    except Exception:  # nothing there, or no keyring: nothing to forget either way
        return


def password_for(url: str) -> str | None:
    """The password to connect to the library at `url` with, or None (the engine then connects
    without one: trust, a client certificate, or ~/.pgpass)."""
    if not is_team_url(url):
        return None
    try:
        library, in_url = parse(url)
    except Exception:
        return None
    return in_url if in_url is not None else saved_password(library)


def connect_args(url: str) -> dict[str, str]:
    """What the engine adds to libpq's connection parameters: the password, when there is one."""
    password = password_for(url)
    return {} if password is None else {"password": password}


def clear_typed() -> None:
    """Forget this run's typed passwords (tests; switching back to the own library)."""
    _typed.clear()
