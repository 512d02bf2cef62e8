"""User settings (QSettings): theme, font scale, default export folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workshop_app.paths import default_export_dir
from workshop_app.ui.theme import apply_theme

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
MIN_SCALE, MAX_SCALE = 0.8, 2.5


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


class SettingsDialog(QDialog):
    """Changes apply when accepted; the dialog is non-blocking (open(), not exec())."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.settings: QSettings = window.settings  # type: ignore[attr-defined]
        self.setWindowTitle("Settings")
        form = QFormLayout(self)
        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(self.theme.findData(theme_mode(self.settings)))
        form.addRow("Theme", self.theme)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(MIN_SCALE, MAX_SCALE)
        self.scale.setSingleStep(0.1)
        self.scale.setSuffix(" ×")
        self.scale.setValue(font_scale(self.settings))
        form.addRow("Text size", self.scale)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(export_folder(self.settings)))
        folder_row.addWidget(self.folder, 1)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        folder_row.addWidget(browse)
        form.addRow("Export folder", folder_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.accepted.connect(self._save)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Export folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _save(self) -> None:
        self.settings.setValue("theme", self.theme.currentData())
        self.settings.setValue("fontScale", self.scale.value())
        self.settings.setValue("exportFolder", self.folder.text().strip())
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_settings(self.settings, app)
