"""The signing identity dialog: create one offline, import a company file, wrong passphrases."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from tests.ui.helpers import make_window
from workshop_app.report import identity as ids
from workshop_app.storage.operations import Library
from workshop_app.ui import dialogs
from workshop_app.ui.stages.signoff.identity_dialog import WRONG_PASSPHRASE_HELP, IdentityDialog

SECRET = "violet-otter-4417"


def _dialog(qtbot: QtBot) -> IdentityDialog:
    dialog = dialogs.identity_dialog(None)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _company_p12(folder: Path, password: bytes) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Tom Becker"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Northwind Industries"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    path = folder / "tom.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tom", key, cert, None, serialization.BestAvailableEncryption(password)
        )
    )
    return path


def test_creating_an_identity_shows_it_and_keeps_no_passphrase(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    dialog = _dialog(qtbot)
    assert dialog.none_label.isVisible() and not dialog.details.isVisible()
    for field in (dialog.new_pass, dialog.new_pass_again):
        assert field.echoMode() is QLineEdit.EchoMode.Password

    qtbot.keyClicks(dialog.new_name, "Alex Moreau")
    qtbot.keyClicks(dialog.new_org, "Northwind Industries")
    qtbot.keyClicks(dialog.new_email, "alex@example.com")
    qtbot.keyClicks(dialog.new_pass, "short")
    qtbot.keyClicks(dialog.new_pass_again, "short")
    qtbot.keyClick(dialog.new_pass_again, Qt.Key.Key_Return)
    assert "at least 8 characters" in dialog.message.text()
    assert ids.current_identity() is None

    dialog.new_pass.clear()
    dialog.new_pass_again.clear()
    qtbot.keyClicks(dialog.new_pass, SECRET)
    qtbot.keyClicks(dialog.new_pass_again, SECRET + "x")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "differ" in dialog.message.text()
    assert ids.current_identity() is None

    qtbot.keyClicks(dialog.new_pass_again, SECRET)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    made = ids.current_identity()
    assert made is not None and made.name == "Alex Moreau"
    assert ids.check_passphrase(made, SECRET)
    assert dialog.details.isVisible()
    assert dialog.name_value.text() == "Alex Moreau"
    assert dialog.fingerprint_value.text().replace("\n", "") == made.fingerprint
    assert dialog.valid_value.text() == made.valid_until
    assert dialog.new_pass.text() == "" and dialog.new_pass_again.text() == ""
    assert "ready" in dialog.message.text()

    # A second identity only replaces the first when asked to.
    assert not dialog.tabs.isVisible()
    dialog.create_identity()
    assert "Replace it" in dialog.message.text()
    assert ids.current_identity() == made
    dialog.replace.setChecked(True)
    assert dialog.tabs.isVisible()

    assert SECRET not in caplog.text
    for path in ids.identity_dir().rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes()
    dialog.close()


def test_importing_a_company_file_tells_a_wrong_passphrase_and_lets_you_retry(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _company_p12(tmp_path, b"company secret")
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *a, **k: (str(source), "PKCS#12 identity (*.p12 *.pfx)")),
    )
    dialog = _dialog(qtbot)
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.import_file.text() == str(source)

    qtbot.keyClicks(dialog.import_pass, "company secrte")
    qtbot.keyClick(dialog.import_pass, Qt.Key.Key_Return)
    assert dialog.message.text() == WRONG_PASSPHRASE_HELP
    assert dialog.message.objectName() == "attention"
    assert dialog.import_pass.text() == ""
    assert ids.current_identity() is None

    qtbot.keyClicks(dialog.import_pass, "company secret")
    qtbot.keyClick(dialog.import_pass, Qt.Key.Key_Return)
    imported = ids.current_identity()
    assert imported is not None and imported.name == "Tom Becker"
    assert dialog.message.objectName() == "done"
    assert "Tom Becker" in dialog.name_value.text()
    assert "Northwind Industries" in dialog.org_value.text()
    dialog.close()


def test_the_sign_off_stage_opens_the_identity_dialog(
    qtbot: QtBot, library: Library, demo_id: str, tmp_path: Path
) -> None:
    window = make_window(qtbot, library, tmp_path)
    window.open_workshop(demo_id)
    window.go_to_stage("signoff")
    stage = window.current_stage()
    qtbot.mouseClick(stage.identity_button, Qt.MouseButton.LeftButton)  # type: ignore[union-attr]
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, IdentityDialog) and w.isVisible()
    )
    assert dialog.isVisible()
    dialog.close()
