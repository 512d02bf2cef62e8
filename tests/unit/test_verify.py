"""Verifying a shared summary PDF: a signed, unchanged summary passes; every kind of tampering
fails and the verdict says why."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.unit.test_signing_support import (
    PASSPHRASE,
    incremental_update,
    make_identity,
    signed_off,
    tiny_summary_pdf,
    with_attachment,
)
from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.report import identity as ids
from workshop_app.report.export import build_pdf
from workshop_app.report.signing import sign_pdf
from workshop_app.report.verify import verify_pdf
from workshop_app.storage.operations import Library

Build = Callable[[m.Workshop], bytes]


@pytest.fixture
def build() -> Build:
    """The summary exactly as the exporter builds it."""
    return lambda ws: build_pdf(ws, signature_block=ws.status is m.Status.SIGNED_OFF)


@pytest.fixture
def identity(tmp_path: Path) -> ids.Identity:
    return make_identity(tmp_path)


@pytest.fixture
def workshop(library: Library, demo_id: str) -> m.Workshop:
    return signed_off(library, demo_id)


@pytest.fixture
def signed(workshop: m.Workshop, identity: ids.Identity, build: Build) -> bytes:
    return sign_pdf(build(workshop), identity, PASSPHRASE)


def _problems(pdf: bytes, **kwargs: object) -> str:
    verdict = verify_pdf(pdf, **kwargs)  # type: ignore[arg-type]
    assert not verdict.ok
    assert verdict.lines[0].startswith("NOT VERIFIED")
    assert verdict.problems
    return "\n".join(verdict.problems)


def test_a_signed_untouched_summary_verifies(signed: bytes, workshop: m.Workshop) -> None:
    verdict = verify_pdf(signed)
    text = "\n".join(verdict.lines)
    assert verdict.ok and verdict.signed, text
    assert verdict.lines[0].startswith("VERIFIED:")
    assert verdict.signer == "Alex Moreau, Northwind Industries <alex@example.com>"
    assert "signed by Alex Moreau" in text
    assert "intact" in text and "Nothing was changed or appended after signing." in text
    assert "self-signed; not checked against a trusted certificate" in text
    assert "matches the digest printed on the pages" in text
    assert "the signature covers every page exactly as it was exported" in text
    assert "María González (VP Sales), decision-maker: agrees" in text
    assert text.count("; valid.") == len(workshop.participants)
    assert verdict.workshop is not None and verdict.workshop.id == workshop.id


def test_signing_appends_and_keeps_every_exported_byte(
    workshop: m.Workshop, identity: ids.Identity, build: Build
) -> None:
    original = build(workshop)
    signed = sign_pdf(original, identity, PASSPHRASE)
    assert signed.startswith(original)
    reader = PdfReader(io.BytesIO(signed))
    assert json.loads(reader.attachments["workshop.json"][0])["workshop"]["id"] == workshop.id
    widgets = [a.get_object() for a in reader.pages[-1].get("/Annots", [])]
    assert any(w.get("/FT") == "/Sig" and w.get("/Rect") for w in widgets)


def test_trusting_the_signers_certificate_confirms_who_signed(
    signed: bytes, identity: ids.Identity, tmp_path: Path
) -> None:
    trusted = verify_pdf(signed, trust=identity.certificate_path)
    assert trusted.ok
    assert any(line.startswith("Certificate: trusted") for line in trusted.lines)

    stranger = ids.create_identity("Alex Moreau", "", "", PASSPHRASE, path=tmp_path / "x.p12")
    text = _problems(signed, trust=stranger.certificate_path)
    assert "not the trusted one" in text


def test_one_flipped_byte_is_caught(signed: bytes) -> None:
    damaged = bytearray(signed)
    at = signed.index(b"stream", len(signed) // 4) + 40  # inside a signed content stream
    damaged[at] ^= 0x01
    text = _problems(bytes(damaged))
    assert "changed after signing" in text or "damaged" in text


def test_bytes_appended_after_signing_are_caught(signed: bytes) -> None:
    text = _problems(signed + b"\n% appended later\n")
    assert "added to the file after it was signed" in text


def test_an_incremental_update_after_signing_is_caught(signed: bytes) -> None:
    text = _problems(incremental_update(signed, "metadata"))
    assert "added to the file after it was signed" in text


def test_a_swapped_embedded_json_is_caught(signed: bytes, workshop: m.Workshop) -> None:
    changed = interchange.from_dict(interchange.to_dict(workshop))
    changed.decisions[0].rationale = "Rewritten after the meeting."
    tampered = incremental_update(signed, "attachment", interchange.dumps(changed).encode("utf-8"))
    text = _problems(tampered)
    assert "added to the file after it was signed" in text
    assert "does not match the digest printed in the document" in text


def test_edited_visible_text_is_caught(signed: bytes) -> None:
    text = _problems(incremental_update(signed, "visible text"))
    assert "added to the file after it was signed" in text
    assert "an update that changes the document" in text


def test_an_unsigned_summary_is_checked_by_its_digest_and_says_it_is_unsigned(
    library: Library, demo_id: str, build: Build, tmp_path: Path
) -> None:
    pdf = build(library.workshop(demo_id))
    verdict = verify_pdf(pdf)
    assert verdict.ok and not verdict.signed
    assert verdict.lines[0].startswith("VERIFIED (unsigned)")
    assert "not digitally signed" in "\n".join(verdict.lines)
    identity = make_identity(tmp_path)
    assert "cannot be checked against" in _problems(pdf, trust=identity.certificate_path)


def test_an_unsigned_summary_with_swapped_data_fails(
    library: Library, demo_id: str, build: Build
) -> None:
    draft = library.workshop(demo_id)
    pdf = build(draft)
    changed = interchange.from_dict(interchange.to_dict(draft))
    changed.title = "Something else"
    tampered = incremental_update(pdf, "attachment", interchange.dumps(changed).encode("utf-8"))
    assert "does not match the digest printed" in _problems(tampered)


def test_a_summary_without_embedded_data_says_so(workshop: m.Workshop) -> None:
    digest = interchange.content_digest(workshop)
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 40, f"Content digest SHA-256 {digest}")
    pdf.save()
    assert "no embedded workshop data" in _problems(buffer.getvalue())


def test_a_signed_off_record_with_a_void_signature_fails(workshop: m.Workshop) -> None:
    changed = interchange.from_dict(interchange.to_dict(workshop))
    changed.requests[0].deadline = "Much later"  # signatures now confirm other content
    verdict = verify_pdf(tiny_summary_pdf(changed))
    assert not verdict.ok
    assert "VOID: the workshop changed after this signature" in "\n".join(verdict.lines)
    assert "not every decision-maker holds a valid signature" in "\n".join(verdict.problems)


def test_a_file_that_is_not_a_pdf_or_is_broken_fails_with_a_reason() -> None:
    assert _problems(b"hello") == "This is not a PDF file."
    assert "damaged" in _problems(b"%PDF-1.7\n garbage")
    bad_json = with_attachment(_blank_pdf(), b"{nope")
    assert "embedded workshop data is not valid" in _problems(bad_json)


def _blank_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 40, "Content digest SHA-256 " + "0" * 64)
    pdf.save()
    return buffer.getvalue()


def test_the_command_line_verdict_and_exit_codes(
    signed: bytes, identity: ids.Identity, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "summary.pdf"
    good.write_bytes(signed)
    assert main(["verify", str(good)]) == 0
    assert capsys.readouterr().out.startswith("VERIFIED:")
    assert main(["verify", str(good), "--trust", str(identity.certificate_path)]) == 0
    capsys.readouterr()

    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(incremental_update(signed, "metadata"))
    assert main(["verify", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT VERIFIED") and "after it was signed" in out

    not_a_cert = tmp_path / "cert.pem"
    not_a_cert.write_text("nothing here")
    assert main(["verify", str(good), "--trust", str(not_a_cert)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not a certificate" in err and "Traceback" not in err


def test_a_second_embedded_workshop_is_caught(library: Library, demo_id: str, build: Build) -> None:
    pdf = build(library.workshop(demo_id))
    assert "embedded workshop files" in _problems(with_attachment(pdf, b"{}"))


@pytest.mark.parametrize(
    ("before", "after"),
    [(b"/Title (Q3 alignment", b"/Title (Q4 alignment"), (b"595.2756 841", b"595.2756 941")],
)
def test_the_unsigned_check_never_calls_a_changed_file_undamaged(
    library: Library, demo_id: str, build: Build, before: bytes, after: bytes
) -> None:
    """A one-byte accident in the title metadata or a page box reads back cleanly: the verdict
    says what it checked and that these were not, never "undamaged"."""
    pdf = build(library.workshop(demo_id))
    at = pdf.index(before)  # the title, or the first page's box
    verdict = verify_pdf(pdf[:at] + after + pdf[at + len(before) :])
    text = "\n".join(verdict.lines)
    assert "undamaged" not in text
    assert verdict.lines[0].startswith("VERIFIED (unsigned)")
    assert "nothing more was checked" in verdict.lines[0]
    assert "metadata (title, author) and page sizes were not checked" in text


def test_a_signed_untouched_summary_reads_its_digest_on_three_pages(
    signed: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its signature covers every page, so the footer's digest is read from the content streams
    of the first, middle and last page; extracting each page's text took seconds for a few
    hundred pages."""
    from pypdf import PageObject

    def no_extraction(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("extract_text was called")

    monkeypatch.setattr(PageObject, "extract_text", no_extraction)
    verdict = verify_pdf(signed)
    assert verdict.ok, verdict.lines
    count = len(PdfReader(io.BytesIO(signed)).pages)
    shown = ", ".join(str(p) for p in sorted({1, count // 2 + 1, count}))
    assert any(f"read on pages {shown}, and the signature" in line for line in verdict.lines)


def test_a_sampled_page_without_the_digest_in_its_stream_has_every_page_read(
    signed: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a sampled page not carry the digest as the footer writes it, every page is read,
    its text extracted where need be, as for any other file."""
    from workshop_app.report import verify

    real = verify._digests_in_content
    monkeypatch.setattr(
        verify, "_digests_in_content", lambda reader, i: set() if i == 0 else real(reader, i)
    )
    verdict = verify_pdf(signed)
    assert verdict.ok, verdict.lines
    assert any("matches the digest printed on every page" in line for line in verdict.lines)


def test_a_tampered_signed_summary_still_reads_every_page(
    signed: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once anything follows the signature, the pages are read as text as before."""
    from pypdf import PageObject

    calls: list[int] = []
    original = PageObject.extract_text

    def counted(self: PageObject, *args: object, **kwargs: object) -> str:
        calls.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PageObject, "extract_text", counted)
    _problems(signed + b"\n% appended later\n")
    assert len(calls) == len(PdfReader(io.BytesIO(signed)).pages)


def test_summary_streams_are_plain_flate(signed: bytes) -> None:
    """No ASCII85 layer: a reader inflates the pages with zlib alone."""
    assert b"/ASCII85Decode" not in signed


def test_a_signed_summary_reads_the_same_through_either_reader(
    signed: bytes, tmp_path: Path
) -> None:
    """A summary whose signature covers every byte is read with pyHanko's reader, which checked
    the signature, instead of parsing it again with pypdf: both see the same embedded data,
    page count and page contents. Verifying it does not load pypdf at all."""
    import subprocess
    import sys

    from pyhanko.pdf_utils.reader import PdfFileReader

    from workshop_app.report import verify

    pypdf = verify._PypdfPages(signed)
    hanko = verify._SignedPages(PdfFileReader(io.BytesIO(signed), strict=False), signed)
    assert hanko.page_count == pypdf.page_count
    assert hanko.attachments("workshop.json") == pypdf.attachments("workshop.json")
    assert hanko.attachments("other.json") == pypdf.attachments("other.json") == []
    for index in range(pypdf.page_count):
        assert verify._digests(hanko.content(index).decode("latin-1")) == verify._digests(
            pypdf.content(index).decode("latin-1")
        )
    assert hanko.text(0) == pypdf.text(0)

    probe = (
        "import sys\n"
        "from workshop_app.report.verify import verify_pdf\n"
        "verdict = verify_pdf(open(sys.argv[1], 'rb').read())\n"
        "print(verdict.ok, 'pypdf' in sys.modules)\n"
    )
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    done = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["True", "False"], done.stderr


def test_the_command_checks_with_the_collector_paused_and_then_resumes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    from workshop_app.core.demo import demo_workshop
    from workshop_app.report import verify

    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(build_pdf(demo_workshop()))
    seen: list[bool] = []
    checked = verify.verify_pdf
    monkeypatch.setattr(
        verify, "verify_pdf", lambda raw, trust=None: seen.append(gc.isenabled()) or checked(raw)
    )
    assert gc.isenabled()
    main(["verify", str(pdf)])
    assert seen == [False] and gc.isenabled()
    assert capsys.readouterr().out.startswith("VERIFIED (unsigned)")
