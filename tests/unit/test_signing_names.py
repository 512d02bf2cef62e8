"""Any name a person can type signs and verifies, or is refused when the identity is created."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509

from tests.unit.test_signing_support import PASSPHRASE, signed_off, tiny_summary_pdf
from workshop_app.core.errors import ValidationError
from workshop_app.report import identity as ids
from workshop_app.report.cert_names import allow_any_name
from workshop_app.report.signing import sign_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage.operations import Library

NAMES = [
    ("Zoë 🚀", "Acme"),  # an emoji: unassigned in Unicode 3.2, which stringprep is frozen at
    ("Alex Moreau", "Acme شركة"),  # Latin and Arabic in one name
    ("Yossi יוסי", "Northwind"),  # Latin and Hebrew
    ("יוסי כהן", "شركة"),  # right-to-left only
    ("王小明", "株式会社ノースウィンド"),
    ('<b>R&D</b> "O\'Brien"', "Café & Co <i>"),  # markup and quotes
    ("W" * 64, "O" * 64),  # the longest a certificate allows
    ("鈴" * 21, "X"),  # 63 bytes of UTF-8
    ("Private \ue000 use", "\ufffd"),
]


@pytest.mark.parametrize(("name", "organisation"), NAMES, ids=range(len(NAMES)))
def test_every_name_signs_and_verifies(
    tmp_path: Path, library: Library, demo_id: str, name: str, organisation: str
) -> None:
    identity = ids.create_identity(
        name, organisation, "signer@example.com", PASSPHRASE, path=tmp_path / "id.p12"
    )
    assert ids.current_identity(identity.path) == identity  # read back unchanged
    pdf = tiny_summary_pdf(signed_off(library, demo_id))
    signed = sign_pdf(pdf, identity, PASSPHRASE)

    verdict = verify_pdf(signed)
    assert verdict.ok, verdict.lines
    assert verdict.signer == f"{name}, {organisation} <signer@example.com>"
    trusted = verify_pdf(signed, trust=identity.certificate_path)
    assert trusted.ok, trusted.lines


def test_names_still_compare_as_rfc_4518_says() -> None:
    """The lenient comparison folds case and spaces like the strict one, and tells different
    names apart."""
    allow_any_name()

    def name(text: str) -> asn1_x509.Name:
        return asn1_x509.Name.build({"common_name": text})

    assert name("Acme  شركة") == name("ACME شركة")
    assert name("Acme شركة") != name("Acme شركت")
    assert name("Zoë 🚀") == name("ZOË 🚀")
    assert name("Zoë 🚀") != name("Zoë 🚁")
    assert name("Alex Moreau") == name("alex moreau")  # names asn1crypto always accepted


@pytest.mark.parametrize(
    ("name", "organisation", "email", "field", "words"),
    [
        ("Alex\x1b[2J", "", "", "name", "control characters"),
        ("Alex\nMoreau", "", "", "name", "line breaks"),
        ("Alex \u202eeruoM", "", "", "name", "direction overrides"),
        ("Alex", "Acme\x9b31m", "", "organisation", "control characters"),
        ("Alex \ud800", "", "", "name", "control characters"),
        ("W" * 65, "", "", "name", "64 characters"),
        ("鈴" * 22, "", "", "name", "21 Chinese, Japanese or Korean characters"),
        ("Zoë", "", "zoë@example.com", "email", "plain ASCII"),
        ("Zoë", "", "zoe at example", "email", "is not an email address"),
    ],
    ids=lambda v: ascii(v)[:24],
)
def test_what_a_certificate_cannot_hold_is_refused_when_creating(
    tmp_path: Path, name: str, organisation: str, email: str, field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        ids.create_identity(name, organisation, email, PASSPHRASE, path=tmp_path / "id.p12")
    assert refused.value.path == field
    assert words in refused.value.problem
    assert not (tmp_path / "id.p12").exists()
