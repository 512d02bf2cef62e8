"""Reaching a team library's server before switching to it: one try with libpq (psycopg), and
what went wrong in one sentence the person at the keyboard can act on.

The password is handed to libpq as its own parameter, never in the URL; nothing here logs it,
and every message passes through `team.redact` in case libpq quotes a connection string.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workshop_app.core.errors import UserError
from workshop_app.storage import access
from workshop_app.storage.team import TeamLibrary, Tls, redact

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
        raise ConnectionRefusedByServerError(explain(str(exc), library, secret=password)) from None


def explain(message: str, library: TeamLibrary, *, secret: str | None = None) -> str:
    """libpq's error text as one sentence for the person at the keyboard."""
    text = redact(message, secret=secret).lower()
    where = f"{library.host}:{library.port}"
    if "password authentication failed" in text or "authentication failed" in text:
        return (
            f"The server did not accept the user name “{library.user}” with that password. "
            "Check both, or ask the library's administrator."
        )
    if "no password supplied" in text or "password is required" in text:
        return "The server asks for a password: type it in the password field."
    if "does not exist" in text and "database" in text:
        return f"The server at {where} has no database named “{library.database}”."
    if "role" in text and "does not exist" in text:
        return f"The server at {where} has no user named “{library.user}”."
    if "could not translate host name" in text or "name or service not known" in text:
        return f"No server named “{library.host}” was found. Check the name and the network."
    if "root certificate file" in text or "sslrootcert" in text:
        return "The CA certificate file cannot be read. Choose the file your administrator gave."
    if "certificate verify failed" in text or ("certificate" in text and "verif" in text):
        return (
            "The server's certificate was not signed by that CA certificate, so the connection "
            "was not trusted. Check the CA file with your administrator."
        )
    if "does not match host name" in text or "server certificate for" in text:
        return (
            f"The server's certificate is not made out to “{library.host}”. Use the name it "
            "is made out to, or ask your administrator."
        )
    if "server does not support ssl" in text or "ssl was required" in text:
        return (
            "The server does not offer an encrypted connection. Choose TLS “Off” only if "
            "your administrator agrees, or ask them to enable TLS."
        )
    if "pg_hba.conf" in text and ("no encryption" in text or "ssl off" in text):
        return "The server only accepts encrypted connections: choose a TLS setting."
    if "pg_hba.conf" in text:
        return (
            f"The server at {where} does not let this user in from this computer. "
            "Ask the library's administrator to allow it."
        )
    if "timeout" in text or "timed out" in text:
        return f"The server at {where} did not answer in time. Check the name, port and network."
    if "connection refused" in text or "could not connect" in text or "no route" in text:
        return f"Nothing answers at {where}. Check the server name and port, and the network."
    if library.tls is Tls.VERIFY_FULL and "ssl" in text:
        return "The encrypted connection could not be set up. Check the CA certificate file."
    return f"The team library at {where} could not be opened. Check the details and try again."
