"""Import trusts only what a file can prove: a sign-off comes in only with a valid digital
signature; a JSON file or an unsigned summary claiming one becomes a draft, and says why."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.unit.test_signing_support import (
    PASSPHRASE,
    make_identity,
    signed_off,
    tiny_summary_pdf,
    with_attachment,
)
from workshop_app.cli import main
from workshop_app.core import interchange
from workshop_app.core import model as m
from workshop_app.report.export import build_pdf
from workshop_app.report.signing import export_signed_pdf
from workshop_app.storage.operations import Library

Capsys = pytest.CaptureFixture[str]


def _import(capsys: Capsys, db: Path, file: Path) -> tuple[int, str, str]:
    code = main(["--db", str(db), "import", str(file)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_json_file_saying_signed_off_imports_as_a_draft_and_says_why(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    claimed = signed_off(library, demo_id)
    file = tmp_path / "claims-signed-off.json"
    file.write_text(interchange.dumps(claimed), encoding="utf-8")

    code, out, err = _import(capsys, tmp_path / "other.sqlite3", file)
    assert code == 0
    workshop_id = out.strip()  # the id alone on standard output, for scripts
    assert "draft" in err and "cannot prove a sign-off" in err and err.count("\n") == 1
    other = Library(tmp_path / "other.sqlite3")
    try:
        imported = other.workshop(workshop_id)
    finally:
        other.close()
    assert imported.status is m.Status.DRAFT and imported.signatures == []
    assert interchange.content_digest(imported) == interchange.content_digest(claimed)


def test_a_draft_json_imports_unchanged_and_quietly(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    file = tmp_path / "draft.json"
    file.write_text(library.export_json(demo_id), encoding="utf-8")
    code, out, err = _import(capsys, tmp_path / "other.sqlite3", file)
    assert (code, err) == (0, "")
    other = Library(tmp_path / "other.sqlite3")
    try:
        assert other.export_json(out.strip()) == library.export_json(demo_id)
    finally:
        other.close()


def test_a_signed_summary_that_verifies_imports_signed_off(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    workshop = signed_off(library, demo_id)
    pdf = export_signed_pdf(workshop, tmp_path / "s.pdf", make_identity(tmp_path), PASSPHRASE)
    code, out, err = _import(capsys, tmp_path / "other.sqlite3", pdf)
    assert code == 0 and "digital signature of Alex Moreau" in err
    other = Library(tmp_path / "other.sqlite3")
    try:
        imported = other.workshop(out.strip())
    finally:
        other.close()
    assert imported.status is m.Status.SIGNED_OFF
    assert imported.signatures == workshop.signatures


def test_an_unsigned_summary_claiming_a_sign_off_is_refused(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    file = tmp_path / "unsigned.pdf"
    file.write_bytes(tiny_summary_pdf(signed_off(library, demo_id)))
    code, out, err = _import(capsys, tmp_path / "other.sqlite3", file)
    assert (code, out) == (1, "")
    assert "was not imported" in err and "no digital signature" in err
    assert err.count("\n") == 1


def test_an_unsigned_draft_summary_imports_as_a_draft(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    file = tmp_path / "draft.pdf"
    file.write_bytes(build_pdf(library.workshop(demo_id)))
    code, out, err = _import(capsys, tmp_path / "other.sqlite3", file)
    assert (code, err) == (0, "")
    assert out.strip() == demo_id


def test_two_embedded_workshops_are_refused_never_one_picked(
    library: Library, demo_id: str, tmp_path: Path, capsys: Capsys
) -> None:
    pdf = build_pdf(library.workshop(demo_id))
    (data,) = PdfReader(io.BytesIO(pdf)).attachments["workshop.json"]
    changed = json.loads(data)
    changed["workshop"]["title"] = "The other story"
    file = tmp_path / "two.pdf"
    file.write_bytes(with_attachment(pdf, json.dumps(changed).encode()))
    code, out, err = _import(capsys, tmp_path / "other.sqlite3", file)
    assert (code, out) == (1, "")
    assert "2 embedded workshop files" in err and err.count("\n") == 1
