"""Verifying a shared summary PDF from the File menu: a clear verdict, green or amber."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from tests.unit.test_signing_support import (
    PASSPHRASE,
    make_identity,
    signed_off,
    tiny_summary_pdf,
)
from workshop_app.report.signing import sign_pdf
from workshop_app.storage.operations import Library
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.stages.signoff.verify_dialog import VerdictDialog


@pytest.fixture
def signed_pdf(library: Library, demo_id: str, tmp_path: Path) -> Path:
    identity = make_identity(tmp_path, "Alex Moreau")
    data = sign_pdf(tiny_summary_pdf(signed_off(library, demo_id)), identity, PASSPHRASE)
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    return path


def _verify(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path | None
) -> VerdictDialog | None:
    chosen = (str(path), "PDF files (*.pdf)") if path is not None else ("", "")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: chosen))
    before = set(QApplication.topLevelWidgets())
    window.actions_by_id["file.verify"].trigger()
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, VerdictDialog) and w not in before and w.isVisible()
    ]
    if not found:
        return None
    assert len(found) == 1
    dialog = found[0]
    qtbot.waitExposed(dialog)
    return dialog


def test_the_verify_action_is_in_the_file_menu_without_a_workshop(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, library, tmp_path)
    action = window.actions_by_id["file.verify"]
    assert action.isEnabled()
    assert action.text() == "Verify a summary PDF…"
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    assert action in file_menu.actions()
    assert _verify(qtbot, window, monkeypatch, None) is None  # cancelled: nothing opens


def test_a_signed_summary_is_verified_and_a_tampered_one_is_not(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
    signed_pdf: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(qtbot, library, tmp_path)
    good = _verify(qtbot, window, monkeypatch, signed_pdf)
    assert good is not None
    assert good.verdict.ok and good.verdict.signed
    assert good.banner.property("tone") == "done"
    assert good.banner.title.text() == "Verified: signed and unchanged"
    details = good.details.toPlainText()
    assert "Alex Moreau" in details
    assert "Sign-offs:" in details and "María González" in details
    good.close()

    signed = signed_pdf.read_bytes()
    data = bytearray(signed)
    data[signed.index(b"stream", len(signed) // 4) + 40] ^= 0x01  # inside signed content
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    bad = _verify(qtbot, window, monkeypatch, tampered)
    assert bad is not None
    assert not bad.verdict.ok
    assert bad.banner.property("tone") == "attention"
    assert bad.banner.title.text() == "Not verified"
    assert "changed after signing" in bad.banner.text.text() + bad.details.toPlainText()
    bad.close()


def test_a_file_that_is_not_a_pdf_gets_a_plain_answer(
    qtbot: QtBot, library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(qtbot, library, tmp_path)
    notes = tmp_path / "notes.pdf"
    notes.write_text("just some notes", encoding="utf-8")
    dialog = _verify(qtbot, window, monkeypatch, notes)
    assert dialog is not None
    assert dialog.banner.title.text() == "Not verified"
    assert dialog.banner.text.text() == "This is not a PDF file."
    dialog.close()
