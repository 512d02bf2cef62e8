"""The library's context menu, with "Take offline…" and "Bring back…" (storage/offline.py).

Taking offline copies the selected workshop from the open (team) library into a library on this
laptop, chosen with a file dialog, and marks it here; the list then says "Checked out to … since
…". Bringing back acts on an offline copy in the open (laptop) library: both sides are merged,
and when they conflict the conflicts dialog settles them before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from workshop_app import paths
from workshop_app.core.errors import UserError
from workshop_app.ui.widgets.text import one_line

if TYPE_CHECKING:
    from workshop_app.storage import offline
    from workshop_app.storage.operations import Library
    from workshop_app.ui.library.conflicts import ConflictsDialog
    from workshop_app.ui.library.page import LibraryPage


def conflicts_dialog(parent: QWidget, plan: offline.Plan) -> ConflictsDialog:
    """The factory of the conflicts dialog (non-modal: the caller open()s it; tests patch this
    or drive what it returns). Imported on first use, as the file dialog below: the menu is
    made at start, the dialogs only when someone takes a workshop offline or brings it back."""
    from workshop_app.ui.library.conflicts import ConflictsDialog

    return ConflictsDialog(parent, plan)


def choose_offline_library(parent: QWidget, suggested: Path) -> Path | None:
    """The library on this laptop a workshop is taken offline to: an existing one, or a new
    file (patched in tests)."""
    from PySide6.QtWidgets import QFileDialog

    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        "Take offline to a library on this laptop",
        str(suggested),
        "Workshop libraries (*.db *.sqlite3);;All files (*)",
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(chosen) if chosen else None


def origin_name(origin: str) -> str:
    """The library an offline copy came from, as a person reads it: the file's name, or the
    team library as user@host/database."""
    from workshop_app.storage import location, team

    return team.display_name(origin) if location.is_team_url(origin) else Path(origin).name


def offline_note(library: Library, workshop_id: str) -> str:
    """What the library says of a workshop taken offline from it, or of an offline copy in it."""
    from workshop_app.storage import offline

    try:
        taken = offline.mark(library, workshop_id)
        origin = None if taken else offline.origin_of(library, workshop_id)
    except UserError:
        return ""
    if taken is not None:
        return (
            f"{taken.sentence}: edits here still go on, and meet the offline copy when it "
            "comes back."
        )
    if origin is not None:
        return (
            f"An offline copy from {origin_name(origin)}: Bring back… (Shift+F10) returns it there."
        )
    return ""


class OfflineMenu:
    """The workshops table's context menu (right click, the menu key or Shift+F10)."""

    def __init__(self, page: LibraryPage) -> None:
        self.page = page
        self.menu = QMenu(page.table)
        self.open_action = self._action("&Open", page.open_selected)
        self.menu.addSeparator()
        self.take_action = self._action("Take &offline…", self.take_offline)
        self.bring_action = self._action("&Bring back…", self.bring_back)
        table = page.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_menu)
        shift_f10 = QAction(table)
        shift_f10.setShortcut("Shift+F10")
        shift_f10.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        shift_f10.triggered.connect(lambda: self.show_menu(QPoint(8, 8)))
        table.addAction(shift_f10)
        #: The conflicts dialog while one is open (tests drive it).
        self.dialog: object | None = None

    def _action(self, text: str, handler: Callable[[], None]) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(handler)
        return action

    def update(self) -> None:
        """Which of the menu's actions fit the selected workshop."""
        from workshop_app.storage import offline

        ws_id = self.page.selected_id()
        copy = ws_id is not None and offline.origin_of(self.page.library, ws_id) is not None
        marked = ws_id is not None and offline.mark(self.page.library, ws_id) is not None
        self.open_action.setEnabled(ws_id is not None)
        self.take_action.setEnabled(ws_id is not None and not copy and not marked)
        self.bring_action.setEnabled(copy)

    def show_menu(self, where: QPoint) -> None:
        if self.page.selected_id() is None:
            return
        self.update()
        self.menu.popup(self.page.table.viewport().mapToGlobal(where))

    # -- taking offline ----------------------------------------------------------------------
    def take_offline(self) -> None:
        from workshop_app.storage import offline
        from workshop_app.storage.operations import Library

        page = self.page
        ws_id = page.selected_id()
        if ws_id is None:
            return
        here = page.library.path
        suggested = paths.default_db_path()
        if suggested.expanduser().resolve() == here:
            suggested = here.with_name("offline-workshops.db")
        target = choose_offline_library(page, suggested)
        if target is None:
            return
        who, place = offline.this_laptop()
        try:
            local = Library(target)
            try:
                # Where it came from: this library's file, or its server's address.
                title = offline.check_out(page.library, local, ws_id, who=who, place=place)
            finally:
                local.close()
        except UserError as exc:
            page.show_problem(f"Taking it offline failed: {exc.message}")
            return
        page.after_change(ws_id)
        page.selection_note.setText(
            f"“{one_line(title, 60)}” is offline in {target.name}; edits here still go on "
            "and meet the offline copy when it comes back."
        )

    # -- bringing back -----------------------------------------------------------------------
    def bring_back(self) -> None:
        from workshop_app.storage import offline
        from workshop_app.storage.operations import Library

        page = self.page
        ws_id = page.selected_id()
        origin = None if ws_id is None else offline.origin_of(page.library, ws_id)
        if ws_id is None or origin is None:
            return
        try:
            source = Library(origin)  # the one way a library is opened, by path or address
        except UserError as exc:
            page.show_problem(f"The library it came from cannot be opened: {exc.message}")
            return
        try:
            plan = offline.plan(page.library, source, ws_id)
        except UserError as exc:
            source.close()
            page.show_problem(f"Bringing it back failed: {exc.message}")
            return
        if not plan.merge.conflicts:
            self._finish(source, ws_id, {})
            return
        dialog = conflicts_dialog(page, plan)
        dialog.settled.connect(lambda choices: self._finish(source, ws_id, choices))
        dialog.rejected.connect(source.close)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _finish(self, source: Library, ws_id: str, choices: dict[str, str]) -> None:
        from workshop_app.storage import offline

        page = self.page
        try:
            plan = offline.plan(page.library, source, ws_id, choices)
            new_id = offline.check_in(page.library, source, plan)
        except UserError as exc:
            page.show_problem(f"Bringing it back failed: {exc.message}")
            return
        finally:
            source.close()
        page.forget(ws_id)  # the copy left this library
        page.after_change()
        where = origin_name(plan.origin)
        more = " The changes are its next revision there." if new_id else ""
        page.selection_note.setText(
            f"“{one_line(plan.title, 60)}” is back in {where}: {plan.merge.summary()}{more}"
        )
