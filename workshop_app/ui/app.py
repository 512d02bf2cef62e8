"""Starting the GUI: display check, application object, fonts and theme, error hook, window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workshop_app import paths
from workshop_app.core.errors import UserError


def display_available() -> bool:
    """Without a display Qt aborts the whole process, so check before creating the app."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(db: str | Path | None) -> int:
    if not display_available():
        raise UserError(
            "No display is available, so the window cannot open. "
            "Run `workshop-app headless-demo` or use the other commands instead."
        )
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workshop_app.storage.library import Library
    from workshop_app.ui.errors import ExceptionHook
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.settings import apply_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Workshop App")
    app.setApplicationName("Workshop App")
    app.setApplicationDisplayName("Workshop App")
    settings = QSettings()
    apply_settings(settings, app)
    ExceptionHook().install()
    library = Library(db or paths.default_db_path())
    window = MainWindow(library, settings)
    geometry = settings.value("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    last = settings.value("lastWorkshop")
    if last and any(w.id == last for w in library.workshops()):
        window.open_workshop(str(last))
    window.show()
    try:
        return int(app.exec())
    finally:
        library.close()  # closes its pooled connections, which checkpoints the WAL
