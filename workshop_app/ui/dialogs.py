"""Factories for every dialog and secondary window, so tests can build and drive them directly.

Each factory returns a non-modal widget that the caller shows with `open()`/`show()`; nothing here
blocks in `exec()`. Tests replace a factory with monkeypatch when they need to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox, QPushButton, QWidget

from workshop_app import __version__

if TYPE_CHECKING:
    from workshop_app.report.identity import Identity
    from workshop_app.storage.operations import Library
    from workshop_app.ui.backups import BackupsDialog, Restore
    from workshop_app.ui.company_goals import CompanyGoalsDialog, PickCompanyGoals
    from workshop_app.ui.presentation import PresentationWindow
    from workshop_app.ui.stages.export.passphrase import PassphraseDialog
    from workshop_app.ui.stages.signoff.audit import AuditLogDialog
    from workshop_app.ui.stages.signoff.identity_dialog import IdentityDialog
    from workshop_app.ui.stages.signoff.verify_dialog import VerdictDialog
    from workshop_app.ui.team_dialog import TeamLibraryDialog
    from workshop_app.ui.wall.window import StageWall
    from workshop_app.ui.window_base import AppWindow


def _message(parent: QWidget, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def _warning(window: QWidget, title: str, message: str) -> QMessageBox:
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Workshop App")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(f"<b>{title}</b>")
    box.setInformativeText(message)
    details = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if details is not None:  # a path is plain text, whatever characters it holds
        details.setTextFormat(Qt.TextFormat.PlainText)
        details.setMinimumWidth(440)
    return box


def database_check_result(window: AppWindow, problem: str | None) -> QMessageBox:
    """What File → Check database… found: all well, or the damage sentence with the way out."""
    box = _message(
        window,
        "Check database",
        problem or "The workshop database is intact: every page and every index checked out.",
    )
    box.setIcon(QMessageBox.Icon.Warning if problem else QMessageBox.Icon.Information)
    return box


def cannot_open(window: AppWindow, message: str) -> QMessageBox:
    """The workshop database cannot be used (damaged, foreign, newer…): the window closes after
    (unless `offer_restore` adds a way out)."""
    box = _warning(window, "Your workshops cannot be opened", message)
    box.setInformativeText(f"{message}\n\nWorkshop App closes when you close this message.")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def offer_restore(box: QMessageBox, message: str) -> QPushButton:
    """Add "Restore from a backup…" to the cannot-open message (when there are backups)."""
    box.setInformativeText(
        f"{message}\n\nRestore a backup, or close this message to close Workshop App."
    )
    restore = box.addButton("Restore from a backup…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(restore)
    return restore


def damage_notice(window: AppWindow, message: str) -> QMessageBox:
    """Something was found damaged or lost but the work can go on: say so, offer the backups."""
    box = _warning(window, "Some of your work may be damaged", message)
    box.addButton("Backups…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(box.addButton("Keep working", QMessageBox.ButtonRole.RejectRole))
    return box


def backups_dialog(window: AppWindow, db_path: Path, restore: Restore) -> BackupsDialog:
    from workshop_app.ui.backups import BackupsDialog

    return BackupsDialog(window, db_path, restore)


def notice(window: QWidget, title: str, text: str) -> QMessageBox:
    """A plain message the facilitator should not miss (an import that was refused)."""
    box = _message(window, title, text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def choose_import_file(window: QWidget) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getOpenFileName(
        window,
        "Import a workshop",
        str(Path.home()),
        "Workshop files (*.json *.pdf);;All files (*)",
    )
    return Path(chosen) if chosen else None


#: The save dialog's filters, one per system of record, in `HandoverFormat` order.
HANDOVER_FILTERS = {
    "jira": "Jira import (*.csv)",
    "servicenow": "ServiceNow import set (*.csv)",
    "xlsx": "Excel workbook (*.xlsx)",
}


def choose_handover_target(window: QWidget, suggested: Path) -> tuple[Path, str] | None:
    """Where to hand the decisions and action items over, and for which system (the filter
    chosen: "jira", "servicenow" or "xlsx")."""
    from PySide6.QtWidgets import QFileDialog

    chosen, chosen_filter = QFileDialog.getSaveFileName(
        window,
        "Hand over decisions and action items",
        str(suggested),
        ";;".join(HANDOVER_FILTERS.values()),
        HANDOVER_FILTERS["jira"],
    )
    if not chosen:
        return None
    system = next((k for k, v in HANDOVER_FILTERS.items() if v == chosen_filter), "jira")
    return Path(chosen), system


def choose_json_target(window: QWidget, suggested: Path) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getSaveFileName(
        window, "Export the workshop as JSON", str(suggested), "Workshop files (*.json)"
    )
    return Path(chosen) if chosen else None


def about_dialog(window: AppWindow) -> QMessageBox:
    return _message(
        window,
        "About Workshop App",
        f"Workshop App {__version__}\n\nFrom requests to aligned, signed-off decisions. "
        "Works fully offline; your workshops stay on this computer.",
    )


def shortcuts_dialog(window: AppWindow) -> QMessageBox:
    lines = []
    for action in window.actions_by_id.values():
        keys = ", ".join(k.toString() for k in action.shortcuts())
        if keys:
            lines.append(f"{keys}\t{action.text().replace('&', '')}")
    return _message(window, "Keyboard shortcuts", "\n".join(lines))


def command_palette(window: AppWindow) -> QDialog:
    from workshop_app.ui.palette import CommandPalette

    return CommandPalette(window)


def presentation(window: AppWindow) -> PresentationWindow:
    from workshop_app.ui.presentation import PresentationWindow

    return PresentationWindow.instance(window)


def stage_wall(window: AppWindow) -> StageWall:
    from workshop_app.ui.wall.window import StageWall

    return StageWall.instance(window)


def team_library_dialog(window: AppWindow, current: str | None) -> TeamLibraryDialog:
    """File → Connect to a team library… (`current`: the team library open now, if any)."""
    from workshop_app.ui.team_dialog import TeamLibraryDialog

    return TeamLibraryDialog(window, window.settings, current=current)


def settings_dialog(window: AppWindow) -> QDialog:
    from workshop_app.ui.settings_dialog import SettingsDialog

    return SettingsDialog(window)


def change_font_scale(window: AppWindow, factor: float) -> None:
    from workshop_app.ui.settings import set_font_scale

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_font_scale(window.settings, app, factor)


def export_passphrase(parent: QWidget, identity: Identity) -> PassphraseDialog:
    """Asks for the signing identity's passphrase before a signed export (Export stage)."""
    from workshop_app.ui.stages.export.passphrase import PassphraseDialog

    return PassphraseDialog(parent, identity)


def audit_log_dialog(
    parent: QWidget, library: Library, workshop_id: str, title: str = ""
) -> AuditLogDialog:
    """The audit log of one workshop revision (Sign-off stage). Non-modal: show() it."""
    from workshop_app.ui.stages.signoff.audit import AuditLogDialog

    return AuditLogDialog(parent, library.audit_log(workshop_id), title)


def identity_dialog(parent: QWidget) -> IdentityDialog:
    """See, create or import the signing identity that signs exported PDFs."""
    from workshop_app.ui.stages.signoff.identity_dialog import IdentityDialog

    return IdentityDialog(parent)


def verify_pdf_dialog(window: QWidget) -> VerdictDialog | None:
    """Ask for a summary PDF, check it, and return the verdict dialog (None when cancelled)."""
    from PySide6.QtWidgets import QFileDialog

    from workshop_app.ui.stages.signoff.verify_dialog import VerdictDialog

    chosen, _filter = QFileDialog.getOpenFileName(
        window, "Verify a summary PDF", str(Path.home()), "PDF files (*.pdf);;All files (*)"
    )
    return VerdictDialog(window, Path(chosen)) if chosen else None


def company_goals_dialog(parent: QWidget, library: Library) -> CompanyGoalsDialog:
    """Add, change (a new version) and retire the library's company goals. Non-modal."""
    from workshop_app.ui.company_goals import CompanyGoalsDialog

    return CompanyGoalsDialog(parent, library)


def pick_company_goals(
    parent: QWidget,
    library: Library,
    workshop_id: str,
    period: str = "",
    add: Callable[[dict[str, object]], str | None] | None = None,
    replace: Callable[[str, dict[str, object]], bool] | None = None,
    instead: str | None = None,
) -> PickCompanyGoals:
    """Search the library's current company goals and add them to a workshop, or put one in
    place of a template's goal (`replace`; `instead`: the one offered first). Non-modal."""
    from workshop_app.ui.company_goals import PickCompanyGoals

    return PickCompanyGoals(parent, library, workshop_id, period, add, replace, instead)
