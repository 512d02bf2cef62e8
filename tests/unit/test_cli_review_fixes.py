"""Command-line regressions from review: nothing overwritten by surprise, messages that say what
is wrong once and name the file, and unsigned summaries checked for damage, not only the digest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import StreamObject

from tests.unit.test_cli import assert_one_line_error, run
from workshop_app.cli import main
from workshop_app.report.verify import verify_pdf

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


@pytest.fixture
def demo(capsys: Capsys, db: str) -> str:
    code, out, err = run(capsys, "--db", db, "demo")
    assert (code, err) == (0, "")
    return out.strip()


@pytest.fixture
def summary(capsys: Capsys, db: str, demo: str, tmp_path: Path) -> Path:
    """The demo's unsigned summary PDF, as `export-pdf` writes it."""
    path = tmp_path / "summary.pdf"
    code, out, err = run(capsys, "--db", db, "export-pdf", demo, "--out", str(path))
    assert (code, err) == (0, "") and Path(out.strip()) == path.resolve()
    return path


# -- export-pdf never turns someone's other file into a PDF -----------------------------------
@pytest.mark.parametrize("sign", [False, True])
def test_export_pdf_refuses_to_overwrite_a_file_that_is_not_a_pdf(
    capsys: Capsys, db: str, demo: str, tmp_path: Path, sign: bool
) -> None:
    existing = tmp_path / "existing.json"
    existing.write_text('{"keep": "me"}', encoding="utf-8")
    argv = ["--db", db, "export-pdf", demo, "--out", str(existing)] + (["--sign"] if sign else [])
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == ""
    assert_one_line_error(err, f"{existing} already exists and is not a PDF")
    assert existing.read_text(encoding="utf-8") == '{"keep": "me"}'
    assert not list(tmp_path.rglob("*.pdf"))  # nothing written anywhere either


def test_export_pdf_refuses_a_file_named_pdf_that_is_something_else(
    capsys: Capsys, db: str, demo: str, tmp_path: Path
) -> None:
    fake = tmp_path / "minutes.pdf"
    fake.write_bytes(b"PK\x03\x04 a zipped document renamed")
    code, _out, err = run(capsys, "--db", db, "export-pdf", demo, "--out", str(fake))
    assert code == 1
    assert_one_line_error(err, "is not a PDF")
    assert fake.read_bytes().startswith(b"PK")


def test_export_pdf_replaces_an_existing_pdf_chosen_explicitly(
    capsys: Capsys, db: str, demo: str, summary: Path
) -> None:
    summary.write_bytes(b"%PDF-1.4\nan older summary")
    code, out, err = run(capsys, "--db", db, "export-pdf", demo, "--out", str(summary))
    assert (code, err) == (0, "") and Path(out.strip()) == summary.resolve()
    assert verify_pdf(summary.read_bytes()).ok


# -- restore and import say what is wrong with the file they were given ------------------------
def test_restore_from_a_folder_says_it_is_a_folder(capsys: Capsys, db: str, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    code, out, err = run(capsys, "--db", db, "restore", str(folder))
    assert code == 1 and out == ""
    assert_one_line_error(err, f"{folder} is a folder, not a backup file")
    assert "There is no backup file" not in err


def test_json_import_errors_name_the_file(
    capsys: Capsys, db: str, demo: str, tmp_path: Path
) -> None:
    doc = json.loads(run(capsys, "--db", db, "export-json", demo)[1])
    del doc["workshop"]["goals"][0]["title"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "import", str(bad))
    assert code == 1 and out == ""
    assert err == f"workshop-app: {bad}: workshop.goals[0].title: is missing\n"

    other = tmp_path / "package.json"
    other.write_text('{"name": "left-pad", "version": "1.3.0"}', encoding="utf-8")
    code, _out, err = run(capsys, "--db", db, "import", str(other))
    assert code == 1
    assert err.startswith(f"workshop-app: {other}: this is not a Workshop App workshop file")
    assert_one_line_error(err)

    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    code, _out, err = run(capsys, "--db", db, "import", str(broken))
    assert err.startswith(f"workshop-app: {broken}: this is not valid JSON")
    assert_one_line_error(err)


# -- verify says each problem once ---------------------------------------------------------------
def test_verify_of_another_programs_pdf_says_the_problem_once(
    capsys: Capsys, tmp_path: Path
) -> None:
    from reportlab.pdfgen import canvas

    other = tmp_path / "invoice.pdf"
    pdf = canvas.Canvas(str(other))
    pdf.drawString(72, 720, "Invoice 2026-001")
    pdf.save()
    assert main(["verify", str(other)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT VERIFIED: The PDF carries no embedded workshop data")
    assert out.count("no embedded workshop data") == 1
    assert "PROBLEM:" not in out


# -- an unsigned summary is checked for damage, not only by its digest -------------------------
def _stream_span(pdf: bytes, wanted: str) -> tuple[int, int]:
    """Where the raw bytes of the first stream of a kind ("font" or "page") lie in the file."""
    reader = PdfReader(io.BytesIO(pdf))
    if wanted == "page":
        contents = reader.pages[0].get_object()["/Contents"]
        stream = (contents[0] if isinstance(contents, list) else contents).get_object()
    else:
        stream = next(
            obj
            for number in range(1, len(reader.xref_objStm) + 200)
            for obj in [_object_or_none(reader, number)]
            if isinstance(obj, StreamObject) and "/Length1" in obj  # an embedded TrueType font
        )
    raw = stream._data
    start = pdf.find(raw)
    assert start > 0 and pdf.count(raw) == 1
    return start, len(raw)


def _object_or_none(reader: PdfReader, number: int) -> object:
    try:
        return reader.get_object(number)
    except Exception:
        return None


def _flip(pdf: bytes, index: int) -> bytes:
    damaged = bytearray(pdf)
    damaged[index] ^= 0x04
    return bytes(damaged)


@pytest.mark.parametrize("where", ["font", "page"])
@pytest.mark.parametrize("position", [0.1, 0.5, 0.9])
def test_one_flipped_byte_in_an_unsigned_summary_is_reported(
    capsys: Capsys, summary: Path, tmp_path: Path, where: str, position: float
) -> None:
    pdf = summary.read_bytes()
    start, length = _stream_span(pdf, where)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(_flip(pdf, start + int(length * position)))
    assert main(["verify", str(damaged)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("NOT VERIFIED: ")
    assert "The file is damaged" in out and "changed or corrupted after it was exported" in out
    assert out.count("The file is damaged") == 1  # said once, whether alone or with others


def test_a_damaged_cross_reference_table_is_reported(summary: Path) -> None:
    pdf = summary.read_bytes()
    xref = pdf.rindex(b"\nxref\n")
    entry = pdf.index(b" 00000 n", xref + 30)  # an object's offset, ten digits before this
    digit = entry - 3
    changed = pdf[:digit] + (b"1" if pdf[digit : digit + 1] != b"1" else b"2") + pdf[digit + 1 :]
    verdict = verify_pdf(changed)
    assert not verdict.ok
    assert "The file is damaged" in verdict.lines[0]


def test_an_undamaged_unsigned_summary_still_verifies(capsys: Capsys, summary: Path) -> None:
    assert main(["verify", str(summary)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("VERIFIED (unsigned)")
    assert "every part of the file reads back" in out and "PROBLEM" not in out
    assert "undamaged" not in out  # it does not look at metadata or page boxes, so never says so
