"""Labels for text the app shows as it is: user text (never markup) and quieter secondary text.

User text is arbitrary (markup, emoji, right-to-left, CJK, very long words): these labels show it
as plain text; `widgets.text` keeps it bounded and wrappable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from workshop_app.ui.widgets.wrap_label import WrapLabel


def plain_label(text: str = "", object_name: str = "", *, wrap: bool = True) -> QLabel:
    """A label for user text: never interpreted as markup, wraps instead of overflowing (and
    then asks for the height of the lines it wraps to, see WrapLabel)."""
    label = WrapLabel(text) if wrap else QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if object_name:
        label.setObjectName(object_name)
    return label


def muted_label(text: str = "", *, wrap: bool = False) -> QLabel:
    """Secondary text (a count, a hint, a date in words): the theme draws #muted labels quieter."""
    return plain_label(text, "muted", wrap=wrap)


def section_title(text: str, *, wrap: bool = False) -> QLabel:
    """The title of a part of a page or dialog (the theme sizes and weights #sectionTitle)."""
    return plain_label(text, "sectionTitle", wrap=wrap)
