"""The facilitator's signing identity: see it, create one, import one; unlock it to sign.

`IdentityDialog` shows the current identity (name, organisation, fingerprint, valid until) and
creates a new one (name, organisation, email, passphrase twice) or imports the PKCS#12 file the
company's PKI issued. (Unlocking it to sign an export is the Export stage's passphrase dialog.)

Passphrases live only in the password fields and in the call that uses them: they are never
logged, stored or shown, and the fields are emptied once used. A wrong passphrase says so in
plain words and the facilitator simply tries again; there is no lockout.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError, ValidationError
from workshop_app.report import identity as ids
from workshop_app.ui.stages.signoff.common import plain_label

WRONG_PASSPHRASE_HELP = "The passphrase is not right. Check it and try again."


def user_message(exc: UserError) -> str:
    """A refusal as one sentence: "Email: “x” is not an email address."."""
    if exc.message == ids.WRONG_PASSPHRASE:
        return WRONG_PASSPHRASE_HELP
    if isinstance(exc, ValidationError) and exc.path:
        text = f"{exc.path[:1].upper()}{exc.path[1:]}: {exc.problem}"
    else:
        text = exc.message
    return text if text.endswith((".", "?", "!")) else text + "."


def _password_field(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(1024)
    # Never offered to input methods or clipboard history as readable text.
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return field


def _text_field(name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText(placeholder)
    field.setMaxLength(64)
    return field


def _right(button: QPushButton) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 4, 0, 0)
    row.addStretch(1)
    row.addWidget(button)
    return box


def _two_lines(fingerprint: str) -> str:
    """A 32-pair fingerprint as two lines of 16 pairs, so it never widens the dialog."""
    pairs = fingerprint.split(":")
    half = (len(pairs) + 1) // 2
    return ":".join(pairs[:half]) + (":\n" + ":".join(pairs[half:]) if pairs[half:] else "")


class _Message(QLabel):
    """One line of feedback under a form: amber for a problem, green when it worked."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName("Message")
        self.hide()

    def problem(self, text: str) -> None:
        self._show("attention", text)

    def success(self, text: str) -> None:
        self._show("done", text)

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, name: str, text: str) -> None:
        self.setObjectName(name)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()


class IdentityDialog(QDialog):
    """Show, create or import the signing identity. Non-modal: open() it."""

    identity_changed = Signal(object)  # ids.Identity

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("identityDialog")
        self.setWindowTitle("Signing identity")
        self.path = path or ids.default_identity_path()
        self.identity: ids.Identity | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        heading = QLabel("Your signing identity")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        layout.addWidget(
            plain_label(
                "The summary of a signed-off revision is exported with a digital signature made "
                "with this identity, so anyone can later check that nothing was changed. The key "
                "stays on this computer, encrypted with your passphrase.",
                "muted",
            )
        )

        # -- the current identity --------------------------------------------------------------
        self.current = QFrame()
        self.current.setObjectName("card")
        card = QVBoxLayout(self.current)
        card.setContentsMargins(16, 12, 16, 12)
        card.setSpacing(6)
        self.none_label = plain_label(
            "No signing identity yet. Create one below, or import the .p12 / .pfx file your "
            "organisation issued you.",
            "muted",
        )
        card.addWidget(self.none_label)
        self.details = QWidget()
        form = QFormLayout(self.details)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(4)
        self.name_value = plain_label("")
        self.name_value.setAccessibleName("Identity name")
        self.org_value = plain_label("")
        self.fingerprint_value = plain_label("")
        self.fingerprint_value.setAccessibleName("Certificate fingerprint")
        self.fingerprint_value.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.fingerprint_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.valid_value = plain_label("")
        self.valid_value.setAccessibleName("Valid until")
        self.kind_value = plain_label("", "muted")
        for label, value in (
            ("Name", self.name_value),
            ("Organisation", self.org_value),
            ("Fingerprint", self.fingerprint_value),
            ("Valid until", self.valid_value),
            ("", self.kind_value),
        ):
            caption = QLabel(label)
            caption.setObjectName("fieldLabel")
            form.addRow(caption, value)
        card.addWidget(self.details)
        share_row = QHBoxLayout()
        share_row.addStretch(1)
        self.share_button = QPushButton("Save certificate for readers…")
        self.share_button.setAccessibleName("Save the public certificate for readers")
        self.share_button.setToolTip(
            "The public certificate (no key): readers pass it to “verify --trust” "
            "or compare its fingerprint."
        )
        self.share_button.clicked.connect(self.save_certificate)
        share_row.addWidget(self.share_button)
        card.addLayout(share_row)
        layout.addWidget(self.current)

        # -- create or import ------------------------------------------------------------------
        self.tabs = QTabWidget()
        self.tabs.setObjectName("identityTabs")
        self.tabs.setDocumentMode(True)
        create_page = QWidget()
        create_form = QFormLayout(create_page)
        create_form.setContentsMargins(4, 12, 4, 4)
        create_form.setVerticalSpacing(8)
        self.new_name = _text_field("Your name", "e.g. Alex Moreau")
        self.new_org = _text_field("Organisation", "optional")
        self.new_email = _text_field("Email", "optional")
        self.new_pass = _password_field("Passphrase", f"at least {ids.MIN_PASSPHRASE} characters")
        self.new_pass_again = _password_field("Passphrase again", "the same once more")
        for label, field in (
            ("&Name", self.new_name),
            ("&Organisation", self.new_org),
            ("&Email", self.new_email),
            ("&Passphrase", self.new_pass),
            ("Passphrase &again", self.new_pass_again),
        ):
            caption = QLabel(label)
            caption.setObjectName("fieldLabel")
            caption.setBuddy(field)
            create_form.addRow(caption, field)
        create_form.addRow(
            "",
            plain_label(
                "The passphrase is never stored. Without it the identity cannot sign, and it "
                "cannot be recovered, so keep it somewhere safe.",
                "muted",
            ),
        )
        self.create_button = QPushButton("Create identity")
        self.create_button.setObjectName("primary")
        self.create_button.setAutoDefault(True)
        self.create_button.clicked.connect(self.create_identity)
        self.new_pass_again.returnPressed.connect(self.create_identity)
        create_form.addRow("", _right(self.create_button))
        self.tabs.addTab(create_page, "Create a new identity")

        import_page = QWidget()
        import_form = QFormLayout(import_page)
        import_form.setContentsMargins(4, 12, 4, 4)
        import_form.setVerticalSpacing(8)
        file_row = QHBoxLayout()
        self.import_file = QLineEdit()
        self.import_file.setAccessibleName("PKCS#12 file")
        self.import_file.setPlaceholderText("A .p12 or .pfx file from your organisation")
        file_row.addWidget(self.import_file, 1)
        self.browse_button = QPushButton("Choose…")
        self.browse_button.setAccessibleName("Choose the PKCS#12 file")
        self.browse_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.browse_button)
        caption = QLabel("&File")
        caption.setObjectName("fieldLabel")
        caption.setBuddy(self.import_file)
        import_form.addRow(caption, file_row)
        self.import_pass = _password_field("Passphrase of the file")
        caption = QLabel("&Passphrase")
        caption.setObjectName("fieldLabel")
        caption.setBuddy(self.import_pass)
        import_form.addRow(caption, self.import_pass)
        import_form.addRow(
            "",
            plain_label(
                "The file is copied into the app, encrypted with the same passphrase. "
                "The original is not changed.",
                "muted",
            ),
        )
        self.import_button = QPushButton("Import identity")
        self.import_button.setObjectName("primary")
        self.import_button.setAutoDefault(True)
        self.import_button.clicked.connect(self.import_file_now)
        self.import_pass.returnPressed.connect(self.import_file_now)
        import_form.addRow("", _right(self.import_button))
        self.tabs.addTab(import_page, "Import a .p12 file")
        # Word-wrapped hints inside form rows under-report their height; never squeeze the form.
        self.tabs.setMinimumHeight(self.tabs.sizeHint().height())
        layout.addWidget(self.tabs)

        self.replace = QCheckBox("Replace it with a new or imported identity")
        self.replace.setAccessibleName("Replace the current identity")
        self.replace.setToolTip("PDFs already signed with the current identity stay verifiable.")
        self.replace.toggled.connect(self._show_forms)
        layout.insertWidget(layout.indexOf(self.tabs), self.replace)
        self.message = _Message()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)
        self.show_current()
        self.new_name.setFocus()

    # -- showing ------------------------------------------------------------------------------
    def show_current(self) -> None:
        try:
            self.identity = ids.current_identity(self.path)
        except UserError as exc:
            self.identity = None
            self.message.problem(user_message(exc))
        found = self.identity
        self.none_label.setVisible(found is None)
        self.details.setVisible(found is not None)
        self.share_button.setVisible(found is not None)
        self.replace.setVisible(found is not None)
        self.replace.setChecked(False)
        self._show_forms()
        if found is None:
            return
        self.name_value.setText(found.name)
        self.org_value.setText(" · ".join(p for p in (found.organisation, found.email) if p) or "—")
        self.fingerprint_value.setText(_two_lines(found.fingerprint))
        self.valid_value.setText(found.valid_until)
        self.kind_value.setText(
            "Created in this app (self-signed): share the certificate or its fingerprint "
            "with readers."
            if found.self_signed
            else "Issued by your organisation's certificate authority."
        )

    def _show_forms(self) -> None:
        """Create and import show when there is no identity yet, or when replacing it."""
        self.tabs.setVisible(self.identity is None or self.replace.isChecked())
        self.adjustSize()
        # adjustSize trusts height-for-width, which wrapped labels under-report: take the larger.
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    # -- creating and importing ---------------------------------------------------------------
    def _may_replace(self) -> bool:
        if self.identity is not None and not self.replace.isChecked():
            self.message.problem(
                "You already have a signing identity. Tick “Replace it” first to make or "
                "import another."
            )
            self.replace.setFocus()
            return False
        return True

    def create_identity(self) -> None:
        self.message.clear_message()
        if not self._may_replace():
            return
        passphrase = self.new_pass.text()
        if len(passphrase) < ids.MIN_PASSPHRASE:
            self.message.problem(
                f"Choose a passphrase of at least {ids.MIN_PASSPHRASE} characters."
            )
            self.new_pass.setFocus()
            return
        if passphrase != self.new_pass_again.text():
            self.message.problem("The two passphrases differ. Type the same one twice.")
            self.new_pass_again.clear()
            self.new_pass_again.setFocus()
            return
        try:
            made = ids.create_identity(
                self.new_name.text(),
                self.new_org.text(),
                self.new_email.text(),
                passphrase,
                path=self.path,
                replace=self.identity is not None,
            )
        except UserError as exc:
            self.message.problem(user_message(exc))
            return
        self.new_pass.clear()
        self.new_pass_again.clear()
        self._changed(made, f"Your signing identity “{made.name}” is ready.")

    def choose_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "Import a signing identity",
            str(Path.home()),
            "PKCS#12 identity (*.p12 *.pfx);;All files (*)",
        )
        if chosen:
            self.import_file.setText(chosen)
            self.import_pass.setFocus()

    def import_file_now(self) -> None:
        self.message.clear_message()
        source = self.import_file.text().strip()
        if not source:
            self.message.problem("Choose the .p12 or .pfx file to import first.")
            self.browse_button.setFocus()
            return
        if not self._may_replace():
            return
        try:
            made = ids.import_identity(
                Path(source),
                self.import_pass.text(),
                path=self.path,
                replace=self.identity is not None,
            )
        except UserError as exc:
            self.message.problem(user_message(exc))
            if exc.message == ids.WRONG_PASSPHRASE:
                self.import_pass.clear()
                self.import_pass.setFocus()
            return
        self.import_pass.clear()
        self._changed(made, f"Imported “{made.name}”. It is now your signing identity.")

    def _changed(self, made: ids.Identity, text: str) -> None:
        self.show_current()
        self.message.success(text)
        self.identity_changed.emit(made)

    def save_certificate(self) -> None:
        if self.identity is None:
            return
        suggested = Path.home() / "signing-certificate.crt"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save certificate for readers", str(suggested), "Certificate (*.crt *.pem)"
        )
        if not chosen:
            return
        try:
            written = ids.export_certificate(self.identity, Path(chosen))
        except (UserError, OSError) as exc:
            text = user_message(exc) if isinstance(exc, UserError) else exc.strerror
            self.message.problem(f"The certificate was not saved: {text}")
            return
        self.message.success(f"Saved the certificate to {written}.")
