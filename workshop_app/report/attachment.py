"""The workshop's interchange JSON inside its summary PDF, so a shared PDF can be imported back.

reportlab cannot embed files, so pypdf adds the attachment after reportlab has written the
document. The same step fixes the dates and the file identifier, so the result stays
byte-identical for the same workshop.
"""

from __future__ import annotations

import hashlib
import io
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from workshop_app.core.errors import UserError

ATTACHMENT_NAME = "workshop.json"
_DESCRIPTION = "Workshop App interchange data (import it with: workshop-app import FILE.pdf)"


def embed_json(
    pdf_bytes: bytes, json_bytes: bytes, *, created: datetime, metadata: dict[str, str]
) -> bytes:
    """Return the PDF with `json_bytes` attached as workshop.json, dated `created`."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    attachment = writer.add_attachment(ATTACHMENT_NAME, json_bytes)
    attachment.subtype = NameObject("/application#2Fjson")
    attachment.description = TextStringObject(_DESCRIPTION)
    attachment.associated_file_relationship = NameObject("/Data")
    attachment.creation_date = created
    attachment.modification_date = created
    # Compress the embedded file like reportlab compresses page content.
    files = cast(DictionaryObject, attachment.pdf_object["/EF"].get_object())
    stream_ref = cast(IndirectObject, files.raw_get("/F"))
    stream = cast(DecodedStreamObject, stream_ref.get_object())
    writer._replace_object(stream_ref, stream.flate_encode())
    stamp = _pdf_date(created)
    writer.add_metadata({**metadata, "/CreationDate": stamp, "/ModDate": stamp})
    # One identifier derived from the content: stable for the same workshop, distinct otherwise.
    identifier = hashlib.sha256(pdf_bytes + json_bytes).digest()[:16]
    writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(identifier)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def embedded_json(pdf_bytes: bytes, path: Path) -> bytes:
    """The workshop.json attached to a summary PDF, exactly as it was embedded.

    Raises UserError when the file is not a readable PDF or carries no workshop.
    """
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        found = reader.attachments.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        raise UserError(
            f"{path} could not be read as a PDF; it may be damaged or not a PDF at all."
        ) from None
    finally:
        quiet.setLevel(level)
    if not found:
        raise UserError(f"{path} has no embedded workshop; it was not exported by Workshop App.")
    return bytes(found[-1])


def _pdf_date(moment: datetime) -> str:
    moment = moment.astimezone(UTC)
    return moment.strftime("D:%Y%m%d%H%M%S+00'00'")
