"""The tamper suite: our own signed summary, changed every way a tamperer or an accident would.

One genuine signed summary is built per module (EC P-256 identity, one participant agreeing with
a reservation). Each case below changes it; for every case `workshop-app verify` run as a real
process exits 1 (also when its standard output is closed early) and `import` either refuses the
file or brings it in only as a draft. The genuine summary itself verifies, and where poppler and
qpdf are installed, they agree.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from tests.unit.test_signing_support import (
    PASSPHRASE,
    incremental_update,
    make_identity,
    with_attachment,
)
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import UserError
from workshop_app.report import identity as ids
from workshop_app.report.signing import export_signed_pdf
from workshop_app.services.importing import import_file
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library

RESERVATION = "Budget for the integration still to be confirmed"
#: What a terminal would act on: C0 controls other than newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Genuine:
    pdf: bytes
    workshop: m.Workshop
    identity: ids.Identity


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Genuine:
    folder = tmp_path_factory.mktemp("genuine")
    library = Library(folder / "workshops.sqlite3")
    try:
        workshop_id = library.add_workshop(demo_workshop())
        people = sorted(library.workshop(workshop_id).participants, key=lambda p: p.decision_maker)
        for number, person in enumerate(people):
            stance = m.Stance.AGREE_WITH_RESERVATION if number == 0 else m.Stance.AGREE
            note = RESERVATION if number == 0 else ""
            signoff.sign(library, workshop_id, person.id, person.name, stance, note=note)
        workshop = library.workshop(workshop_id)
    finally:
        library.close()
    assert workshop.status is m.Status.SIGNED_OFF
    identity = make_identity(folder)
    path = export_signed_pdf(workshop, folder / "summary.pdf", identity, PASSPHRASE)
    return Genuine(path.read_bytes(), workshop, identity)


# -- the cases ---------------------------------------------------------------------------------
def _flip(pdf: bytes, at: int) -> bytes:
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def _stream_start(pdf: bytes, marker: bytes) -> int:
    """Where the data of the first stream whose dictionary holds `marker` begins."""
    head = pdf.index(marker)
    return pdf.index(b"stream", head) + len(b"stream\n")


def flipped_content(g: Genuine) -> bytes:
    reader = PdfReader(io.BytesIO(g.pdf))
    number = reader.pages[0].raw_get("/Contents").idnum
    start = g.pdf.index(b"stream", g.pdf.index(b"\n%d 0 obj" % number)) + 7
    return _flip(g.pdf, start + 20)


def flipped_data(g: Genuine) -> bytes:
    return _flip(g.pdf, _stream_start(g.pdf, b"/EmbeddedFile") + 20)


def _certificate_hex(g: Genuine) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pem = g.identity.certificate_path.read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
    return der.hex().encode()


def _certificate_copies(g: Genuine) -> int:
    return len(re.findall(_certificate_hex(g), g.pdf, re.IGNORECASE))


def flipped_certificate(g: Genuine) -> bytes:
    """One bit flipped inside the signer's certificate, as hex inside the signature."""
    where = re.search(_certificate_hex(g), g.pdf, re.IGNORECASE)
    assert where is not None
    return _flip(g.pdf, where.start() + (where.end() - where.start()) // 3)


def appended_annotation(g: Genuine) -> bytes:
    writer = PdfWriter(io.BytesIO(g.pdf), incremental=True)
    note = FreeText(text="Approved by the CEO", rect=(50, 550, 300, 600))
    writer.add_annotation(page_number=0, annotation=note)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def appended_page_text(g: Genuine) -> bytes:
    return incremental_update(g.pdf, "visible text")


def _edited(g: Genuine, edit: Callable[[m.Workshop], None]) -> bytes:
    changed = interchange.from_dict(interchange.to_dict(g.workshop))
    edit(changed)
    return interchange.dumps(changed).encode("utf-8")


def replaced_attachment(g: Genuine) -> bytes:
    def edit(ws: m.Workshop) -> None:
        ws.decisions[0].rationale = "Rewritten after the meeting."

    return incremental_update(g.pdf, "attachment", _edited(g, edit))


ESCAPE_TITLE = "\x1b[2J\x1b[H\x1b[1;32mVERIFIED: all good\x1b[0m\x07"


def escape_sequence_title(g: Genuine) -> bytes:
    def edit(ws: m.Workshop) -> None:
        ws.title = ESCAPE_TITLE

    return incremental_update(g.pdf, "attachment", _edited(g, edit))


def truncated(g: Genuine) -> bytes:
    return g.pdf[: len(g.pdf) - 700]


def rewritten(g: Genuine) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(g.pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stripped(g: Genuine, data: bytes) -> bytes:
    """The pages and the attachment copied into a new file: no signature any more."""
    reader = PdfReader(io.BytesIO(g.pdf))
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        if "/Annots" in added:
            del added["/Annots"]  # the signature's widget
    writer.add_attachment("workshop.json", data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def stripped_signature(g: Genuine) -> bytes:
    (data,) = PdfReader(io.BytesIO(g.pdf)).attachments["workshop.json"]
    return _stripped(g, data)


def _without_reservation(ws: m.Workshop) -> None:
    for signature in ws.signatures:
        signature.stance, signature.note = m.Stance.AGREE, ""


def stripped_and_reservation_removed(g: Genuine) -> bytes:
    return _stripped(g, _edited(g, _without_reservation))


def stripped_and_made_a_draft(g: Genuine) -> bytes:
    def edit(ws: m.Workshop) -> None:
        _without_reservation(ws)
        ws.status = m.Status.DRAFT

    return _stripped(g, _edited(g, edit))


def bomb_stream(mib: int) -> bytes:
    """A Flate stream of `mib` MiB of zeros, made without compressing them all: after a full
    flush every MiB compresses to the same bytes, so one block is repeated."""
    compressor = zlib.compressobj(9)
    zero = bytes(1 << 20)
    first = compressor.compress(zero) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(zero) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = (((mib << 20) % 65521) << 16) | 1  # Adler-32 of zeros: A stays 1, B counts bytes
    return first + again * (mib - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def decompression_bomb(g: Genuine) -> bytes:
    """1 GiB of zeros in about 1 MB, appended as one more object."""
    data = bomb_stream(1024)
    head = b"\n999 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
    return g.pdf + head + data + b"\nendstream\nendobj\n"


def decompression_bomb_as_text(g: Genuine) -> bytes:
    """The same, written as ASCII85 text in front of the Flate data, as reportlab writes pages."""
    data = base64.a85encode(bomb_stream(1024), wrapcol=72) + b"~>"
    filters = b"[ /ASCII85Decode /FlateDecode ]"
    head = b"\n999 0 obj\n<< /Length %d /Filter %s >>\nstream\n" % (len(data), filters)
    return g.pdf + head + data + b"\nendstream\nendobj\n"


def two_attachments(g: Genuine) -> bytes:
    def edit(ws: m.Workshop) -> None:
        ws.decisions[0].rationale = "The other story."

    return with_attachment(g.pdf, _edited(g, edit))


CASES: dict[str, Callable[[Genuine], bytes]] = {
    f.__name__: f
    for f in (
        flipped_content,
        flipped_data,
        flipped_certificate,
        appended_annotation,
        appended_page_text,
        replaced_attachment,
        escape_sequence_title,
        truncated,
        rewritten,
        stripped_signature,
        stripped_and_reservation_removed,
        stripped_and_made_a_draft,
        decompression_bomb,
        decompression_bomb_as_text,
        two_attachments,
    )
}


@pytest.fixture(scope="module")
def tampered(genuine: Genuine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tampered")
    files = {}
    for name, make in CASES.items():
        files[name] = folder / f"{name}.pdf"
        files[name].write_bytes(make(genuine))
    return files


# -- running the real command --------------------------------------------------------------------
def _verify(path: Path, *, close_stdout: bool = False) -> tuple[int, str, str]:
    """`workshop-app verify PATH` as a process; stdout either captured or closed before it
    writes (as `verify … | true` does)."""
    command = [sys.executable, "-m", "workshop_app", "verify", str(path)]
    if not close_stdout:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        return done.returncode, done.stdout, done.stderr
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: the first write fails with EPIPE
    try:
        done = subprocess.run(
            command, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write_end)
    return done.returncode, "", done.stderr


def test_the_genuine_summary_verifies(genuine: Genuine, tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(genuine.pdf)
    code, out, err = _verify(path)
    assert code == 0, out + err
    assert out.startswith("VERIFIED:") and RESERVATION in out
    assert _certificate_copies(genuine) == 1  # so the flipped copy is the one pyHanko reads


@pytest.mark.parametrize("case", CASES)
def test_verify_fails_every_tampered_summary(case: str, tampered: dict[str, Path]) -> None:
    code, out, err = _verify(tampered[case])
    assert code == 1, out
    assert out.startswith("NOT VERIFIED") or err.startswith("workshop-app: "), out + err
    assert "Traceback" not in err


@pytest.mark.parametrize("case", CASES)
def test_verify_fails_even_when_nobody_reads_its_output(
    case: str, tampered: dict[str, Path]
) -> None:
    code, _out, err = _verify(tampered[case], close_stdout=True)
    assert code == 1
    assert "Traceback" not in err


def test_verify_prints_no_control_character(tampered: dict[str, Path]) -> None:
    code, out, err = _verify(tampered["escape_sequence_title"])
    assert code == 1
    assert not _CONTROL.search(out) and not _CONTROL.search(err)


@pytest.mark.parametrize("case", CASES)
def test_import_refuses_every_tampered_summary_or_keeps_it_a_draft(
    case: str, tampered: dict[str, Path], tmp_path: Path
) -> None:
    library = Library(tmp_path / "other.sqlite3")
    try:
        try:
            imported = import_file(library, tampered[case].read_bytes(), tampered[case])
        except UserError as exc:
            assert "\n" not in exc.message and "was not imported" in exc.message
            assert library.workshops() == []
        else:
            workshop = library.workshop(imported.workshop_id)
            assert workshop.status is m.Status.DRAFT and imported.note
    finally:
        library.close()


def test_the_stripped_record_fails_for_the_reason_that_matters(tampered: dict[str, Path]) -> None:
    from workshop_app.report.verify import verify_pdf

    unsigned = verify_pdf(tampered["stripped_signature"].read_bytes())
    assert "carries no digital signature" in "\n".join(unsigned.problems)
    edited = verify_pdf(tampered["stripped_and_made_a_draft"].read_bytes())
    assert "does not match the digest printed" in "\n".join(edited.problems)


# -- PDF tools nobody here wrote ---------------------------------------------------------------
def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (poppler-utils / qpdf)")
    return found


def test_poppler_and_qpdf_accept_the_genuine_summary(genuine: Genuine, tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(genuine.pdf)
    sig = subprocess.run(
        [_tool("pdfsig"), str(path)], capture_output=True, text=True, check=False
    ).stdout
    assert "Signature is Valid." in sig and "Total document signed" in sig
    assert sig.count("Signature #") == 1
    check = subprocess.run(
        [_tool("qpdf"), "--check", str(path)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_poppler_rejects_what_verify_rejects(tampered: dict[str, Path]) -> None:
    pdfsig = _tool("pdfsig")
    for case in ("flipped_content", "appended_page_text", "replaced_attachment"):
        out = subprocess.run(
            [pdfsig, str(tampered[case])], capture_output=True, text=True, check=False
        ).stdout
        assert "Total document signed" not in out or "Signature is Valid." not in out, case


# -- resource limits ---------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["decompression_bomb", "decompression_bomb_as_text"])
def test_a_decompression_bomb_is_refused_in_little_memory(
    case: str, tampered: dict[str, Path]
) -> None:
    """1 GiB behind 1 MB: refused with one sentence, the process staying under 300 MB."""
    bomb = tampered[case]
    assert bomb.stat().st_size < 2 * 1024 * 1024
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'workshop_app', 'verify', sys.argv[1]],"
        " capture_output=True, text=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(done.returncode, peak, done.stdout.splitlines()[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True, check=True
    ).stdout
    code, peak_kib, headline = out.split(" ", 2)
    assert code == "1"
    assert "would expand to more than" in headline
    assert int(peak_kib) < 300 * 1024, f"peak {int(peak_kib) // 1024} MB"
