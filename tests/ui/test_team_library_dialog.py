"""File → Connect to a team library…: typed, tabbed and entered like any form; the password
reaches the (in-memory) keyring and never a setting, a list or the address."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.keyring_memory import MemoryKeyring, NoKeyring
from workshop_app.storage import credentials, server
from workshop_app.storage.team import TeamLibrary, Tls
from workshop_app.ui.settings import CURRENT_TEAM_LIBRARY_KEY
from workshop_app.ui.team_dialog import (
    TeamLibraryDialog,
    recent_team_libraries,
    remember_team_library,
)

SECRET = "p@ss:w/rd%42"


def test_the_window_does_not_wait_for_a_server_that_does_not_answer(
    qtbot, settings: QSettings
) -> None:
    import threading

    answer = threading.Event()

    def slow(library: TeamLibrary, password: str | None) -> server.Reached:
        answer.wait(10)
        raise server.ConnectionRefusedByServerError("Nothing answers at db:5432.")

    dialog = TeamLibraryDialog(None, settings, connect=slow)
    qtbot.addWidget(dialog)
    dialog.show()
    for field, text in ((dialog.host, "db"), (dialog.database, "w"), (dialog.user, "u")):
        field.setText(text)
    assert dialog.try_connect()
    assert not dialog.connect_button.isEnabled() and dialog.status.isVisible()
    assert not dialog.try_connect()  # one at a time
    dialog.host.setText("typing goes on")  # the event loop is free meanwhile
    answer.set()
    _settle(qtbot, dialog)
    assert dialog.error.text() == "Nothing answers at db:5432."
    assert dialog.connect_button.isEnabled() and not dialog.status.isVisible()


class FakeServer:
    """Stands in for `server.try_connect`: records what it was asked, answers or refuses."""

    def __init__(self, refusal: str | None = None, writable: bool = True) -> None:
        self.calls: list[tuple[TeamLibrary, str | None]] = []
        self.refusal = refusal
        self.writable = writable

    def __call__(self, library: TeamLibrary, password: str | None) -> server.Reached:
        self.calls.append((library, password))
        if self.refusal is not None:
            raise server.ConnectionRefusedByServerError(self.refusal)
        return server.Reached(library.user, self.writable)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _dialog(qtbot, settings: QSettings, fake: FakeServer, current: str | None = None):
    dialog = TeamLibraryDialog(None, settings, current=current, connect=fake)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _settle(qtbot, dialog: TeamLibraryDialog) -> None:
    """Until the connection tried on the worker has answered and the dialog has taken it."""
    dialog.wait()
    qtbot.waitUntil(lambda: dialog._trying is None)


def _type(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def _tab(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_typing_tab_by_tab_and_enter_connects_without_the_password_in_the_address(
    qtbot, settings: QSettings, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    fake = FakeServer()
    dialog = _dialog(qtbot, settings, fake)
    seen = []
    dialog.chosen.connect(seen.append)
    assert QApplication.focusWidget() is dialog.host
    _type(qtbot, "db.example.org")
    _tab(qtbot)
    assert QApplication.focusWidget() is dialog.port
    qtbot.keyClick(dialog.port, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type(qtbot, "6543")
    _tab(qtbot)
    assert QApplication.focusWidget() is dialog.database
    _type(qtbot, "workshops")
    _tab(qtbot)
    assert QApplication.focusWidget() is dialog.user
    dialog.user.insert("Zoë@cio")  # keyClicks cannot type non-ASCII
    _tab(qtbot)
    assert QApplication.focusWidget() is dialog.password
    _type(qtbot, SECRET)
    _tab(qtbot)
    assert QApplication.focusWidget() is dialog.tls
    qtbot.keyClick(dialog.tls, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.status.text() == "Connecting to db.example.org…"
    _settle(qtbot, dialog)

    library, password = fake.calls[-1]
    assert library == TeamLibrary(
        host="db.example.org", port=6543, database="workshops", user="Zoë@cio"
    )
    assert password == SECRET
    assert seen == ["postgresql://Zo%C3%AB%40cio@db.example.org:6543/workshops"]
    assert not dialog.isVisible()
    assert memory_keyring.passwords == {
        ("Workshop App", "Zoë@cio@db.example.org:6543/workshops"): SECRET
    }
    settings.sync()
    stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert "p@ss" not in stored and "p%40ss" not in stored and "rd%42" not in stored
    assert recent_team_libraries(settings) == seen


def test_a_refusal_is_one_sentence_and_the_dialog_stays(qtbot, settings: QSettings) -> None:
    sentence = "Nothing answers at db:5432. Check the server name and port, and the network."
    dialog = _dialog(qtbot, settings, FakeServer(refusal=sentence))
    dialog.host.setText("db")
    dialog.database.setText("w")
    dialog.user.setText("ana")
    dialog.password.setText("x")
    qtbot.keyClick(dialog.user, Qt.Key.Key_Return)
    _settle(qtbot, dialog)
    assert dialog.isVisible() and dialog.connect_button.isEnabled()
    assert dialog.error.isVisible() and dialog.error.text() == sentence
    assert QApplication.focusWidget() is dialog.password
    dialog.host.setFocus()
    qtbot.keyClick(dialog.host, Qt.Key.Key_X)
    assert not dialog.error.isVisible()  # typing again clears it


def test_missing_details_are_named_before_any_connection(qtbot, settings: QSettings) -> None:
    fake = FakeServer()
    dialog = _dialog(qtbot, settings, fake)
    qtbot.keyClick(dialog.host, Qt.Key.Key_Return)
    assert dialog.error.text() == "Give the server's name or address."
    dialog.host.setText("db")
    dialog.database.setText("w")
    dialog.user.setText("u")
    dialog.tls.setCurrentIndex(dialog.tls.findData(Tls.VERIFY_FULL.value))
    qtbot.keyClick(dialog.host, Qt.Key.Key_Return)
    assert "CA certificate" in dialog.error.text()
    assert fake.calls == []


def test_verify_full_asks_for_the_ca_file(
    qtbot, settings: QSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ca = tmp_path / "cio office CA.pem"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(ca), "Certificates"))
    )
    fake = FakeServer()
    dialog = _dialog(qtbot, settings, fake)
    assert not dialog.ca_file.isEnabled() and not dialog.ca_browse.isEnabled()
    dialog.tls.setCurrentIndex(dialog.tls.findData(Tls.VERIFY_FULL.value))
    assert dialog.ca_file.isEnabled()
    qtbot.mouseClick(dialog.ca_browse, Qt.MouseButton.LeftButton)
    assert dialog.ca_file.text() == str(ca)
    dialog.host.setText("db.example.org")
    dialog.database.setText("w")
    dialog.user.setText("u")
    assert dialog.try_connect()
    _settle(qtbot, dialog)
    library, _password = fake.calls[-1]
    assert library.tls is Tls.VERIFY_FULL and library.ca_file == str(ca)
    assert "sslmode=verify-full&sslrootcert=" in recent_team_libraries(settings)[0]


def test_without_a_keyring_it_says_so_once_and_asks_each_time(qtbot, settings: QSettings) -> None:
    keyring.set_keyring(NoKeyring())
    fake = FakeServer()
    first = _dialog(qtbot, settings, fake)
    assert not first.remember.isEnabled() and not first.remember.isChecked()
    assert first.note.isVisible() and "ask for it each time" in first.note.text()
    first.host.setText("db")
    first.database.setText("w")
    first.user.setText("u")
    first.password.setText("typed")
    assert first.try_connect()  # nothing raised for want of a keyring
    _settle(qtbot, first)
    assert not first.isVisible()
    assert credentials.password_for("postgresql://u@db:5432/w") == "typed"  # this run only
    second = _dialog(qtbot, settings, fake)
    assert not second.note.isVisible()  # said once
    assert second.remember.toolTip() == credentials.NO_KEYRING


def test_recent_libraries_fill_the_form_and_the_own_library_is_one_click_back(
    qtbot, settings: QSettings
) -> None:
    url = "postgresql://ana@db.example.org:5432/workshops?sslmode=require"
    remember_team_library(
        settings, "postgresql://ana:leaked@db.example.org:5432/workshops?sslmode=require"
    )
    assert recent_team_libraries(settings) == [url]  # a pasted password never lands there
    credentials.remember(
        TeamLibrary(host="db.example.org", database="workshops", user="ana", tls=Tls.REQUIRE),
        "kept",
        in_keyring=True,
    )
    fake = FakeServer()
    dialog = _dialog(qtbot, settings, fake, current=url)
    assert dialog.recent.count() == 1
    assert dialog.recent.item(0).text() == "ana@db.example.org/workshops"
    dialog.recent.setCurrentRow(0)
    assert dialog.host.text() == "db.example.org" and dialog.user.text() == "ana"
    assert dialog.tls.currentData() == Tls.REQUIRE.value
    assert dialog.password.text() == "" and dialog.password.placeholderText() == "remembered"
    qtbot.keyClick(dialog.recent, Qt.Key.Key_Return)
    _settle(qtbot, dialog)
    assert fake.calls[-1][1] == "kept"  # from the keyring
    again = _dialog(qtbot, settings, fake, current=url)
    back = []
    again.own_library_requested.connect(lambda: back.append(True))
    assert again.own_button.isEnabled()
    qtbot.mouseClick(again.own_button, Qt.MouseButton.LeftButton)
    assert back == [True]
    assert not _dialog(qtbot, settings, fake).own_button.isEnabled()  # already on the own
    assert settings.value(CURRENT_TEAM_LIBRARY_KEY, "") == ""


def test_the_dialog_at_1366x768(qtbot, settings: QSettings, tmp_path: Path) -> None:
    """A picture of the dialog over the window's size, for a person to look at."""
    remember_team_library(settings, "postgresql://maria@workshops-db.example.org/workshops")
    dialog = _dialog(qtbot, settings, FakeServer())
    dialog.host.setText("workshops-db.example.org")
    dialog.database.setText("workshops")
    dialog.user.setText("maria")
    dialog.password.setText("secret")
    dialog.tls.setCurrentIndex(dialog.tls.findData(Tls.VERIFY_FULL.value))
    dialog.ca_file.setText("/home/maria/certificates/cio-office-ca.pem")
    dialog.say(
        "The server's certificate was not signed by that CA certificate, so the "
        "connection was not trusted. Check the CA file with your administrator."
    )
    dialog.adjustSize()
    assert dialog.width() <= 1366 and dialog.height() <= 768
    image = dialog.grab()
    assert image.save(str(Path("/tmp") / "team-library-dialog.png"))
    for field in (dialog.host, dialog.database, dialog.user, dialog.ca_file):
        assert field.width() >= field.fontMetrics().horizontalAdvance(field.text()[:20])


def test_the_file_menu_connects_and_a_library_that_cannot_open_offers_the_own_one(
    qtbot, library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.helpers import make_window
    from workshop_app.ui import dialogs
    from workshop_app.ui.actions import ActionId

    fake = FakeServer()
    made: list[TeamLibraryDialog] = []

    def factory(window, current):
        made.append(TeamLibraryDialog(window, window.settings, current=current, connect=fake))
        return made[-1]

    monkeypatch.setattr(dialogs, "team_library_dialog", factory)
    window = make_window(qtbot, library, tmp_path)
    window.actions_by_id[ActionId.CONNECT].trigger()
    dialog = made[-1]
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.own_button.isEnabled()  # the own library is open
    dialog.host.setText("db.example.org")
    dialog.database.setText("workshops")
    dialog.user.setText("maria")
    dialog.password.setText("pw")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    # No server answers to that name here: the opening fails, and the window offers the way
    # back instead of closing.
    qtbot.waitUntil(
        lambda: (
            isinstance(QApplication.activeModalWidget(), QMessageBox)
            or any(
                isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
            )
        )
    )
    box = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )
    assert "pw" not in box.text() + box.informativeText()
    assert (
        window.settings.value(CURRENT_TEAM_LIBRARY_KEY)
        == "postgresql://maria@db.example.org:5432/workshops"
    )
    own = next(b for b in box.buttons() if b.text() == "Switch to my own library")
    opened = []
    window.opening.finished.connect(lambda: opened.append(True))
    own.click()
    qtbot.waitUntil(lambda: bool(opened))
    assert window.opening.error is None
    assert window.settings.value(CURRENT_TEAM_LIBRARY_KEY) == ""
    assert window.isVisible() and not window.read_only_banner.isVisible()
    window.opening.stop()
    window.opening.wait()


def test_an_empty_library_offers_a_team_library(
    qtbot, library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.helpers import make_window
    from workshop_app.ui import dialogs

    made: list[TeamLibraryDialog] = []

    def factory(window, current):
        made.append(
            TeamLibraryDialog(window, window.settings, current=current, connect=FakeServer())
        )
        return made[-1]

    monkeypatch.setattr(dialogs, "team_library_dialog", factory)
    window = make_window(qtbot, library, tmp_path)
    page = window.library_page
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.first_run)
    button = page.first_run.connect_button
    assert button.isVisible() and button.text() == "Connect to a team library…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    try:
        assert made and made[-1].isVisible()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is made[-1].host)
    finally:
        made[-1].reject()
