"""Small shared pieces of the sign-off screens: a short digest and the state banner."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop_app.ui.widgets.style import set_style_state
from workshop_app.ui.widgets.wrap_label import WrapLabel


def short_digest(digest: str) -> str:
    """The first 16 hex digits of a digest in groups of four, e.g. "3f2a 9c1b 77e0 12ab…"."""
    head = digest[:16]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4)) + "…"


class Banner(QFrame):
    """A calm one-line state strip: tone "info" (neutral), "attention" (amber) or "done" (green)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signoffBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        self.symbol = QLabel()
        self.symbol.setObjectName("bannerSymbol")
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.symbol)
        column = QVBoxLayout()
        column.setSpacing(2)
        # Both ask for the height their wrapped lines need at the width they get.
        self.title = WrapLabel(name="bannerTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.hide()
        column.addWidget(self.title)
        self.text = WrapLabel(name="bannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.text)
        row.addLayout(column, 1)

    def show_state(self, tone: str, symbol: str, text: str, title: str = "") -> None:
        self.symbol.setText(symbol)
        self.symbol.setVisible(bool(symbol))
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.setAccessibleName(f"{title}. {text}" if title else text)
        for widget in (self, self.symbol, self.title, self.text):
            set_style_state(widget, "tone", tone)
