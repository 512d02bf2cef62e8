"""The facilitator's signing identity: a private key and its certificate, kept encrypted.

Created offline inside the app (an EC P-256 key with a self-signed certificate) or imported from
the company's PKI as a PKCS#12 file. Either way it is stored as PKCS#12 encrypted with the
facilitator's passphrase (AES-256, via cryptography's BestAvailableEncryption) in the user data
folder, readable only by the user. The public certificate is kept beside it as `identity.crt`, so
the app can show whose identity it is without asking for the passphrase, and so it can be handed
to readers for `workshop-app verify --trust`.

The key and the passphrase never leave this module except as an `UnlockedIdentity`, whose repr
hides them; nothing here logs, and no error message repeats a passphrase. A wrong passphrase is a
plain UserError: there is no lockout, trying again costs nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from workshop_app import paths
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.files import write_atomically

IDENTITY_FILE = "identity.p12"
MIN_PASSPHRASE = 8
VALID_YEARS = 5
WRONG_PASSPHRASE = "The passphrase is not right."


def identity_dir() -> Path:
    """The user data folder, where the identity lives next to the workshop database."""
    return Path(platformdirs.user_data_dir(paths.APP_NAME, appauthor=False))


def default_identity_path() -> Path:
    return identity_dir() / IDENTITY_FILE


@dataclass(frozen=True)
class Identity:
    """A stored signing identity as the app shows it: no key, no passphrase."""

    path: Path  # the encrypted PKCS#12 file
    name: str
    organisation: str
    email: str
    fingerprint: str  # SHA-256 of the certificate, as colon-separated hex pairs
    valid_until: str  # YYYY-MM-DD
    self_signed: bool

    @property
    def certificate_path(self) -> Path:
        """The public certificate (PEM), safe to share for `verify --trust`."""
        return self.path.with_suffix(".crt")

    @property
    def description(self) -> str:
        """One line for the UI, e.g. "Alex Moreau, Northwind Industries <alex@example.com>"."""
        text = self.name
        if self.organisation:
            text += f", {self.organisation}"
        if self.email:
            text += f" <{self.email}>"
        return text


@dataclass(frozen=True)
class UnlockedIdentity:
    """Key material opened with the passphrase, held in memory only while signing."""

    identity: Identity
    certificate: x509.Certificate = field(repr=False)
    private_key: Any = field(repr=False)  # a cryptography private key
    chain: tuple[x509.Certificate, ...] = field(default=(), repr=False)


# -- reading -----------------------------------------------------------------------------------
def current_identity(path: Path | None = None) -> Identity | None:
    """The stored identity, or None when the facilitator has not created or imported one."""
    path = path or default_identity_path()
    if not path.is_file():
        return None
    cert_path = path.with_suffix(".crt")
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
    except (OSError, ValueError):
        raise UserError(
            f"The certificate next to the signing identity ({cert_path}) is missing or damaged. "
            "Import or create the identity again."
        ) from None
    return _describe(path, certificate)


def unlock(identity: Identity | Path | None, passphrase: str) -> UnlockedIdentity:
    """Open the stored identity with its passphrase.

    Raises UserError("The passphrase is not right.") on a wrong passphrase.
    """
    path = identity.path if isinstance(identity, Identity) else identity
    path = path or default_identity_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(
            "There is no signing identity yet. Create one, or import your PKCS#12 file."
        ) from None
    except OSError as exc:
        raise UserError(f"Cannot read the signing identity at {path}: {exc.strerror}.") from None
    key, certificate, chain = _open_pkcs12(data, passphrase, what="The signing identity file")
    return UnlockedIdentity(_describe(path, certificate), certificate, key, tuple(chain))


def check_passphrase(identity: Identity | Path | None, passphrase: str) -> bool:
    """True when the passphrase opens the identity; for dialogs that check before signing."""
    try:
        unlock(identity, passphrase)
    except UserError as exc:
        if exc.message == WRONG_PASSPHRASE:
            return False
        raise
    return True


# -- creating and importing --------------------------------------------------------------------
def create_identity(
    name: str,
    organisation: str,
    email: str,
    passphrase: str,
    *,
    path: Path | None = None,
    replace: bool = False,
) -> Identity:
    """Make a new key pair and self-signed certificate offline and store them encrypted."""
    name, organisation, email = name.strip(), organisation.strip(), email.strip()
    _check_subject(name, organisation, email)
    _check_new_passphrase(passphrase)
    path = _target(path, replace)

    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    subject = x509.Name(attributes)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    certificate = builder.sign(key, hashes.SHA256())
    _store(path, key, certificate, [], passphrase, name)
    return _describe(path, certificate)


def import_identity(
    source: Path,
    passphrase: str,
    *,
    new_passphrase: str | None = None,
    path: Path | None = None,
    replace: bool = False,
) -> Identity:
    """Take over a PKCS#12 file (.p12/.pfx) from the company's PKI.

    The file must open with `passphrase`, hold a key and its certificate, and the certificate must
    allow signing and be in date. It is stored re-encrypted with strong encryption, under
    `new_passphrase` if given, else under the same passphrase. The original file is not changed.
    """
    try:
        data = Path(source).read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no file at {source}.") from None
    except IsADirectoryError:
        raise UserError(f"{source} is a folder; choose a .p12 or .pfx file.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {source}: {exc.strerror}.") from None
    if len(data) > 1_000_000:
        raise UserError(f"{Path(source).name} is too large to be a PKCS#12 identity file.")
    key, certificate, chain = _open_pkcs12(data, passphrase, what=Path(source).name)
    _check_can_sign(certificate)
    stored_passphrase = passphrase if new_passphrase is None else new_passphrase
    if not stored_passphrase:
        raise ValidationError(
            "passphrase", "choose a passphrase, so the stored identity is encrypted"
        )
    if new_passphrase is not None:
        _check_new_passphrase(new_passphrase)
    path = _target(path, replace)
    info = _describe(path, certificate)
    _store(path, key, certificate, chain, stored_passphrase, info.name)
    return info


def export_certificate(identity: Identity, destination: Path) -> Path:
    """Write the public certificate (PEM) for readers to pass to `verify --trust`."""
    return write_atomically(destination, identity.certificate_path.read_bytes())


# -- helpers -----------------------------------------------------------------------------------
#: Characters no one types into a name and that would let it lie about itself: control
#: characters (line breaks, ESC) and the invisible direction overrides, embeddings and isolates
#: that can make a name display as another.
_NOT_IN_A_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _check_subject(name: str, organisation: str, email: str) -> None:
    """Refuse, with a sentence, what a certificate cannot hold; every other name signs (any
    script, both directions, emoji, markup: see cert_names)."""
    if not name:
        raise ValidationError("name", "cannot be empty")
    for label, value in (("name", name), ("organisation", organisation), ("email", email)):
        if _NOT_IN_A_NAME.search(value):
            raise ValidationError(
                label, "cannot contain line breaks, control characters or direction overrides"
            )
        if len(value) > 64:
            raise ValidationError(label, "is longer than the 64 characters a certificate allows")
    if len(name.encode("utf-8")) > 64:  # the certificate library counts UTF-8 bytes
        raise ValidationError(
            "name",
            "is too long for a certificate, which holds 64 bytes: up to 64 Latin letters, "
            "32 Greek, Cyrillic, Hebrew or Arabic letters, or 21 Chinese, Japanese or Korean "
            "characters; use a shorter form of the name",
        )
    if email and ("@" not in email or any(c.isspace() for c in email)):
        raise ValidationError("email", f"“{email}” is not an email address")
    if not email.isascii():
        raise ValidationError(
            "email",
            "a certificate holds email addresses in plain ASCII letters only; leave it empty or "
            "use an ASCII address",
        )


def _check_new_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError("passphrase", f"choose one of at least {MIN_PASSPHRASE} characters")


def _target(path: Path | None, replace: bool) -> Path:
    path = path or default_identity_path()
    if path.exists() and not replace:
        raise UserError(
            "A signing identity already exists. Confirm that it should be replaced; documents "
            "signed with it remain verifiable."
        )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _open_pkcs12(
    data: bytes, passphrase: str, *, what: str
) -> tuple[Any, x509.Certificate, list[x509.Certificate]]:
    if not _looks_like_pkcs12(data):
        raise UserError(f"{what} is not a PKCS#12 identity (.p12 or .pfx) or is damaged.")
    secret = passphrase.encode("utf-8") if passphrase else None
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        raise UserError(WRONG_PASSPHRASE) from None
    except Exception:  # unsupported algorithms and the like; never echo the library's text
        raise UserError(f"{what} uses a format this app cannot open.") from None
    if key is None or certificate is None:
        raise UserError(f"{what} does not hold both a private key and its certificate.")
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise UserError(f"In {what} the private key does not belong to the certificate.")
    return key, certificate, list(chain)


def _looks_like_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        pfx["version"].native  # noqa: B018  (forces parsing)
        pfx["auth_safe"]["content_type"].native  # noqa: B018
    except Exception:
        return False
    return True


def _check_can_sign(certificate: x509.Certificate) -> None:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise UserError("This certificate is not meant for signing documents (its key usage).")
    now = dt.datetime.now(dt.UTC)
    if certificate.not_valid_after_utc < now:
        raise UserError(
            f"This certificate expired on {certificate.not_valid_after_utc:%Y-%m-%d}; "
            "ask for a current one."
        )
    if certificate.not_valid_before_utc > now:
        raise UserError(
            f"This certificate is only valid from {certificate.not_valid_before_utc:%Y-%m-%d}."
        )


def _store(
    path: Path,
    key: Any,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    passphrase: str,
    friendly_name: str,
) -> None:
    data = pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"),
        key,
        certificate,
        chain or None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    write_atomically(path, data, private=True)  # never readable by others, not for an instant
    write_atomically(path.with_suffix(".crt"), certificate.public_bytes(serialization.Encoding.PEM))


def _describe(path: Path, certificate: x509.Certificate) -> Identity:
    def first(oid: x509.ObjectIdentifier) -> str:
        found = certificate.subject.get_attributes_for_oid(oid)
        value = found[0].value if found else ""
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)

    digest = certificate.fingerprint(hashes.SHA256()).hex().upper()
    return Identity(
        path=path,
        name=first(NameOID.COMMON_NAME) or certificate.subject.rfc4514_string(),
        organisation=first(NameOID.ORGANIZATION_NAME),
        email=first(NameOID.EMAIL_ADDRESS),
        fingerprint=":".join(digest[i : i + 2] for i in range(0, len(digest), 2)),
        valid_until=f"{certificate.not_valid_after_utc:%Y-%m-%d}",
        self_signed=certificate.issuer == certificate.subject,
    )
