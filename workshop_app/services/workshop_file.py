"""Importing a workshop file: interchange JSON, or a summary PDF that carries it.

The command line (`import`) and the window (File → Import…) both go through `read_workshop_file`
and `import_file`, so they accept and refuse the same files with the same sentences. Sizes are
checked before a byte is read (core/fields.py sets the limits); what a file may bring in (a
summary PDF is verified first, a sign-off needs its digital signature) is services/importing.py's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workshop_app.core.errors import UserError, ValidationError
from workshop_app.core.fields import MAX_FILE_BYTES, MAX_PDF_BYTES
from workshop_app.core.interchange import SCHEMA_ID

if TYPE_CHECKING:
    from workshop_app.services.importing import Imported
    from workshop_app.storage.operations import Library


def read_input_file(path: Path, what: str = "a workshop file", limit: int | None = None) -> bytes:
    """The file's bytes, or UserError in one sentence (missing, a folder, unreadable, too big)."""
    try:
        if limit is not None and path.is_file() and path.stat().st_size > limit:
            raise UserError(
                f"{path} is {path.stat().st_size / 1e6:.1f} MB; Workshop App reads "
                f"{what.removeprefix('a ')}s of at most {limit / 1e6:.0f} MB."
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder; give the path of {what}.") from None
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None


def _is_pdf(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"%PDF"
    except OSError:
        return False  # reading it again reports why, in read_input_file


def read_workshop_file(path: Path) -> bytes:
    """A workshop file's bytes (JSON or a summary PDF, by content), within the size limits."""
    if _is_pdf(path):
        return read_input_file(path, "a summary PDF", MAX_PDF_BYTES)
    if path.suffix.lower() == ".pdf" and path.is_file():
        raise UserError(f"{path} is not a PDF, although its name ends in .pdf.")
    return read_input_file(path, "a workshop file", MAX_FILE_BYTES)


def import_file(library: Library, path: Path, raw: bytes | None = None) -> Imported:
    """Import a workshop file read from path (or its bytes, already read); the new workshop's id
    and, when it came in as a draft or on a signature's word, one sentence saying so."""
    from workshop_app.services.importing import import_file as import_verified

    data = read_workshop_file(path) if raw is None else raw
    try:
        return import_verified(library, data, path)
    except ValidationError as exc:  # name the file: "FILE: workshop.goals[0].title: is missing"
        raise UserError(f"{path}: {_import_problem(exc)}") from None


def _import_problem(exc: ValidationError) -> str:
    if exc.path == "schema":  # some other JSON: say that first, the field name second
        return f"this is not a Workshop App workshop file (its “schema” is not “{SCHEMA_ID}”)"
    return exc.message
