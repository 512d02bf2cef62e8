"""File → Connect to a team library… against a real PostgreSQL server (tests/postgres.py), on
its unix socket: the dialog reaches it, the window switches to it and shows what the connected
role may do — a viewer's window reads only — and a password typed once goes to the keyring,
while a wrong one is one sentence in the dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.keyring_memory import MemoryKeyring
from tests.postgres import PASSWORD, PASSWORD_ROLE, Roles, Server
from tests.ui.helpers import make_window
from tests.ui.test_backups_and_files import OPEN_TIMEOUT_MS, _recording
from workshop_app.core.demo import demo_workshop
from workshop_app.storage import credentials, team
from workshop_app.storage.operations import Library
from workshop_app.ui.actions import ActionId
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import CURRENT_TEAM_LIBRARY_KEY
from workshop_app.ui.team_dialog import TeamLibraryDialog


def _socket(server: Server) -> str:
    folder = server.socket_folder
    if folder is None:
        pytest.skip("The test server is not on a unix socket here")
    return folder


def _connect(
    qtbot: QtBot, window: MainWindow, made: list[TeamLibraryDialog], fields: dict[str, str]
) -> TeamLibraryDialog:
    """Open the dialog from the File menu, type the fields, press Enter in the password."""
    window.actions_by_id[ActionId.CONNECT].trigger()
    dialog = made[-1]
    qtbot.waitUntil(dialog.isVisible)
    for name, value in fields.items():
        getattr(dialog, name).setText(value)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def _opened_on(qtbot: QtBot, window: MainWindow, url: str) -> Library:
    opening = window.opening
    qtbot.waitUntil(
        lambda: opening.location == url and opening.is_finished(), timeout=OPEN_TIMEOUT_MS
    )
    assert opening.error is None, opening.error
    qtbot.waitUntil(lambda: len(window.library_page.summaries) >= 1, timeout=OPEN_TIMEOUT_MS)
    return opening.library()


def test_connecting_as_a_viewer_opens_the_window_on_the_team_library_read_only(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
    team_roles: Roles,
    pg_server: Server,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _socket(pg_server)
    made = _recording(monkeypatch, "team_library_dialog")
    window = make_window(qtbot, library, tmp_path)
    assert not window.read_only_banner.isVisible()
    fields = {"host": folder, "database": team_roles.database, "user": team_roles.viewer}
    dialog = _connect(qtbot, window, made, fields)
    url = team.TeamLibrary(folder, team_roles.database, team_roles.viewer).url()
    opened = _opened_on(qtbot, window, url)
    assert not dialog.isVisible()
    assert opened.writable is False and opened.actor == team_roles.viewer
    assert [s.title for s in window.library_page.summaries] == [demo_workshop().title]
    assert window.read_only_banner.isVisible() and window.read_only
    assert not window.library_page.new_button.isVisible()
    assert window.settings.value(CURRENT_TEAM_LIBRARY_KEY) == url  # the next start opens it again
    window.grab().save("/tmp/team-connect-viewer.png")
    window.opening.switch_to(tmp_path / "own.sqlite3")  # lets go of the server's connections
    qtbot.waitUntil(window.opening.is_finished, timeout=OPEN_TIMEOUT_MS)


def test_a_wrong_password_is_one_sentence_and_the_right_one_goes_to_the_keyring(
    qtbot: QtBot,
    library: Library,
    tmp_path: Path,
    pg_server: Server,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _socket(pg_server)
    target = pg_server.new_database()
    database = target.partition("?")[0].rsplit("/", 1)[1]
    pg_server.run_in(
        target,
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {PASSWORD_ROLE}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {PASSWORD_ROLE}",
    )
    seeded = Library(target)
    seeded.create_workshop("Behind a password")
    seeded.close()
    made = _recording(monkeypatch, "team_library_dialog")
    window = make_window(qtbot, library, tmp_path)
    try:
        fields = {"host": folder, "database": database, "user": PASSWORD_ROLE}
        dialog = _connect(qtbot, window, made, {**fields, "password": "wrong p@ss"})
        qtbot.waitUntil(dialog.error.isVisible, timeout=OPEN_TIMEOUT_MS)
        said = dialog.error.text()
        assert f"did not accept the user name “{PASSWORD_ROLE}”" in said and "p@ss" not in said
        assert memory_keyring.passwords == {}  # a refused password is never kept
        dialog.grab().save("/tmp/team-connect-wrong-password.png")
        dialog.password.setText(PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        url = team.TeamLibrary(folder, database, PASSWORD_ROLE).url()
        opened = _opened_on(qtbot, window, url)
        assert opened.writable is True and opened.actor == PASSWORD_ROLE
        key = team.TeamLibrary(folder, database, PASSWORD_ROLE).key()
        assert memory_keyring.passwords == {(credentials.SERVICE, key): PASSWORD}
        assert not window.read_only_banner.isVisible()
        window.opening.switch_to(tmp_path / "own.sqlite3")
        qtbot.waitUntil(window.opening.is_finished, timeout=OPEN_TIMEOUT_MS)
    finally:
        pg_server.drop(target)
