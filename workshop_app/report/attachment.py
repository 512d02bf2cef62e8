"""The workshop's interchange JSON inside its summary PDF, so a shared PDF can be imported back.

reportlab writes the attachment with the document (`attach_json`, just before the canvas saves):
an embedded file stream, its file specification and the catalog's EmbeddedFiles name tree. The
same step dates the document, and `seal` then derives the file identifier from the finished bytes,
so the result stays byte-identical for the same workshop.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas

ATTACHMENT_NAME = "workshop.json"
_DESCRIPTION = "Workshop App interchange data (import it with: workshop-app import FILE.pdf)"
#: The file identifier while the document is written; `seal` replaces it (same length, so every
#: offset in the cross-reference table stays right).
_UNSEALED = b"0" * 32
_UNSEALED_ID = b"[<" + _UNSEALED + b"><" + _UNSEALED + b">]"


def attach_json(canvas: Canvas, json_bytes: bytes, *, created: datetime) -> None:
    """Attach `json_bytes` as workshop.json to the document `canvas` is about to save, and date
    the document `created`. Call it just before ``canvas.save()``, then pass the bytes to `seal`.
    """
    stamp = _pdf_date(created)
    dates = PDFDictionary({"CreationDate": PDFString(stamp), "ModDate": PDFString(stamp)})
    embedded = PDFStream(
        PDFDictionary(
            {
                "Type": PDFName("EmbeddedFile"),
                "Subtype": "/application#2Fjson",  # application/json (PDFName keeps the /)
                "Params": dates,
            }
        ),
        content=json_bytes,
        filters=[PDFZCompress],  # compressed like reportlab compresses page content
    )
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(ATTACHMENT_NAME),
            "EF": PDFDictionary({"F": embedded}),
            "Desc": PDFString(_DESCRIPTION),
            "AFRelationship": PDFName("Data"),
        }
    )
    doc = canvas._doc
    names = PDFArray([PDFString(ATTACHMENT_NAME), doc.Reference(spec)])
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": names})})
    canvas.setDateFormatter(lambda *_: stamp)  # the document's creation and modification dates
    doc._ID = b"\n" + _UNSEALED_ID + b"\n"  # see seal


def seal(pdf_bytes: bytes) -> bytes:
    """The PDF written after `attach_json` with its file identifier filled in: derived from the
    content (the pages, the fonts, the attached workshop), so stable for the same workshop and
    distinct otherwise."""
    at = pdf_bytes.rfind(_UNSEALED_ID)
    if at < 0:
        raise ValueError("the PDF was not written after attach_json")
    identifier = hashlib.sha256(pdf_bytes).hexdigest()[:32].encode("ascii")
    sealed = b"[<" + identifier + b"><" + identifier + b">]"
    return pdf_bytes[:at] + sealed + pdf_bytes[at + len(_UNSEALED_ID) :]


def _pdf_date(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")
