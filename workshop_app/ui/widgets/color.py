"""Colours for custom-painted widgets, taken from the active theme (light or dark)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from workshop_app.ui.theme import current_colors


def color(name: str) -> QColor:
    return QColor(getattr(current_colors(), name))
