"""Small shared pieces of the sign-off screens: theme colours, dates, plain labels, banners.

User text is arbitrary (markup, emoji, right-to-left, CJK, very long words): labels here show it
as plain text; `widgets.text` keeps it bounded and wrappable.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop_app.ui.theme import current_colors


def qcolor(name: str) -> QColor:
    return QColor(getattr(current_colors(), name))


def local_time(iso: str, *, with_date: bool = True) -> str:
    """An ISO UTC timestamp as the facilitator reads it: "15 Sep 2026, 14:02" in local time."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    clock = f"{moment:%H:%M}"
    return f"{moment.day} {moment:%b %Y}, {clock}" if with_date else clock


def nice_date(iso_date: str) -> str:
    """ "2026-10-02" → "2 Oct 2026"; anything else unchanged."""
    try:
        day = dt.date.fromisoformat(iso_date)
    except (TypeError, ValueError):
        return iso_date
    return f"{day.day} {day:%b %Y}"


def short_digest(digest: str) -> str:
    """The first 16 hex digits of a digest in groups of four, e.g. "3f2a 9c1b 77e0 12ab…"."""
    head = digest[:16]
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4)) + "…"


def plain_label(text: str = "", object_name: str = "", *, wrap: bool = True) -> QLabel:
    """A label for user text: never interpreted as markup, wraps instead of overflowing."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label


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
        self.title = QLabel()
        self.title.setObjectName("bannerTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.hide()
        column.addWidget(self.title)
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        column.addWidget(self.text)
        row.addLayout(column, 1)

    def show_state(self, tone: str, symbol: str, text: str, title: str = "") -> None:
        self.symbol.setText(symbol)
        self.symbol.setVisible(bool(symbol))
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.setAccessibleName(f"{title}. {text}" if title else text)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            for widget in (self, self.symbol, self.title, self.text):
                widget.setProperty("tone", tone)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
