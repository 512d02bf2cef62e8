"""A team library on a PostgreSQL server: where it is, as a URL that never carries a password.

The "Connect to a team library…" dialog, `--db` and the recent list all speak this one form:
``postgresql://user@host:port/database?sslmode=verify-full&sslrootcert=/path/ca.pem``. User
names, database names and certificate paths are percent-encoded, so any character (``@ : / %``,
accents, CJK) survives the round trip. The password is never part of it: it lives in the system
keyring (storage/credentials.py) and reaches libpq as its own connection parameter.

`redact` takes a password out of any text that might hold a URL or a libpq connection string
before that text reaches a log, an error message, a window title or a list.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from workshop_app.core.errors import UserError
from workshop_app.storage.location import is_team_url

DEFAULT_PORT = 5432


class Tls(enum.StrEnum):
    """How the connection is protected (libpq's sslmode, in three choices a person can make)."""

    OFF = "off"  # libpq's default: TLS when the server offers it, nothing checked
    REQUIRE = "require"  # always encrypted, the server's certificate not checked
    VERIFY_FULL = "verify-full"  # encrypted, certificate signed by the CA file, host name matches

    @property
    def label(self) -> str:
        return {
            Tls.OFF: "Off",
            Tls.REQUIRE: "Require encryption",
            Tls.VERIFY_FULL: "Verify the server (verify-full)",
        }[self]


class TeamAddressError(UserError):
    """A team library's address that cannot be used, in one sentence."""


@dataclass(frozen=True)
class TeamLibrary:
    """Where a team library is: everything needed to connect except the password."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    tls: Tls = Tls.OFF
    ca_file: str = ""

    def __post_init__(self) -> None:
        if not self.host.strip():
            raise TeamAddressError("Give the server's name or address.")
        if not self.database.strip():
            raise TeamAddressError("Give the name of the database on the server.")
        if not self.user.strip():
            raise TeamAddressError("Give your user name on the server.")
        if not 0 < self.port < 65536:
            raise TeamAddressError("The port is a number from 1 to 65535 (usually 5432).")
        if self.tls is Tls.VERIFY_FULL and not self.ca_file.strip():
            raise TeamAddressError(
                "Verifying the server needs its CA certificate file: choose it, or pick "
                "another TLS setting."
            )
        if self.socket:
            return  # a folder holding the server's unix socket, as libpq takes it
        if any(ch in self.host for ch in "/?#@ ") or self.host.count(":") == 1:
            raise TeamAddressError(
                "The server is a host name or address only; the port has its own field."
            )

    @property
    def socket(self) -> bool:
        """The server is on this computer, reached through the unix socket in this folder."""
        return self.host.startswith("/")

    def url(self) -> str:
        """The library's address, without any password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        query: dict[str, str] = {}
        if self.socket:  # libpq's form: the folder and the port as parameters
            host, query["host"] = "", self.host
            if self.port != DEFAULT_PORT:
                query["port"] = str(self.port)
        if self.tls is not Tls.OFF:
            query["sslmode"] = self.tls.value
        if self.tls is Tls.VERIFY_FULL:
            query["sslrootcert"] = self.ca_file
        tail = f"?{urlencode(query, quote_via=quote, safe='/')}" if query else ""
        port = "" if self.socket else f":{self.port}"
        return (
            f"postgresql://{quote(self.user, safe='')}@{host}{port}/"
            f"{quote(self.database, safe='')}{tail}"
        )

    def key(self) -> str:
        """The name its password is kept under in the keyring: user@host:port/database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def __str__(self) -> str:
        return self.url()


def parse(url: str) -> tuple[TeamLibrary, str | None]:
    """The library a URL names, and the password it carried (None when it had none: the usual
    case). A password found here must go to the keyring, never back into a URL."""
    if not is_team_url(url):
        raise TeamAddressError("A team library's address begins with postgresql://.")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise TeamAddressError(
            "That address is not a valid postgresql:// address; check the port."
        ) from exc
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    mode = query.get("sslmode", "")
    tls = {"require": Tls.REQUIRE, "verify-full": Tls.VERIFY_FULL}.get(mode, Tls.OFF)
    if mode in ("verify-ca",):
        tls = Tls.VERIFY_FULL
    user = unquote(parts.username or "")
    password = unquote(parts.password) if parts.password is not None else None
    database = unquote(parts.path.lstrip("/"))
    if not parts.hostname and query.get("port", "").isdigit():
        port = int(query["port"])  # a unix socket's server: the port comes as a parameter
    library = TeamLibrary(
        host=parts.hostname or query.get("host", ""),
        database=database,
        user=user,
        port=port or DEFAULT_PORT,
        tls=tls,
        ca_file=query.get("sslrootcert", ""),
    )
    return library, password


_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*):(?P<secret>[^\s/]*)@", re.I)
_PARAM_PASSWORD = re.compile(
    r"(?P<head>\b(?:password|passwd|pwd)\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s&;]*)", re.I
)
HIDDEN = "***"


def redact(text: str, *, secret: str | None = None) -> str:
    """`text` with every password taken out: from URLs (user:password@), libpq parameters
    (password=…), and — when given — the literal `secret` wherever it appears."""
    if secret:
        text = text.replace(secret, HIDDEN)
        encoded = quote(secret, safe="")
        if encoded != secret:
            text = text.replace(encoded, HIDDEN)
    text = _URL_PASSWORD.sub(lambda m: f"{m['head']}:{HIDDEN}@", text)
    return _PARAM_PASSWORD.sub(lambda m: f"{m['head']}{HIDDEN}", text)


def display_name(url: str) -> str:
    """How a library is named in a list or a title: a team library as user@host/database,
    a file as its path. Never a password."""
    if not is_team_url(url):
        return url
    try:
        library, _password = parse(url)
    except UserError:
        return redact(url)
    port = "" if library.port == DEFAULT_PORT else f":{library.port}"
    return f"{library.user}@{library.host}{port}/{library.database}"
