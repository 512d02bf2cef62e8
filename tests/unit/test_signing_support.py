"""Helpers shared by the signing and verification tests (this module holds no tests itself)."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.report import identity as ids
from workshop_app.storage import signoff
from workshop_app.storage.operations import Library

PASSPHRASE = "correct horse battery"


def make_identity(folder: Path, name: str = "Alex Moreau") -> ids.Identity:
    return ids.create_identity(
        name, "Northwind Industries", "alex@example.com", PASSPHRASE, path=folder / "id.p12"
    )


def signed_off(library: Library, workshop_id: str) -> m.Workshop:
    """Every participant signs (decision-makers last), which signs the revision off."""
    people = library.workshop(workshop_id).participants
    for person in sorted(people, key=lambda p: p.decision_maker):
        signoff.sign(library, workshop_id, person.id, person.name)
    workshop = library.workshop(workshop_id)
    assert workshop.status is m.Status.SIGNED_OFF
    return workshop


def tiny_summary_pdf(workshop: m.Workshop, pages: int = 2) -> bytes:
    """A minimal stand-in summary: the document digest in every footer and the JSON attached."""
    digest = interchange.document_digest(workshop)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for number in range(1, pages + 1):
        pdf.drawString(72, 760, f"{workshop.title}, page {number}")
        pdf.drawString(72, 40, f"Document digest SHA-256 {digest}")
        pdf.showPage()
    pdf.save()
    return with_attachment(buffer.getvalue(), interchange.dumps(workshop).encode("utf-8"))


def with_attachment(pdf: bytes, data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_attachment("workshop.json", data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def incremental_update(pdf: bytes, change: str, payload: bytes = b"") -> bytes:
    """Append an incremental update with pypdf, as a tamperer would, keeping earlier bytes."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    if change == "metadata":
        writer.add_metadata({"/Title": "Quietly retitled"})
    elif change == "attachment":
        names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
        spec = names[names.index("workshop.json") + 1].get_object()
        spec["/EF"]["/F"].get_object().set_data(payload)
    elif change == "visible text":
        overlay = io.BytesIO()
        pdf_canvas = canvas.Canvas(overlay)
        pdf_canvas.drawString(72, 400, "Decision: PROCEED with the CRM (approved by the CEO)")
        pdf_canvas.save()
        writer.pages[0].merge_page(PdfReader(overlay).pages[0])
    else:
        raise AssertionError(change)
    out = io.BytesIO()
    writer.write(out)
    result = out.getvalue()
    assert result.startswith(pdf)
    return result
