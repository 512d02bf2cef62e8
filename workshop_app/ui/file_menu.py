"""File → Backups…, Import… and Export JSON…, and what the window does when the database or a
workshop in it turns out to be damaged: offer the backups rather than point to the command line.

The same operations as the command line: `Library.restore_backup` (or `backup.restore` when the
database could not be opened at all), `workshop_file.import_file`, `Library.export_json`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from workshop_app.core.errors import UserError
from workshop_app.storage import location
from workshop_app.ui import dialogs
from workshop_app.ui.widgets.text import one_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from workshop_app.ui.backups import BackupsDialog, Restore
    from workshop_app.ui.window_base import AppWindow

    _Done = Callable[[AppWindow, str], None]


def show_backups(window: AppWindow) -> BackupsDialog | QMessageBox:
    """The backups of the open database; restoring one reloads the library. A team library's
    backups are the server's own: the window says so."""
    library = window.library
    if library.backend.server:
        box = dialogs.notice(window, "Backups", location.SERVER_BACKUPS)
        box.open()
        return box
    return _open_backups(window, library.path, library.restore_backup, _after_restore)


def _open_backups(window: AppWindow, db_path: Path, restore: Restore, done: _Done) -> BackupsDialog:
    dialog = dialogs.backups_dialog(window, db_path, restore)
    dialog.restored.connect(lambda message: done(window, message))
    dialog.open()
    return dialog


def _after_restore(window: AppWindow, message: str) -> None:
    # Every open workshop and every undo step referred to the content that was just replaced.
    for workshop_id in list(window.sessions):
        window.forget_workshop(workshop_id)
    window.library_page.undo_stack.clear()
    window.show_library()
    window.statusBar().showMessage(message, 15_000)


def cannot_open(window: AppWindow, message: str) -> QMessageBox:
    """The database cannot be used: say why, offer its backups if it has any, else close."""
    from workshop_app.storage.backup import backups, restore

    path = window.opening.path  # a team library's backups are the server's own
    if path is None:
        return _team_library_unavailable(window, message)
    box = dialogs.cannot_open(window, message)
    db_path = path.expanduser().resolve()
    if backups(db_path):
        dialogs.offer_restore(box, message)

    def closed(_result: int) -> None:
        if box.buttonRole(box.clickedButton()) is not QMessageBox.ButtonRole.ActionRole:
            window.close()
            return
        dialog = _open_backups(
            window, db_path, lambda path: restore(path, db_path), _reopen_after_restore
        )
        # Closed without restoring: the database still cannot be used.
        dialog.rejected.connect(window.close)

    box.finished.connect(closed)
    box.open()
    return box


def _team_library_unavailable(window: AppWindow, message: str) -> QMessageBox:
    """A team library that cannot be opened: back to the own library, or try again."""
    from workshop_app.ui import team_library

    box = dialogs.notice(window, "The team library cannot be opened", message)
    own = box.addButton("Switch to my own library", QMessageBox.ButtonRole.AcceptRole)
    again = box.addButton("Connect again…", QMessageBox.ButtonRole.ActionRole)
    box.setDefaultButton(own)

    def closed(_result: int) -> None:
        team_library.switch_library(window, team_library.own_library())
        if box.clickedButton() is again:
            team_library.connect_dialog(window).open()

    box.finished.connect(closed)
    box.open()
    return box


def _reopen_after_restore(window: AppWindow, message: str) -> None:
    window.library_page.opening_again()
    window.opening.retry()
    window.statusBar().showMessage(message, 15_000)


def warn_of_damage(window: AppWindow, message: str) -> QMessageBox:
    """Damage was found (a workshop's content, lost edits) but work can go on: say so plainly
    and offer the backups; the facilitator may also keep working with what is there."""
    box = dialogs.damage_notice(window, message)

    def closed(_result: int) -> None:
        if box.buttonRole(box.clickedButton()) is QMessageBox.ButtonRole.ActionRole:
            show_backups(window)

    box.finished.connect(closed)
    box.open()
    return box


def report_open_warnings(window: AppWindow) -> None:
    """What opening the database noticed but did not stop it (edits lost with a -wal file)."""
    library = window.library
    warnings, library.warnings = library.warnings, []  # said once
    for warning in warnings:
        warn_of_damage(window, warning)


def check_workshop(window: AppWindow, workshop_id: str) -> None:
    """A workshop being opened is checked against its seals (storage/seal.py), and the
    facilitator warned when it is taken offline (storage/offline.py)."""
    problem = window.library.content_problem(workshop_id)
    if problem is not None:
        warn_of_damage(window, problem)
    from workshop_app.storage import offline

    taken = offline.mark(window.library, workshop_id)
    if taken is not None:  # a warning, never a block: both sides meet when the copy returns
        window.statusBar().showMessage(
            f"⚠ {taken.sentence}. Edits here are kept and met with the offline copy when it "
            "comes back.",
            15_000,
        )


def import_workshop(window: AppWindow) -> str | None:
    """Import a workshop file (JSON, or a summary PDF) and open it; returns its id."""
    from workshop_app.services import workshop_file

    path = dialogs.choose_import_file(window)
    if path is None:
        return None
    try:
        imported = workshop_file.import_file(window.library, path)
    except UserError as exc:
        dialogs.notice(window, "The workshop was not imported", exc.message).open()
        return None
    workshop_id = imported.workshop_id
    window.show_library()
    window.open_workshop(workshop_id)
    title = one_line(window.library.workshop(workshop_id).title, 80)
    if imported.note:  # it came in as a draft, or on a signature's word: say so plainly
        dialogs.notice(window, f"Imported “{title}”", imported.note).open()
    window.statusBar().showMessage(f"Imported “{title}” from {path.name}.", 10_000)
    return workshop_id


def export_json(window: AppWindow) -> Path | None:
    """Save the open workshop as interchange JSON; returns where it went."""
    from workshop_app.core.files import write_atomically
    from workshop_app.report.export import default_file_name
    from workshop_app.ui.settings import export_folder

    session = window.session
    if session is None:
        return None
    window.flush_edits()
    name = Path(default_file_name(session.workshop)).with_suffix(".json").name
    target = dialogs.choose_json_target(window, export_folder(window.settings) / name)
    if target is None:
        return None
    try:
        text = window.library.export_json(session.workshop_id)
        written = write_atomically(target, text.encode("utf-8"))
    except UserError as exc:
        dialogs.notice(window, "The workshop was not exported", exc.message).open()
        return None
    window.statusBar().showMessage(f"Exported to {written}.", 10_000)
    return written


def hand_over(window: AppWindow) -> Path | None:
    """Save the open workshop's decisions and action items for Jira or ServiceNow (CSV), or as
    an Excel workbook; returns where they went."""
    from workshop_app.core.handover import HandoverFormat
    from workshop_app.report.handover import export_handover, handover_file_name
    from workshop_app.ui.settings import export_folder

    session = window.session
    if session is None:
        return None
    window.flush_edits()
    workshop = session.workshop
    suggested = export_folder(window.settings) / handover_file_name(workshop, HandoverFormat.JIRA)
    chosen = dialogs.choose_handover_target(window, suggested)
    if chosen is None:
        return None
    target, system = chosen
    fmt = HandoverFormat(system)
    # The suggested name says "jira": another system chosen in the dialog renames it.
    stem = target.stem if target.suffix.lower() in (".csv", ".xlsx") else target.name
    if stem.endswith(" - jira"):
        stem = stem.removesuffix(" - jira") + f" - {fmt.value}"
    target = target.with_name(stem + fmt.suffix)
    try:
        written = export_handover(workshop, fmt, target)
    except UserError as exc:
        dialogs.notice(window, "Nothing was handed over", exc.message).open()
        return None
    undecided = sum(1 for r in workshop.requests if workshop.decision_for(r.id).kind is None)
    left_out = (
        f" {undecided} request{'' if undecided == 1 else 's'} without a decision stayed out."
        if undecided and fmt is not HandoverFormat.XLSX
        else ""
    )
    window.statusBar().showMessage(f"{fmt.label}: saved to {written}.{left_out}", 15_000)
    return written
