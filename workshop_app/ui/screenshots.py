"""`workshop-app screenshots DIR`: every screen of a workshop as PNG, rendered off screen.

Renders the workshops library and each stage at 1366×768 (the smallest screen we promise), the
Decide stage's action items and the command palette, presentation mode at 1920×1080, first in
the light theme and then again in the dark one. Without --workshop it uses the sample workshop in
a temporary database, so nothing of the user's is touched. No window appears on screen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMessageLogContext,
    QSettings,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from workshop_app import paths
from workshop_app.core import model as m
from workshop_app.core.demo import demo_workshop
from workshop_app.core.errors import NotFoundError, UserError
from workshop_app.storage.operations import Library
from workshop_app.ui.app import display_available
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.palette import CommandPalette
from workshop_app.ui.presentation import PresentationWindow
from workshop_app.ui.theme import apply_theme

WINDOW = (1366, 768)
THEMES = ("light", "dark")


def _quiet_offscreen_notes(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Rendering off-screen, Qt notes each window it cannot raise or resize: noise, not news."""
    if message.startswith("This plugin does not support"):
        return
    if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        sys.stderr.write(f"{message}\n")


def _application() -> QApplication:
    """The running QApplication, or a new off-screen one when there is no display."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if not display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qInstallMessageHandler(_quiet_offscreen_notes)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Workshop App")
    return app


@contextmanager
def theme_restored(app: QApplication) -> Iterator[None]:
    """Themes are app-wide: put back whatever was there (tests share one application)."""
    saved = (
        app.styleSheet(),
        app.palette(),
        app.font(),
        app.style().name(),
        app.property("themeDark"),
    )
    try:
        yield
    finally:
        sheet, palette, font, style, dark = saved
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setPalette(palette)
        app.setFont(font)
        app.setProperty("themeDark", dark)


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def render_screenshots(
    out_dir: Path, db: str | None = None, workshop_id: str | None = None
) -> list[Path]:
    """Render the screens of a workshop to PNG files in `out_dir`; returns their paths."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UserError(f"{out_dir} is a file; give a folder for the screenshots.") from None
    except OSError as exc:
        raise UserError(f"Cannot create the folder {out_dir}: {exc.strerror}.") from None
    app = _application()
    with tempfile.TemporaryDirectory(prefix="workshop-screenshots-") as scratch:
        folder = Path(scratch)
        if workshop_id is None:
            library = Library(folder / "sample.sqlite3", make_backup=False)
            workshop_id = library.add_workshop(demo_workshop())
        else:
            library = Library(db or paths.default_db_path(), make_backup=False)
            if not any(w.id == workshop_id for w in library.workshops()):
                library.close()
                raise NotFoundError(f"There is no workshop with the id {workshop_id}.")
        settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
        written: list[Path] = []
        try:
            with theme_restored(app):
                for theme in THEMES:
                    apply_theme(app, theme)
                    written += _render_theme(out_dir, theme, library, workshop_id, settings)
        finally:
            library.close()
    return written


class _Shots:
    def __init__(self, out_dir: Path, theme: str) -> None:
        self.out_dir, self.theme = out_dir, theme
        self.written: list[Path] = []

    def path(self, name: str) -> Path:
        return self.out_dir / f"{self.theme}-{len(self.written) + 1:02d}-{name}.png"

    def save(self, widget: QWidget, name: str) -> None:
        _settle()
        path = self.path(name)
        if not widget.grab().save(str(path)):
            raise UserError(f"Could not write {path}; check that the folder is writable.")
        self.written.append(path)


def _render_theme(
    out_dir: Path, theme: str, library: Library, workshop_id: str, settings: QSettings
) -> list[Path]:
    shots = _Shots(out_dir, theme)
    window = MainWindow(library, settings)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(*WINDOW)
    window.show()
    try:
        window.show_library()
        shots.save(window, "library")
        window.open_workshop(workshop_id)
        for stage in window.stages:
            window.go_to_stage(stage.key)
            for view in stage.views:
                stage.show_view(view)
                shots.save(window, f"{stage.key}-{view}" if view else stage.key)
            stage.show_view("")
        window.go_to_stage("decide")
        palette = CommandPalette(window)
        palette.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        palette.show()
        palette.query.setText("")  # every command with its shortcut
        shots.save(palette, "palette")
        palette.close()
        session = window.session
        assert session is not None
        presentation = PresentationWindow.instance(window)
        slides = session.workshop.requests[:1]
        if theme == "light":
            slides += _declined(session.workshop)
        for number, request in enumerate(slides, start=1):
            path = shots.path(f"presentation-{number}")
            if not presentation.snapshot(session, request.id).save(str(path)):
                raise UserError(f"Could not write {path}; check that the folder is writable.")
            shots.written.append(path)
    finally:
        window.close()
        window.deleteLater()
        _settle()
    return shots.written


def _declined(ws: m.Workshop) -> list[m.Request]:
    """A declined request, if any: a respectable outcome worth showing on the wall."""
    return [r for r in ws.requests[1:] if ws.decision_for(r.id).kind is m.DecisionKind.DECLINE][:1]
