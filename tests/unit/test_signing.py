"""Signing a summary PDF: PAdES with a visible stamp, only for signed-off revisions."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from tests.unit.test_signing_support import (
    PASSPHRASE,
    make_identity,
    signed_off,
    tiny_summary_pdf,
)
from workshop_app.core.errors import UserError
from workshop_app.report import identity as ids
from workshop_app.report import layout
from workshop_app.report.signing import export_signed_pdf, sign_pdf, stamp_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage.operations import Library


@pytest.fixture
def identity(tmp_path: Path) -> ids.Identity:
    return make_identity(tmp_path, "María González")


def test_the_signature_is_pades_and_its_stamp_is_drawn_in_the_reserved_box(
    library: Library, demo_id: str, identity: ids.Identity
) -> None:
    pdf = tiny_summary_pdf(signed_off(library, demo_id), pages=2)
    signed = sign_pdf(pdf, identity, PASSPHRASE)

    reader = PdfReader(io.BytesIO(signed))
    field = next(
        a.get_object() for a in reader.pages[-1]["/Annots"] if a.get_object().get("/FT") == "/Sig"
    )
    assert [round(float(v)) for v in field["/Rect"]] == [round(v) for v in layout.signature_box()]
    value = field["/V"].get_object()
    assert value["/SubFilter"] == "/ETSI.CAdES.detached"
    assert value["/Name"] == "María González"
    assert "/Annots" not in reader.pages[0]

    # The stamp is really visible: the reserved box is no longer blank when rendered.
    document = pdfium.PdfDocument(signed)
    document.init_forms()
    page = document[len(document) - 1]
    image = page.render(scale=1, may_draw_forms=True).to_pil().convert("L")
    x1, y1, x2, y2 = layout.signature_box()
    height = image.height
    box = image.crop((int(x1), int(height - y2), int(x2), int(height - y1)))
    assert box.getextrema()[0] < 128  # dark text inside the box
    page.close()
    document.close()


def test_the_stamp_names_the_signer_in_the_bundled_font() -> None:
    identity = ids.Identity(
        path=Path("x.p12"),
        name="Олена Коваленко 王小明",
        organisation="Northwind",
        email="olena@example.com",
        fingerprint="AB:" * 31 + "AB",
        valid_until="2030-01-01",
        self_signed=True,
    )
    import datetime as dt

    stamp = stamp_pdf(identity, dt.datetime(2026, 9, 15, 17, 5, tzinfo=dt.UTC), 238, 85)
    text = PdfReader(io.BytesIO(stamp)).pages[0].extract_text()
    assert "Олена Коваленко" in text and "2026-09-15 17:05 UTC" in text


def test_a_wrong_passphrase_signs_nothing(
    library: Library, demo_id: str, identity: ids.Identity
) -> None:
    pdf = tiny_summary_pdf(signed_off(library, demo_id))
    with pytest.raises(UserError, match=r"^The passphrase is not right\.$"):
        sign_pdf(pdf, identity, "not it")


def test_a_signed_pdf_is_not_signed_again(
    library: Library, demo_id: str, identity: ids.Identity
) -> None:
    signed = sign_pdf(tiny_summary_pdf(signed_off(library, demo_id)), identity, PASSPHRASE)
    with pytest.raises(UserError, match="already signed"):
        sign_pdf(signed, identity, PASSPHRASE)
    with pytest.raises(UserError, match="could not be read"):
        sign_pdf(b"%PDF-1.7 not really", identity, PASSPHRASE)


def test_exporting_a_draft_never_signs(
    library: Library, demo_id: str, identity: ids.Identity, tmp_path: Path
) -> None:
    draft = library.workshop(demo_id)
    with pytest.raises(UserError, match="Only a signed-off revision"):
        export_signed_pdf(draft, tmp_path, identity, PASSPHRASE)
    assert list(tmp_path.glob("*.pdf")) == []


def test_signing_logs_nothing_secret(
    library: Library,
    demo_id: str,
    identity: ids.Identity,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    sign_pdf(tiny_summary_pdf(signed_off(library, demo_id)), identity, PASSPHRASE)
    captured = capsys.readouterr()
    everything = caplog.text + captured.out + captured.err
    assert PASSPHRASE not in everything and "PRIVATE KEY" not in everything


def test_the_command_line_exports_a_signed_off_revision_signed(
    library: Library,
    demo_id: str,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workshop_app.cli import main
    from workshop_app.report.verify import verify_pdf

    db = ["--db", str(db_path)]
    out = tmp_path / "out"
    out.mkdir()
    assert main([*db, "export-pdf", demo_id, "--sign", "--out", str(out)]) == 1
    assert "Only a signed-off revision" in capsys.readouterr().err

    signed_off(library, demo_id)
    assert main([*db, "export-pdf", demo_id, "--sign", "--out", str(out)]) == 1
    assert "no signing identity yet" in capsys.readouterr().err
    # Without --sign too: a signed-off summary is never written unsigned.
    assert main([*db, "export-pdf", demo_id, "--out", str(out)]) == 1
    assert "always digitally signed" in capsys.readouterr().err
    assert list(out.iterdir()) == []

    ids.create_identity("Alex Moreau", "Northwind", "", PASSPHRASE)
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong passphrase\n"))
    assert main([*db, "export-pdf", demo_id, "--sign", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == "workshop-app: The passphrase is not right.\n"
    assert list(out.iterdir()) == []

    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main([*db, "export-pdf", demo_id, "--out", str(out)]) == 0  # --sign is implied
    written = Path(capsys.readouterr().out.strip())
    assert written.parent == out
    assert verify_pdf(written.read_bytes()).signed


# -- the signature container: the signer's certificate once, and every byte of it counts -------
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
