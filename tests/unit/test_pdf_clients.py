"""A genuine signed summary as PDF tools nobody here wrote see it: poppler's pdfsig and pdffonts,
and qpdf. Each test skips with one line where its tool is not installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.test_signing_support import PASSPHRASE, signed_off
from workshop_app.core.demo import demo_workshop
from workshop_app.report import identity as ids
from workshop_app.report.signing import export_signed_pdf
from workshop_app.storage.operations import Library

SIGNER = "Yossi יוסי"
ORGANISATION = "Acme شركة"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (poppler-utils / qpdf)")
    return path


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo workshop with text in every bundled font, signed off and exported signed by an
    identity whose name mixes writing directions."""
    folder = tmp_path_factory.mktemp("clients")
    library = Library(folder / "clients.sqlite3")
    try:
        demo = demo_workshop()
        demo.title = "Q3 alignment 販売 영업 — Ventes"
        workshop_id = library.add_workshop(demo)
        identity = ids.create_identity(
            SIGNER, ORGANISATION, "yossi@example.com", PASSPHRASE, path=folder / "id.p12"
        )
        return export_signed_pdf(signed_off(library, workshop_id), folder, identity, PASSPHRASE)
    finally:
        library.close()


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def test_pdfsig_finds_one_valid_signature_by_the_signer(summary: Path) -> None:
    result = _run(_tool("pdfsig"), str(summary))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Signature #") == 1
    assert f"Signer Certificate Common Name: {SIGNER}" in result.stdout
    assert "Signature Validation: Signature is Valid." in result.stdout
    assert "Total document signed" in result.stdout  # the signature covers the whole file


def test_pdffonts_lists_every_font_embedded_with_its_own_subset_tag(summary: Path) -> None:
    result = _run(_tool("pdffonts"), str(summary))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[2:]
    assert len(rows) >= 5  # sans, bold, oblique, the CJK and Hangul fallbacks, the stamp's
    names = [row.split()[0] for row in rows]
    assert all(re.fullmatch(r"[A-Z]{6}\+\S+", name) for name in names), names
    tags = [name[:6] for name in names]
    assert len(set(tags)) == len(tags), names
    for row in rows:  # columns: name type encoding emb sub uni object generation
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row
    assert not any("Helvetica" in name for name in names)


def test_qpdf_finds_no_error_in_the_file(summary: Path) -> None:
    result = _run(_tool("qpdf"), "--check", str(summary))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
