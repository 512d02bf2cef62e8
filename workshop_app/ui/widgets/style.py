"""Switching a widget between the looks the style sheet gives it (ui/theme.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget


def set_style_state(widget: QWidget, name: str, value: Any) -> None:
    """Set the dynamic property (or "objectName") the style sheet selects on, and restyle.

    Qt applies a style sheet's property selectors only when a widget is polished, so a changed
    value shows only after an unpolish and polish; an unchanged value costs nothing."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
