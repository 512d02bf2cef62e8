"""File → Connect to a team library…: where the shared library is, the password, TLS.

The dialog builds the library's address without the password (storage/team.py), tries one
connection (storage/server.py) and only then emits `chosen(url)`; the window switches to it
(ui/team_library.py). The password goes to the system keyring when asked and possible, else it
is kept in memory for this run (storage/credentials.py); it never reaches settings, logs, titles
or the recent list. Non-blocking: open(), never exec().
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.errors import UserError
from workshop_app.storage import credentials, location, server, team
from workshop_app.storage.team import TeamLibrary, Tls
from workshop_app.ui.widgets.labels import muted_label, section_title

RECENT_KEY = "teamLibraries/recent"
NO_KEYRING_SAID = "teamLibraries/noKeyringSaid"
RECENT_KEPT = 8

log = logging.getLogger(__name__)

Connect = Callable[[TeamLibrary, str | None], server.Reached]


def recent_team_libraries(settings: QSettings) -> list[str]:
    """The team libraries connected to lately, newest first: addresses without a password."""
    value = settings.value(RECENT_KEY, [])
    urls = [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    return [url for url in urls if location.is_team_url(url)]


def remember_team_library(settings: QSettings, url: str) -> None:
    library, _password = team.parse(url)
    clean = library.url()  # whatever came in, what is kept carries no password
    urls = [clean, *(u for u in recent_team_libraries(settings) if u != clean)]
    settings.setValue(RECENT_KEY, urls[:RECENT_KEPT])


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class TeamLibraryDialog(QDialog):
    """Connect to a team library, pick a recent one, or switch back to the own library."""

    #: The address (without password) of a library that answered; the window switches to it.
    chosen = Signal(str)
    #: "Switch to my own library": back to the SQLite library on this computer.
    own_library_requested = Signal()
    #: From the worker: what the server said (server.Reached, or a UserError).
    _answered = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        settings: QSettings,
        *,
        current: str | None = None,
        connect: Connect | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._connect = connect or server.try_connect
        self._trying: tuple[TeamLibrary, str] | None = None  # (library, typed password)
        self._worker: threading.Thread | None = None
        self._answered.connect(self._finish, Qt.ConnectionType.QueuedConnection)
        self.setWindowTitle("Connect to a team library")
        self.setObjectName("teamLibraryDialog")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(section_title("Connect to a team library"))
        layout.addWidget(
            muted_label(
                "A team library is a PostgreSQL database your CIO office shares. Its "
                "administrator gives you these details; the password stays off every list.",
                wrap=True,
            )
        )
        self.recent = QListWidget()
        self.recent.setObjectName("recentTeamLibraries")
        self.recent.setAccessibleName("Recent team libraries")
        for url in recent_team_libraries(settings):
            item = QListWidgetItem(team.display_name(url))
            item.setData(Qt.ItemDataRole.UserRole, url)
            item.setToolTip(url)
            self.recent.addItem(item)
        self.recent.currentItemChanged.connect(lambda item, _old: self._fill_from(item))
        self.recent.itemActivated.connect(lambda _item: self.try_connect())
        self.recent_label = muted_label("Recent team libraries")
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent)
        has_recent = self.recent.count() > 0
        self.recent_label.setVisible(has_recent)
        self.recent.setVisible(has_recent)
        layout.addLayout(self._build_form())
        self.note = muted_label(wrap=True)
        self.note.setObjectName("teamKeyringNote")
        self.note.hide()
        layout.addWidget(self.note)
        self.status = muted_label()
        self.status.setObjectName("teamConnecting")
        self.status.hide()
        layout.addWidget(self.status)
        self.error = QLabel()
        self.error.setObjectName("attention")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName("Why the connection did not work")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addLayout(self._build_buttons(current))
        self._offer_keyring()
        self._tls_changed()
        self._chain_tabs()
        self.host.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_recent()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._fit_recent()  # a larger text size makes the rows taller

    def _fit_recent(self) -> None:
        """As tall as its rows, three at most (then it scrolls), measured once styled."""
        count = self.recent.count()
        if not count:
            return
        self.recent.ensurePolished()
        self.recent.doItemsLayout()  # rows placed before the theme padded them would overlap
        # The theme pads each row (6 px above and below), which sizeHintForRow leaves out.
        row = max(self.recent.sizeHintForRow(0), self.recent.fontMetrics().height() + 14)
        rows = row * min(count, 3)
        # What the frame and the theme's padding take from the rows' room, as laid out now.
        chrome = max(self.recent.height() - self.recent.viewport().height(), 0)
        self.recent.setFixedHeight(rows + max(chrome, 2 * self.recent.frameWidth()) + 2)
        self.recent.scrollToTop()  # a row chosen while it was still small scrolled it
        current = self.recent.currentItem()
        if current is not None:
            self.recent.scrollToItem(current)

    # -- building ----------------------------------------------------------------------------
    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        server_row = QHBoxLayout()
        self.host = self._field("Server", "e.g. workshops-db.example.org")
        server_row.addWidget(self.host, 1)
        server_row.addWidget(QLabel("Port"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(team.DEFAULT_PORT)
        self.port.setAccessibleName("Port")
        server_row.addWidget(self.port)
        form.addRow(_label("&Server", self.host), server_row)
        self.database = self._field("Database", "e.g. workshops")
        form.addRow(_label("&Database", self.database), self.database)
        self.user = self._field("User name", "your own user name on the server")
        form.addRow(_label("&User name", self.user), self.user)
        self.password = self._field("Password", "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_label("&Password", self.password), self.password)
        self.tls = QComboBox()
        self.tls.setAccessibleName("TLS")
        for mode in Tls:
            self.tls.addItem(mode.label, mode.value)
        self.tls.currentIndexChanged.connect(lambda _i: self._tls_changed())
        form.addRow(_label("&TLS", self.tls), self.tls)
        ca_row = QHBoxLayout()
        self.ca_file = self._field("CA certificate file", "the CA file your administrator gave")
        ca_row.addWidget(self.ca_file, 1)
        self.ca_browse = QPushButton("Choose…")
        self.ca_browse.setAccessibleName("Choose the CA certificate file")
        self.ca_browse.setAutoDefault(False)
        self.ca_browse.clicked.connect(self._choose_ca)
        ca_row.addWidget(self.ca_browse)
        self.ca_label = _label("&CA certificate", self.ca_file)
        form.addRow(self.ca_label, ca_row)
        self.remember = QCheckBox("&Remember the password in the system keyring")
        self.remember.setChecked(True)
        form.addRow("", self.remember)
        return form

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(name)
        field.setPlaceholderText(placeholder)
        field.textEdited.connect(lambda _t: self.error.hide())
        return field

    def _build_buttons(self, current: str | None) -> QHBoxLayout:
        row = QHBoxLayout()
        self.own_button = QPushButton("Switch to my own library")
        self.own_button.setAccessibleName("Switch back to my own library on this computer")
        self.own_button.setAutoDefault(False)
        self.own_button.setEnabled(current is not None)
        self.own_button.clicked.connect(self._own_library)
        row.addWidget(self.own_button)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(
            "Connect", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.try_connect)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        return row

    def _chain_tabs(self) -> None:
        order: list[QWidget] = [
            self.host,
            self.port,
            self.database,
            self.user,
            self.password,
            self.tls,
            self.ca_file,
            self.ca_browse,
            self.remember,
            self.connect_button,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _offer_keyring(self) -> None:
        problem = credentials.keyring_problem()
        if problem is None:
            return
        self.remember.setChecked(False)
        self.remember.setEnabled(False)
        self.remember.setToolTip(problem)
        if not self.settings.value(NO_KEYRING_SAID, False, type=bool):
            self.settings.setValue(NO_KEYRING_SAID, True)  # said once
            self.note.setText(problem)
            self.note.show()

    # -- reacting ------------------------------------------------------------------------------
    def _tls_changed(self) -> None:
        verify = self.tls.currentData() == Tls.VERIFY_FULL.value
        for widget in (self.ca_file, self.ca_browse, self.ca_label):
            widget.setEnabled(verify)

    def _choose_ca(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "CA certificate",
            self.ca_file.text() or str(Path.home()),
            "Certificates (*.crt *.pem *.cer);;All files (*)",
        )
        if chosen:
            self.ca_file.setText(chosen)

    def _fill_from(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        try:
            library, _password = team.parse(str(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as exc:
            self.say(exc.message)
            return
        self.fill(library)

    def fill(self, library: TeamLibrary) -> None:
        """Put a library's details into the fields (a recent one, or one that asks again)."""
        self.host.setText(library.host)
        self.port.setValue(library.port)
        self.database.setText(library.database)
        self.user.setText(library.user)
        self.tls.setCurrentIndex(self.tls.findData(library.tls.value))
        self.ca_file.setText(library.ca_file)
        remembered = credentials.saved_password(library) is not None
        self.password.clear()
        self.password.setPlaceholderText("remembered" if remembered else "")
        self.error.hide()

    def library(self) -> TeamLibrary:
        """The library the fields describe, or TeamAddressError in one sentence."""
        return TeamLibrary(
            host=self.host.text().strip(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            port=self.port.value(),
            tls=Tls(self.tls.currentData()),
            ca_file=self.ca_file.text().strip() if self.tls.currentData() == "verify-full" else "",
        )

    def say(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def try_connect(self) -> bool:
        """Connect once with what was typed, on a worker so the window never waits for a server
        that does not answer; `_answered` finishes on this thread. False: nothing was tried."""
        if self._trying:
            return False
        try:
            library = self.library()
        except UserError as exc:
            self.say(exc.message)
            return False
        typed = self.password.text()
        password = typed or credentials.saved_password(library)
        self._trying = (library, typed)
        self.connect_button.setEnabled(False)
        self.error.hide()
        self.status.setText(f"Connecting to {library.host}…")
        self.status.show()
        worker = threading.Thread(
            target=self._reach, args=(library, password), name="team-connect", daemon=True
        )
        self._worker = worker
        worker.start()
        return True

    def _reach(self, library: TeamLibrary, password: str | None) -> None:
        try:
            outcome: object = self._connect(library, password)
        except UserError as exc:
            outcome = exc
        except Exception:  # a bug, not the server's answer: said plainly, logged
            log.exception("Connecting to a team library failed unexpectedly")
            outcome = UserError(
                f"The team library at {library.host}:{library.port} could not be opened. "
                "Check the details and try again."
            )
        with contextlib.suppress(RuntimeError):  # the dialog was closed meanwhile
            self._answered.emit(outcome)

    def _finish(self, outcome: object) -> None:
        trying, self._trying = self._trying, None
        self.connect_button.setEnabled(True)
        self.status.hide()
        if trying is None:
            return
        library, typed = trying
        if isinstance(outcome, UserError):
            self.say(outcome.message)
            self.password.setFocus()
            return
        if typed:  # a password from the keyring stays where it is
            credentials.remember(library, typed, in_keyring=self.remember.isChecked())
        self.password.clear()
        url = library.url()
        remember_team_library(self.settings, url)
        self.chosen.emit(url)
        self.accept()

    def wait(self) -> None:
        """Until the connection under way has answered (tests; closing)."""
        if self._worker is not None:
            self._worker.join()

    def done(self, result: int) -> None:
        self._trying = None  # an answer that comes after closing changes nothing
        super().done(result)

    def _own_library(self) -> None:
        self.own_library_requested.emit()
        self.accept()
