"""Exporting a workshop's summary PDF.

The GUI's Export stage and the command line call these functions; nothing here knows the GUI.

- `build_pdf` renders a workshop's summary to bytes: deterministic for the same workshop, with the
  interchange JSON attached as ``workshop.json``.
- `export_pdf` writes it atomically into a folder (under a safe default name, never overwriting)
  or to a chosen file.
- A portfolio of many workshops is `report.portfolio.build_portfolio_pdf` (PDF) and
  `report.portfolio_csv.portfolio_csv` (a spreadsheet).
"""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

from workshop_app import paths
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.core.errors import UserError
from workshop_app.core.files import write_atomically
from workshop_app.report import attachment, document
from workshop_app.report.layout import SIGNATURE_PAGE, signature_box
from workshop_app.report.text import clean

__all__ = [
    "SIGNATURE_PAGE",
    "build_pdf",
    "check_pdf_target",
    "default_file_name",
    "ensure_exportable_unsigned",
    "export_pdf",
    "signature_box",
]

_FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)
#: Characters Windows, macOS or Linux reject in file names, plus control characters.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_MAX_NAME_BYTES = 180  # well under the 255-byte limit, leaving room for " (123)"


def build_pdf(
    workshop: m.Workshop,
    *,
    signature_block: bool = False,
    audit_lines: list[str] | None = None,
    fingerprint: str = "",
) -> bytes:
    """The workshop's summary PDF.

    signature_block: reserve and frame the area (`signature_box()` on the last page) where a
    visible digital signature will be stamped; otherwise the area stays empty with a note.
    audit_lines: when given, an appendix lists them (the audit summary).
    fingerprint: the signer's certificate SHA-256, printed in full on the sign-off page (a
    signed export passes it; the stamp itself has room for its beginning only).

    The same workshop always gives the same bytes: the creation date comes from the workshop,
    reportlab runs in invariant mode and the file identifier is derived from the content.
    """
    json_bytes = interchange.dumps(workshop).encode("utf-8")
    created = created_at(workshop)
    raw = document.render(
        workshop,
        signature_block=signature_block,
        audit_lines=audit_lines,
        finish=lambda canvas: attachment.attach_json(canvas, json_bytes, created=created),
        fingerprint=fingerprint,
    )
    return attachment.seal(raw)


def created_at(workshop: m.Workshop) -> datetime:
    """When the workshop was created, else its date, else a fixed date: never 'now'."""
    for value in (workshop.created_at, workshop.date):
        if not value:
            continue
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return _FALLBACK_DATE


def export_pdf(
    workshop: m.Workshop,
    out: Path,
    *,
    signature_block: bool = False,
    audit_lines: list[str] | None = None,
) -> Path:
    """Write the summary PDF and return where it went.

    `out` is a folder (the file gets `default_file_name`, with " (2)", " (3)"… added rather than
    overwriting anything) or a file path, which is replaced if it is an existing PDF: choosing a
    file is a deliberate choice (an existing file that is not a PDF is refused). A missing
    default export folder is created; any other missing folder is an error. Problems raise
    UserError with one sentence; a failed write leaves no file behind. A signed-off revision is
    refused here: it is exported signed (`signing.export_signed_pdf`).
    """
    ensure_exportable_unsigned(workshop)
    data = build_pdf(workshop, signature_block=signature_block, audit_lines=audit_lines)
    return write_pdf(data, out, default_file_name(workshop))


def ensure_exportable_unsigned(workshop: m.Workshop) -> None:
    """The rule a reader relies on: a summary that says "signed off" is always digitally signed.

    So a signed-off revision is only ever written by `signing.export_signed_pdf`; this raises
    UserError for it (drafts and revisions still being signed export unsigned, marked DRAFT).
    """
    if workshop.status is m.Status.SIGNED_OFF:
        raise UserError(
            "A signed-off summary is always exported with a digital signature, so readers can "
            "prove nothing changed. Sign it with your signing identity (create one first if "
            "there is none yet)."
        )


def check_pdf_target(out: Path) -> None:
    """Refuse to write a PDF over an existing file that is not one.

    Choosing an existing PDF replaces it (a deliberate choice); an existing file of any other
    kind (`--out notes.json`) is someone's data, never silently turned into a PDF.
    """
    out = out.expanduser()
    if not out.is_file():
        return
    try:
        with out.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        head = b""  # unreadable: the write will say why, if it fails
    empty_pdf_name = not head and out.suffix.lower() == ".pdf"
    if b"%PDF-" not in head and not empty_pdf_name:
        raise UserError(
            f"{out} already exists and is not a PDF, so it was left as it is. Choose another "
            "file name, or a folder."
        )


def write_pdf(data: bytes, out: Path, default_name: str) -> Path:
    """Write PDF bytes into a folder (under a fresh name) or to a file path, atomically.

    An existing PDF chosen as `out` is replaced; any other existing file is refused."""
    out = out.expanduser()
    check_pdf_target(out)
    if out.is_dir() or (not out.exists() and out.suffix.lower() != ".pdf"):
        return write_new(data, out, default_name)
    if out.is_dir():  # pragma: no cover - handled above
        raise UserError(f"{out} is a folder.")
    if not out.parent.is_dir():
        raise UserError(f"The folder {out.parent} does not exist. Create it or choose another one.")
    return write_atomically(out, data)


def write_new(data: bytes, folder: Path, name: str) -> Path:
    """Write into `folder` under a name nobody uses yet ("name.pdf", "name (2).pdf", …), atomically.

    The name is claimed before writing, so two exports at once never take the same one."""
    if not folder.exists() and _same_path(folder, paths.default_export_dir()):
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise UserError(f"The folder {folder} does not exist. Create it or choose another one.")
    target, reserved = _reserve(folder, name)
    try:
        return write_atomically(target, data)
    except BaseException:
        if reserved:
            target.unlink(missing_ok=True)
        raise


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _reserve(folder: Path, name: str) -> tuple[Path, bool]:
    """Claim a file name nobody uses yet by creating it empty; the write then replaces it."""
    suffix = Path(name).suffix
    stem = name[: -len(suffix)] if suffix else name
    for n in range(1, 10_000):
        candidate = folder / (f"{stem}{suffix}" if n == 1 else f"{stem} ({n}){suffix}")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        except PermissionError:
            raise UserError(
                f"Cannot write to {folder}: the folder is read-only. Choose another one."
            ) from None
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                raise UserError(
                    f"The disk is full, so {candidate.name} was not written. "
                    "Free some space and try again."
                ) from None
            raise UserError(
                f"Cannot write to {folder}: {exc.strerror or 'the system refused'}."
            ) from None
        os.close(fd)
        return candidate, True
    raise UserError(f"{folder} already holds too many copies of {name}.")  # pragma: no cover


def default_file_name(workshop: m.Workshop) -> str:
    """A safe file name: date, division, title and revision, e.g.
    "2026-09-15 Sales - Q3 alignment - rev 1 draft.pdf"."""
    head = " ".join(p for p in (_safe(workshop.date), _safe(workshop.division)) if p)
    title = _safe(workshop.title) or "Workshop"
    tail = f"rev {workshop.revision}" + ("" if workshop.status is m.Status.SIGNED_OFF else " draft")
    budget = _MAX_NAME_BYTES - len(f"{head} - - {tail}.pdf".encode())
    title = _truncate(title, max(budget, 20))
    if len(head.encode()) + len(title.encode()) > _MAX_NAME_BYTES - 30:
        head = _truncate(head, 60)
    name = " - ".join(p for p in (head, title, tail) if p) + ".pdf"
    return "_" + name if _RESERVED.match(name) else name


def _safe(text: str) -> str:
    text = unicodedata.normalize("NFC", clean(text))
    text = _UNSAFE.sub(" ", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Co", "Cn", "Cs"))
    text = " ".join(text.split())
    return text.strip(" .")


def _truncate(text: str, max_bytes: int) -> str:
    if len(text.encode()) <= max_bytes:
        return text
    while len((text + "…").encode()) > max_bytes:
        text = text[:-1]
    return text.rstrip(" .") + "…"


# -- portfolio -------------------------------------------------------------------------------
