"""Switching the window between the own library (SQLite, on this computer) and a team library
(PostgreSQL, shared): File → Connect to a team library…, and the empty library's offer.

Whatever was open closes first: every workshop's session and undo history belong to the library
they were read from. The new library opens on the worker, as at start-up (ui/opening.py), and
the window applies what the connected person may do once it is open (MainWindow.apply_access).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workshop_app import paths
from workshop_app.storage import team
from workshop_app.storage.location import is_team_url
from workshop_app.ui import dialogs
from workshop_app.ui.settings import CURRENT_TEAM_LIBRARY_KEY
from workshop_app.ui.team_dialog import TeamLibraryDialog

if TYPE_CHECKING:
    from workshop_app.ui.window_base import AppWindow


def connect_dialog(window: AppWindow) -> TeamLibraryDialog:
    """The dialog, wired to switch the window; the caller opens it."""
    location = window.opening.location
    current = str(location) if is_team_url(location) else None
    dialog = dialogs.team_library_dialog(window, current)
    dialog.chosen.connect(lambda url: switch_library(window, url))
    dialog.own_library_requested.connect(lambda: switch_library(window, own_library()))
    return dialog


def own_library() -> Path:
    """The library on this computer: WORKSHOP_APP_DB, else the user's data folder."""
    return paths.default_db_path()


def switch_library(window: AppWindow, location: str | Path) -> None:
    """Close what is open and open the library at `location` (a file or a team address)."""
    window.flush_edits()
    for workshop_id in list(window.sessions):
        window.forget_workshop(workshop_id)
    window.library_page.undo_stack.clear()
    is_team = is_team_url(location)
    window.settings.setValue(CURRENT_TEAM_LIBRARY_KEY, str(location) if is_team else "")
    window.settings.remove("lastWorkshop")  # it belongs to the library left behind
    window.library_page.opening_again()
    window.opening.switch_to(location)
    window.show_library()
    name = team.display_name(str(location)) if is_team else "your own library"
    window.statusBar().showMessage(f"Opening {name}…", 8_000)
