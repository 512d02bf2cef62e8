"""Checking a shared summary PDF: is it what was signed off, and who signed it?

`verify_pdf` answers in plain sentences (`Verdict.lines`) and one flag (`Verdict.ok`). The rule
a reader can rely on: **a summary that says "signed off" is always digitally signed**, and the
digest printed on every page covers the sign-off record as well as the content.

* **Limits first.** A file whose compressed parts would expand beyond `limits` (a decompression
  bomb) is refused before any parser inflates it.
* **Signed PDF.** ok requires that the signature is intact (the signed bytes are unchanged) and
  cryptographically sound, that it covers the *entire file* (nothing appended or updated after
  signing, not even metadata), that the embedded `workshop.json` matches the document digest
  printed on the pages (`interchange.document_digest`: content, status, signatures, stances and
  reservations), and that a revision marked signed off holds a valid signature from every
  decision-maker. Once the signature proves every byte is as exported, the digest is read on the
  first, middle and last page; any other file has it read on every page.
* **Who signed.** With `trust` (a certificate file) the signer's certificate must chain to it, or
  ok is False (an unsigned summary then fails too). Without it the signer is named from the
  certificate and the verdict says plainly that the certificate was *not* checked against a
  trusted one: an intact signature still proves the file is unchanged since that key signed it,
  but not whose key it was. This is a deliberate choice: a facilitator's identity is usually
  self-signed and readers rarely hold it, so ok=True would otherwise hardly ever be reachable.
  Its SHA-256 fingerprint is printed so a reader can compare it with the one the facilitator
  publishes (the sign-off page prints it in full), or pass `--trust`.
* **Unsigned PDF.** A summary whose embedded data says signed off fails: its signature was
  stripped, or it was made some other way. For a draft only the digest and the file's structure
  can be checked: the embedded data must match the printed digest, and every object of the file
  must read back cleanly (the cross-reference table points at them, every compressed stream
  decompresses and passes its checksum). ok is True when both hold, and the verdict says exactly
  that and what was *not* checked (what the pages show, metadata, page boxes): these checks
  catch some accidents, not deliberate edits.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workshop_app import collector
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.signoff import fully_signed, signature_status
from workshop_app.report import limits
from workshop_app.report.cert_names import allow_any_name

if TYPE_CHECKING:
    from pypdf import PdfReader

ATTACHMENT = "workshop.json"
#: "Document digest SHA-256 <64 hex>" in every footer; tolerate line breaks inside the hex.
_PRINTED_DIGEST = re.compile(r"SHA-256[^0-9a-fA-F]{0,20}((?:[0-9a-fA-F]\s*){64})")
MAX_PDF_BYTES = 200 * 1024 * 1024
_QUIET = ("pyhanko", "pyhanko_certvalidator", "fontTools")
#: "12 0 obj", where the cross-reference table says object 12 starts.
_OBJECT_HEADER = re.compile(rb"\s*(\d{1,10})\s+(\d{1,5})\s+obj\b")


def quiet_pyhanko_logs() -> None:
    """pyHanko logs long tracebacks for ordinary outcomes (an untrusted certificate, a changed
    file). Those outcomes are reported to the user in plain words instead, so its loggers stay
    silent."""
    for name in _QUIET:
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL + 1)
        logger.propagate = False


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf warns about every flaw of a damaged file; while verifying, the verdict says it."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


@dataclass
class Verdict:
    """The outcome of checking one PDF: ok, and the reasons in plain language."""

    ok: bool
    lines: list[str]
    signed: bool = False
    problems: list[str] = field(default_factory=list)
    workshop: m.Workshop | None = None  # the embedded workshop, when it could be read
    signer: str = ""  # who signed, from the certificate ("" when unsigned)
    signed_at: str = ""  # the signer's clock, ISO UTC


def verify_pdf(pdf_bytes: bytes, trust: Path | None = None) -> Verdict:
    """Check a summary PDF's digital signature, its embedded data and its sign-off record."""
    trust_roots = _load_trust(trust) if trust is not None else None
    quiet_pyhanko_logs()
    with _quiet_pypdf():
        return _verify(pdf_bytes, trust_roots, trust)


def _verify(pdf_bytes: bytes, trust_roots: list[Any] | None, trust: Path | None) -> Verdict:
    report = _Report()
    if len(pdf_bytes) > MAX_PDF_BYTES:
        return report.fail_early("This file is too large to be a workshop summary.")
    if b"%PDF-" not in pdf_bytes[:1024]:
        return report.fail_early("This is not a PDF file.")
    too_much = limits.decompression_problem(pdf_bytes)  # before any parser inflates anything
    if too_much is not None:
        return report.fail_early(too_much)
    _check_signatures(pdf_bytes, trust_roots, trust, report)
    pages: _Pages
    if report.untouched and report.hanko is not None:
        # Every byte is what the signer's key signed: read the embedded data and the sampled
        # pages with the reader that checked the signature, instead of parsing the file again.
        pages = _SignedPages(report.hanko, pdf_bytes)
    else:
        try:
            pages = _PypdfPages(pdf_bytes)
        except Exception:  # any parsing failure of untrusted input means "damaged"
            return _Report().fail_early("The PDF is damaged and cannot be read.")
        if not report.signed:  # a signature covers every byte; without one, look for damage
            _check_structure(pdf_bytes, report)
    # Reading the embedded workshop makes a hundred thousand objects for a large one, which
    # would set off full collections of everything pyHanko loaded, for nothing (collector.py).
    with collector.paused():
        found = _check_digest(pages, report, quick=report.untouched)
        if found is None:
            return report.verdict(None)
        workshop, content_digest = found
        _list_signoffs(workshop, content_digest, report)
    return report.verdict(workshop)


class _Pages:
    """What the digest check reads from a PDF: its page count, an attachment's copies, a page's
    content stream and, where need be, its extracted text."""

    page_count: int

    def attachments(self, name: str) -> list[bytes]:
        raise NotImplementedError

    def content(self, index: int) -> bytes:
        raise NotImplementedError

    def text(self, index: int) -> str:
        raise NotImplementedError


class _PypdfPages(_Pages):
    """Any PDF, read with pypdf (lenient: a damaged file still shows what it can)."""

    def __init__(self, pdf_bytes: bytes) -> None:
        from pypdf import PdfReader

        self.reader: PdfReader = PdfReader(io.BytesIO(pdf_bytes), strict=False)
        self.page_count = len(self.reader.pages)

    def attachments(self, name: str) -> list[bytes]:
        return list(self.reader.attachments.get(name) or [])

    def content(self, index: int) -> bytes:
        contents = self.reader.pages[index].get_contents()
        return contents.get_data() if contents is not None else b""

    def text(self, index: int) -> str:
        return self.reader.pages[index].extract_text() or ""


class _SignedPages(_Pages):
    """A PDF whose signature covers every byte, read with pyHanko's reader, which has parsed it
    already to check the signature (parsing it again with pypdf took as long as the check).
    Text extraction, needed only when a sampled page does not carry the digest as the footer
    writes it, still goes through pypdf."""

    def __init__(self, reader: Any, pdf_bytes: bytes) -> None:
        self.reader = reader
        self._bytes = pdf_bytes
        self._pypdf: _PypdfPages | None = None
        self.page_count = int(reader.root["/Pages"]["/Count"])

    def attachments(self, name: str) -> list[bytes]:
        """The embedded files called `name` (the key or its /UF), as pypdf's `attachments` finds
        them: in the catalog's EmbeddedFiles name tree, its /Names and its kids' /Names."""
        from pyhanko.pdf_utils import generic

        tree = _entry(_entry(self.reader.root, "/Names"), "/EmbeddedFiles")
        arrays = [_entry(tree, "/Names")]
        kids = _entry(tree, "/Kids")
        if isinstance(kids, generic.ArrayObject):
            arrays += [_entry(kids[i], "/Names") for i in range(len(kids))]
        found: list[bytes] = []
        for array in arrays:
            if not isinstance(array, generic.ArrayObject):
                continue
            for i in range(1, len(array), 2):
                spec = array[i]
                if not isinstance(spec, generic.DictionaryObject):
                    continue
                key = str(array[i - 1])
                if name not in {key, str(_entry(spec, "/UF") or key)}:
                    continue
                files = spec["/EF"]
                found.append((_entry(files, "/UF") or files["/F"]).data)
        return found

    def content(self, index: int) -> bytes:
        from pyhanko.pdf_utils import generic

        contents = _entry(self._page(index), "/Contents")
        if isinstance(contents, generic.ArrayObject):
            return b"\n".join(contents[i].data for i in range(len(contents)))
        return b"" if contents is None else bytes(contents.data)

    def _page(self, index: int) -> Any:
        """The page at `index`. A page tree of one level (as reportlab writes it) is indexed
        directly; pyHanko's walk reads every page before it, most of the time of a check."""
        tree = self.reader.root["/Pages"]
        kids = _entry(tree, "/Kids")
        if kids is not None and len(kids) == self.page_count:
            page = kids[index]
            if _entry(page, "/Type") == "/Page":
                return page
        page_ref, _resources = self.reader.find_page_for_modification(index)
        return page_ref.get_object()

    def text(self, index: int) -> str:
        if self._pypdf is None:
            self._pypdf = _PypdfPages(self._bytes)
        return self._pypdf.text(index)


#: What the check of an unsigned summary did and did not look at, said with every such verdict.
_UNSIGNED_SCOPE = (
    "This summary is not digitally signed, so only two things were checked: the embedded "
    "workshop data matches the digest printed on every page, and every object of the file reads "
    "back and every compressed stream decompresses intact. What the pages show, the document's "
    "metadata (title, author) and page sizes were not checked; anyone can recompute a digest, so "
    "this catches some accidents, not deliberate edits."
)


def _entry(dictionary: Any, key: str) -> Any:
    """A pyHanko dictionary's value at `key`, dereferenced; None when absent, null or when
    `dictionary` is not a dictionary."""
    from pyhanko.pdf_utils import generic

    if not isinstance(dictionary, generic.DictionaryObject):
        return None
    try:
        return dictionary[key]
    except KeyError:
        return None


# -- signatures --------------------------------------------------------------------------------
def _check_signatures(
    pdf_bytes: bytes, trust_roots: list[Any] | None, trust: Path | None, report: _Report
) -> None:
    quiet_pyhanko_logs()
    allow_any_name()
    signatures = _embedded_signatures(pdf_bytes, report)
    if signatures is None:
        return
    if not signatures:
        report.intro = _UNSIGNED_SCOPE
        if trust is not None:
            report.problem(
                f"The summary is not digitally signed, so it cannot be checked against "
                f"{trust.name}."
            )
        return
    report.signed = True
    report.untouched = True  # until a signature says otherwise
    for number, embedded in enumerate(signatures, start=1):
        label = "Signature" if len(signatures) == 1 else f"Signature {number}"
        _check_signature(embedded, number, label, trust_roots, trust, report)


def _embedded_signatures(pdf_bytes: bytes, report: _Report) -> list[Any] | None:
    """The PDF's signatures ([] when unsigned); None when there is one that cannot be read."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(
            io.BytesIO(pdf_bytes), strict=False, decode_limits=limits.decode_limits()
        )
        signatures = list(reader.embedded_signatures)
    except Exception:
        if b"/ByteRange" in pdf_bytes:  # there is a signature, and it cannot be checked
            report.problem(
                "The PDF's structure is damaged, so its digital signature cannot be checked."
            )
            return None
        return []  # unsigned: the check of the structure below says what is wrong
    report.hanko = reader
    return signatures


def _check_signature(
    embedded: Any,
    number: int,
    label: str,
    trust_roots: list[Any] | None,
    trust: Path | None,
    report: _Report,
) -> None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    context = ValidationContext(trust_roots=trust_roots or [], allow_fetching=False)
    try:
        status = validate_pdf_signature(embedded, context, key_usage_settings=usage)
    except Exception:
        report.untouched = False
        report.problem(f"{label}: it is damaged and cannot be checked.")
        return
    who = _describe_subject(status.signing_cert)
    when = status.signer_reported_dt
    if number == 1:
        report.signer = who
        report.signed_at = f"{when:%Y-%m-%dT%H:%M:%SZ}" if when else ""
    report.add(f"{label}: signed by {who}.")
    _report_time(status, when, label, report)
    _report_integrity(status, label, report)
    _report_certificate(status, label, trust_roots, trust, report)


def _report_integrity(status: Any, label: str, report: _Report) -> None:
    """Whether the signed bytes are intact, and whether anything came after them."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if not (
        status.intact and status.valid and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    ):
        report.untouched = False
    if not status.intact:
        report.problem(
            f"{label}: the signed content was changed after signing: the document's bytes "
            "no longer match the signature."
        )
    elif not status.valid:
        report.problem(
            f"{label}: the signature itself is broken; it was not made with the key of the "
            "certificate it names."
        )
    else:
        report.add(f"{label}: intact; the signed content is exactly what was signed.")
    if not (status.intact and status.valid):
        return
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        report.add("Nothing was changed or appended after signing.")
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        report.problem(
            "Something was added to the file after it was signed "
            f"({_what_was_added(status)}), so the file is not exactly what was signed."
        )
    else:
        report.problem(
            f"{label} does not cover the whole document, so parts of it could have been changed."
        )


def _report_certificate(
    status: Any, label: str, trust_roots: list[Any] | None, trust: Path | None, report: _Report
) -> None:
    """Who the certificate is, and whether it is the trusted one when one was given."""
    cert = status.signing_cert
    fingerprint = _fingerprint(cert)
    if trust_roots is None:
        kind = "self-signed" if cert.self_signed != "no" else f"issued by {_issuer(cert)}"
        report.add(
            f"Certificate: {kind}; not checked against a trusted certificate "
            f"(SHA-256 fingerprint {fingerprint}). Use --trust CERT to check who signed."
        )
    elif status.trusted:
        report.add(f"Certificate: trusted; it chains to {trust.name if trust else 'it'}.")
    else:
        report.problem(
            f"{label}: the signer's certificate is not the trusted one "
            f"({_trust_problem(status)}; SHA-256 fingerprint {fingerprint})."
        )


def _report_time(status: Any, when: Any, label: str, report: _Report) -> None:
    """Trusted time from an RFC 3161 timestamp (PAdES B-T), or the signer's own clock (B-B)."""
    stamp = status.timestamp_validity
    if stamp is None:
        if when is not None:
            report.add(
                f"Signed at {when:%Y-%m-%d %H:%M} UTC, by the signer's own clock: no trusted "
                "timestamp (PAdES B-B)."
            )
        return
    if not (stamp.intact and stamp.valid):
        report.problem(f"{label}: its timestamp is damaged, so the time it claims is not proven.")
        return
    checked = "" if stamp.trusted else "; its certificate was not checked against a trusted one"
    report.add(
        f"Trusted time: signed no later than {stamp.timestamp:%Y-%m-%d %H:%M} UTC, by the "
        f"timestamp service {_describe_subject(stamp.signing_cert)} (RFC 3161, PAdES B-T)"
        f"{checked}."
    )


def _what_was_added(status: Any) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel

    level = status.modification_level
    if level is None or level == ModificationLevel.NONE:
        return "bytes after the signed part"
    if level == ModificationLevel.LTA_UPDATES:
        return "an update to the document's metadata or validation data"
    if level == ModificationLevel.FORM_FILLING:
        return "form fields were filled in"
    if level == ModificationLevel.ANNOTATIONS:
        return "annotations were added"
    return "an update that changes the document"


def _describe_subject(cert: Any) -> str:
    subject = cert.subject.native
    name = subject.get("common_name") or cert.subject.human_friendly
    organisation = subject.get("organization_name")
    email = subject.get("email_address")
    text = str(name)
    if organisation:
        text += f", {organisation}"
    if email:
        text += f" <{email}>"
    return text


def _issuer(cert: Any) -> str:
    issuer = cert.issuer.native
    return str(issuer.get("common_name") or cert.issuer.human_friendly)


def _fingerprint(cert: Any) -> str:
    import hashlib

    digest = hashlib.sha256(cert.dump()).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _trust_problem(status: Any) -> str:
    if status.revoked:
        return "it has been revoked"
    indication = status.trust_problem_indic
    name = getattr(indication, "name", "")
    if "EXPIRED" in name or "OUT_OF_BOUNDS" in name:
        return "it is outside its validity period"
    return "it does not chain to the trusted certificate"


def _load_trust(path: Path) -> list[Any]:
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no certificate file at {path}.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    try:
        if b"-----BEGIN" in data:
            certs = x509.load_pem_x509_certificates(data)
        else:
            certs = [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise UserError(
            f"{path.name} is not a certificate (PEM or DER); pass the signer's .crt file."
        ) from None
    from cryptography.hazmat.primitives import serialization

    return [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in certs]


# -- the file's structure (unsigned PDFs) ------------------------------------------------------
def _check_structure(pdf_bytes: bytes, report: _Report) -> None:
    """Accidental damage the digest cannot see: every object listed in the cross-reference table
    must be where it says and parse (pypdf in strict mode), and every compressed stream (fonts,
    pages, images, the embedded data) must decompress with a valid checksum. pypdf itself quietly
    repairs broken compressed data, so Flate streams are checked with zlib directly."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    damaged: list[int] = []
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes), strict=True)
        entries = sorted(
            (number, generation, offset)
            for generation, objects in reader.xref.items()
            for number, offset in objects.items()
        )
        for number, generation, offset in entries:
            # pypdf, even strict, quietly finds an object the table misplaces: check it here.
            header = _OBJECT_HEADER.match(pdf_bytes, offset)
            if header is None or (int(header[1]), int(header[2])) != (number, generation):
                damaged.append(number)
                continue
            try:
                obj = reader.get_object(IndirectObject(number, generation, reader))
                if isinstance(obj, StreamObject):
                    _decode_strictly(obj)
            except Exception:  # untrusted input: any failure to read an object is damage
                damaged.append(number)
    except Exception:
        report.problem(
            "The file is damaged: its table of contents (the cross-reference table) does not "
            "match its objects, so it was changed or corrupted after it was exported."
        )
        return
    if damaged:
        which = _objects(damaged)
        report.problem(
            f"The file is damaged: {which} no longer read back correctly, so it was changed or "
            "corrupted after it was exported."
        )


def _decode_strictly(stream: Any) -> None:
    """Raise unless the stream's filters undo cleanly; Flate data must pass its checksum too."""
    filters = stream.get("/Filter")
    chain = [filters] if isinstance(filters, str) else list(filters or [])
    data: bytes = stream._data
    for name in chain:
        if name == "/FlateDecode":
            limits.inflate(data)  # strict: pypdf would silently salvage what it can
            return
        if name == "/ASCII85Decode":
            from pypdf.filters import ASCII85Decode

            data = ASCII85Decode.decode(data)
            continue
        break
    stream.get_data()  # any other filter: as far as pypdf can tell


def _objects(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"one of its parts (object {numbers[0]})"
    shown = ", ".join(str(n) for n in numbers[:5]) + (", …" if len(numbers) > 5 else "")
    return f"{len(numbers)} of its parts (objects {shown})"


# -- embedded data and printed digest ----------------------------------------------------------
def _check_digest(pages: _Pages, report: _Report, *, quick: bool) -> tuple[m.Workshop, str] | None:
    """The embedded workshop and its content digest, once its document digest has been
    compared with the one printed on the pages (None when there is no workshop to read)."""
    page_count = pages.page_count
    try:
        attached = pages.attachments(ATTACHMENT)
    except Exception:
        attached = None
    if not attached:
        report.problem(
            f"The PDF carries no embedded workshop data ({ATTACHMENT}), so its content cannot "
            "be checked against the printed digest."
        )
        return None
    if len(attached) > 1:
        report.problem(
            f"The PDF carries {len(attached)} embedded workshop files named {ATTACHMENT}; a "
            "genuine summary has exactly one."
        )
        return None
    try:
        workshop = interchange.loads(attached[0])
    except ValidationError as exc:
        report.problem(f"The embedded workshop data is not valid ({exc.message}).")
        return None
    content_digest, digest = interchange.digests(workshop)
    sampled = _sample_pages(page_count) if quick else []
    if sampled and all(_digests_in_content(pages, i) == {digest} for i in sampled):
        shown = ", ".join(str(i + 1) for i in sampled)
        report.add(
            "Document digest: the embedded workshop data (its content and its sign-off record) "
            f"matches the digest printed on the pages (SHA-256 {digest[:16]}…; read on "
            f"{'page' if len(sampled) == 1 else 'pages'} {shown}, and the signature covers "
            "every page exactly as it was exported)."
        )
        return workshop, content_digest
    printed = _printed_digests(pages, digest if quick else None)
    if not printed:
        report.problem(
            "No document digest is printed in the document, so the embedded data cannot be "
            "matched to what the pages show."
        )
        return workshop, content_digest
    missing = [p for p in range(1, page_count + 1) if p not in printed]
    mismatched = [p for p, values in printed.items() if values != {digest}]
    if not missing and not mismatched:
        report.add(
            "Document digest: the embedded workshop data (its content and its sign-off record) "
            f"matches the digest printed on every page (SHA-256 {digest[:16]}…)."
        )
    if mismatched:
        shown = sorted(next(iter(printed[p])) for p in mismatched)[0]
        report.problem(
            "The embedded workshop data does not match the digest printed in the document "
            f"(printed {shown[:16]}…, data gives {digest[:16]}…): the content was changed"
            + _pages(mismatched)
            + "."
        )
    if missing:
        report.problem(f"No document digest is printed{_pages(missing)}.")
    return workshop, content_digest


def _sample_pages(page_count: int) -> list[int]:
    """The first, middle and last page (indexes): where a file whose signature covers every
    byte has its printed digest read. Its pages are exactly what the signer's export wrote, and
    reading all of them took longer than checking the signature itself."""
    return sorted({0, page_count // 2, page_count - 1}) if page_count else []


def _printed_digests(pages: _Pages, expected: str | None) -> dict[int, set[str]]:
    """The digests printed on each page (pages printing none are left out).

    Extracting a page's text with pypdf (every operator parsed, every font's map read) is what
    makes this slow: seconds for a few hundred pages. With `expected` (a file whose signature
    covers every byte, so its pages are what the signer exported) a page whose content stream
    carries the expected digest and no other, as the footer writes it in plain ASCII, needs no
    extraction; any other page is extracted as before, so a missing or different digest is
    reported exactly as it always was."""
    printed: dict[int, set[str]] = {}
    for index in range(pages.page_count):
        found = _digests_in_content(pages, index) if expected else None
        if found != {expected}:
            found = _digests(_page_text(pages, index))
        if found:
            printed[index + 1] = found
    return printed


def _digests(text: str) -> set[str]:
    return {"".join(h.split()).lower() for h in _PRINTED_DIGEST.findall(text)}


def _digests_in_content(pages: _Pages, index: int) -> set[str] | None:
    """The digests written as plain text in the page's content stream (None when unreadable)."""
    try:
        data = pages.content(index)
    except Exception:
        return None
    return _digests(data.decode("latin-1"))


def _page_text(pages: _Pages, index: int) -> str:
    try:
        return pages.text(index)
    except Exception:
        return ""


def _pages(pages: list[int]) -> str:
    if len(pages) == 1:
        return f" on page {pages[0]}"
    return " on pages " + ", ".join(str(p) for p in sorted(pages))


# -- the sign-off record -----------------------------------------------------------------------
def _list_signoffs(workshop: m.Workshop, content_digest: str, report: _Report) -> None:
    report.add(
        f"Workshop: “{workshop.title}”, revision {workshop.revision}, "
        f"{workshop.status.label.lower()}."
    )
    states = signature_status(workshop, content_digest)
    if not states:
        report.add("Sign-offs: the workshop lists no participants.")
        return
    report.add("Sign-offs:")
    for state in states:
        person = state.participant
        who = person.name + (f" ({person.role})" if person.role else "")
        if person.decision_maker:
            who += ", decision-maker"
        sig = state.signature
        if sig is None:
            report.add(f"  - {who}: {state.label.lower()}.")
            continue
        when = f" on {sig.signed_at[:10]}" if sig.signed_at else ""
        stance = sig.stance.label.lower()
        note = f" (“{' '.join(sig.note.split())}”)" if sig.note else ""
        validity = "valid" if state.valid else "VOID: the workshop changed after this signature"
        report.add(f"  - {who}: {stance}{note}{when}; {validity}.")
    if workshop.status is m.Status.SIGNED_OFF and not fully_signed(states):
        report.problem(
            "The workshop is marked signed off, but not every decision-maker holds a valid "
            "signature."
        )
    if workshop.status is m.Status.SIGNED_OFF and not report.signed:
        report.problem(
            "The document says it is signed off, but it carries no digital signature; a genuine "
            "signed-off summary is always digitally signed, so this copy lost its signature or "
            "was made some other way."
        )


# -- assembling the verdict --------------------------------------------------------------------
class _Report:
    def __init__(self) -> None:
        self.intro = ""
        self.lines: list[str] = []
        self.problems: list[str] = []
        self.signed = False
        #: pyHanko's reader of the file, when it could read it (it found the signatures).
        self.hanko: Any = None
        #: Signed, and every signature intact, sound and covering the entire file: every byte,
        #: the printed pages included, is what the signer's key signed.
        self.untouched = False
        self.signer = ""
        self.signed_at = ""

    def add(self, line: str) -> None:
        self.lines.append(line)

    def problem(self, line: str) -> None:
        self.problems.append(line)
        self.lines.append(f"PROBLEM: {line}")

    def fail_early(self, reason: str) -> Verdict:
        self.problems.append(reason)
        return Verdict(False, [f"NOT VERIFIED: {reason}"], problems=list(self.problems))

    def verdict(self, workshop: m.Workshop | None) -> Verdict:
        ok = not self.problems
        if not ok:
            count = len(self.problems)
            headline = (
                f"NOT VERIFIED: {self.problems[0]}"
                if count == 1
                else f"NOT VERIFIED: {count} problems found; see below."
            )
        elif self.signed:
            headline = (
                "VERIFIED: the signature is intact and nothing changed after signing; "
                "the content matches its digest."
            )
        else:
            headline = (
                "VERIFIED (unsigned): the embedded data matches the digest printed on the pages "
                "and every part of the file reads back; nothing more was checked (see below)."
            )
        lines = [headline]
        if self.intro:
            lines.append(self.intro)
        if len(self.problems) == 1:  # the headline says it already: once is enough
            repeated = f"PROBLEM: {self.problems[0]}"
            lines += [line for line in self.lines if line != repeated]
        else:
            lines += self.lines
        return Verdict(
            ok,
            lines,
            signed=self.signed,
            problems=list(self.problems),
            workshop=workshop,
            signer=self.signer,
            signed_at=self.signed_at,
        )
