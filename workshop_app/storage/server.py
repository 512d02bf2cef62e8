"""A team library's server: one try with libpq (psycopg) before switching to it, and every
failure a person can act on — reaching it, logging in, TLS, privileges, a connection lost
mid-edit — in one sentence (`explain`). The engine (storage/engines.py) says its failures
through the same function, so the dialog, the window and the command line speak alike.

The password is handed to libpq as its own parameter, never in the URL; nothing here logs it,
and every message passes through `team.redact` in case libpq quotes a connection string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from workshop_app.core.errors import UserError
from workshop_app.storage import access
from workshop_app.storage.team import TeamLibrary, redact

CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class Reached:
    """What one connection learnt: who the server says we are, and whether we may edit."""

    role: str
    writable: bool


class ConnectionRefusedByServerError(UserError):
    """The server could not be reached or refused us, in one sentence."""


def try_connect(library: TeamLibrary, password: str | None) -> Reached:
    """Connect once, ask who we are and whether we may write, and disconnect."""
    import psycopg

    params: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if password:
        params["password"] = password
    try:
        with psycopg.connect(library.url(), **params) as connection:
            return Reached(access.role_name(connection), access.may_write_postgresql(connection))
    except psycopg.Error as exc:
        where = _place(library.url())[0]
        message = explain(exc, library.url(), secret=password, writing=False) or (
            f"The team library at {where} could not be opened. Check the details and try again."
        )
        raise ConnectionRefusedByServerError(message) from None


def _place(url: str) -> tuple[str, str, str, str]:
    """Where the server is (host or socket folder, with the port when the address gives one),
    the user and the database an address names: what a sentence about it may say."""
    try:
        parts = urlsplit(redact(url))
        port: int | str | None = parts.port
    except ValueError:
        return "the given address", "", "", ""
    query = dict(parse_qsl(parts.query))
    host = parts.hostname or query.get("host") or "localhost"
    port = port or query.get("port")
    user = unquote(parts.username or "")
    return (f"{host}:{port}" if port else host), user, unquote(parts.path.lstrip("/")), host


def explain(
    error: BaseException, url: str, *, secret: str | None = None, writing: bool = True
) -> str | None:
    """One sentence for a team library's failure a person can act on, or None (a bug).
    `error`: psycopg's, or SQLAlchemy's wrapping of it; `url`: the library's address."""
    original = getattr(error, "orig", None) or error
    code = str(getattr(original, "sqlstate", None) or "")
    text = redact(str(original), secret=secret).lower()
    where, user, database, host = _place(url)
    if "no password supplied" in text or "password is required" in text:
        return (
            f"The server at {where} asks for the password of “{user}”: give it in File → "
            "Connect to a team library…, which can keep it in the system keyring."
        )
    if code == "3D000" or ("does not exist" in text and "database" in text):
        return (
            f"The server at {where} has no database named “{database}”. Check the name, or "
            "ask the library's administrator to create it."
        )
    if "role" in text and "does not exist" in text:
        return f"The server at {where} has no user named “{user}”."
    if code == "28P01" or "authentication failed" in text:
        return (
            f"The server at {where} did not accept the user name “{user}” with that password. "
            "Check both, or ask the library's administrator."
        )
    if "could not translate host name" in text or "name or service not known" in text:
        return f"No server named “{host}” was found. Check the name and the network."
    tls = _tls_problem(text, where)
    if tls is not None:
        return tls
    if "pg_hba.conf" in text:
        return (
            f"The server at {where} does not let “{user}” in from this computer. Ask the "
            "library's administrator to allow it."
        )
    if code == "42501" or "permission denied" in text:
        return (
            "Your account on the team library server may not do this. Ask the library's "
            "administrator for the access you need."
        )
    if "timeout" in text or "timed out" in text:
        return f"The server at {where} did not answer in time. Check the name, port and network."
    if "connection refused" in text or "no route" in text or _never_connected(text):
        return f"Nothing answers at {where}. Check the server name and port, and the network."
    if code.startswith("08") or "connection" in text or "terminat" in text:
        outcome = " The change was not saved." if writing else ""
        return (
            "The connection to the team library server was lost." + outcome + " Check your "
            "network and try again."
        )
    if code.startswith("53"):  # insufficient resources: disk full, too many connections
        return (
            f"The server at {where} is out of resources (disk space or connections). Try "
            "again later, or tell the library's administrator."
        )
    return None


def _never_connected(text: str) -> bool:
    return "could not connect" in text or ("connection to server" in text and "failed" in text)


def _tls_problem(text: str, where: str) -> str | None:
    """TLS failures, each with what to do."""
    if "root certificate file" in text or "sslrootcert" in text:
        return (
            "No secure connection could be made: the CA certificate file cannot be read. "
            "Choose the file your administrator gave."
        )
    if "does not match host name" in text or "server certificate for" in text:
        return (
            f"No secure connection could be made: the server's certificate is not made out to "
            f"“{where}”. Use the name it is made out to, or ask your administrator."
        )
    if "certificate" in text and "verif" in text:
        return (
            f"No secure connection could be made to {where}: its certificate was not signed "
            "by that CA certificate. Check the CA file with your administrator."
        )
    if "server does not support ssl" in text or "ssl was required" in text:
        return (
            f"No secure connection could be made: the server at {where} does not offer one. "
            "Choose TLS “Off” only if your administrator agrees, or ask them to enable TLS."
        )
    if "pg_hba.conf" in text and ("no encryption" in text or "ssl off" in text):
        return "The server only accepts encrypted connections: choose a TLS setting."
    if "ssl" in text or "tls" in text:
        return (
            f"No secure connection could be made to {where}. Check the TLS setting and the "
            "CA certificate file, or ask your administrator."
        )
    return None
