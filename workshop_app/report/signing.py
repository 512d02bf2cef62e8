"""Digitally signing a summary PDF: PAdES baseline (B-B) with pyHanko, fully offline.

The signature is added as an incremental update, so the bytes that were exported (including the
embedded `workshop.json`, which must be attached before signing) stay exactly as they were and are
covered by the signature. It is a certification signature that permits no further changes, and it
carries a visible stamp (who, organisation, when, certificate fingerprint) drawn with the bundled
fonts in the box the summary reserves for it on the sign-off page. No timestamp server is used:
the signing time is the signer's own clock, and `verify` says so.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import content
from pyhanko.pdf_utils import layout as ph_layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.report import fonts, layout, text
from workshop_app.report.cert_names import allow_any_name
from workshop_app.report.identity import Identity, UnlockedIdentity, unlock
from workshop_app.report.timestamps import configured_url
from workshop_app.report.verify import quiet_pyhanko_logs

FIELD_NAME = "WorkshopSignOff"
REASON = "Sign-off of the workshop summary"
Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom-left


def sign_pdf(
    pdf_bytes: bytes,
    identity: Identity | UnlockedIdentity | Path | None,
    passphrase: str | None = None,
    box: Box | None = None,
    *,
    page: int = layout.SIGNATURE_PAGE,
    location: str = "",
    timestamp_url: str = "",
    no_timestamp: Callable[[str], None] | None = None,
) -> bytes:
    """The same PDF with a visible PAdES signature added as an incremental update.

    `identity` is the stored identity (unlocked here with `passphrase`) or one already unlocked.
    `box` is where the stamp goes on `page` (negative counts from the end); by default the area
    the summary reserves for it on its last page (`layout.signature_box()`).
    `timestamp_url`: an RFC 3161 timestamp service; the signature then carries trusted time
    (PAdES B-T). When it cannot be reached the PDF is signed without it (B-B) and
    `no_timestamp` gets the reason.
    Raises UserError for a wrong passphrase, a PDF that is already signed or cannot be read.
    """
    quiet_pyhanko_logs()
    allow_any_name()
    if isinstance(identity, UnlockedIdentity):
        unlocked = identity
    else:
        unlocked = unlock(identity, passphrase or "")
    writer, page_count = _open_unsigned(pdf_bytes)
    page_index = page if page >= 0 else page_count + page
    if not 0 <= page_index < page_count:
        raise UserError(f"The PDF has no page {page_index + 1} to put the signature on.")
    pdf_signer = _pdf_signer(unlocked, box or layout.signature_box(), page_index, location)
    if timestamp_url:
        signed = _sign_with_timestamp(pdf_signer, writer, timestamp_url, no_timestamp)
        if signed is not None:
            return signed
        writer, _ = _open_unsigned(pdf_bytes)  # the failed attempt may have written into it
    output = pdf_signer.sign_pdf(writer)
    return bytes(output.getvalue())


def _open_unsigned(pdf_bytes: bytes) -> tuple[IncrementalPdfFileWriter, int]:
    """A writer that appends to the PDF, and its page count; UserError for a PDF that cannot
    be read or is already signed."""
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
        page_count = int(writer.root["/Pages"]["/Count"])
        already_signed = bool(writer.prev.embedded_signatures)
    except (PdfError, KeyError, ValueError, TypeError):
        raise UserError("The summary PDF could not be read, so it was not signed.") from None
    if already_signed:
        raise UserError("This PDF is already signed; a signed summary is not signed again.")
    return writer, page_count


def _pdf_signer(
    unlocked: UnlockedIdentity, box: Box, page_index: int, location: str
) -> signers.PdfSigner:
    """A certifying PAdES signer that stamps the signature in `box` on page `page_index`."""
    x1, y1, x2, y2 = box
    width, height = abs(x2 - x1), abs(y2 - y1)
    signed_at = dt.datetime.now(dt.UTC)
    stamp = StaticStampStyle(
        background=_PdfPageContent(stamp_pdf(unlocked.identity, signed_at, width, height)),
        background_opacity=1.0,
        border_width=0,
    )
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(unlocked.certificate),
        signing_key=_asn1_key(unlocked.private_key),
        cert_registry=_registry(_chain_without(unlocked.certificate, unlocked.chain)),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=unlocked.identity.name,
        reason=REASON,
        location=location or None,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
    )
    return signers.PdfSigner(
        meta,
        signer,
        stamp_style=stamp,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=FIELD_NAME,
            on_page=page_index,
            box=(round(min(x1, x2)), round(min(y1, y2)), round(max(x1, x2)), round(max(y1, y2))),
        ),
    )


def _sign_with_timestamp(
    pdf_signer: signers.PdfSigner,
    writer: IncrementalPdfFileWriter,
    timestamp_url: str,
    no_timestamp: Callable[[str], None] | None,
) -> bytes | None:
    """The PDF signed with trusted time from `timestamp_url`; None when the service could not
    be reached (`no_timestamp` hears why), and `pdf_signer` then signs without it."""
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    from workshop_app.report.timestamps import UrlTimeStamper

    pdf_signer.default_timestamper = UrlTimeStamper(timestamp_url)
    try:
        return bytes(pdf_signer.sign_pdf(writer).getvalue())
    except TimestampRequestError as exc:
        if no_timestamp is not None:
            no_timestamp(str(exc))
        pdf_signer.default_timestamper = None
        return None


def ensure_signable(workshop: m.Workshop) -> None:
    """Only a signed-off revision is signed; raises UserError for anything else."""
    if workshop.status is not m.Status.SIGNED_OFF:
        raise UserError(
            "Only a signed-off revision is exported with a digital signature; this one is "
            f"{workshop.status.label.lower()}. Export it unsigned, or finish the sign-off first."
        )


def export_signed_pdf(
    workshop: m.Workshop,
    out: Path,
    identity: Identity | UnlockedIdentity | Path | None,
    passphrase: str | None = None,
    *,
    audit_lines: list[str] | None = None,
    timestamp_url: str | None = None,
    no_timestamp: Callable[[str], None] | None = None,
) -> Path:
    """Export a signed-off revision's summary, signed; returns the path written.

    `out` is a folder (the file gets `export.default_file_name`, never overwriting) or a file.
    Drafts and revisions still being signed are never signed: export them with `export_pdf`.
    `timestamp_url` (default: the configured one, `timestamps.configured_url`) adds trusted
    time where the service answers; `no_timestamp` hears why it did not (see `sign_pdf`).
    """
    ensure_signable(workshop)
    from workshop_app.report import export  # the whole renderer, only when exporting

    unlocked = (
        identity if isinstance(identity, UnlockedIdentity) else unlock(identity, passphrase or "")
    )
    pdf = export.build_pdf(
        workshop,
        signature_block=True,
        audit_lines=audit_lines,
        fingerprint=unlocked.identity.fingerprint,
    )
    signed = sign_pdf(
        pdf,
        unlocked,
        box=export.signature_box(),
        page=export.SIGNATURE_PAGE,
        location=workshop.location,
        timestamp_url=configured_url(timestamp_url),
        no_timestamp=no_timestamp,
    )
    return export.write_pdf(signed, out, export.default_file_name(workshop))


# -- the visible stamp -------------------------------------------------------------------------
def stamp_pdf(identity: Identity, signed_at: dt.datetime, width: float, height: float) -> bytes:
    """A one-page PDF the size of the stamp: who signed, for whom, when, which certificate."""
    fonts.register_fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer,
        pagesize=(width, height),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.SANS,  # never the unembedded Helvetica (see layout)
    )
    pdf.setTitle("Signature")
    pdf.setStrokeColor(colors.HexColor("#1f4e79"))
    pdf.setFillColor(colors.HexColor("#f3f7fb"))
    pdf.setLineWidth(1)
    pdf.roundRect(0.5, 0.5, width - 1, height - 1, 4, stroke=1, fill=1)
    lines: Sequence[tuple[str, bool]] = [
        ("Digitally signed by", False),
        (text.markup(identity.name), True),
        *([(text.markup(identity.organisation), False)] if identity.organisation else []),
        *([(text.markup(identity.email), False)] if identity.email else []),
        (f"{signed_at:%Y-%m-%d %H:%M} UTC", False),
        (f"Certificate SHA-256 {identity.fingerprint[:23]}…", False),
    ]
    size = 9.0
    while True:
        style = ParagraphStyle(
            "stamp", fontName=fonts.SANS, fontSize=size, leading=size * 1.2, textColor="#1f2933"
        )
        bold = ParagraphStyle("stamp-bold", parent=style, fontName=fonts.SANS_BOLD)
        paragraphs = [Paragraph(t, bold if strong else style) for t, strong in lines]
        needed = sum(p.wrap(width - 12, height)[1] for p in paragraphs)
        if needed <= height - 10 or size <= 5:
            break
        size -= 0.5
    y = height - 6
    for paragraph in paragraphs:
        _w, h = paragraph.wrap(width - 12, height)
        y -= h
        paragraph.drawOn(pdf, 6, y)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


class _PdfPageContent(content.PdfContent):
    """A PDF page held in memory, drawn as the stamp's background (pyHanko's own
    ImportedPdfPage only reads from a file name)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        self.resources.xobject["/StampPage"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = ph_layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/StampPage Do"


def _asn1_cert(certificate: Any) -> Any:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1_key(private_key: Any) -> Any:
    return asn1_keys.PrivateKeyInfo.load(
        private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _chain_without(certificate: Any, chain: Sequence[Any]) -> list[Any]:
    """The issuing certificates only, each once. pyHanko embeds the signing certificate itself;
    a second copy would be a certificate nobody checks, which some readers (poppler) name as the
    signer when it is edited."""
    seen = {certificate.public_bytes(serialization.Encoding.DER)}
    kept = []
    for issuer in chain:
        der = issuer.public_bytes(serialization.Encoding.DER)
        if der not in seen:
            seen.add(der)
            kept.append(issuer)
    return kept


def _registry(certificates: list[Any]) -> Any:
    store = SimpleCertificateStore()
    store.register_multiple([_asn1_cert(c) for c in certificates])
    return store
