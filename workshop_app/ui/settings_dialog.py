"""Edit → Settings…: theme, text size and default export folder (ui/settings.py keeps them)."""

from __future__ import annotations

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

from workshop_app.ui.settings import (
    MAX_SCALE,
    MIN_SCALE,
    THEMES,
    apply_settings,
    export_folder,
    font_scale,
    theme_mode,
)


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
