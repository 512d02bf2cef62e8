"""The signing identity: created offline or imported, stored encrypted, opened only with the
passphrase, and never leaking the key or the passphrase."""

from __future__ import annotations

import datetime as dt
import logging
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests.unit.test_signing_support import PASSPHRASE, make_identity
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.report import identity as ids


def test_a_new_identity_is_a_self_signed_signing_certificate_in_the_user_data_folder() -> None:
    identity = ids.create_identity(
        "María González", "Northwind Industries", "maria@example.com", PASSPHRASE
    )
    assert identity.path == ids.default_identity_path()
    assert identity.path.parent == ids.identity_dir()
    assert identity.self_signed and identity.name == "María González"
    assert identity.description == "María González, Northwind Industries <maria@example.com>"
    assert ids.current_identity() == identity

    unlocked = ids.unlock(identity, PASSPHRASE)
    cert = unlocked.certificate
    assert isinstance(unlocked.private_key, ec.EllipticCurvePrivateKey)
    assert unlocked.private_key.curve.name == "secp256r1"
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert "private_key" not in repr(unlocked) and "BEGIN" not in repr(unlocked)


def test_the_stored_identity_is_encrypted_and_private(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    data = identity.path.read_bytes()
    assert PASSPHRASE.encode() not in data
    assert b"PRIVATE KEY" not in data
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(data, None)  # nothing opens without the passphrase
    assert stat.S_IMODE(identity.path.stat().st_mode) == 0o600
    assert b"PRIVATE" not in identity.certificate_path.read_bytes()


def test_a_wrong_passphrase_gets_a_clear_message_and_three_tries_cost_nothing(
    tmp_path: Path,
) -> None:
    identity = make_identity(tmp_path)
    for attempt in ("guess one", "guess two", PASSPHRASE.upper()):
        with pytest.raises(UserError) as caught:
            ids.unlock(identity, attempt)
        assert str(caught.value) == "The passphrase is not right."
        assert attempt not in str(caught.value)
        assert not ids.check_passphrase(identity, attempt)
    assert ids.check_passphrase(identity, PASSPHRASE)
    assert ids.unlock(identity, PASSPHRASE).identity == identity


def test_a_weak_passphrase_or_a_missing_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="at least 8"):
        ids.create_identity("Alex", "", "", "short", path=tmp_path / "a.p12")
    with pytest.raises(ValidationError, match="name"):
        ids.create_identity(" ", "", "", PASSPHRASE, path=tmp_path / "a.p12")
    with pytest.raises(ValidationError, match="email"):
        ids.create_identity("Alex", "", "not an email", PASSPHRASE, path=tmp_path / "a.p12")
    assert not (tmp_path / "a.p12").exists()


def test_an_existing_identity_is_replaced_only_when_asked(tmp_path: Path) -> None:
    first = make_identity(tmp_path)
    with pytest.raises(UserError, match="already exists"):
        make_identity(tmp_path)
    second = ids.create_identity("Alex", "", "", PASSPHRASE, path=first.path, replace=True)
    assert second.fingerprint != first.fingerprint
    assert ids.current_identity(first.path) == second


def test_no_identity_yet_is_a_plain_message(tmp_path: Path) -> None:
    assert ids.current_identity(tmp_path / "none.p12") is None
    with pytest.raises(UserError, match="no signing identity yet"):
        ids.unlock(tmp_path / "none.p12", PASSPHRASE)


def _company_p12(
    tmp_path: Path,
    password: bytes = b"company secret",
    *,
    usage_ok: bool = True,
    expired: bool = False,
) -> Path:
    """A PKCS#12 file as a company PKI would issue it: a CA and a person's certificate."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Northwind Issuing CA")])
    now = dt.datetime.now(dt.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    person = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Tom Becker"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Northwind Industries"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(person)
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=400))
        .not_valid_after(now - dt.timedelta(days=1) if expired else now + dt.timedelta(days=365))
        .add_extension(
            x509.KeyUsage(
                digital_signature=usage_ok,
                content_commitment=usage_ok,
                key_encipherment=not usage_ok,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    path = tmp_path / "tom.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tom", key, cert, [ca], serialization.BestAvailableEncryption(password)
        )
    )
    return path


def test_a_company_pkcs12_file_is_imported_and_stored_re_encrypted(tmp_path: Path) -> None:
    source = _company_p12(tmp_path)
    original = source.read_bytes()
    identity = ids.import_identity(source, "company secret", new_passphrase=PASSPHRASE)
    assert source.read_bytes() == original
    assert identity.name == "Tom Becker" and identity.organisation == "Northwind Industries"
    assert not identity.self_signed
    assert ids.current_identity() == identity
    unlocked = ids.unlock(identity, PASSPHRASE)
    assert [c.subject.rfc4514_string() for c in unlocked.chain] == ["CN=Northwind Issuing CA"]
    with pytest.raises(UserError, match="passphrase is not right"):
        ids.unlock(identity, "company secret")


def test_an_import_keeps_the_passphrase_when_no_new_one_is_given(tmp_path: Path) -> None:
    identity = ids.import_identity(_company_p12(tmp_path), "company secret")
    assert ids.check_passphrase(identity, "company secret")


def test_an_import_with_the_wrong_passphrase_stores_nothing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^The passphrase is not right\.$"):
        ids.import_identity(_company_p12(tmp_path), "wrong")
    assert ids.current_identity() is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"usage_ok": False}, "not meant for signing"), ({"expired": True}, "expired on")],
)
def test_a_certificate_that_cannot_sign_is_not_imported(
    tmp_path: Path, kwargs: dict[str, bool], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        ids.import_identity(_company_p12(tmp_path, **kwargs), "company secret")  # type: ignore[arg-type]
    assert ids.current_identity() is None


def test_a_file_that_is_not_pkcs12_is_named_as_such(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.p12"
    bogus.write_bytes(b"just some text, not a certificate")
    with pytest.raises(UserError, match=r"notes.p12 is not a PKCS#12 identity"):
        ids.import_identity(bogus, "anything")
    with pytest.raises(UserError, match="no file at"):
        ids.import_identity(tmp_path / "missing.p12", "anything")


def test_the_passphrase_never_reaches_the_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    identity = make_identity(tmp_path)
    ids.check_passphrase(identity, "a wrong guess")
    ids.unlock(identity, PASSPHRASE)
    assert PASSPHRASE not in caplog.text and "a wrong guess" not in caplog.text


def test_the_certificate_can_be_handed_out_for_trust(tmp_path: Path) -> None:
    identity = make_identity(tmp_path)
    out = ids.export_certificate(identity, tmp_path / "alex.crt")
    cert = x509.load_pem_x509_certificate(out.read_bytes())
    assert cert.fingerprint(hashes.SHA256()).hex().upper() == identity.fingerprint.replace(":", "")
