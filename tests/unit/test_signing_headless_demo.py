"""The headless demo (`make run` without a display) produces a signed, verifiable summary, from a
fresh data folder and again on a second run."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop_app.cli import main
from workshop_app.core import model as m
from workshop_app.report import identity as ids
from workshop_app.report.verify import verify_pdf
from workshop_app.services.headless_demo import DEMO_IDENTITY_FILE, run_headless_demo
from workshop_app.storage.operations import Library


def test_the_headless_demo_signs_off_and_exports_a_verifiable_pdf(tmp_path: Path) -> None:
    db_path, exports = tmp_path / "demo.sqlite3", tmp_path / "exports"
    assert not ids.identity_dir().exists()  # a fresh user data folder

    first = run_headless_demo(db_path, exports)
    verdict = verify_pdf(first.read_bytes())
    assert verdict.ok and verdict.signed, verdict.lines
    assert verdict.workshop is not None and verdict.workshop.status is m.Status.SIGNED_OFF
    assert "agrees with reservation" in "\n".join(verdict.lines)
    assert "VOID" not in "\n".join(verdict.lines)
    demo_cert = ids.identity_dir() / DEMO_IDENTITY_FILE.replace(".p12", ".crt")
    assert verify_pdf(first.read_bytes(), trust=demo_cert).ok
    assert ids.current_identity() is None  # the facilitator's own identity is left alone

    second = run_headless_demo(db_path, exports)
    assert second != first and second.parent == exports
    assert verify_pdf(second.read_bytes(), trust=demo_cert).ok  # same demo identity reused

    library = Library(db_path)
    try:
        assert [w.status for w in library.workshops()] == [m.Status.SIGNED_OFF] * 2
    finally:
        library.close()


def test_the_command_prints_only_the_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("workshop_app.paths.default_export_dir", lambda: tmp_path)
    assert main(["--db", str(tmp_path / "w.sqlite3"), "headless-demo"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    printed = Path(captured.out.strip())
    assert printed.parent == tmp_path and printed.suffix == ".pdf" and printed.is_file()


def test_the_demo_keeps_its_sample_workshops_out_of_the_real_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from workshop_app import paths

    monkeypatch.setattr("workshop_app.paths.default_export_dir", lambda: tmp_path)
    assert main(["headless-demo"]) == 0
    assert main(["headless-demo"]) == 0
    capsys.readouterr()
    assert not paths.default_db_path().exists()  # the facilitator's library was never created
    demo = Library(paths.demo_db_path())
    try:
        assert len(demo.workshops()) == 2
    finally:
        demo.close()


def test_the_follow_up_demo_adds_a_follow_up_summary_that_opens_with_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from pypdf import PdfReader

    monkeypatch.setattr("workshop_app.paths.default_export_dir", lambda: tmp_path)
    db = tmp_path / "w.sqlite3"
    assert main(["--db", str(db), "headless-demo", "--follow-up"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    signed, follow = (Path(line) for line in captured.out.splitlines())
    verdict = verify_pdf(signed.read_bytes())
    assert verdict.ok and verdict.signed, verdict.lines
    assert verdict.workshop is not None and len(verdict.workshop.results) == 7
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(follow.read_bytes())).pages]
    opening = " ".join(pages[1].split())
    assert "Results since the last workshop" in opening
    assert "reviewed 4 commitments" in opening and "Not moved" in opening
    assert "Target met" in opening  # IT's own idea: incidents first reported by users
    first = [p.extract_text() for p in PdfReader(io.BytesIO(signed.read_bytes())).pages]
    summary = next(" ".join(p.split()) for p in first if "Top priorities" in p)
    top = summary[summary.index("Top priorities") :]
    number_one = top[top.index("# Need") : top.index(" 2 N")]
    assert "payslip" in number_one and "Reshape (R2)" in number_one  # payroll reliability
    assert "Defer" not in top
    library = Library(db)
    try:
        statuses = sorted(w.status.value for w in library.workshops())
        assert statuses == [m.Status.DRAFT.value, m.Status.SIGNED_OFF.value]
    finally:
        library.close()
