"""Colours for custom-painted widgets, taken from the active theme (light or dark)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from workshop_app.ui.theme import DARK, LIGHT, Colors


def theme_colors() -> Colors:
    app = QApplication.instance()
    dark = app is not None and bool(app.property("themeDark"))
    return DARK if dark else LIGHT


def color(name: str) -> QColor:
    return QColor(getattr(theme_colors(), name))
