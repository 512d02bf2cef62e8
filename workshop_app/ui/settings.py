"""User settings (QSettings): theme, font scale, default export folder, the team library last
switched to. Read at start; the dialog that changes them is ui/settings_dialog.py."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from workshop_app.paths import default_export_dir
from workshop_app.storage import location
from workshop_app.ui.theme import apply_theme

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
MIN_SCALE, MAX_SCALE = 0.8, 2.5
#: The team library the window was last switched to (ui/team_library.py); "": the own library.
CURRENT_TEAM_LIBRARY_KEY = "teamLibraries/current"


def theme_mode(settings: QSettings) -> str:
    value = str(settings.value("theme", "system"))
    return value if value in {key for key, _ in THEMES} else "system"


def font_scale(settings: QSettings) -> float:
    try:
        value = float(settings.value("fontScale", 1.0))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0
    return min(MAX_SCALE, max(MIN_SCALE, value))


def export_folder(settings: QSettings) -> Path:
    value = settings.value("exportFolder", "")
    return Path(str(value)) if value else default_export_dir()


def apply_settings(settings: QSettings, app: QApplication) -> None:
    apply_theme(app, theme_mode(settings), font_scale(settings))


def set_font_scale(settings: QSettings, app: QApplication, factor: float) -> None:
    settings.setValue(
        "fontScale", round(min(MAX_SCALE, max(MIN_SCALE, font_scale(settings) * factor)), 2)
    )
    apply_settings(settings, app)


def current_team_library(settings: QSettings) -> str | None:
    """The team library the window was last switched to, or None: the own library."""
    value = str(settings.value(CURRENT_TEAM_LIBRARY_KEY, "") or "")
    return value if location.is_team_url(value) else None
