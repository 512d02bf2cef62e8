"""The signature container carries the signer's certificate once, and every byte of it counts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.unit.test_signing_support import (
    PASSPHRASE,
    make_identity,
    signed_off,
    tiny_summary_pdf,
)
from workshop_app.report import identity as ids
from workshop_app.report.signing import sign_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage.library import Library


@pytest.fixture
def identity(tmp_path: Path) -> ids.Identity:
    return make_identity(tmp_path, "María González")


@pytest.fixture
def signed(library: Library, demo_id: str, identity: ids.Identity) -> bytes:
    return sign_pdf(tiny_summary_pdf(signed_off(library, demo_id)), identity, PASSPHRASE)


def _certificates(pdf: bytes) -> list[bytes]:
    embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
    return [c.chosen.dump() for c in embedded.signed_data["certificates"]]


def test_the_signer_certificate_is_in_the_container_once(
    signed: bytes, identity: ids.Identity
) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    own = x509.load_pem_x509_certificate(identity.certificate_path.read_bytes())
    assert _certificates(signed) == [own.public_bytes(serialization.Encoding.DER)]


def test_a_flipped_byte_anywhere_in_the_certificate_fails_verification(
    signed: bytes, identity: ids.Identity
) -> None:
    (certificate,) = _certificates(signed)
    start = signed.lower().index(certificate.hex().encode())  # /Contents is hex
    assert verify_pdf(signed, trust=identity.certificate_path).ok
    # Every 11th byte: names, validity, extensions, the key and the certificate's own signature.
    for offset in range(0, len(certificate), 11):
        flipped = bytearray(signed)
        digit = start + 2 * offset + 1
        flipped[digit] = ord("1") if flipped[digit] == ord("0") else ord("0")
        for trust in (None, identity.certificate_path):
            verdict = verify_pdf(bytes(flipped), trust=trust)
            assert not verdict.ok, (offset, trust, verdict.lines)
            assert verdict.lines[0].startswith("NOT VERIFIED")
