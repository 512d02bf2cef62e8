"""Checking a shared summary PDF in the app: the same verdict as `workshop-app verify`.

A clear headline first (green when everything holds, amber when it does not), then the reasons in
plain language: who signed and when, whether anything changed or was appended after signing,
whether the embedded workshop matches the digest printed on its pages, and the sign-off list.
Optionally the check is repeated against a certificate the reader trusts.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.report.verify import MAX_PDF_BYTES, Verdict, verify_pdf
from workshop_app.ui.stages.signoff.common import Banner, plain_label
from workshop_app.ui.theme import current_colors
from workshop_app.ui.widgets.text import wrappable

_PREFIXES = ("NOT VERIFIED: ", "VERIFIED (unsigned): ", "VERIFIED: ")


def headline(verdict: Verdict) -> tuple[str, str, str]:
    """(tone, title, sentence) for the top of the dialog."""
    first = verdict.lines[0] if verdict.lines else ""
    sentence = first
    for prefix in _PREFIXES:
        if first.startswith(prefix):
            sentence = first[len(prefix) :]
            break
    sentence = sentence[:1].upper() + sentence[1:]
    if not verdict.ok:
        return "attention", "Not verified", sentence
    if verdict.signed:
        return "done", "Verified: signed and unchanged", sentence
    return "done", "Verified: content intact (not digitally signed)", sentence


def details_html(verdict: Verdict) -> str:
    """Every line after the headline, as calm paragraphs; problems marked in amber."""
    c = current_colors()
    parts = []
    in_list = False
    for raw in verdict.lines[1:]:
        # The command line's advice, said the way this window offers it.
        line = raw.replace(
            "Use --trust CERT to check who signed.",
            "To confirm who signed, use “Check against a certificate…” below.",
        )
        text = escape(wrappable(line, 3000))
        if line.startswith("  - "):
            if not in_list:
                parts.append('<ul style="margin-top:0">')
                in_list = True
            parts.append(f"<li>{escape(wrappable(line[4:], 3000))}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if line.startswith("PROBLEM: "):
            problem = escape(wrappable(line[len("PROBLEM: ") :], 3000))
            parts.append(f'<p style="color:{c.amber}"><b>⚠ Problem:</b> {problem}</p>')
        elif line.endswith(":"):
            parts.append(f'<p style="margin-bottom:2px"><b>{text}</b></p>')
        else:
            parts.append(f"<p>{text}</p>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def read_verdict(path: Path, trust: Path | None = None) -> Verdict:
    """Read and check one file; a file that cannot be read gets a verdict that says so."""
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            return Verdict(
                False, ["NOT VERIFIED: This file is too large to be a workshop summary."]
            )
        data = path.read_bytes()
    except IsADirectoryError:
        return Verdict(False, [f"NOT VERIFIED: {path.name} is a folder, not a PDF file."])
    except OSError as exc:
        reason = exc.strerror or "it could not be read"
        return Verdict(False, [f"NOT VERIFIED: The file could not be read ({reason})."])
    try:
        return verify_pdf(data, trust=trust)
    except UserError as exc:  # e.g. an unreadable trust certificate
        return Verdict(False, [f"NOT VERIFIED: {exc.message}"], problems=[exc.message])


class VerdictDialog(QDialog):
    """The verdict on one PDF. Non-modal: open() it."""

    def __init__(self, parent: QWidget | None, path: Path, trust: Path | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setObjectName("verdictDialog")
        self.setWindowTitle("Verify a summary PDF")
        self.path = path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        self.file_label = plain_label("", "muted")
        self.file_label.setAccessibleName("File checked")
        layout.addWidget(self.file_label)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.details = QTextBrowser()
        self.details.setObjectName("verdictDetails")
        self.details.setAccessibleName("Details of the check")
        self.details.setOpenLinks(False)
        self.details.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.details.document().setDocumentMargin(12)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.trust_button = QPushButton("Check against a certificate…")
        self.trust_button.setAccessibleName("Check against a trusted certificate")
        self.trust_button.setToolTip(
            "Confirm who signed: choose the signer's certificate (for example the identity.crt "
            "the facilitator shared). The signature must belong to it."
        )
        self.trust_button.clicked.connect(self.choose_trust)
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button = QPushButton("Copy report")
        self.copy_button.setAccessibleName("Copy the report as text")
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self.verdict = Verdict(False, [])
        self.check(trust)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setFocus()

    def check(self, trust: Path | None = None) -> None:
        self.verdict = read_verdict(self.path, trust)
        tone, title, sentence = headline(self.verdict)
        symbol = "✓" if self.verdict.ok else "⚠"
        self.banner.show_state(tone, symbol, sentence, title)
        where = f"{self.path.name}" + (f" · checked against {trust.name}" if trust else "")
        self.file_label.setText(where)
        self.details.setHtml(details_html(self.verdict))
        self.setAccessibleDescription(f"{title}. {sentence}")

    def choose_trust(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "The signer's certificate",
            str(self.path.parent),
            "Certificates (*.crt *.pem *.cer *.der);;All files (*)",
        )
        if chosen:
            self.check(Path(chosen))

    def copy_report(self) -> None:
        text = "\n".join([str(self.path), *self.verdict.lines])
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setText("Copied")
