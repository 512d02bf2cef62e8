"""A small dialog that asks for the signing identity's passphrase before a signed export.

Non-blocking (shown with `open()`): it checks the passphrase itself (about 15 ms) and stays open
with a plain sentence when it is wrong, so the facilitator simply types again. On success it
emits `unlocked` with the opened identity; the passphrase is cleared and goes nowhere else.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.report.identity import WRONG_PASSPHRASE, Identity, unlock


class PassphraseDialog(QDialog):
    unlocked = Signal(object)  # the UnlockedIdentity

    def __init__(self, parent: QWidget | None, identity: Identity) -> None:
        super().__init__(parent)
        self.identity = identity
        self.setObjectName("passphraseDialog")
        self.setWindowTitle("Sign the summary")
        self.setAccessibleName("Sign the summary")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(8)

        heading = QLabel("Sign the summary with your digital signature")
        heading.setObjectName("sectionTitle")
        heading.setIndent(0)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        who = QLabel(f"Signing as {identity.description}")
        who.setObjectName("muted")
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setWordWrap(True)
        layout.addWidget(who)
        layout.addSpacing(8)

        label = QLabel("&Passphrase")
        label.setObjectName("fieldLabel")
        layout.addWidget(label)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase of your signing identity")
        label.setBuddy(self.passphrase)
        layout.addWidget(self.passphrase)
        self.problem = QLabel()
        self.problem.setObjectName("attention")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName("Passphrase problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        layout.addSpacing(8)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText("Sign and export")
        self.sign_button.setObjectName("primary")
        self.sign_button.setAccessibleName("Sign and export")
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        """Check the passphrase; on success emit `unlocked` and close, else say so and stay."""
        try:
            opened = unlock(self.identity, self.passphrase.text())
        except UserError as exc:
            wrong = exc.message == WRONG_PASSPHRASE
            self.problem.setText(
                "That passphrase is not right. Type it again." if wrong else exc.message
            )
            self.problem.show()
            self.adjustSize()  # room for the sentence, buttons still in view
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.passphrase.clear()
        self.unlocked.emit(opened)
        self.accept()

    def reject(self) -> None:
        self.passphrase.clear()
        super().reject()
